//! `agora admin backup DIR` and `agora admin restore DIR`.
//!
//! A backup is a folder:
//!
//! ```text
//! manifest.toml      what it is: Agora version, schema level, time, engine
//! database.sqlite    SQLite: an online snapshot (VACUUM INTO)
//! database.pgdump    PostgreSQL: pg_dump's custom format, when pg_dump is on PATH
//! files/blobs/…      the library's files (local storage only)
//! mail/…             the .eml copies of emails (no mail server)
//! config.toml        the configuration file in use, if any
//! ```
//!
//! The database goes first, then the files: files are stored once under
//! their hash and removed only an hour after the last revision using them
//! goes, so every file the snapshot names is still there to copy. Both
//! commands build their result under a temporary name and rename it into
//! place at the end, so a failure (a full disk, a refused check) leaves
//! nothing half-written: no half backup, no half-restored instance.

mod files;
mod postgres;
mod sqlite;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::config::{Config, DatabaseKind, StorageBackend};
use crate::db;

/// The layout of the backup folder; a later Agora that changes it says so.
const FORMAT: u32 = 1;
const MANIFEST: &str = "manifest.toml";
const SQLITE_FILE: &str = "database.sqlite";
const PGDUMP_FILE: &str = "database.pgdump";
const CONFIG_FILE: &str = "config.toml";
/// Folders under the data dir that are backed up (local storage): the
/// library's blobs and the written emails. `files/tmp` (uploads in flight)
/// and `exports/` (archives being sent) are not worth keeping.
const DATA_FOLDERS: [&str; 2] = ["files/blobs", "mail"];

/// What a backup holds, written last: a folder without it is not a backup.
#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub agora_version: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub instance_domain: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The highest migration applied to the database backed up.
    pub schema_version: i64,
    /// `database.sqlite`, `database.pgdump`, or absent when the database is
    /// not in the backup (PostgreSQL without pg_dump).
    pub database_file: Option<String>,
    /// `local` (files in the backup) or `s3` (files in the bucket only).
    pub storage: String,
    pub files: u64,
    pub file_bytes: u64,
    pub config_file: Option<String>,
}

fn engine(kind: DatabaseKind) -> &'static str {
    match kind {
        DatabaseKind::Sqlite => "sqlite",
        DatabaseKind::Postgres => "postgres",
    }
}

/// A sibling of `path` with a random suffix, on the same file system so
/// that renaming it into place is atomic.
fn staging_path(path: &Path, what: &str) -> PathBuf {
    let suffix: String = crate::random_bytes::<6>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "agora".into());
    path.with_file_name(format!(".{name}.{what}-{suffix}"))
}

/// Makes a backup of the instance `config` describes, running or not, into
/// `dir` (which must not exist, or be empty). `config_file` is the file the
/// configuration was read from, if any. Progress goes to `say`.
pub async fn backup(
    config: &Config,
    config_file: Option<&Path>,
    dir: &Path,
    say: &dyn Fn(String),
) -> anyhow::Result<Manifest> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!(
            "{} is not empty: give a new folder for the backup",
            dir.display()
        );
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = staging_path(dir, "partial");
    files::create_private_dir(&staging)?;
    let result = fill(config, config_file, &staging, say).await;
    let manifest = match result {
        Ok(manifest) => manifest,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if let Err(e) = std::fs::rename(&staging, dir) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e).with_context(|| format!("cannot rename the backup to {}", dir.display()));
    }
    say(format!("backup complete: {}", dir.display()));
    Ok(manifest)
}

async fn fill(
    config: &Config,
    config_file: Option<&Path>,
    staging: &Path,
    say: &dyn Fn(String),
) -> anyhow::Result<Manifest> {
    let (database_file, schema_version) = match config.database_kind {
        DatabaseKind::Sqlite => {
            let version = sqlite::snapshot(config, &staging.join(SQLITE_FILE)).await?;
            let size = std::fs::metadata(staging.join(SQLITE_FILE))?.len();
            say(format!(
                "database: SQLite snapshot, {} (schema {version})",
                files::human(size)
            ));
            (Some(SQLITE_FILE.to_owned()), version)
        }
        DatabaseKind::Postgres => {
            let version = postgres::schema_version(config).await?;
            match postgres::dump(config, &staging.join(PGDUMP_FILE)).await? {
                true => {
                    let size = std::fs::metadata(staging.join(PGDUMP_FILE))?.len();
                    say(format!(
                        "database: pg_dump, {} (schema {version})",
                        files::human(size)
                    ));
                    (Some(PGDUMP_FILE.to_owned()), version)
                }
                false => {
                    say(format!(
                        "database: NOT in this backup: pg_dump is not on PATH (install \
                         PostgreSQL's client tools), or run it yourself: {}",
                        postgres::dump_command_hint(config)
                    ));
                    (None, version)
                }
            }
        }
    };
    let (storage, copied) = match &config.storage {
        StorageBackend::Local => {
            let mut copied = files::Copied::default();
            for folder in DATA_FOLDERS {
                let from = config.data_dir.join(folder);
                let to = staging.join(folder);
                copied.add(files::copy_tree(&from, &to).await?);
            }
            say(format!(
                "files: {} file(s), {} (library and mail)",
                copied.files,
                files::human(copied.bytes)
            ));
            ("local", copied)
        }
        StorageBackend::S3(s3) => {
            let copied =
                files::copy_tree(&config.data_dir.join("mail"), &staging.join("mail")).await?;
            say(format!(
                "files: the library is in the S3 bucket \"{}\", not in this backup: back the \
                 bucket up with your provider's tools (versioning, replication, rclone sync)",
                s3.bucket
            ));
            ("s3", copied)
        }
    };
    let config_copy = match config_file {
        Some(path) => {
            std::fs::copy(path, staging.join(CONFIG_FILE))
                .with_context(|| format!("cannot copy the configuration {}", path.display()))?;
            say(format!("config: {}", path.display()));
            Some(CONFIG_FILE.to_owned())
        }
        None => {
            say("config: no configuration file (built-in defaults)".into());
            None
        }
    };
    if std::env::vars().any(|(k, _)| k.starts_with("AGORA_")) {
        say("config: AGORA_* environment variables are in use; they are not saved".into());
    }
    let manifest = Manifest {
        format: FORMAT,
        agora_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: jiff::Timestamp::now().to_string(),
        instance_domain: config.domain.clone(),
        database: engine(config.database_kind).to_owned(),
        schema_version,
        database_file,
        storage: storage.to_owned(),
        files: copied.files,
        file_bytes: copied.bytes,
        config_file: config_copy,
    };
    let text = toml::to_string(&manifest).context("cannot write the manifest")?;
    std::fs::write(staging.join(MANIFEST), text).context("cannot write the manifest")?;
    files::sync_dir(staging)?;
    Ok(manifest)
}

