//! Each space's shared library: folders, files and notes, their revisions
//! and comments. Uploads are raw request bodies (any Content-Type), with
//! the metadata in the query string, streamed to storage as they arrive.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount, MaybeAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::library::{
    self, DiffView, FileMeta, ItemChange, ItemCommentView, ItemView, ListQuery, NewFolder,
    NewItemComment, NewNote, RevisionView, Upload, UsageView,
};
use crate::posts::Page;
use crate::spaces;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_items))
        .routes(routes!(usage))
        .routes(routes!(create_folder))
        .routes(routes!(create_note))
        .routes(routes!(get_item, update_item, delete_item))
        .routes(routes!(list_revisions))
        .routes(routes!(restore_revision))
        .routes(routes!(diff))
        .routes(routes!(list_comments, add_comment))
        .routes(routes!(edit_comment, delete_comment))
}

/// The routes that stream a request body; served without the overall
/// request timeout.
pub fn uploads() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_file))
        .routes(routes!(upload_revision))
}

/// A space's library: the items of a folder (default: the top), the items
/// with a tag, or the most recently changed (`sort=recent`).
#[utoipa::path(get, path = "/api/v1/spaces/{space}/library", tag = "library",
    params(("space" = String, Path), ListQuery),
    responses((status = 200, body = Page<ItemView>), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn list_items(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
    AppQuery(query): AppQuery<ListQuery>,
) -> AppResult<Json<Page<ItemView>>> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    Ok(Json(
        library::list(&state.db, &state.changes, &access, query).await?,
    ))
}

/// How much of its quota a space's library uses.
#[utoipa::path(get, path = "/api/v1/spaces/{space}/library/usage", tag = "library",
    params(("space" = String, Path)),
    responses((status = 200, body = UsageView), (status = 404, body = ErrorBody)))]
async fn usage(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<Json<UsageView>> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    Ok(Json(
        library::usage(&state.db, &state.storage, &access).await?,
    ))
}

