//! Profile pictures: a picture like an attachment's, made smaller, one
//! per member, shown where their profile may be seen.

use super::{Attachment, COLUMNS, Incoming, Row, images, store_sized};
use crate::accounts::Account;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::library::storage::{self, Storage};

/// Makes `incoming` (a picture) the profile picture of `who`, replacing
/// the one before.
pub async fn set_avatar(
    db: &Db,
    storage: &Storage,
    who: &Account,
    incoming: Incoming,
) -> AppResult<Attachment> {
    let head = &incoming.bytes[..incoming.bytes.len().min(8192)];
    if !images::is_picture(storage::sniff(head)) {
        return Err(AppError::invalid(
            "picture: a profile picture must be a JPEG, PNG, GIF or WebP picture",
        ));
    }
    let stored = store_sized(db, storage, who, incoming, images::AVATAR).await?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM media WHERE avatar_of = $1")
        .bind(who.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE media SET avatar_of = $1 WHERE id = $2")
        .bind(who.id)
        .bind(stored.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn remove_avatar(db: &Db, who: &Account) -> AppResult<()> {
    sqlx::query("DELETE FROM media WHERE avatar_of = $1")
        .bind(who.id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// The profile picture of an account, if it has one.
pub async fn avatar(db: &Db, account_id: i64) -> AppResult<Option<Attachment>> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE avatar_of = $1"
    )))
    .bind(account_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(Row::view))
}
