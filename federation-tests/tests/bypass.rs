//! Attempts to reach a blocked host indirectly: through a redirect.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use agora_federation_tests::Network;
use reqwest::Method;
use serde_json::json;

/// A server that counts the requests it gets and answers each with `answer`.
async fn server(answer: fn() -> axum::response::Response) -> (SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            answer()
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, hits)
}

#[tokio::test]
async fn a_redirect_never_leads_to_a_blocked_host() {
    let network = Network::start(&["alpha.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    // blocked.test would answer anything; redirect.test sends everyone there.
    let (blocked, blocked_hits) = server(|| {
        axum::response::IntoResponse::into_response((
            [("content-type", "application/activity+json")],
            "{}",
        ))
    })
    .await;
    let (redirect, redirect_hits) = server(|| {
        axum::response::IntoResponse::into_response((
            axum::http::StatusCode::FOUND,
            [("location", "http://blocked.test/spaces/anything")],
        ))
    })
    .await;
    let overrides = &alpha.state.federation.host_overrides;
    overrides.insert("blocked.test", blocked);
    overrides.insert("redirect.test", redirect);

    let token = network.staff(alpha, "root", "admin").await.unwrap();
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/admin/federation/rules"),
            Some(&token),
            Some(json!({"domain": "blocked.test", "action": "suspend"})),
        )
        .await;
    assert_eq!(status, 201);

    let (status, answer) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/follows"),
            Some(&token),
            Some(json!({"handle": "http://redirect.test/spaces/news"})),
        )
        .await;
    assert!(status == 400 || status == 502, "{status} {answer}");
    assert!(
        redirect_hits.load(Ordering::SeqCst) >= 1,
        "the redirecting host was asked"
    );
    assert_eq!(
        blocked_hits.load(Ordering::SeqCst),
        0,
        "the blocked host was never contacted"
    );
}
