//! Posts and comments as other servers see them: what their `Page` and
//! `Note` are built from, who they mention, whether they may be shown,
//! and the pages of a group's or member's outbox. Read only.

use crate::db::Db;
use crate::error::AppResult;
use crate::spaces::addresses::{Exposure, SpaceAddress, exposure_columns, space_address_columns};

/// A post with its author and its space.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FederatedPost {
    pub id: i64,
    pub ap_id: Option<String>,
    pub title: String,
    pub body_source: String,
    pub body_html: String,
    pub language: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub author_id: i64,
    /// The name the author federates under (kept after closing).
    pub username: String,
    pub author_ap_id: Option<String>,
    #[sqlx(flatten)]
    pub space: SpaceAddress,
}

/// A post by id, deleted ones (tombstones) included.
pub async fn post<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    post_id: i64,
) -> AppResult<Option<FederatedPost>> {
    Ok(sqlx::query_as(concat!(
        "SELECT p.id, p.ap_id, p.title, p.body_source, p.body_html, p.language, p.created_at, \
                p.edited_at, p.deleted_at, p.author_id, \
                COALESCE(a.closed_username, a.username) AS username, a.ap_id AS author_ap_id, ",
        space_address_columns!(),
        " FROM posts p JOIN spaces s ON s.id = p.space_id JOIN accounts a ON a.id = p.author_id \
         WHERE p.id = $1"
    ))
    .bind(post_id)
    .fetch_optional(executor)
    .await?)
}

/// A comment with its author, its post, its parent and its space.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FederatedComment {
    pub id: i64,
    pub ap_id: Option<String>,
    pub body_source: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub author_id: i64,
    pub username: String,
    pub author_ap_id: Option<String>,
    pub post_id: i64,
    pub post_ap_id: Option<String>,
    pub parent_id: Option<i64>,
    pub parent_ap_id: Option<String>,
    /// The post's language.
    pub language: String,
    #[sqlx(flatten)]
    pub space: SpaceAddress,
}

/// A comment by id, deleted ones (tombstones) included.
pub async fn comment<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    comment_id: i64,
) -> AppResult<Option<FederatedComment>> {
    Ok(sqlx::query_as(concat!(
        "SELECT c.id, c.ap_id, c.body_source, c.body_html, c.created_at, c.edited_at, \
                c.deleted_at, c.author_id, COALESCE(a.closed_username, a.username) AS username, \
                a.ap_id AS author_ap_id, \
                p.id AS post_id, p.ap_id AS post_ap_id, c.parent_id, pc.ap_id AS parent_ap_id, \
                p.language, ",
        space_address_columns!(),
        " FROM comments c JOIN posts p ON p.id = c.post_id JOIN spaces s ON s.id = p.space_id \
         JOIN accounts a ON a.id = c.author_id LEFT JOIN comments pc ON pc.id = c.parent_id \
         WHERE c.id = $1"
    ))
    .bind(comment_id)
    .fetch_optional(executor)
    .await?)
}

/// Someone a post or comment mentions.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MentionedPerson {
    pub username: String,
    /// Their instance, `None` for a member of ours.
    pub domain: Option<String>,
    pub ap_id: Option<String>,
    /// Their shared inbox if their server offers one, else their own.
    pub inbox: Option<String>,
}

/// Whom a post mentions, in the order they were found.
pub async fn post_mentions<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    post_id: i64,
) -> AppResult<Vec<MentionedPerson>> {
    Ok(sqlx::query_as(
        "SELECT a.username, a.domain, a.ap_id, COALESCE(a.shared_inbox_url, a.inbox_url) AS inbox \
         FROM mentions m JOIN accounts a ON a.id = m.account_id WHERE m.post_id = $1 ORDER BY m.id",
    )
    .bind(post_id)
    .fetch_all(executor)
    .await?)
}

/// Whom a comment mentions, in the order they were found.
pub async fn comment_mentions<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    comment_id: i64,
) -> AppResult<Vec<MentionedPerson>> {
    Ok(sqlx::query_as(
        "SELECT a.username, a.domain, a.ap_id, COALESCE(a.shared_inbox_url, a.inbox_url) AS inbox \
         FROM mentions m JOIN accounts a ON a.id = m.account_id WHERE m.comment_id = $1 \
         ORDER BY m.id",
    )
    .bind(comment_id)
    .fetch_all(executor)
    .await?)
}

/// How far post `post_id` is seen, or `None` if there is no such post.
pub async fn post_exposure<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    post_id: i64,
) -> AppResult<Option<Exposure>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        exposure_columns!("p"),
        " FROM posts p JOIN spaces s ON s.id = p.space_id WHERE p.id = $1"
    ))
    .bind(post_id)
    .fetch_optional(executor)
    .await?)
}

/// How far comment `comment_id` is seen, or `None` if there is none.
pub async fn comment_exposure<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    comment_id: i64,
) -> AppResult<Option<Exposure>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        exposure_columns!("c"),
        " FROM comments c JOIN posts p ON p.id = c.post_id JOIN spaces s ON s.id = p.space_id \
         WHERE c.id = $1"
    ))
    .bind(comment_id)
    .fetch_optional(executor)
    .await?)
}

/// How many posts (not deleted) a space holds.
pub async fn count_in_space(db: &Db, space_id: i64) -> AppResult<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM posts WHERE space_id = $1 AND deleted_at IS NULL")
            .bind(space_id)
            .fetch_one(&db.read)
            .await?;
    Ok(n)
}

/// One page of a space's posts (not deleted), newest first.
pub async fn ids_in_space(db: &Db, space_id: i64, limit: i64, offset: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM posts WHERE space_id = $1 AND deleted_at IS NULL \
         ORDER BY created_at DESC, id DESC LIMIT $2 + 0 OFFSET $3 + 0",
    )
    .bind(space_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// How many posts (not deleted) a member wrote in public spaces.
pub async fn count_public_by(db: &Db, author_id: i64) -> AppResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE p.author_id = $1 AND p.deleted_at IS NULL AND s.visibility = 'public'",
    )
    .bind(author_id)
    .fetch_one(&db.read)
    .await?;
    Ok(n)
}

/// One page of a member's posts (not deleted) in public spaces, newest
/// first.
pub async fn public_ids_by(
    db: &Db,
    author_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE p.author_id = $1 AND p.deleted_at IS NULL AND s.visibility = 'public' \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $2 + 0 OFFSET $3 + 0",
    )
    .bind(author_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// How many posts and comments written here public spaces hold (not
/// deleted).
pub async fn count_public_ours(db: &Db) -> AppResult<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT \
               (SELECT COUNT(*) FROM posts p JOIN spaces s ON s.id = p.space_id \
                 WHERE s.visibility = 'public' AND p.ap_id IS NULL AND p.deleted_at IS NULL), \
               (SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id \
                 JOIN spaces s ON s.id = p.space_id \
                 WHERE s.visibility = 'public' AND c.ap_id IS NULL AND c.deleted_at IS NULL)",
    )
    .fetch_one(&db.read)
    .await?)
}
