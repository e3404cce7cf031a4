//! Personal data: the export archive, closing an account (content deleted
//! or anonymised), profile visibility, and the privacy notice.

use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    the_export_holds_my_content_and_a_readable_index,
    closing_an_account_deletes_its_content,
    closing_an_account_can_keep_its_content_anonymised,
    the_last_manager_and_the_last_admin_must_hand_over_first,
    the_actor_delete_is_queued_for_instances_that_knew_the_member,
    profile_visibility_for_anonymous_members_admins_and_oneself,
    a_hidden_profile_answers_like_a_missing_one,
    the_privacy_notice_is_edited_by_admins_and_shown_at_sign_up,
    the_web_settings_export_and_delete_an_account,
);

const PASSWORD: &str = "a long enough password";

impl TestApp {
    async fn upload_file(&self, user: &User, space: &str, name: &str, bytes: &[u8]) -> Value {
        let response = self
            .client
            .post(format!(
                "{}/api/v1/spaces/{space}/library/files?filename={name}&title={name}",
                self.base
            ))
            .bearer_auth(&user.token)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    async fn comment_on(&self, user: &User, post: i64, body: &str) -> i64 {
        let (status, comment) = self
            .post(
                &format!("/api/v1/posts/{post}/comments"),
                Some(user),
                json!({ "body": body }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{comment}");
        // The answer is the thread: top-level comments, newest last.
        comment
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["body"] == body)
            .and_then(|c| c["id"].as_i64())
            .unwrap()
    }

    async fn close_account(
        &self,
        user: &User,
        password: &str,
        content: &str,
    ) -> (StatusCode, Value) {
        self.request(
            reqwest::Method::DELETE,
            "/api/v1/accounts/me",
            Some(user),
            Some(json!({ "password": password, "content": content })),
        )
        .await
    }

    async fn export(&self, user: &User) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
        let response = self
            .client
            .get(format!("{}/api/v1/accounts/me/export", self.base))
            .bearer_auth(&user.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/zip");
        let disposition = response.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"agora-"),
            "{disposition}"
        );
        let bytes = response.bytes().await.unwrap().to_vec();
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap()
    }

    async fn sign_in_status(&self, login: &str) -> StatusCode {
        self.post(
            "/api/v1/sessions",
            None,
            json!({ "login": login, "password": PASSWORD }),
        )
        .await
        .0
    }
}

