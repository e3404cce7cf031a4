//! Attachments of other servers' posts and comments: what their
//! `attachment` said, kept as addresses. Their bytes are not fetched, so a
//! page shows them as links (our pages load pictures from this server
//! only).

use super::{MAX_ATTACHMENTS, MAX_DESCRIPTION_CHARS, Owner};
use crate::db::{self, Tx};
use crate::error::AppResult;

/// One entry of an incoming object's `attachment`, already checked by the
/// federation layer (an http(s) address, a media type).
#[derive(Clone, Debug)]
pub struct RemoteAttachment {
    pub url: String,
    pub media_type: String,
    pub description: String,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

/// Replaces the remote attachments of a post or comment with `list` (the
/// first [`MAX_ATTACHMENTS`]), in the transaction that stores it.
pub async fn store_remote(
    tx: &mut Tx,
    to: Owner,
    author_id: i64,
    list: &[RemoteAttachment],
) -> AppResult<()> {
    let (column, target) = to.column();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM media WHERE {column} = $1 AND remote_url IS NOT NULL"
    )))
    .bind(target)
    .execute(&mut **tx)
    .await?;
    let insert = format!(
        "INSERT INTO media (id, owner_id, {column}, position, file_name, media_type, size, \
                            description, width, height, remote_url, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11)"
    );
    for (position, attachment) in list.iter().take(MAX_ATTACHMENTS).enumerate() {
        let description: String = attachment
            .description
            .trim()
            .chars()
            .take(MAX_DESCRIPTION_CHARS)
            .collect();
        let file_name = attachment
            .url
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .map(crate::library::safe_filename)
            .unwrap_or_else(|| "attachment".into());
        sqlx::query(sqlx::AssertSqlSafe(insert.as_str()))
            .bind(db::new_id())
            .bind(author_id)
            .bind(target)
            .bind(position as i64)
            .bind(file_name)
            .bind(&attachment.media_type)
            .bind(description)
            .bind(attachment.width)
            .bind(attachment.height)
            .bind(&attachment.url)
            .bind(db::now())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
