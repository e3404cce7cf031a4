//! Uploads from the browser: a new file, or a new revision of one. The
//! fields come before the file in the form, so they are checked before
//! the bytes are streamed to storage.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

use super::folders::{BrowseQuery, Typed, UploadTyped, show_library};
use super::items::{ItemForms, Sent, show_item};
use super::{file_refusal, filled, folder_field, id};
use crate::AppState;
use crate::error::AppResult;
use crate::library::{self, FileMeta};
use crate::web::field_errors::{FieldErrors, Refusable};
use crate::web::pages::spaces::member_in;
use crate::web::{Ctx, Upload, see_other};

/// The forms that carry a file (see [`super::uploads`]).
pub(super) fn uploads() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/library/upload", post(upload_file))
        .route("/item/{id}/revisions", post(upload_revision))
}

/// A new file: the fields come first (the CSRF token among them), then the
/// file, streamed to storage. A refused field, or no file, brings the
/// library back with the form as typed.
async fn upload_file(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    mut upload: Upload,
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
    let mut errors = FieldErrors::new("upload");
    match upload.file.take() {
        None => errors.add("file", "library-error-file"),
        Some(file) => {
            let created = library::create_file(
                &state.db,
                &state.changes,
                &state.storage,
                &access,
                me,
                meta,
                file,
            )
            .await;
            match created {
                Ok(id) => return Ok(see_other(&format!("/item/{id}"))),
                Err(e) => {
                    errors = FieldErrors::from_refusal("upload", &e, &UPLOAD_REFUSABLE)
                        .or_else(|| file_refusal(&state, "upload", &e))
                        .ok_or(e)?
                }
            }
        }
    }
    // The browser cannot fill the file in again: the field says so.
    errors.add("file", "library-error-file-again");
    let typed = Typed {
        upload: typed_upload(&upload, errors),
        ..Typed::default()
    };
    let query = BrowseQuery::in_folder(upload.field("folder"));
    show_library(&state, c, &space, query, typed).await
}

/// The domain's refusals of a file the form shows next to a field.
const UPLOAD_REFUSABLE: [Refusable; 5] = [
    ("title", "title", "library-error-item-title"),
    ("description", "description", "library-error-description"),
    ("tags", "tags", "library-error-tags"),
    ("language", "language", "library-error-language"),
    ("comment", "comment", "library-error-comment"),
];

/// The upload form's fields as sent, to show again.
fn typed_upload(upload: &Upload, errors: FieldErrors) -> UploadTyped {
    let text = |name| upload.field(name).to_owned();
    UploadTyped {
        title: text("title"),
        description: text("description"),
        tags: text("tags"),
        language: Some(text("language")),
        comment: text("comment"),
        errors,
    }
}

/// A new revision of a file, downloading under the name of the file sent.
/// No file, one too large, or a refused comment brings the item's page
/// back with the comment as typed.
async fn upload_revision(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    mut upload: Upload,
) -> AppResult<Response> {
    let me = c.member()?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    let comment = filled(upload.field("comment"));
    let mut errors = FieldErrors::new("revision");
    match upload.file.take() {
        None => errors.add("file", "library-error-file"),
        Some(file) => {
            let added = library::add_file_revision(
                &state.db,
                &state.changes,
                &state.storage,
                &item,
                &access,
                me,
                Some(&upload.file_name),
                comment.as_deref(),
                file,
            )
            .await;
            match added {
                Ok(_) => return Ok(see_other(&format!("/item/{}#revisions", item.id))),
                Err(e) => {
                    errors = FieldErrors::from_refusal("revision", &e, &REVISION_REFUSABLE)
                        .or_else(|| file_refusal(&state, "revision", &e))
                        .ok_or(e)?
                }
            }
        }
    }
    // As for a new file: the browser has let go of the one chosen.
    errors.add("file", "library-error-file-again");
    let revision = Sent {
        comment: upload.field("comment").to_owned(),
        errors,
        ..Sent::empty("revision")
    };
    let forms = ItemForms {
        revision: Some(revision),
        ..ItemForms::default()
    };
    show_item(&state, c, item.id, forms).await
}

/// The domain's refusal of a revision the form shows next to a field.
const REVISION_REFUSABLE: [Refusable; 1] = [("comment", "comment", "library-error-comment")];