/// Reads and checks a backup's manifest against this binary and `config`.
fn read_manifest(dir: &Path, config: &Config) -> anyhow::Result<Manifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "{} is not an Agora backup (no readable {MANIFEST})",
            dir.display()
        )
    })?;
    let manifest: Manifest = toml::from_str(&text)
        .with_context(|| format!("{}: not a valid manifest", path.display()))?;
    if manifest.format > FORMAT {
        bail!(
            "this backup was made by a newer Agora ({}) in a layout this one does not know",
            manifest.agora_version
        );
    }
    let engine = engine(config.database_kind);
    if manifest.database != engine {
        bail!(
            "this backup is of a {} database; the configuration uses {engine}",
            manifest.database
        );
    }
    let known = db::known_schema_version(config.database_kind);
    if manifest.schema_version > known {
        bail!(
            "this backup was made by a newer Agora ({}, schema {}); this binary knows schema {known} \
             at most: restore it with that version or a newer one",
            manifest.agora_version,
            manifest.schema_version
        );
    }
    Ok(manifest)
}

/// Brings the backup in `dir` back into the database and data folder that
/// `config` names. Refuses a database that already holds data unless
/// `force`, and a backup newer than this binary.
pub async fn restore(
    config: &Config,
    dir: &Path,
    force: bool,
    say: &dyn Fn(String),
) -> anyhow::Result<Manifest> {
    let manifest = read_manifest(dir, config)?;
    say(format!(
        "backup of {} made {} by Agora {} (schema {}, {})",
        manifest.instance_domain,
        manifest.created_at,
        manifest.agora_version,
        manifest.schema_version,
        manifest.database
    ));
    if manifest.instance_domain != config.domain {
        say(format!(
            "warning: the backup is of {}, the configuration says instance.domain = {}: \
             other instances know its members and spaces by the old name",
            manifest.instance_domain, config.domain
        ));
    }
    refuse_if_serving(config).await?;
    let Some(database_file) = manifest.database_file.as_deref() else {
        bail!(
            "this backup holds no database (pg_dump was not available when it was made); \
             restore the database with pg_restore first"
        );
    };
    let database_file = dir.join(database_file);

    let tables = match config.database_kind {
        DatabaseKind::Sqlite => sqlite::check_target(config, force).await.map(|()| 0)?,
        DatabaseKind::Postgres => postgres::check_target(config, force).await?,
    };

    // Everything is copied and checked beside its final place first.
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
    let staged_files = files::Staged::copy_in(dir, &config.data_dir, &DATA_FOLDERS).await?;
    say(format!(
        "files: {} file(s), {} ready",
        staged_files.copied.files,
        files::human(staged_files.copied.bytes)
    ));
    let result = match config.database_kind {
        DatabaseKind::Sqlite => {
            sqlite::restore(config, &database_file, manifest.schema_version, force, say).await
        }
        DatabaseKind::Postgres => postgres::restore(config, &database_file, tables, say).await,
    };
    if let Err(e) = result {
        staged_files.abandon();
        return Err(e);
    }
    staged_files.swap_in()?;
    if let StorageBackend::S3(s3) = &config.storage {
        say(format!(
            "files: the library lives in the S3 bucket \"{}\": restore it with your provider's \
             tools if needed",
            s3.bucket
        ));
    }
    if manifest.config_file.is_some() {
        say(format!(
            "config: the backup's configuration is {}; compare it with the one in use \
             (not overwritten)",
            dir.join(CONFIG_FILE).display()
        ));
    }
    say("restore complete: start the server (it applies newer migrations, if any)".into());
    Ok(manifest)
}

/// Restoring under a running server would pull the database from under it.
async fn refuse_if_serving(config: &Config) -> anyhow::Result<()> {
    if config.bind.port() == 0 {
        return Ok(());
    }
    let connect = tokio::net::TcpStream::connect(config.bind);
    if let Ok(Ok(_)) = tokio::time::timeout(std::time::Duration::from_secs(1), connect).await {
        bail!(
            "something answers at {} (http.bind): stop the server before restoring",
            config.bind
        );
    }
    Ok(())
}
