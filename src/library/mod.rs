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

pub mod extraction;
pub mod federated;
mod file_text;
pub mod follows;
pub mod storage;

use bytes::Bytes;
use futures_util::Stream;
use serde::{Deserialize, Serialize};

use crate::accounts::{Account, bounded, validate_language};
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::posts::Page;
use crate::spaces::{self, Action, SpaceAccess};
use crate::text_enum::text_enum;
use storage::{Received, Storage};

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

/// One kept revision of a file or note.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Revision {
    pub number: i64,
    pub author: String,
    pub created_at: i64,
    pub size: i64,
    pub comment: String,
    pub blob_hash: Option<String>,
    pub filename: Option<String>,
    pub body: Option<String>,
    pub media_type: Option<String>,
}

const REVISION_QUERY: &str = concat!(
    "SELECT r.number, ",
    crate::accounts::handle_sql!("a"),
    " AS author, r.created_at, r.size, r.comment, r.blob_hash, r.filename, r.body, \
     b.media_type FROM library_revisions r JOIN accounts a ON a.id = r.author_id \
     LEFT JOIN blobs b ON b.hash = r.blob_hash WHERE r.item_id = $1"
);

#[derive(Serialize, utoipa::ToSchema)]
pub struct RevisionView {
    pub number: i64,
    /// `name` or `name@domain`.
    pub author: String,
    pub created_at: String,
    /// Bytes.
    pub size: i64,
    pub comment: String,
    /// Files: the name it downloads under.
    pub filename: Option<String>,
    /// The type sniffed from the bytes (notes: `text/markdown`).
    pub media_type: String,
    /// SHA-256 of a file's bytes.
    pub sha256: Option<String>,
}

impl Revision {
    pub fn media_type(&self) -> &str {
        match (&self.media_type, &self.body) {
            (Some(media_type), _) => media_type,
            (None, _) => "text/markdown; charset=utf-8",
        }
    }

    /// The name a download of this revision is saved under.
    pub fn download_name(&self, item: &Item) -> String {
        match &self.filename {
            Some(name) => name.clone(),
            None => format!("{}.md", safe_filename(&item.title)),
        }
    }

    fn view(&self) -> RevisionView {
        RevisionView {
            number: self.number,
            author: self.author.clone(),
            created_at: format_time(self.created_at),
            size: self.size,
            comment: self.comment.clone(),
            filename: self.filename.clone(),
            media_type: self.media_type().to_owned(),
            sha256: self.blob_hash.clone(),
        }
    }
}

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
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFolder {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The folder to create it in; absent: the top of the library.
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub folder: Option<i64>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub description: String,
    /// Defaults to the space's language.
    pub language: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub status: Option<ItemStatus>,
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub folder: Option<i64>,
    /// A word on the first revision.
    #[serde(default)]
    pub comment: String,
}

/// The metadata of an upload, from the query string.
#[derive(Deserialize, utoipa::IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct FileMeta {
    /// The file's name, as it will download (`report.pdf`).
    pub filename: String,
    /// Defaults to the file name.
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    /// Comma-separated.
    pub tags: Option<String>,
    pub status: Option<ItemStatus>,
    pub folder: Option<i64>,
    /// A word on this revision.
    pub comment: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ItemChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    /// Replaces all tags.
    pub tags: Option<Vec<String>>,
    pub status: Option<ItemStatus>,
    /// Move into this folder; `0` moves to the top (content managers).
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub folder: Option<i64>,
    /// Archive or bring back (content managers).
    pub archived: Option<bool>,
    /// Notes: the new markdown; a new revision when it differs.
    pub body: Option<String>,
    /// A word on the new revision.
    pub comment: Option<String>,
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

/// Lower-case tags without `#`, each once, at most [`MAX_TAGS`].
pub fn normalise_tags<'t>(tags: impl IntoIterator<Item = &'t str>) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').trim().to_lowercase();
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > 50 || tag.contains(',') || tag.chars().any(char::is_control) {
            return Err(AppError::invalid(format!(
                "tags: \"{tag}\" must be at most 50 characters, without commas"
            )));
        }
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.len() > MAX_TAGS {
        return Err(AppError::invalid(format!(
            "tags: at most {MAX_TAGS} per item"
        )));
    }
    Ok(out)
}

