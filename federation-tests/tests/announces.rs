//! A group's Announce carries authority only for its own content (issue
//! 13, point 5): real instances, real signed Announces from a real group.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora::federation::signatures;
use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

const DEADLINE: Duration = Duration::from_secs(20);

/// Signs and POSTs `activity` to gamma's shared inbox as beta's group
/// `slug`; returns the status and the answer's `status` text.
async fn announce_as(
    network: &Network,
    beta: &Instance,
    slug: &str,
    to: &Instance,
    n: u32,
    object: Value,
) -> (u16, String) {
    let (pem,): (String,) =
        sqlx::query_as("SELECT private_key_pem FROM spaces WHERE slug = $1 AND domain IS NULL")
            .bind(slug)
            .fetch_one(&beta.state.db.read)
            .await
            .unwrap();
    let group = beta.url(&format!("/spaces/{slug}"));
    let body = serde_json::to_vec(&json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": beta.url(&format!("/activities/announce/test-{slug}-{n}")),
        "type": "Announce",
        "actor": group,
        "object": object,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": [format!("{group}/followers")],
    }))
    .unwrap();
    let inbox = to.url("/inbox");
    let headers = signatures::sign(
        &Method::POST,
        &Url::parse(&inbox).unwrap(),
        Some(&body),
        &format!("{group}#main-key"),
        &signatures::private_key(&pem).unwrap(),
    )
    .unwrap();
    let response = network
        .client
        .post(&inbox)
        .headers(headers)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let answer: Value = response.json().await.unwrap();
    (
        status,
        answer["status"]
            .as_str()
            .or(answer["message"].as_str())
            .unwrap_or_default()
            .to_owned(),
    )
}

/// Creates a post through the API; returns its AS2 id.
async fn post(network: &Network, on: &Instance, token: &str, space: &str, title: &str) -> String {
    let (status, post) = network
        .call(
            Method::POST,
            on.url(&format!("/api/v1/spaces/{space}/posts")),
            Some(token),
            Some(json!({"title": title, "body": "Some text."})),
        )
        .await;
    assert_eq!(status, 201, "{post}");
    on.url(&format!("/posts/{}", post["id"].as_i64().unwrap()))
}

/// The space (`slug@domain` for a remote one) a post of that id is stored
/// in on `instance`, with its title and whether it is deleted.
async fn stored(instance: &Instance, ap_id: &str) -> Option<(String, String, bool)> {
    let row: Option<(String, Option<String>, String, Option<i64>)> = sqlx::query_as(
        "SELECT s.slug, s.domain, p.title, p.deleted_at FROM posts p \
         JOIN spaces s ON s.id = p.space_id WHERE p.ap_id = $1",
    )
    .bind(ap_id)
    .fetch_optional(&instance.state.db.read)
    .await
    .unwrap();
    row.map(|(slug, domain, title, deleted)| {
        (
            format!("{slug}@{}", domain.unwrap_or_default()),
            title,
            deleted.is_some(),
        )
    })
}

