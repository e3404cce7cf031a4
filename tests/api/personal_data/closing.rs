//! Closing an account: content deleted or kept anonymised, who must hand
//! over first, and the `Delete` other instances receive.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    closing_an_account_deletes_its_content,
    closing_an_account_can_keep_its_content_anonymised,
    the_last_manager_and_the_last_admin_must_hand_over_first,
    the_actor_delete_is_queued_for_instances_that_knew_the_member,
);

async fn closing_an_account_deletes_its_content(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&bob, "forum", "public").await;
    app.add_member(&bob, "forum", &ada, "contributor").await;
    let adas_post = app.post_in(&ada, "forum", "Ada writes").await;
    let bobs_post = app.post_in(&bob, "forum", "Bob writes").await;
    let comment = app.comment_on(&ada, bobs_post, "Ada answers").await;
    app.post(
        &format!("/api/v1/posts/{bobs_post}/reactions"),
        Some(&ada),
        json!({"emoji": "🎉"}),
    )
    .await;
    let file = app
        .upload_file(&ada, "forum", "only-ada.pdf", b"%PDF-1.7 only Ada's bytes")
        .await;
    let hash = file["current"]["sha256"].as_str().unwrap().to_owned();
    let (_, event) = app
        .post(
            "/api/v1/spaces/forum/events",
            Some(&bob),
            json!({"title": "Meetup", "starts_at": "2030-05-01T10:00",
                   "ends_at": "2030-05-01T11:00", "timezone": "UTC"}),
        )
        .await;
    let registration = format!("/api/v1/events/{}/registration", event["id"]);
    app.post(&registration, Some(&ada), json!({})).await;

    let (status, body) = app.close_account(&ada, "not my password", "delete").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = app.close_account(&ada, PASSWORD, "erase").await;
    assert!(status.is_client_error(), "{status} {body}");
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::OK
    );

    let (status, body) = app.close_account(&ada, PASSWORD, "delete").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    assert_eq!(
        app.get(&format!("/api/v1/posts/{adas_post}"), None).await.0,
        StatusCode::GONE
    );
    let (_, post) = app
        .get(&format!("/api/v1/posts/{bobs_post}"), Some(&bob))
        .await;
    assert_eq!(post["reactions"], json!([]), "{post}");
    let (_, thread) = app
        .get(&format!("/api/v1/posts/{bobs_post}/comments"), Some(&bob))
        .await;
    let thread = thread.to_string();
    assert!(!thread.contains("Ada answers"), "{thread}");
    assert!(thread.contains(&format!("\"id\":{comment}")));
    let (status, _) = app
        .get(&format!("/api/v1/library/items/{}", file["id"]), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::GONE);
    let (_, participants) = app
        .get(
            &format!("/api/v1/events/{}/participants", event["id"]),
            Some(&bob),
        )
        .await;
    assert!(
        !participants.to_string().contains("\"ada\""),
        "{participants}"
    );
    let (_, members) = app.get("/api/v1/spaces/forum/members", Some(&bob)).await;
    assert!(!members.to_string().contains("\"ada\""), "{members}");

    // Nobody is ada any more: her token, her password, her profile.
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.sign_in_status("ada").await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.sign_in_status("ada@example.org").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/v1/accounts/ada", Some(&bob)).await.0,
        StatusCode::NOT_FOUND
    );
    // The name stays taken; the email address is free again.
    let (status, body) = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"username": "ada", "email": "new-ada@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"username": "ada2", "email": "ada@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // The file's bytes go with the library's collector.
    let storage = &app.state.storage;
    sqlx::query("UPDATE blobs SET last_used_at = 0")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert!(storage.collect_garbage(&app.state.db).await.unwrap() >= 1);
    assert!(!storage.has_blob(&hash).await.unwrap());
}

