//! Signers whose key is a document of its own, as GoToSocial publishes
//! them (`keyId` = `…/users/ana/main-key`, a document naming its `owner`):
//! a small server on loopback plays gts.test, serving the key document
//! and the actor, and counting what Agora fetches.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Json;
use axum::routing::get;
use serde_json::{Value, json};
use url::Url;

use agora::accounts::keys::generate as generate_keypair;
use agora::federation::ACTIVITY_JSON;
use agora::federation::signatures;

use crate::support::{Backend, TestApp};

const ACTOR: &str = "http://gts.test/users/ana";
const KEY_ID: &str = "http://gts.test/users/ana/main-key";

/// gts.test: the actor publishes `actor_pem`, the key document `key_pem`.
async fn gts(actor_pem: String, key_pem: String) -> (SocketAddr, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let (count_actor, count_key) = (fetches.clone(), fetches.clone());
    let actor = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": ACTOR, "type": "Person", "preferredUsername": "ana",
        "inbox": format!("{ACTOR}/inbox"), "outbox": format!("{ACTOR}/outbox"),
        "publicKey": {"id": KEY_ID, "owner": ACTOR, "publicKeyPem": actor_pem},
    });
    let key = json!({
        "@context": "https://w3id.org/security/v1",
        "id": KEY_ID, "owner": ACTOR, "publicKeyPem": key_pem,
    });
    let json_of = |value: Value, counter: Arc<AtomicUsize>| {
        move || {
            let value = value.clone();
            counter.fetch_add(1, Ordering::SeqCst);
            async move { ([("content-type", ACTIVITY_JSON)], Json(value)) }
        }
    };
    let router = axum::Router::new()
        .route("/users/ana", get(json_of(actor, count_actor)))
        .route("/users/ana/main-key", get(json_of(key, count_key)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (addr, fetches)
}

/// A Follow of the space `commons`, signed as ana with `private_pem`.
async fn follow(app: &TestApp, private_pem: &str, n: usize) -> (u16, Value) {
    let urls = &app.state.federation.urls;
    let body = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{ACTOR}/follows/{n}"), "type": "Follow",
        "actor": ACTOR, "object": urls.space("commons"),
    })
    .to_string();
    let inbox = Url::parse(&urls.shared_inbox()).unwrap();
    let key = signatures::private_key(private_pem).unwrap();
    let headers = signatures::sign(
        &reqwest::Method::POST,
        &inbox,
        Some(body.as_bytes()),
        KEY_ID,
        &key,
    )
    .unwrap();
    let response = app
        .client
        .post(format!("{}/inbox", app.base))
        .headers(headers)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn instance() -> TestApp {
    TestApp::spawn_with(Backend::Sqlite, |config| {
        config.allow_private_networks = true;
    })
    .await
}

#[tokio::test]
async fn a_key_document_naming_its_owner_is_followed_to_the_owner() {
    let app = instance().await;
    let ada = app.user("ada").await;
    app.space(&ada, "commons", "public").await;
    let (public, private) = generate_keypair().await.unwrap();
    let (addr, fetches) = gts(public.clone(), public).await;
    app.state.federation.host_overrides.insert("gts.test", addr);

    let (status, body) = follow(&app, &private, 1).await;
    assert_eq!(status, 202, "{body}");
    // The key document, then the actor it names.
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let (status, body) = follow(&app, &private, 2).await;
    assert_eq!(status, 202, "{body}");
    // Known now: nothing fetched again.
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_key_document_and_an_owner_that_disagree_are_refused_and_not_hammered() {
    let app = instance().await;
    let ada = app.user("ada").await;
    app.space(&ada, "commons", "public").await;
    let (public, private) = generate_keypair().await.unwrap();
    let (other_public, _) = generate_keypair().await.unwrap();
    // The key document says one key, the actor publishes another.
    let (addr, fetches) = gts(other_public, public).await;
    app.state.federation.host_overrides.insert("gts.test", addr);

    let (status, body) = follow(&app, &private, 1).await;
    assert_eq!(status, 401, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("different keys"),
        "{body}"
    );
    let after_first = fetches.load(Ordering::SeqCst);
    // A stream of the same: no more fetches within the minute.
    for n in 2..12 {
        let (status, _) = follow(&app, &private, n).await;
        assert_eq!(status, 401);
    }
    assert_eq!(fetches.load(Ordering::SeqCst), after_first);
}
