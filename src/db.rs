//! Storage: one set of SQL for SQLite (embedded default) and PostgreSQL.
//!
//! Queries go through sqlx's `Any` driver with `$1` placeholders, which both
//! engines accept. Only the migrations differ (identity columns), so they live
//! in `migrations/sqlite` and `migrations/postgres` and are embedded in the
//! binary. Timestamps are stored as microseconds since the Unix epoch in
//! BIGINT columns, which sort and compare the same way on both engines.
//!
//! SQLite allows one writer at a time. Rather than let several pooled
//! connections fight over the write lock (and fail with SQLITE_BUSY), writes
//! go through a pool of one connection and begin with `BEGIN IMMEDIATE`;
//! reads use a separate pool and run concurrently thanks to WAL. On
//! PostgreSQL both handles are the same pool.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Transaction};

use crate::accounts::passwords::Hasher;
use crate::accounts::tokens::AuthCache;
use crate::config::{Config, DatabaseKind};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Clone, Debug)]
pub struct Db {
    /// Pool for reads (and, on PostgreSQL, for everything).
    pub read: AnyPool,
    /// Pool for writes: one connection on SQLite, the read pool on PostgreSQL.
    write: AnyPool,
    pub kind: DatabaseKind,
    /// Verified API tokens and sessions, in front of the `auth_tokens` table.
    pub(crate) auth_cache: Arc<AuthCache>,
    /// Where password hashes are computed: a bounded pool, so that the
    /// memory they need stays bounded (`accounts::passwords`).
    pub passwords: Hasher,
}

pub type Tx = Transaction<'static, Any>;

/// A statement being bound, for a helper that binds some of its values.
pub type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

fn hasher(config: &Config) -> Hasher {
    let limits = &config.logins;
    Hasher::new(
        limits.password_workers,
        limits.password_queue,
        limits.password_wait,
    )
}

impl Db {
    /// Connects to the configured database, creating a SQLite file (and its
    /// folder) when it does not exist yet.
    pub async fn connect(config: &Config) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        match config.database_kind {
            DatabaseKind::Sqlite => {
                let path = sqlite_path(&config.database_url);
                if let Some(parent) = std::path::Path::new(path).parent()
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(parent).with_context(|| {
                        format!("cannot create the database folder {}", parent.display())
                    })?;
                }
                let url = format!("sqlite://{path}?mode=rwc");
                let options = AnyConnectOptions::from_str(&url)?;
                let read = sqlite_pool(config.database_max_connections)
                    .connect_with(options.clone())
                    .await
                    .with_context(|| format!("cannot open SQLite database {path}"))?;
                let write = sqlite_pool(1)
                    .connect_with(options)
                    .await
                    .with_context(|| format!("cannot open SQLite database {path}"))?;
                Ok(Db {
                    read,
                    write,
                    kind: DatabaseKind::Sqlite,
                    auth_cache: Arc::default(),
                    passwords: hasher(config),
                })
            }
            DatabaseKind::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(config.database_max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(&config.database_url)
                    .await
                    .context("cannot connect to PostgreSQL")?;
                Ok(Db {
                    read: pool.clone(),
                    write: pool,
                    kind: DatabaseKind::Postgres,
                    auth_cache: Arc::default(),
                    passwords: hasher(config),
                })
            }
        }
    }

    /// Applies the migrations that have not run yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.kind {
            DatabaseKind::Sqlite => &SQLITE_MIGRATIONS,
            DatabaseKind::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.write)
            .await
            .context("database migration failed")?;
        Ok(())
    }

    /// The highest migration applied to this database (0 for none).
    pub async fn schema_version(&self) -> anyhow::Result<i64> {
        let (version,): (i64,) =
            sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
                .fetch_one(&self.read)
                .await
                .context("cannot read the schema version (_sqlx_migrations)")?;
        Ok(version)
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// so a transaction that reads before it writes cannot fail half-way.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.kind {
            DatabaseKind::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await,
            DatabaseKind::Postgres => self.write.begin().await,
        }
    }

    /// The pool for single-statement writes outside a transaction.
    pub fn writer(&self) -> &AnyPool {
        &self.write
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// The highest migration this binary knows for `kind`: a database past it
/// was written by a newer Agora.
pub fn known_schema_version(kind: DatabaseKind) -> i64 {
    let migrator = match kind {
        DatabaseKind::Sqlite => &SQLITE_MIGRATIONS,
        DatabaseKind::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The file of a `sqlite://PATH` URL.
pub fn sqlite_path(url: &str) -> &str {
    let rest = url.strip_prefix("sqlite:").unwrap_or(url);
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    rest.split('?').next().unwrap_or(rest)
}

fn sqlite_pool(max_connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // A SQLite connection is a file handle, not a socket: it does not go
        // stale, and pinging it before every use doubled the cost of a query.
        .test_before_acquire(false)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                // WAL lets readers run while the writer writes; NORMAL
                // synchronisation is durable across application crashes
                // (only an OS crash can lose the last commits).
                //
                // Reads go through a memory map of the file, shared by all
                // connections through the OS page cache, instead of a `pread`
                // per page into each connection's own small cache: under load
                // that was most of the server's time (docs/benchmarks.md).
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                     PRAGMA mmap_size = 1073741824;",
                )
                .await?;
                Ok(())
            })
        })
}

/// A new identifier for content people address by URL (spaces, posts,
/// comments, events, library items and their comments): random, so an id
/// tells nothing of how many others exist, which ones are private, or when
/// it was made. Between 1 and 2^53 − 1, so JavaScript reads it exactly;
/// with a million rows the chance that a new id is taken is about one in
/// nine billion, and the insert then fails on the primary key rather than
/// overwriting anything. These tables are ordered by `created_at`, never
/// by id.
pub fn new_id() -> i64 {
    const MAX: u64 = (1 << 53) - 1;
    let n = u64::from_le_bytes(crate::random_bytes::<8>()) % MAX;
    (n + 1) as i64
}

/// Now, as stored: microseconds since the Unix epoch.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}

/// A stored timestamp in RFC 3339, as the API shows it.
pub fn format_time(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Whether an error is a unique-constraint violation (e.g. a slug taken).
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}
