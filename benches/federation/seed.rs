//! The server's database, filled before it starts: a member, a public
//! space with posts, remote actors stored the way a fetch stores them
//! (`remote::actor_from_document`, so their keys are cached and fresh),
//! and their follows of the space.

use std::path::Path;

use serde_json::json;

use agora::accounts::{self, Account, InstanceRole, NewAccount, Registration};
use agora::posts::{self, NewPost};
use agora::spaces::{self, NewSpace, SpaceAccess, Visibility};
use agora::{AppState, Application, Config};

/// The name the server answers to (and signs as).
pub const DOMAIN: &str = "agora.bench";

/// Where a run keeps its data: SQLite in a temporary folder, or a fresh
/// PostgreSQL database dropped at the end.
pub struct Database {
    pub name: &'static str,
    pub url: String,
    postgres: Option<(String, String)>,
}

impl Database {
    pub fn sqlite(dir: &Path) -> Database {
        Database {
            name: "SQLite",
            url: format!("sqlite://{}", dir.join("bench.db").display()),
            postgres: None,
        }
    }

    /// A new database `agora_bench_<pid>_<n>` on the server of `admin_url`.
    pub async fn postgres(admin_url: &str, n: usize) -> Database {
        use sqlx::Connection;
        let name = format!("agora_bench_{}_{n}", std::process::id());
        let mut conn = sqlx::PgConnection::connect(admin_url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        let (base, query) = admin_url.split_once('?').unwrap_or((admin_url, ""));
        let server = &base[..base.rfind('/').unwrap_or(base.len())];
        let mut url = format!("{server}/{name}");
        if !query.is_empty() {
            url = format!("{url}?{query}");
        }
        Database {
            name: "PostgreSQL",
            url,
            postgres: Some((admin_url.to_owned(), name)),
        }
    }

    /// Drops the PostgreSQL database (nothing to do for SQLite: its folder
    /// goes with the temporary directory).
    pub async fn drop_database(self) {
        use sqlx::Connection;
        if let Some((admin_url, name)) = self.postgres {
            let mut conn = sqlx::PgConnection::connect(&admin_url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&mut conn)
            .await
            .unwrap();
            conn.close().await.unwrap();
        }
    }
}

/// The configuration the seeding uses; the server gets the same through
/// [`server_settings`].
pub fn config(dir: &Path, database: &Database) -> Config {
    let mut config = Config::defaults();
    config.domain = DOMAIN.into();
    config.database_url = database.url.clone();
    config.database_kind = agora::config::database_kind(&database.url).unwrap();
    config.data_dir = dir.join("data");
    config.bind = "127.0.0.1:0".parse().unwrap();
    config.allow_private_networks = true;
    config
}

/// `AGORA_*` settings for `agora serve`: our domain, loopback peers under
/// their names, and `per_host` deliveries in flight per host.
pub fn server_settings(resolve: String, per_host: usize) -> Vec<(String, String)> {
    vec![
        ("AGORA_INSTANCE_DOMAIN".into(), DOMAIN.into()),
        (
            "AGORA_FEDERATION_ALLOW_PRIVATE_NETWORKS".into(),
            "true".into(),
        ),
        ("AGORA_FEDERATION_RESOLVE".into(), resolve),
        (
            "AGORA_FEDERATION_DELIVERIES_PER_HOST".into(),
            per_host.to_string(),
        ),
    ]
}

/// A migrated database and the state the domain functions run with (the
/// application is built but never serves).
pub async fn state(config: &Config) -> AppState {
    let app = Application::build(config.clone()).await.unwrap();
    app.state().clone()
}

/// A member who owns a public space `slug` with `posts` posts.
pub struct Space {
    pub owner: Account,
    pub access: SpaceAccess,
    pub slug: String,
    pub posts: Vec<i64>,
}

pub async fn space(state: &AppState, slug: &str, n_posts: usize) -> Space {
    let db = &state.db;
    let owner = accounts::create_account(
        db,
        NewAccount {
            username: format!("{slug}_owner"),
            email: format!("{slug}@bench.example"),
            password: "benchmark password".into(),
            role: InstanceRole::Member,
        },
        Registration::Admin,
    )
    .await
    .unwrap();
    let access = spaces::create(
        db,
        &owner,
        NewSpace {
            slug: slug.into(),
            title: format!("Space {slug}"),
            description: String::new(),
            language: Some("en".into()),
            visibility: Visibility::Public,
            join_policy: None,
            default_role: None,
        },
    )
    .await
    .unwrap();
    let mut posts = Vec::new();
    for n in 0..n_posts {
        posts.push(new_post(state, &access, &owner, n).await);
    }
    Space {
        owner,
        access,
        slug: slug.into(),
        posts,
    }
}

/// A post by `owner`; queued to the space's followers like any other.
pub async fn new_post(state: &AppState, access: &SpaceAccess, owner: &Account, n: usize) -> i64 {
    posts::create(
        &state.db,
        &state.changes,
        access,
        owner,
        NewPost {
            title: format!("Post {n}"),
            body: "A short paragraph about a ruling, to be liked and answered.".into(),
            language: None,
            media: Vec::new(),
        },
    )
    .await
    .unwrap()
}

/// A remote actor as stored: its id and its row in `accounts`.
pub struct Remote {
    pub ap_id: String,
    pub account_id: i64,
}

/// Stores one `Person` per (host, name) with `public_pem` as its key,
/// exactly as a fetch of its document would.
pub async fn remote_actors(state: &AppState, actors: &[(String, String, &str)]) -> Vec<Remote> {
    let data = agora::federation::federation_config(state.clone())
        .await
        .unwrap()
        .to_request_data();
    let mut stored = Vec::new();
    for (host, name, public_pem) in actors {
        let id = format!("http://{host}/users/{name}");
        let document = json!({
            "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
            "id": id,
            "type": "Person",
            "preferredUsername": name,
            "inbox": format!("{id}/inbox"),
            "outbox": format!("{id}/outbox"),
            "endpoints": {"sharedInbox": format!("http://{host}/inbox")},
            "publicKey": {"id": format!("{id}#main-key"), "owner": id, "publicKeyPem": public_pem},
        });
        let actor = agora::federation::remote::actor_from_document(&data, document)
            .await
            .unwrap();
        let agora::federation::remote::ActorRow::Account(account_id) = actor.row else {
            panic!("{id} stored as a group");
        };
        stored.push(Remote {
            ap_id: id,
            account_id,
        });
    }
    stored
}

/// Every one of `followers` follows the space (the row an accepted
/// `Follow` leaves).
pub async fn follow(state: &AppState, space_id: i64, followers: &[Remote]) {
    let mut tx = state.db.begin().await.unwrap();
    for follower in followers {
        sqlx::query(
            "INSERT INTO space_followers (space_id, account_id, follow_id, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(space_id)
        .bind(follower.account_id)
        .bind(format!("{}/follows/{space_id}", follower.ap_id))
        .bind(agora::db::now())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// `SELECT COUNT(*) …` on the server's database.
pub async fn count(state: &AppState, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&state.db.read)
        .await
        .unwrap();
    n
}