#[tokio::test]
async fn a_group_announces_only_its_own_content_and_only_to_its_followers() {
    let network = Network::start(&["alpha.test", "beta.test", "gamma.test"])
        .await
        .unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let gamma = network.instance("gamma.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let chloe = network.member(gamma, "chloe").await.unwrap();
    for (on, token, slug) in [
        (alpha, &amina, "news"),
        (beta, &bruno, "club"),
        (beta, &bruno, "chess"),
    ] {
        let (status, body) = network
            .call(
                Method::POST,
                on.url("/api/v1/spaces"),
                Some(token),
                Some(json!({"slug": slug, "title": slug, "visibility": "public"})),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let news_post = post(&network, alpha, &amina, "news", "Alpha news").await;
    let club_post = post(&network, beta, &bruno, "club", "Club meeting").await;
    let chess_post = post(&network, beta, &bruno, "chess", "Chess night").await;
    let create = |object: &str| {
        json!({"id": beta.url(&format!("/activities/create/{}", object.len())),
               "type": "Create", "actor": beta.url("/users/bruno"), "object": object})
    };

    // 1. Nobody on gamma follows the club: its Announce of its own post is
    // acknowledged and changes nothing.
    let (status, outcome) = announce_as(&network, beta, "club", gamma, 1, create(&club_post)).await;
    assert_eq!(status, 202, "{outcome}");
    assert!(outcome.starts_with("ignored: no member"), "{outcome}");
    assert_eq!(stored(gamma, &club_post).await, None);
    assert_eq!(gamma.count("SELECT COUNT(*) FROM posts").await, 0);

    // A dishonest beta lists alpha's post in the club's outbox (older than
    // the club's own post, so the backfill reaches it first).
    sqlx::query(
        "INSERT INTO posts (space_id, author_id, title, body_source, body_html, language, \
                            created_at, ap_id, id) \
         SELECT s.id, a.id, 'Alpha news', '', '', 'en', 0, $1, 4242 \
         FROM spaces s, accounts a WHERE s.slug = 'club' AND a.username = 'bruno'",
    )
    .bind(&news_post)
    .execute(beta.state.db.writer())
    .await
    .unwrap();

    // Chloe follows the club: its posts arrive (backfill), not alpha's.
    network.follow(gamma, &chloe, "@club@beta.test").await;
    eventually("gamma backfills the club", DEADLINE, || async {
        stored(gamma, &club_post).await.map(|_| ())
    })
    .await;
    assert_eq!(stored(gamma, &news_post).await, None);

    // 2. A followed group announcing what belongs to another group: a post
    // of alpha's news (fetched from alpha, it names news), a post of the
    // chess group on the club's own server (fetched, it names chess), a
    // Page embedded by the club's server that names no group at all.
    let (status, outcome) = announce_as(&network, beta, "club", gamma, 2, create(&news_post)).await;
    assert_eq!(status, 202, "{outcome}");
    assert!(
        outcome.contains("does not belong to this group"),
        "{outcome}"
    );
    assert_eq!(stored(gamma, &news_post).await, None);

    let (status, outcome) =
        announce_as(&network, beta, "club", gamma, 3, create(&chess_post)).await;
    assert_eq!(status, 202, "{outcome}");
    assert!(
        outcome.contains("does not belong to this group"),
        "{outcome}"
    );
    assert_eq!(stored(gamma, &chess_post).await, None);

    let orphan = beta.url("/posts/424242");
    let (status, outcome) = announce_as(
        &network,
        beta,
        "club",
        gamma,
        4,
        json!({"id": beta.url("/activities/create/orphan"), "type": "Create",
               "actor": beta.url("/users/bruno"),
               "object": {"id": orphan, "type": "Page", "name": "Of no group",
                          "content": "<p>x</p>", "attributedTo": beta.url("/users/bruno"),
                          "to": ["https://www.w3.org/ns/activitystreams#Public"]}}),
    )
    .await;
    assert_eq!(status, 202, "{outcome}");
    assert!(
        outcome.contains("does not belong to this group"),
        "{outcome}"
    );
    assert_eq!(stored(gamma, &orphan).await, None);

    // 3. Once news is followed too, its post is stored in news; the club
    // can neither take it over, edit it, delete it nor relay likes of it.
    network.follow(gamma, &chloe, "@news@alpha.test").await;
    eventually("gamma backfills news", DEADLINE, || async {
        stored(gamma, &news_post).await.map(|_| ())
    })
    .await;
    let in_news = stored(gamma, &news_post).await;
    let attempts = [
        json!({"id": beta.url("/activities/update/1"), "type": "Update",
               "actor": beta.url("/spaces/club"),
               "object": {"id": news_post, "type": "Page", "name": "Captured",
                          "content": "<p>mine</p>", "attributedTo": alpha.url("/users/amina"),
                          "audience": beta.url("/spaces/club"),
                          "to": [beta.url("/spaces/club")]}}),
        json!({"id": beta.url("/activities/delete/1"), "type": "Delete",
               "actor": beta.url("/spaces/club"), "object": news_post}),
        json!({"id": beta.url("/activities/like/1"), "type": "Like",
               "actor": beta.url("/users/bruno"), "object": news_post}),
    ];
    for (n, attempt) in attempts.into_iter().enumerate() {
        let (status, outcome) =
            announce_as(&network, beta, "club", gamma, 10 + n as u32, attempt).await;
        assert_eq!(status, 202, "{outcome}");
        assert!(outcome.starts_with("ignored"), "{outcome}");
    }
    assert_eq!(stored(gamma, &news_post).await, in_news);
    assert_eq!(
        in_news.map(|(space, _, _)| space).as_deref(),
        Some("news@alpha.test")
    );
    assert_eq!(gamma.count("SELECT COUNT(*) FROM reactions").await, 0);

    // What the club announces of its own still flows, through its real
    // Announce.
    let second = post(&network, beta, &bruno, "club", "Club dinner").await;
    eventually("gamma receives the club's new post", DEADLINE, || async {
        stored(gamma, &second).await.map(|_| ())
    })
    .await;
    assert_eq!(stored(gamma, &chess_post).await, None);
}
