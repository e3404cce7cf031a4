//! Uploads not attached to anything yet: those waiting in a draft, those
//! a refused post leaves behind, and those never used.

use super::{Attachment, COLUMNS, Row};
use crate::db::{self, Db, Tx};
use crate::error::AppResult;

/// Removes uploads never attached, a day after they were made; the
/// collector then frees their bytes. Returns how many went.
pub async fn remove_unattached(db: &Db) -> AppResult<u64> {
    let day = 24 * 3600 * 1_000_000;
    let done = sqlx::query(
        "DELETE FROM media WHERE post_id IS NULL AND comment_id IS NULL AND avatar_of IS NULL \
         AND draft_id IS NULL AND created_at < $1",
    )
    .bind(db::now() - day)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}

/// Removes uploads of `owner_id` that were not attached after all (the
/// post they came with was refused).
pub async fn discard(db: &Db, owner_id: i64, ids: &[i64]) -> AppResult<()> {
    for id in ids {
        sqlx::query(
            "DELETE FROM media WHERE id = $1 AND owner_id = $2 \
             AND post_id IS NULL AND comment_id IS NULL AND avatar_of IS NULL AND draft_id IS NULL",
        )
        .bind(id)
        .bind(owner_id)
        .execute(db.writer())
        .await?;
    }
    Ok(())
}

/// Keeps uploads `ids` of `owner_id` with their draft until it is
/// published (or deleted, which deletes them).
pub async fn keep_for_draft(
    tx: &mut Tx,
    draft_id: i64,
    owner_id: i64,
    ids: &[i64],
) -> AppResult<()> {
    for id in ids {
        sqlx::query(
            "UPDATE media SET draft_id = $1 WHERE id = $2 AND owner_id = $3 \
             AND post_id IS NULL AND comment_id IS NULL AND avatar_of IS NULL",
        )
        .bind(draft_id)
        .bind(id)
        .bind(owner_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The uploads waiting in a draft, oldest first.
pub async fn of_draft(db: &Db, draft_id: i64) -> AppResult<Vec<Attachment>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE draft_id = $1 ORDER BY created_at, id"
    )))
    .bind(draft_id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(Row::view).collect())
}
