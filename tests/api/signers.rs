//! Signers whose key is a document of its own, as GoToSocial publishes
//! them (`keyId` = `…/users/ana/main-key`, a document naming its `owner`):
//! a small server on loopback plays gts.test, serving the key document
//! and the actor, and counting what Agora fetches. Then RFC 9421 signers
//! (fedi.test), below.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Json;
use axum::routing::get;
use reqwest::header::HeaderMap;
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

// RFC 9421 HTTP Message Signatures. The signer below is written from the
// RFC for these tests (the verifier under test lives in
// src/federation/signatures): fedi.test, a server on loopback, publishes
// ana's key; requests she signs go to Agora's inbox and signed GETs.

pub(crate) const FEDI_ACTOR: &str = "http://fedi.test/users/ana";
pub(crate) const FEDI_KEY_ID: &str = "http://fedi.test/users/ana#main-key";

/// fedi.test: serves ana, whose key is `public_pem`.
pub(crate) async fn fedi(public_pem: &str) -> SocketAddr {
    let actor = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": FEDI_ACTOR, "type": "Person", "preferredUsername": "ana",
        "inbox": format!("{FEDI_ACTOR}/inbox"), "outbox": format!("{FEDI_ACTOR}/outbox"),
        "publicKey": {"id": FEDI_KEY_ID, "owner": FEDI_ACTOR, "publicKeyPem": public_pem},
    });
    let router = axum::Router::new().route(
        "/users/ana",
        get(move || {
            let actor = actor.clone();
            async move { ([("content-type", ACTIVITY_JSON)], Json(actor)) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// How a test request is signed: by default it covers `@method`,
/// `@target-uri` and (with a body) `content-digest`, created now.
#[derive(Clone)]
struct Rfc9421 {
    /// The URL the signer thinks it is sending to.
    url: String,
    components: Vec<&'static str>,
    created_ago: i64,
    /// Whether the Content-Digest header is sent at all.
    send_digest: bool,
}

impl Rfc9421 {
    fn to(url: String) -> Rfc9421 {
        Rfc9421 {
            url,
            components: vec!["@method", "@target-uri", "content-digest"],
            created_ago: 0,
            send_digest: true,
        }
    }

    /// The headers (Host, Content-Digest, Signature-Input, Signature).
    fn sign(&self, method: &str, body: Option<&[u8]>, key: &rsa::RsaPrivateKey) -> HeaderMap {
        use base64::Engine;
        use base64::engine::general_purpose::STANDARD;
        use sha2::Digest;
        let url = Url::parse(&self.url).unwrap();
        let authority = match url.port() {
            Some(port) => format!("{}:{port}", url.host_str().unwrap()),
            None => url.host_str().unwrap().to_owned(),
        };
        let digest =
            body.map(|b| format!("sha-256=:{}:", STANDARD.encode(sha2::Sha256::digest(b))));
        let mut headers = HeaderMap::new();
        headers.insert("host", authority.parse().unwrap());
        if let (Some(digest), true) = (&digest, self.send_digest) {
            headers.insert("content-digest", digest.parse().unwrap());
        }
        let created = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - self.created_ago;
        // No body, no digest to cover.
        let components: Vec<&str> = self
            .components
            .iter()
            .copied()
            .filter(|c| body.is_some() || *c != "content-digest")
            .collect();
        let names: Vec<String> = components.iter().map(|c| format!("\"{c}\"")).collect();
        let params = format!(
            "({});created={created};keyid=\"{FEDI_KEY_ID}\";alg=\"rsa-v1_5-sha256\"",
            names.join(" ")
        );
        let mut base = String::new();
        for component in &components {
            let value = match *component {
                "@method" => method.to_owned(),
                "@target-uri" => self.url.clone(),
                "@authority" => authority.clone(),
                "@path" => url.path().to_owned(),
                "content-digest" => digest.clone().unwrap_or_default(),
                other => panic!("the test signer does not know {other}"),
            };
            base.push_str(&format!("\"{component}\": {value}\n"));
        }
        base.push_str(&format!("\"@signature-params\": {params}"));
        let signature = key
            .sign(
                rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
                &sha2::Sha256::digest(base.as_bytes()),
            )
            .unwrap();
        headers.insert("signature-input", format!("sig1={params}").parse().unwrap());
        headers.insert(
            "signature",
            format!("sig1=:{}:", STANDARD.encode(signature))
                .parse()
                .unwrap(),
        );
        headers
    }
}

/// Agora with ada's public space `commons`, a post in it, and fedi.test.
/// Also gives ana's private key (PEM).
pub(crate) async fn rfc9421_instance(signed_fetch: bool) -> (TestApp, String, i64) {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.allow_private_networks = true;
        config.signed_fetch = signed_fetch;
    })
    .await;
    let ada = app.user("ada").await;
    app.space(&ada, "commons", "public").await;
    let post = app.post_in(&ada, "commons", "Hello").await;
    let (public, private) = generate_keypair().await.unwrap();
    let addr = fedi(&public).await;
    app.state
        .federation
        .host_overrides
        .insert("fedi.test", addr);
    (app, private, post)
}

/// POSTs `body` to the shared inbox with `headers`.
pub(crate) async fn to_inbox(app: &TestApp, headers: HeaderMap, body: &[u8]) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}/inbox", app.base))
        .header("content-type", ACTIVITY_JSON)
        .headers(headers)
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn count(app: &TestApp, sql: &str, id: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    n
}

pub(crate) fn activity(app: &TestApp, n: u32, kind: &str, object: Value) -> Vec<u8> {
    let space = app.state.federation.urls.space("commons");
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{FEDI_ACTOR}/activities/{n}"), "type": kind,
        "actor": FEDI_ACTOR, "object": object, "to": [space],
    })
    .to_string()
    .into_bytes()
}

