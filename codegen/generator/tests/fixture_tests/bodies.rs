//! Conformance of the crate generated from `fixtures/bodies.yaml` (copied into that crate's
//! `tests/` by `fixture_crates_compile_and_pass_their_tests`): every request body and
//! response media type against a real HTTP server on 127.0.0.1, checked byte for byte.

use fixture_bodies::{
    Client, CreateAttachmentMultipart, CreateNoteMultipart, DownloadAttachmentError, FilePart, GetExportResponse,
};
use futures_util::StreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder("token").base_url(server.uri()).build().unwrap()
}

/// The one request the server received.
async fn received(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

/// One part of a multipart body as the server parsed it (with `multer`, not our code).
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

async fn parts(request: &wiremock::Request) -> (String, Vec<Part>) {
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap().to_owned();
    let boundary = multer::parse_boundary(&content_type).expect("a multipart content type with a boundary");
    let body = request.body.clone();
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary.clone());
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.unwrap() {
        let name = field.name().unwrap().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.unwrap().to_vec();
        parts.push(Part { name, file_name, content_type, bytes });
    }
    (boundary, parts)
}

fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) -> Part {
    Part {
        name: name.to_owned(),
        file_name: file_name.map(str::to_owned),
        content_type: content_type.map(str::to_owned),
        bytes: bytes.to_vec(),
    }
}

#[tokio::test]
async fn a_multipart_upload_sends_file_and_value_parts_in_schema_order() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tickets/t1/attachments"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 7, "name": "a.png"})))
        .mount(&server)
        .await;
    let png = b"\x89PNG\r\n\x1a\n\x00binary\xff bytes".to_vec();
    let meta: fixture_bodies::types::AttachmentUploadMeta =
        serde_json::from_value(serde_json::json!({"name": "a.png", "parent_id": 3})).unwrap();
    let body = CreateAttachmentMultipart::new(FilePart::bytes(png.clone()).file_name("a.png"))
        .meta(meta)
        .description("first upload")
        .tags(vec!["x".to_owned(), "y".to_owned()]);
    let response = client(&server).create_attachment("t1", body).await.unwrap();
    assert_eq!(response.status, 201);
    assert_eq!(response.body.id, 7);

    let request = received(&server).await;
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let (boundary, parts) = parts(&request).await;
    assert!(!boundary.is_empty() && request.body.windows(boundary.len()).any(|w| w == boundary.as_bytes()));
    assert_eq!(
        parts,
        vec![
            // `encoding.meta.contentType: application/json`: the object as JSON text.
            part("meta", None, Some("application/json"), br#"{"name":"a.png","parent_id":3}"#),
            // `encoding.file.contentType: image/png` is the file's default media type.
            part("file", Some("a.png"), Some("image/png"), &png),
            part("description", None, None, b"first upload"),
            // An array of values: one part per item.
            part("tags", None, None, b"x"),
            part("tags", None, None, b"y"),
        ]
    );
}

#[tokio::test]
async fn a_streamed_file_part_sends_every_byte_and_its_own_media_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tickets/t2/attachments"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 8})))
        .mount(&server)
        .await;
    let chunks: Vec<Vec<u8>> = (0..64u8).map(|i| vec![i; 4096]).collect();
    let expected: Vec<u8> = chunks.concat();
    let stream = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, std::io::Error>));
    let file =
        FilePart::stream(stream, Some(expected.len() as u64)).file_name("big.bin").content_type("application/x-big");
    client(&server).create_attachment("t2", CreateAttachmentMultipart::new(file)).await.unwrap();
    let (_, parts) = parts(&received(&server).await).await;
    assert_eq!(parts, vec![part("file", Some("big.bin"), Some("application/x-big"), &expected)]);
}

#[tokio::test]
async fn an_array_of_files_is_one_part_per_file_and_a_json_alternative_has_its_own_method() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"body": "hi"})))
        .mount(&server)
        .await;
    let body = CreateNoteMultipart::new("hi")
        .images(vec![FilePart::bytes(b"one".to_vec()).file_name("1.gif"), FilePart::bytes(b"two".to_vec())])
        .pinned(true);
    client(&server).create_note_multipart(body).await.unwrap();
    let (_, parts) = parts(&received(&server).await).await;
    assert_eq!(
        parts,
        vec![
            part("body", None, None, b"hi"),
            part("images", Some("1.gif"), Some("application/octet-stream"), b"one"),
            // A file part without a name gets `file` (servers commonly require one).
            part("images", Some("file"), Some("application/octet-stream"), b"two"),
            part("pinned", None, None, b"true"),
        ]
    );
}

