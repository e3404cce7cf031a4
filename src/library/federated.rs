//! Library items as other servers see them: what their `Document` is
//! built from and whether it may be shown. Read only.

use super::{Item, item_columns};
use crate::error::AppResult;
use crate::spaces::addresses::{Exposure, exposure_columns};

/// An item by id, deleted ones (tombstones) and folders included.
pub async fn item<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    item_id: i64,
) -> AppResult<Option<Item>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        item_columns!(),
        " FROM library_items i WHERE i.id = $1"
    ))
    .bind(item_id)
    .fetch_optional(executor)
    .await?)
}

/// What an item's newest revision holds: a note's text, or a file's type
/// (`None` for a note) and size.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Content {
    pub body: Option<String>,
    pub media_type: Option<String>,
    pub size: i64,
}

/// The newest revision of item `item_id`, if it has one.
pub async fn content<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    item_id: i64,
) -> AppResult<Option<Content>> {
    Ok(sqlx::query_as(
        "SELECT r.body, b.media_type, r.size FROM library_revisions r \
         LEFT JOIN blobs b ON b.hash = r.blob_hash WHERE r.item_id = $1 \
         ORDER BY r.number DESC LIMIT 1",
    )
    .bind(item_id)
    .fetch_optional(executor)
    .await?)
}

/// An item's tags, sorted.
pub async fn tags<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    item_id: i64,
) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT tag FROM library_tags WHERE item_id = $1 ORDER BY tag")
            .bind(item_id)
            .fetch_all(executor)
            .await?;
    Ok(rows.into_iter().map(|(tag,)| tag).collect())
}

/// How far item `item_id` is seen, or `None` if there is no such item.
pub async fn exposure<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    item_id: i64,
) -> AppResult<Option<Exposure>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        exposure_columns!("i"),
        " FROM library_items i JOIN spaces s ON s.id = i.space_id WHERE i.id = $1"
    ))
    .bind(item_id)
    .fetch_optional(executor)
    .await?)
}
