//! Boots the real application on port 0 with a fresh database, on SQLite or
//! PostgreSQL, and talks to it over HTTP.

use std::path::PathBuf;

use agora::accounts::tokens::{self, TokenKind};
use agora::accounts::{self, InstanceRole, NewAccount, Registration};
use agora::config::{Config, DatabaseKind, RegistrationMode};
use agora::{AppState, Application};
use reqwest::{Method, StatusCode};
use serde_json::Value;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests create their databases on, if configured.
pub fn postgres_url() -> Option<String> {
    std::env::var("AGORA_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Declares, for each async test function taking a [`Backend`], a module
/// with one test per backend. Without `AGORA_TEST_DATABASE_URL` the
/// PostgreSQL variant says loudly that it was skipped.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::support::Backend::Sqlite).await
            }

            #[tokio::test]
            async fn postgres() {
                if $crate::support::postgres_url().is_none() {
                    // Straight to stderr: the harness swallows eprintln!
                    // in a test that passes.
                    use std::io::Write as _;
                    let _ = writeln!(
                        std::io::stderr(),
                        "SKIPPED {}::postgres: AGORA_TEST_DATABASE_URL is not set; this test ran on SQLite only",
                        module_path!()
                    );
                    return;
                }
                super::$name($crate::support::Backend::Postgres).await
            }
        }
    )*};
}

/// A throw-away database: a SQLite file in a temporary folder, or a
/// PostgreSQL database dropped when the test ends.
pub struct TestDatabase {
    pub url: String,
    pub dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn new(backend: Backend) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temp dir");
        match backend {
            Backend::Sqlite => TestDatabase {
                url: format!("sqlite://{}", dir.path().join("agora.db").display()),
                dir,
                postgres: None,
            },
            Backend::Postgres => {
                let admin_url = postgres_url().expect("AGORA_TEST_DATABASE_URL");
                let name = format!("agora_test_{}", hex(&agora::random_bytes::<8>()));
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .expect("connect to PostgreSQL");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let _ = conn.close().await;
                let url = with_database(&admin_url, &name);
                TestDatabase {
                    url,
                    dir,
                    postgres: Some((admin_url, name)),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop the database from a thread of its own: we may be inside the
        // test's runtime, which cannot block on itself.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut conn)
                    .await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn test_config(database_url: &str, data_dir: PathBuf) -> Config {
    let mut config = Config::defaults();
    config.domain = "agora.test".into();
    config.bind = "127.0.0.1:0".parse().expect("addr");
    config.database_kind = agora::config::database_kind(database_url).expect("kind");
    config.database_url = database_url.to_owned();
    config.data_dir = data_dir;
    config.registration = RegistrationMode::Open;
    config.max_body_bytes = 64 * 1024;
    config
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    _db: TestDatabase,
}

/// A member and their API token.
#[derive(Clone, Debug)]
pub struct User {
    pub name: String,
    pub token: String,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDatabase::new(backend).await;
        let mut config = test_config(&db.url, db.dir.path().join("data"));
        adjust(&mut config);
        let app = Application::build(config)
            .await
            .expect("application builds");
        let base = format!("http://{}", app.local_addr());
        let state = app.state().clone();
        assert_eq!(
            state.db.kind,
            match backend {
                Backend::Sqlite => DatabaseKind::Sqlite,
                Backend::Postgres => DatabaseKind::Postgres,
            }
        );
        tokio::spawn(app.run_until(std::future::pending()));
        TestApp {
            base,
            client: reqwest::Client::new(),
            state,
            _db: db,
        }
    }

    /// Creates a member directly (as `agora admin create-user` does) and
    /// gives them an API token.
    pub async fn user(&self, name: &str) -> User {
        self.user_with_role(name, InstanceRole::Member).await
    }

    pub async fn user_with_role(&self, name: &str, role: InstanceRole) -> User {
        let account = accounts::create_account(
            &self.state.db,
            NewAccount {
                username: name.into(),
                email: format!("{name}@example.org"),
                password: "a long enough password".into(),
                role,
            },
            Registration::Admin,
        )
        .await
        .expect("create user");
        let (_, token) = tokens::create(&self.state.db, account.id, TokenKind::Api, "tests")
            .await
            .expect("token");
        User {
            name: account.username,
            token,
        }
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        user: Option<&User>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(user) = user {
            request = request.bearer_auth(&user.token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let text = response.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        (status, value)
    }

    pub async fn get(&self, path: &str, user: Option<&User>) -> (StatusCode, Value) {
        self.request(Method::GET, path, user, None).await
    }

    pub async fn post(&self, path: &str, user: Option<&User>, body: Value) -> (StatusCode, Value) {
        self.request(Method::POST, path, user, Some(body)).await
    }

    pub async fn patch(&self, path: &str, user: Option<&User>, body: Value) -> (StatusCode, Value) {
        self.request(Method::PATCH, path, user, Some(body)).await
    }

    pub async fn delete(&self, path: &str, user: Option<&User>) -> (StatusCode, Value) {
        self.request(Method::DELETE, path, user, None).await
    }

    /// Creates a space managed by `owner` and returns its id.
    pub async fn space(&self, owner: &User, slug: &str, visibility: &str) -> i64 {
        let (status, body) = self
            .post(
                "/api/v1/spaces",
                Some(owner),
                serde_json::json!({"slug": slug, "title": slug, "visibility": visibility}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_i64().expect("space id")
    }

    /// Makes `user` a member of the space with `role`, via the API.
    pub async fn add_member(&self, manager: &User, slug: &str, user: &User, role: &str) {
        let (status, body) = self
            .post(
                &format!("/api/v1/spaces/{slug}/invitations"),
                Some(manager),
                serde_json::json!({"username": user.name, "role": role}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let id = body["id"].as_i64().expect("invitation id");
        let (status, body) = self
            .post(
                &format!("/api/v1/me/space-invitations/{id}/accept"),
                Some(user),
                serde_json::json!({}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    /// Writes a post and returns its id.
    pub async fn post_in(&self, author: &User, slug: &str, title: &str) -> i64 {
        let (status, body) = self
            .post(
                &format!("/api/v1/spaces/{slug}/posts"),
                Some(author),
                serde_json::json!({"title": title, "body": format!("Body of {title}")}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["id"].as_i64().expect("post id")
    }
}
