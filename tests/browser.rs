//! Browser tests: the web interface in headless Chromium.
//!
//! Boots the real server on loopback with a fresh SQLite database and open
//! registration, then runs `tests/browser/run.mjs` (Playwright driving
//! Debian's `/usr/bin/chromium`, with axe-core) against it: sign-up, a
//! space, a post, a comment, search from the header without JavaScript,
//! Arabic and right-to-left, a private space a
//! non-member cannot reach, page weights and accessibility, and every kind
//! of page at phone widths (320 and 390 px) in the five languages, with
//! long words, links and names, none of them wider than the screen. An
//! admin and a member with the longest username there is are made here,
//! directly in the database, for the admin pages. Without node,
//! Chromium or the script's npm packages it says loudly that it skipped.
//!
//! `cargo test --test browser -- --nocapture` shows the scenarios and the
//! page weights; `AGORA_SCREENSHOTS=1 cargo test --test browser` also
//! rewrites the screenshots in `docs/screenshots/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use agora::Application;
use agora::accounts::{self, InstanceRole, NewAccount, Registration};
use agora::config::{Config, RegistrationMode};

/// The whole script, Chromium's start included, must finish within this.
const DEADLINE: Duration = Duration::from_secs(600);

const CHROMIUM: &str = "/usr/bin/chromium";

/// The accounts made before the script runs, at the longest a username may
/// be (30); the script signs in with them (`AGORA_BROWSER_ACCOUNTS`).
const ADMIN: &str = "administrator_of_this_instance";
const LONG_NAMED: &str = "maria_fernanda_oyelaran_nwachu";
const PASSWORD: &str = "correct horse battery staple";

fn script_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// What is missing to run the browser tests, if anything.
fn missing() -> Vec<&'static str> {
    let mut missing = Vec::new();
    // playwright-core needs Node.js 20 or newer.
    let node = Command::new("node")
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            let version = String::from_utf8_lossy(&o.stdout).trim().to_owned();
            version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|major| major.parse::<u32>().ok())
        });
    if node.is_none_or(|major| major < 20) {
        missing.push("node (20 or newer)");
    }
    if !Path::new(CHROMIUM).exists() {
        missing.push(CHROMIUM);
    }
    let modules = script_dir().join("node_modules");
    if !modules.join("playwright-core").is_dir() || !modules.join("axe-core").is_dir() {
        missing.push("tests/browser/node_modules (playwright-core, axe-core)");
    }
    missing
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind a loopback port")
        .local_addr()
        .expect("its address")
        .port()
}

fn config(dir: &Path, port: u16) -> Config {
    let database_url = format!("sqlite://{}", dir.join("agora.db").display());
    let mut config = Config::defaults();
    // The address the browser uses is the instance's domain, so that links
    // and cookies are those of a real instance.
    config.domain = format!("127.0.0.1:{port}");
    config.bind = config.domain.parse().expect("address");
    config.database_kind = agora::config::database_kind(&database_url).expect("kind");
    config.database_url = database_url;
    config.data_dir = dir.join("data");
    config.registration = RegistrationMode::Open;
    config
}

#[tokio::test(flavor = "multi_thread")]
async fn web_interface_in_chromium() {
    let missing = missing();
    if !missing.is_empty() {
        // Straight to the process's stderr: the test harness would swallow
        // eprintln! in a test that passes.
        let _ = writeln!(
            std::io::stderr(),
            "\n*** SKIPPED: browser tests need {} \
             (run .ci/run or: apt-get install chromium chromium-driver && cd tests/browser && npm ci) ***\n",
            missing.join(", ")
        );
        return;
    }

    let dir = tempfile::tempdir().expect("temp dir");
    // The port is free when chosen but may be taken before we bind it.
    let mut attempt = 0;
    let app = loop {
        attempt += 1;
        match Application::build(config(dir.path(), free_port())).await {
            Ok(app) => break app,
            Err(e) if attempt < 5 => eprintln!("browser tests: retrying on another port: {e:#}"),
            Err(e) => panic!("the application does not start: {e:#}"),
        }
    };
    let base = format!("http://{}", app.local_addr());
    for (name, role) in [
        (ADMIN, InstanceRole::Admin),
        (LONG_NAMED, InstanceRole::Member),
    ] {
        let new = NewAccount {
            username: name.to_owned(),
            email: format!("{name}.vasconcelos-de-albuquerque@human-rights-defenders.example.org"),
            password: PASSWORD.to_owned(),
            role,
        };
        accounts::create_account(&app.state().db, new, Registration::Admin)
            .await
            .expect("an account for the browser tests");
    }
    tokio::spawn(app.run_until(std::future::pending()));

    let mut child = Command::new("node")
        .current_dir(script_dir())
        .arg("run.mjs")
        .arg(&base)
        .env("AGORA_BROWSER_ACCOUNTS", format!("{ADMIN} {LONG_NAMED}"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let stdout = read_all(child.stdout.take().expect("stdout"));
    let stderr = read_all(child.stderr.take().expect("stderr"));
    let started = Instant::now();
    // The server runs on this runtime: wait without blocking it.
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("node runs") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("node ended");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let stdout = stdout.join().expect("stdout read");
    let stderr = stderr.join().expect("stderr read");
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        !timed_out,
        "the browser tests took longer than {DEADLINE:?} (their output is above)"
    );
    assert!(
        status.success(),
        "the browser tests failed ({status}); their output is above"
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
