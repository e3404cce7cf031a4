//! Writes to the JSON API carried by the browser session cookie must come
//! from this site's own pages (a same-origin `Origin`, `Sec-Fetch-Site:
//! same-origin`, or the pages' CSRF token in `X-CSRF-Token`); bearer
//! tokens and reads are unaffected.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    cookie_writes_need_proof_of_coming_from_our_pages,
    bearer_tokens_and_reads_are_unaffected
);

/// Sends `method path` with the browser's cookies and the given headers.
async fn with_cookies(
    app: &TestApp,
    browser: &Browser,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.base))
        .header(
            "cookie",
            format!(
                "agora_session={}; agora_csrf={}",
                browser.cookie("agora_session").unwrap(),
                browser.csrf()
            ),
        );
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn space(slug: &str) -> Option<Value> {
    Some(json!({"slug": slug, "title": slug, "visibility": "public"}))
}

async fn cookie_writes_need_proof_of_coming_from_our_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let token = browser.csrf();

    // Refused: from another site, from nowhere said, with a wrong token.
    for (slug, headers) in [
        ("evil", vec![("origin", "https://evil.example")]),
        ("nothing", vec![]),
        ("null", vec![("origin", "null")]),
        ("crosssite", vec![("sec-fetch-site", "cross-site")]),
        (
            "sameorigin",
            // A browser that sends Origin is judged by it.
            vec![
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "same-origin"),
            ],
        ),
        ("wrongtoken", vec![("x-csrf-token", "A".repeat(43).leak())]),
        ("emptytoken", vec![("x-csrf-token", "")]),
    ] {
        let (status, body) = with_cookies(
            &app,
            &browser,
            Method::POST,
            "/api/v1/spaces",
            &headers,
            space(slug),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{slug}: {body}");
        assert_eq!(body["error"], "forbidden", "{body}");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains("X-CSRF-Token") && message.contains("http://agora.test"),
            "{message}"
        );
        let (status, _) = app.get(&format!("/api/v1/spaces/{slug}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{slug} was created");
    }

    // Accepted: this instance's own origin (any case), a browser that says
    // same-origin without an Origin, the pages' token.
    for (slug, headers) in [
        ("fromorigin", vec![("origin", "http://agora.test")]),
        ("fromupper", vec![("origin", "HTTP://Agora.Test")]),
        ("fromfetch", vec![("sec-fetch-site", "same-origin")]),
        ("fromtoken", vec![("x-csrf-token", token.as_str())]),
    ] {
        let (status, body) = with_cookies(
            &app,
            &browser,
            Method::POST,
            "/api/v1/spaces",
            &headers,
            space(slug),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{slug}: {body}");
    }

    // Every writing method is guarded, signing out included.
    let (status, _) = with_cookies(
        &app,
        &browser,
        Method::PATCH,
        "/api/v1/accounts/me",
        &[("origin", "https://evil.example")],
        Some(json!({"display_name": "Evil"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = with_cookies(
        &app,
        &browser,
        Method::DELETE,
        "/api/v1/sessions/current",
        &[("origin", "https://evil.example")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, me) = with_cookies(
        &app,
        &browser,
        Method::GET,
        "/api/v1/accounts/me",
        &[],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the session was ended: {me}");
    assert_eq!(me["display_name"], "", "{me}");

    // The web pages' own forms still work with their hidden field.
    let page = browser
        .submit(
            "/spaces/new",
            &[
                ("slug", "fromform"),
                ("title", "From a form"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

async fn bearer_tokens_and_reads_are_unaffected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let browser = Browser::signed_in(&app, &ada).await;

    // A script with a token may say any Origin (or none).
    let response = app
        .client
        .post(format!("{}/api/v1/spaces", app.base))
        .bearer_auth(&ada.token)
        .header("origin", "https://elsewhere.example")
        .json(&space("scripted").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);

    // A bearer token wins over a cookie sent alongside it.
    let response = app
        .client
        .post(format!("{}/api/v1/spaces", app.base))
        .bearer_auth(&ada.token)
        .header(
            "cookie",
            format!("agora_session={}", browser.cookie("agora_session").unwrap()),
        )
        .header("origin", "https://elsewhere.example")
        .json(&space("both").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);

    // Reads with the cookie, from anywhere.
    let (status, me) = with_cookies(
        &app,
        &browser,
        Method::GET,
        "/api/v1/accounts/me",
        &[("origin", "https://evil.example")],
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["username"], "ada");

    // Anonymous writes (signing in) carry no session to ride.
    let (status, body) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "ada", "password": "a long enough password"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}
