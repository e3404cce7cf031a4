//! Items as the API and the pages show them: one item with its current
//! revision, tags and (for a note) its rendered text, and a folder's, a
//! tag's or the most recent page of a space's library.

use serde::{Deserialize, Serialize};

use super::extraction::{self, TextExtraction};
use super::revisions::{Revision, RevisionView, current_revision};
use super::{Item, ItemKind, ItemStatus, check_folder, item_columns, normalise_tags};
use crate::changes::Changes;
use crate::db::{Db, format_time};
use crate::error::{AppError, AppResult};
use crate::posts::Page;
use crate::spaces::SpaceAccess;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemView {
    pub id: i64,
    pub space_id: i64,
    /// The folder holding it; absent at the top of the library.
    pub folder: Option<i64>,
    pub kind: ItemKind,
    pub title: String,
    pub description: String,
    pub language: String,
    pub status: ItemStatus,
    pub tags: Vec<String>,
    pub created_by: String,
    pub created_at: String,
    pub updated_by: String,
    pub updated_at: String,
    pub archived: bool,
    /// The latest revision of a file or note.
    pub current: Option<RevisionView>,
    /// Where to download it (files and notes).
    pub download_url: Option<String>,
    /// Notes: the markdown, and the same rendered to safe HTML (single-item
    /// views only).
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub comment_count: i64,
    /// The item's ActivityPub id, for items of other instances.
    pub url: Option<String>,
    /// Files of this instance: whether the text inside was read for
    /// search, is waiting to be, or could not be (and why). `null` for
    /// folders, notes, items of other instances and files uploaded before
    /// text was read.
    pub text_extraction: Option<TextExtraction>,
}

#[derive(Deserialize, utoipa::IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Items of this folder (default: the top of the library).
    pub folder: Option<i64>,
    /// Items carrying this tag, in any folder unless `folder` is given.
    pub tag: Option<String>,
    /// `title` (folders first, the default) or `recent` (last changed
    /// first, in any folder unless `folder` is given).
    #[param(pattern = "^(title|recent)$")]
    pub sort: Option<String>,
    /// Also list archived items.
    pub archived: Option<bool>,
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    #[param(pattern = "^[0-9]+$")]
    pub cursor: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    #[sqlx(flatten)]
    item: Item,
    created_by_handle: String,
    updated_by_handle: String,
    comment_count: i64,
}

const ITEM_ROW_SELECT: &str = concat!(
    "SELECT ",
    item_columns!(),
    ", ",
    crate::accounts::handle_sql!("c"),
    " AS created_by_handle, ",
    crate::accounts::handle_sql!("u"),
    " AS updated_by_handle, \
     (SELECT COUNT(*) FROM library_comments lc WHERE lc.item_id = i.id AND lc.deleted_at IS NULL) \
     AS comment_count \
     FROM library_items i JOIN accounts c ON c.id = i.created_by JOIN accounts u ON u.id = i.updated_by"
);

async fn tags_of(db: &Db, ids: &[i64]) -> AppResult<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT item_id, tag FROM library_tags WHERE item_id IN ({list}) ORDER BY tag"
    )))
    .fetch_all(&db.read)
    .await?)
}

