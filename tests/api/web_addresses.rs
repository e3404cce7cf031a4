//! Where addresses lead in the web interface: ActivityPub links opened
//! in a browser, unknown paths, the page a sign-in or a language change
//! goes back to, and error pages.

use reqwest::StatusCode;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(browsers_following_activitypub_links_land_on_pages);
async fn browsers_following_activitypub_links_land_on_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "Report").await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    for (object, page) in [
        ("/spaces/news".to_owned(), "/s/news".to_owned()),
        (format!("/posts/{post}"), format!("/post/{post}")),
        ("/users/ada".to_owned(), "/people/ada".to_owned()),
        (
            "/spaces/no-such-space".to_owned(),
            "/s/no-such-space".to_owned(),
        ),
    ] {
        let response = client
            .get(format!("{}{object}", app.base))
            .header("accept", html)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{object}");
        assert_eq!(response.headers()["location"], page.as_str());
    }
    let json = client
        .get(format!("{}/spaces/news", app.base))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::OK);
    assert!(
        json.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("activity+json")
    );
}

on_both_backends!(unknown_addresses_answer_browsers_with_a_page_and_clients_with_json);
async fn unknown_addresses_answer_browsers_with_a_page_and_clients_with_json(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.language = "de".into()).await;
    let page = Browser::new(&app).get("/no-such-page").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    page.assert_contains("<html lang=\"de\"");
    let (status, body) = app.get("/no-such-page", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
    let (status, body) = app.get("/api/v1/no-such-thing", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
}

on_both_backends!(sign_in_and_language_go_back_only_to_paths_of_this_site);
async fn sign_in_and_language_go_back_only_to_paths_of_this_site(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.user("ada").await;
    for next in [
        "/\t/evil.example",
        "/\r\nSet-Cookie: agora_session=x",
        "//evil.example",
        "/\\evil.example",
        "/%2F%2Fevil.example",
        "https://evil.example/",
    ] {
        let browser = Browser::new(&app);
        browser.get("/login").await;
        let page = browser
            .submit(
                "/login",
                &[
                    ("login", "ada"),
                    ("password", "a long enough password"),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{next:?}: {}",
            page.body
        );
        assert_eq!(page.location(), "/", "{next:?}");
        let language = browser
            .submit("/language", &[("lang", "fr"), ("next", next)])
            .await;
        assert_eq!(language.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(language.location(), "/", "{next:?}");
    }
    // A path of ours is kept.
    let browser = Browser::new(&app);
    browser.get("/login").await;
    let page = browser
        .submit(
            "/login",
            &[
                ("login", "ada"),
                ("password", "a long enough password"),
                ("next", "/spaces?page=2"),
            ],
        )
        .await;
    assert_eq!(page.location(), "/spaces?page=2");
}

on_both_backends!(error_pages_keep_the_signed_in_header);
async fn error_pages_keep_the_signed_in_header(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let member = Browser::signed_in(&app, &ada).await;
    // Her language is her account's, whatever this browser's cookie says.
    let (status, _) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&ada),
            serde_json::json!({ "ui_language": "fr" }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for (path, status) in [
        ("/no-such-page", StatusCode::NOT_FOUND),
        ("/post/999999", StatusCode::NOT_FOUND),
        ("/post/not-a-number", StatusCode::BAD_REQUEST),
        ("/admin", StatusCode::FORBIDDEN),
    ] {
        let page = member.get(path).await;
        assert_eq!(page.status, status, "{path}");
        page.assert_contains("<html lang=\"fr\"");
        page.assert_contains("<form method=\"post\" action=\"/logout\">");
        page.assert_contains("href=\"/people/ada\"");
        assert!(
            !page.body.contains("href=\"/login\""),
            "{path} offers a signed-in member to sign in:\n{}",
            page.body
        );
    }
    // A visitor's error page still offers to sign in.
    let visitor = Browser::new(&app).get("/no-such-page").await;
    assert_eq!(visitor.status, StatusCode::NOT_FOUND);
    visitor.assert_contains("href=\"/login\"");
    assert!(!visitor.body.contains("action=\"/logout\""));
}
