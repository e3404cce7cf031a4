//! `kill -9` of a sending instance while its deliveries are under way:
//! after a restart every activity still arrives, and each post is stored
//! once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use agora_federation_tests::{Network, eventually};
use reqwest::Method;
use serde_json::json;

/// The `agora` binary next to this test's own executable, built first if
/// it is not there yet.
fn agora_binary() -> PathBuf {
    let me = std::env::current_exe().unwrap();
    let dir = me.parent().and_then(|deps| deps.parent()).unwrap();
    let binary = dir.join("agora");
    if !binary.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", "agora", "--bin", "agora"])
            .status()
            .unwrap();
        assert!(status.success(), "building the agora binary failed");
    }
    binary
}

fn start_alpha(data: &std::path::Path, port: u16, beta: std::net::SocketAddr) -> Child {
    Command::new(agora_binary())
        .arg("serve")
        .env("AGORA_INSTANCE_DOMAIN", "alpha.test")
        .env("AGORA_INSTANCE_REGISTRATION", "open")
        .env("AGORA_HTTP_BIND", format!("127.0.0.1:{port}"))
        .env(
            "AGORA_DATABASE_URL",
            format!("sqlite://{}", data.join("alpha.db").display()),
        )
        .env("AGORA_STORAGE_DATA_DIR", data.join("files"))
        .env("AGORA_FEDERATION_ALLOW_PRIVATE_NETWORKS", "true")
        .env("AGORA_FEDERATION_RESOLVE", format!("beta.test={beta}"))
        .env("AGORA_LOG_LEVEL", "warn")
        .current_dir(data)
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

#[tokio::test]
async fn deliveries_survive_kill_9() {
    let network = Network::start(&["beta.test"]).await.unwrap();
    let beta = network.instance("beta.test");
    let data = tempfile::tempdir().unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let alpha_addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    beta.state
        .federation
        .host_overrides
        .insert("alpha.test", alpha_addr);
    let client = reqwest::Client::builder()
        .resolve("alpha.test", alpha_addr)
        .resolve("beta.test", beta.addr)
        .build()
        .unwrap();
    let mut alpha = start_alpha(data.path(), port, beta.addr);
    let alpha_up = || async {
        client
            .get("http://alpha.test/healthz")
            .send()
            .await
            .ok()
            .filter(|r| r.status() == 200)
            .map(|_| ())
    };
    eventually("alpha starts", Duration::from_secs(20), alpha_up).await;

    let mut network = Network {
        instances: network.instances,
        client: client.clone(),
    };
    let beta = network.instance("beta.test");
    let amina = network
        .member_at(&client, "http://alpha.test", "amina")
        .await
        .unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let (status, _) = network
        .call(
            Method::POST,
            "http://alpha.test/api/v1/spaces".into(),
            Some(&amina),
            Some(json!({"slug": "news", "title": "News", "visibility": "public"})),
        )
        .await;
    assert_eq!(status, 201);
    let (status, follow) = network
        .call(
            Method::POST,
            beta.url("/api/v1/follows"),
            Some(&bruno),
            Some(json!({"handle": "@news@alpha.test"})),
        )
        .await;
    assert_eq!(status, 202, "{follow}");
    let space = follow["space_id"].as_i64().unwrap();
    eventually(
        "the follow is accepted",
        Duration::from_secs(20),
        || async {
            let (_, list) = network
                .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
                .await;
            (list[0]["state"] == "accepted").then_some(())
        },
    )
    .await;

    // The first ten posts are delivered (or in flight) as usual. Then beta
    // goes down, so the next ten are certainly still queued when alpha is
    // killed with SIGKILL right after writing them.
    const POSTS: usize = 20;
    for n in 0..POSTS {
        if n == POSTS / 2 {
            network.stop("beta.test").await;
        }
        let (status, _) = network
            .call(
                Method::POST,
                "http://alpha.test/api/v1/spaces/news/posts".into(),
                Some(&amina),
                Some(json!({"title": format!("Bulletin {n}"), "body": "text"})),
            )
            .await;
        assert_eq!(status, 201);
    }
    alpha.kill().unwrap(); // SIGKILL
    alpha.wait().unwrap();

    let pending: (i64,) = {
        // Read the killed instance's queue straight from its database file.
        let url = format!("sqlite://{}", data.path().join("alpha.db").display());
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        // Work left at the kill: deliveries, and changes not yet turned
        // into deliveries.
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM deliveries) + (SELECT COUNT(*) FROM changes)")
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    assert!(
        pending.0 >= (POSTS / 2) as i64,
        "{} deliveries or changes queued at the kill",
        pending.0
    );

    network.restart("beta.test").await.unwrap();
    let beta = network.instance("beta.test");
    let mut alpha = start_alpha(data.path(), port, beta.addr);
    eventually("alpha restarts", Duration::from_secs(20), alpha_up).await;
    // A lease held by the killed process expires after 30 s.
    eventually(
        "every post reaches beta",
        Duration::from_secs(60),
        || async {
            let (_, page) = network
                .call(
                    Method::GET,
                    beta.url(&format!("/api/v1/spaces/{space}/posts?limit=100")),
                    Some(&bruno),
                    None,
                )
                .await;
            let count = page["items"].as_array().map_or(0, Vec::len);
            (count == POSTS).then_some(())
        },
    )
    .await;
    let (_, page) = network
        .call(
            Method::GET,
            beta.url(&format!("/api/v1/spaces/{space}/posts?limit=100")),
            Some(&bruno),
            None,
        )
        .await;
    let mut titles: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_owned())
        .collect();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), POSTS, "each post stored exactly once");
    alpha.kill().unwrap();
    alpha.wait().unwrap();
}
