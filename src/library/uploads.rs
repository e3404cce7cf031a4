//! Files: an upload streamed into storage within the per-file limit and
//! what is left of the space's quota, then recorded as a new item or a
//! new revision of one; and the space's usage.

use bytes::Bytes;
use futures_util::Stream;
use serde::{Deserialize, Serialize};

use super::items::{NewItem, insert_item, set_tags};
use super::revisions::{Content, current_revision, insert_revision};
use super::storage::{self, Received, Storage};
use super::{
    Item, ItemKind, ItemStatus, check_folder, follows, normalise_tags, require_local,
    require_local_item, title, trimmed,
};
use crate::accounts::{Account, validate_language};
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{Db, Tx};
use crate::error::{AppError, AppResult};
use crate::spaces::{Action, SpaceAccess};

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

/// How a refusal for a full library begins, so a caller can tell it from
/// a file too large (see [`over_quota`]).
const QUOTA_REFUSAL: &str = "this space's library is full";

fn quota_message(storage: &Storage, used: i64) -> AppError {
    AppError::TooLarge(format!(
        "{QUOTA_REFUSAL}: {} of its {} are used; delete old items or ask an admin for more",
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

/// Whether `error` refused an upload or a note for the space's quota
/// rather than for the size of one file or note.
pub fn over_quota(error: &AppError) -> bool {
    matches!(error, AppError::TooLarge(m) if m.starts_with(QUOTA_REFUSAL))
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
pub(super) async fn recheck_quota(tx: &mut Tx, storage: &Storage, space_id: i64) -> AppResult<()> {
    if storage.space_quota_bytes == 0 {
        return Ok(());
    }
    let used = space_usage(&mut **tx, space_id).await?;
    if used as u64 > storage.space_quota_bytes {
        return Err(quota_message(storage, used));
    }
    Ok(())
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
    storage::record(db, &received).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

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
