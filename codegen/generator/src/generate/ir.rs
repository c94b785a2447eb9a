//! The typed model of an API as generation sees it, complete when reading returns: the
//! operations (names, HTTP method, path, parameters, request bodies by media type, replies by
//! status, pagination) and the client (servers, security, headers). No tokens: the
//! printers read this; every set of choices is an enum.

use serde_json::Value;

use super::security::Security;
use crate::manifest::HeaderSetting;

/// A schema of an operation, by its place in the batch of [`SchemaRequest`]s that reading
/// records and conversion (`schema.rs`) turns into JSON Schema, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaRef(pub usize);

/// A schema reading found, to be converted after every operation is read.
#[derive(Debug, Clone)]
pub enum SchemaRequest {
    /// An operation's own schema (a parameter, a request body, a part, a response), named
    /// after it (`<prefix>_body`, …), at `pointer`.
    Operation {
        /// The schema as written.
        schema: Value,
        /// The name its hoisted types take.
        name: String,
        /// Its JSON pointer.
        pointer: String,
    },
    /// The schema of a response component (`x-response-component`), shared by the operations
    /// that use it.
    SharedResponse {
        /// The component's name.
        component: String,
        /// The schema as written.
        schema: Value,
        /// Its JSON pointer (in the component).
        pointer: String,
    },
    /// No schema given (a body or JSON response without one): any value, `{}`.
    Empty,
}

/// An HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    /// The method of a path item's key (`get`, `post`, …); `None` for any other key.
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "get" => Self::Get,
            "put" => Self::Put,
            "post" => Self::Post,
            "delete" => Self::Delete,
            "options" => Self::Options,
            "head" => Self::Head,
            "patch" => Self::Patch,
            "trace" => Self::Trace,
            _ => return None,
        })
    }

    /// The method as HTTP writes it (`GET`), which is also the name of its `reqwest::Method`
    /// constant.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The status a response is documented for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// One status, e.g. 200.
    Code(u16),
    /// A range by its first digit: `Range(4)` is `4XX`, 400–499.
    Range(u16),
    /// `default`: any status not documented otherwise.
    Default,
}

impl Status {
    /// Whether the status is a success (2xx, or the `2XX` range).
    pub fn is_success(self) -> bool {
        match self {
            Self::Code(code) => (200..300).contains(&code),
            Self::Range(digit) => digit == 2,
            Self::Default => false,
        }
    }
}

impl std::fmt::Display for Status {
    /// The status as a key of `responses` writes it: `200`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Range(digit) => write!(f, "{digit}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path parameter: a positional argument, percent-encoded into the path.
    Path,
    /// A query parameter: a field of the operation's params struct.
    Query,
    /// A header parameter: a field of the operation's params struct.
    Header,
}

/// How an array query parameter is written into the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryArray {
    /// `explode: true`: the parameter is repeated, `a=1&a=2`.
    Repeat,
    /// `explode: false`: one parameter with the values joined, `a=1,2`.
    Join(Separator),
}

/// The separator of a joined array query parameter, by its `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `form`: `,`.
    Comma,
    /// `spaceDelimited`: a space.
    Space,
    /// `pipeDelimited`: `|`.
    Pipe,
}

impl Separator {
    /// The separator's text.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Comma => ",",
            Self::Space => " ",
            Self::Pipe => "|",
        }
    }
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name in the spec.
    pub name: String,
    /// Where it goes.
    pub location: Location,
    /// Whether the spec requires it.
    pub required: bool,
    /// Its description.
    pub doc: Option<String>,
    /// Its schema.
    pub schema: SchemaRef,
    /// A `style: form, explode: true` object query parameter: its properties
    /// become query parameters of their own.
    pub flatten: bool,
    /// Whether an array value repeats the parameter (`explode`, by default for `form`).
    pub explode: bool,
    /// The separator of an array value's joined items (by `style`).
    pub separator: Separator,
    /// Described by `content` with a JSON media type instead of `schema`: the value is sent
    /// as JSON text.
    pub json: bool,
}

/// A response of an operation.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status it is documented for.
    pub status: Status,
    /// How its body is read (by media type).
    pub media: Media,
    /// The schema of its JSON body (`Media::Json`; [`SchemaRequest::Empty`] when the content
    /// has no schema).
    pub schema: Option<SchemaRef>,
    /// The media type a server sends it in: the JSON one read for `Media::Json`, else the
    /// first listed (`None` without content).
    pub media_type: Option<String>,
    /// The response's description.
    pub doc: String,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId.
    pub id: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The `Client` method's name and the prefix of the operation's type names, unique
    /// among the operations (see [`helpdesk_spec::naming::operation_names`]).
    pub names: helpdesk_spec::naming::OperationNames,
    /// The path template.
    pub path: String,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    /// Summary and description.
    pub doc: String,
    /// The first tag (decides the operation's cargo feature).
    pub tag: Option<String>,
    /// Whether the spec deprecates it.
    pub deprecated: bool,
    /// Parameters, path ones in template order first.
    pub params: Vec<Param>,
    /// The request body in each media type the method family sends: the first is the
    /// method's, each other has a method of its own (`<method>_<kind>`).
    pub bodies: Vec<Body>,
    /// Documented success responses (2xx).
    pub success: Vec<Reply>,
    /// Documented error responses (other statuses and `default`).
    pub errors: Vec<Reply>,
    /// How the operation is paginated (`x-pagination`), if it is.
    pub pagination: Option<super::paging::Pagination>,
}

impl Operation {
    /// The method name: snake case of the operationId, unique among the operations and
    /// the client's own methods.
    pub fn method_name(&self) -> String {
        self.names.method.clone()
    }

