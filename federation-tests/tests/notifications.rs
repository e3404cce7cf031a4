//! Notifications across instances: a remote member's comment and reaction
//! tell the local author, and the answer to a follow tells the follower.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(20);

/// The notification of `kind` that `token`'s member has on `instance`.
async fn notification(
    network: &Network,
    instance: &Instance,
    token: &str,
    kind: &str,
) -> Option<Value> {
    let (_, notes) = network
        .call(
            Method::GET,
            instance.url("/api/v1/notifications"),
            Some(token),
            None,
        )
        .await;
    notes
        .as_array()?
        .iter()
        .find(|n| n["kind"] == kind)
        .cloned()
}

#[tokio::test]
async fn a_remote_comment_and_reaction_tell_the_local_author() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "news", "title": "Regional news", "visibility": "public"})),
        )
        .await;
    assert_eq!(status, 201);

    // Bruno follows from beta: the answer is told to him there.
    let (status, follow) = network
        .call(
            Method::POST,
            beta.url("/api/v1/follows"),
            Some(&bruno),
            Some(json!({"handle": "@news@alpha.test"})),
        )
        .await;
    assert_eq!(status, 202, "{follow}");
    let space_on_beta = follow["space_id"].as_i64().unwrap();
    let approved = eventually("bruno hears his follow was accepted", DEADLINE, || async {
        notification(&network, beta, &bruno, "join.approved").await
    })
    .await;
    assert_eq!(
        approved["text"],
        "Your request to join Regional news was approved"
    );

    let (status, post) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "Hearing on Monday", "body": "The court sits at 9."})),
        )
        .await;
    assert_eq!(status, 201, "{post}");
    let alpha_post = post["id"].as_i64().unwrap();
    // Bruno, a member of beta's copy, hears of the new post there.
    let new = eventually(
        "the post reaches beta and bruno hears of it",
        DEADLINE,
        || async { notification(&network, beta, &bruno, "post.new").await },
    )
    .await;
    let text = new["text"].as_str().unwrap();
    assert!(
        text.ends_with(" posted “Hearing on Monday” in Regional news"),
        "{text}"
    );
    assert_eq!(new["actor"], "amina@alpha.test");
    assert_eq!(new["space"], "news@alpha.test");
    assert_eq!(new["link"], format!("/post/{}", new["post_id"]));
    let beta_post = new["post_id"].as_i64().unwrap();
    assert!(space_on_beta > 0);

    let (status, _) = network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/posts/{beta_post}/comments")),
            Some(&bruno),
            Some(json!({"body": "I will attend, and bring the file."})),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/posts/{beta_post}/reactions")),
            Some(&bruno),
            Some(json!({"emoji": "🎉"})),
        )
        .await;
    assert_eq!(status, 200);

    let commented = eventually("amina hears of bruno's comment", DEADLINE, || async {
        notification(&network, alpha, &amina, "comment.on_post").await
    })
    .await;
    assert_eq!(commented["actor"], "bruno@beta.test");
    let text = commented["text"].as_str().unwrap();
    assert!(
        text.ends_with(" commented on your post “Hearing on Monday” in Regional news"),
        "{text}"
    );
    assert_eq!(commented["excerpt"], "I will attend, and bring the file.");
    assert!(
        commented["link"]
            .as_str()
            .unwrap()
            .starts_with(&format!("/post/{alpha_post}#comment-"))
    );
    let reacted = eventually("amina hears of bruno's reaction", DEADLINE, || async {
        notification(&network, alpha, &amina, "reaction").await
    })
    .await;
    assert_eq!(reacted["actor"], "bruno@beta.test");
    let text = reacted["text"].as_str().unwrap();
    assert!(
        text.ends_with(" reacted to your post “Hearing on Monday”"),
        "{text}"
    );
}
