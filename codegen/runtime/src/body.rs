//! Bodies beyond JSON: file parts of multipart request bodies, and streamed response bodies.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use serde::Serialize;

use crate::error::Error;

/// A file part of a `multipart/form-data` request body: its bytes (in memory, or streamed
/// from any source), the file name sent in its `Content-Disposition`, and its
/// `Content-Type`.
///
/// Without [`FilePart::content_type`], the part is sent with the media type the spec's
/// `encoding` gives it, or `application/octet-stream`. Without [`FilePart::file_name`], the
/// part is sent with the file name `file` (servers commonly require one).
///
/// A request whose body holds a streamed part is sent once: it cannot be copied, so a
/// retry policy does not retry it.
pub struct FilePart {
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: PartData,
}

pub(crate) enum PartData {
    Bytes(Vec<u8>),
    Stream { body: reqwest::Body, length: Option<u64> },
}

impl FilePart {
    /// A part holding `bytes` in memory.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self { file_name: None, content_type: None, data: PartData::Bytes(bytes.into()) }
    }

    /// A part streamed from `stream` (for example a file read chunk by chunk), never held
    /// in memory as a whole. `length` is its size in bytes, when known: with it the part is
    /// sent with a known length, without it the request body is sent chunked.
    pub fn stream<S>(stream: S, length: Option<u64>) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        Self {
            file_name: None,
            content_type: None,
            data: PartData::Stream { body: reqwest::Body::wrap_stream(stream), length },
        }
    }

    /// Sets the file name sent in the part's `Content-Disposition`, e.g. `report.pdf`.
    #[must_use]
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's `Content-Type`, e.g. `image/png`.
    #[must_use]
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    /// The size in bytes, when known (always for [`FilePart::bytes`]).
    pub fn len(&self) -> Option<u64> {
        match &self.data {
            PartData::Bytes(bytes) => Some(bytes.len() as u64),
            PartData::Stream { length, .. } => *length,
        }
    }

    /// Whether the part is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The bytes are left out: a file part may be large, and its content is the user's.
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.len())
            .field("streamed", &matches!(self.data, PartData::Stream { .. }))
            .finish()
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes(bytes)
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        Self::bytes(bytes)
    }
}

/// A response body read as it arrives, chunk by chunk, never buffered as a whole: what the
/// `*_stream` method of an operation with a binary or text response returns. A
/// [`Stream`](futures_core::Stream) of [`Bytes`] chunks; a chunk that cannot be read (the
/// connection failed or timed out) is an `Err` with the transport error, and ends the stream.
///
/// The client's response size limit does not apply: the reader decides how much to read.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>,
}

impl ByteStream {
    /// The body of `response`; an error's URL shows no value of the query parameters
    /// named in `secret_parameters` (query credentials).
    pub(crate) fn new(response: reqwest::Response, secret_parameters: Vec<String>) -> Self {
        use futures_util::TryStreamExt as _;
        let stream = response.bytes_stream().map_err(move |err| crate::secret::redact_url(err, &secret_parameters));
        Self { inner: Box::pin(stream) }
    }

    /// The next chunk, or `None` at the end of the body.
    ///
    /// # Errors
    /// The transport error that ended the body early.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, reqwest::Error>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").finish_non_exhaustive()
    }
}

/// Builds a `multipart/form-data` body part by part, in the order the spec lists the
/// properties of the body's schema (some servers require an order, e.g. metadata before
/// the file). Generated code only.
#[derive(Debug, Default)]
pub struct Multipart {
    form: Option<reqwest::multipart::Form>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self { form: Some(reqwest::multipart::Form::new()) }
    }

    fn push(&mut self, name: &'static str, part: reqwest::multipart::Part) {
        let form = self.form.take().unwrap_or_default();
        self.form = Some(form.part(name, part));
    }

    /// Adds a non-file property as text parts: a string as itself, a number or boolean
    /// as its JSON text, an array as one part per item (of these kinds), `null` as no part,
    /// and an object (or an item that is one) as JSON text. `content_type` is the part's
    /// media type from the spec's `encoding`: `application/json` sends every value as JSON
    /// text in one part.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the value cannot be serialised or the media type is
    /// not valid.
    pub fn value<T: Serialize + ?Sized, E>(
        &mut self,
        name: &'static str,
        value: &T,
        content_type: Option<&'static str>,
    ) -> Result<(), Error<E>> {
        let value = serde_json::to_value(value)
            .map_err(|err| Error::InvalidRequest(format!("cannot serialise the part `{name}`: {err}")))?;
        let json = content_type.is_some_and(is_json);
        let texts: Vec<String> = match value {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(items) if !json => items.into_iter().map(text).collect(),
            other if json => vec![other.to_string()],
            other => vec![text(other)],
        };
        for body in texts {
            let mut part = reqwest::multipart::Part::text(body);
            if let Some(media) = content_type {
                part = part.mime_str(media).map_err(|_| invalid_media(name, media))?;
            }
            self.push(name, part);
        }
        Ok(())
    }

    /// Adds a file part; `default_type` is its media type when the part sets none.
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when a media type is not valid.
    pub fn file<E>(&mut self, name: &'static str, file: FilePart, default_type: &'static str) -> Result<(), Error<E>> {
        let FilePart { file_name, content_type, data } = file;
        let part = match data {
            PartData::Bytes(bytes) => reqwest::multipart::Part::bytes(bytes),
            PartData::Stream { body, length: Some(length) } => {
                reqwest::multipart::Part::stream_with_length(body, length)
            }
            PartData::Stream { body, length: None } => reqwest::multipart::Part::stream(body),
        };
        let media = content_type.unwrap_or_else(|| default_type.to_owned());
        let part = part
            .file_name(file_name.unwrap_or_else(|| "file".to_owned()))
            .mime_str(&media)
            .map_err(|_| invalid_media(name, &media))?;
        self.push(name, part);
        Ok(())
    }

    /// The finished body.
    pub fn finish(self) -> reqwest::multipart::Form {
        self.form.unwrap_or_default()
    }
}

fn invalid_media<E>(part: &str, media: &str) -> Error<E> {
    Error::InvalidRequest(format!("`{media}` is not a valid media type for the part `{part}`"))
}

/// The text of one part: a string as itself, anything else as JSON text.
fn text(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case("application/json") || media.ends_with("+json")
}
