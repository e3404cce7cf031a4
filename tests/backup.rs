//! `agora admin backup` of a running server that is being written to, and
//! `agora admin restore` into a fresh folder and database: the restored
//! instance starts and shows the content and the library file. Then the
//! refusals: a database with data (without --force), a newer schema, and
//! nothing half-written after a refusal.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "api/support.rs"]
mod support;

#[allow(dead_code)]
#[path = "cli/server.rs"]
mod server;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use server::Server;
use support::{Backend, TestDatabase};

const AGORA: &str = env!("CARGO_BIN_EXE_agora");
const PASSWORD: &str = "a long enough password";

fn command(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(AGORA);
    command
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("AGORA_")) {
        command.env_remove(key);
    }
    command.envs(env.iter().copied());
    command
}

async fn agora(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    command(dir, args, env).output().await.unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn call(
    client: &reqwest::Client,
    request: reqwest::RequestBuilder,
) -> (reqwest::StatusCode, Value) {
    let response = client.execute(request.build().unwrap()).await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// An API token for ada.
async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    let (status, body) = call(
        client,
        client
            .post(format!("{base}/api/v1/tokens"))
            .json(&json!({"name": "t", "login": "ada", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

fn write_config(dir: &Path, text: &str) {
    std::fs::create_dir_all(dir.join("config")).unwrap();
    std::fs::write(dir.join("config/agora.toml"), text).unwrap();
}

async fn count_posts(database_url: &str, dir: &Path) -> i64 {
    let config = support::test_config(database_url, dir.join("data"));
    let db = agora::db::Db::connect(&config).await.unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM posts")
        .fetch_one(&db.read)
        .await
        .unwrap();
    db.close().await;
    n
}

async fn round_trip(backend: Backend) {
    let client = reqwest::Client::new();
    let source = TestDatabase::new(backend).await;
    let from = source.dir.path();
    let config_text = "[instance]\ndomain = \"agora.test\"\nregistration = \"open\"\n";
    write_config(from, config_text);
    let env = [
        ("AGORA_DATABASE_URL", source.url.as_str()),
        ("AGORA_LOG_LEVEL", "warn,agora=info"),
    ];
    let server = Server::start(from, &env);
    let base = server.base();

    // Content: an account, a private space, a post, a library file.
    let (status, body) = call(
        &client,
        client
            .post(format!("{base}/api/v1/accounts"))
            .json(&json!({"username": "ada", "email": "ada@example.org", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let token = sign_in(&client, &base).await;
    let (status, body) = call(
        &client,
        client
            .post(format!("{base}/api/v1/spaces"))
            .bearer_auth(&token)
            .json(&json!({"slug": "cases", "title": "Cases", "visibility": "private"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = call(
        &client,
        client
            .post(format!("{base}/api/v1/spaces/cases/posts"))
            .bearer_auth(&token)
            .json(&json!({"title": "Hearing notes", "body": "Kept safe."})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let post = body["id"].as_i64().unwrap();
    let file: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let (status, body) = call(
        &client,
        client
            .post(format!(
                "{base}/api/v1/spaces/cases/library/files?filename=evidence.bin"
            ))
            .bearer_auth(&token)
            .body(file.clone()),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let item = body["id"].as_i64().unwrap();

    // The backup runs while posts keep being written.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        let (stop, written) = (stop.clone(), written.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) && n < 2000 {
                n += 1;
                let response = client
                    .post(format!("{base}/api/v1/spaces/cases/posts"))
                    .bearer_auth(&token)
                    .json(&json!({"title": format!("During the backup {n}"), "body": "x"}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201);
                written.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let backup_dir = tempfile::tempdir().unwrap();
    let backup = backup_dir.path().join("agora-backup");
    while written.load(Ordering::Relaxed) < 5 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before = written.load(Ordering::Relaxed);
    let out = agora(from, &["admin", "backup", backup.to_str().unwrap()], &env).await;
    let after = written.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let stdout = text(&out.stdout);
    let _ = std::io::stderr().write_all(stdout.as_bytes());
    assert!(out.status.success(), "{}{stdout}", text(&out.stderr));
    for line in ["database: ", "files: ", "config: ", "backup complete"] {
        assert!(stdout.contains(line), "{stdout}");
    }
    let manifest = std::fs::read_to_string(backup.join("manifest.toml")).unwrap();
    assert!(manifest.contains("schema_version = "), "{manifest}");
    assert_eq!(
        std::fs::read_to_string(backup.join("config.toml")).unwrap(),
        config_text
    );
    drop(server);

    // Restore into a fresh folder and database, with the backed-up config.
    let target = TestDatabase::new(backend).await;
    let to = target.dir.path();
    write_config(to, config_text);
    let env = [
        ("AGORA_DATABASE_URL", target.url.as_str()),
        ("AGORA_LOG_LEVEL", "warn,agora=info"),
    ];
    let backup_arg = backup.to_str().unwrap();
    let out = agora(to, &["admin", "restore", backup_arg], &env).await;
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}{stdout}", text(&out.stderr));
    assert!(stdout.contains("restore complete"), "{stdout}");

    // Everything written before the backup began is there; nothing torn.
    let restored = count_posts(&target.url, to).await;
    let _ = writeln!(
        std::io::stderr(),
        "posts written: {before} before the backup, {after} by its end; {restored} restored"
    );
    assert!(
        // The first post, those written before, perhaps one in flight.
        (1 + before as i64..=2 + after as i64).contains(&restored),
        "{restored} posts restored; {before} written before the backup, {after} by its end"
    );

    let server = Server::start(to, &env);
    let base = server.base();
    let token = sign_in(&client, &base).await;
    let (status, body) = call(
        &client,
        client
            .get(format!("{base}/api/v1/posts/{post}"))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["title"], "Hearing notes");
    let response = client
        .get(format!("{base}/api/v1/library/items/{item}/content"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.bytes().await.unwrap() == file,
        "the library file comes back byte for byte"
    );
    // The search index came back with the content (on PostgreSQL its
    // documents are computed again on restore: migration 0025).
    let (status, body) = call(
        &client,
        client
            .get(format!("{base}/api/v1/search?q=hearing"))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 1, "{body}");
    assert_eq!(body["items"][0]["title"], "Hearing notes", "{body}");
    drop(server);

    // Again, over the restored instance: refused without --force.
    let out = agora(to, &["admin", "restore", backup_arg], &env).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("already holds"),
        "{}",
        text(&out.stderr)
    );
    let out = agora(to, &["admin", "restore", backup_arg, "--force"], &env).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(count_posts(&target.url, to).await, restored);

    // A backup from a newer Agora is refused, and leaves nothing behind.
    let newer = backup_dir.path().join("newer");
    std::fs::create_dir(&newer).unwrap();
    for entry in std::fs::read_dir(&backup).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), newer.join(entry.file_name())).unwrap();
        }
    }
    let manifest = std::fs::read_to_string(newer.join("manifest.toml")).unwrap();
    let manifest: String = manifest
        .lines()
        .map(|l| {
            if l.starts_with("schema_version") {
                "schema_version = 99990001".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(newer.join("manifest.toml"), manifest).unwrap();
    let fresh = TestDatabase::new(backend).await;
    let env = [("AGORA_DATABASE_URL", fresh.url.as_str())];
    let out = agora(
        fresh.dir.path(),
        &["admin", "restore", newer.to_str().unwrap()],
        &env,
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("newer Agora"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !fresh.dir.path().join("data").exists(),
        "nothing is written for a refused restore"
    );

    // A backup folder must be new.
    let out = agora(from, &["admin", "backup", backup_arg], &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not empty"));
}

#[tokio::test]
async fn backup_of_a_running_instance_restores_on_sqlite() {
    round_trip(Backend::Sqlite).await;
}

#[tokio::test]
async fn backup_of_a_running_instance_restores_on_postgres() {
    let skip = |why: &str| {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED backup_of_a_running_instance_restores_on_postgres because {why}; ran on SQLite only"
        );
    };
    if support::postgres_url().is_none() {
        return skip("AGORA_TEST_DATABASE_URL is not set");
    }
    for tool in ["pg_dump", "pg_restore"] {
        if Command::new(tool).arg("--version").output().is_err() {
            return skip(&format!("{tool} is not on PATH"));
        }
    }
    round_trip(Backend::Postgres).await;
}
