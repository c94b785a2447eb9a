//! Pagination: the lazily fetched streams behind the generated `*_pages` and `*_items` methods.
//!
//! Generated code describes one paginated operation with closures (fetch a page with given
//! arguments, read the next cursor or the item count of a page, write the cursor or offset
//! into the next arguments); this module turns them into a [`Stream`] that requests a page
//! only when the previous one has been consumed. Every page goes through the operation's own
//! method, so retries, timeouts and tracing apply per page. An error is yielded and ends the
//! stream (there is no next page to ask for); the stream ends after the last page and never
//! requests the same page twice: a cursor the server already gave, or an offset that does
//! not move forward, ends it with [`Error::InvalidRequest`].

use std::collections::HashSet;
use std::future::Future;

use futures::stream::{self, Stream, StreamExt};

use crate::error::{Error, Response};
use crate::nullable::Nullable;

/// Where a stream stands between two pages.
enum Step<S> {
    /// The next page is requested with these arguments.
    Fetch(S),
    /// The previous page was yielded; the next request cannot be built for this reason.
    Fail(String),
    /// The last page was yielded (or an error was).
    Done,
}

/// The pages of a cursor-paginated operation: the first request uses `first`; each page's
/// cursor (`cursor_of`, `None` or empty at the end) is written into a copy of the arguments by
/// `set_cursor` for the next request.
pub fn cursor_pages<'a, S, T, E, Fetch, Fut>(
    first: S,
    fetch: Fetch,
    cursor_of: impl Fn(&T) -> Option<String> + 'a,
    set_cursor: impl Fn(&mut S, String) -> Result<(), String> + 'a,
) -> impl Stream<Item = Result<Response<T>, Error<E>>> + 'a
where
    S: Clone + 'a,
    T: 'a,
    E: 'a,
    Fetch: FnMut(S) -> Fut + 'a,
    Fut: Future<Output = Result<Response<T>, Error<E>>> + 'a,
{
    let mut seen = HashSet::new();
    pages(first, fetch, move |request: &S, page: &T| {
        let Some(cursor) = cursor_of(page).filter(|c| !c.is_empty()) else { return Ok(None) };
        if !seen.insert(cursor.clone()) {
            return Err(format!(
                "the server gave the pagination cursor {cursor:?} a second time; the stream ends rather than request a page again"
            ));
        }
        let mut next = request.clone();
        set_cursor(&mut next, cursor)?;
        Ok(Some(next))
    })
}

/// How an offset-paginated operation is read and written.
pub struct Offsets<S, T> {
    /// The index of the first item when the caller sets no offset (0 or 1).
    pub start: u64,
    /// The offset the arguments ask for, if set.
    pub offset: fn(&S) -> Option<u64>,
    /// The page size the arguments ask for, if set.
    pub limit: fn(&S) -> Option<u64>,
    /// Writes an offset into the arguments.
    pub set_offset: fn(&mut S, u64),
    /// The number of items of a page.
    pub count: fn(&T) -> usize,
}

/// The pages of an offset-paginated operation: each next request starts after the items
/// received so far; the stream ends on an empty page, or on a page shorter than the limit
/// when the arguments set one.
pub fn offset_pages<'a, S, T, E, Fetch, Fut>(
    first: S,
    fetch: Fetch,
    offsets: Offsets<S, T>,
) -> impl Stream<Item = Result<Response<T>, Error<E>>> + 'a
where
    S: Clone + 'a,
    T: 'a,
    E: 'a,
    Fetch: FnMut(S) -> Fut + 'a,
    Fut: Future<Output = Result<Response<T>, Error<E>>> + 'a,
{
    pages(first, fetch, move |request: &S, page: &T| {
        let count = (offsets.count)(page) as u64;
        let limit = (offsets.limit)(request);
        if count == 0 || limit.is_some_and(|limit| count < limit) {
            return Ok(None);
        }
        let offset = (offsets.offset)(request).unwrap_or(offsets.start);
        let next_offset = offset.checked_add(count).ok_or("the pagination offset overflows")?;
        let mut next = request.clone();
        (offsets.set_offset)(&mut next, next_offset);
        Ok(Some(next))
    })
}

/// The pages of any paginated operation: `next` gives the arguments of the page after `page`
/// (requested with `request`), `None` at the end, or why they cannot be built.
fn pages<'a, S, T, E, Fetch, Fut, Next>(
    first: S,
    fetch: Fetch,
    next: Next,
) -> impl Stream<Item = Result<Response<T>, Error<E>>> + 'a
where
    S: Clone + 'a,
    T: 'a,
    E: 'a,
    Fetch: FnMut(S) -> Fut + 'a,
    Fut: Future<Output = Result<Response<T>, Error<E>>> + 'a,
    Next: FnMut(&S, &T) -> Result<Option<S>, String> + 'a,
{
    stream::unfold((Step::Fetch(first), fetch, next), |(step, mut fetch, mut next)| async move {
        match step {
            Step::Done => None,
            Step::Fail(reason) => Some((Err(Error::InvalidRequest(reason)), (Step::Done, fetch, next))),
            Step::Fetch(request) => match fetch(request.clone()).await {
                Ok(page) => {
                    let step = match next(&request, &page.body) {
                        Ok(Some(following)) => Step::Fetch(following),
                        Ok(None) => Step::Done,
                        Err(reason) => Step::Fail(reason),
                    };
                    Some((Ok(page), (step, fetch, next)))
                }
                Err(err) => Some((Err(err), (Step::Done, fetch, next))),
            },
        }
    })
}