async fn views(
    db: &Db,
    changes: &Changes,
    rows: Vec<ItemRow>,
    with_body: bool,
) -> AppResult<Vec<ItemView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.item.id).collect();
    let tags = tags_of(db, &ids).await?;
    let files: Vec<i64> = rows
        .iter()
        .filter(|r| r.item.kind == ItemKind::File && r.item.ap_id.is_none())
        .map(|r| r.item.id)
        .collect();
    let mut extractions = extraction::states(db, &files).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let item = row.item;
        let current = match item.kind {
            ItemKind::Folder => None,
            _ if item.ap_id.is_some() => None,
            _ => current_revision(db, item.id).await?,
        };
        let (body, body_html) = match (&item.kind, &current, with_body) {
            (ItemKind::Note, Some(rev), true) => {
                let source = rev.body.clone().unwrap_or_default();
                let html = crate::posts::render_body(db, changes.urls.base(), &source)
                    .await?
                    .html;
                (Some(source), Some(html))
            }
            (ItemKind::Note, None, true) => (None, item.remote_html.clone()),
            _ => (None, None),
        };
        let download_url = match (&item.kind, &item.remote_url) {
            (ItemKind::Folder, _) => None,
            (_, Some(remote)) => Some(remote.clone()),
            _ => Some(format!(
                "{}/api/v1/library/items/{}/content",
                changes.urls.base(),
                item.id
            )),
        };
        out.push(ItemView {
            id: item.id,
            space_id: item.space_id,
            folder: item.parent_id,
            kind: item.kind,
            tags: tags
                .iter()
                .filter(|(id, _)| *id == item.id)
                .map(|(_, t)| t.clone())
                .collect(),
            title: item.title,
            description: item.description,
            language: item.language,
            status: item.status,
            created_by: row.created_by_handle,
            created_at: format_time(item.created_at),
            updated_by: row.updated_by_handle,
            updated_at: format_time(item.updated_at),
            archived: item.archived_at.is_some(),
            current: current.as_ref().map(Revision::view),
            download_url,
            body,
            body_html,
            comment_count: row.comment_count,
            url: item.ap_id,
            text_extraction: extractions
                .iter()
                .position(|(id, _)| *id == item.id)
                .map(|at| extractions.swap_remove(at).1),
        });
    }
    Ok(out)
}

/// One item, as its page shows it.
pub async fn view(db: &Db, changes: &Changes, item_id: i64) -> AppResult<ItemView> {
    let row: ItemRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM_ROW_SELECT} WHERE i.id = $1"
    )))
    .bind(item_id)
    .fetch_optional(&db.read)
    .await?
    .ok_or(AppError::NotFound("library item"))?;
    views(db, changes, vec![row], true)
        .await?
        .pop()
        .ok_or(AppError::NotFound("library item"))
}

/// A space's library: a folder's items, the items with a tag, or the most
/// recently changed.
pub async fn list(
    db: &Db,
    changes: &Changes,
    access: &SpaceAccess,
    query: ListQuery,
) -> AppResult<Page<ItemView>> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::invalid("limit: between 1 and 200"));
    }
    let offset: i64 = match &query.cursor {
        Some(c) if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(AppError::BadRequest(
                "cursor: not one this server gave".into(),
            ));
        }
        Some(c) => c
            .parse()
            .map_err(|_| AppError::invalid("cursor: not one this server gave"))?,
        None => 0,
    };
    let recent = match query.sort.as_deref() {
        None | Some("title") => false,
        Some("recent") => true,
        Some(other) => {
            return Err(AppError::invalid(format!(
                "sort: \"{other}\" is not title or recent"
            )));
        }
    };
    let tag = query
        .tag
        .as_deref()
        .map(|t| normalise_tags([t]))
        .transpose()?
        .and_then(|t| t.into_iter().next());
    // A folder, else the top level, unless a tag or recency asks for the
    // whole library.
    let whole_library = query.folder.is_none() && (tag.is_some() || recent);
    if let Some(folder) = query.folder {
        check_folder(db, access, Some(folder)).await?;
    }
    let order = if recent {
        "AND i.kind <> 'folder' ORDER BY i.updated_at DESC, i.id DESC"
    } else {
        "ORDER BY CASE WHEN i.kind = 'folder' THEN 0 ELSE 1 END, LOWER(i.title), i.id"
    };
    let sql = format!(
        "{ITEM_ROW_SELECT} WHERE i.space_id = $1 AND i.deleted_at IS NULL \
         AND ($2 = 1 OR i.archived_at IS NULL) \
         AND ($3 = -1 OR COALESCE(i.parent_id, 0) = $3) \
         AND ($4 = '' OR i.id IN (SELECT item_id FROM library_tags WHERE tag = $4)) \
         {order} LIMIT $5 + 0 OFFSET $6 + 0"
    );
    let rows: Vec<ItemRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(access.space.id)
        .bind(i64::from(query.archived.unwrap_or(false)))
        .bind(if whole_library {
            -1
        } else {
            query.folder.unwrap_or(0)
        })
        .bind(tag.unwrap_or_default())
        .bind(limit + 1)
        .bind(offset)
        .fetch_all(&db.read)
        .await?;
    let more = rows.len() as i64 > limit;
    let rows = rows.into_iter().take(limit as usize).collect();
    Ok(Page {
        items: views(db, changes, rows, false).await?,
        next_cursor: more.then(|| (offset + limit).to_string()),
    })
}
