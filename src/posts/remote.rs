//! Posts and comments that came from other instances: stored, replaced,
//! deleted, restored, and gone with their author, each under its own id.

use super::news;
use crate::db::{self, Db};
use crate::error::AppResult;

/// A post that came from another instance, stored (or, for an Update,
/// replaced) under its own id. Returns whether anything changed.
#[derive(Debug)]
pub struct RemotePost {
    pub ap_id: String,
    pub space_id: i64,
    pub author_id: i64,
    pub title: String,
    pub body_source: String,
    pub body_html: String,
    pub language: String,
    pub created_at: i64,
    /// Our members it mentions (its `Mention` tags that name them).
    pub mentioned: Vec<i64>,
    /// Its pictures and files, as addresses on its server.
    pub media: Vec<crate::media::RemoteAttachment>,
}

pub async fn store_remote(db: &Db, post: RemotePost, update: bool) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let stored: Option<(i64,)> = if update {
        sqlx::query_as(
            "UPDATE posts SET title = $1, body_source = $2, body_html = $3, language = $4, \
             edited_at = $5 WHERE ap_id = $6 AND author_id = $7 AND space_id = $8 \
             AND deleted_at IS NULL RETURNING id",
        )
        .bind(&post.title)
        .bind(&post.body_source)
        .bind(&post.body_html)
        .bind(&post.language)
        .bind(db::now())
        .bind(&post.ap_id)
        .bind(post.author_id)
        .bind(post.space_id)
        .fetch_optional(&mut *tx)
        .await?
    } else {
        sqlx::query_as(
            "INSERT INTO posts (space_id, author_id, title, body_source, body_html, language, \
                                created_at, ap_id, id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (ap_id) DO NOTHING RETURNING id",
        )
        .bind(post.space_id)
        .bind(post.author_id)
        .bind(&post.title)
        .bind(&post.body_source)
        .bind(&post.body_html)
        .bind(&post.language)
        .bind(post.created_at)
        .bind(&post.ap_id)
        .bind(db::new_id())
        .fetch_optional(&mut *tx)
        .await?
    };
    let Some((id,)) = stored else {
        return Ok(false);
    };
    crate::media::store_remote(
        &mut tx,
        crate::media::Owner::Post(id),
        post.author_id,
        &post.media,
    )
    .await?;
    let mentioned =
        news::store_mentions(&mut tx, news::Mentioned::Post, id, &post.mentioned).await?;
    if update {
        news::post_edited(&mut tx, id, &mentioned).await?;
    } else {
        // A post published long before it reached us (the backfill of a
        // space just followed, a late delivery) is not news to its members.
        let fresh = post.created_at > db::now() - 24 * 3600 * 1_000_000;
        news::post_created(&mut tx, id, &mentioned, fresh).await?;
    }
    crate::search::index::post(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Tombstones a post or comment that came from elsewhere, when `author`
/// wrote it or it belongs to the space `space` (whose group deletes it).
pub async fn delete_remote(
    db: &Db,
    ap_id: &str,
    author: Option<i64>,
    space: Option<i64>,
) -> AppResult<bool> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let post = sqlx::query(
        "UPDATE posts SET title = '', body_source = '', body_html = '', deleted_at = $1 \
         WHERE ap_id = $2 AND deleted_at IS NULL AND (author_id = $3 OR space_id = $4)",
    )
    .bind(now)
    .bind(ap_id)
    .bind(author.unwrap_or(0))
    .bind(space.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    let comment = sqlx::query(
        "UPDATE comments SET body_source = '', body_html = '', deleted_at = $1 \
         WHERE ap_id = $2 AND deleted_at IS NULL AND (author_id = $3 OR post_id IN \
           (SELECT id FROM posts WHERE space_id = $4))",
    )
    .bind(now)
    .bind(ap_id)
    .bind(author.unwrap_or(0))
    .bind(space.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    crate::search::index::remote(&mut tx, ap_id).await?;
    tx.commit().await?;
    Ok(post.rows_affected() + comment.rows_affected() > 0)
}

/// Everything a remote person wrote, gone with them (their server deleted
/// them, and what they wrote with them): posts and comments become
/// tombstones, as with a `Delete` of each.
pub async fn delete_all_remote_by(db: &Db, author: i64) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE posts SET title = '', body_source = '', body_html = '', deleted_at = $1 \
         WHERE author_id = $2 AND ap_id IS NOT NULL AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(author)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE comments SET body_source = '', body_html = '', deleted_at = $1 \
         WHERE author_id = $2 AND ap_id IS NOT NULL AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(author)
    .execute(&mut *tx)
    .await?;
    crate::search::index::written_by(&mut tx, author).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether the post or comment `ap_id` from elsewhere is deleted here, and
/// was written by `author` or is in `space`.
pub async fn is_deleted_remote(
    db: &Db,
    ap_id: &str,
    author: Option<i64>,
    space: Option<i64>,
) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM posts WHERE ap_id = $1 AND deleted_at IS NOT NULL \
           AND (author_id = $2 OR space_id = $3) \
         UNION ALL \
         SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id \
         WHERE c.ap_id = $1 AND c.deleted_at IS NOT NULL \
           AND (c.author_id = $2 OR p.space_id = $3)",
    )
    .bind(ap_id)
    .bind(author.unwrap_or(0))
    .bind(space.unwrap_or(0))
    .fetch_optional(&db.read)
    .await?;
    Ok(row.is_some())
}

/// The text of a post or comment from elsewhere that its server restored
/// (Lemmy's `Undo(Delete)`), read again from its origin.
pub struct Restored {
    pub ap_id: String,
    /// For a post; a comment has none.
    pub title: Option<String>,
    pub body_source: String,
    pub body_html: String,
}

/// Restores the deleted post or comment `restored.ap_id` with its text,
/// where `author` wrote it or it is in `space`. Whether one was.
pub async fn restore_remote(
    db: &Db,
    restored: Restored,
    author: Option<i64>,
    space: Option<i64>,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let post = sqlx::query(
        "UPDATE posts SET title = $1, body_source = $2, body_html = $3, deleted_at = NULL \
         WHERE ap_id = $4 AND deleted_at IS NOT NULL AND (author_id = $5 OR space_id = $6)",
    )
    .bind(restored.title.as_deref().unwrap_or_default())
    .bind(&restored.body_source)
    .bind(&restored.body_html)
    .bind(&restored.ap_id)
    .bind(author.unwrap_or(0))
    .bind(space.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    let comment = sqlx::query(
        "UPDATE comments SET body_source = $1, body_html = $2, deleted_at = NULL \
         WHERE ap_id = $3 AND deleted_at IS NOT NULL AND (author_id = $4 OR post_id IN \
           (SELECT id FROM posts WHERE space_id = $5))",
    )
    .bind(&restored.body_source)
    .bind(&restored.body_html)
    .bind(&restored.ap_id)
    .bind(author.unwrap_or(0))
    .bind(space.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    crate::search::index::remote(&mut tx, &restored.ap_id).await?;
    tx.commit().await?;
    Ok(post.rows_affected() + comment.rows_affected() > 0)
}
