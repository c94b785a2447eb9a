//! A webhook receiver for three providers (`cargo run -p conformance --example webhook_receiver`):
//! an axum 0.8 app whose handlers take the raw body and the headers, verify the delivery with the
//! provider's verifier, answer at once, and hand the events to a worker.
//!
//! - `POST /webhooks/intercom`: `intercom::webhooks::Verifier` (`X-Hub-Signature`, HMAC-SHA1);
//!   `HEAD` answers 200 (Intercom validates the URL with it).
//! - `POST /webhooks/periskope`: `periskope::webhooks::Verifier` (defaults taken from public
//!   receivers, not yet confirmed by Periskope; see its docs to override them).
//! - `POST /webhooks/zoho`: `zoho_desk::webhooks::Verifier` for `X-ZDesk-JWT` (RS256, keys from
//!   the data centre's JWKS, prefetched at start-up); `GET` answers 200 (Zoho validates
//!   the URL with it). The token does not sign the body: treat the payload as a hint and re-read
//!   the ticket through the client when it matters.
//!
//! Every refusal answers `err.status()` (401 unverified, 400 not JSON, 503 keys unavailable so that
//! the provider retries). Verified events go to a queue and the handler answers 200 at once (Zoho
//! counts a delivery as failed after 5 s). The body limit is explicit: 1 MiB.
//!
//! Settings come from the environment: `INTERCOM_CLIENT_SECRET`, `PERISKOPE_SIGNING_KEY`,
//! `ZOHO_ORG_ID`, `ZOHO_WEBHOOK_ID`, and `ZOHO_DESK_EU=1` for the EU data centre (default US).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use helpdesk_runtime::webhook::WebhookError;
use tokio::sync::mpsc;

/// What the worker receives.
#[derive(Debug)]
enum Received {
    Intercom(intercom::webhooks::WebhookEvent),
    Periskope(periskope::webhooks::WebhookEvent),
    /// Zoho Desk sends a JSON array of events: all of them.
    Zoho(Vec<zoho_desk::webhooks::WebhookEvent>),
}

struct Receivers {
    intercom: intercom::webhooks::Verifier,
    periskope: periskope::webhooks::Verifier,
    zoho: zoho_desk::webhooks::Verifier,
    queue: mpsc::Sender<Received>,
}

type Shared = State<Arc<Receivers>>;

async fn intercom(State(app): Shared, headers: HeaderMap, body: Bytes) -> StatusCode {
    answer(app.intercom.receive(&headers, &body).map(Received::Intercom), &app.queue).await
}

async fn periskope(State(app): Shared, headers: HeaderMap, body: Bytes) -> StatusCode {
    answer(app.periskope.receive(&headers, &body).map(Received::Periskope), &app.queue).await
}

async fn zoho(State(app): Shared, headers: HeaderMap, body: Bytes) -> StatusCode {
    answer(app.zoho.receive(&headers, &body).await.map(Received::Zoho), &app.queue).await
}

/// 200 once the event is queued; the error's status otherwise.
async fn answer(received: Result<Received, WebhookError>, queue: &mpsc::Sender<Received>) -> StatusCode {
    match received {
        Ok(received) => match queue.send(received).await {
            Ok(()) => StatusCode::OK,
            Err(_) => StatusCode::SERVICE_UNAVAILABLE,
        },
        Err(err) => {
            eprintln!("webhook refused: {err}");
            err.status()
        }
    }
}

/// The worker: what a real receiver would enqueue for its own processing.
fn handle(received: Received) {
    match received {
        Received::Intercom(intercom::webhooks::WebhookEvent::TicketStateUpdated(notification)) => {
            let ticket = notification.data.item.and_then(|ticket| ticket.id);
            println!("intercom ticket {ticket:?} changed state (notification {:?})", notification.id);
        }
        Received::Intercom(other) => println!("intercom {:?}", other.name()),
        Received::Periskope(periskope::webhooks::WebhookEvent::TicketUpdated(event)) => {
            let ticket = event.data.ticket.and_then(|ticket| ticket.ticket_id);
            println!("periskope ticket {ticket:?} updated");
        }
        Received::Periskope(other) => println!("periskope {:?}", other.name()),
        Received::Zoho(events) => {
            for event in events {
                match event {
                    zoho_desk::webhooks::WebhookEvent::TicketUpdate(update) => {
                        println!("zoho ticket {:?} updated, before: {:?}", update.payload.id, update.prev_state);
                    }
                    other => println!("zoho {:?}", other.name()),
                }
            }
        }
    }
}

fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name).map_err(|_| format!("set {name}").into())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = match std::env::var("ZOHO_DESK_EU").as_deref() {
        Ok("1") => zoho_desk::Server::Eu,
        _ => zoho_desk::Server::Us,
    };
    let (queue, mut events) = mpsc::channel(1024);
    let app = Arc::new(Receivers {
        intercom: intercom::webhooks::Verifier::new(env("INTERCOM_CLIENT_SECRET")?)?,
        periskope: periskope::webhooks::Verifier::new(env("PERISKOPE_SIGNING_KEY")?)?,
        zoho: zoho_desk::webhooks::Verifier::new(env("ZOHO_ORG_ID")?, env("ZOHO_WEBHOOK_ID")?)?.server(server)?,
        queue,
    });
    // Warm the key cache so that the first delivery does not wait for it; a failure here is
    // retried on the first delivery.
    if let Err(err) = app.zoho.prefetch().await {
        eprintln!("Zoho Desk keys not fetched yet: {err}");
    }
    tokio::spawn(async move {
        while let Some(event) = events.recv().await {
            handle(event);
        }
    });
    let router = Router::new()
        .route("/webhooks/intercom", post(intercom).head(|| async { StatusCode::OK }))
        .route("/webhooks/periskope", post(periskope))
        .route("/webhooks/zoho", post(zoho).get(|| async { StatusCode::OK }))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
    axum::serve(listener, router).await?;
    Ok(())
}
