//! Attachments of other servers' posts and comments: what their
//! `attachment` said, kept as addresses. A picture among them waits to be
//! fetched once ([`take_fetch`]; the fetching itself is the federation
//! layer's, which talks to other servers) and is then kept as our own
//! uploads are: three variants, re-encoded without metadata. Until then,
//! and for files, a page shows a link (our pages load pictures from this
//! server only).

use std::time::Duration;

use bytes::Bytes;

use super::{
    KeptPicture, MAX_ATTACHMENTS, MAX_DESCRIPTION_CHARS, Owner, PICTURE_COLUMNS, images, process,
};
use crate::db::{self, Db, Tx};
use crate::error::AppResult;
use crate::library::storage::Storage;

/// Attempts at fetching one picture before it stays a link.
pub const MAX_FETCH_ATTEMPTS: i64 = 4;
/// How long a fetch may hold a picture before another worker may take it.
const LEASE: Duration = Duration::from_secs(300);

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
                            description, width, height, remote_url, created_at, fetch_after) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11, $12)"
    );
    let now = db::now();
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
            .bind(now)
            .bind(images::is_picture(&attachment.media_type).then_some(now))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A remote picture to fetch: its attachment, its address, and how many
/// attempts this one makes.
#[derive(Debug, sqlx::FromRow)]
pub struct ToFetch {
    pub id: i64,
    pub url: String,
    pub attempt: i64,
}

/// Takes the remote picture waiting longest whose time has come, for
/// [`LEASE`]; `None` when nothing waits.
pub async fn take_fetch(db: &Db) -> AppResult<Option<ToFetch>> {
    let now = db::now();
    // A read first: an idle server looks every few seconds, and on SQLite
    // an UPDATE would take the one write connection each time.
    let waiting: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM media WHERE fetch_after <= $1 LIMIT 1")
            .bind(now)
            .fetch_optional(&db.read)
            .await?;
    if waiting.is_none() {
        return Ok(None);
    }
    let lease_until = now + i64::try_from(LEASE.as_micros()).unwrap_or(i64::MAX);
    Ok(sqlx::query_as(
        "UPDATE media SET fetch_after = $2, fetch_attempts = fetch_attempts + 1 \
         WHERE id = (SELECT id FROM media WHERE fetch_after <= $1 ORDER BY fetch_after LIMIT 1) \
           AND fetch_after <= $1 \
         RETURNING id, remote_url AS url, fetch_attempts AS attempt",
    )
    .bind(now)
    .bind(lease_until)
    .fetch_optional(db.writer())
    .await?)
}

/// Keeps the fetched bytes of remote picture `id` as its three variants.
/// Bytes that are not a picture we can read give it up (it stays a link).
pub async fn keep_fetched(db: &Db, storage: &Storage, id: i64, bytes: Bytes) -> AppResult<()> {
    let sniffed = crate::library::storage::sniff(&bytes[..bytes.len().min(8192)]);
    if !images::is_picture(sniffed) {
        return give_up(db, id).await;
    }
    let processed = match process(bytes, "picture", images::ATTACHMENT).await {
        Ok(processed) => processed,
        Err(crate::error::AppError::Invalid(_)) => return give_up(db, id).await,
        Err(e) => return Err(e),
    };
    let picture = KeptPicture::of(db, storage, processed).await?;
    // The post may have been deleted meanwhile: then nothing is updated and
    // the collector removes the blobs nobody uses.
    let update = format!(
        "UPDATE media SET ({PICTURE_COLUMNS}, fetch_after) = \
             ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL) \
         WHERE id = $1 AND remote_url IS NOT NULL"
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(update)).bind(id);
    picture.bind(query).execute(db.writer()).await?;
    Ok(())
}

/// A fetch that may work later (the server did not answer, or answered
/// 5xx): tried again after 10 minutes, then 40, then 160 (always longer
/// than a lease); after [`MAX_FETCH_ATTEMPTS`] the picture stays a link.
pub async fn fetch_failed(db: &Db, job: &ToFetch) -> AppResult<()> {
    if job.attempt >= MAX_FETCH_ATTEMPTS {
        return give_up(db, job.id).await;
    }
    let wait = 600_000_000_i64 << (2 * (job.attempt.clamp(1, 8) - 1));
    sqlx::query("UPDATE media SET fetch_after = $2 WHERE id = $1")
        .bind(job.id)
        .bind(db::now() + wait)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// A picture that will never be fetched (refused, too large, not a
/// picture, gone): it stays a link to the other server.
pub async fn give_up(db: &Db, id: i64) -> AppResult<()> {
    sqlx::query("UPDATE media SET fetch_after = NULL WHERE id = $1")
        .bind(id)
        .execute(db.writer())
        .await?;
    Ok(())
}