    /// The prefix of the operation's own type names: UpperCamel of the operationId, unique
    /// among the operations.
    pub fn type_prefix(&self) -> String {
        self.names.prefix.clone()
    }
}

/// How a request body is sent, by its media type.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// `application/json` (and `+json`): the typed body serialised as JSON.
    Json {
        /// The body's schema.
        schema: SchemaRef,
    },
    /// `application/x-www-form-urlencoded`: the typed body's fields as `key=value` pairs.
    Form {
        /// The body's schema.
        schema: SchemaRef,
    },
    /// `multipart/form-data` with an object schema: a parts struct, one field per property.
    Multipart {
        /// The parts in the order the schema lists its properties.
        parts: Vec<Part>,
    },
    /// `multipart/form-data` whose schema lists no properties: the caller builds the form.
    MultipartAny,
    /// Any other media type (`application/octet-stream`, `text/plain`, `*/*`, …): bytes,
    /// text or a stream, sent as is.
    Raw {
        /// The `Content-Type` sent; `None` for a wildcard media type (`*/*`, `image/*`),
        /// where the caller names it.
        content_type: Option<String>,
    },
}

impl BodyKind {
    /// The suffix of the method that sends this kind when it is not the operation's
    /// first choice (`create_file_multipart`).
    pub fn method_suffix(&self) -> &'static str {
        match self {
            BodyKind::Json { .. } => "json",
            BodyKind::Form { .. } => "form",
            BodyKind::Multipart { .. } | BodyKind::MultipartAny => "multipart",
            BodyKind::Raw { .. } => "bytes",
        }
    }

    /// Rank of preference when a body offers several media types: JSON first, then
    /// multipart, form and raw bytes.
    pub fn rank(&self) -> u8 {
        match self {
            BodyKind::Json { .. } => 0,
            BodyKind::Multipart { .. } | BodyKind::MultipartAny => 1,
            BodyKind::Form { .. } => 2,
            BodyKind::Raw { .. } => 3,
        }
    }
}

/// A request body in one media type.
#[derive(Debug, Clone)]
pub struct Body {
    /// The media type as the spec writes it.
    pub media_type: String,
    /// How it is sent.
    pub kind: BodyKind,
    /// Whether the spec requires the body.
    pub required: bool,
    /// JSON pointer of the media type object.
    pub pointer: String,
}

/// What a part of a `multipart/form-data` body carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A value sent as text (its schema's type).
    Value,
    /// One file (`format: binary`).
    File,
    /// An array of files.
    Files,
}

/// One part of a `multipart/form-data` body: a property of its schema.
#[derive(Debug, Clone)]
pub struct Part {
    /// The property (and part) name.
    pub name: String,
    /// Whether the schema requires it.
    pub required: bool,
    /// What it carries.
    pub kind: PartKind,
    /// The schema of a value part (`None` for file parts).
    pub schema: Option<SchemaRef>,
    /// The part's media type from the `encoding` object.
    pub content_type: Option<String>,
    /// The property's description.
    pub doc: Option<String>,
}

/// What a response body is read as, by its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// No content: `()`.
    Empty,
    /// JSON: the typed body.
    Json,
    /// `text/*` (but `text/csv`): a `String`.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`, `application/pdf`,
    /// `text/csv`, `*/*`): bytes, or a stream.
    Bytes,
}

/// A server a client can be pointed at.
#[derive(Debug, Clone)]
pub struct Server {
    /// The `Server` variant's name (from the manifest, or `default`, `server_1`, …).
    pub name: String,
    /// Its URL, which may be relative (`/api/v3`).
    pub url: String,
    /// What it is.
    pub description: String,
}

/// What the client needs to know about the provider.
pub struct ClientSpec {
    /// Provider title, e.g. `Intercom`.
    pub title: String,
    /// Selectable servers. Empty when neither the spec nor the manifest names one: the
    /// builder then requires a base URL. A URL may be relative (`/api/v3`): it is resolved
    /// against the document URL the caller gives.
    pub servers: Vec<Server>,
    /// Where the token goes, and the schemes it does not cover.
    pub security: Security,
    /// Provider-wide headers.
    pub headers: Vec<HeaderSetting>,
}

impl ClientSpec {
    /// Whether the caller must give a base URL (or a document URL): no server, or a relative one.
    pub fn needs_base_url(&self) -> bool {
        self.servers.is_empty() || self.servers.iter().any(|server| !is_absolute(&server.url))
    }
}

/// Whether a server URL is absolute (has an RFC 3986 scheme, such as `https:`).
pub fn is_absolute(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A webhook the spec declares (`webhooks` of OpenAPI 3.1, or the extension `x-webhooks`, which
/// a 3.0 spec or an overlay may author): a request the provider sends to its users, whose JSON
/// request body is the payload.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The webhook's name (its key in `webhooks`).
    pub name: String,
    /// JSON pointer of its operation in the spec (`/webhooks/<name>/post`, `/x-webhooks/…`).
    pub pointer: String,
    /// Summary and description.
    pub doc: String,
    /// The payload's schema (`{}` when the request body has no JSON schema).
    pub schema: SchemaRef,
    /// The payload's string properties (through `$ref` and `allOf`), each with the one value
    /// its schema pins (`const`, or an `enum` of one string), if it pins one.
    pub properties: std::collections::BTreeMap<String, Option<String>>,
    /// Whether a delivery is a JSON array of such events (the request body's schema is an
    /// array whose `items` is the event's schema, read as [`Webhook::schema`]).
    pub batched: bool,
    /// Every property the payload declares (through `$ref` and `allOf`), whatever its type.
    pub declared: std::collections::BTreeSet<String>,
}
