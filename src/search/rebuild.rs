//! `agora admin reindex`: the index rebuilt from the content tables, for
//! an instance that had content before search existed, or after the
//! normaliser changed.
//!
//! It works in place, while the server runs: each batch of rows is
//! re-indexed in a transaction of its own (the same functions the domain
//! calls, so the result is what live writes would have left), then
//! entries whose content no longer exists are removed. Searches meanwhile
//! see the old entries or the new ones, never a gap.

use super::Kind;
use super::index;
use crate::config::DatabaseKind;
use crate::db::Db;
use crate::error::AppResult;

/// Rows re-indexed per transaction: short enough not to hold SQLite's
/// write lock for long.
const BATCH: i64 = 200;

/// Each kind and the table its ids come from.
const SOURCES: [(Kind, &str); 6] = [
    (Kind::Space, "spaces"),
    (Kind::Person, "accounts"),
    (Kind::Post, "posts"),
    (Kind::Comment, "comments"),
    (Kind::Event, "events"),
    (Kind::LibraryItem, "library_items"),
];

/// How far a rebuild is: rows done of rows in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Rebuilds the whole index, telling `progress` after every batch.
/// Returns how many entries the index holds afterwards.
pub async fn rebuild(db: &Db, progress: &(dyn Fn(Progress) + Sync)) -> AppResult<i64> {
    let mut total = 0u64;
    for (_, table) in SOURCES {
        let (n,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&db.read)
                .await?;
        total += n.max(0) as u64;
    }
    let mut done = 0u64;
    progress(Progress { done, total });
    for (kind, table) in SOURCES {
        let mut after = i64::MIN;
        loop {
            let ids: Vec<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM {table} WHERE id > $1 ORDER BY id LIMIT $2"
            )))
            .bind(after)
            .bind(BATCH)
            .fetch_all(&db.read)
            .await?;
            let Some(&(last,)) = ids.last() else {
                break;
            };
            let mut tx = db.begin().await?;
            for (id,) in &ids {
                index::refresh(&mut tx, kind, *id).await?;
            }
            tx.commit().await?;
            after = last;
            done += ids.len() as u64;
            // Rows added since the count was taken may pass it.
            progress(Progress {
                done,
                total: total.max(done),
            });
        }
    }
    forget_orphans(db).await?;
    let (entries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM search_entries")
        .fetch_one(&db.read)
        .await?;
    Ok(entries)
}

/// Entries whose content row is gone altogether (the batches only visit
/// rows that exist), and, on SQLite, the full-text index rebuilt from the
/// entries themselves.
async fn forget_orphans(db: &Db) -> AppResult<()> {
    let mut tx = db.begin().await?;
    for (kind, table) in SOURCES {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM search_entries WHERE kind = $1 \
             AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = search_entries.ref_id)"
        )))
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    }
    if db.kind == DatabaseKind::Sqlite {
        // The full-text table keeps no text of its own (migration 0024):
        // it is written again from the entries.
        for statement in [
            "INSERT INTO search_text (search_text) VALUES ('delete-all')",
            "INSERT INTO search_text (rowid, tokens, audience) \
             SELECT -id, tokens, audience FROM search_entries",
        ] {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
