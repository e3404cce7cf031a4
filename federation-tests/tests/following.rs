//! Public spaces followed across instances (FEP-1b12), over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Network, eventually};
use reqwest::Method;
use serde_json::json;

const DEADLINE: Duration = Duration::from_secs(20);

/// Titles of the posts of `space` on `url_base` as `token` sees them.
async fn titles(network: &Network, url: String, token: &str) -> Vec<String> {
    let (status, page) = network.call(Method::GET, url, Some(token), None).await;
    if status != 200 {
        return Vec::new();
    }
    page["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|p| p["title"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_public_space_is_followed_and_content_flows_both_ways() {
    let network = Network::start(&["alpha.test", "beta.test", "gamma.test"])
        .await
        .unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let gamma = network.instance("gamma.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let chloe = network.member(gamma, "chloe").await.unwrap();

    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "news", "title": "Regional news", "visibility": "public"})),
        )
        .await;
    assert_eq!(status, 201);
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "Before anyone followed", "body": "Backfilled later."})),
        )
        .await;
    assert_eq!(status, 201);

    // Bruno on beta follows by handle; it is pending until alpha accepts.
    let (status, follow) = network
        .call(
            Method::POST,
            beta.url("/api/v1/follows"),
            Some(&bruno),
            Some(json!({"handle": "@news@alpha.test"})),
        )
        .await;
    assert_eq!(status, 202, "{follow}");
    assert_eq!(follow["handle"], "news@alpha.test");
    assert_eq!(follow["url"], "http://alpha.test/spaces/news");
    let space_on_beta = follow["space_id"].as_i64().unwrap();
    eventually("beta sees the follow accepted", DEADLINE, || async {
        let (_, list) = network
            .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
            .await;
        (list[0]["state"] == "accepted").then_some(())
    })
    .await;
    // The space's recent posts were fetched from its outbox.
    let beta_posts = beta.url(&format!("/api/v1/spaces/{space_on_beta}/posts"));
    eventually("beta backfills the space", DEADLINE, || async {
        let t = titles(&network, beta_posts.clone(), &bruno).await;
        t.contains(&"Before anyone followed".to_owned())
            .then_some(())
    })
    .await;

    // Chloe on gamma follows by URL.
    let (status, follow) = network
        .call(
            Method::POST,
            gamma.url("/api/v1/follows"),
            Some(&chloe),
            Some(json!({"handle": "http://alpha.test/spaces/news"})),
        )
        .await;
    assert_eq!(status, 202, "{follow}");
    let space_on_gamma = follow["space_id"].as_i64().unwrap();
    let gamma_posts = gamma.url(&format!("/api/v1/spaces/{space_on_gamma}/posts"));
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
    let (_, followers) = network
        .call(Method::GET, alpha.url("/spaces/news/followers"), None, None)
        .await;
    assert_eq!(followers["totalItems"], 2);

    // A new post on alpha reaches both followers.
    let (_, post) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            Some(&amina),
            Some(json!({"title": "Hearing on Monday", "body": "The court sits at **9**."})),
        )
        .await;
    let alpha_post = post["id"].as_i64().unwrap();
    for (what, url, token) in [
        ("beta", beta_posts.clone(), &bruno),
        ("gamma", gamma_posts.clone(), &chloe),
    ] {
        eventually(
            &format!("{what} receives alpha's post"),
            DEADLINE,
            || async {
                let t = titles(&network, url.clone(), token).await;
                t.contains(&"Hearing on Monday".to_owned()).then_some(())
            },
        )
        .await;
    }
    // It shows in Bruno's home feed, with its author's remote handle.
    let (_, home) = network
        .call(
            Method::GET,
            beta.url("/api/v1/feeds/home"),
            Some(&bruno),
            None,
        )
        .await;
    let item = home["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "Hearing on Monday")
        .cloned()
        .unwrap();
    assert_eq!(item["author"]["username"], "amina@alpha.test", "{item}");
    assert!(
        item["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>9</strong>")
    );

    // Bruno posts into the space from beta: alpha stores it and announces
    // it to gamma.
    let (status, _) = network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/spaces/{space_on_beta}/posts")),
            Some(&bruno),
            Some(json!({"title": "Report from Kinshasa", "body": "Notes from the field."})),
        )
        .await;
    assert_eq!(status, 201);
    eventually("alpha stores bruno's post", DEADLINE, || async {
        let t = titles(&network, alpha.url("/api/v1/spaces/news/posts"), &amina).await;
        t.contains(&"Report from Kinshasa".to_owned()).then_some(())
    })
    .await;
    eventually(
        "gamma receives bruno's post through alpha",
        DEADLINE,
        || async {
            let t = titles(&network, gamma_posts.clone(), &chloe).await;
            t.contains(&"Report from Kinshasa".to_owned()).then_some(())
        },
    )
    .await;

    // Find alpha's post on beta and comment on it; Chloe likes it.
    let beta_id = remote_id(&network, beta_posts.clone(), &bruno, "Hearing on Monday").await;
    let (status, _) = network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/posts/{beta_id}/comments")),
            Some(&bruno),
            Some(json!({"body": "I will attend."})),
        )
        .await;
    assert_eq!(status, 201);
    let gamma_id = remote_id(&network, gamma_posts.clone(), &chloe, "Hearing on Monday").await;
    let (status, _) = network
        .call(
            Method::POST,
            gamma.url(&format!("/api/v1/posts/{gamma_id}/reactions")),
            Some(&chloe),
            Some(json!({"emoji": "🎉"})),
        )
        .await;
    assert_eq!(status, 200);
    eventually(
        "alpha has bruno's comment and chloe's reaction",
        DEADLINE,
        || async {
            let (_, thread) = network
                .call(
                    Method::GET,
                    alpha.url(&format!("/api/v1/posts/{alpha_post}/comments")),
                    None,
                    None,
                )
                .await;
            let (_, post) = network
                .call(
                    Method::GET,
                    alpha.url(&format!("/api/v1/posts/{alpha_post}")),
                    None,
                    None,
                )
                .await;
            let commented = thread[0]["body"] == "I will attend.";
            let liked = post["reactions"]
                .as_array()
                .is_some_and(|r| r.iter().any(|x| x["emoji"] == "🎉"));
            (commented && liked).then_some(())
        },
    )
    .await;
    eventually("gamma sees bruno's comment", DEADLINE, || async {
        let (_, thread) = network
            .call(
                Method::GET,
                gamma.url(&format!("/api/v1/posts/{gamma_id}/comments")),
                None,
                None,
            )
            .await;
        (thread[0]["author"]["username"] == "bruno@beta.test").then_some(())
    })
    .await;

    // Bruno edits his comment, then deletes it; Chloe takes her 🎉 back.
    let (_, thread) = network
        .call(
            Method::GET,
            beta.url(&format!("/api/v1/posts/{beta_id}/comments")),
            None,
            None,
        )
        .await;
    let comment_on_beta = thread[0]["id"].as_i64().unwrap();
    let (status, _) = network
        .call(
            Method::PATCH,
            beta.url(&format!("/api/v1/comments/{comment_on_beta}")),
            Some(&bruno),
            Some(json!({"body": "I will attend, with a colleague."})),
        )
        .await;
    assert_eq!(status, 200);
    for (what, url) in [
        (
            "alpha",
            alpha.url(&format!("/api/v1/posts/{alpha_post}/comments")),
        ),
        (
            "gamma",
            gamma.url(&format!("/api/v1/posts/{gamma_id}/comments")),
        ),
    ] {
        eventually(
            &format!("the comment's edit reaches {what}"),
            DEADLINE,
            || async {
                let (_, thread) = network.call(Method::GET, url.clone(), None, None).await;
                (thread[0]["body"] == "I will attend, with a colleague.").then_some(())
            },
        )
        .await;
    }
    let (status, _) = network
        .call(
            Method::DELETE,
            beta.url(&format!("/api/v1/comments/{comment_on_beta}")),
            Some(&bruno),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, _) = network
        .call(
            Method::DELETE,
            gamma.url(&format!("/api/v1/posts/{gamma_id}/reactions/%F0%9F%8E%89")),
            Some(&chloe),
            None,
        )
        .await;
    assert_eq!(status, 204);
    eventually(
        "alpha sees the comment deleted and the reaction gone",
        DEADLINE,
        || async {
            let (_, thread) = network
                .call(
                    Method::GET,
                    alpha.url(&format!("/api/v1/posts/{alpha_post}/comments")),
                    None,
                    None,
                )
                .await;
            let (_, post) = network
                .call(
                    Method::GET,
                    alpha.url(&format!("/api/v1/posts/{alpha_post}")),
                    None,
                    None,
                )
                .await;
            let deleted = thread[0]["deleted"] == true;
            let unliked = post["reactions"].as_array().is_some_and(Vec::is_empty);
            (deleted && unliked).then_some(())
        },
    )
    .await;
    eventually("gamma sees the comment deleted", DEADLINE, || async {
        let (_, thread) = network
            .call(
                Method::GET,
                gamma.url(&format!("/api/v1/posts/{gamma_id}/comments")),
                None,
                None,
            )
            .await;
        (thread[0]["deleted"] == true).then_some(())
    })
    .await;

    // The author edits, then deletes: both reach every follower.
    let (status, _) = network
        .call(
            Method::PATCH,
            alpha.url(&format!("/api/v1/posts/{alpha_post}")),
            Some(&amina),
            Some(json!({"title": "Hearing moved to Tuesday"})),
        )
        .await;
    assert_eq!(status, 200);
    eventually("the edit reaches beta", DEADLINE, || async {
        let t = titles(&network, beta_posts.clone(), &bruno).await;
        t.contains(&"Hearing moved to Tuesday".to_owned())
            .then_some(())
    })
    .await;
    let (status, _) = network
        .call(
            Method::DELETE,
            alpha.url(&format!("/api/v1/posts/{alpha_post}")),
            Some(&amina),
            None,
        )
        .await;
    assert_eq!(status, 204);
    for (what, url, token) in [
        ("beta", beta_posts.clone(), &bruno),
        ("gamma", gamma_posts.clone(), &chloe),
    ] {
        eventually(
            &format!("the deletion reaches {what}"),
            DEADLINE,
            || async {
                let t = titles(&network, url.clone(), token).await;
                (!t.iter().any(|t| t.starts_with("Hearing"))).then_some(())
            },
        )
        .await;
    }
    let (status, tombstone) = network
        .call(
            Method::GET,
            alpha.url(&format!("/posts/{alpha_post}")),
            None,
            None,
        )
        .await;
    assert_eq!(status, 410);
    assert_eq!(tombstone["type"], "Tombstone");
    let (status, _) = network
        .call(
            Method::GET,
            beta.url(&format!("/api/v1/posts/{beta_id}")),
            Some(&bruno),
            None,
        )
        .await;
    assert_eq!(status, 410, "beta keeps a tombstone");

    // Unfollowing sends Undo(Follow): alpha forgets the follower.
    let (status, _) = network
        .call(
            Method::DELETE,
            beta.url(&format!("/api/v1/follows/{space_on_beta}")),
            Some(&bruno),
            None,
        )
        .await;
    assert_eq!(status, 204);
    eventually("alpha drops beta's follower", DEADLINE, || async {
        let (_, followers) = network
            .call(Method::GET, alpha.url("/spaces/news/followers"), None, None)
            .await;
        (followers["totalItems"] == 1).then_some(())
    })
    .await;
}

