//! A private space never leaves its home server: another instance learns
//! nothing about it by fetching, WebFinger, collections, counts, mentions
//! or guessing ids.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Network, eventually};
use reqwest::Method;
use serde_json::json;

const DEADLINE: Duration = Duration::from_secs(20);

#[tokio::test]
async fn a_remote_instance_learns_nothing_about_a_private_space() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let call = |method: Method, url: String, token: Option<&str>, body| {
        let token = token.map(str::to_owned);
        let network = &network;
        async move { network.call(method, url, token.as_deref(), body).await }
    };

    for (slug, visibility) in [("news", "public"), ("case-17", "private")] {
        let (status, _) = call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": slug, "title": slug, "visibility": visibility})),
        )
        .await;
        assert_eq!(status, 201);
    }
    // Beta follows the public space, so it is a delivery target.
    let (status, _) = call(
        Method::POST,
        beta.url("/api/v1/follows"),
        Some(&bruno),
        Some(json!({"handle": "@news@alpha.test"})),
    )
    .await;
    assert_eq!(status, 202);
    eventually("the follow is accepted", DEADLINE, || async {
        let (_, list) = call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None).await;
        (list[0]["state"] == "accepted").then_some(())
    })
    .await;

    // Private content: a post mentioning a remote member, a comment, a reaction.
    let (_, secret) = call(
        Method::POST,
        alpha.url("/api/v1/spaces/case-17/posts"),
        Some(&amina),
        Some(json!({"title": "Witness list", "body": "Ask @bruno@beta.test and @amina about the witness list."})),
    )
    .await;
    let secret_id = secret["id"].as_i64().unwrap();
    // Bruno is known on alpha (he follows a space), so the mention is
    // recognised and linked: it would be delivered, were the space public.
    assert_eq!(
        secret["mentions"],
        json!(["bruno@beta.test", "amina"]),
        "{secret}"
    );
    let (status, _) = call(
        Method::POST,
        alpha.url(&format!("/api/v1/posts/{secret_id}/comments")),
        Some(&amina),
        Some(json!({"body": "Confidential."})),
    )
    .await;
    assert_eq!(status, 201);
    call(
        Method::POST,
        alpha.url(&format!("/api/v1/posts/{secret_id}/reactions")),
        Some(&amina),
        Some(json!({"emoji": "👍"})),
    )
    .await;
    // A public post that links to the private one.
    let (_, linking) = call(
        Method::POST,
        alpha.url("/api/v1/spaces/news/posts"),
        Some(&amina),
        Some(
            json!({"title": "Linking", "body": format!("See http://alpha.test/posts/{secret_id}")}),
        ),
    )
    .await;
    let linking_id = linking["id"].as_i64().unwrap();
    let (_, public) = call(
        Method::POST,
        alpha.url("/api/v1/spaces/news/posts"),
        Some(&amina),
        Some(json!({"title": "Public notice", "body": "Open to all, @bruno@beta.test."})),
    )
    .await;
    let public_id = public["id"].as_i64().unwrap();
    // Once the later public post has arrived, the queue has run past the
    // private ones.
    eventually("beta receives the public post", DEADLINE, || async {
        let (_, home) = call(
            Method::GET,
            beta.url("/api/v1/feeds/home"),
            Some(&bruno),
            None,
        )
        .await;
        home["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|p| p["title"] == "Public notice"))
            .then_some(())
    })
    .await;

    // Every AS2 URL answers exactly like a missing object.
    let missing = |path: &str| alpha.url(path);
    let pairs = [
        ("/spaces/case-17", "/spaces/no-such-space"),
        ("/spaces/case-17/outbox", "/spaces/no-such-space/outbox"),
        (
            "/spaces/case-17/outbox?page=1",
            "/spaces/no-such-space/outbox?page=1",
        ),
        (
            "/spaces/case-17/followers",
            "/spaces/no-such-space/followers",
        ),
        (
            "/spaces/case-17/moderators",
            "/spaces/no-such-space/moderators",
        ),
        (&*format!("/posts/{secret_id}"), "/posts/999999"),
        ("/comments/1", "/comments/999999"),
        (
            "/.well-known/webfinger?resource=acct:case-17@alpha.test",
            "/.well-known/webfinger?resource=acct:no-such-space@alpha.test",
        ),
        (
            "/.well-known/webfinger?resource=http://alpha.test/spaces/case-17",
            "/.well-known/webfinger?resource=http://alpha.test/spaces/no-such-space",
        ),
    ];
    for (private, absent) in pairs {
        let a = call(Method::GET, alpha.url(private), None, None).await;
        let b = call(Method::GET, missing(absent), None, None).await;
        assert_eq!(a.0, 404, "{private}");
        assert_eq!(a, b, "{private} must answer like {absent}");
    }
    // POST to the private space's inbox: same as a missing space's.
    let a = call(
        Method::POST,
        alpha.url("/spaces/case-17/inbox"),
        None,
        Some(json!({})),
    )
    .await;
    let b = call(
        Method::POST,
        alpha.url("/spaces/no-such-space/inbox"),
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(a, b);

    // Guessing ids: ids are random, so the neighbours of known ids (and
    // the small numbers) are nothing; only the public posts answer.
    let mut guesses: Vec<i64> = [linking_id, public_id, secret_id]
        .iter()
        .flat_map(|&id| id - 5..=id + 5)
        .chain(1..=20)
        .collect();
    guesses.sort_unstable();
    guesses.dedup();
    let mut found = Vec::new();
    for id in guesses {
        let (status, _) = call(Method::GET, alpha.url(&format!("/posts/{id}")), None, None).await;
        if status == 200 {
            found.push(id);
        }
    }
    let mut public = vec![linking_id, public_id];
    public.sort_unstable();
    assert_eq!(found, public);

    // Counts: only public content.
    let (_, info) = call(Method::GET, alpha.url("/nodeinfo/2.1"), None, None).await;
    assert_eq!(info["usage"]["localPosts"], 2);
    assert_eq!(info["usage"]["localComments"], 0);
    assert_eq!(info["metadata"]["publicSpaces"], 1);
    let (_, outbox) = call(Method::GET, alpha.url("/users/amina/outbox"), None, None).await;
    assert_eq!(outbox["totalItems"], 2);
    let (_, outbox) = call(
        Method::GET,
        alpha.url("/users/amina/outbox?page=1"),
        None,
        None,
    )
    .await;
    assert!(!outbox.to_string().contains("Witness"));

    // Following it from beta fails like following nothing.
    let a = call(
        Method::POST,
        beta.url("/api/v1/follows"),
        Some(&bruno),
        Some(json!({"handle": "@case-17@alpha.test"})),
    )
    .await;
    let b = call(
        Method::POST,
        beta.url("/api/v1/follows"),
        Some(&bruno),
        Some(json!({"handle": "@no-such-space@alpha.test"})),
    )
    .await;
    assert_ne!(a.0, 202);
    assert_eq!(a, b);

    // Nothing private was ever queued on alpha, nor arrived on beta: not
    // the post, its comment, its reaction, the mention, nor the public
    // post that links to it.
    eventually("alpha's queue drains", DEADLINE, || async {
        alpha.drained().await.then_some(())
    })
    .await;
    let bodies: Vec<(String,)> = sqlx::query_as("SELECT body FROM outbound_activities")
        .fetch_all(&alpha.state.db.read)
        .await
        .unwrap();
    assert!(!bodies.is_empty());
    for (body,) in &bodies {
        assert!(!body.contains("Witness"), "{body}");
        assert!(!body.contains("Confidential"), "{body}");
        assert!(!body.contains("case-17"), "{body}");
        assert!(!body.contains(&format!("/posts/{secret_id}")), "{body}");
    }
    // The public mention was delivered to bruno's instance directly (as
    // amina's Create with a Mention tag), besides the group's Announce.
    let mentions: Vec<&(String,)> = bodies
        .iter()
        .filter(|(b,)| b.contains("\"Mention\"") && b.contains("http://beta.test/users/bruno"))
        .collect();
    assert!(
        !mentions.is_empty(),
        "no delivery carried the public mention"
    );
    let direct = mentions.iter().any(|(b,)| {
        b.contains("\"type\":\"Create\"")
            && b.contains("\"actor\":\"http://alpha.test/users/amina\"")
    });
    assert!(direct, "the mention went out only inside the Announce");
    let stored: Vec<(String,)> = sqlx::query_as("SELECT title FROM posts")
        .fetch_all(&beta.state.db.read)
        .await
        .unwrap();
    let titles: Vec<&str> = stored.iter().map(|(t,)| t.as_str()).collect();
    assert_eq!(
        titles,
        vec!["Public notice"],
        "beta stored only the public post"
    );
}
