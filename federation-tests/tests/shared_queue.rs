//! Two `agora serve` nodes sharing one PostgreSQL database share its
//! delivery queue: every activity is delivered, none twice.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use agora::config::{RegistrationMode, database_kind};
use agora::{Application, Config};
use agora_federation_tests::eventually;
use axum::body::Bytes;
use axum::extract::State;
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::Connection;

type Seen = Arc<Mutex<HashMap<String, usize>>>;

/// A remote inbox that counts each activity id it receives.
async fn receiver() -> (SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let app = axum::Router::new()
        .route(
            "/inbox",
            axum::routing::post(|State(seen): State<Seen>, body: Bytes| async move {
                let activity: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                let id = activity["id"].as_str().unwrap_or("").to_owned();
                *seen.lock().unwrap().entry(id).or_default() += 1;
                axum::http::StatusCode::ACCEPTED
            }),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, seen)
}

#[tokio::test]
async fn two_nodes_share_the_queue_without_double_delivery() {
    let Ok(admin_url) = std::env::var("AGORA_TEST_DATABASE_URL") else {
        eprintln!(
            "SKIPPED two_nodes_share_the_queue_without_double_delivery: \
             set AGORA_TEST_DATABASE_URL to a PostgreSQL server (.ci/run does)"
        );
        return;
    };
    let name = format!(
        "agora_fed_{}",
        agora::random_bytes::<6>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");

    let (watcher, seen) = receiver().await;
    let data = tempfile::tempdir().unwrap();
    let mut nodes = Vec::new();
    for _ in 0..2 {
        let mut config = Config::defaults();
        config.domain = "alpha.test".into();
        config.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        config.database_url = url.clone();
        config.database_kind = database_kind(&url).unwrap();
        config.data_dir = data.path().join("files");
        config.registration = RegistrationMode::Open;
        config.allow_private_networks = true;
        config.resolve = vec![("watch.test".into(), watcher)];
        let app = Application::build(config).await.unwrap();
        let addr = app.local_addr();
        let state = app.state().clone();
        tokio::spawn(app.run_until(std::future::pending()));
        nodes.push((addr, state));
    }
    let client = reqwest::Client::new();
    let call =
        |addr: SocketAddr, method: Method, path: &str, token: Option<String>, body: Value| {
            let request = client
                .request(method, format!("http://{addr}{path}"))
                .header("host", "alpha.test")
                .json(&body);
            let request = match token {
                Some(t) => request.bearer_auth(t),
                None => request,
            };
            async move {
                let response = request.send().await.unwrap();
                let status = response.status().as_u16();
                (
                    status,
                    response.json::<Value>().await.unwrap_or(Value::Null),
                )
            }
        };
    let (a, b) = (nodes[0].0, nodes[1].0);
    let password = "correct horse battery staple";
    let (status, _) = call(
        a,
        Method::POST,
        "/api/v1/accounts",
        None,
        json!({"username": "amina", "email": "amina@example.org", "password": password}),
    )
    .await;
    assert_eq!(status, 201);
    let (_, token) = call(
        a,
        Method::POST,
        "/api/v1/tokens",
        None,
        json!({"name": "t", "login": "amina", "password": password}),
    )
    .await;
    let token = token["token"].as_str().unwrap().to_owned();
    let (status, space) = call(
        a,
        Method::POST,
        "/api/v1/spaces",
        Some(token.clone()),
        json!({"slug": "news", "title": "News", "visibility": "public"}),
    )
    .await;
    assert_eq!(status, 201);

    // A remote follower whose inbox counts what arrives.
    let db = &nodes[0].1.db;
    let (follower,): (i64,) = sqlx::query_as(
        "INSERT INTO accounts (username, domain, created_at, ap_id, inbox_url, public_key_pem, fetched_at) \
         VALUES ('watcher', 'watch.test', 0, 'http://watch.test/users/watcher', 'http://watch.test/inbox', '', 0) \
         RETURNING id",
    )
    .fetch_one(db.writer())
    .await
    .unwrap();
    sqlx::query("INSERT INTO space_followers (space_id, account_id, follow_id, created_at) VALUES ($1, $2, 'f', 0)")
        .bind(space["id"].as_i64().unwrap())
        .bind(follower)
        .execute(db.writer())
        .await
        .unwrap();

    // Posts written on both nodes, at once.
    const POSTS: usize = 60;
    let mut writes = Vec::new();
    for n in 0..POSTS {
        let node = if n % 2 == 0 { a } else { b };
        writes.push(call(
            node,
            Method::POST,
            "/api/v1/spaces/news/posts",
            Some(token.clone()),
            json!({"title": format!("Post {n}"), "body": "text"}),
        ));
    }
    for (status, _) in futures_join(writes).await {
        assert_eq!(status, 201);
    }
    eventually(
        "every announce is delivered",
        Duration::from_secs(30),
        || async {
            let seen = seen.lock().unwrap();
            let announces = seen
                .keys()
                .filter(|id| id.contains("/activities/announce/"))
                .count();
            // Two a post: the group's Announce of the Create, and of the
            // Page itself (for microblogs, which boost only objects).
            (announces >= 2 * POSTS).then_some(())
        },
    )
    .await;
    // Give a double delivery the chance to show up, then check there is none.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let twice: Vec<(String, usize)> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(id, n)| (id.clone(), *n))
        .collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    let announces = seen
        .lock()
        .unwrap()
        .keys()
        .filter(|id| id.contains("/activities/announce/"))
        .count();
    assert_eq!(
        announces,
        2 * POSTS,
        "one Create and one Page announced a post"
    );
    let pending = agora::federation::outbox::pending(db).await.unwrap();
    assert!(pending.is_empty(), "{pending:?}");

    for (_, state) in &nodes {
        state.db.close().await;
    }
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await;
}

async fn futures_join<F>(futures: Vec<F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}
