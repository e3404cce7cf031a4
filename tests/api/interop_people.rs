//! Issue 14, continued: what people elsewhere write is kept as they wrote
//! it (content warnings, links, pictures, language), members take part in
//! remote groups, and remote people's profiles, departures and restored
//! posts are followed. Same method as `interop.rs`.

use std::time::Duration;

use serde_json::json;

use crate::fixtures::request_data;
use crate::interop::{
    ANA, ANA_INBOX, CATEGORY, CATEGORY_INBOX, activity_json, from_ana, lemmy_post, queued_to,
    with_ana,
};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    warnings_links_pictures_and_languages_are_kept,
    members_take_part_in_a_remote_group_without_a_followers_collection,
    remote_people_update_leave_and_restore,
);

async fn warnings_links_pictures_and_languages_are_kept(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let post = app.post_in(&owner, "commons", "Hearing notes").await;
    let group = app.state.federation.urls.space("commons");

    // A Mastodon-style reply to the author only, behind a content warning,
    // with a picture (and its alt text).
    let reply = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/create/7", "type": "Create", "actor": ANA,
        "to": [app.state.federation.urls.person("owner")],
        "object": {
            "id": "http://lemmy.test/notes/7", "type": "Note", "attributedTo": ANA,
            "inReplyTo": app.state.federation.urls.post(post),
            "to": [app.state.federation.urls.person("owner")],
            "summary": "Graphic description", "sensitive": true,
            "content": "<p>What the witness saw</p><script>alert(1)</script>",
            "attachment": [{"type": "Document", "mediaType": "image/jpeg",
                            "url": "http://lemmy.test/media/court.jpg", "name": "The court <b>room</b>"}],
        },
    });
    assert_eq!(from_ana(&app, reply).await, (202, "stored".into()));
    let (_, thread) = app
        .get(&format!("/api/v1/posts/{post}/comments"), Some(&owner))
        .await;
    let html = thread.to_string();
    assert!(
        html.contains("<details><summary>Graphic description</summary><p>What the witness saw</p>"),
        "{html}"
    );
    // The picture is an attachment of the comment (its description kept as
    // plain text, escaped wherever it is shown), not a link in the text.
    let attachment = &thread[0]["attachments"][0];
    assert_eq!(
        attachment["url"], "http://lemmy.test/media/court.jpg",
        "{html}"
    );
    assert_eq!(attachment["description"], "The court <b>room</b>");
    assert_eq!(attachment["remote"], true);
    assert!(
        !thread[0]["body_html"].to_string().contains("court.jpg"),
        "{html}"
    );
    let page = crate::web_support::Browser::signed_in(&app, &owner)
        .await
        .get(&format!("/post/{post}"))
        .await;
    page.assert_contains("<a href=\"http://lemmy.test/media/court.jpg\"><bdi>The court &#60;b&#62;room&#60;/b&#62;</bdi></a>");
    assert!(!html.contains("<script"), "{html}");

    // A Lemmy link post in French: the link and the language are kept.
    let link_post = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/create/8", "type": "Create", "actor": ANA,
        "to": [group, "https://www.w3.org/ns/activitystreams#Public"], "audience": group,
        "object": {
            "id": "http://lemmy.test/post/8", "type": "Page", "attributedTo": ANA,
            "name": "Décision de la Cour", "content": "<p>À lire</p>",
            "attachment": [{"type": "Link", "href": "https://court.example/decision/2026-11"}],
            "language": {"identifier": "fr", "name": "Français"},
            "to": [group], "audience": group,
        },
    });
    assert_eq!(from_ana(&app, link_post).await, (202, "stored".into()));
    let (_, feed) = app.get("/api/v1/spaces/commons/posts", Some(&owner)).await;
    let stored = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "Décision de la Cour")
        .unwrap_or_else(|| panic!("{feed}"))
        .clone();
    assert_eq!(stored["language"], "fr");
    assert!(
        stored["body_html"]
            .as_str()
            .unwrap()
            .contains("href=\"https://court.example/decision/2026-11\""),
        "{stored}"
    );

    // Agora's own posts tell Lemmy their language the way it reads it.
    let (_, created) = app
        .post(
            "/api/v1/spaces/commons/posts",
            Some(&owner),
            json!({"title": "Rapport", "body": "Le rapport annuel", "language": "fr"}),
        )
        .await;
    let page = activity_json(&app, &format!("/posts/{}", created["id"])).await;
    assert_eq!(
        page["language"],
        json!({"identifier": "fr", "name": "Français"})
    );
    assert_eq!(page["contentMap"]["fr"], page["content"]);
}

