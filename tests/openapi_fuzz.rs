//! The OpenAPI document is the truth: schemathesis (from PyPI; `.ci/run`
//! installs it) reads `/api/v1/openapi.json` of a running instance and
//! sends what the document allows, and what it forbids, with a member's
//! token, for a bounded time. The run must find no 5xx, no response that
//! breaks the documented schema, status or content type, no documented
//! value the server refuses, and nothing the document forbids that the
//! server accepts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "api/support.rs"]
mod support;

use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

use support::{Backend, TestApp};

/// How long schemathesis may generate requests.
const BUDGET_SECONDS: u64 = 120;

/// What schemathesis checks. Left out: `ignored_auth` and
/// `object_level_authorization`, which are covered by the API tests
/// (`private`, `private_ids`, `permissions`) with real second members, and
/// `unsupported_method`, because the server answers 405 to an undocumented
/// method on a documented path but also serves HEAD for every GET.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_headers_conformance,response_schema_conformance,negative_data_rejection,\
positive_data_acceptance,missing_required_header,use_after_free,ensure_resource_availability";

fn schemathesis() -> Result<std::path::PathBuf, String> {
    let program = std::env::var_os("AGORA_TEST_SCHEMATHESIS")
        .map(Into::into)
        .unwrap_or_else(|| std::path::PathBuf::from("schemathesis"));
    match std::process::Command::new(&program)
        .arg("--version")
        .output()
    {
        Ok(output) if output.status.success() => Ok(program),
        Ok(output) => Err(format!(
            "`{} --version` failed: {}",
            program.display(),
            String::from_utf8_lossy(&output.stderr)
        )),
        Err(e) => Err(format!(
            "`{}` cannot be run ({e}); `pip install schemathesis` (.ci/run does)",
            program.display()
        )),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_the_openapi_document_true() {
    let program = match schemathesis() {
        Ok(program) => program,
        Err(why) => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED schemathesis_finds_the_openapi_document_true because {why}"
            );
            return;
        }
    };
    // Allowlist with no domain: no request of the run leaves this machine
    // (a `POST /follows` to a random handle is refused before any lookup).
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.federation_mode = agora::federation::policy::Mode::Allowlist;
    })
    .await;
    // Something to find: a member with a public and a private space, a
    // second member, a post with a comment, an event.
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "commons", "public").await;
    app.space(&ada, "cases", "private").await;
    app.add_member(&ada, "commons", &bea, "contributor").await;
    let post = app.post_in(&ada, "commons", "Hello").await;
    let (status, body) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&bea),
            serde_json::json!({"body": "Welcome"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    let work = tempfile::tempdir().unwrap();
    let settings = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/openapi/schemathesis.toml"
    );
    let mut command = tokio::process::Command::new(program);
    command
        .current_dir(work.path())
        .args(["--config-file", settings])
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", app.base))
        .args(["--url", app.base.as_str()])
        .args(["--header", &format!("Authorization: Bearer {}", ada.token)])
        .args(["--checks", CHECKS])
        // These end the credentials the run itself uses (ada's token, her
        // sessions); `tests/api` covers them.
        .args(["--exclude-name", "DELETE /api/v1/tokens/{id}"])
        .args(["--exclude-name", "DELETE /api/v1/sessions/{id}"])
        .args(["--max-time", &BUDGET_SECONDS.to_string()])
        .args(["--seed", "15"])
        .args(["--workers", "2"])
        .args(["--request-timeout", "10"])
        .args(["--suppress-health-check", "all"])
        .args(["--generation-database", "none"])
        .arg("--no-color")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let run = command.spawn().unwrap().wait_with_output();
    let output = tokio::time::timeout(Duration::from_secs(BUDGET_SECONDS + 120), run)
        .await
        .expect("schemathesis ran past its budget")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{stdout}\n{stderr}"
    );
    // Show the summary even when it passes: how much was tried.
    let _ = writeln!(std::io::stderr(), "{}", summary(&stdout));
    // The whole run was made as ada: her token still works.
    let (status, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(
        status, 200,
        "ada's token stopped working during the run: {me}"
    );
}

/// The last lines of schemathesis' report (operations, test cases, time).
fn summary(stdout: &str) -> String {
    let lines: Vec<&str> = stdout.lines().collect();
    lines[lines.len().saturating_sub(12)..].join("\n")
}
