//! `/metrics` and the recording of every request, both installed only when
//! `[metrics] enabled` is true (off, they cost nothing).
//!
//! `/metrics` answers only a client whose address is in `metrics.allow`,
//! or one that sends `Authorization: Bearer <metrics.token>`. Anyone else's
//! request goes on to the router as if `/metrics` did not exist, and gets
//! the same 404 as any unknown path: nobody learns that it is there.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::Metrics;
use crate::AppState;
use crate::error::AppError;

/// Middleware (on every route): counts the request under its route
/// template and status, and times it.
pub async fn record(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    // The template (`/api/v1/posts/{id}`), never the path asked for.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    metrics.request(
        &method,
        route.as_ref().map(MatchedPath::as_str),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Middleware: answers `GET /metrics` for those allowed; everything else
/// goes on.
pub async fn endpoint(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path() != "/metrics"
        || !matches!(*request.method(), Method::GET | Method::HEAD)
        || !allowed(&state, &request)
    {
        return next.run(request).await;
    }
    match scrape(&state).await {
        Ok(text) => (
            [
                (
                    CONTENT_TYPE,
                    HeaderValue::from_static(
                        prometheus_client::encoding::prometheus_text::CONTENT_TYPE,
                    ),
                ),
                (CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            text,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

fn allowed(state: &AppState, request: &Request) -> bool {
    let settings = &state.config.metrics;
    let by_address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(client)| settings.allows_address(client.ip()));
    by_address
        || settings.token.as_deref().is_some_and(|expected| {
            request
                .headers()
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .is_some_and(|given| same_secret(given.trim(), expected))
        })
}

/// Compares digests, so the time taken says nothing about how much of the
/// token a guess got right.
fn same_secret(given: &str, expected: &str) -> bool {
    Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

/// The text of one scrape: the queue depth read now, then everything.
async fn scrape(state: &AppState) -> Result<String, AppError> {
    let metrics = &state.metrics;
    let _one_at_a_time = metrics.0.scrape.lock().await;
    match crate::federation::outbox::depth_by_host(&state.db).await {
        Ok(rows) => metrics.set_queue_depth(rows),
        // The other series are still worth having; the depth stays as the
        // last scrape saw it.
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read the delivery queue"),
    }
    metrics
        .encode()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("metrics: cannot encode: {e}")))
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn tokens_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("", "abc"));
    }
}
