//! Every check of the inbox, with real signed requests from a real remote
//! instance: what fails is refused with a 4xx and a reason, and nothing of
//! it is stored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora::federation::signatures;
use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

const DEADLINE: Duration = Duration::from_secs(20);

struct Sender {
    key: signatures::PrivateKey,
    key_id: String,
}

async fn sender(beta: &Instance, username: &str) -> Sender {
    let (pem,): (String,) =
        sqlx::query_as("SELECT private_key_pem FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one(&beta.state.db.read)
            .await
            .unwrap();
    Sender {
        key: signatures::private_key(&pem).unwrap(),
        key_id: format!("http://{}/users/{username}#main-key", beta.domain),
    }
}

/// POSTs `body` to `url`, signed by `sender` over `signed_body` (normally
/// the same bytes), then lets `tamper` change the headers.
async fn post(
    network: &Network,
    url: &str,
    sender: &Sender,
    signed_body: &[u8],
    body: Vec<u8>,
    tamper: impl FnOnce(&mut reqwest::header::HeaderMap),
) -> (u16, Value) {
    let parsed = Url::parse(url).unwrap();
    let mut headers = signatures::sign(
        &Method::POST,
        &parsed,
        Some(signed_body),
        &sender.key_id,
        &sender.key,
    )
    .unwrap();
    tamper(&mut headers);
    let response = network
        .client
        .post(url)
        .headers(headers)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn the_inbox_verifies_everything_before_storing_anything() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    network.member(beta, "bruno").await.unwrap();
    network.member(beta, "beatriz").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "news", "title": "News", "visibility": "public"})),
        )
        .await;
    let bruno = sender(beta, "bruno").await;
    let inbox = alpha.url("/inbox");
    let follow = |id: &str, actor: &str| {
        serde_json::to_vec(&json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": id,
            "type": "Follow",
            "actor": actor,
            "object": "http://alpha.test/spaces/news",
        }))
        .unwrap()
    };
    let followers = "SELECT COUNT(*) FROM space_followers";
    let received = "SELECT COUNT(*) FROM received_activities";
    let good = follow(
        "http://beta.test/activities/follow/1",
        "http://beta.test/users/bruno",
    );

    // Not signed at all.
    let response = network
        .client
        .post(&inbox)
        .header("content-type", "application/activity+json")
        .header("digest", signatures::digest_header(&good))
        .body(good.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let reason: Value = response.json().await.unwrap();
    assert!(
        reason["message"].as_str().unwrap().contains("not signed"),
        "{reason}"
    );

    // The body changed after signing: its digest no longer matches.
    let other = follow(
        "http://beta.test/activities/follow/2",
        "http://beta.test/users/bruno",
    );
    let (status, reason) = post(&network, &inbox, &bruno, &good, other.clone(), |_| {}).await;
    assert_eq!(status, 400, "{reason}");
    assert!(
        reason["message"].as_str().unwrap().contains("digest"),
        "{reason}"
    );

    // No digest header: nothing binds the body to the signature (401, as
    // for any signature we cannot verify).
    let (status, _) = post(&network, &inbox, &bruno, &good, good.clone(), |h| {
        h.remove("digest");
    })
    .await;
    assert_eq!(status, 401);

    // A digest for other bytes, swapped in after signing: the signature
    // covers the digest, so it fails.
    let (status, _) = post(&network, &inbox, &bruno, &good, other.clone(), |h| {
        h.insert("digest", signatures::digest_header(&other).parse().unwrap());
    })
    .await;
    assert_eq!(status, 401);

    // Signed by bruno, claiming to be beatriz.
    let impostor = follow(
        "http://beta.test/activities/follow/3",
        "http://beta.test/users/beatriz",
    );
    let (status, reason) = post(
        &network,
        &inbox,
        &bruno,
        &impostor,
        impostor.clone(),
        |_| {},
    )
    .await;
    assert_eq!(status, 401, "{reason}");

    // The activity's id on another host than its actor.
    let foreign = follow(
        "http://gamma.test/activities/follow/4",
        "http://beta.test/users/bruno",
    );
    let (status, _) = post(&network, &inbox, &bruno, &foreign, foreign.clone(), |_| {}).await;
    assert_eq!(status, 400);

    // Not JSON, and JSON without the fields an activity needs.
    for body in [b"not json".to_vec(), b"{\"type\":\"Follow\"}".to_vec()] {
        let (status, _) = post(&network, &inbox, &bruno, &body, body.clone(), |_| {}).await;
        assert_eq!(status, 400);
    }

    // A malformed Signature header.
    let (status, _) = post(&network, &inbox, &bruno, &good, good.clone(), |h| {
        h.insert("signature", "keyId=\"x".parse().unwrap());
    })
    .await;
    assert!(status == 400 || status == 401, "{status}");

    // Over 1 MiB: refused before it is read.
    let huge = vec![b' '; 1024 * 1024 + 10];
    let (status, _) = post(&network, &inbox, &bruno, &huge, huge.clone(), |_| {}).await;
    assert_eq!(status, 413);

    // After all of that: nothing stored.
    assert_eq!(alpha.count(followers).await, 0);
    assert_eq!(alpha.count(received).await, 0);

    // An unknown type, properly signed: 202 and dropped.
    let bite = serde_json::to_vec(&json!({
        "id": "http://beta.test/activities/bite/1", "type": "Bite",
        "actor": "http://beta.test/users/bruno", "object": "http://alpha.test/users/amina",
    }))
    .unwrap();
    let (status, _) = post(&network, &inbox, &bruno, &bite, bite.clone(), |_| {}).await;
    assert_eq!(status, 202);
    assert_eq!(alpha.count(followers).await, 0);

    // The real thing works, and a repeat is stored once.
    for _ in 0..2 {
        let (status, answer) = post(&network, &inbox, &bruno, &good, good.clone(), |_| {}).await;
        assert_eq!(status, 202, "{answer}");
    }
    assert_eq!(alpha.count(followers).await, 1);
    assert_eq!(
        alpha.count("SELECT COUNT(*) FROM received_activities WHERE activity_id = 'http://beta.test/activities/follow/1'").await,
        1
    );
    // One Accept was queued for the one Follow.
    eventually("alpha's queue drains", DEADLINE, || async {
        alpha.drained().await.then_some(())
    })
    .await;
    assert_eq!(
        alpha
            .count("SELECT COUNT(*) FROM outbound_activities WHERE body LIKE '%\"Accept\"%'")
            .await,
        1
    );

    // A personal inbox works the same; a private or missing space's is 404.
    let undo = serde_json::to_vec(&json!({
        "id": "http://beta.test/activities/undo/1", "type": "Undo",
        "actor": "http://beta.test/users/bruno",
        "object": {"id": "http://beta.test/activities/follow/1", "type": "Follow",
                   "actor": "http://beta.test/users/bruno", "object": "http://alpha.test/spaces/news"},
    }))
    .unwrap();
    let (status, _) = post(
        &network,
        &alpha.url("/spaces/news/inbox"),
        &bruno,
        &undo,
        undo.clone(),
        |_| {},
    )
    .await;
    assert_eq!(status, 202);
    assert_eq!(alpha.count(followers).await, 0);
}
