//! `/metrics`: off by default, then only for listed addresses or the token
//! (everyone else gets the same 404 as an unknown path); Prometheus text
//! whose counters move with what happens, labelled by route templates.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    metrics_are_off_by_default,
    metrics_answer_only_listed_addresses_or_the_token,
    counters_move_with_requests_logins_mail_and_deliveries
);

const TOKEN: &str = "a-metrics-token-long-enough-0123456789";

/// One sample line: `name{k="v",…} value`.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// A small reader of the Prometheus text format (version 0.0.4), strict
/// enough to fail on anything malformed.
fn parse(text: &str) -> Vec<Sample> {
    let mut samples = Vec::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            assert!(
                comment.starts_with("HELP ") || comment.starts_with("TYPE "),
                "unexpected comment: {line}"
            );
            if let Some(kind) = comment.strip_prefix("TYPE ") {
                let kind = kind.split_whitespace().nth(1).unwrap();
                assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap();
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("value in {line}"));
        let (name, labels) = match series.split_once('{') {
            None => (series, BTreeMap::new()),
            Some((name, rest)) => {
                let rest = rest.strip_suffix('}').unwrap_or_else(|| panic!("{line}"));
                let mut labels = BTreeMap::new();
                let mut rest = rest;
                while !rest.is_empty() {
                    let (key, after) = rest.split_once("=\"").unwrap_or_else(|| panic!("{line}"));
                    let end = after.find('"').unwrap_or_else(|| panic!("{line}"));
                    labels.insert(key.to_owned(), after[..end].to_owned());
                    rest = after[end + 1..].trim_start_matches(',');
                }
                (name, labels)
            }
        };
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "{line}"
        );
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    samples
}

/// The sum of the samples named `name` whose labels include `labels`.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

