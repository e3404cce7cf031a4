//! The OpenAPI document is the truth: schemathesis (PyPI) reads
//! `/api/v1/openapi.json` from a real instance on loopback and sends every
//! documented operation examples, boundary values and random (valid and
//! invalid) requests with a member's API token. The run fails on any answer
//! that is a 5xx, that the document does not describe (status, content
//! type, body schema), or that refuses a request the document says is
//! valid.
//!
//! The instance is seeded first (two members, a public and a private
//! space, posts, a comment, an event, library items, an invitation…) and
//! schemathesis is told their ids and names (a "dictionary"), so that half
//! of the generated paths reach real objects instead of 404s.
//!
//! Bounded: a fixed seed, a few examples per operation and a time budget,
//! so it finishes in about three minutes on two cores. Without schemathesis
//! (`python3 -m pip install schemathesis`) it says loudly that it skipped.
//! `cargo test --test openapi_fuzz -- --nocapture` shows schemathesis's
//! report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use agora::Application;
use agora::accounts::tokens::{self, TokenKind};
use agora::accounts::{self, InstanceRole, NewAccount, Registration};
use agora::config::{Config, RegistrationMode};
use serde_json::{Value, json};

/// Reproducible: the same requests on every run.
const SEED: u64 = 15;
/// Test cases per operation and phase.
const MAX_EXAMPLES: u32 = 6;
/// Schemathesis's own budget for the whole run (its fuzzing phase repeats
/// until it is spent)…
const MAX_TIME: Duration = Duration::from_secs(150);
/// …and ours: past this the run is stopped and the test fails.
const DEADLINE: Duration = Duration::from_secs(300);

/// `python3 -m schemathesis.cli`: works whether or not pip's script
/// directory is on the PATH.
fn schemathesis() -> Command {
    let mut command = Command::new("python3");
    command.args(["-m", "schemathesis.cli"]);
    command
}

