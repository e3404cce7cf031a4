//! Reading notifications: marking one or all read, the page, and the
//! unread count in every page's header.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    marking_read_one_all_and_not_anothers,
    the_web_page_and_the_header_count,
);

async fn marking_read_one_all_and_not_anothers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    for title in ["One", "Two", "Three"] {
        app.post_in(&ada, "news", title).await;
    }
    let count = |user: &User| {
        let user = user.clone();
        let app = &app;
        async move {
            let (status, body) = app
                .get("/api/v1/notifications/unread-count", Some(&user))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body["count"].as_i64().unwrap()
        }
    };
    // The invitation and three posts.
    assert_eq!(count(&bob).await, 4);
    let list = notes(&app, &bob).await;
    let first = list[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/notifications/{first}/read"),
            Some(&bob),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(count(&bob).await, 3);
    // Read ones come after the unread.
    let list = notes(&app, &bob).await;
    assert_eq!(list.last().unwrap()["id"], first);
    assert_eq!(list.last().unwrap()["read"], true);
    let (_, unread) = app
        .get("/api/v1/notifications?unread=true", Some(&bob))
        .await;
    assert_eq!(unread.as_array().unwrap().len(), 3);
    // Someone else's notification is "not found", and stays unread.
    let second = list[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/notifications/{second}/read"),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(count(&bob).await, 3);
    // Paging: a page past the end is empty.
    let (_, later) = app.get("/api/v1/notifications?page=1", Some(&bob)).await;
    assert_eq!(later, json!([]));
    read_all(&app, &bob).await;
    assert_eq!(count(&bob).await, 0);
    let (status, _) = app.get("/api/v1/notifications/unread-count", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn the_web_page_and_the_header_count(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    let post = app.post_in(&ada, "news", "Hearing moved").await;
    read_all(&app, &ada).await;
    comment(&app, &bob, post, json!({"body": "Thanks for the news"})).await;
    app.post(
        &format!("/api/v1/posts/{post}/reactions"),
        Some(&bob),
        json!({"emoji": "👍"}),
    )
    .await;

    let browser = Browser::signed_in(&app, &ada).await;
    // Every page's header shows the count.
    let home = browser.get("/spaces").await;
    home.assert_contains("href=\"/notifications\"");
    home.assert_contains("2 unread");
    let page = browser.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("bob commented on your post “Hearing moved” in news");
    page.assert_contains("Thanks for the news");
    page.assert_contains(&format!("href=\"/post/{post}#comment-"));
    page.assert_contains("bob reacted to your post “Hearing moved”");

    // Mark one read: the count drops.
    let list = notes(&app, &ada).await;
    let id = list[0]["id"].as_i64().unwrap();
    let done = browser
        .submit(
            &format!("/notifications/{id}/read"),
            &[("next", "/notifications")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/notifications");
    browser
        .get("/notifications")
        .await
        .assert_contains("1 unread");
    // Another member's notification: not found.
    let bobs = notes(&app, &bob).await;
    let theirs = bobs[0]["id"].as_i64().unwrap();
    let refused = browser
        .submit(&format!("/notifications/{theirs}/read"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Mark all read: no count left.
    let done = browser.submit("/notifications/read", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = browser.get("/notifications").await;
    assert!(!page.body.contains("unread-count"), "{}", page.body);
    page.assert_contains("Everything is read.");

    // In Arabic, right to left.
    set_language(&app, &ada, "ar").await;
    app.post(
        &format!("/api/v1/posts/{post}/reactions"),
        Some(&bob),
        json!({"emoji": "🎉"}),
    )
    .await;
    let page = browser.get("/notifications").await;
    page.assert_contains("dir=\"rtl\"");
    page.assert_contains("تفاعل bob مع منشورك «Hearing moved»");
    page.assert_contains("إشعار واحد غير مقروء");

    // Without the CSRF token, nothing is marked.
    let response = reqwest::Client::new()
        .post(format!("{}/notifications/read", app.base))
        .bearer_auth(&ada.token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("x=y")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());

    // The time zone is set on the settings page.
    let form = browser.get("/settings").await;
    form.assert_contains("<select id=\"timezone\" name=\"timezone\"");
    form.assert_contains("<optgroup label=\"Africa\">");
    form.assert_contains("<option>Africa/Kinshasa</option>");
    let saved = browser
        .submit(
            "/settings",
            &[("ui_language", "en"), ("timezone", "Africa/Kinshasa")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["timezone"], "Africa/Kinshasa");
    browser
        .get("/settings")
        .await
        .assert_contains("data-own-zone><option value=\"Africa/Kinshasa\" selected>");
    let refused = browser
        .submit("/settings", &[("timezone", "Mars/Olympus")])
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.status);

    // Signed out: the page asks to sign in.
    let anonymous = Browser::new(&app);
    let page = anonymous.get("/notifications").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/login"));
}
