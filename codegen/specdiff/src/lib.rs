//! Breaking-change classification between two versions of an OpenAPI description.
