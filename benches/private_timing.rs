//! Does time tell a private object from a missing one? For every kind of
//! URL that names an object by id or slug (API, web pages, ActivityPub
//! documents), this plays 300 requests for a private object and 300 for a
//! missing one, interleaved in a random order, to a release server in its
//! own process, and compares the two sets of latencies with a two-sided
//! Mann–Whitney U test. A p-value under 0.01 would mean a measurable
//! difference. Run with `cargo bench --bench private_timing`; see
//! docs/benchmarks.md.
//!
//! Knobs (environment): `AGORA_BENCH_PAIRS` (default 300).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Instant;

use serde_json::{Value, json};
use support::{config, start_server};

use agora::accounts::tokens::{self, TokenKind};
use agora::accounts::{self, InstanceRole, NewAccount, Registration};
use agora::db::Db;

/// An id no object has (ids are random below 2^53).
const MISSING: i64 = 9_007_199_254_740_993;

async fn member(db: &Db, name: &str) -> String {
    let account = accounts::create_account(
        db,
        NewAccount {
            username: name.into(),
            email: format!("{name}@bench.example"),
            password: "a long enough password".into(),
            role: InstanceRole::Member,
        },
        Registration::Admin,
    )
    .await
    .unwrap();
    tokens::create(db, account.id, TokenKind::Api, "bench")
        .await
        .unwrap()
        .1
}

async fn call(http: &reqwest::Client, base: &str, token: &str, path: &str, body: Value) -> Value {
    let answer = http
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    answer.json().await.unwrap()
}

/// The two-sided p-value of the Mann–Whitney U test for samples `a` and
/// `b` (normal approximation with the tie correction; fine for n = 300).
fn mann_whitney(a: &[f64], b: &[f64]) -> f64 {
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let mut all: Vec<(f64, bool)> = a
        .iter()
        .map(|&x| (x, true))
        .chain(b.iter().map(|&x| (x, false)))
        .collect();
    all.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut rank_sum_a = 0.0;
    let mut ties = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        let count = (j - i + 1) as f64;
        ties += count * count * count - count;
        rank_sum_a += all[i..=j].iter().filter(|x| x.1).count() as f64 * rank;
        i = j + 1;
    }
    let u = rank_sum_a - n1 * (n1 + 1.0) / 2.0;
    let mean = n1 * n2 / 2.0;
    let n = n1 + n2;
    let variance = n1 * n2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)));
    let z = (u - mean).abs() / variance.sqrt();
    2.0 * (1.0 - normal_cdf(z))
}

/// Φ(z), from the complementary error function (Numerical Recipes' erfc
/// approximation, accurate to 1.2e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.5 * x.abs());
    let poly = -x * x - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let erfc = t * poly.exp();
    let erfc = if x >= 0.0 { erfc } else { 2.0 - erfc };
    1.0 - erfc / 2.0
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn timed(http: &reqwest::Client, url: &str, accept: &str, token: Option<&str>) -> f64 {
    let mut request = http.get(url).header("accept", accept);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let start = Instant::now();
    let response = request.send().await.unwrap();
    let status = response.status();
    response.bytes().await.unwrap();
    assert!(status.is_client_error(), "{url}: {status}");
    start.elapsed().as_secs_f64() * 1e6
}

/// Medians of `pairs` requests to each URL, interleaved in a random order,
/// and the Mann–Whitney p-value of the two samples.
async fn compare(
    http: &reqwest::Client,
    (private_url, missing_url): (&str, &str),
    accept: &str,
    token: Option<&str>,
    pairs: usize,
) -> (f64, f64, f64) {
    // Warm both paths (statement caches, connections).
    for _ in 0..20 {
        timed(http, private_url, accept, token).await;
        timed(http, missing_url, accept, token).await;
    }
    let (mut a, mut b) = (Vec::with_capacity(pairs), Vec::with_capacity(pairs));
    for _ in 0..pairs {
        // Which goes first in each pair is random.
        if agora::random_bytes::<1>()[0] & 1 == 0 {
            a.push(timed(http, private_url, accept, token).await);
            b.push(timed(http, missing_url, accept, token).await);
        } else {
            b.push(timed(http, missing_url, accept, token).await);
            a.push(timed(http, private_url, accept, token).await);
        }
    }
    let p = mann_whitney(&a, &b);
    (median(&mut a), median(&mut b), p)
}

