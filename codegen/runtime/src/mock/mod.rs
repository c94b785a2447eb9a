//! Typed mock servers (feature `mock`): the machinery behind the `mock` module of every
//! generated crate. A [`MockServer`] is a `wiremock` server on 127.0.0.1; a [`Stub`] is one
//! operation's expected request (a list of checks) and the response it serves; a request no
//! stub matches gets a 404 whose body names the closest stub and what differed.
//!
//! Generated crates wrap both in typed builders (one per operation, with one `respond_*`
//! method per documented status), so that a test cannot serve a body the spec does not allow.
//! The methods of [`Stub`] that take untyped values are hidden: they are what those builders
//! call.

mod check;
mod stub;

use std::sync::{Arc, Mutex, PoisonError};

use serde::de::DeserializeOwned;

pub use self::check::Paging;
use self::check::{Checks, Registered};
pub use self::stub::Stub;

/// The mocking crate (0.6) whose matchers ([`Stub::and`]), requests and guards the mock API
/// exposes, re-exported so that tests name the same version.
pub use wiremock;

/// A mock server on 127.0.0.1 (a random port) that serves the stubs mounted on it.
///
/// A request that no stub matches gets `404 Not Found` with a `text/plain` body that names the
/// closest stub and each check it failed (method, path, a query or header parameter, the
/// body). Expectations set with `expect` are verified when the server is dropped (a failed
/// one panics, failing the test), as with `wiremock`.
#[derive(Debug)]
pub struct MockServer {
    inner: wiremock::MockServer,
    stubs: Arc<Mutex<Vec<Registered>>>,
}

impl MockServer {
    /// Starts a server on 127.0.0.1, on a port the system picks.
    pub async fn start() -> Self {
        let inner = wiremock::MockServer::start().await;
        let stubs = Arc::new(Mutex::new(Vec::new()));
        // The fallback: the lowest priority, so every stub is tried first.
        inner.register(check::fallback(&stubs)).await;
        Self { inner, stubs }
    }

    /// The server's base URL (`http://127.0.0.1:<port>`): a client's base URL.
    pub fn uri(&self) -> String {
        self.inner.uri()
    }

    /// The `wiremock` server, for what the typed stubs do not cover (`Mock::given(…)`).
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.inner
    }

    /// Every request the server received, in order (matched or not).
    pub async fn requests(&self) -> Vec<wiremock::Request> {
        self.inner.received_requests().await.unwrap_or_default()
    }

    /// The bodies of the requests the server received that have one, in order, decoded as
    /// JSON into `T` (a generated request type, such as a ticket update).
    ///
    /// # Panics
    /// When a received body is not `T` as JSON: the panic names the request and the error.
    /// Use [`MockServer::requests`] when requests of several operations carry bodies.
    pub async fn received<T: DeserializeOwned>(&self) -> Vec<T> {
        self.requests()
            .await
            .iter()
            .filter(|request| !request.body.is_empty())
            .map(|request| {
                serde_json::from_slice(&request.body).unwrap_or_else(|err| {
                    panic!(
                        "the body of {} {} is not a `{}`: {err}\nbody: {}",
                        request.method,
                        request.url.path(),
                        std::any::type_name::<T>(),
                        String::from_utf8_lossy(&request.body)
                    )
                })
            })
            .collect()
    }

    /// Checks every stub's expectation now (as dropping the server does).
    ///
    /// # Panics
    /// When a stub was called another number of times than it expects.
    pub async fn verify(&self) {
        self.inner.verify().await;
    }

    /// Removes every stub (expectations are not verified) and forgets the requests received.
    pub async fn reset(&self) {
        self.stubs.lock().unwrap_or_else(PoisonError::into_inner).clear();
        self.inner.reset().await;
        self.inner.register(check::fallback(&self.stubs)).await;
    }

    /// Records a mounted stub for the fallback's diagnostics.
    fn register(&self, name: String, checks: Checks) {
        self.stubs.lock().unwrap_or_else(PoisonError::into_inner).push(Registered { name, checks });
    }
}
