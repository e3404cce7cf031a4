//! Library items of other instances: what federation read from a
//! `Document` of a followed space, stored or updated. Only what is needed
//! to show and link it is kept; the bytes stay on its instance.

use super::items::{normalise_tags, set_tags};
use super::{ItemKind, ItemStatus, MAX_NOTE_BYTES, MAX_TAGS, follows};
use crate::accounts::validate_language;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// A file or note of another instance, as federation read it. Its link is
/// already checked to be on the item's own server; the text is not yet
/// bounded or sanitised (that is done here).
#[derive(Debug)]
pub struct RemoteItem {
    pub ap_id: String,
    pub title: String,
    pub description: String,
    pub href: Option<String>,
    pub media_type: Option<String>,
    /// HTML from the other server: a note's text. Sanitised before storing.
    pub content_html: Option<String>,
    pub language: Option<String>,
    pub status: Option<String>,
    pub tags: Vec<String>,
    pub published: Option<i64>,
    pub updated: Option<i64>,
}

/// Stores (or updates) `item` in our copy of space `space_id`, by its
/// author `author_id`. Returns what happened, for the inbox's answer.
pub async fn store_remote(
    db: &Db,
    space_id: i64,
    author_id: i64,
    item: RemoteItem,
) -> AppResult<&'static str> {
    let bad = |m: &str| AppError::BadRequest(format!("Document: {m}"));
    let id = item.ap_id.as_str();
    let title: String = crate::markdown::plain_text(&item.title)
        .trim()
        .chars()
        .take(200)
        .collect();
    if title.is_empty() {
        return Err(bad("no name"));
    }
    let description: String = crate::markdown::plain_text(&item.description)
        .trim()
        .chars()
        .take(5000)
        .collect();
    let href = item.href;
    let media_type = item.media_type.filter(|m| m.len() <= 100 && m.is_ascii());
    if item
        .content_html
        .as_ref()
        .is_some_and(|c| c.len() > MAX_NOTE_BYTES * 2)
    {
        return Err(bad("content too long"));
    }
    let html = item
        .content_html
        .as_deref()
        .map(crate::markdown::sanitize_html);
    let kind = if html.is_some() {
        ItemKind::Note
    } else {
        ItemKind::File
    };
    let language = item
        .language
        .and_then(|l| validate_language("language", &l).ok())
        .unwrap_or_else(|| "und".into());
    let status = item
        .status
        .and_then(|s| s.parse().ok())
        .unwrap_or(ItemStatus::Open);
    let tags =
        normalise_tags(item.tags.iter().map(String::as_str).take(MAX_TAGS)).unwrap_or_default();
    let published = item.published.unwrap_or_else(db::now);
    let updated = item.updated.unwrap_or(published);
    let mut tx = db.begin().await?;
    let existing: Option<(i64, i64, Option<i64>)> =
        sqlx::query_as("SELECT id, space_id, deleted_at FROM library_items WHERE ap_id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let item_id = match existing {
        Some((_, other_space, _)) if other_space != space_id => {
            return Err(bad("already known in another space"));
        }
        Some((_, _, Some(_))) => return Ok("ignored: deleted"),
        Some((item_id, _, None)) => {
            sqlx::query(
                "UPDATE library_items SET kind = $2, title = $3, description = $4, language = $5, \
                        status = $6, updated_at = $7, updated_by = $8, remote_url = $9, \
                        remote_media_type = $10, remote_html = $11 WHERE id = $1",
            )
            .bind(item_id)
            .bind(kind)
            .bind(&title)
            .bind(&description)
            .bind(&language)
            .bind(status)
            .bind(updated)
            .bind(author_id)
            .bind(&href)
            .bind(&media_type)
            .bind(&html)
            .execute(&mut *tx)
            .await?;
            follows::tell(
                &mut tx,
                (item_id, space_id),
                author_id,
                false,
                follows::ItemNews::Changed,
            )
            .await?;
            item_id
        }
        None => {
            let (item_id,): (i64,) = sqlx::query_as(
                "INSERT INTO library_items (space_id, kind, ap_id, title, description, language, \
                        status, created_by, created_at, updated_by, updated_at, remote_url, \
                        remote_media_type, remote_html, id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $10, $11, $12, $13, $14) \
                 RETURNING id",
            )
            .bind(space_id)
            .bind(kind)
            .bind(id)
            .bind(&title)
            .bind(&description)
            .bind(&language)
            .bind(status)
            .bind(author_id)
            .bind(published)
            .bind(updated)
            .bind(&href)
            .bind(&media_type)
            .bind(&html)
            .bind(db::new_id())
            .fetch_one(&mut *tx)
            .await?;
            item_id
        }
    };
    set_tags(&mut tx, item_id, &tags).await?;
    crate::search::index::library_item(&mut tx, item_id).await?;
    tx.commit().await?;
    Ok("stored")
}

/// The space of our copy of the remote library item `ap_id`.
pub async fn space_of(db: &Db, ap_id: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT space_id FROM library_items WHERE ap_id = $1")
        .bind(ap_id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// A `Delete` of a remote item, by its author or its space's group.
pub async fn delete_remote(
    db: &Db,
    ap_id: &str,
    author: Option<i64>,
    space: Option<i64>,
) -> AppResult<bool> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE library_items SET title = '', description = '', remote_html = NULL, \
                remote_url = NULL, deleted_at = $1 \
         WHERE ap_id = $2 AND deleted_at IS NULL AND (created_by = $3 OR space_id = $4)",
    )
    .bind(now)
    .bind(ap_id)
    .bind(author.unwrap_or(0))
    .bind(space.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    crate::search::index::remote(&mut tx, ap_id).await?;
    tx.commit().await?;
    Ok(done.rows_affected() > 0)
}