fn installed() -> bool {
    schemathesis()
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn config(dir: &Path) -> Config {
    let database_url = format!("sqlite://{}", dir.join("agora.db").display());
    let mut config = Config::defaults();
    config.domain = "agora.test".into();
    config.bind = "127.0.0.1:0".parse().expect("address");
    config.database_kind = agora::config::database_kind(&database_url).expect("kind");
    config.database_url = database_url;
    config.data_dir = dir.join("data");
    config.registration = RegistrationMode::Open;
    config.max_body_bytes = 64 * 1024;
    // Generated requests name other instances at random: with an allowlist
    // and no `allow` rule, every fetch is refused before any DNS lookup,
    // so the run never leaves loopback.
    config.federation_mode = agora::federation::policy::Mode::Allowlist;
    config
}

/// A member made as `agora admin create-user` does, with an API token.
async fn member(app: &Application, name: &str) -> (String, i64) {
    let db = &app.state().db;
    let account = accounts::create_account(
        db,
        NewAccount {
            username: name.into(),
            email: format!("{name}@example.org"),
            password: "a long enough password".into(),
            role: InstanceRole::Member,
        },
        Registration::Admin,
    )
    .await
    .expect("create member");
    let (id, token) = tokens::create(db, account.id, TokenKind::Api, "fuzz")
        .await
        .expect("token");
    (token, id)
}

struct Seeder {
    base: String,
    client: reqwest::Client,
}

impl Seeder {
    async fn send(&self, method: reqwest::Method, path: &str, token: &str, body: Value) -> Value {
        let response = self
            .client
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request sent");
        let status = response.status();
        let text = response.text().await.expect("body");
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Value {
        self.send(reqwest::Method::POST, path, token, body).await
    }
}

/// Objects of every kind, so that generated paths can reach real ones.
/// Returns the ids it made.
async fn seed(seeder: &Seeder, ada: &str, bea: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut keep = |value: &Value| ids.push(value["id"].as_i64().expect("an id"));
    for (slug, visibility) in [("commons", "public"), ("circle", "private")] {
        let space = seeder
            .post(
                "/api/v1/spaces",
                ada,
                json!({"slug": slug, "title": slug, "visibility": visibility}),
            )
            .await;
        keep(&space);
        let post = seeder
            .post(
                &format!("/api/v1/spaces/{slug}/posts"),
                ada,
                json!({"title": format!("News of {slug}"), "body": "First **words**."}),
            )
            .await;
        keep(&post);
        let post_id = post["id"].as_i64().unwrap();
        let comment = seeder
            .post(
                &format!("/api/v1/posts/{post_id}/comments"),
                ada,
                json!({"body": "A first comment."}),
            )
            .await;
        // The answer is the whole thread.
        keep(&comment[0]);
        keep(
            &seeder
                .post(
                    &format!("/api/v1/spaces/{slug}/events"),
                    ada,
                    json!({
                        "title": format!("Meeting of {slug}"),
                        "starts_at": "2031-05-01T10:00:00Z",
                        "ends_at": "2031-05-01T12:00:00Z",
                        "timezone": "Europe/Paris",
                    }),
                )
                .await,
        );
        keep(
            &seeder
                .post(
                    &format!("/api/v1/spaces/{slug}/library/folders"),
                    ada,
                    json!({"title": "Minutes"}),
                )
                .await,
        );
        keep(
            &seeder
                .post(
                    &format!("/api/v1/spaces/{slug}/library/notes"),
                    ada,
                    json!({"title": "Agenda", "body": "1. Welcome"}),
                )
                .await,
        );
    }
    // Bea asks to join the private space and is invited to the public one:
    // a join request and an invitation to act on.
    seeder
        .post("/api/v1/spaces/circle/join", bea, json!({}))
        .await;
    keep(
        &seeder
            .post(
                "/api/v1/spaces/commons/invitations",
                ada,
                json!({"username": "bea", "role": "contributor"}),
            )
            .await,
    );
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// schemathesis's configuration: real values for path parameters half of
/// the time, and the one operation that would end the run's own
/// credential pointed at a spare token.
fn schemathesis_toml(ids: &[i64], spare_token: i64) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!(
        r#"
[dictionaries.ids]
values = [{ids}]
[dictionaries.spaces]
values = ["commons", "circle"]
[dictionaries.usernames]
values = ["ada", "bea"]
[dictionaries.numbers]
values = [1, 2]

[parameters]
"path.id" = {{ dictionary = "ids", probability = 0.5 }}
"path.space" = {{ dictionary = "spaces", probability = 0.5 }}
"path.username" = {{ dictionary = "usernames", probability = 0.5 }}
"path.number" = {{ dictionary = "numbers", probability = 0.5 }}

# Revoking the run's own token would turn every later request into a 401:
# this operation revokes a spare one (204, then 404).
[[operations]]
include-name = "DELETE /api/v1/tokens/{{id}}"
parameters = {{ id = {spare_token} }}
"#,
        ids = ids.join(", ")
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_answers_as_its_openapi_document_says() {
    if !installed() {
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED the OpenAPI fuzz test because schemathesis is not installed \
             (python3 -m pip install schemathesis) ***\n"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let app = Application::build(config(dir.path()))
        .await
        .expect("the application starts");
    let base = format!("http://{}", app.local_addr());
    let (ada, _) = member(&app, "ada").await;
    let (bea, _) = member(&app, "bea").await;
    let (spare, _) = {
        let db = &app.state().db;
        let account = accounts::find_by_username(db, "ada")
            .await
            .expect("ada")
            .expect("ada exists");
        tokens::create(db, account.id, TokenKind::Api, "spare")
            .await
            .expect("spare token")
    };
    tokio::spawn(app.run_until(std::future::pending()));
    let seeder = Seeder {
        base: base.clone(),
        client: reqwest::Client::new(),
    };
    let ids = seed(&seeder, &ada, &bea).await;
    std::fs::write(
        dir.path().join("schemathesis.toml"),
        schemathesis_toml(&ids, spare),
    )
    .expect("write schemathesis.toml");

    let report = dir.path().join("report");
    let mut child = schemathesis()
        .current_dir(dir.path())
        .arg("--config-file")
        .arg(dir.path().join("schemathesis.toml"))
        .arg("run")
        .arg(format!("{base}/api/v1/openapi.json"))
        .args(["--header", &format!("Authorization: Bearer {ada}")])
        .args(["--checks", "all"])
        .args(["--seed", &SEED.to_string()])
        .args(["--max-examples", &MAX_EXAMPLES.to_string()])
        .args(["--max-time", &MAX_TIME.as_secs().to_string()])
        .args(["--workers", "2"])
        .args(["--generation-database", "none"])
        .args(["--request-timeout", "30"])
        .arg("--no-color")
        .args(["--report", "junit"])
        .arg("--report-dir")
        .arg(&report)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("schemathesis starts");
    let stdout = read_all(child.stdout.take().expect("stdout"));
    let stderr = read_all(child.stderr.take().expect("stderr"));
    let started = Instant::now();
    // The server runs on this runtime: wait without blocking it.
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("schemathesis runs") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("schemathesis ended");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let stdout = stdout.join().expect("stdout read");
    let stderr = stderr.join().expect("stderr read");
    println!("{stdout}");
    eprintln!("{stderr}");
    eprintln!("schemathesis ran for {:.0?}", started.elapsed());
    assert!(
        !timed_out,
        "schemathesis took longer than {DEADLINE:?} (its output is above)"
    );
    assert!(
        status.success(),
        "schemathesis found answers the OpenAPI document does not describe ({status}); \
         its report is above"
    );
}

/// Reads a pipe to its end on a thread of its own.
fn read_all(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
