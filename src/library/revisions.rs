//! The history of a file or note: every revision kept, the one new
//! revision path ([`insert_revision`], which also queues a file's text for
//! [`super::extraction`] and refreshes the search entry), restoring an
//! earlier revision and comparing two revisions of a note.

use serde::Serialize;

use super::storage::Storage;
use super::uploads::{recheck_quota, safe_filename};
use super::{Item, ItemKind, extraction, follows, require_local_item, trimmed};
use crate::accounts::Account;
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::spaces::{Action, SpaceAccess};

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

    pub(super) fn view(&self) -> RevisionView {
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

/// The content of a new revision.
pub(super) enum Content<'a> {
    File {
        hash: &'a str,
        filename: &'a str,
        size: u64,
    },
    Note(&'a str),
}

pub(super) async fn insert_revision(
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

pub async fn current_revision(db: &Db, item_id: i64) -> AppResult<Option<Revision>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{REVISION_QUERY} ORDER BY r.number DESC LIMIT 1"
    )))
    .bind(item_id)
    .fetch_optional(&db.read)
    .await?)
}

pub(super) async fn current_revision_tx(tx: &mut Tx, item_id: i64) -> AppResult<Option<Revision>> {
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
