//! Percent-encoding of path parameters, so that a value can never change the path.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986 "unreserved" characters is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes one path parameter value as a single path segment.
///
/// `/`, `?`, `#`, `%`, spaces and every other reserved or non-ASCII character
/// are percent-encoded, so an id such as `a/b?c` stays inside its segment.
///
/// # Errors
/// Returns a message naming `name` when the value is empty, `.` or `..`:
/// URL parsers resolve those segments (even percent-encoded), so they would
/// address another resource.
pub fn path_segment(name: &str, value: &str) -> Result<String, String> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(format!("path parameter `{name}` must not be empty, `.` or `..` (got {value:?})"));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

#[cfg(test)]
mod tests {
    use super::path_segment;

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(path_segment("id", "a/b?c#d e").unwrap(), "a%2Fb%3Fc%23d%20e");
        assert_eq!(path_segment("id", "100%").unwrap(), "100%25");
        assert_eq!(path_segment("id", "BKT-001_x.y~z").unwrap(), "BKT-001_x.y~z");
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for bad in ["", ".", ".."] {
            let err = path_segment("ticket_id", bad).unwrap_err();
            assert!(err.contains("`ticket_id`"), "{err}");
        }
    }
}
