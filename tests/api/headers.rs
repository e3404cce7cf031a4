//! The headers every answer carries, whatever answered it: a page, API
//! JSON, an error of any kind, a static file, an ActivityPub document.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    every_kind_of_answer_carries_the_security_headers,
    answers_for_someone_are_never_stored
);

const HTML: &str = "text/html,application/xhtml+xml,*/*;q=0.8";
const AS2: &str = "application/activity+json";

/// The headers every answer must carry, with their values.
const SECURITY: [(&str, &str); 3] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
];

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[track_caller]
fn assert_security_headers(response: &reqwest::Response, what: &str) {
    for (name, value) in SECURITY {
        assert_eq!(header(response, name).as_deref(), Some(value), "{what}");
    }
    let csp = header(response, "content-security-policy").unwrap_or_default();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{what}: {csp:?}"
    );
}

/// The fingerprinted URL of the style sheet, read from a page.
async fn stylesheet(app: &TestApp) -> String {
    let page = app
        .client
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = page.find("/static/app.").expect("a style sheet link");
    page[at..].split('"').next().unwrap().to_owned()
}

async fn every_kind_of_answer_carries_the_security_headers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "commons", "public").await;
    let css = stylesheet(&app).await;
    let big = json!({"slug": "big", "title": "x".repeat(100 * 1024)});
    let webfinger = "GET /.well-known/webfinger?resource=acct:ada@agora.test";
    let static_file = format!("GET {css}");
    // (what, request line, Accept, expected status); a 413 is asked for
    // with a body over the limit.
    let table = [
        ("page", "GET /login", HTML, 200),
        ("404 page", "GET /no/such/page", HTML, 404),
        ("404 JSON", "GET /no/such/thing", "*/*", 404),
        ("page of a missing space", "GET /s/nothing", HTML, 404),
        ("API JSON", "GET /api/v1/instance", "*/*", 200),
        ("API error", "GET /api/v1/spaces/nothing", "*/*", 404),
        ("API 401", "GET /api/v1/accounts/me", "*/*", 401),
        ("API 405", "PUT /api/v1/instance", "*/*", 405),
        ("page 405", "DELETE /login", HTML, 405),
        ("API 413", "POST /api/v1/spaces", "*/*", 413),
        ("OpenAPI document", "GET /api/v1/openapi.json", "*/*", 200),
        ("health", "GET /healthz", "*/*", 200),
        ("static file", static_file.as_str(), "text/css", 200),
        (
            "old static file",
            "GET /static/app.0000000000.css",
            "text/css",
            404,
        ),
        ("service worker", "GET /sw.js", "*/*", 200),
        ("ActivityPub document", "GET /spaces/commons", AS2, 200),
        ("ActivityPub 404", "GET /users/nobody", AS2, 404),
        ("WebFinger", webfinger, "*/*", 200),
        ("unsigned inbox post", "POST /inbox", AS2, 401),
    ];
    for (what, line, accept, status) in table {
        let (method, path) = line.split_once(' ').unwrap();
        let mut request = app
            .client
            .request(method.parse().unwrap(), format!("{}{path}", app.base))
            .header("accept", accept);
        if method == "POST" {
            request = request.json(&json!({}));
        }
        if status == 413 {
            request = request.bearer_auth(&ada.token).json(&big);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{what} ({line})");
        assert_security_headers(&response, what);
    }

    // A static file is the same for everyone: shared caches keep it, so it
    // neither carries one browser's CSRF cookie nor is made private.
    let response = app
        .client
        .get(format!("{}{css}", app.base))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("set-cookie").is_none());
    let cache = header(&response, "cache-control").unwrap();
    assert!(
        cache.starts_with("public") && cache.contains("immutable"),
        "{cache}"
    );
}

async fn answers_for_someone_are_never_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "commons", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let cookies = format!(
        "agora_session={}; agora_csrf={}",
        browser.cookie("agora_session").unwrap(),
        browser.csrf()
    );
    let css = stylesheet(&app).await;

    // Anonymous answers that are the same for everyone: no private caching
    // forced on them.
    for path in ["/api/v1/instance", "/api/v1/spaces/nothing", "/healthz"] {
        let response = app
            .client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(header(&response, "cache-control"), None, "{path}");
    }
    // A page carries the browser's CSRF token (and sets its cookie): never
    // stored, even for a visitor who is not signed in.
    let response = app
        .client
        .get(format!("{}/login", app.base))
        .send()
        .await
        .unwrap();
    assert!(response.headers().get("set-cookie").is_some());
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("private, no-store")
    );

    // With a token, or with the cookies: private, never stored, errors
    // included; a static file stays public.
    for (path, accept, personal) in [
        ("/api/v1/accounts/me", "*/*", true),
        ("/api/v1/feeds/home", "*/*", true),
        ("/api/v1/spaces/nothing", "*/*", true),
        ("/no/such/thing", "*/*", true),
        ("/", HTML, true),
        ("/s/commons", HTML, true),
        ("/no/such/page", HTML, true),
        ("/spaces/commons", AS2, true),
        (css.as_str(), "text/css", false),
    ] {
        for credential in ["bearer", "cookie"] {
            let request = app
                .client
                .get(format!("{}{path}", app.base))
                .header("accept", accept);
            let request = match credential {
                "bearer" => request.bearer_auth(&ada.token),
                _ => request.header("cookie", &cookies),
            };
            let response = request.send().await.unwrap();
            let cache = header(&response, "cache-control");
            if personal {
                assert_eq!(
                    cache.as_deref(),
                    Some("private, no-store"),
                    "{path} with a {credential}"
                );
            } else {
                assert!(
                    cache.is_some_and(|c| c.starts_with("public")),
                    "{path} with a {credential}"
                );
            }
            assert_security_headers(&response, path);
        }
    }
    // A stale cookie is still someone asking.
    let response = app
        .client
        .get(format!("{}/api/v1/accounts/me", app.base))
        .header("cookie", "agora_session=not-a-session")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("private, no-store")
    );
}
