//! Single objects: posts, comments, events and library items, or their
//! tombstones.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::publish::{self};
use crate::AppState;
use crate::db::Db;
use crate::error::AppResult;

use super::{ActivityJson, not_found, with_context};

/// A post of ours in a public space (ours or followed): its `Page`, or a
/// `Tombstone` with 410 once deleted.
pub async fn post(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(
        &state.db,
        "SELECT p.id FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE p.id = $1 AND p.ap_id IS NULL AND s.visibility = 'public'",
        id,
    )
    .await?;
    let mut tx = state.db.read.begin().await?;
    let post = publish::load_post(&mut tx, id).await?;
    tx.rollback().await?;
    let post = post
        .filter(|p| p.ap_id.is_none() && p.space.visibility == crate::spaces::Visibility::Public)
        .ok_or_else(not_found)?;
    let document = with_context(post.to_json(&state.federation));
    Ok(tombstone_status(post.deleted_at.is_some(), document))
}

pub async fn comment(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(
        &state.db,
        "SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id \
         JOIN spaces s ON s.id = p.space_id \
         WHERE c.id = $1 AND c.ap_id IS NULL AND s.visibility = 'public'",
        id,
    )
    .await?;
    let mut tx = state.db.read.begin().await?;
    let comment = publish::load_comment(&mut tx, id).await?;
    tx.rollback().await?;
    let comment = comment
        .filter(|c| c.ap_id.is_none() && c.space.visibility == crate::spaces::Visibility::Public)
        .ok_or_else(not_found)?;
    let document = with_context(comment.to_json(&state.federation));
    Ok(tombstone_status(comment.deleted_at.is_some(), document))
}

/// Answers "no such object" unless `sql` finds row `id` as ours and public.
/// Asked first and alone, so that a private object costs one query, like a
/// missing one, before anything else is loaded.
async fn public_and_ours(db: &Db, sql: &'static str, id: i64) -> AppResult<()> {
    let found: Option<(i64,)> = sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    found.map(|_| ()).ok_or_else(not_found)
}

fn tombstone_status(deleted: bool, document: Value) -> Response {
    let mut response = ActivityJson(document).into_response();
    if deleted {
        *response.status_mut() = axum::http::StatusCode::GONE;
    }
    response
}

/// An event of ours in a public space: its `Event`.
pub async fn event(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(
        &state.db,
        "SELECT e.id FROM events e JOIN spaces s ON s.id = e.space_id \
         WHERE e.id = $1 AND e.ap_id IS NULL AND s.visibility = 'public'",
        id,
    )
    .await?;
    let mut tx = state.db.read.begin().await?;
    let found = publish::load_event(&mut tx, id, &state.federation).await?;
    tx.rollback().await?;
    let (event, space, json) = found.ok_or_else(not_found)?;
    if event.ap_id.is_some() || space.visibility != crate::spaces::Visibility::Public {
        return Err(not_found());
    }
    Ok(ActivityJson(with_context(json)).into_response())
}

/// A file or note of ours in a public space: its `Document`, or a
/// `Tombstone` with 410 once deleted. Folders and private items are
/// missing objects.
pub async fn library_item(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let row: Option<(String, Option<i64>, Option<String>, String)> = sqlx::query_as(
        "SELECT s.visibility, i.deleted_at, i.ap_id, i.kind FROM library_items i \
         JOIN spaces s ON s.id = i.space_id \
         WHERE i.id = $1 AND s.domain IS NULL AND s.visibility = 'public'",
    )
    .bind(id)
    .fetch_optional(&state.db.read)
    .await?;
    let Some((visibility, deleted_at, None, kind)) = row else {
        return Err(not_found());
    };
    if visibility != "public" || kind == "folder" {
        return Err(not_found());
    }
    if deleted_at.is_some() {
        let url = state.federation.urls.library_item(id);
        let tombstone =
            serde_json::json!({"id": url, "type": "Tombstone", "formerType": "Document"});
        return Ok(tombstone_status(true, with_context(tombstone)));
    }
    let mut tx = state.db.read.begin().await?;
    let found = publish::load_library_item(&mut tx, &state.federation, id).await?;
    tx.rollback().await?;
    let (_, document) = found.ok_or_else(not_found)?;
    Ok(ActivityJson(with_context(document)).into_response())
}
