//! Private is indistinguishable from missing by every channel a test can
//! see deterministically — status, body and headers, for every kind of URL
//! (API, web pages, ActivityPub documents) — and ids tell nothing: they are
//! neither sequential nor ordered by time. (Timing is measured by
//! `cargo bench --bench private_timing`; see docs/benchmarks.md.)

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, HeaderMap, SET_COOKIE};
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};

on_both_backends!(
    private_and_missing_answer_alike_to_the_byte_and_header,
    ids_are_random_and_lists_keep_their_order,
);

/// An id no object has (ids are random below 2^53; this one is above).
const MISSING: i64 = 9_007_199_254_740_993;

async fn raw(
    app: &TestApp,
    path: &str,
    user: Option<&User>,
    accept: &str,
) -> (StatusCode, HeaderMap, String) {
    let mut request = app
        .client
        .get(format!("{}{path}", app.base))
        .header(ACCEPT, accept);
    if let Some(user) = user {
        request = request.bearer_auth(&user.token);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status();
    // The date moves; a fresh CSRF cookie differs in its random value, and
    // the length with the path the page names: the rest must be identical.
    let mut headers = response.headers().clone();
    headers.remove("date");
    headers.remove("content-length");
    let cookies: Vec<String> = headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| {
            let v = v.to_str().unwrap_or_default();
            let (name, rest) = v.split_once('=').unwrap_or((v, ""));
            let attributes = rest.split_once(';').map_or("", |(_, a)| a);
            format!("{name}=…;{attributes}")
        })
        .collect();
    headers.remove(SET_COOKIE);
    for cookie in cookies {
        headers.append(SET_COOKIE, cookie.parse().unwrap());
    }
    let body = without_csrf(response.text().await.expect("body"));
    (status, headers, body)
}

/// Pages carry a fresh random CSRF token in their forms.
fn without_csrf(mut body: String) -> String {
    const FIELD: &str = "name=\"csrf\" value=\"";
    if let Some(start) = body.find(FIELD).map(|i| i + FIELD.len())
        && let Some(end) = body[start..].find('"')
    {
        body.replace_range(start..start + end, "…");
    }
    body
}