/// A file name safe to send in `Content-Disposition` and to save: no
/// folders, no control characters, at most 200 characters.
pub fn safe_filename(raw: &str) -> String {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    let name = name.trim().trim_start_matches('.').trim();
    if name.is_empty() {
        "file".into()
    } else {
        name.to_owned()
    }
}

fn check_note(body: &str) -> AppResult<()> {
    if body.len() > MAX_NOTE_BYTES {
        return Err(AppError::TooLarge(format!(
            "a note holds at most {MAX_NOTE_BYTES} bytes of markdown"
        )));
    }
    Ok(())
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

/// Bytes a space's library holds: every kept revision, identical files
/// counted once.
pub async fn space_usage<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    space_id: i64,
) -> AppResult<i64> {
    let (files, notes): (i64, i64) = sqlx::query_as(
        "SELECT \
           CAST(COALESCE((SELECT SUM(b.size) FROM blobs b WHERE b.hash IN \
             (SELECT r.blob_hash FROM library_revisions r JOIN library_items i ON i.id = r.item_id \
              WHERE i.space_id = $1)), 0) AS BIGINT), \
           CAST(COALESCE((SELECT SUM(r.size) FROM library_revisions r \
             JOIN library_items i ON i.id = r.item_id \
             WHERE i.space_id = $1 AND r.body IS NOT NULL), 0) AS BIGINT)",
    )
    .bind(space_id)
    .fetch_one(executor)
    .await?;
    Ok(files + notes)
}

fn quota_message(storage: &Storage, used: i64) -> AppError {
    AppError::TooLarge(format!(
        "this space's library is full: {} of its {} are used; delete old items or ask an admin for more",
        human_bytes(used.max(0) as u64),
        human_bytes(storage.space_quota_bytes)
    ))
}

fn file_too_large(storage: &Storage) -> AppError {
    AppError::TooLarge(format!(
        "a file may be at most {} on this instance",
        human_bytes(storage.max_file_bytes)
    ))
}

/// `1.5 GiB`, `200 MiB`, `12 KiB`, `10 bytes`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} bytes");
    }
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let shown = format!("{value:.1}");
    let shown = shown.strip_suffix(".0").unwrap_or(&shown);
    format!("{shown} {}", UNITS[unit])
}

/// Fails inside the transaction when the space went over its quota.
async fn recheck_quota(tx: &mut Tx, storage: &Storage, space_id: i64) -> AppResult<()> {
    if storage.space_quota_bytes == 0 {
        return Ok(());
    }
    let used = space_usage(&mut **tx, space_id).await?;
    if used as u64 > storage.space_quota_bytes {
        return Err(quota_message(storage, used));
    }
    Ok(())
}

async fn set_tags(tx: &mut Tx, item_id: i64, tags: &[String]) -> AppResult<()> {
    sqlx::query("DELETE FROM library_tags WHERE item_id = $1")
        .bind(item_id)
        .execute(&mut **tx)
        .await?;
    for tag in tags {
        sqlx::query("INSERT INTO library_tags (item_id, tag) VALUES ($1, $2)")
            .bind(item_id)
            .bind(tag)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

struct NewItem<'a> {
    parent_id: Option<i64>,
    kind: ItemKind,
    title: &'a str,
    description: &'a str,
    language: &'a str,
    status: ItemStatus,
}

async fn insert_item(
    tx: &mut Tx,
    access: &SpaceAccess,
    who: &Account,
    new: NewItem<'_>,
) -> AppResult<i64> {
    let now = db::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO library_items (space_id, parent_id, kind, title, description, language, \
                                    status, created_by, created_at, updated_by, updated_at, id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8, $9, $10) RETURNING id",
    )
    .bind(access.space.id)
    .bind(new.parent_id)
    .bind(new.kind)
    .bind(new.title)
    .bind(new.description)
    .bind(new.language)
    .bind(new.status)
    .bind(who.id)
    .bind(now)
    .bind(db::new_id())
    .fetch_one(&mut **tx)
    .await?;
    follows::add(tx, id, who.id).await?;
    Ok(id)
}

/// The content of a new revision.
enum Content<'a> {
    File {
        hash: &'a str,
        filename: &'a str,
        size: u64,
    },
    Note(&'a str),
}