/// Create a folder (content managers and above).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/library/folders", tag = "library",
    params(("space" = String, Path)), request_body = NewFolder,
    responses((status = 201, body = ItemView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_folder(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(new): AppJson<NewFolder>,
) -> AppResult<(StatusCode, Json<ItemView>)> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let id = library::create_folder(&state.db, &access, &me, new).await?;
    created(&state, id).await
}

/// Write a note: a markdown document with revisions (contributors and
/// above).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/library/notes", tag = "library",
    params(("space" = String, Path)), request_body = NewNote,
    responses((status = 201, body = ItemView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn create_note(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(new): AppJson<NewNote>,
) -> AppResult<(StatusCode, Json<ItemView>)> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let id =
        library::create_note(&state.db, &state.changes, &state.storage, &access, &me, new).await?;
    created(&state, id).await
}

async fn created(state: &AppState, id: i64) -> AppResult<(StatusCode, Json<ItemView>)> {
    let view = library::view(&state.db, &state.changes, id).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

/// Upload a file (contributors and above). The body is the file itself,
/// streamed; its type is recognised from its bytes, whatever the
/// Content-Type says. Larger than the instance's file limit or the space's
/// quota: 413, and nothing is kept.
#[utoipa::path(post, path = "/api/v1/spaces/{space}/library/files", tag = "library",
    params(("space" = String, Path), FileMeta),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "The file's bytes"),
    responses((status = 201, body = ItemView), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_file(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppQuery(meta): AppQuery<FileMeta>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<(StatusCode, Json<ItemView>)> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let id = library::create_file(
        &state.db,
        &state.changes,
        &state.storage,
        &access,
        &me,
        meta,
        Upload {
            length: content_length(&headers),
            body: body.into_data_stream(),
        },
    )
    .await?;
    created(&state, id).await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct RevisionMeta {
    /// The name it downloads under; default: the previous revision's.
    filename: Option<String>,
    /// A word on what changed.
    comment: Option<String>,
}

/// Upload a new revision of a file (contributors and above). The previous
/// revisions stay, listed under `/revisions`.
#[utoipa::path(post, path = "/api/v1/library/items/{id}/file", tag = "library",
    params(("id" = i64, Path), RevisionMeta),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "The file's new bytes"),
    responses((status = 201, body = ItemView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn upload_revision(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppQuery(meta): AppQuery<RevisionMeta>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<(StatusCode, Json<ItemView>)> {
    let (item, access) = library::find_visible(&state.db, id, Some(&me)).await?;
    library::add_file_revision(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        &me,
        meta.filename.as_deref(),
        meta.comment.as_deref(),
        Upload {
            length: content_length(&headers),
            body: body.into_data_stream(),
        },
    )
    .await?;
    created(&state, id).await
}

/// One item, with its current revision (and a note's text).
#[utoipa::path(get, path = "/api/v1/library/items/{id}", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 200, body = ItemView), (status = 404, body = ErrorBody),
              (status = 410, body = ErrorBody)))]
async fn get_item(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<ItemView>> {
    library::find_visible(&state.db, id, viewer.as_ref()).await?;
    Ok(Json(library::view(&state.db, &state.changes, id).await?))
}

/// Change an item: title, description, language, tags, status (contributors
/// and above); a note's body, as a new revision; move it to another folder
/// or archive it (content managers and above).
#[utoipa::path(patch, path = "/api/v1/library/items/{id}", tag = "library",
    params(("id" = i64, Path)), request_body = ItemChange,
    responses((status = 200, body = ItemView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn update_item(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(change): AppJson<ItemChange>,
) -> AppResult<Json<ItemView>> {
    let (item, access) = library::find_visible(&state.db, id, Some(&me)).await?;
    library::update(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        &me,
        change,
    )
    .await?;
    Ok(Json(library::view(&state.db, &state.changes, id).await?))
}

/// Delete an item, a folder with everything in it (content managers and
/// above). Revisions and comments go too.
#[utoipa::path(delete, path = "/api/v1/library/items/{id}", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_item(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    let (item, access) = library::find_visible(&state.db, id, Some(&me)).await?;
    library::delete(&state.db, &state.changes, &item, &access, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every revision of a file or note, newest first.
#[utoipa::path(get, path = "/api/v1/library/items/{id}/revisions", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<RevisionView>), (status = 404, body = ErrorBody)))]
async fn list_revisions(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Vec<RevisionView>>> {
    let (item, _) = library::find_visible(&state.db, id, viewer.as_ref()).await?;
    Ok(Json(library::revisions(&state.db, &item).await?))
}

/// Download the current revision. Sent as an attachment (raster images
/// inline), typed by its bytes, never as HTML or ActivityPub JSON. Single
/// byte ranges are served, so a broken download can resume.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct RestoreQuery {
    /// A word on the new revision; default: "restored revision N".
    comment: Option<String>,
}

/// Make an earlier revision current again, as a new revision (contributors
/// and above).
#[utoipa::path(post, path = "/api/v1/library/items/{id}/revisions/{number}/restore", tag = "library",
    params(("id" = i64, Path), ("number" = i64, Path), RestoreQuery),
    responses((status = 200, body = ItemView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn restore_revision(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((id, number)): AppPath<(i64, i64)>,
    AppQuery(request): AppQuery<RestoreQuery>,
) -> AppResult<Json<ItemView>> {
    let (item, access) = library::find_visible(&state.db, id, Some(&me)).await?;
    library::restore(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        &me,
        number,
        request.comment.as_deref(),
    )
    .await?;
    Ok(Json(library::view(&state.db, &state.changes, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct DiffQuery {
    /// The older revision.
    from: i64,
    /// The newer revision.
    to: i64,
}

/// Compare two revisions of a note, line by line.
#[utoipa::path(get, path = "/api/v1/library/items/{id}/diff", tag = "library",
    params(("id" = i64, Path), DiffQuery),
    responses((status = 200, body = DiffView), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn diff(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
    AppQuery(query): AppQuery<DiffQuery>,
) -> AppResult<Json<DiffView>> {
    let (item, _) = library::find_visible(&state.db, id, viewer.as_ref()).await?;
    Ok(Json(
        library::diff(&state.db, &item, query.from, query.to).await?,
    ))
}

/// Comments on an item, oldest first.
#[utoipa::path(get, path = "/api/v1/library/items/{id}/comments", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ItemCommentView>), (status = 404, body = ErrorBody)))]
async fn list_comments(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Vec<ItemCommentView>>> {
    let (item, _) = library::find_visible(&state.db, id, viewer.as_ref()).await?;
    Ok(Json(library::comments(&state.db, &item).await?))
}

/// Comment on an item (contributors and above).
#[utoipa::path(post, path = "/api/v1/library/items/{id}/comments", tag = "library",
    params(("id" = i64, Path)), request_body = NewItemComment,
    responses((status = 201, body = ItemCommentView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(new): AppJson<NewItemComment>,
) -> AppResult<(StatusCode, Json<ItemCommentView>)> {
    let (item, access) = library::find_visible(&state.db, id, Some(&me)).await?;
    let view = library::add_comment(&state.db, &state.changes, &item, &access, &me, new).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Edit a comment (its author, or a content manager).
#[utoipa::path(patch, path = "/api/v1/library/comments/{id}", tag = "library",
    params(("id" = i64, Path)), request_body = NewItemComment,
    responses((status = 200, body = ItemCommentView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn edit_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(new): AppJson<NewItemComment>,
) -> AppResult<Json<ItemCommentView>> {
    Ok(Json(
        library::edit_comment(&state.db, &state.changes, id, &me, new).await?,
    ))
}

/// Delete a comment (its author, or a content manager).
#[utoipa::path(delete, path = "/api/v1/library/comments/{id}", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    library::delete_comment(&state.db, id, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}