/// The items of a stream of pages, in order: a page's items are yielded before the next page
/// is requested; an error is yielded as it comes.
pub fn items<'a, T, I, E>(
    pages: impl Stream<Item = Result<Response<T>, Error<E>>> + 'a,
    items_of: fn(T) -> Vec<I>,
) -> impl Stream<Item = Result<I, Error<E>>> + 'a
where
    T: 'a,
    I: 'a,
    E: 'a,
{
    pages.flat_map(move |page| {
        let items: Vec<Result<I, Error<E>>> = match page {
            Ok(page) => items_of(page.body).into_iter().map(Ok).collect(),
            Err(err) => vec![Err(err)],
        };
        stream::iter(items)
    })
}

/// A field that holds the list of items of a page, whatever its optionality.
pub trait ItemList {
    /// The item type.
    type Item;
    /// The number of items.
    fn count(&self) -> usize;
    /// The items.
    fn into_list(self) -> Vec<Self::Item>;
}

impl<T> ItemList for Vec<T> {
    type Item = T;
    fn count(&self) -> usize {
        self.len()
    }
    fn into_list(self) -> Vec<T> {
        self
    }
}

impl<T> ItemList for Option<Vec<T>> {
    type Item = T;
    fn count(&self) -> usize {
        self.as_ref().map_or(0, Vec::len)
    }
    fn into_list(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

impl<T> ItemList for Nullable<Vec<T>> {
    type Item = T;
    fn count(&self) -> usize {
        self.as_option().map_or(0, Vec::len)
    }
    fn into_list(self) -> Vec<T> {
        self.into_option().unwrap_or_default()
    }
}

/// A field that may hold no value (`Option`, [`Nullable`]), read on the way to a cursor.
pub trait Maybe {
    /// The value type.
    type Value;
    /// The value, if present.
    fn value(&self) -> Option<&Self::Value>;
    /// The value, if present, by value.
    fn into_value(self) -> Option<Self::Value>;
}

impl<T> Maybe for Option<T> {
    type Value = T;
    fn value(&self) -> Option<&T> {
        self.as_ref()
    }
    fn into_value(self) -> Option<T> {
        self
    }
}

impl<T> Maybe for Nullable<T> {
    type Value = T;
    fn value(&self) -> Option<&T> {
        self.as_option()
    }
    fn into_value(self) -> Option<T> {
        self.into_option()
    }
}

/// A query parameter that carries an offset or a page size: an integer, or the digits of one
/// (providers whose spec types numbers as strings).
pub trait OffsetValue {
    /// The number, if the value is one (negative values and non-digits are not).
    fn offset(&self) -> Option<u64>;
    /// The value for a number.
    fn from_offset(offset: u64) -> Self;
}

impl OffsetValue for String {
    fn offset(&self) -> Option<u64> {
        self.trim().parse().ok()
    }
    fn from_offset(offset: u64) -> Self {
        offset.to_string()
    }
}

impl OffsetValue for i64 {
    fn offset(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
    fn from_offset(offset: u64) -> Self {
        i64::try_from(offset).unwrap_or(i64::MAX)
    }
}

impl OffsetValue for i32 {
    fn offset(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
    fn from_offset(offset: u64) -> Self {
        i32::try_from(offset).unwrap_or(i32::MAX)
    }
}

impl OffsetValue for u64 {
    fn offset(&self) -> Option<u64> {
        Some(*self)
    }
    fn from_offset(offset: u64) -> Self {
        offset
    }
}

/// Writes `cursor` at the JSON pointer `at` of a request body (`/pagination/starting_after`),
/// creating the objects on the way, by a round trip through JSON.
///
/// # Errors
/// The body does not serialise to an object, or the result no longer deserialises as `B`.
pub fn set_body_cursor<B>(body: &mut B, at: &str, cursor: String) -> Result<(), String>
where
    B: serde::Serialize + serde::de::DeserializeOwned,
{
    let mut value = serde_json::to_value(&*body).map_err(|err| format!("cannot serialise the request body: {err}"))?;
    let mut node = &mut value;
    let tokens: Vec<String> = at.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    for (index, token) in tokens.iter().enumerate() {
        if node.is_null() {
            *node = serde_json::Value::Object(serde_json::Map::new());
        }
        let serde_json::Value::Object(map) = node else {
            return Err(format!("the request body has no object at {at} to hold the pagination cursor"));
        };
        if index + 1 == tokens.len() {
            map.insert(token.clone(), serde_json::Value::String(cursor));
            break;
        }
        node = map.entry(token.clone()).or_insert(serde_json::Value::Null);
    }
    *body =
        serde_json::from_value(value).map_err(|err| format!("the request body with the cursor is invalid: {err}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use futures::StreamExt;
    use reqwest::header::HeaderMap;
    use reqwest::StatusCode;

    use super::{cursor_pages, items, offset_pages, Offsets};
    use crate::{Error, Response};

    fn response<T>(body: T) -> Response<T> {
        Response { status: StatusCode::OK, headers: HeaderMap::new(), body }
    }

    type Page = (Vec<u32>, Option<String>);

    fn run<T>(stream: impl futures::Stream<Item = T>) -> Vec<T> {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(stream.collect())
    }

    #[test]
    fn cursor_pages_are_fetched_lazily_until_the_last_and_errors_end_the_stream() {
        let requested = Rc::new(RefCell::new(Vec::new()));
        let log = requested.clone();
        let fetch = move |cursor: Option<String>| {
            log.borrow_mut().push(cursor.clone());
            async move {
                match cursor.as_deref() {
                    None => Ok(response((vec![1, 2], Some("b".to_owned())))),
                    Some("b") => Ok(response((vec![3], Some("c".to_owned())))),
                    Some("c") => Ok(response((vec![4], None))),
                    _ => Err(Error::<()>::InvalidRequest("unknown cursor".to_owned())),
                }
            }
        };
        let pages = cursor_pages(
            None,
            fetch,
            |page: &Page| page.1.clone(),
            |s, c| {
                *s = Some(c);
                Ok(())
            },
        );
        let all: Vec<u32> = run(items(pages, |page: Page| page.0)).into_iter().map(Result::unwrap).collect();
        assert_eq!(all, [1, 2, 3, 4]);
        assert_eq!(*requested.borrow(), [None, Some("b".to_owned()), Some("c".to_owned())]);

        // A repeated cursor ends the stream with an error after the page that gave it.
        let fetch = |cursor: Option<String>| async move {
            Ok::<_, Error<()>>(response((vec![7], {
                let _ = cursor;
                Some("x".to_owned())
            })))
        };
        let pages = cursor_pages(
            None,
            fetch,
            |page: &Page| page.1.clone(),
            |s, c| {
                *s = Some(c);
                Ok(())
            },
        );
        let results = run(pages);
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok() && results[1].is_ok());
        assert!(matches!(&results[2], Err(Error::InvalidRequest(m)) if m.contains("second time")));
    }

    #[test]
    fn offset_pages_stop_on_a_short_or_empty_page() {
        #[derive(Clone, Debug, PartialEq)]
        struct Args {
            from: Option<String>,
            limit: Option<String>,
        }
        let offsets = || Offsets {
            start: 0,
            offset: |a: &Args| a.from.as_ref().and_then(|f| f.parse().ok()),
            limit: |a: &Args| a.limit.as_ref().and_then(|l| l.parse().ok()),
            set_offset: |a: &mut Args, o| a.from = Some(o.to_string()),
            count: |page: &Vec<u32>| page.len(),
        };
        let requested = Rc::new(RefCell::new(Vec::new()));
        let log = requested.clone();
        let fetch = move |args: Args| {
            log.borrow_mut().push(args.from.clone());
            let start: u32 = args.from.as_deref().unwrap_or("0").parse().unwrap();
            let page: Vec<u32> = (start..(start + 2).min(5)).collect();
            async move { Ok::<_, Error<()>>(response(page)) }
        };
        let first = Args { from: None, limit: Some("2".to_owned()) };
        let all: Vec<u32> =
            run(items(offset_pages(first, fetch, offsets()), |p| p)).into_iter().map(Result::unwrap).collect();
        assert_eq!(all, [0, 1, 2, 3, 4]);
        assert_eq!(*requested.borrow(), [None, Some("2".to_owned()), Some("4".to_owned())]);

        // Without a limit, only an empty page ends it.
        let fetch = |args: Args| {
            let start: u32 = args.from.as_deref().unwrap_or("0").parse().unwrap();
            async move { Ok::<_, Error<()>>(response(if start < 3 { vec![start] } else { vec![] })) }
        };
        let pages = run(offset_pages(Args { from: None, limit: None }, fetch, offsets()));
        assert_eq!(pages.len(), 4);
    }

    #[test]
    fn body_cursors_are_written_through_json() {
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
        struct Body {
            query: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pagination: Option<Paging>,
        }
        #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
        struct Paging {
            per_page: Option<u32>,
            starting_after: Option<String>,
        }
        let mut body = Body { query: "q".into(), pagination: None };
        super::set_body_cursor(&mut body, "/pagination/starting_after", "abc".into()).unwrap();
        assert_eq!(body.pagination, Some(Paging { per_page: None, starting_after: Some("abc".into()) }));
    }
}