async fn insert_revision(
    tx: &mut Tx,
    item_id: i64,
    who: &Account,
    content: Content<'_>,
    comment: &str,
) -> AppResult<i64> {
    let (number,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM library_revisions WHERE item_id = $1",
    )
    .bind(item_id)
    .fetch_one(&mut **tx)
    .await?;
    let (hash, filename, body, size) = match content {
        Content::File {
            hash,
            filename,
            size,
        } => (Some(hash), Some(filename), None, size as i64),
        Content::Note(body) => (None, None, Some(body), body.len() as i64),
    };
    let now = db::now();
    let is_file = hash.is_some();
    let (revision_id,): (i64,) = sqlx::query_as(
        "INSERT INTO library_revisions (item_id, number, author_id, created_at, size, comment, \
                                        blob_hash, filename, body) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(item_id)
    .bind(number)
    .bind(who.id)
    .bind(now)
    .bind(size)
    .bind(comment)
    .bind(hash)
    .bind(filename)
    .bind(body)
    .fetch_one(&mut **tx)
    .await?;
    if is_file {
        // The file's text is read in the background (`extraction`).
        extraction::enqueue(tx, item_id, revision_id).await?;
    }
    sqlx::query("UPDATE library_items SET updated_at = $2, updated_by = $3 WHERE id = $1")
        .bind(item_id)
        .bind(now)
        .bind(who.id)
        .execute(&mut **tx)
        .await?;
    crate::search::index::library_item(tx, item_id).await?;
    Ok(number)
}

/// Creates a folder (content managers and above).
pub async fn create_folder(
    db: &Db,
    access: &SpaceAccess,
    who: &Account,
    new: NewFolder,
) -> AppResult<i64> {
    access.require(Action::ModerateContent)?;
    require_local(access)?;
    let title = title(&new.title)?;
    let description = trimmed("description", &new.description, 5000)?;
    check_folder(db, access, new.folder).await?;
    let mut tx = db.begin().await?;
    let id = insert_item(
        &mut tx,
        access,
        who,
        NewItem {
            parent_id: new.folder,
            kind: ItemKind::Folder,
            title: &title,
            description: &description,
            language: &access.space.language,
            status: ItemStatus::Open,
        },
    )
    .await?;
    crate::search::index::library_item(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a note with its first revision (contributors and above).
pub async fn create_note(
    db: &Db,
    changes: &Changes,
    storage: &Storage,
    access: &SpaceAccess,
    who: &Account,
    new: NewNote,
) -> AppResult<i64> {
    access.require(Action::Contribute)?;
    require_local(access)?;
    let title = title(&new.title)?;
    let description = trimmed("description", &new.description, 5000)?;
    let language = match new.language {
        Some(l) => validate_language("language", &l)?,
        None => access.space.language.clone(),
    };
    let tags = normalise_tags(new.tags.iter().map(String::as_str))?;
    let comment = trimmed("comment", &new.comment, 500)?;
    check_note(&new.body)?;
    check_folder(db, access, new.folder).await?;
    let mut tx = db.begin().await?;
    let id = insert_item(
        &mut tx,
        access,
        who,
        NewItem {
            parent_id: new.folder,
            kind: ItemKind::Note,
            title: &title,
            description: &description,
            language: &language,
            status: new.status.unwrap_or(ItemStatus::Open),
        },
    )
    .await?;
    set_tags(&mut tx, id, &tags).await?;
    insert_revision(&mut tx, id, who, Content::Note(&new.body), &comment).await?;
    recheck_quota(&mut tx, storage, access.space.id).await?;
    changes::record(
        &mut tx,
        Change::LibraryItem {
            id,
            verb: Verb::Create,
        },
    )
    .await?;
    tx.commit().await?;
    changes.committed();
    Ok(id)
}

/// The bytes of an upload as they arrive, and the length the client
/// declared (Content-Length), if any.
pub struct Upload<S> {
    pub length: Option<u64>,
    pub body: S,
}

/// How many more bytes the space may take, and the error for going over.
async fn upload_limit(
    db: &Db,
    storage: &Storage,
    space_id: i64,
    announced: Option<u64>,
) -> AppResult<(u64, bool)> {
    let mut limit = storage.max_file_bytes;
    let mut quota_bound = false;
    if storage.space_quota_bytes > 0 {
        let used = space_usage(&db.read, space_id).await?;
        let left = storage.space_quota_bytes.saturating_sub(used.max(0) as u64);
        if left < limit {
            limit = left;
            quota_bound = true;
        }
        if announced.is_some_and(|n| n > left) {
            return Err(quota_message(storage, used));
        }
    }
    if announced.is_some_and(|n| n > storage.max_file_bytes) {
        return Err(file_too_large(storage));
    }
    Ok((limit, quota_bound))
}

/// Receives an upload for a space, within the file limit and what is left
/// of the space's quota.
async fn receive_upload<S, E>(
    db: &Db,
    storage: &Storage,
    space_id: i64,
    upload: Upload<S>,
) -> AppResult<Received>
where
    S: Stream<Item = Result<Bytes, E>> + Send,
    E: std::fmt::Display,
{
    let (limit, quota_bound) = upload_limit(db, storage, space_id, upload.length).await?;
    let used_before = if quota_bound {
        space_usage(&db.read, space_id).await?
    } else {
        0
    };
    let received = storage
        .receive(upload.body, limit, || {
            if quota_bound {
                quota_message(storage, used_before)
            } else {
                file_too_large(storage)
            }
        })
        .await?;
    // The blob row is written (or its use refreshed) before the bytes move
    // into place, so the collector can never see bytes without a row, nor
    // remove bytes an upload is about to use.
    let now = db::now();
    sqlx::query(
        "INSERT INTO blobs (hash, size, media_type, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (hash) DO UPDATE SET last_used_at = $4",
    )
    .bind(&received.hash)
    .bind(received.size as i64)
    .bind(&received.media_type)
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(received)
}

/// Uploads a new file with its first revision (contributors and above).
/// A declared length beyond the limits is refused before a byte is read.
pub async fn create_file<S, E>(
    db: &Db,
    changes: &Changes,
    storage: &Storage,
    access: &SpaceAccess,
    who: &Account,
    meta: FileMeta,
    upload: Upload<S>,
) -> AppResult<i64>
where
    S: Stream<Item = Result<Bytes, E>> + Send,
    E: std::fmt::Display,
{
    access.require(Action::Contribute)?;
    require_local(access)?;
    // Everything that can be checked is checked before a byte is read.
    let filename = safe_filename(&meta.filename);
    let title = title(meta.title.as_deref().unwrap_or(&filename))?;
    let description = trimmed(
        "description",
        meta.description.as_deref().unwrap_or(""),
        5000,
    )?;
    let language = match meta.language {
        Some(l) => validate_language("language", &l)?,
        None => access.space.language.clone(),
    };
    let tags = normalise_tags(meta.tags.as_deref().unwrap_or("").split(','))?;
    let comment = trimmed("comment", meta.comment.as_deref().unwrap_or(""), 500)?;
    check_folder(db, access, meta.folder).await?;
    let received = receive_upload(db, storage, access.space.id, upload).await?;
    let mut tx = db.begin().await?;
    let id = insert_item(
        &mut tx,
        access,
        who,
        NewItem {
            parent_id: meta.folder,
            kind: ItemKind::File,
            title: &title,
            description: &description,
            language: &language,
            status: meta.status.unwrap_or(ItemStatus::Open),
        },
    )
    .await?;
    set_tags(&mut tx, id, &tags).await?;
    let content = Content::File {
        hash: &received.hash,
        filename: &filename,
        size: received.size,
    };
    insert_revision(&mut tx, id, who, content, &comment).await?;
    recheck_quota(&mut tx, storage, access.space.id).await?;
    storage.keep(received).await?;
    changes::record(
        &mut tx,
        Change::LibraryItem {
            id,
            verb: Verb::Create,
        },
    )
    .await?;
    tx.commit().await?;
    changes.committed();
    Ok(id)
}

/// Uploads a new revision of a file (contributors and above).
#[allow(clippy::too_many_arguments)]
pub async fn add_file_revision<S, E>(
    db: &Db,
    changes: &Changes,
    storage: &Storage,
    item: &Item,
    access: &SpaceAccess,
    who: &Account,
    filename: Option<&str>,
    comment: Option<&str>,
    upload: Upload<S>,
) -> AppResult<i64>
where
    S: Stream<Item = Result<Bytes, E>> + Send,
    E: std::fmt::Display,
{
    access.require(Action::Contribute)?;
    require_local_item(item)?;
    if item.kind != ItemKind::File {
        return Err(AppError::invalid(
            "only files take uploaded revisions; edit a note's body instead",
        ));
    }
    let comment = trimmed("comment", comment.unwrap_or(""), 500)?;
    let filename = match filename {
        Some(name) => safe_filename(name),
        None => current_revision(db, item.id)
            .await?
            .and_then(|r| r.filename)
            .unwrap_or_else(|| "file".into()),
    };
    let received = receive_upload(db, storage, access.space.id, upload).await?;
    let mut tx = db.begin().await?;
    let content = Content::File {
        hash: &received.hash,
        filename: &filename,
        size: received.size,
    };
    let number = insert_revision(&mut tx, item.id, who, content, &comment).await?;
    recheck_quota(&mut tx, storage, access.space.id).await?;
    follows::tell(
        &mut tx,
        (item.id, item.space_id),
        who.id,
        true,
        follows::ItemNews::Changed,
    )
    .await?;
    storage.keep(received).await?;
    changes::record(
        &mut tx,
        Change::LibraryItem {
            id: item.id,
            verb: Verb::Update,
        },
    )
    .await?;
    tx.commit().await?;
    changes.committed();
    Ok(number)
}

/// Changes an item's details, moves or archives it (content managers), or
/// gives a note a new revision.
pub async fn update(
    db: &Db,
    changes: &Changes,
    storage: &Storage,
    item: &Item,
    access: &SpaceAccess,
    who: &Account,
    change: ItemChange,
) -> AppResult<()> {
    require_local_item(item)?;
    if item.kind == ItemKind::Folder {
        access.require(Action::ModerateContent)?;
    } else {
        access.require(Action::Contribute)?;
    }
    if change.folder.is_some() || change.archived.is_some() {
        access.require(Action::ModerateContent)?;
    }
    let title = change.title.as_deref().map(title).transpose()?;
    let description = change
        .description
        .as_deref()
        .map(|d| trimmed("description", d, 5000))
        .transpose()?;
    let language = change
        .language
        .as_deref()
        .map(|l| validate_language("language", l))
        .transpose()?;
    let tags = change
        .tags
        .as_ref()
        .map(|t| normalise_tags(t.iter().map(String::as_str)))
        .transpose()?;
    let comment = trimmed("comment", change.comment.as_deref().unwrap_or(""), 500)?;
    if change.body.is_some() && item.kind != ItemKind::Note {
        return Err(AppError::invalid(
            "body: only notes have a body; upload a new revision of a file",
        ));
    }
    if let Some(body) = &change.body {
        check_note(body)?;
    }
    let new_parent = match change.folder {
        None => item.parent_id,
        Some(0) => None,
        Some(folder) => {
            check_folder(db, access, Some(folder)).await?;
            if subtree(db, item.id).await?.contains(&folder) {
                return Err(AppError::invalid(
                    "folder: an item cannot move into itself or one of its own folders",
                ));
            }
            Some(folder)
        }
    };
    let archived_at = match change.archived {
        None => item.archived_at,
        Some(true) => item.archived_at.or(Some(db::now())),
        Some(false) => None,
    };
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE library_items SET title = $2, description = $3, language = $4, status = $5, \
                parent_id = $6, archived_at = $7, updated_at = $8, updated_by = $9 WHERE id = $1",
    )
    .bind(item.id)
    .bind(title.as_deref().unwrap_or(&item.title))
    .bind(description.as_deref().unwrap_or(&item.description))
    .bind(language.as_deref().unwrap_or(&item.language))
    .bind(change.status.unwrap_or(item.status))
    .bind(new_parent)
    .bind(archived_at)
    .bind(db::now())
    .bind(who.id)
    .execute(&mut *tx)
    .await?;
    if let Some(tags) = &tags {
        set_tags(&mut tx, item.id, tags).await?;
    }
    if let Some(body) = &change.body {
        let unchanged = current_revision_tx(&mut tx, item.id)
            .await?
            .is_some_and(|r| r.body.as_deref() == Some(body.as_str()));
        if !unchanged {
            insert_revision(&mut tx, item.id, who, Content::Note(body), &comment).await?;
            recheck_quota(&mut tx, storage, access.space.id).await?;
        }
    }
    follows::tell(
        &mut tx,
        (item.id, item.space_id),
        who.id,
        true,
        follows::ItemNews::Changed,
    )
    .await?;
    if item.kind != ItemKind::Folder {
        changes::record(
            &mut tx,
            Change::LibraryItem {
                id: item.id,
                verb: Verb::Update,
            },
        )
        .await?;
    }
    crate::search::index::library_item(&mut tx, item.id).await?;
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// The item and everything below it.
async fn subtree(db: &Db, item_id: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "WITH RECURSIVE tree (id) AS ( \
           SELECT id FROM library_items WHERE id = $1 \
           UNION ALL SELECT i.id FROM library_items i JOIN tree t ON i.parent_id = t.id) \
         SELECT id FROM tree",
    )
    .bind(item_id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Deletes an item, and a folder with everything in it (content managers).
/// Revisions and comments go; a tombstone stays so other instances learn
/// of the deletion. The bytes go with the collector's next pass.
pub async fn delete(
    db: &Db,
    changes: &Changes,
    item: &Item,
    access: &SpaceAccess,
    who: &Account,
) -> AppResult<usize> {
    access.require(Action::ModerateContent)?;
    require_local_item(item)?;
    let ids = subtree(db, item.id).await?;
    erase(db, changes, &ids, who.id).await?;
    Ok(ids.len())
}

/// Deletes the files and notes a closing account created (its folders
/// stay: they hold other people's items).
pub(crate) async fn delete_created_by(
    db: &Db,
    changes: &Changes,
    account_id: i64,
) -> AppResult<()> {
    let ids: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM library_items WHERE created_by = $1 AND kind <> 'folder' \
         AND deleted_at IS NULL AND ap_id IS NULL",
    )
    .bind(account_id)
    .fetch_all(&db.read)
    .await?;
    let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
    erase(db, changes, &ids, account_id).await?;
    sqlx::query(
        "UPDATE library_comments SET body_source = '', body_html = '', deleted_at = $2 \
         WHERE author_id = $1 AND deleted_at IS NULL",
    )
    .bind(account_id)
    .bind(db::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Tombstones `ids`: revisions, tags and comments go.
async fn erase(db: &Db, changes: &Changes, ids: &[i64], by: i64) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin().await?;
    for id in ids {
        // Told first, while the item still reads as public.
        changes::record(
            &mut tx,
            Change::LibraryItem {
                id: *id,
                verb: Verb::Delete,
            },
        )
        .await?;
        for table in ["library_revisions", "library_tags", "library_comments"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE item_id = $1"
            )))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE library_items SET title = '', description = '', deleted_at = $2, \
                    updated_at = $2, updated_by = $3, remote_html = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        crate::search::index::library_item(&mut tx, *id).await?;
    }
    tx.commit().await?;
    changes.committed();
    Ok(())
}

pub async fn current_revision(db: &Db, item_id: i64) -> AppResult<Option<Revision>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{REVISION_QUERY} ORDER BY r.number DESC LIMIT 1"
    )))
    .bind(item_id)
    .fetch_optional(&db.read)
    .await?)
}

