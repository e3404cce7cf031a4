//! Which space a post, comment or reaction is in, found by its id here or
//! by the ActivityPub id it came with. Federation asks before it takes an
//! activity about it.

use crate::db::Db;
use crate::error::AppResult;

/// The space of the post or comment with ActivityPub id `ap_id`.
pub async fn space_of_object(db: &Db, ap_id: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT space_id FROM posts WHERE ap_id = $1 \
         UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.ap_id = $1",
    )
    .bind(ap_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// The space of a reaction's target: our post `post_id` or comment
/// `comment_id` (0 for neither), or a remote one with id `ap_id`.
pub async fn space_of_target(
    db: &Db,
    post_id: i64,
    comment_id: i64,
    ap_id: &str,
) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT space_id FROM posts WHERE id = $1 OR ap_id = $3 \
         UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id \
         WHERE c.id = $2 OR c.ap_id = $3",
    )
    .bind(post_id)
    .bind(comment_id)
    .bind(ap_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// The space of the post or comment that the reaction `like_id` (its
/// ActivityPub id) is on.
pub async fn space_of_reaction(db: &Db, like_id: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT p.space_id FROM reactions r LEFT JOIN comments c ON c.id = r.comment_id \
         JOIN posts p ON p.id = COALESCE(r.post_id, c.post_id) WHERE r.ap_id = $1",
    )
    .bind(like_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|(id,)| id))
}
