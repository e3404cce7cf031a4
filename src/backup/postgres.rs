//! PostgreSQL: `pg_dump` and `pg_restore`, PostgreSQL's own tools, when
//! they are on PATH. A dump is consistent on its own (one repeatable-read
//! transaction), whatever the servers are doing meanwhile.
//!
//! The password never goes on a command line (where `ps` shows it to every
//! user of the machine): it is taken out of the URL and handed over in
//! `PGPASSWORD`.

use std::path::Path;
use std::process::Stdio;

use anyhow::{Context, bail};
use tokio::process::Command;

use crate::config::Config;
use crate::db::Db;

/// The database URL without its password, and the password.
fn split_password(database_url: &str) -> anyhow::Result<(String, Option<String>)> {
    let mut url = url::Url::parse(database_url).context("database.url is not a URL")?;
    let password = url.password().map(percent_decode);
    let _ = url.set_password(None);
    Ok((url.to_string(), password))
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// What to run by hand where pg_dump is not installed here.
pub fn dump_command_hint(config: &Config) -> String {
    let url = split_password(&config.database_url)
        .map(|(url, _)| url)
        .unwrap_or_else(|_| "DATABASE_URL".into());
    format!("PGPASSWORD=… pg_dump --format=custom --file=agora.pgdump --dbname='{url}'")
}

fn tool(name: &str, config: &Config) -> anyhow::Result<Command> {
    let (url, password) = split_password(&config.database_url)?;
    let mut command = Command::new(name);
    command
        .arg(format!("--dbname={url}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    Ok(command)
}

pub async fn schema_version(config: &Config) -> anyhow::Result<i64> {
    let db = Db::connect(config).await?;
    let version = db.schema_version().await;
    db.close().await;
    version
}

/// Runs pg_dump into `dest`; `Ok(false)` when pg_dump is not installed.
pub async fn dump(config: &Config, dest: &Path) -> anyhow::Result<bool> {
    let mut command = tool("pg_dump", config)?;
    command
        .arg("--format=custom")
        .arg("--no-owner")
        .arg(format!("--file={}", dest.display()));
    let output = match command.output().await {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e).context("cannot run pg_dump"),
    };
    if !output.status.success() {
        bail!(
            "pg_dump failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    std::fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot flush {}", dest.display()))?;
    Ok(true)
}

/// How many tables the configured database holds; refuses to go on when
/// it holds any, unless `force`.
pub async fn check_target(config: &Config, force: bool) -> anyhow::Result<i64> {
    let db = Db::connect(config).await?;
    let tables: Result<(i64,), _> = sqlx::query_as(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
    )
    .fetch_one(&db.read)
    .await;
    db.close().await;
    let (tables,) = tables.context("cannot look into the database")?;
    if tables > 0 && !force {
        bail!(
            "the database already holds {tables} table(s): restoring would replace them. Stop \
             the servers, then run again with --force (make a pg_dump of it first if it matters)"
        );
    }
    Ok(tables)
}

/// Restores the dump with pg_restore, in one transaction: it all goes in,
/// or nothing does. When the database holds `tables`, its objects are
/// dropped first, inside that transaction.
pub async fn restore(
    config: &Config,
    dump: &Path,
    tables: i64,
    say: &dyn Fn(String),
) -> anyhow::Result<()> {
    let mut command = tool("pg_restore", config)?;
    command
        .arg("--single-transaction")
        .arg("--exit-on-error")
        .arg("--no-owner")
        .arg("--no-privileges");
    if tables > 0 {
        command.arg("--clean").arg("--if-exists");
    }
    command.arg(dump);
    let output = match command.output().await {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "pg_restore is not on PATH: install PostgreSQL's client tools, or run it yourself: \
             pg_restore --single-transaction --no-owner --dbname=DATABASE_URL {}",
            dump.display()
        ),
        Err(e) => return Err(e).context("cannot run pg_restore"),
    };
    if !output.status.success() {
        bail!(
            "pg_restore failed ({}), nothing was restored: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    say("database: restored with pg_restore".into());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_password;

    #[test]
    fn passwords_stay_off_the_command_line() {
        let (url, password) =
            split_password("postgres://agora:s%40cret+1@db.example:5432/agora?sslmode=require")
                .unwrap();
        assert_eq!(
            url,
            "postgres://agora@db.example:5432/agora?sslmode=require"
        );
        assert_eq!(password.as_deref(), Some("s@cret+1"));
        let (url, password) = split_password("postgres://postgres@127.0.0.1/x").unwrap();
        assert_eq!(url, "postgres://postgres@127.0.0.1/x");
        assert_eq!(password, None);
    }
}
