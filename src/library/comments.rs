//! Comments on a library item: written by contributors, edited or
//! deleted by their author or a content manager.

use serde::{Deserialize, Serialize};

use super::{Item, ItemKind, find_visible, follows};
use crate::accounts::{Account, bounded};
use crate::changes::Changes;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::spaces::{self, Action, SpaceAccess};

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemCommentView {
    pub id: i64,
    pub item_id: i64,
    pub author: String,
    /// Markdown.
    pub body: String,
    pub body_html: String,
    pub created_at: String,
    pub edited_at: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewItemComment {
    /// Markdown.
    pub body: String,
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    item_id: i64,
    author_id: i64,
    author: String,
    body_source: String,
    body_html: String,
    created_at: i64,
    edited_at: Option<i64>,
}

const COMMENT_SELECT: &str = concat!(
    "SELECT lc.id, lc.item_id, lc.author_id, ",
    crate::accounts::handle_sql!("a"),
    " AS author, lc.body_source, lc.body_html, lc.created_at, lc.edited_at \
     FROM library_comments lc JOIN accounts a ON a.id = lc.author_id"
);

impl CommentRow {
    fn view(self) -> ItemCommentView {
        ItemCommentView {
            id: self.id,
            item_id: self.item_id,
            author: self.author,
            body: self.body_source,
            body_html: self.body_html,
            created_at: format_time(self.created_at),
            edited_at: self.edited_at.map(format_time),
        }
    }
}

fn check_comment(body: &str) -> AppResult<()> {
    if body.trim().is_empty() {
        return Err(AppError::invalid("body: must not be empty"));
    }
    bounded("body", body, 10_000)
}

pub async fn comments(db: &Db, item: &Item) -> AppResult<Vec<ItemCommentView>> {
    let rows: Vec<CommentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COMMENT_SELECT} WHERE lc.item_id = $1 AND lc.deleted_at IS NULL \
         ORDER BY lc.created_at, lc.id"
    )))
    .bind(item.id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(CommentRow::view).collect())
}

/// Comments on an item (contributors and above).
pub async fn add_comment(
    db: &Db,
    changes: &Changes,
    item: &Item,
    access: &SpaceAccess,
    who: &Account,
    new: NewItemComment,
) -> AppResult<ItemCommentView> {
    access.require(Action::Contribute)?;
    if item.kind == ItemKind::Folder {
        return Err(AppError::invalid("folders take no comments"));
    }
    check_comment(&new.body)?;
    let html = crate::posts::render_body(db, changes.urls.base(), &new.body)
        .await?
        .html;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO library_comments (item_id, author_id, body_source, body_html, created_at, id) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(item.id)
    .bind(who.id)
    .bind(&new.body)
    .bind(&html)
    .bind(db::now())
    .bind(db::new_id())
    .fetch_one(&mut *tx)
    .await?;
    follows::tell(
        &mut tx,
        (item.id, item.space_id),
        who.id,
        true,
        follows::ItemNews::Commented(id),
    )
    .await?;
    tx.commit().await?;
    comment(db, id).await
}

async fn comment(db: &Db, id: i64) -> AppResult<ItemCommentView> {
    find_comment(db, id).await.map(CommentRow::view)
}

async fn find_comment(db: &Db, id: i64) -> AppResult<CommentRow> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COMMENT_SELECT} WHERE lc.id = $1 AND lc.deleted_at IS NULL"
    )))
    .bind(id)
    .fetch_optional(&db.read)
    .await?
    .ok_or(AppError::NotFound("comment"))
}

/// A comment and its item, as the viewer may see them. A missing comment
/// goes through the same lookups as one the viewer may not see (no item
/// has id 0), so neither answer nor time tells them apart.
async fn visible_comment(
    db: &Db,
    id: i64,
    viewer: &Account,
) -> AppResult<(CommentRow, SpaceAccess)> {
    let row: Option<CommentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{COMMENT_SELECT} WHERE lc.id = $1 AND lc.deleted_at IS NULL AND {}",
        spaces::in_space_visible_to!(
            "(SELECT space_id FROM library_items WHERE id = lc.item_id)",
            "$2"
        )
    )))
    .bind(id)
    .bind(viewer.id)
    .fetch_optional(&db.read)
    .await?;
    let item_id = row.as_ref().map_or(0, |r| r.item_id);
    let (_, access) = find_visible(db, item_id, Some(viewer))
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) | AppError::Gone(_) => AppError::NotFound("comment"),
            other => other,
        })?;
    let row = row.ok_or(AppError::NotFound("comment"))?;
    Ok((row, access))
}

/// Edits a comment (its author, or a content manager).
pub async fn edit_comment(
    db: &Db,
    changes: &Changes,
    id: i64,
    who: &Account,
    new: NewItemComment,
) -> AppResult<ItemCommentView> {
    let (row, access) = visible_comment(db, id, who).await?;
    crate::posts::require_author_or_moderator(&access, row.author_id, who)?;
    check_comment(&new.body)?;
    let html = crate::posts::render_body(db, changes.urls.base(), &new.body)
        .await?
        .html;
    sqlx::query(
        "UPDATE library_comments SET body_source = $2, body_html = $3, edited_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(&new.body)
    .bind(&html)
    .bind(db::now())
    .execute(db.writer())
    .await?;
    comment(db, id).await
}

/// Deletes a comment (its author, or a content manager).
pub async fn delete_comment(db: &Db, id: i64, who: &Account) -> AppResult<()> {
    let (row, access) = visible_comment(db, id, who).await?;
    crate::posts::require_author_or_moderator(&access, row.author_id, who)?;
    sqlx::query(
        "UPDATE library_comments SET body_source = '', body_html = '', deleted_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(db::now())
    .execute(db.writer())
    .await?;
    Ok(())
}
