//! The delivery queue across downtime, and authorized fetch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Network, eventually};
use reqwest::Method;
use serde_json::json;

async fn follow_news(network: &Network, token_alpha: &str, token_beta: &str) {
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(token_alpha),
            Some(json!({"slug": "news", "title": "News", "visibility": "public"})),
        )
        .await;
    assert_eq!(status, 201);
    let (status, body) = network
        .call(
            Method::POST,
            beta.url("/api/v1/follows"),
            Some(token_beta),
            Some(json!({"handle": "@news@alpha.test"})),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    eventually(
        "the follow is accepted",
        Duration::from_secs(20),
        || async {
            let (_, list) = network
                .call(
                    Method::GET,
                    beta.url("/api/v1/follows"),
                    Some(token_beta),
                    None,
                )
                .await;
            (list[0]["state"] == "accepted").then_some(())
        },
    )
    .await;
}

#[tokio::test]
async fn deliveries_wait_for_a_host_that_is_down_and_arrive_when_it_is_back() {
    let mut network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let amina = network
        .member(network.instance("alpha.test"), "amina")
        .await
        .unwrap();
    let bruno = network
        .member(network.instance("beta.test"), "bruno")
        .await
        .unwrap();
    follow_news(&network, &amina, &bruno).await;

    network.stop("beta.test").await;
    let alpha = network.instance("alpha.test");
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "Sent while beta was down", "body": "Still arrives."})),
        )
        .await;
    assert_eq!(status, 201);
    // The delivery failed and waits, with its reason, for a retry.
    let (inbox, error, attempts) = eventually(
        "the first attempt fails",
        Duration::from_secs(10),
        || async {
            let pending = agora::federation::outbox::pending(&alpha.state.db)
                .await
                .unwrap();
            pending.into_iter().find(|(_, _, attempts)| *attempts >= 1)
        },
    )
    .await;
    assert_eq!(inbox, "http://beta.test/inbox");
    assert!(!error.is_empty());
    assert_eq!(attempts, 1);

    // Alpha restarts meanwhile: the queue is in its database, not in memory.
    network.stop("alpha.test").await;
    network.restart("alpha.test").await.unwrap();
    network.restart("beta.test").await.unwrap();

    // Beta is back: the retry (10 s after the failure) delivers it.
    let beta = network.instance("beta.test");
    eventually(
        "the post arrives after the retry",
        Duration::from_secs(30),
        || async {
            let (_, home) = network
                .call(
                    Method::GET,
                    beta.url("/api/v1/feeds/home"),
                    Some(&bruno),
                    None,
                )
                .await;
            home["items"]
                .as_array()
                .is_some_and(|items| {
                    items
                        .iter()
                        .any(|p| p["title"] == "Sent while beta was down")
                })
                .then_some(())
        },
    )
    .await;
    let alpha = network.instance("alpha.test");
    eventually(
        "nothing is left in the queue",
        Duration::from_secs(5),
        || async { alpha.drained().await.then_some(()) },
    )
    .await;
}

#[tokio::test]
async fn signed_fetch_refuses_anonymous_reads_but_federates() {
    let network = Network::start_with(&["alpha.test", "beta.test"], |domain, config| {
        config.signed_fetch = domain == "alpha.test";
    })
    .await
    .unwrap();
    let alpha = network.instance("alpha.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network
        .member(network.instance("beta.test"), "bruno")
        .await
        .unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "talks", "title": "Talks", "visibility": "public"})),
        )
        .await;
    for path in ["/spaces/talks", "/users/amina", "/spaces/talks/outbox"] {
        let (status, body) = network.call(Method::GET, alpha.url(path), None, None).await;
        assert_eq!(status, 401, "{path}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains("signed"),
            "{body}"
        );
    }
    // Its own key stays readable, so others can verify it.
    let (status, _) = network
        .call(Method::GET, alpha.url("/actor"), None, None)
        .await;
    assert_eq!(status, 200);
    // Beta signs its fetches with its instance actor: following works.
    follow_news_on(&network, &amina, &bruno).await;

    // Once alpha suspends beta, even beta's signed fetches are refused.
    let root = network.staff(alpha, "root", "admin").await.unwrap();
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/admin/federation/rules"),
            Some(&root),
            Some(json!({"domain": "beta.test", "action": "suspend"})),
        )
        .await;
    assert_eq!(status, 201);
    let beta = network.instance("beta.test");
    let (status, answer) = network
        .call(
            Method::POST,
            beta.url("/api/v1/follows"),
            Some(&bruno),
            Some(json!({"handle": "http://alpha.test/spaces/talks"})),
        )
        .await;
    assert_eq!(status, 502, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("this instance does not federate with yours"),
        "{answer}"
    );
}

async fn follow_news_on(network: &Network, amina: &str, bruno: &str) {
    follow_news(network, amina, bruno).await;
}
