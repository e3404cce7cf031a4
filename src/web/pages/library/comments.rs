//! Comments on an item from its page: adding one, deleting one.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use serde::Deserialize;

use super::id;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::library::{self, NewItemComment};
use crate::web::{Ctx, NoFields, Submitted, see_other};

/// The routes of this part of the library pages.
pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/item/{id}/comments", post(add_comment))
        .route("/item/{id}/comments/{comment}/delete", post(delete_comment))
}

#[derive(Deserialize)]
struct CommentForm {
    body: String,
}

async fn add_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Submitted(form): Submitted<CommentForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    let new = NewItemComment { body: form.body };
    let comment = library::add_comment(&state.db, &state.changes, &item, &access, me, new).await?;
    Ok(see_other(&format!(
        "/item/{}#comment-{}",
        item.id, comment.id
    )))
}

async fn delete_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path((item, comment)): Path<(String, String)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let comment: i64 = comment.parse().map_err(|_| AppError::NotFound("comment"))?;
    library::delete_comment(&state.db, comment, me).await?;
    Ok(see_other(&format!("/item/{}#comments", id(&item)?)))
}