/// Stores the NodeBB-like category (a Group with no followers collection)
/// and returns our copy of it: (space id, `slug@domain`).
pub(crate) async fn with_category(app: &TestApp) -> (i64, String) {
    app.state
        .federation
        .host_overrides
        .insert("nodebb.test", "127.0.0.1:9".parse().unwrap());
    let (public_pem, _) = agora::accounts::keys::generate().await.unwrap();
    let category = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": CATEGORY, "type": "Group", "preferredUsername": "human-rights", "name": "Human rights",
        "inbox": CATEGORY_INBOX, "outbox": format!("{CATEGORY}/outbox"),
        "publicKey": {"id": format!("{CATEGORY}#key"), "owner": CATEGORY, "publicKeyPem": public_pem},
    });
    let data = request_data(app).await;
    agora::federation::remote::actor_from_document(&data, category)
        .await
        .unwrap();
    sqlx::query_as("SELECT id, slug || '@' || domain FROM spaces WHERE ap_id = $1")
        .bind(CATEGORY)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap()
}

/// `member` follows the category (accepted) and takes part in it, as
/// `POST /follows` then the category's Accept leave them.
pub(crate) async fn follows_category(app: &TestApp, member: &crate::support::User) {
    let (account,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE username = $1")
        .bind(&member.name)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    let (space,): (i64,) = sqlx::query_as("SELECT id FROM spaces WHERE ap_id = $1")
        .bind(CATEGORY)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    let db = app.state.db.writer();
    sqlx::query(
        "INSERT INTO remote_follows (account_id, space_id, follow_id, state, created_at) \
         VALUES ($1, $2, 'http://agora.test/f/1', 'accepted', 0)",
    )
    .bind(account)
    .bind(space)
    .execute(db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO memberships (space_id, account_id, role, joined_at) \
         VALUES ($1, $2, 'contributor', 0)",
    )
    .bind(space)
    .bind(account)
    .execute(db)
    .await
    .unwrap();
}

async fn members_take_part_in_a_remote_group_without_a_followers_collection(backend: Backend) {
    let app = with_ana(backend).await;
    let (_, slug) = with_category(&app).await;
    let amina = app.user("amina").await;
    follows_category(&app, &amina).await;

    // She posts, comments and reacts there: each goes to the category's
    // inbox, addressed to it, with no made-up followers collection.
    let (status, post) = app
        .post(
            &format!("/api/v1/spaces/{slug}/posts"),
            Some(&amina),
            json!({"title": "From Agora", "body": "A topic for the forum"}),
        )
        .await;
    assert_eq!(status, 201, "{post}");
    let post = post["id"].as_i64().unwrap();
    let (status, comment) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&amina),
            json!({"body": "And a reply"}),
        )
        .await;
    assert_eq!(status, 201, "{comment}");
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{post}/reactions"),
            Some(&amina),
            json!({"emoji": "👍"}),
        )
        .await;
    assert!(status.is_success(), "{status}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let sent = loop {
        let sent = queued_to(&app, CATEGORY_INBOX).await;
        let kinds: Vec<(&str, &str)> = sent
            .iter()
            .map(|a| {
                (
                    a["type"].as_str().unwrap_or_default(),
                    a["object"]["type"].as_str().unwrap_or_default(),
                )
            })
            .collect();
        if kinds.contains(&("Create", "Page"))
            && kinds.contains(&("Create", "Note"))
            && kinds.iter().any(|(k, _)| *k == "Like")
        {
            break sent;
        }
        assert!(tokio::time::Instant::now() < deadline, "sent: {sent:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let own_base = app.state.federation.urls.base().to_owned();
    for activity in &sent {
        let text = activity.to_string();
        let local_name = slug.split('@').next().unwrap();
        assert!(
            !text.contains(&format!("{own_base}/spaces/{local_name}")),
            "a URL of ours made up for the category: {activity}"
        );
        assert!(text.contains(CATEGORY), "{activity}");
    }
}

/// The stored display name of ana.
async fn ana_name(app: &TestApp) -> String {
    let (name,): (String,) = sqlx::query_as("SELECT display_name FROM accounts WHERE ap_id = $1")
        .bind(ANA)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    name
}

/// Whether ana's post `n` is deleted here.
async fn deleted(app: &TestApp, n: u32) -> bool {
    let (deleted_at,): (Option<i64>,) =
        sqlx::query_as("SELECT deleted_at FROM posts WHERE ap_id = $1")
            .bind(format!("http://lemmy.test/post/{n}"))
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    deleted_at.is_some()
}

async fn remote_people_update_leave_and_restore(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    for n in 1..=2 {
        assert_eq!(
            from_ana(&app, lemmy_post(&app, "commons", n)).await,
            (202, "stored".into())
        );
    }

    // Update(Person) by herself: her stored profile changes.
    let (public_pem,): (String,) =
        sqlx::query_as("SELECT public_key_pem FROM accounts WHERE ap_id = $1")
            .bind(ANA)
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    let update = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": "http://lemmy.test/activities/update/1", "type": "Update", "actor": ANA,
        "object": {
            "id": ANA, "type": "Person", "preferredUsername": "ana", "name": "Ana Lima (Lisbon)",
            "inbox": ANA_INBOX, "outbox": format!("{ANA}/outbox"),
            "publicKey": {"id": format!("{ANA}#main-key"), "owner": ANA, "publicKeyPem": public_pem},
        },
    });
    assert_eq!(
        from_ana(&app, update).await,
        (202, "updated: the actor's profile".into())
    );
    assert_eq!(ana_name(&app).await, "Ana Lima (Lisbon)");

    // Lemmy's Undo(Delete): a post she deleted comes back, read again from
    // her server (a small origin on loopback serving it).
    let delete = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/delete/1", "type": "Delete", "actor": ANA,
        "object": "http://lemmy.test/post/1",
    });
    assert_eq!(
        from_ana(&app, delete.clone()).await,
        (202, "deleted".into())
    );
    assert!(deleted(&app, 1).await);
    let group = app.state.federation.urls.space("commons");
    let page = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/post/1", "type": "Page", "attributedTo": ANA,
        "name": "From Lemmy 1, restored", "content": "<p>Back</p>", "audience": group,
        "to": [group],
    });
    let router = axum::Router::new().route(
        "/post/1",
        axum::routing::get(move || {
            let page = page.clone();
            async move {
                (
                    [("content-type", "application/activity+json")],
                    page.to_string(),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    app.state
        .federation
        .host_overrides
        .insert("lemmy.test", origin);
    let undo = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/undo/1", "type": "Undo", "actor": ANA,
        "object": delete,
    });
    assert_eq!(from_ana(&app, undo).await, (202, "restored".into()));
    assert!(!deleted(&app, 1).await);
    let (_, feed) = app.get("/api/v1/spaces/commons/posts", Some(&owner)).await;
    assert!(
        feed.to_string().contains("From Lemmy 1, restored"),
        "{feed}"
    );
    // Nobody restores what is not deleted, or someone else's.
    let again = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/undo/2", "type": "Undo", "actor": ANA,
        "object": {"id": "http://lemmy.test/activities/delete/2", "type": "Delete",
                   "actor": ANA, "object": "http://lemmy.test/post/2"},
    });
    assert_eq!(
        from_ana(&app, again).await,
        (202, "ignored: nothing deleted here has this id".into())
    );

    // Delete(Person) with Lemmy's removeData: what she wrote goes with her.
    let farewell = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/delete/9", "type": "Delete", "actor": ANA,
        "object": ANA, "removeData": true,
    });
    assert_eq!(
        from_ana(&app, farewell).await,
        (202, "deleted: the actor and what they wrote".into())
    );
    assert!(deleted(&app, 1).await && deleted(&app, 2).await);
}