async fn scrape(app: &TestApp, token: Option<&str>) -> (StatusCode, String, String) {
    let mut request = app.client.get(format!("{}/metrics", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

async fn samples(app: &TestApp) -> Vec<Sample> {
    let (status, content_type, text) = scrape(app, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    parse(&text)
}

/// What an unknown path answers: status and body.
async fn unknown_path(app: &TestApp) -> (StatusCode, String) {
    let response = app
        .client
        .get(format!("{}/no-such-page-here", app.base))
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn metrics_are_off_by_default(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, _, body) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, unknown) = unknown_path(&app).await;
    assert_eq!(body, unknown.replace("no-such-page-here", "metrics"));
}

async fn metrics_answer_only_listed_addresses_or_the_token(backend: Backend) {
    // Token only: this client's address (127.0.0.1) is not listed.
    let app = TestApp::spawn_with(backend, |c| {
        c.metrics.enabled = true;
        c.metrics.allow = vec!["10.0.0.0/8".parse().unwrap()];
        c.metrics.token = Some(TOKEN.into());
    })
    .await;
    let (_, unknown) = unknown_path(&app).await;
    let like_unknown = unknown.replace("no-such-page-here", "metrics");
    for token in [
        None,
        Some("wrong-token-of-the-same-kind-0123456789"),
        Some(""),
    ] {
        let (status, _, body) = scrape(&app, token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{token:?}");
        assert_eq!(body, like_unknown, "{token:?}: as if it did not exist");
    }
    let (status, _, _) = scrape(&app, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK);
    // Only GET (and HEAD) read it.
    let response = app
        .client
        .post(format!("{}/metrics", app.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // A listed address needs no token.
    let listed = TestApp::spawn_with(backend, |c| {
        c.metrics.enabled = true;
        c.metrics.allow = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let (status, _, text) = scrape(&listed, None).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        text.contains("# TYPE agora_logins_failed_total counter"),
        "{text}"
    );
    assert!(
        parse(&text)
            .iter()
            .any(|s| s.name == "agora_logins_failed_total")
    );
}

async fn counters_move_with_requests_logins_mail_and_deliveries(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.metrics.enabled = true;
        c.metrics.token = Some(TOKEN.into());
        c.allow_private_networks = true;
    })
    .await;
    let before = samples(&app).await;
    let failed_before = value(&before, "agora_logins_failed_total", &[]);

    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "Hello").await;
    for _ in 0..3 {
        let (status, _) = app.get(&format!("/api/v1/posts/{post}"), Some(&ada)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, _) = app.get("/api/v1/posts/987654321", Some(&ada)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Two refused sign-ins, by two doors.
    let (status, _) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "ada", "password": "not the password at all"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .post(
            "/api/v1/tokens",
            None,
            json!({"name": "x", "login": "nobody", "password": "not the password"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // An activity that is not even JSON (with its digest: without one it
    // would be refused as unsigned, 401).
    let response = app
        .client
        .post(format!("{}/inbox", app.base))
        .header("content-type", "application/activity+json")
        .header(
            "digest",
            agora::federation::signatures::digest_header(b"{not json"),
        )
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    // An email (written as a file: no mail server in tests).
    let (status, _) = app
        .post(
            "/api/v1/password-resets",
            None,
            json!({"email": "ada@example.org"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    // A delivery to an instance that is not there (a closed local port).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let host = closed.local_addr().unwrap().to_string();
    drop(closed);
    queue_delivery(&app, &host).await;

    let deadline = Instant::now() + Duration::from_secs(30);
    let after = loop {
        let after = samples(&app).await;
        let mailed = value(&after, "agora_emails_total", &[("outcome", "written")]) >= 1.0;
        let failed = value(
            &after,
            "agora_federation_delivery_failures_total",
            &[("host", &host), ("outcome", "retry")],
        ) >= 1.0;
        if (mailed && failed) || Instant::now() > deadline {
            break after;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    let route = "/api/v1/posts/{id}";
    assert_eq!(
        value(
            &after,
            "agora_http_requests_total",
            &[("method", "GET"), ("route", route), ("status", "200")]
        ),
        3.0
    );
    assert_eq!(
        value(
            &after,
            "agora_http_requests_total",
            &[("route", route), ("status", "404")]
        ),
        1.0
    );
    assert_eq!(
        value(
            &after,
            "agora_http_request_duration_seconds_count",
            &[("method", "GET"), ("route", route)]
        ),
        4.0
    );
    assert_eq!(
        value(
            &after,
            "agora_http_request_duration_seconds_bucket",
            &[("method", "GET"), ("route", route), ("le", "+Inf")]
        ),
        4.0
    );
    // Labels are templates: no raw path, no id, anywhere.
    for sample in &after {
        if let Some(route) = sample.labels.get("route") {
            assert!(
                *route != format!("/api/v1/posts/{post}") && !route.contains("987654321"),
                "{sample:?}"
            );
        }
    }
    assert_eq!(
        value(&after, "agora_logins_failed_total", &[]) - failed_before,
        2.0
    );
    assert_eq!(value(&after, "agora_logins_throttled_total", &[]), 0.0);
    assert_eq!(
        value(
            &after,
            "agora_federation_inbox_refused_total",
            &[("reason", "malformed")]
        ),
        1.0
    );
    assert_eq!(
        value(&after, "agora_federation_inbox_accepted_total", &[]),
        0.0
    );
    assert!(value(&after, "agora_emails_total", &[("outcome", "written")]) >= 1.0);
    assert!(
        value(
            &after,
            "agora_federation_delivery_failures_total",
            &[("host", &host), ("outcome", "retry")]
        ) >= 1.0,
        "a failed delivery is counted"
    );
    // Read at scrape time: the delivery waits for its retry.
    assert_eq!(
        value(
            &after,
            "agora_federation_delivery_queue_depth",
            &[("host", &host)]
        ),
        1.0
    );
}

/// Puts one delivery in the outbox, signed by the instance, for an inbox at
/// `host`: as `outbox::enqueue` would, minus the checks of its content.
async fn queue_delivery(app: &TestApp, host: &str) {
    let db = &app.state.db;
    let now = agora::db::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbound_activities (activity_id, signer_kind, signer_id, body, created_at) \
         VALUES ($1, 'instance', 0, $2, $3) RETURNING id",
    )
    .bind("http://agora.test/activities/test/1")
    .bind(r#"{"type": "Note"}"#)
    .bind(now)
    .fetch_one(db.writer())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO deliveries (activity_id, inbox_url, host, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(id)
    .bind(format!("http://{host}/inbox"))
    .bind(host)
    .bind(now)
    .execute(db.writer())
    .await
    .unwrap();
}