async fn closing_an_account_can_keep_its_content_anonymised(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.patch(
        "/api/v1/accounts/me",
        Some(&ada),
        json!({"display_name": "Ada Lovelace", "organisation": "Legal Aid", "country": "CD",
               "languages": ["fr"], "bio": "Lawyer in Goma"}),
    )
    .await;
    app.space(&bob, "forum", "public").await;
    app.add_member(&bob, "forum", &ada, "contributor").await;
    let post = app.post_in(&ada, "forum", "Ada's lasting advice").await;

    let (status, body) = app.close_account(&ada, PASSWORD, "anonymise").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    let (status, post) = app.get(&format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(post["title"], "Ada's lasting advice");
    let shown = post["author"].to_string();
    assert!(!shown.contains("Lovelace"), "{shown}");
    // Not even her name: the post is by "deleted-N".
    assert!(!shown.contains("\"ada\""), "{shown}");
    assert!(shown.contains("deleted-"), "{shown}");
    let (organisation, bio, deleted): (String, String, Option<i64>) = sqlx::query_as(
        "SELECT organisation, bio, deleted_at FROM accounts WHERE username LIKE 'deleted-%'",
    )
    .fetch_one(&app.state.db.read)
    .await
    .unwrap();
    assert_eq!((organisation.as_str(), bio.as_str()), ("", ""));
    assert!(deleted.is_some());
    assert_eq!(app.sign_in_status("ada").await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"username": "ada", "email": "x@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

async fn the_last_manager_and_the_last_admin_must_hand_over_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "solo-circle", "public").await;
    app.add_member(&ada, "solo-circle", &bob, "contributor")
        .await;
    let (status, body) = app.close_account(&ada, PASSWORD, "anonymise").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("solo-circle"),
        "{body}"
    );
    // The web page lists the spaces to hand over instead of the form.
    let page = Browser::signed_in(&app, &ada)
        .await
        .with_language("de")
        .get("/settings/delete")
        .await;
    page.assert_contains("href=\"/s/solo-circle/members\"");
    page.assert_contains("Sie verwalten diese Räume allein.");
    assert!(!page.body.contains("name=\"password\""));
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::OK
    );

    let (status, _) = app
        .patch(
            "/api/v1/spaces/solo-circle/members/bob",
            Some(&ada),
            json!({"role": "space_manager"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.close_account(&ada, PASSWORD, "anonymise").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    let root = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    let (status, body) = app.close_account(&root, PASSWORD, "delete").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["message"].as_str().unwrap().contains("last admin"));
}

async fn the_actor_delete_is_queued_for_instances_that_knew_the_member(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let space = app.space(&bob, "forum", "public").await;
    app.add_member(&bob, "forum", &ada, "contributor").await;
    // Someone on another instance follows the space Ada writes in.
    let db = &app.state.db;
    sqlx::query(
        "INSERT INTO accounts (username, domain, ap_id, inbox_url, shared_inbox_url, created_at) \
         VALUES ('zoe', 'remote.example', 'https://remote.example/users/zoe', \
                 'https://remote.example/users/zoe/inbox', 'https://remote.example/inbox', 1)",
    )
    .execute(db.writer())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO space_followers (space_id, account_id, follow_id, created_at) \
         SELECT $1, id, 'https://remote.example/follows/1', 1 FROM accounts WHERE username = 'zoe'",
    )
    .bind(space)
    .execute(db.writer())
    .await
    .unwrap();

    let (status, body) = app.close_account(&ada, PASSWORD, "anonymise").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");

    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT o.body, d.inbox_url FROM outbound_activities o \
         JOIN deliveries d ON d.activity_id = o.id WHERE o.body LIKE '%\"Delete\"%'",
    )
    .fetch_all(&db.read)
    .await
    .unwrap();
    let actor = "http://agora.test/users/ada";
    let delete = rows
        .iter()
        .find(|(body, _)| {
            let activity: Value = serde_json::from_str(body).unwrap();
            activity["object"] == actor && activity["actor"] == actor
        })
        .unwrap_or_else(|| panic!("no Delete of the actor queued: {rows:?}"));
    assert_eq!(delete.1, "https://remote.example/inbox");

    // The actor itself is gone for other servers.
    let response = app
        .client
        .get(format!("{}/users/ada", app.base))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::GONE);
}
