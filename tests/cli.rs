//! The `agora` binary itself: help, configuration errors, migrations,
//! admin commands, serving on built-in defaults, graceful shutdown.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "api/support.rs"]
mod support;

#[path = "cli/serve.rs"]
mod serve;
#[allow(dead_code)]
#[path = "cli/server.rs"]
mod server;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use support::{Backend, TestDatabase};

const AGORA: &str = env!("CARGO_BIN_EXE_agora");

/// Runs `agora` in `dir` with only the given `AGORA_*` variables.
fn agora(dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut command = Command::new(AGORA);
    command
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("AGORA_")) {
        command.env_remove(key);
    }
    command.envs(env.iter().copied());
    let mut child = command.spawn().expect("agora starts");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "--help"],
        vec!["admin", "create-user", "--help"],
        vec!["admin", "list-users", "--help"],
        vec!["admin", "reset-password", "--help"],
        vec!["admin", "policy", "--help"],
        vec!["admin", "policy", "suspend", "--help"],
        vec!["admin", "policy", "import", "--help"],
        vec!["admin", "reports", "--help"],
        vec!["admin", "backup", "--help"],
        vec!["admin", "restore", "--help"],
        vec!["admin", "reindex", "--help"],
    ] {
        let out = agora(dir.path(), &args, &[], None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let help = text(&out.stdout);
        assert!(help.contains("Usage: agora"), "{args:?}: {help}");
    }
    let out = agora(dir.path(), &["admin", "create-user", "--help"], &[], None);
    assert!(text(&out.stdout).contains("--email"));
    assert!(text(&out.stdout).contains("--admin"));
}

#[test]
fn bad_configuration_is_one_line_and_exit_code_2_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/agora.toml"),
        "[instance]\nregistration = \"sometimes\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.toml"),
        "[database]\nurl = \"mysql://localhost/agora\"\n",
    )
    .unwrap();
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        (&["serve"], &[], "instance.registration"),
        (&["--config", "other.toml", "serve"], &[], "database.url"),
        (
            &["--config", "missing.toml", "migrate"],
            &[],
            "missing.toml",
        ),
        (
            &["--config", "other.toml", "serve"],
            &[
                ("AGORA_DATABASE_URL", "sqlite://d.db"),
                ("AGORA_HTTP_BIND", "everywhere"),
            ],
            "AGORA_HTTP_BIND",
        ),
        (
            &["--config", "other.toml", "admin", "list-users"],
            &[
                ("AGORA_DATABASE_URL", "sqlite://d.db"),
                ("AGORA_LOG_LEVEL", "loud=["),
            ],
            "log.level",
        ),
    ];
    for (args, env, needle) in cases {
        let out = agora(dir.path(), args, env, None);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{args:?}: one line, got {stderr:?}"
        );
        assert!(
            stderr.contains(needle),
            "{args:?}: {stderr:?} should name {needle}"
        );
    }
    assert!(!dir.path().join("data").exists(), "nothing was created");
    assert!(!dir.path().join("d.db").exists(), "nothing was created");
}

