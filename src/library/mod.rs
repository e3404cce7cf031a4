//! The shared library of a space: folders, files and notes (markdown
//! documents written in the browser), each with a status, tags and every
//! earlier revision kept.
//!
//! Who may do what follows the space roles: readers read and download,
//! contributors upload, edit, restore revisions and comment, content
//! managers also create folders, move, archive and delete, space managers
//! everything. Files live in [`storage::Storage`], content-addressed;
//! per-file and per-space limits come from the configuration. Items of
//! public spaces federate as `Document`s (`federation::publish`); items of
//! private spaces never leave.
//!
//! One file per noun: [`items`] (folders and notes, details, tags,
//! deletion), [`uploads`] (files, their bytes and the space's quota),
//! [`revisions`] (history, restore, diff), [`views`] (what the API and the
//! pages show), [`comments`], and `remote` (items of other instances).
//! This file keeps what they share: the item, its kind and status, and
//! the visibility and locality checks. The module owns `library_items`,
//! `library_revisions`, `library_tags` and `library_comments`;
//! [`extraction`] owns `library_extractions`, [`follows`] its table.

mod comments;
pub mod extraction;
pub mod federated;
mod file_text;
pub mod follows;
mod items;
mod remote;
mod revisions;
pub mod storage;
mod uploads;
mod views;

pub use comments::{
    ItemCommentView, NewItemComment, add_comment, comments, delete_comment, edit_comment,
};
pub(crate) use items::delete_created_by;
pub use items::{
    ItemChange, NewFolder, NewNote, create_folder, create_note, delete, normalise_tags, update,
};
pub use remote::{RemoteItem, delete_remote, space_of, store_remote};
pub use revisions::{
    DiffLine, DiffView, Revision, RevisionView, current_revision, diff, restore, revision,
    revisions,
};
pub use uploads::{
    FileMeta, Upload, UsageView, add_file_revision, create_file, human_bytes, over_quota,
    safe_filename, space_usage, usage,
};
pub use views::{ItemView, ListQuery, list, view};

use crate::accounts::{Account, bounded};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::spaces::{self, SpaceAccess};
use crate::text_enum::text_enum;

text_enum! {
    pub enum ItemKind {
        Folder = "folder",
        /// An uploaded file.
        File = "file",
        /// A markdown document written in the browser.
        Note = "note",
    }
}

text_enum! {
    pub enum ItemStatus {
        Open = "open",
        Validated = "validated",
        Cancelled = "cancelled",
        Deprecated = "deprecated",
    }
}

/// Longest note, in bytes of markdown.
pub const MAX_NOTE_BYTES: usize = 200_000;
const MAX_TAGS: usize = 20;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub space_id: i64,
    pub parent_id: Option<i64>,
    pub kind: ItemKind,
    pub ap_id: Option<String>,
    pub title: String,
    pub description: String,
    pub language: String,
    pub status: ItemStatus,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_by: i64,
    pub updated_at: i64,
    pub archived_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub remote_url: Option<String>,
    pub remote_media_type: Option<String>,
    pub remote_html: Option<String>,
}

macro_rules! item_columns {
    () => {
        "i.id, i.space_id, i.parent_id, i.kind, i.ap_id, i.title, i.description, i.language, \
         i.status, i.created_by, i.created_at, i.updated_by, i.updated_at, i.archived_at, \
         i.deleted_at, i.remote_url, i.remote_media_type, i.remote_html"
    };
}
pub(crate) use item_columns;

fn trimmed(field: &str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    bounded(field, value, max)?;
    Ok(value.to_owned())
}

fn title(value: &str) -> AppResult<String> {
    let value = trimmed("title", value, 200)?;
    if value.is_empty() {
        return Err(AppError::invalid("title: must not be empty"));
    }
    Ok(value)
}

/// The item and its space, as the viewer may see them. An item of a space
/// the viewer cannot see is "no such library item".
pub async fn find_visible(
    db: &Db,
    item_id: i64,
    viewer: Option<&Account>,
) -> AppResult<(Item, SpaceAccess)> {
    let item: Option<Item> = sqlx::query_as(concat!(
        "SELECT ",
        item_columns!(),
        " FROM library_items i WHERE i.id = $1 AND ",
        spaces::in_space_visible_to!("i.space_id", "$2")
    ))
    .bind(item_id)
    .bind(viewer.map(|v| v.id))
    .fetch_optional(&db.read)
    .await?;
    let space_id = item.as_ref().map(|i: &Item| i.space_id);
    let access = spaces::find_visible_holding(db, space_id, viewer, "library item").await?;
    let item = item.ok_or(AppError::NotFound("library item"))?;
    if item.deleted_at.is_some() {
        return Err(AppError::Gone("library item"));
    }
    Ok((item, access))
}

fn require_local(access: &SpaceAccess) -> AppResult<()> {
    if access.space.domain.is_some() {
        return Err(AppError::invalid(
            "this library belongs to another instance; change it there",
        ));
    }
    Ok(())
}

fn require_local_item(item: &Item) -> AppResult<()> {
    if item.ap_id.is_some() {
        return Err(AppError::invalid(
            "this item belongs to another instance; change it there",
        ));
    }
    Ok(())
}

/// A folder of this space that `folder` may name.
async fn check_folder(db: &Db, access: &SpaceAccess, folder: Option<i64>) -> AppResult<()> {
    let Some(folder) = folder else {
        return Ok(());
    };
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM library_items WHERE id = $1 AND space_id = $2 AND kind = 'folder' \
         AND deleted_at IS NULL",
    )
    .bind(folder)
    .bind(access.space.id)
    .fetch_optional(&db.read)
    .await?;
    found
        .map(|_| ())
        .ok_or_else(|| AppError::invalid("folder: no such folder in this space's library"))
}
