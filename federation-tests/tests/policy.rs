//! Federation policy across real instances: suspension both ways, its
//! lifting, subdomains, Announces carrying blocked content, allowlist mode.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(20);

async fn admin(network: &Network, instance: &Instance) -> String {
    network.staff(instance, "root", "admin").await.unwrap()
}

async fn rule(network: &Network, instance: &Instance, token: &str, body: Value) {
    let (status, answer) = network
        .call(
            Method::POST,
            instance.url("/api/v1/admin/federation/rules"),
            Some(token),
            Some(body),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
}

async fn follow(network: &Network, instance: &Instance, token: &str, handle: &str) -> (u16, Value) {
    network
        .call(
            Method::POST,
            instance.url("/api/v1/follows"),
            Some(token),
            Some(json!({"handle": handle})),
        )
        .await
}

async fn queue_drained(instance: &Instance) {
    eventually(
        &format!("{}'s queue drains", instance.domain),
        DEADLINE,
        || async { instance.drained().await.then_some(()) },
    )
    .await;
}

#[tokio::test]
async fn a_suspended_domain_gets_nothing_and_sends_nothing() {
    let network = Network::start(&["alpha.test", "beta.test", "gamma.test", "eu.beta.test"])
        .await
        .unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let gamma = network.instance("gamma.test");
    let eu = network.instance("eu.beta.test");
    let root = admin(&network, alpha).await;
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let chloe = network.member(gamma, "chloe").await.unwrap();
    let eva = network.member(eu, "eva").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "news", "title": "News", "visibility": "public"})),
        )
        .await;

    // Before any rule: bruno follows, and gets alpha's posts.
    let (status, followed) = follow(&network, beta, &bruno, "@news@alpha.test").await;
    assert_eq!(status, 202, "{followed}");
    let news_on_beta = followed["space_id"].as_i64().unwrap();
    eventually("beta's follow is accepted", DEADLINE, || async {
        let (_, list) = network
            .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
            .await;
        (list[0]["state"] == "accepted").then_some(())
    })
    .await;

    // Alpha suspends beta.test (and so eu.beta.test).
    rule(
        &network,
        alpha,
        &root,
        json!({"domain": "BETA.test.", "action": "suspend", "public_reason": "spam"}),
    )
    .await;

    // Nothing goes out to beta any more.
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "While suspended", "body": "not for beta"})),
        )
        .await;
    // Once everything recorded is turned into deliveries, none is for beta.
    queue_drained(alpha).await;
    let to_beta = "SELECT COUNT(*) FROM deliveries WHERE host LIKE '%beta.test%'";
    assert_eq!(alpha.count(to_beta).await, 0);
    let outgoing = "SELECT COUNT(*) FROM outbound_activities WHERE body LIKE '%While suspended%'";
    assert_eq!(
        alpha.count(outgoing).await,
        0,
        "not even queued: beta was the only follower"
    );

    // Nothing from beta or its subdomain gets in: their Follows are refused
    // with 403 (and dropped by their senders), nothing is stored.
    let received_before = alpha
        .count("SELECT COUNT(*) FROM received_activities")
        .await;
    let (status, _) = follow(&network, eu, &eva, "@news@alpha.test").await;
    // eu.beta.test may still fetch alpha's public documents, but its Follow
    // is turned away at alpha's inbox.
    assert_eq!(status, 202);
    network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/spaces/{news_on_beta}/posts")),
            Some(&bruno),
            Some(json!({"title": "From beta", "body": "refused"})),
        )
        .await;
    queue_drained(beta).await;
    queue_drained(eu).await;
    assert_eq!(
        alpha
            .count("SELECT COUNT(*) FROM received_activities")
            .await,
        received_before
    );
    assert_eq!(
        alpha
            .count("SELECT COUNT(*) FROM posts WHERE title = 'From beta'")
            .await,
        0
    );
    assert_eq!(
        alpha
            .count("SELECT COUNT(*) FROM accounts WHERE domain = 'eu.beta.test'")
            .await,
        0
    );
    let (_, list) = network
        .call(Method::GET, eu.url("/api/v1/follows"), Some(&eva), None)
        .await;
    assert_eq!(list[0]["state"], "pending");

    // Alpha fetches nothing from beta: following a space there is refused.
    let (status, answer) = follow(&network, alpha, &amina, "@anything@beta.test").await;
    assert_eq!(status, 403, "{answer}");

    // The public list says so, with the public reason.
    let (_, list) = network
        .call(
            Method::GET,
            alpha.url("/api/v1/instance/federation"),
            None,
            None,
        )
        .await;
    assert_eq!(
        list["domains"],
        json!([{"domain": "beta.test", "severity": "suspend", "reason": "spam"}])
    );

    // Lifted: new activities reach beta again.
    let (status, _) = network
        .call(
            Method::DELETE,
            alpha.url("/api/v1/admin/federation/rules/beta.test"),
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, 204);
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "After the lift", "body": "for beta again"})),
        )
        .await;
    eventually("beta gets posts again", DEADLINE, || async {
        let (_, page) = network
            .call(
                Method::GET,
                beta.url(&format!("/api/v1/spaces/{news_on_beta}/posts")),
                Some(&bruno),
                None,
            )
            .await;
        let titles = page["items"].to_string();
        (titles.contains("After the lift")).then_some(titles)
    })
    .await;
    let (_, page) = network
        .call(
            Method::GET,
            beta.url(&format!("/api/v1/spaces/{news_on_beta}/posts")),
            Some(&bruno),
            None,
        )
        .await;
    assert!(
        !page.to_string().contains("While suspended"),
        "what was sent during the suspension stays unsent"
    );

    // Gamma follows alpha's space but suspends beta: bruno's post, relayed
    // by alpha's Announce, is dropped at gamma.
    let root_gamma = admin(&network, gamma).await;
    rule(
        &network,
        gamma,
        &root_gamma,
        json!({"domain": "beta.test", "action": "suspend"}),
    )
    .await;
    let (status, followed) = follow(&network, gamma, &chloe, "@news@alpha.test").await;
    assert_eq!(status, 202);
    let news_on_gamma = followed["space_id"].as_i64().unwrap();
    eventually("gamma's follow is accepted", DEADLINE, || async {
        let (_, list) = network
            .call(
                Method::GET,
                gamma.url("/api/v1/follows"),
                Some(&chloe),
                None,
            )
            .await;
        (list[0]["state"] == "accepted").then_some(())
    })
    .await;
    network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/spaces/{news_on_beta}/posts")),
            Some(&bruno),
            Some(json!({"title": "Relayed from beta", "body": "gamma must not store this"})),
        )
        .await;
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "Marker", "body": "sent after beta's post"})),
        )
        .await;
    eventually("alpha stores bruno's post", DEADLINE, || async {
        (alpha
            .count("SELECT COUNT(*) FROM posts WHERE title = 'Relayed from beta'")
            .await
            == 1)
            .then_some(())
    })
    .await;
    eventually("gamma gets the later marker", DEADLINE, || async {
        let (_, page) = network
            .call(
                Method::GET,
                gamma.url(&format!("/api/v1/spaces/{news_on_gamma}/posts")),
                Some(&chloe),
                None,
            )
            .await;
        page["items"].to_string().contains("Marker").then_some(())
    })
    .await;
    queue_drained(alpha).await;
    assert_eq!(
        gamma
            .count("SELECT COUNT(*) FROM posts WHERE title = 'Relayed from beta'")
            .await,
        0
    );
    assert_eq!(
        gamma
            .count("SELECT COUNT(*) FROM accounts WHERE domain = 'beta.test'")
            .await,
        0
    );
}

