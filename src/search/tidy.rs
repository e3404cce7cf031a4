//! Keeping the full-text index compact as it grows.
//!
//! SQLite's FTS5 adds a segment for each batch of new entries and merges
//! them only now and then, so a search walks several segments for each
//! word; merged into one, the engine's part of a search took a third as
//! long (0.5 → 0.14 ms for a common word on 100,000 entries, measured in
//! the `sqlite3` shell; docs/benchmarks.md), and merging 100,000 entries
//! took 1.2 s. PostgreSQL's GIN index keeps new entries in a pending list
//! that every search reads through until it is merged (6 ms a scan with
//! a full list against 0.7 ms once merged, docs/benchmarks.md), which
//! autovacuum does where it runs.
//!
//! So every node does it once at start and then every [`EVERY`]: a few
//! seconds of work a day on a large archive, and the write lock is held
//! about a second on SQLite.

use std::time::Duration;

use crate::config::DatabaseKind;
use crate::db::Db;
use crate::error::AppResult;

/// How often the index is tidied.
pub const EVERY: Duration = Duration::from_secs(3600);

/// Merges the index's segments (SQLite) or its pending list (PostgreSQL).
pub async fn tidy(db: &Db) -> AppResult<()> {
    let sql = match db.kind {
        DatabaseKind::Sqlite => "INSERT INTO search_text (search_text) VALUES ('optimize')",
        DatabaseKind::Postgres => "SELECT gin_clean_pending_list('search_entries_document')",
    };
    sqlx::query(sql).execute(db.writer()).await?;
    Ok(())
}

/// Tidies the index at start and every [`EVERY`], for as long as the
/// server runs.
pub async fn run(db: Db) {
    loop {
        let started = std::time::Instant::now();
        match tidy(&db).await {
            Ok(()) => tracing::debug!(took = ?started.elapsed(), "search index tidied"),
            Err(e) => tracing::warn!(error = %e, "cannot tidy the search index"),
        }
        tokio::time::sleep(EVERY).await;
    }
}
