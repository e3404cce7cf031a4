//! Library items as things to organise: folders and notes created,
//! details, tags, moves and archiving changed, items deleted. Files are
//! created in [`super::uploads`]; every new revision goes through
//! [`super::revisions`].

use serde::Deserialize;

use super::revisions::{Content, current_revision_tx, insert_revision};
use super::storage::Storage;
use super::uploads::recheck_quota;
use super::{
    Item, ItemKind, ItemStatus, MAX_NOTE_BYTES, MAX_TAGS, check_folder, follows, require_local,
    require_local_item, title, trimmed,
};
use crate::accounts::{Account, validate_language};
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::spaces::{Action, SpaceAccess};

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

fn check_note(body: &str) -> AppResult<()> {
    if body.len() > MAX_NOTE_BYTES {
        return Err(AppError::TooLarge(format!(
            "a note holds at most {MAX_NOTE_BYTES} bytes of markdown"
        )));
    }
    Ok(())
}

pub(super) async fn set_tags(tx: &mut Tx, item_id: i64, tags: &[String]) -> AppResult<()> {
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

/// The fields of a new item, as checked.
pub(super) struct NewItem<'a> {
    pub(super) parent_id: Option<i64>,
    pub(super) kind: ItemKind,
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) status: ItemStatus,
}

pub(super) async fn insert_item(
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
}