#[tokio::test]
async fn a_form_body_is_url_encoded_with_repeated_keys_for_arrays() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"access_token": "abc"})))
        .mount(&server)
        .await;
    let body: fixture_bodies::RequestTokenRequestBody = serde_json::from_value(serde_json::json!({
        "grant_type": "client_credentials",
        "scope": ["read", "write all"],
        "client_id": "a&b=c"
    }))
    .unwrap();
    let response = client(&server).request_token(&body).await.unwrap();
    assert_eq!(response.body.access_token.as_deref(), Some("abc"));
    let request = received(&server).await;
    assert_eq!(request.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    // Fields in the generated struct's order (typify's: by name), reserved characters escaped.
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "client_id=a%26b%3Dc&grant_type=client_credentials&scope=read&scope=write+all"
    );
}

#[tokio::test]
async fn a_50_mib_download_streams_through_a_1_mib_limit() {
    const SIZE: usize = 50 * 1024 * 1024;
    let server = MockServer::start().await;
    let body: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/tickets/t1/attachments/9/content"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/octet-stream"))
        .mount(&server)
        .await;
    let client = Client::builder("token").base_url(server.uri()).max_response_bytes(1024 * 1024).build().unwrap();
    // Buffered, the body is over the limit...
    let err = client.download_attachment("t1", 9).await.unwrap_err();
    assert!(matches!(err, fixture_bodies::Error::BodyTooLarge { .. }), "{err:?}");
    // ...streamed, every byte arrives, chunk by chunk, none of them held longer than needed.
    let response = client.download_attachment_stream("t1", 9).await.unwrap();
    assert_eq!(response.status, 200);
    let mut stream = response.body;
    let (mut total, mut largest, mut position_ok) = (0usize, 0usize, true);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        position_ok &= chunk.iter().enumerate().all(|(i, b)| *b == ((total + i) % 251) as u8);
        total += chunk.len();
        largest = largest.max(chunk.len());
    }
    assert_eq!(total, SIZE);
    assert!(position_ok, "the bytes arrive in order");
    assert!(largest < 1024 * 1024, "chunks are small ({largest} bytes): the body is not buffered");
}

#[tokio::test]
async fn a_small_download_is_bytes_and_a_text_error_is_its_text() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/tickets/t1/attachments/1/content"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"\x00\x01\x02".to_vec(), "application/octet-stream"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/tickets/t1/attachments/2/content"))
        .respond_with(ResponseTemplate::new(404).set_body_raw("no such attachment", "text/plain"))
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(client.download_attachment("t1", 1).await.unwrap().body, vec![0, 1, 2]);
    let err = client.download_attachment_stream("t1", 2).await.unwrap_err();
    match err {
        fixture_bodies::Error::Api { status, body: DownloadAttachmentError::Status404(text), .. } => {
            assert_eq!(status, 404);
            assert_eq!(text, "no such attachment");
        }
        other => panic!("expected the documented 404: {other:?}"),
    }
}

#[tokio::test]
async fn a_raw_upload_sends_the_bytes_with_the_callers_media_type_and_reads_a_text_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/uploads"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("upload-1\n", "text/plain; charset=utf-8"))
        .mount(&server)
        .await;
    let response = client(&server).upload(b"GIF89a raw".to_vec(), "image/gif").await.unwrap();
    assert_eq!(response.body, "upload-1\n");
    let request = received(&server).await;
    assert_eq!(request.headers.get("content-type").unwrap(), "image/gif");
    assert_eq!(request.body, b"GIF89a raw");
}

#[tokio::test]
async fn statuses_of_different_media_types_are_variants() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/exports/e1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/exports/e2"))
        .respond_with(ResponseTemplate::new(202).set_body_json(serde_json::json!({"message": "not ready"})))
        .mount(&server)
        .await;
    let client = client(&server);
    match client.get_export("e1").await.unwrap().body {
        GetExportResponse::Status200(bytes) => assert_eq!(bytes, b"a,b\n1,2\n"),
        other => panic!("{other:?}"),
    }
    match client.get_export("e2").await.unwrap().body {
        GetExportResponse::Status202(problem) => assert_eq!(problem.message.as_deref(), Some("not ready")),
        other => panic!("{other:?}"),
    }
}