#[tokio::main]
async fn main() {
    let pairs: usize = std::env::var("AGORA_BENCH_PAIRS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let db = Db::connect(&config).await.unwrap();
    db.migrate().await.unwrap();
    let owner = member(&db, "owner").await;
    let outsider = member(&db, "outsider").await;
    db.close().await;
    let (mut server, port) = start_server(&config, dir.path());
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();

    let space = call(
        &http,
        &base,
        &owner,
        "/api/v1/spaces",
        json!({"slug": "secret-case", "title": "Secret", "visibility": "private"}),
    )
    .await;
    let space = space["id"].as_i64().unwrap();
    let post = call(
        &http,
        &base,
        &owner,
        "/api/v1/spaces/secret-case/posts",
        json!({"title": "Witness statement", "body": "Long text. ".repeat(300)}),
    )
    .await;
    let post = post["id"].as_i64().unwrap();
    let thread = call(
        &http,
        &base,
        &owner,
        &format!("/api/v1/posts/{post}/comments"),
        json!({"body": "Hidden comment"}),
    )
    .await;
    let comment = thread[0]["id"].as_i64().unwrap();
    let event = call(&http, &base, &owner, "/api/v1/spaces/secret-case/events", json!({"title": "Strategy meeting", "starts_at": "2030-03-28T10:00", "ends_at": "2030-03-28T11:00", "timezone": "Africa/Kinshasa"})).await;
    let event = event["id"].as_i64().unwrap();
    let note = call(
        &http,
        &base,
        &owner,
        "/api/v1/spaces/secret-case/library/notes",
        json!({"title": "Evidence list", "body": "- photo\n"}),
    )
    .await;
    let item = note["id"].as_i64().unwrap();

    let json_ = "application/json";
    let html = "text/html";
    let ap = "application/activity+json";
    let probes: Vec<(&str, &str, String, String)> = vec![
        (
            "API space by id",
            json_,
            format!("/api/v1/spaces/{space}"),
            format!("/api/v1/spaces/{MISSING}"),
        ),
        (
            "API space by slug",
            json_,
            "/api/v1/spaces/secret-case".into(),
            "/api/v1/spaces/no-such-case".into(),
        ),
        (
            "API post",
            json_,
            format!("/api/v1/posts/{post}"),
            format!("/api/v1/posts/{MISSING}"),
        ),
        (
            "API comments",
            json_,
            format!("/api/v1/posts/{post}/comments"),
            format!("/api/v1/posts/{MISSING}/comments"),
        ),
        (
            "API event",
            json_,
            format!("/api/v1/events/{event}"),
            format!("/api/v1/events/{MISSING}"),
        ),
        (
            "API library item",
            json_,
            format!("/api/v1/library/items/{item}"),
            format!("/api/v1/library/items/{MISSING}"),
        ),
        (
            "web space",
            html,
            "/s/secret-case".into(),
            "/s/no-such-case".into(),
        ),
        (
            "web post",
            html,
            format!("/post/{post}"),
            format!("/post/{MISSING}"),
        ),
        (
            "web event",
            html,
            format!("/event/{event}"),
            format!("/event/{MISSING}"),
        ),
        (
            "web library item",
            html,
            format!("/item/{item}"),
            format!("/item/{MISSING}"),
        ),
        (
            "AP group",
            ap,
            "/spaces/secret-case".into(),
            "/spaces/no-such-case".into(),
        ),
        (
            "AP post",
            ap,
            format!("/posts/{post}"),
            format!("/posts/{MISSING}"),
        ),
        (
            "AP comment",
            ap,
            format!("/comments/{comment}"),
            format!("/comments/{MISSING}"),
        ),
        (
            "AP event",
            ap,
            format!("/events/{event}"),
            format!("/events/{MISSING}"),
        ),
        (
            "AP library item",
            ap,
            format!("/library/{item}"),
            format!("/library/{MISSING}"),
        ),
    ];
    println!("{pairs} interleaved requests each; latencies in µs (medians); p from Mann–Whitney U");
    println!(
        "{:<22} {:<10} {:>9} {:>9} {:>8}",
        "URL kind", "viewer", "private", "missing", "p"
    );
    let mut lowest = 1.0_f64;
    for (name, accept, private, missing) in &probes {
        for (viewer, token) in [("anonymous", None), ("outsider", Some(outsider.as_str()))] {
            if *accept == ap && token.is_some() {
                continue;
            }
            let (private_url, missing_url) =
                (format!("{base}{private}"), format!("{base}{missing}"));
            let urls = (private_url.as_str(), missing_url.as_str());
            let (a, b, p) = compare(&http, urls, accept, token, pairs).await;
            // 25 comparisons at 0.01 raise a false alarm in about one run of
            // four; a real difference shows again in a fresh sample.
            let verdict = if p < 0.01 {
                let (_, _, again) = compare(&http, urls, accept, token, pairs).await;
                lowest = lowest.min(p.max(again));
                if again < 0.01 {
                    format!("  ← differs (again: p = {again:.3})")
                } else {
                    format!("  chance: a fresh sample gives p = {again:.3}")
                }
            } else {
                lowest = lowest.min(p);
                String::new()
            };
            println!("{name:<22} {viewer:<10} {a:>9.0} {b:>9.0} {p:>8.3}{verdict}");
        }
    }
    println!(
        "lowest p confirmed by a second sample: {lowest:.3} (a difference would show as p < 0.01 twice)"
    );
    server.kill().ok();
    server.wait().ok();
}