#[tokio::test]
async fn rfc9421_signed_follow_create_and_like_are_stored() {
    let (app, pem, post) = rfc9421_instance(false).await;
    let key = rsa_key(&pem);
    let urls = &app.state.federation.urls;
    let space = urls.space("commons");
    let signer = Rfc9421::to(urls.shared_inbox());

    let follow = activity(&app, 1, "Follow", json!(space));
    let headers = signer.sign("POST", Some(&follow), &key);
    let (status, body) = to_inbox(&app, headers, &follow).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM received_activities WHERE activity_id = $1",
            &format!("{FEDI_ACTOR}/activities/1")
        )
        .await,
        1
    );

    // Mastodon's form: @authority and @path instead of @target-uri.
    let page = format!("{FEDI_ACTOR}/pages/1");
    let create = activity(
        &app,
        2,
        "Create",
        json!({"id": page, "type": "Page", "name": "From Fedify land",
               "content": "<p>Signed per RFC 9421</p>", "attributedTo": FEDI_ACTOR,
               "to": [space], "audience": space}),
    );
    let mastodon = Rfc9421 {
        components: vec!["@method", "@authority", "@path", "content-digest"],
        ..signer.clone()
    };
    let (status, body) = to_inbox(&app, mastodon.sign("POST", Some(&create), &key), &create).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "stored", "{body}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM posts WHERE ap_id = $1", &page).await,
        1
    );

    let like = activity(&app, 3, "Like", json!(urls.post(post)));
    let (status, body) = to_inbox(&app, signer.sign("POST", Some(&like), &key), &like).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "stored", "{body}");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reactions WHERE ap_id = $1",
            &format!("{FEDI_ACTOR}/activities/3")
        )
        .await,
        1
    );
}

