//! Editors: members who write the instance's newsletter (issue 17 point
//! 7). A role beside member, moderator and admin (admins may anyway),
//! kept in `accounts.editor` and given or taken by admins.

use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Makes `username` an editor, or (`false`) no longer one.
pub async fn set(db: &Db, username: &str, editor: bool) -> AppResult<()> {
    let changed = sqlx::query(
        "UPDATE accounts SET editor = $1 WHERE username = $2 AND domain IS NULL \
         AND deleted_at IS NULL",
    )
    .bind(i64::from(editor))
    .bind(username)
    .execute(db.writer())
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound("account"));
    }
    Ok(())
}

/// Whether account `id` is an editor.
pub async fn is_editor(db: &Db, id: i64) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT editor FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.is_some_and(|(e,)| e != 0))
}

/// The editors' usernames, alphabetically.
pub async fn list(db: &Db) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT username FROM accounts WHERE editor <> 0 AND domain IS NULL \
         AND deleted_at IS NULL ORDER BY username",
    )
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(u,)| u).collect())
}
