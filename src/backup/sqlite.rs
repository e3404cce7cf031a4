//! SQLite: an online snapshot with `VACUUM INTO`, and putting one back.
//!
//! Copying `agora.db` while the server runs is not a backup: recent
//! commits live in `agora.db-wal` until a checkpoint, so the copy can miss
//! them or be damaged. `VACUUM INTO` reads the database inside one read
//! transaction, as of one moment, while the server goes on writing
//! (<https://www.sqlite.org/lang_vacuum.html#vacuuminto>); the result is a
//! compact single file without a WAL.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

use crate::config::{Config, DatabaseKind};
use crate::db;

async fn open(path: &Path, read_only: bool) -> anyhow::Result<SqliteConnection> {
    SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(false)
        .read_only(read_only)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .with_context(|| format!("cannot open the SQLite database {}", path.display()))
}

/// The schema version of a database file, after checking it is sound.
async fn check(path: &Path) -> anyhow::Result<i64> {
    let mut conn = open(path, true).await?;
    let (verdict,): (String,) = sqlx::query_as("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("cannot check {}", path.display()))?;
    if verdict != "ok" {
        bail!("{} is damaged: {verdict}", path.display());
    }
    let (version,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut conn)
            .await
            .with_context(|| format!("{} is not an Agora database", path.display()))?;
    conn.close().await?;
    Ok(version)
}

fn live_path(config: &Config) -> PathBuf {
    PathBuf::from(db::sqlite_path(&config.database_url))
}

/// Writes a snapshot of the live database to `dest`; returns its schema
/// version.
pub async fn snapshot(config: &Config, dest: &Path) -> anyhow::Result<i64> {
    let live = live_path(config);
    if !live.is_file() {
        bail!(
            "no database at {} (database.url): nothing to back up",
            live.display()
        );
    }
    let dest_text = dest
        .to_str()
        .with_context(|| format!("{}: not a UTF-8 path", dest.display()))?;
    let mut conn = open(&live, false).await?;
    sqlx::query("VACUUM INTO ?1")
        .bind(dest_text)
        .execute(&mut conn)
        .await
        .with_context(|| format!("cannot snapshot {}", live.display()))?;
    conn.close().await?;
    std::fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot flush {}", dest.display()))?;
    check(dest).await
}

/// Refuses to go on when the configured database holds data, unless
/// `force`.
pub async fn check_target(config: &Config, force: bool) -> anyhow::Result<()> {
    let live = live_path(config);
    if holds_data(&live).await? && !force {
        bail!(
            "the database {} already holds data: restoring would replace it. Stop the server, \
             then run again with --force (the current database is kept beside it)",
            live.display()
        );
    }
    Ok(())
}

/// Whether the database file at `path` holds any table.
async fn holds_data(path: &Path) -> anyhow::Result<bool> {
    if !path.exists() || std::fs::metadata(path)?.len() == 0 {
        return Ok(false);
    }
    let mut conn = open(path, false).await?;
    let (tables,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")
            .fetch_one(&mut conn)
            .await?;
    conn.close().await?;
    Ok(tables > 0)
}

/// The database file and the two that go with it while it is open.
fn with_companions(path: &Path) -> [PathBuf; 3] {
    let name = path.as_os_str().to_owned();
    let with = |suffix: &str| {
        let mut n = name.clone();
        n.push(suffix);
        PathBuf::from(n)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Puts the snapshot `backup` in place of the configured database: copied
/// beside it and checked first, then renamed over it. A database that held
/// data (see [`check_target`]) is kept as `agora.db.replaced-TIME` (with
/// its `-wal`), not deleted.
pub async fn restore(
    config: &Config,
    backup: &Path,
    expected_version: i64,
    force: bool,
    say: &dyn Fn(String),
) -> anyhow::Result<()> {
    let live = live_path(config);
    if let Some(parent) = live.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let staged = super::staging_path(&live, "restoring");
    let prepared = async {
        std::fs::copy(backup, &staged)
            .with_context(|| format!("cannot copy {}", backup.display()))?;
        std::fs::File::open(&staged).and_then(|f| f.sync_all())?;
        let version = check(&staged).await?;
        if version > db::known_schema_version(DatabaseKind::Sqlite) {
            bail!("the backed-up database has schema {version}, newer than this Agora knows");
        }
        if version != expected_version {
            say(format!(
                "warning: the manifest says schema {expected_version}, the database has {version}"
            ));
        }
        anyhow::Ok(())
    }
    .await;
    for companion in &with_companions(&staged)[1..] {
        let _ = std::fs::remove_file(companion);
    }
    if let Err(e) = prepared {
        let _ = std::fs::remove_file(&staged);
        return Err(e);
    }

    // Out of the way, all three: a `-wal` left beside the restored file
    // would be replayed into it.
    let stamp = jiff::Timestamp::now().as_second();
    let mut moved = Vec::new();
    for path in with_companions(&live) {
        if path.exists() {
            let mut aside = path.as_os_str().to_owned();
            aside.push(format!(".replaced-{stamp}"));
            let aside = PathBuf::from(aside);
            if let Err(e) = std::fs::rename(&path, &aside) {
                for (from, to) in moved {
                    let _ = std::fs::rename(to, from);
                }
                let _ = std::fs::remove_file(&staged);
                return Err(e).with_context(|| format!("cannot move {} aside", path.display()));
            }
            moved.push((path, aside));
        }
    }
    if let Err(e) = std::fs::rename(&staged, &live) {
        for (from, to) in moved {
            let _ = std::fs::rename(to, from);
        }
        let _ = std::fs::remove_file(&staged);
        return Err(e).with_context(|| format!("cannot move the database to {}", live.display()));
    }
    if let Some(parent) = live.parent().filter(|p| !p.as_os_str().is_empty()) {
        super::files::sync_dir(parent)?;
    }
    match moved.first() {
        Some((_, aside)) if force => say(format!(
            "database: restored to {} (the one it replaced is {})",
            live.display(),
            aside.display()
        )),
        _ => {
            // An empty database (no table) is not worth keeping.
            for (_, aside) in &moved {
                let _ = std::fs::remove_file(aside);
            }
            say(format!("database: restored to {}", live.display()));
        }
    }
    Ok(())
}