async fn admin_commands(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let dir = db.dir.path();
    let env = [("AGORA_DATABASE_URL", db.url.as_str())];

    let out = agora(dir, &["migrate"], &env, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("up to date"));

    // A password on standard input is used as is.
    let out = agora(
        dir,
        &[
            "admin",
            "create-user",
            "Ada",
            "--email",
            "ada@example.org",
            "--admin",
        ],
        &env,
        Some("a chosen password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("created ada (admin)"), "{stdout}");
    assert!(
        !stdout.contains("password"),
        "a given password is not printed: {stdout}"
    );

    // Without one, a password is generated and printed once.
    let out = agora(
        dir,
        &["admin", "create-user", "bea", "--email", "bea@example.org"],
        &env,
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let generated = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password: "))
        .expect("generated password printed")
        .to_owned();
    assert!(generated.len() >= 20);

    let out = agora(
        dir,
        &[
            "admin",
            "create-user",
            "bea",
            "--email",
            "other@example.org",
        ],
        &env,
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("already taken"),
        "{}",
        text(&out.stderr)
    );
    let out = agora(
        dir,
        &["admin", "create-user", "cyd", "--email", "cyd@example.org"],
        &env,
        Some("short\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("at least 10 characters"));

    let out = agora(dir, &["admin", "list-users"], &env, None);
    let listing = text(&out.stdout);
    assert!(
        listing.contains("ada") && listing.contains("admin") && listing.contains("bea@example.org"),
        "{listing}"
    );
    assert!(listing.contains("2 account(s)"), "{listing}");

    // Both passwords really work.
    let config = support::test_config(&db.url, dir.join("data"));
    let store = agora::db::Db::connect(&config).await.unwrap();
    let throttles = agora::accounts::throttle::Throttles::new(&config.logins);
    let here = std::net::IpAddr::from([127, 0, 0, 1]);
    let ada = agora::accounts::verify_login(&store, &throttles, here, "ada", "a chosen password")
        .await
        .unwrap();
    assert_eq!(ada.role, agora::accounts::InstanceRole::Admin);
    agora::accounts::verify_login(&store, &throttles, here, "bea@example.org", &generated)
        .await
        .unwrap();

    // A reset link for a member who forgot their password, without email.
    let out = agora(dir, &["admin", "reset-password", "Bea"], &env, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let link = stdout.lines().next().unwrap();
    let token = link
        .strip_prefix("http://localhost:8080/reset/")
        .unwrap_or_else(|| panic!("a reset link: {stdout}"));
    assert_eq!(token.len(), 43, "{stdout}");
    agora::accounts::recovery::reset_password(&store, token, "chosen after a reset".into())
        .await
        .unwrap();
    agora::accounts::verify_login(&store, &throttles, here, "bea", "chosen after a reset")
        .await
        .unwrap();
    assert!(
        agora::accounts::recovery::reset_password(&store, token, "a second use of it".into())
            .await
            .is_err(),
        "the link works once"
    );
    // Lost phone and recovery codes: the admin also takes the factor away.
    let bea = agora::accounts::find_by_username(&store, "bea")
        .await
        .unwrap()
        .unwrap();
    agora::accounts::second_factor::start_enrolment(&store, &bea, "agora.test")
        .await
        .unwrap();
    sqlx::query("UPDATE accounts SET totp_enabled_at = 1 WHERE username = 'bea'")
        .execute(store.writer())
        .await
        .unwrap();
    let out = agora(
        dir,
        &["admin", "reset-password", "bea", "--remove-second-factor"],
        &env,
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("second factor of bea is off"));
    let bea = agora::accounts::find_by_username(&store, "bea")
        .await
        .unwrap()
        .unwrap();
    assert!(!bea.has_second_factor());
    let out = agora(dir, &["admin", "reset-password", "nobody"], &env, None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no such account"),
        "{}",
        text(&out.stderr)
    );
    store.close().await;
}

#[tokio::test]
async fn admin_commands_on_sqlite() {
    admin_commands(Backend::Sqlite).await;
}

#[tokio::test]
async fn admin_commands_on_postgres() {
    if support::postgres_url().is_none() {
        eprintln!(
            "SKIPPED admin_commands_on_postgres: AGORA_TEST_DATABASE_URL is not set; ran on SQLite only"
        );
        return;
    }
    admin_commands(Backend::Postgres).await;
}

/// `agora admin reindex` indexes what was written before search existed
/// and forgets entries whose content is gone.
async fn reindex(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let dir = db.dir.path();
    let env = [("AGORA_DATABASE_URL", db.url.as_str())];
    let out = agora(
        dir,
        &["admin", "create-user", "ada", "--email", "ada@example.org"],
        &env,
        Some("a chosen password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let config = support::test_config(&db.url, dir.join("data"));
    let store = agora::db::Db::connect(&config).await.unwrap();
    // Content from before the index: in the tables, not in the index; and
    // an entry whose content is gone.
    for statement in [
        "INSERT INTO spaces (id, slug, title, description, language, visibility, join_policy, \
                             created_at) \
         VALUES (7, 'archive', 'Archive', 'Old cases', 'fr', 'public', 'open', 1)",
        "INSERT INTO posts (id, space_id, author_id, title, body_source, body_html, language, \
                            created_at) \
         VALUES (8, 7, (SELECT id FROM accounts WHERE username = 'ada'), 'Makala', \
                 'Les détenus', '<p>Les détenus</p>', 'fr', 2)",
        "DELETE FROM search_entries",
        "INSERT INTO search_entries (kind, ref_id, language, created_at, title, body, tokens) \
         VALUES ('post', 999, 'en', 1, 'Gone', '', 'gone')",
    ] {
        sqlx::query(statement)
            .execute(store.writer())
            .await
            .unwrap();
    }
    let out = agora(dir, &["admin", "reindex"], &env, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("search index rebuilt: 3 entries"),
        "{}",
        text(&out.stdout)
    );
    let kinds: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, ref_id FROM search_entries ORDER BY kind")
            .fetch_all(&store.read)
            .await
            .unwrap();
    let kinds: Vec<&str> = kinds.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(kinds, ["person", "post", "space"]);
    let found = agora::search::search(
        &store,
        None,
        agora::search::SearchRequest {
            text: "détenu".into(),
            kind: None,
            space_id: None,
            author_id: None,
            language: None,
            since: None,
            until: None,
            page: 1,
            per_page: 10,
        },
    )
    .await
    .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].id, 8);
    store.close().await;
}

#[tokio::test]
async fn reindex_on_sqlite() {
    reindex(Backend::Sqlite).await;
}

#[tokio::test]
async fn reindex_on_postgres() {
    if support::postgres_url().is_none() {
        eprintln!(
            "SKIPPED reindex_on_postgres: AGORA_TEST_DATABASE_URL is not set; ran on SQLite only"
        );
        return;
    }
    reindex(Backend::Postgres).await;
}

#[test]
fn policy_commands_manage_rules_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("agora.db").display());
    let env = [
        ("AGORA_DATABASE_URL", url.as_str()),
        ("AGORA_LOG_LEVEL", "warn"),
    ];
    let run = |args: &[&str]| agora(dir.path(), args, &env, None);

    let out = run(&[
        "admin",
        "policy",
        "suspend",
        "Spam.Example.",
        "--reason",
        "Spam, scams",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("suspended spam.example"));
    let out = run(&[
        "admin",
        "policy",
        "limit",
        "loud.example",
        "--expires-in-days",
        "30",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["admin", "policy", "list"]);
    let list = text(&out.stdout);
    assert!(list.starts_with("mode: blocklist"), "{list}");
    assert!(
        list.contains("spam.example") && list.contains("suspend"),
        "{list}"
    );

    let out = run(&["admin", "policy", "export"]);
    assert_eq!(
        text(&out.stdout),
        "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n\
         loud.example,silence,false,false,,false\n\
         spam.example,suspend,false,false,\"Spam, scams\",false\n"
    );

    // A bad row: named by its line, exit 1, nothing written.
    std::fs::write(
        dir.path().join("bad.csv"),
        "#domain,#severity\nnew.example,suspend\nx.example,explode\n",
    )
    .unwrap();
    let out = run(&["admin", "policy", "import", "bad.csv", "--apply"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("line 3"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(
        dir.path().join("good.csv"),
        "#domain,#severity\nnew.example,suspend\n",
    )
    .unwrap();
    let out = run(&["admin", "policy", "import", "good.csv"]);
    assert!(
        text(&out.stdout).contains("add     new.example"),
        "{}",
        text(&out.stdout)
    );
    assert!(!text(&run(&["admin", "policy", "list"]).stdout).contains("new.example"));
    let out = run(&["admin", "policy", "import", "good.csv", "--apply"]);
    assert!(out.status.success());
    assert!(text(&run(&["admin", "policy", "list"]).stdout).contains("new.example"));

    let out = run(&["admin", "policy", "mode", "allowlist"]);
    assert!(out.status.success());
    assert!(text(&run(&["admin", "policy", "list"]).stdout).starts_with("mode: allowlist"));
    let out = run(&["admin", "policy", "lift", "nothing.example"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no such rule"));

    let out = run(&["admin", "reports"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 report(s)"));
}