#[tokio::test]
async fn rfc9421_signatures_that_cannot_be_verified_are_401_and_store_nothing() {
    let (app, pem, post) = rfc9421_instance(false).await;
    let key = rsa_key(&pem);
    let urls = &app.state.federation.urls;
    let inbox = urls.shared_inbox();
    let like = activity(&app, 1, "Like", json!(urls.post(post)));
    let good = Rfc9421::to(inbox.clone());
    // What is refused, and the reason Agora gives.
    let refused = |why: &'static str, reason: &'static str, signer: Rfc9421| (why, reason, signer);
    let cases = [
        refused(
            "another path",
            "the signature does not",
            Rfc9421::to(urls.person("ada") + "/inbox"),
        ),
        refused(
            "another host",
            "the signature does not",
            Rfc9421::to(inbox.replace("agora.test", "other.test")),
        ),
        refused(
            "created 13 hours ago",
            "expired",
            Rfc9421 {
                created_ago: 13 * 3600,
                ..good.clone()
            },
        ),
        refused(
            "created 2 hours ahead",
            "expired",
            Rfc9421 {
                created_ago: -2 * 3600,
                ..good.clone()
            },
        ),
        refused(
            "no Content-Digest",
            "no Digest",
            Rfc9421 {
                send_digest: false,
                ..good.clone()
            },
        ),
        refused(
            "content-digest not covered",
            "does not cover content-digest",
            Rfc9421 {
                components: vec!["@method", "@target-uri"],
                ..good.clone()
            },
        ),
    ];
    for (why, reason, signer) in cases {
        let mut headers = signer.sign("POST", Some(&like), &key);
        // What was sent to us names us, whatever the signer signed.
        headers.insert("host", "agora.test".parse().unwrap());
        let (status, body) = to_inbox(&app, headers, &like).await;
        assert_eq!(status, 401, "{why}: {body}");
        assert!(
            body["message"].as_str().is_some_and(|m| m.contains(reason)),
            "{why}: {body}"
        );
    }

    // A Host header naming another server.
    let signer = Rfc9421::to(inbox.replace("agora.test", "other.test"));
    let (status, body) = to_inbox(&app, signer.sign("POST", Some(&like), &key), &like).await;
    assert_eq!(status, 401, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("other.test"),
        "{body}"
    );

    // The body changed after signing: its digest no longer matches (400).
    let headers = good.sign("POST", Some(&like), &key);
    let other = activity(&app, 2, "Like", json!(urls.post(post)));
    let (status, body) = to_inbox(&app, headers.clone(), &other).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("digest"),
        "{body}"
    );

    // Malformed and oversized signature headers.
    for (name, value) in [
        ("signature-input", "sig1=(\"@method\""),
        (
            "signature-input",
            &*format!("sig1=(\"{}\")", "a".repeat(10_000)),
        ),
        ("signature", "sig1=:not base64!:"),
    ] {
        let mut headers = headers.clone();
        headers.insert(name, value.parse().unwrap());
        let (status, body) = to_inbox(&app, headers, &like).await;
        assert_eq!(status, 401, "{name}: {body}");
    }

    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM reactions WHERE ap_id LIKE $1",
            "http://fedi.test/%"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM received_activities WHERE activity_id LIKE $1",
            "http://fedi.test/%"
        )
        .await,
        0
    );

    // And the same request, signed properly, is taken.
    let (status, body) = to_inbox(&app, headers, &like).await;
    assert_eq!(status, 202, "{body}");
}

#[tokio::test]
async fn rfc9421_signed_gets_pass_authorized_fetch() {
    let (app, pem, _) = rfc9421_instance(true).await;
    let key = rsa_key(&pem);
    let space = app.state.federation.urls.space("commons");
    let get = |headers: HeaderMap| {
        let request = app
            .client
            .get(format!("{}/spaces/commons", app.base))
            .header("accept", ACTIVITY_JSON)
            .headers(headers);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, _) = get(HeaderMap::new()).await;
    assert_eq!(status, 401);
    let (status, body) = get(Rfc9421::to(space.clone()).sign("GET", None, &key)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], space.as_str(), "{body}");
    // Signed for another document.
    let mut headers = Rfc9421::to(format!("{space}/outbox")).sign("GET", None, &key);
    headers.insert("host", "agora.test".parse().unwrap());
    let (status, body) = get(headers).await;
    assert_eq!(status, 401, "{body}");
}

/// The key as the `rsa` crate holds it, for signatures Agora itself does
/// not make (RFC 9421 here).
fn rsa_key(pem: &str) -> rsa::RsaPrivateKey {
    use rsa::pkcs8::DecodePrivateKey;
    rsa::RsaPrivateKey::from_pkcs8_pem(pem).unwrap()
}