#[tokio::test]
async fn allowlist_mode_talks_only_to_listed_domains() {
    let network = Network::start_with(
        &["alpha.test", "beta.test", "gamma.test"],
        |domain, config| {
            if domain == "alpha.test" {
                config.federation_mode = agora::federation::policy::Mode::Allowlist;
            }
        },
    )
    .await
    .unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let gamma = network.instance("gamma.test");
    let root = admin(&network, alpha).await;
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let chloe = network.member(gamma, "chloe").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "coalition", "title": "Coalition", "visibility": "public"})),
        )
        .await;
    rule(
        &network,
        alpha,
        &root,
        json!({"domain": "gamma.test", "action": "allow"}),
    )
    .await;

    let (status, _) = follow(&network, gamma, &chloe, "@coalition@alpha.test").await;
    assert_eq!(status, 202);
    eventually(
        "the listed instance's follow is accepted",
        DEADLINE,
        || async {
            let (_, list) = network
                .call(
                    Method::GET,
                    gamma.url("/api/v1/follows"),
                    Some(&chloe),
                    None,
                )
                .await;
            (list[0]["state"] == "accepted").then_some(())
        },
    )
    .await;

    let (status, _) = follow(&network, beta, &bruno, "@coalition@alpha.test").await;
    assert_eq!(status, 202);
    queue_drained(beta).await;
    let (_, list) = network
        .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
        .await;
    assert_eq!(
        list[0]["state"], "pending",
        "an unlisted instance is not accepted"
    );
    assert_eq!(
        alpha
            .count("SELECT COUNT(*) FROM accounts WHERE domain = 'beta.test'")
            .await,
        0
    );
    let (status, _) = follow(&network, alpha, &amina, "@anything@beta.test").await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn stored_content_follows_the_rules_on_its_domain() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let root = admin(&network, alpha).await;
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "news", "title": "News", "visibility": "public"})),
        )
        .await;
    let (_, followed) = follow(&network, beta, &bruno, "@news@alpha.test").await;
    let space = followed["space_id"].as_i64().unwrap();
    eventually("accepted", DEADLINE, || async {
        let (_, list) = network
            .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
            .await;
        (list[0]["state"] == "accepted").then_some(())
    })
    .await;
    network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/spaces/{space}/posts")),
            Some(&bruno),
            Some(json!({"title": "From beta", "body": "text"})),
        )
        .await;
    let post: i64 = eventually("alpha stores bruno's post", DEADLINE, || async {
        let (_, page) = network
            .call(
                Method::GET,
                alpha.url("/api/v1/spaces/news/posts"),
                None,
                None,
            )
            .await;
        page["items"].as_array().and_then(|items| {
            items
                .iter()
                .find(|p| p["title"] == "From beta")
                .and_then(|p| p["id"].as_i64())
        })
    })
    .await;
    assert!(shows(&network, &amina, alpha.url("/api/v1/feeds/public")).await);

    // Limited: out of the public feed, still in the space it was posted to.
    rule(
        &network,
        alpha,
        &root,
        json!({"domain": "beta.test", "action": "limit"}),
    )
    .await;
    assert!(!shows(&network, &amina, alpha.url("/api/v1/feeds/public")).await);
    assert!(shows(&network, &amina, alpha.url("/api/v1/spaces/news/posts")).await);

    // Suspended: hidden everywhere.
    rule(
        &network,
        alpha,
        &root,
        json!({"domain": "beta.test", "action": "suspend"}),
    )
    .await;
    assert!(!shows(&network, &amina, alpha.url("/api/v1/spaces/news/posts")).await);
    let (status, _) = network
        .call(
            Method::GET,
            alpha.url(&format!("/api/v1/posts/{post}")),
            None,
            None,
        )
        .await;
    assert_eq!(status, 404);

    // Lifted: back.
    network
        .call(
            Method::DELETE,
            alpha.url("/api/v1/admin/federation/rules/beta.test"),
            Some(&root),
            None,
        )
        .await;
    assert!(shows(&network, &amina, alpha.url("/api/v1/feeds/public")).await);
    let (status, _) = network
        .call(
            Method::GET,
            alpha.url(&format!("/api/v1/posts/{post}")),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
}

