//! Drafts: a post being written, saved to finish later (issue 19 point 6).
//! The `post_drafts` table's one writer.
//!
//! A draft is its author's alone: it is not a post, so nothing of it is
//! federated, indexed, counted or told to anyone. Publishing one makes an
//! ordinary post (`posts::create`) and removes the draft.

use serde::Serialize;

use crate::accounts::{Account, bounded};
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::media::{self, Attachment};
use crate::spaces::{Action, SpaceAccess};

/// At most this many drafts a member; the oldest must go first.
pub const MAX_DRAFTS: i64 = 100;

/// What a draft holds, as typed: nothing is required yet.
pub struct DraftFields {
    pub title: String,
    pub body: String,
    pub language: String,
}

#[derive(Serialize, Debug)]
pub struct DraftView {
    pub id: i64,
    pub space_id: i64,
    /// The space's reference, for its pages.
    pub space: String,
    pub space_title: String,
    pub title: String,
    pub body: String,
    pub language: String,
    pub updated_at: String,
    pub attachments: Vec<Attachment>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    space_id: i64,
    space: String,
    space_title: String,
    title: String,
    body: String,
    language: String,
    updated_at: i64,
}

const SELECT: &str = "SELECT d.id, d.space_id, \
        CASE WHEN s.domain IS NULL THEN s.slug ELSE s.slug || '@' || s.domain END AS space, \
        s.title AS space_title, d.title, d.body, d.language, d.updated_at \
     FROM post_drafts d JOIN spaces s ON s.id = d.space_id ";

impl Row {
    fn view(self, attachments: Vec<Attachment>) -> DraftView {
        DraftView {
            id: self.id,
            space_id: self.space_id,
            space: self.space,
            space_title: self.space_title,
            title: self.title,
            body: self.body,
            language: self.language,
            updated_at: format_time(self.updated_at),
            attachments,
        }
    }
}

/// Saves a draft in the space of `access` (a new one, or `draft_id` of
/// the same author again) with uploads `media` kept for it. Returns its id.
pub async fn save(
    db: &Db,
    access: &SpaceAccess,
    author: &Account,
    draft_id: Option<i64>,
    fields: DraftFields,
    media: &[i64],
) -> AppResult<i64> {
    access.require(Action::Contribute)?;
    bounded("title", &fields.title, super::MAX_TITLE_CHARS)?;
    bounded("body", &fields.body, super::MAX_BODY_CHARS)?;
    bounded("language", &fields.language, 35)?;
    let mut tx = db.begin().await?;
    let id = match draft_id {
        Some(id) => {
            let done = sqlx::query(
                "UPDATE post_drafts SET title = $1, body = $2, language = $3, updated_at = $4 \
                 WHERE id = $5 AND account_id = $6 AND space_id = $7",
            )
            .bind(&fields.title)
            .bind(&fields.body)
            .bind(&fields.language)
            .bind(db::now())
            .bind(id)
            .bind(author.id)
            .bind(access.space.id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(AppError::NotFound("draft"));
            }
            id
        }
        None => {
            let (count,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM post_drafts WHERE account_id = $1")
                    .bind(author.id)
                    .fetch_one(&mut *tx)
                    .await?;
            if count >= MAX_DRAFTS {
                return Err(AppError::Conflict(format!(
                    "you have {MAX_DRAFTS} drafts: publish or delete some first"
                )));
            }
            let id = db::new_id();
            sqlx::query(
                "INSERT INTO post_drafts (id, account_id, space_id, title, body, language, \
                                          updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(author.id)
            .bind(access.space.id)
            .bind(&fields.title)
            .bind(&fields.body)
            .bind(&fields.language)
            .bind(db::now())
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    media::keep_for_draft(&mut tx, id, author.id, media).await?;
    tx.commit().await?;
    Ok(id)
}

/// A draft of `author`; anyone else's is "no such draft".
pub async fn find(db: &Db, id: i64, author: &Account) -> AppResult<DraftView> {
    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE d.id = $1 AND d.account_id = $2"
    )))
    .bind(id)
    .bind(author.id)
    .fetch_optional(&db.read)
    .await?
    .ok_or(AppError::NotFound("draft"))?;
    let attachments = media::of_draft(db, row.id).await?;
    Ok(row.view(attachments))
}

/// The author's drafts (in one space, or all), the latest first.
pub async fn mine(db: &Db, author: &Account, space_id: Option<i64>) -> AppResult<Vec<DraftView>> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE d.account_id = $1 AND ($2 = 0 OR d.space_id = $2) \
         ORDER BY d.updated_at DESC LIMIT $3 + 0"
    )))
    .bind(author.id)
    .bind(space_id.unwrap_or(0))
    .bind(MAX_DRAFTS)
    .fetch_all(&db.read)
    .await?;
    // Lists show titles only: no attachments fetched.
    Ok(rows.into_iter().map(|r| r.view(Vec::new())).collect())
}

/// Deletes a draft of `author` and the uploads waiting in it.
pub async fn delete(db: &Db, id: i64, author: &Account) -> AppResult<()> {
    let done = sqlx::query("DELETE FROM post_drafts WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(author.id)
        .execute(db.writer())
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound("draft"));
    }
    // ON DELETE CASCADE removed what waited in it.
    Ok(())
}

/// Removes a draft once its post is published: its uploads now belong to
/// the post, so none go with it.
pub async fn published(db: &Db, id: i64, author: &Account) -> AppResult<()> {
    sqlx::query("DELETE FROM post_drafts WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(author.id)
        .execute(db.writer())
        .await?;
    Ok(())
}
