//! The `x-pagination` extension: how an operation is paginated, read with the operation
//! (before anything is printed); `pagination.rs` prints the `*_pages` / `*_items` methods.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// The operation extension that describes its pagination.
pub const EXTENSION: &str = "x-pagination";

/// How an operation is paginated (the value of [`EXTENSION`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "style", rename_all = "lowercase")]
pub enum Pagination {
    /// The response names the next page (a cursor), which the next request sends.
    Cursor(Cursor),
    /// The request names the index of its first item and the page size.
    Offset(Offset),
}

/// Cursor pagination (Intercom: `starting_after` ← `pages.next.starting_after`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cursor {
    /// JSON pointer of the array of items in the success body, e.g. `/data`.
    pub items: String,
    /// JSON pointer of the next page's cursor in the success body, e.g.
    /// `/pages/next/starting_after`; absent, `null` or empty on the last page.
    pub next: String,
    /// Where the next request sends the cursor.
    pub cursor: CursorTarget,
}

/// Where a cursor goes in a request: exactly one of the two.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CursorTarget {
    /// A string query parameter of the operation, e.g. `starting_after`.
    pub query: Option<String>,
    /// A JSON pointer into the request body, e.g. `/pagination/starting_after`.
    pub body: Option<String>,
}

/// Offset pagination (Zoho Desk: `from` + `limit`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offset {
    /// JSON pointer of the array of items in the success body, e.g. `/data`.
    pub items: String,
    /// The query parameter holding the index of the first item, e.g. `from`.
    pub offset: String,
    /// The query parameter holding the page size, e.g. `limit`. The stream ends on a page
    /// shorter than it (when the caller sets it) or on an empty page.
    pub limit: String,
    /// The index of the first item when the caller sends no offset (default 0).
    #[serde(default)]
    pub start: u64,
}

/// Reads the operation's [`EXTENSION`], if any (`at`: the operation's pointer).
///
/// # Errors
/// A value that is not one of the two styles, with unknown keys, or with pointers that do not
/// start with `/`.
pub fn read(extensions: &indexmap::IndexMap<String, Value>, at: &str, file: &Path) -> Result<Option<Pagination>> {
    let Some(value) = extensions.get(EXTENSION) else { return Ok(None) };
    let at = format!("{at}/{EXTENSION}");
    let fail = |message: String| {
        Error::new(
            file,
            &at,
            message,
            "write `style: cursor` with `items`, `next` and `cursor: {query | body}`, or `style: offset` with `items`, `offset`, `limit` and optionally `start` (docs/using.md: Pagination)",
        )
    };
    let pagination: Pagination =
        serde_json::from_value(value.clone()).map_err(|err| fail(format!("invalid `{EXTENSION}`: {err}")))?;
    let pointers: Vec<&String> = match &pagination {
        Pagination::Cursor(c) => {
            if c.cursor.query.is_some() == c.cursor.body.is_some() {
                return Err(fail("`cursor` needs exactly one of `query` and `body`".to_owned()));
            }
            [Some(&c.items), Some(&c.next), c.cursor.body.as_ref()].into_iter().flatten().collect()
        }
        Pagination::Offset(o) => vec![&o.items],
    };
    if let Some(bad) = pointers.iter().find(|p| !p.starts_with('/')) {
        return Err(fail(format!("{bad:?} is not a JSON pointer into the body (it starts with `/`)")));
    }
    Ok(Some(pagination))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_value(value: Value) -> Result<Option<Pagination>> {
        let extensions = indexmap::IndexMap::from([(EXTENSION.to_owned(), value)]);
        read(&extensions, "/paths/~1items/get", Path::new("spec.yaml"))
    }

    #[test]
    fn reads_both_styles_and_nothing_without_the_extension() {
        assert_eq!(read(&indexmap::IndexMap::new(), "/p", Path::new("s")).unwrap(), None);
        let cursor =
            read_value(json!({"style": "cursor", "items": "/data", "next": "/next", "cursor": {"query": "after"}}));
        assert!(matches!(cursor.unwrap(), Some(Pagination::Cursor(c)) if c.cursor.query.as_deref() == Some("after")));
        let offset = read_value(json!({"style": "offset", "items": "/data", "offset": "from", "limit": "limit"}));
        assert!(matches!(offset.unwrap(), Some(Pagination::Offset(o)) if o.start == 0 && o.offset == "from"));
    }

    #[test]
    fn a_bad_setting_names_the_pointer_and_the_fix() {
        for (value, says) in [
            (json!({"style": "pages"}), "invalid `x-pagination`"),
            (
                json!({"style": "cursor", "items": "/d", "next": "/n", "cursor": {}}),
                "exactly one of `query` and `body`",
            ),
            (json!({"style": "offset", "items": "data", "offset": "from", "limit": "limit"}), "is not a JSON pointer"),
            (json!({"style": "offset", "items": "/d", "offset": "from", "limit": "l", "extra": 1}), "unknown field"),
        ] {
            let error = read_value(value).unwrap_err().to_string();
            assert!(error.contains(says), "{error}");
            assert!(error.contains("/paths/~1items/get/x-pagination"), "{error}");
            assert!(error.contains("spec.yaml"), "{error}");
        }
    }
}