async fn private_and_missing_answer_alike_to_the_byte_and_header(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    let outsider = app.user("outsider").await;
    let space = app.space(&owner, "secret-case", "private").await;
    let post = app
        .post_in(&owner, "secret-case", "Witness statement")
        .await;
    let (status, thread) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&owner),
            json!({"body": "Hidden comment"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    let comment = thread[0]["id"].as_i64().unwrap();
    let (status, event) = app
        .post(
            "/api/v1/spaces/secret-case/events",
            Some(&owner),
            json!({"title": "Strategy meeting", "starts_at": "2030-03-28T10:00",
                   "ends_at": "2030-03-28T11:00", "timezone": "Africa/Kinshasa"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let event = event["id"].as_i64().unwrap();
    let (status, note) = app
        .post(
            "/api/v1/spaces/secret-case/library/notes",
            Some(&owner),
            json!({"title": "Evidence list", "body": "- photo 1\n"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let item = note["id"].as_i64().unwrap();
    let (status, item_comment) = app
        .post(
            &format!("/api/v1/library/items/{item}/comments"),
            Some(&owner),
            json!({"body": "checked"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{item_comment}");

    const JSON: &str = "application/json";
    const HTML: &str = "text/html";
    const AP: &str = "application/activity+json";
    // (accept, the private thing, the same kind of URL naming nothing)
    let probes: Vec<(&str, String, String)> = vec![
        (
            JSON,
            format!("/api/v1/spaces/{space}"),
            format!("/api/v1/spaces/{MISSING}"),
        ),
        (
            JSON,
            "/api/v1/spaces/secret-case".into(),
            "/api/v1/spaces/no-such-case".into(),
        ),
        (
            JSON,
            format!("/api/v1/spaces/{space}/events"),
            format!("/api/v1/spaces/{MISSING}/events"),
        ),
        (
            JSON,
            format!("/api/v1/spaces/{space}/library"),
            format!("/api/v1/spaces/{MISSING}/library"),
        ),
        (
            JSON,
            format!("/api/v1/posts/{post}"),
            format!("/api/v1/posts/{MISSING}"),
        ),
        (
            JSON,
            format!("/api/v1/posts/{post}/comments"),
            format!("/api/v1/posts/{MISSING}/comments"),
        ),
        (
            JSON,
            format!("/api/v1/events/{event}"),
            format!("/api/v1/events/{MISSING}"),
        ),
        (
            JSON,
            format!("/api/v1/events/{event}/calendar.ics"),
            format!("/api/v1/events/{MISSING}/calendar.ics"),
        ),
        (
            JSON,
            format!("/api/v1/events/{event}/participants"),
            format!("/api/v1/events/{MISSING}/participants"),
        ),
        (
            JSON,
            format!("/api/v1/library/items/{item}"),
            format!("/api/v1/library/items/{MISSING}"),
        ),
        (
            JSON,
            format!("/api/v1/library/items/{item}/content"),
            format!("/api/v1/library/items/{MISSING}/content"),
        ),
        (
            JSON,
            format!("/api/v1/library/items/{item}/comments"),
            format!("/api/v1/library/items/{MISSING}/comments"),
        ),
        (
            JSON,
            format!("/api/v1/library/items/{item}/revisions"),
            format!("/api/v1/library/items/{MISSING}/revisions"),
        ),
        (HTML, "/s/secret-case".into(), "/s/no-such-case".into()),
        (HTML, format!("/s/{space}"), format!("/s/{MISSING}")),
        (
            HTML,
            "/s/secret-case/events".into(),
            "/s/no-such-case/events".into(),
        ),
        (
            HTML,
            "/s/secret-case/library".into(),
            "/s/no-such-case/library".into(),
        ),
        (
            HTML,
            "/s/secret-case/members".into(),
            "/s/no-such-case/members".into(),
        ),
        (HTML, format!("/post/{post}"), format!("/post/{MISSING}")),
        (HTML, format!("/event/{event}"), format!("/event/{MISSING}")),
        (HTML, format!("/item/{item}"), format!("/item/{MISSING}")),
        (
            HTML,
            format!("/item/{item}/diff"),
            format!("/item/{MISSING}/diff"),
        ),
        (
            AP,
            "/spaces/secret-case".into(),
            "/spaces/no-such-case".into(),
        ),
        (
            AP,
            "/spaces/secret-case/outbox".into(),
            "/spaces/no-such-case/outbox".into(),
        ),
        (AP, format!("/posts/{post}"), format!("/posts/{MISSING}")),
        (
            AP,
            format!("/comments/{comment}"),
            format!("/comments/{MISSING}"),
        ),
        (AP, format!("/events/{event}"), format!("/events/{MISSING}")),
        (
            AP,
            format!("/library/{item}"),
            format!("/library/{MISSING}"),
        ),
        (
            JSON,
            "/.well-known/webfinger?resource=acct:secret-case@agora.test".into(),
            "/.well-known/webfinger?resource=acct:no-such-case@agora.test".into(),
        ),
    ];
    for viewer in [None, Some(&outsider)] {
        let who = viewer.map_or("anonymous", |u| u.name.as_str());
        for (accept, private_path, missing_path) in &probes {
            let private = raw(&app, private_path, viewer, accept).await;
            let missing = raw(&app, missing_path, viewer, accept).await;
            assert_eq!(
                private.0, missing.0,
                "{who}: GET {private_path} ({accept}) answers {} where nothing answers {}",
                private.0, missing.0
            );
            assert!(
                private.0.is_client_error(),
                "{who}: GET {private_path} ({accept}) answers {}",
                private.0
            );
            assert_eq!(
                private.1, missing.1,
                "{who}: GET {private_path} ({accept}) differs in its headers"
            );
            // The body may name the path it was asked for; nothing else.
            let private_body = private.2.replace(private_path.as_str(), "PATH");
            let missing_body = missing.2.replace(missing_path.as_str(), "PATH");
            assert_eq!(
                private_body, missing_body,
                "{who}: GET {private_path} ({accept}) differs in its body"
            );
            for secret in ["Witness", "Strategy", "Evidence", "Hidden", "secret-case"] {
                assert!(
                    !private.2.contains(secret) || private_path.contains(secret),
                    "{who}: GET {private_path} names {secret}"
                );
            }
        }
    }
}

async fn ids_are_random_and_lists_keep_their_order(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    app.space(&ada, "case", "private").await;
    let mut public = Vec::new();
    let mut all = Vec::new();
    for n in 0..8 {
        let id = app.post_in(&ada, "news", &format!("News {n}")).await;
        public.push(id);
        all.push(id);
        all.push(app.post_in(&ada, "case", &format!("Case {n}")).await);
    }
    for id in &all {
        assert!(
            (1..1 << 53).contains(id),
            "{id} is not an id JavaScript reads exactly"
        );
    }
    // Ids made one after the other are nowhere near each other: two random
    // ids below 2^53 fall within a million of each other about once in
    // 4.5 billion pairs.
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert!(
                (a - b).abs() > 1_000_000,
                "ids {a} and {b} are close: they tell how many were made between"
            );
        }
    }
    // The feed is still newest first, page after page.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/spaces/news/posts?limit=3&cursor={c}"),
            None => "/api/v1/spaces/news/posts?limit=3".into(),
        };
        let (status, page) = app.get(&path, None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let newest_first: Vec<i64> = public.iter().rev().copied().collect();
    assert_eq!(seen, newest_first);
    // Spaces too are listed newest first.
    let (_, spaces) = app.get("/api/v1/spaces?mine=true", Some(&ada)).await;
    let slugs: Vec<&str> = spaces["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["case", "news"]);
}
