//! Single objects: posts, comments, events and library items, or their
//! tombstones.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::publish::{self};
use crate::AppState;
use crate::error::AppResult;
use crate::federation::objects::card::card_id;
use crate::library::{self, ItemKind};
use crate::spaces::Visibility;
use crate::spaces::addresses::Exposure;
use crate::{events, posts};

use super::{ActivityJson, not_found, with_context};

/// A post of ours in a public space (ours or followed): its `Page`, or a
/// `Tombstone` with 410 once deleted.
pub async fn post(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(posts::federated::post_exposure(&state.db.read, id).await?)?;
    let mut tx = state.db.read.begin().await?;
    let post = publish::load_post(&mut tx, id).await?;
    tx.rollback().await?;
    let post = post
        .filter(|p| p.post.ap_id.is_none() && p.space.visibility == Visibility::Public)
        .ok_or_else(not_found)?;
    let document = with_context(post.to_json(&state.federation));
    Ok(tombstone_status(post.post.deleted_at.is_some(), document))
}

pub async fn comment(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(posts::federated::comment_exposure(&state.db.read, id).await?)?;
    let mut tx = state.db.read.begin().await?;
    let comment = publish::load_comment(&mut tx, id).await?;
    tx.rollback().await?;
    let comment = comment
        .filter(|c| c.comment.ap_id.is_none() && c.space.visibility == Visibility::Public)
        .ok_or_else(not_found)?;
    let document = with_context(comment.to_json(&state.federation));
    Ok(tombstone_status(
        comment.comment.deleted_at.is_some(),
        document,
    ))
}

/// "No such object" unless the object is ours and public. Asked first and
/// alone, so that a private object costs one query, like a missing one,
/// before anything else is loaded.
fn public_and_ours(exposure: Option<Exposure>) -> AppResult<()> {
    match exposure {
        Some(exposure) if exposure.is_public_and_ours() => Ok(()),
        _ => Err(not_found()),
    }
}

fn tombstone_status(deleted: bool, document: Value) -> Response {
    let mut response = ActivityJson(document).into_response();
    if deleted {
        *response.status_mut() = axum::http::StatusCode::GONE;
    }
    response
}

/// An event of ours in a public space: its `Event`.
pub async fn event(state: State<AppState>, id: Path<String>) -> AppResult<Response> {
    event_or_card(state, id, false).await
}

/// The card of an event of ours in a public space (`objects::card`).
pub async fn event_card(state: State<AppState>, id: Path<String>) -> AppResult<Response> {
    event_or_card(state, id, true).await
}

async fn event_or_card(
    State(state): State<AppState>,
    Path(id): Path<String>,
    card: bool,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(events::federated::exposure(&state.db.read, id).await?)?;
    let mut tx = state.db.read.begin().await?;
    let found = if card {
        publish::load_event_card(&mut tx, id, &state.federation).await?
    } else {
        publish::load_event(&mut tx, id, &state.federation).await?
    };
    tx.rollback().await?;
    let (event, space, json) = found.ok_or_else(not_found)?;
    if event.ap_id.is_some() || space.visibility != Visibility::Public {
        return Err(not_found());
    }
    Ok(ActivityJson(with_context(json)).into_response())
}

/// A file or note of ours in a public space: its `Document`, or a
/// `Tombstone` with 410 once deleted. Folders and private items are
/// missing objects.
pub async fn library_item(state: State<AppState>, id: Path<String>) -> AppResult<Response> {
    library_item_or_card(state, id, false).await
}

/// The card of a file or note of ours (`objects::card`), as
/// [`library_item`] serves the item.
pub async fn library_card(state: State<AppState>, id: Path<String>) -> AppResult<Response> {
    library_item_or_card(state, id, true).await
}

async fn library_item_or_card(
    State(state): State<AppState>,
    Path(id): Path<String>,
    card: bool,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let exposure = library::federated::exposure(&state.db.read, id).await?;
    public_and_ours(exposure.filter(|e| e.space_domain.is_none()))?;
    let item = library::federated::item(&state.db.read, id).await?;
    let Some(item) = item.filter(|i| i.kind != ItemKind::Folder) else {
        return Err(not_found());
    };
    if item.deleted_at.is_some() {
        let url = state.federation.urls.library_item(id);
        let (url, former) = if card {
            (card_id(&url), "Page")
        } else {
            (url, "Document")
        };
        let tombstone = serde_json::json!({"id": url, "type": "Tombstone", "formerType": former});
        return Ok(tombstone_status(true, with_context(tombstone)));
    }
    let mut tx = state.db.read.begin().await?;
    let found = if card {
        publish::load_library_card(&mut tx, &state.federation, id).await?
    } else {
        let found = publish::load_library_item(&mut tx, &state.federation, id).await?;
        found.map(|(_, document)| document)
    };
    tx.rollback().await?;
    let document = found.ok_or_else(not_found)?;
    Ok(ActivityJson(with_context(document)).into_response())
}
