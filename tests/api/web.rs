//! The web interface over HTTP: forms, CSRF, languages, privacy, headers.

use reqwest::StatusCode;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(a_member_signs_in_posts_and_signs_out);
async fn a_member_signs_in_posts_and_signs_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let page = browser.get("/s/news").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("name=\"csrf\"");
    let posted = browser
        .submit(
            "/s/news/posts",
            &[("title", "Hearing on 3 May"), ("body", "The *court* sits."), ("language", "en")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let post = browser.get(posted.location()).await;
    assert_eq!(post.status, StatusCode::OK);
    post.assert_contains("Hearing on 3 May");
    post.assert_contains("<em>court</em>");

    let out = browser.submit("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(browser.cookie("agora_session").is_none());
    let home = browser.get("/").await;
    home.assert_contains("href=\"/login\"");
}