async fn shows(network: &Network, token: &str, path: String) -> bool {
    let (_, page) = network.call(Method::GET, path, Some(token), None).await;
    page["items"].to_string().contains("From beta")
}

#[tokio::test]
async fn limited_follows_wait_for_approval_and_spaces_can_list_their_instances() {
    let network = Network::start(&["alpha.test", "beta.test", "gamma.test"])
        .await
        .unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let gamma = network.instance("gamma.test");
    let root = admin(&network, alpha).await;
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let chloe = network.member(gamma, "chloe").await.unwrap();
    for slug in ["news", "coalition"] {
        network
            .call(
                Method::POST,
                alpha.url("/api/v1/spaces"),
                Some(&amina),
                Some(json!({"slug": slug, "title": slug, "visibility": "public"})),
            )
            .await;
    }

    // Beta is limited on alpha: bruno's follow waits for amina.
    rule(
        &network,
        alpha,
        &root,
        json!({"domain": "beta.test", "action": "limit"}),
    )
    .await;
    follow(&network, beta, &bruno, "@news@alpha.test").await;
    let requests: Value = eventually("the follow waits on alpha", DEADLINE, || async {
        let (_, list) = network
            .call(
                Method::GET,
                alpha.url("/api/v1/spaces/news/follow-requests"),
                Some(&amina),
                None,
            )
            .await;
        list.as_array()
            .is_some_and(|l| l.len() == 1)
            .then_some(list)
    })
    .await;
    assert_eq!(requests[0]["account"], "bruno@beta.test");
    let (_, list) = network
        .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
        .await;
    assert_eq!(list[0]["state"], "pending");
    let (status, _) = network
        .call(
            Method::GET,
            alpha.url("/api/v1/spaces/news/follow-requests"),
            Some(&root),
            None,
        )
        .await;
    assert_eq!(status, 403, "for the space's managers");
    let id = requests[0]["id"].as_i64().unwrap();
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url(&format!("/api/v1/spaces/news/follow-requests/{id}/approve")),
            Some(&amina),
            None,
        )
        .await;
    assert_eq!(status, 204);
    eventually("approved: beta's follow is accepted", DEADLINE, || async {
        let (_, list) = network
            .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
            .await;
        (list[0]["state"] == "accepted").then_some(())
    })
    .await;

    // The coalition space federates with gamma only.
    let (status, settings) = network
        .call(
            Method::PUT,
            alpha.url("/api/v1/spaces/coalition/federation"),
            Some(&amina),
            Some(json!({"scope": "listed", "domains": ["GAMMA.test."]})),
        )
        .await;
    assert_eq!(status, 200, "{settings}");
    assert_eq!(settings["domains"], json!(["gamma.test"]));
    let (status, _) = network
        .call(
            Method::PUT,
            alpha.url("/api/v1/spaces/coalition/federation"),
            Some(&bruno),
            Some(json!({"scope": "everyone"})),
        )
        .await;
    assert_eq!(status, 401, "bruno has no account on alpha");
    follow(&network, gamma, &chloe, "@coalition@alpha.test").await;
    eventually("gamma's follow is accepted", DEADLINE, || async {
        let (_, list) = network
            .call(
                Method::GET,
                gamma.url("/api/v1/follows"),
                Some(&chloe),
                None,
            )
            .await;
        (list[0]["state"] == "accepted").then_some(())
    })
    .await;
    // Beta's is rejected: the Reject removes it on beta.
    follow(&network, beta, &bruno, "@coalition@alpha.test").await;
    eventually("beta's follow is rejected", DEADLINE, || async {
        let (_, list) = network
            .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
            .await;
        let coalition = list
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["handle"] == "coalition@alpha.test");
        (!coalition).then_some(())
    })
    .await;
    let (_, followers) = network
        .call(
            Method::GET,
            alpha.url("/spaces/coalition/followers"),
            None,
            None,
        )
        .await;
    assert_eq!(followers["totalItems"], 1);
}
