//! Library items: their followers hear of changes and comments.

use super::*;
use crate::on_both_backends;

on_both_backends!(library_followers_hear_of_changes_and_comments,);

async fn library_followers_hear_of_changes_and_comments(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    app.space(&ada, "docs", "public").await;
    app.add_member(&ada, "docs", &bob, "contributor").await;
    app.add_member(&ada, "docs", &cara, "reader").await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/docs/library/notes",
            Some(&ada),
            json!({"title": "Brief", "body": "First draft"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let item = note["id"].as_i64().unwrap();

    // Bob comments: Ada, who wrote it, hears of it; Bob now follows it.
    let (status, c) = app
        .post(
            &format!("/api/v1/library/items/{item}/comments"),
            Some(&bob),
            json!({"body": "Looks good"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let commented = only(of_kind(&app, &ada, "library.commented").await);
    assert_eq!(commented["text"], "bob commented on “Brief” in docs");
    assert_eq!(
        commented["link"],
        format!("/item/{item}#comment-{}", c["id"])
    );
    opens(&app, &ada, commented["link"].as_str().unwrap()).await;

    // Cara follows by hand; Ada edits: Bob and Cara hear of it.
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/library/items/{item}/follow"),
            Some(&cara),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app
        .patch(
            &format!("/api/v1/library/items/{item}"),
            Some(&ada),
            json!({"body": "Second draft"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for who in [&bob, &cara] {
        let changed = only(of_kind(&app, who, "library.changed").await);
        assert_eq!(changed["text"], "ada changed “Brief” in docs");
        assert_eq!(changed["link"], format!("/item/{item}"));
    }
    assert!(of_kind(&app, &ada, "library.changed").await.is_empty());

    // Cara stops following: the next change does not reach her.
    let (status, _) = app
        .delete(&format!("/api/v1/library/items/{item}/follow"), Some(&cara))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    app.patch(
        &format!("/api/v1/library/items/{item}"),
        Some(&bob),
        json!({"body": "Third draft"}),
    )
    .await;
    assert_eq!(of_kind(&app, &cara, "library.changed").await.len(), 1);
    assert_eq!(of_kind(&app, &ada, "library.changed").await.len(), 1);

    // On the item's page, a button follows and unfollows.
    let browser = Browser::signed_in(&app, &cara).await;
    let page = browser.get(&format!("/item/{item}")).await;
    page.assert_contains(&format!("action=\"/item/{item}/follow\""));
    page.assert_contains("name=\"follow\" value=\"true\"");
    let done = browser
        .submit(&format!("/item/{item}/follow"), &[("follow", "true")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = browser.get(&format!("/item/{item}")).await;
    page.assert_contains("name=\"follow\" value=\"false\"");
}
