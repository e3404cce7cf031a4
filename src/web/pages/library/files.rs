//! Uploads from the browser: a new file, or a new revision of one. The
//! fields come before the file in the form, so they are checked before
//! the bytes are streamed to storage.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

use super::{filled, folder_field, id};
use crate::AppState;
use crate::error::AppResult;
use crate::library::{self, FileMeta};
use crate::web::pages::spaces::member_in;
use crate::web::{Ctx, Upload, see_other};

/// The forms that carry a file (see [`super::uploads`]).
pub(super) fn uploads() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/library/upload", post(upload_file))
        .route("/item/{id}/revisions", post(upload_revision))
}

/// A new file: the fields come first (the CSRF token among them), then the
/// file, streamed to storage.
async fn upload_file(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    upload: Upload,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    let meta = FileMeta {
        filename: upload.file_name.clone(),
        title: filled(upload.field("title")),
        description: filled(upload.field("description")),
        language: filled(upload.field("language")),
        tags: filled(upload.field("tags")),
        status: None,
        folder: folder_field(upload.field("folder"))?,
        comment: filled(upload.field("comment")),
    };
    let id = library::create_file(
        &state.db,
        &state.changes,
        &state.storage,
        &access,
        me,
        meta,
        upload.file,
    )
    .await?;
    Ok(see_other(&format!("/item/{id}")))
}

/// A new revision of a file, downloading under the name of the file sent.
async fn upload_revision(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    upload: Upload,
) -> AppResult<Response> {
    let me = c.member()?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    let comment = filled(upload.field("comment"));
    library::add_file_revision(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        me,
        Some(&upload.file_name),
        comment.as_deref(),
        upload.file,
    )
    .await?;
    Ok(see_other(&format!("/item/{}#revisions", item.id)))
}