async fn remote_id(network: &Network, url: String, token: &str, title: &str) -> i64 {
    let (_, page) = network.call(Method::GET, url, Some(token), None).await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == title)
        .and_then(|p| p["id"].as_i64())
        .unwrap()
}

#[tokio::test]
async fn discovery_documents_describe_public_actors() {
    let network = Network::start(&["alpha.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "talks", "title": "Monthly talks", "visibility": "public"})),
        )
        .await;
    let (status, finger) = network
        .call(
            Method::GET,
            alpha.url("/.well-known/webfinger?resource=acct:talks@alpha.test"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    let link = finger["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "self")
        .unwrap()
        .clone();
    assert_eq!(link["href"], "http://alpha.test/spaces/talks");
    assert_eq!(
        link["properties"]["https://www.w3.org/ns/activitystreams#type"],
        "Group"
    );

    let (_, person) = network
        .call(Method::GET, alpha.url("/users/amina"), None, None)
        .await;
    assert_eq!(person["type"], "Person");
    assert!(
        person["@context"]
            .to_string()
            .contains("https://w3id.org/security/v1")
    );
    assert!(
        person["publicKey"]["publicKeyPem"]
            .as_str()
            .unwrap()
            .contains("BEGIN PUBLIC KEY")
    );
    assert_eq!(
        person["publicKey"]["id"],
        "http://alpha.test/users/amina#main-key"
    );

    let (_, group) = network
        .call(Method::GET, alpha.url("/spaces/talks"), None, None)
        .await;
    assert_eq!(group["type"], "Group");
    assert_eq!(group["manuallyApprovesFollowers"], false);
    let (_, moderators) = network
        .call(
            Method::GET,
            alpha.url("/spaces/talks/moderators?page=1"),
            None,
            None,
        )
        .await;
    assert_eq!(
        moderators["orderedItems"],
        json!(["http://alpha.test/users/amina"])
    );

    let (_, app) = network
        .call(Method::GET, alpha.url("/actor"), None, None)
        .await;
    assert_eq!(app["type"], "Service");

    let (_, links) = network
        .call(Method::GET, alpha.url("/.well-known/nodeinfo"), None, None)
        .await;
    assert_eq!(links["links"][0]["href"], "http://alpha.test/nodeinfo/2.1");
    let (_, info) = network
        .call(Method::GET, alpha.url("/nodeinfo/2.1"), None, None)
        .await;
    assert_eq!(info["version"], "2.1");
    assert_eq!(info["usage"]["users"]["total"], 1);
    assert_eq!(info["metadata"]["publicSpaces"], 1);
}
