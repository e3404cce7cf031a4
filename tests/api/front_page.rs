//! The front page for visitors (issue 17 point 9): the admins' text in the
//! reader's language, the public spaces, the upcoming public events and
//! the recent public posts; nothing of a private space; light.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;
use agora::accounts::InstanceRole;

on_both_backends!(
    visitors_see_what_the_network_is_in_their_language,
    only_admins_write_the_front_page,
);

async fn visitors_see_what_the_network_is_in_their_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    app.space(&root, "news", "public").await;
    app.space(&root, "case", "private").await;
    app.post_in(&root, "news", "Public statement").await;
    app.post_in(&root, "case", "Secret strategy").await;
    for (space, title) in [("news", "Monthly talk"), ("case", "Secret meeting")] {
        let (status, event) = app
            .post(
                &format!("/api/v1/spaces/{space}/events"),
                Some(&root),
                json!({"title": title, "starts_at": "2099-03-10T10:00", "ends_at": "2099-03-10T11:00",
                       "timezone": "Africa/Kinshasa"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{event}");
    }
    // Before any text: the standard introduction, and the rest.
    let visitor = Browser::new(&app);
    let home = visitor.get("/").await;
    home.assert_contains("Public statement");
    assert!(!home.body.contains("<strong>network</strong>"));

    let admin = Browser::signed_in(&app, &root).await;
    let saved = admin
        .submit(
            "/admin/front-page",
            &[
                ("en", "We are a **network** of lawyers."),
                ("fr", "Nous sommes un **réseau** d'avocats."),
                ("ar", ""),
                ("de", ""),
                ("pt", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    saved.assert_contains("Nous sommes un **réseau**");

    for (language, expected) in [
        ("en", "<strong>network</strong>"),
        ("fr", "<strong>réseau</strong>"),
        // No German text: the English one.
        ("de", "<strong>network</strong>"),
    ] {
        let page = Browser::new(&app).with_language(language).get("/").await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_contains(expected);
        page.assert_contains(r#"href="/s/news""#);
        page.assert_contains("Monthly talk");
        page.assert_contains("Public statement");
        for secret in ["Secret", "/s/case"] {
            assert!(!page.body.contains(secret), "{language}: {secret}");
        }
        let bytes = page.body.len();
        assert!(bytes <= 10 * 1024, "{language}: {bytes} bytes");
    }
    // A signed-in member gets their own home, not the front page.
    admin
        .get("/")
        .await
        .body
        .contains("<strong>network</strong>")
        .then(|| panic!("the front page's text shown to a member"));
    // Written HTML is sanitised like every other text.
    admin
        .submit(
            "/admin/front-page",
            &[("en", "Hi <script>alert(1)</script>"), ("fr", "")],
        )
        .await;
    let page = Browser::new(&app).get("/").await;
    page.assert_contains("Hi");
    assert!(!page.body.contains("alert(1)"), "{}", page.body);
}

async fn only_admins_write_the_front_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let member = Browser::signed_in(&app, &ada).await;
    assert_eq!(
        member.get("/admin/front-page").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = member
        .submit("/admin/front-page", &[("en", "Taken over")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        !Browser::new(&app)
            .get("/")
            .await
            .body
            .contains("Taken over")
    );
    let too_long = "x".repeat(20_001);
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let admin = Browser::signed_in(&app, &root).await;
    let page = admin
        .submit("/admin/front-page", &[("en", too_long.as_str())])
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
}
