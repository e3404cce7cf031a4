//! Comments on an item from its page: adding one, deleting one.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use serde::Deserialize;

use super::id;
use super::items::{ItemForms, Sent, show_item};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::library::{self, NewItemComment};
use crate::web::field_errors::{FieldErrors, Refusable};
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
    let new = NewItemComment {
        body: form.body.clone(),
    };
    match library::add_comment(&state.db, &state.changes, &item, &access, me, new).await {
        Ok(comment) => Ok(see_other(&format!(
            "/item/{}#comment-{}",
            item.id, comment.id
        ))),
        // Empty or too long: the item's page again, the comment as typed.
        Err(e) => {
            let errors = FieldErrors::from_refusal("comment", &e, &COMMENT_REFUSABLE).ok_or(e)?;
            let comment = Sent {
                body: form.body,
                errors,
                ..Sent::empty("comment")
            };
            let forms = ItemForms {
                comment: Some(comment),
                ..ItemForms::default()
            };
            show_item(&state, c, item.id, forms).await
        }
    }
}

/// The domain's refusal of a comment the form shows next to its text.
const COMMENT_REFUSABLE: [Refusable; 1] = [("body", "body", "library-error-comment-body")];

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