fn entry(archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

fn json_entry(archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Value {
    serde_json::from_slice(&entry(archive, name)).unwrap()
}

async fn the_export_holds_my_content_and_a_readable_index(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.patch(
        "/api/v1/accounts/me",
        Some(&ada),
        json!({"display_name": "<b>Ada</b> & co", "organisation": "Legal Aid"}),
    )
    .await;
    app.space(&ada, "notes", "private").await;
    let own_private = app.post_in(&ada, "notes", "My private plan").await;
    app.space(&bob, "forum", "public").await;
    app.add_member(&bob, "forum", &ada, "contributor").await;
    let bobs_post = app.post_in(&bob, "forum", "Open question").await;
    app.comment_on(&ada, bobs_post, "My open answer").await;
    app.post(
        &format!("/api/v1/posts/{bobs_post}/reactions"),
        Some(&ada),
        json!({"emoji": "👍"}),
    )
    .await;
    // Bob's private space: Ada answers there, then is removed. Her answer
    // is hers; the post's title is Bob's and she can no longer see it.
    app.space(&bob, "board", "private").await;
    app.add_member(&bob, "board", &ada, "contributor").await;
    let secret = app.post_in(&bob, "board", "Board secret title").await;
    app.comment_on(&ada, secret, "My board remark").await;
    let (status, _) = app
        .delete("/api/v1/spaces/board/members/ada", Some(&bob))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let pdf = b"%PDF-1.7\nAda's brief, byte for byte".to_vec();
    let file = app.upload_file(&ada, "notes", "brief.pdf", &pdf).await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/notes/library/notes",
            Some(&ada),
            json!({"title": "Minutes", "body": "# Minutes\n\nWe agreed.", "language": "en"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let (status, event) = app
        .post(
            "/api/v1/spaces/notes/events",
            Some(&ada),
            json!({"title": "Planning call", "starts_at": "2030-05-01T10:00",
                   "ends_at": "2030-05-01T11:00", "timezone": "UTC"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let (status, _) = app
        .post(
            &format!("/api/v1/events/{}/registration", event["id"]),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = app.get("/api/v1/accounts/me/export", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let mut archive = app.export(&ada).await;
    let profile = json_entry(&mut archive, "profile.json");
    assert_eq!(profile["username"], "ada");
    assert_eq!(profile["email"], "ada@example.org");
    assert_eq!(profile["organisation"], "Legal Aid");
    let posts = json_entry(&mut archive, "posts.json");
    assert_eq!(posts.as_array().unwrap().len(), 1);
    assert_eq!(posts[0]["id"], own_private);
    assert_eq!(posts[0]["title"], "My private plan");
    assert_eq!(posts[0]["body"], "Body of My private plan");
    let comments = json_entry(&mut archive, "comments.json");
    let comments = comments.as_array().unwrap();
    assert_eq!(comments.len(), 2);
    let open = comments.iter().find(|c| c["post_id"] == bobs_post).unwrap();
    assert_eq!(open["body"], "My open answer");
    assert_eq!(open["post_title"], "Open question");
    let board = comments.iter().find(|c| c["post_id"] == secret).unwrap();
    assert_eq!(board["body"], "My board remark");
    assert_eq!(board["post_title"], Value::Null);
    let reactions = json_entry(&mut archive, "reactions.json");
    assert_eq!(reactions[0]["emoji"], "👍");
    assert_eq!(reactions[0]["post_id"], bobs_post);
    let events = json_entry(&mut archive, "events.json");
    assert_eq!(events[0]["title"], "Planning call");
    let registrations = json_entry(&mut archive, "registrations.json");
    assert_eq!(registrations[0]["event_title"], "Planning call");
    assert_eq!(registrations[0]["state"], "going");
    let memberships = json_entry(&mut archive, "memberships.json");
    let spaces: Vec<&str> = memberships
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["space"].as_str().unwrap())
        .collect();
    assert_eq!(spaces, ["forum", "notes"]);
    json_entry(&mut archive, "notifications.json");
    let library = json_entry(&mut archive, "library.json");
    let library = library.as_array().unwrap();
    assert_eq!(library.len(), 2);
    let file_path = format!("library/{}/brief.pdf", file["id"]);
    assert_eq!(entry(&mut archive, &file_path), pdf);
    let note_path = format!("library/{}.md", note["id"]);
    assert_eq!(entry(&mut archive, &note_path), b"# Minutes\n\nWe agreed.");

    let index = String::from_utf8(entry(&mut archive, "index.html")).unwrap();
    assert!(index.contains("&lt;b&gt;Ada&lt;/b&gt; &amp; co"), "{index}");
    assert!(!index.contains("<b>Ada</b>"));
    for link in [
        "href=\"profile.json\"",
        "href=\"posts.json\"",
        "href=\"comments.json\"",
        "href=\"library.json\"",
        &format!("href=\"{file_path}\""),
        &format!("href=\"{note_path}\""),
    ] {
        assert!(index.contains(link), "index.html lacks {link}");
    }
    assert!(index.contains("My private plan"));
    assert!(index.contains("<h2>My posts</h2>"), "{index}");
    // In the member's language.
    app.patch(
        "/api/v1/accounts/me",
        Some(&ada),
        json!({"ui_language": "ar"}),
    )
    .await;
    let mut arabic = app.export(&ada).await;
    let index = String::from_utf8(entry(&mut arabic, "index.html")).unwrap();
    assert!(index.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(index.contains("<h2>منشوراتي</h2>"), "{index}");
    // Nothing of Bob's private space beyond Ada's own words.
    for name in archive.file_names().map(str::to_owned).collect::<Vec<_>>() {
        let text = String::from_utf8_lossy(&entry(&mut archive, &name)).into_owned();
        assert!(!text.contains("Board secret title"), "{name} leaks");
    }
    // Bob's export has none of Ada's content.
    let mut bobs = app.export(&bob).await;
    let posts = json_entry(&mut bobs, "posts.json");
    assert!(!posts.to_string().contains("My private plan"));
    assert!(
        !json_entry(&mut bobs, "comments.json")
            .to_string()
            .contains("My")
    );
}

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
    let (organisation, bio, deleted): (String, String, Option<i64>) =
        sqlx::query_as("SELECT organisation, bio, deleted_at FROM accounts WHERE username = 'ada'")
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

async fn profile_visibility_for_anonymous_members_admins_and_oneself(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let open = app.user("open").await;
    let local = app.user("local").await;
    let hidden = app.user("hidden").await;
    let member = app.user("member").await;
    let admin = app
        .user_with_role("admin", agora::accounts::InstanceRole::Admin)
        .await;
    for (user, visibility) in [(&open, "everyone"), (&hidden, "nobody")] {
        let (status, me) = app
            .patch(
                "/api/v1/accounts/me",
                Some(user),
                json!({"profile_visibility": visibility, "bio": format!("Bio of {}", user.name)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["profile_visibility"], visibility);
    }
    app.patch(
        "/api/v1/accounts/me",
        Some(&local),
        json!({"bio": "Bio of local"}),
    )
    .await;
    let (_, me) = app.get("/api/v1/accounts/me", Some(&local)).await;
    assert_eq!(me["profile_visibility"], "instance", "the default");
    let (status, _) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&local),
            json!({"profile_visibility": "friends"}),
        )
        .await;
    assert!(status.is_client_error());

    let ok = StatusCode::OK;
    let missing = StatusCode::NOT_FOUND;
    // Viewer × profile: open, local, hidden.
    let matrix: [(Option<&User>, [StatusCode; 3]); 4] = [
        (None, [ok, missing, missing]),
        (Some(&member), [ok, ok, missing]),
        (Some(&admin), [ok, ok, ok]),
        (Some(&hidden), [ok, ok, ok]),
    ];
    for (viewer, expected) in matrix {
        for (profile, want) in ["open", "local", "hidden"].into_iter().zip(expected) {
            let (status, body) = app
                .get(&format!("/api/v1/accounts/{profile}"), viewer)
                .await;
            assert_eq!(status, want, "{viewer:?} viewing {profile}: {body}");
            if status == ok {
                assert_eq!(body["bio"], format!("Bio of {profile}"));
            }
            let browser = match viewer {
                Some(user) => Browser::signed_in(&app, user).await,
                None => Browser::new(&app),
            };
            let page = browser.get(&format!("/people/{profile}")).await;
            assert_eq!(page.status, want, "web: {viewer:?} viewing {profile}");
            if page.status == ok {
                page.assert_contains(&format!("Bio of {profile}"));
            }
        }
    }

    // Member lists keep a hidden member's organisation to themself.
    app.patch(
        "/api/v1/accounts/me",
        Some(&hidden),
        json!({"organisation": "Quiet Org"}),
    )
    .await;
    app.space(&member, "circle", "public").await;
    app.add_member(&member, "circle", &hidden, "contributor")
        .await;
    for (viewer, seen) in [(&member, ""), (&hidden, "Quiet Org"), (&admin, "Quiet Org")] {
        let (_, list) = app.get("/api/v1/spaces/circle/members", Some(viewer)).await;
        let row = list
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["username"] == "hidden")
            .cloned()
            .unwrap();
        assert_eq!(row["organisation"], seen, "{viewer:?}");
    }

    // Other servers get the profile's text only from `everyone`.
    for (name, bio) in [("open", "Bio of open"), ("local", ""), ("hidden", "")] {
        let person: Value = app
            .client
            .get(format!("{}/users/{name}", app.base))
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(person["summary"], bio, "{person}");
        assert_eq!(person["preferredUsername"], name);
        assert!(person["publicKey"]["publicKeyPem"].is_string());
        assert!(person.get("organisation").is_none());
    }
}

async fn a_hidden_profile_answers_like_a_missing_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let _hidden = app.user("hidden").await; // `instance`, the default
    let browser = Browser::new(&app);
    let api = |name: &'static str| {
        let app = &app;
        async move {
            let response = app
                .client
                .get(format!("{}/api/v1/accounts/{name}", app.base))
                .send()
                .await
                .unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    assert_eq!(api("hidden").await, api("nosuchname").await);
    let hidden = browser.get("/people/hidden").await;
    let missing = browser.get("/people/nosuchname").await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    // The page echoes its own address (the language form's `next`).
    assert_eq!(
        (
            hidden.status,
            hidden.body.replace("/people/hidden", "/people/?")
        ),
        (
            missing.status,
            missing.body.replace("/people/nosuchname", "/people/?")
        )
    );

    // Nor by the time the answer takes: the medians of many alternating
    // requests stay within noise of each other.
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..40 {
        for (i, name) in ["hidden", "nosuchname"].into_iter().enumerate() {
            let start = Instant::now();
            api(name).await;
            times[i].push(start.elapsed());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut times[0]), median(&mut times[1]));
    let gap = a.abs_diff(b);
    assert!(
        gap < Duration::from_millis(5) || gap < a.max(b) / 2,
        "hidden {a:?} vs missing {b:?}"
    );
}

async fn the_privacy_notice_is_edited_by_admins_and_shown_at_sign_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    let member = app.user("member").await;
    let (status, notice) = app.get("/api/v1/privacy", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(notice["markdown"], "");
    let text = "We keep **as little as we can**.\n\n<script>alert(1)</script>";
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/privacy",
            Some(&member),
            Some(json!({"markdown": text})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, notice) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/privacy",
            Some(&admin),
            Some(json!({"markdown": text})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    let (_, notice) = app.get("/api/v1/privacy", None).await;
    assert_eq!(notice["markdown"], text);
    let html = notice["html"].as_str().unwrap();
    assert!(
        html.contains("<strong>as little as we can</strong>"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");

    let visitor = Browser::new(&app).with_language("fr");
    let register = visitor.get("/register").await;
    register.assert_contains("<strong>as little as we can</strong>");
    register.assert_contains("href=\"/privacy\"");
    register.assert_contains("Lire la politique de confidentialité");
    assert!(!register.body.contains("<script>alert"));
    let page = visitor.get("/privacy").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<strong>as little as we can</strong>");

    // The admin's page edits it; a member is turned away.
    let members_browser = Browser::signed_in(&app, &member).await;
    assert_eq!(
        members_browser.get("/admin/privacy").await.status,
        StatusCode::FORBIDDEN
    );
    let admins = Browser::signed_in(&app, &admin).await;
    let form = admins.get("/admin/privacy").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("as little as we can");
    let saved = admins
        .submit(
            "/admin/privacy",
            &[("notice", "Ask *privacy@example.org*.")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    visitor
        .get("/register")
        .await
        .assert_contains("Ask <em>privacy@example.org</em>.");
}

async fn the_web_settings_export_and_delete_an_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&bob, "forum", "public").await;
    app.add_member(&bob, "forum", &ada, "contributor").await;
    let post = app.post_in(&ada, "forum", "Written on the web").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let settings = browser.get("/settings").await;
    settings.assert_contains("name=\"profile_visibility\" value=\"instance\" checked");
    settings.assert_contains("href=\"/settings/export\"");
    settings.assert_contains("href=\"/settings/delete\"");
    let saved = browser
        .submit(
            "/settings",
            &[("display_name", "Ada"), ("profile_visibility", "everyone")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        Browser::new(&app).get("/people/ada").await.status,
        StatusCode::OK
    );

    let export = browser.get("/settings/export").await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "application/zip");

    let confirm = browser.get("/settings/delete").await;
    assert_eq!(confirm.status, StatusCode::OK);
    confirm.assert_contains("name=\"password\"");
    let wrong = browser
        .submit(
            "/settings/delete",
            &[("password", "not it"), ("content", "delete")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("This is not your password.");
    let done = browser
        .submit(
            "/settings/delete",
            &[("password", PASSWORD), ("content", "delete")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        done.cookies()
            .iter()
            .any(|c| c.starts_with("agora_session=;"))
    );
    assert_eq!(
        app.get(&format!("/api/v1/posts/{post}"), None).await.0,
        StatusCode::GONE
    );
    let settings = browser.get("/settings").await;
    assert_ne!(settings.status, StatusCode::OK);
}