async fn current_revision_tx(tx: &mut Tx, item_id: i64) -> AppResult<Option<Revision>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{REVISION_QUERY} ORDER BY r.number DESC LIMIT 1"
    )))
    .bind(item_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// One revision, or the current one.
pub async fn revision(db: &Db, item: &Item, number: Option<i64>) -> AppResult<Revision> {
    let found = match number {
        None => current_revision(db, item.id).await?,
        Some(number) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "{REVISION_QUERY} AND r.number = $2"
            )))
            .bind(item.id)
            .bind(number)
            .fetch_optional(&db.read)
            .await?
        }
    };
    found.ok_or(AppError::NotFound("revision"))
}

/// Every revision, newest first.
pub async fn revisions(db: &Db, item: &Item) -> AppResult<Vec<RevisionView>> {
    let rows: Vec<Revision> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{REVISION_QUERY} ORDER BY r.number DESC"
    )))
    .bind(item.id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.iter().map(Revision::view).collect())
}

/// Makes an earlier revision the current one again, as a new revision
/// (contributors and above). Nothing is lost: the revisions in between stay.
#[allow(clippy::too_many_arguments)] // who, what and which: none belong together
pub async fn restore(
    db: &Db,
    changes: &Changes,
    storage: &Storage,
    item: &Item,
    access: &SpaceAccess,
    who: &Account,
    number: i64,
    comment: Option<&str>,
) -> AppResult<i64> {
    access.require(Action::Contribute)?;
    require_local_item(item)?;
    let old = revision(db, item, Some(number)).await?;
    let comment = match comment.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => trimmed("comment", c, 500)?,
        None => format!("restored revision {number}"),
    };
    let mut tx = db.begin().await?;
    let content = match (&old.blob_hash, &old.body) {
        (Some(hash), _) => {
            sqlx::query("UPDATE blobs SET last_used_at = $2 WHERE hash = $1")
                .bind(hash)
                .bind(db::now())
                .execute(&mut *tx)
                .await?;
            Content::File {
                hash,
                filename: old.filename.as_deref().unwrap_or("file"),
                size: old.size.max(0) as u64,
            }
        }
        (None, Some(body)) => Content::Note(body),
        (None, None) => return Err(AppError::NotFound("revision")),
    };
    let new_number = insert_revision(&mut tx, item.id, who, content, &comment).await?;
    recheck_quota(&mut tx, storage, access.space.id).await?;
    follows::tell(
        &mut tx,
        (item.id, item.space_id),
        who.id,
        true,
        follows::ItemNews::Changed,
    )
    .await?;
    changes::record(
        &mut tx,
        Change::LibraryItem {
            id: item.id,
            verb: Verb::Update,
        },
    )
    .await?;
    tx.commit().await?;
    changes.committed();
    Ok(new_number)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DiffLine {
    /// `equal`, `delete` or `insert`.
    pub op: &'static str,
    pub text: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DiffView {
    pub from: i64,
    pub to: i64,
    /// A unified diff (`diff -u`), three lines of context.
    pub unified: String,
    /// Line by line, for display.
    pub lines: Vec<DiffLine>,
    pub insertions: usize,
    pub deletions: usize,
}

/// The text difference between two revisions of a note.
pub async fn diff(db: &Db, item: &Item, from: i64, to: i64) -> AppResult<DiffView> {
    if item.kind != ItemKind::Note {
        return Err(AppError::invalid(
            "only notes can be compared; download a file's revisions instead",
        ));
    }
    let old = revision(db, item, Some(from)).await?;
    let new = revision(db, item, Some(to)).await?;
    let (old_text, new_text) = (old.body.unwrap_or_default(), new.body.unwrap_or_default());
    let text_diff = similar::TextDiff::from_lines(&old_text, &new_text);
    let unified = text_diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("revision {from}"), &format!("revision {to}"))
        .to_string();
    let mut lines = Vec::new();
    let (mut insertions, mut deletions) = (0, 0);
    for change in text_diff.iter_all_changes() {
        let op = match change.tag() {
            similar::ChangeTag::Equal => "equal",
            similar::ChangeTag::Delete => {
                deletions += 1;
                "delete"
            }
            similar::ChangeTag::Insert => {
                insertions += 1;
                "insert"
            }
        };
        lines.push(DiffLine {
            op,
            text: change.value().trim_end_matches('\n').to_owned(),
        });
    }
    Ok(DiffView {
        from,
        to,
        unified,
        lines,
        insertions,
        deletions,
    })
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct UsageView {
    /// Bytes the library holds, every kept revision included.
    pub used_bytes: i64,
    /// The space's quota in bytes; 0: no limit.
    pub quota_bytes: u64,
    /// Largest file one upload may carry.
    pub max_file_bytes: u64,
}

pub async fn usage(db: &Db, storage: &Storage, access: &SpaceAccess) -> AppResult<UsageView> {
    Ok(UsageView {
        used_bytes: space_usage(&db.read, access.space.id).await?,
        quota_bytes: storage.space_quota_bytes,
        max_file_bytes: storage.max_file_bytes,
    })
}

// --- Comments --------------------------------------------------------------

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

mod remote;
pub use remote::{RemoteItem, space_of, store_remote};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_and_bounded() {
        assert_eq!(
            normalise_tags(["#Litigation", " litigation ", "", "Méthodes"]).unwrap(),
            vec!["litigation", "méthodes"]
        );
        assert!(normalise_tags(["a,b"]).is_err());
        let many: Vec<String> = (0..21).map(|n| format!("t{n}")).collect();
        assert!(normalise_tags(many.iter().map(String::as_str)).is_err());
    }

    #[test]
    fn file_names_lose_folders_and_control_characters() {
        assert_eq!(safe_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            safe_filename("C:\\docs\\rapport final.pdf"),
            "rapport final.pdf"
        );
        assert_eq!(safe_filename("a\r\nb.txt"), "ab.txt");
        assert_eq!(safe_filename(".."), "file");
        assert_eq!(safe_filename("تقرير.pdf"), "تقرير.pdf");
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_bytes(10), "10 bytes");
        assert_eq!(human_bytes(512 * 1024 * 1024), "512 MiB");
        assert_eq!(human_bytes(10 * 1024 * 1024 * 1024), "10 GiB");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(300_000), "293 KiB");
    }
}
