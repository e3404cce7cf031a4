//! Moderation across instances: reports forwarded as `Flag`, refused by
//! a `reject_reports` rule, and a remote actor banned from a space.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(20);

async fn titles(network: &Network, instance: &Instance, space: &str, token: &str) -> String {
    let (_, page) = network
        .call(
            Method::GET,
            instance.url(&format!("/api/v1/spaces/{space}/posts")),
            Some(token),
            None,
        )
        .await;
    page["items"].to_string()
}

#[tokio::test]
async fn reports_travel_as_flags_and_bans_hold_across_instances() {
    let network = Network::start(&["alpha.test", "beta.test", "gamma.test"])
        .await
        .unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let gamma = network.instance("gamma.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let chloe = network.member(gamma, "chloe").await.unwrap();
    let moderator = network.staff(alpha, "mod", "moderator").await.unwrap();
    let admin = network.staff(alpha, "root", "admin").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "news", "title": "News", "visibility": "public"})),
        )
        .await;
    let mut spaces = Vec::new();
    for (instance, token) in [(beta, &bruno), (gamma, &chloe)] {
        let (status, follow) = network
            .call(
                Method::POST,
                instance.url("/api/v1/follows"),
                Some(token),
                Some(json!({"handle": "@news@alpha.test"})),
            )
            .await;
        assert_eq!(status, 202);
        spaces.push(follow["space_id"].as_i64().unwrap().to_string());
        eventually("the follow is accepted", DEADLINE, || async {
            let (_, list) = network
                .call(
                    Method::GET,
                    instance.url("/api/v1/follows"),
                    Some(token),
                    None,
                )
                .await;
            (list[0]["state"] == "accepted").then_some(())
        })
        .await;
    }
    let (space_beta, space_gamma) = (spaces[0].clone(), spaces[1].clone());

    // Amina's post reaches beta; bruno reports it there and forwards it.
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "Disputed", "body": "text"})),
        )
        .await;
    eventually("beta has the post", DEADLINE, || async {
        titles(&network, beta, &space_beta, &bruno)
            .await
            .contains("Disputed")
            .then_some(())
    })
    .await;
    let (_, page) = network
        .call(
            Method::GET,
            beta.url(&format!("/api/v1/spaces/{space_beta}/posts")),
            Some(&bruno),
            None,
        )
        .await;
    let post_on_beta = page["items"][0]["id"].as_i64().unwrap();
    let (status, report) = network
        .call(
            Method::POST,
            beta.url("/api/v1/reports"),
            Some(&bruno),
            Some(json!({"post_id": post_on_beta, "reason": "misleading", "forward": true})),
        )
        .await;
    assert_eq!(status, 201, "{report}");
    assert_eq!(report["account"], "amina@alpha.test");
    assert_eq!(report["forwarded"], true);
    let queue: Value = eventually("alpha's moderators get the Flag", DEADLINE, || async {
        let (_, queue) = network
            .call(
                Method::GET,
                alpha.url("/api/v1/admin/reports"),
                Some(&moderator),
                None,
            )
            .await;
        (queue.as_array().is_some_and(|q| q.len() == 1)).then_some(queue)
    })
    .await;
    assert_eq!(queue[0]["origin_domain"], "beta.test");
    assert_eq!(queue[0]["account"], "amina");
    assert_eq!(queue[0]["reason"], "misleading");
    assert!(
        queue[0]["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("Disputed")
    );
    // The reporter stays anonymous: the Flag came from beta's instance actor.
    assert_eq!(queue[0]["reporter"], Value::Null);

    // Alpha refuses reports from gamma: its Flag is dropped.
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/admin/federation/rules"),
            Some(&admin),
            Some(json!({"domain": "gamma.test", "action": "none", "reject_reports": true})),
        )
        .await;
    assert_eq!(status, 201);
    let (_, page) = network
        .call(
            Method::GET,
            gamma.url(&format!("/api/v1/spaces/{space_gamma}/posts")),
            Some(&chloe),
            None,
        )
        .await;
    let post_on_gamma = page["items"][0]["id"].as_i64().unwrap();
    let (status, report) = network
        .call(
            Method::POST,
            gamma.url("/api/v1/reports"),
            Some(&chloe),
            Some(json!({"post_id": post_on_gamma, "reason": "spam", "forward": true})),
        )
        .await;
    assert_eq!(status, 201, "{report}");
    eventually("gamma's Flag is delivered", DEADLINE, || async {
        gamma.drained().await.then_some(())
    })
    .await;
    let (_, queue) = network
        .call(
            Method::GET,
            alpha.url("/api/v1/admin/reports"),
            Some(&moderator),
            None,
        )
        .await;
    assert_eq!(
        queue.as_array().unwrap().len(),
        1,
        "gamma's report was refused"
    );

    // Amina bans bruno@beta.test from the space: he is no longer a
    // follower, and what he sends into it is refused.
    let (status, answer) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/bans"),
            Some(&amina),
            Some(json!({"account": "bruno@beta.test", "reason": "spam"})),
        )
        .await;
    assert_eq!(status, 204, "{answer}");
    let (_, followers) = network
        .call(Method::GET, alpha.url("/spaces/news/followers"), None, None)
        .await;
    assert_eq!(followers["totalItems"], 1);
    network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/spaces/{space_beta}/posts")),
            Some(&bruno),
            Some(json!({"title": "From a banned actor", "body": "refused"})),
        )
        .await;
    eventually("beta's delivery is answered", DEADLINE, || async {
        beta.drained().await.then_some(())
    })
    .await;
    let stored: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM posts WHERE title = 'From a banned actor'")
            .fetch_one(&alpha.state.db.read)
            .await
            .unwrap();
    assert_eq!(stored.0, 0);
}
