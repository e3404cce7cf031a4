//! Pictures and files to attach to posts and comments, and the profile
//! picture. As for library files, the body is the file itself (any
//! Content-Type; its type is recognised from its bytes), with the rest in
//! the query string. An upload is attached by listing its id in `media`
//! when writing a post or comment; one never attached goes after a day.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount};
use crate::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::media::{self, Attachment, Incoming, MAX_BYTES};

/// The routes whose body is a file: served without the overall timeout.
pub fn uploads() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(set_avatar, remove_avatar))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(describe))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct UploadMeta {
    /// The file's name, as it downloads.
    filename: Option<String>,
    /// For a picture: what it shows, for people who cannot see it.
    description: Option<String>,
}

fn too_large() -> AppError {
    AppError::TooLarge(format!(
        "attachments may be at most {}",
        crate::library::human_bytes(MAX_BYTES as u64)
    ))
}

/// The whole body, refused past [`MAX_BYTES`] (by its Content-Length
/// before a byte is read, when it says).
async fn read_body(headers: &HeaderMap, body: Body) -> AppResult<bytes::Bytes> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BYTES as u64) {
        return Err(too_large());
    }
    let mut stream = body.into_data_stream();
    let mut bytes = bytes::BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("the upload was cut short".into()))?;
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes.freeze())
}

/// Upload a picture or a file to attach. A picture (JPEG, PNG, GIF, WebP)
/// is turned upright, made into a full, a phone-sized and a thumbnail
/// variant, and re-encoded without its metadata (GPS position included);
/// the original is not kept. At most 16 MB.
#[utoipa::path(post, path = "/api/v1/media", tag = "media",
    params(UploadMeta),
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "The file's bytes"),
    responses((status = 201, body = Attachment), (status = 401, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(meta): AppQuery<UploadMeta>,
    headers: HeaderMap,
    body: Body,
) -> AppResult<(StatusCode, Json<Attachment>)> {
    let bytes = read_body(&headers, body).await?;
    let stored = media::store(
        &state.db,
        &state.storage,
        &me,
        Incoming {
            file_name: meta.filename.unwrap_or_else(|| "attachment".into()),
            bytes,
            description: meta.description.unwrap_or_default(),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Description {
    /// What the picture shows, for people who cannot see it.
    description: String,
}

/// Describe a picture (its author only).
#[utoipa::path(patch, path = "/api/v1/media/{id}", tag = "media",
    params(("id" = i64, Path)),
    request_body = Description,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn describe(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<Description>,
) -> AppResult<StatusCode> {
    media::describe(&state.db, id, &me, &body.description).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Set your profile picture (replacing the one before), processed like
/// an attachment's picture.
#[utoipa::path(put, path = "/api/v1/accounts/me/avatar", tag = "media",
    request_body(content = Vec<u8>, content_type = "application/octet-stream",
                 description = "The picture's bytes"),
    responses((status = 200, body = Attachment), (status = 401, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_avatar(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Json<Attachment>> {
    let bytes = read_body(&headers, body).await?;
    let stored = media::set_avatar(
        &state.db,
        &state.storage,
        &me,
        Incoming {
            file_name: "avatar".into(),
            bytes,
            description: String::new(),
        },
    )
    .await?;
    Ok(Json(stored))
}

/// Remove your profile picture.
#[utoipa::path(delete, path = "/api/v1/accounts/me/avatar", tag = "media",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn remove_avatar(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<StatusCode> {
    media::remove_avatar(&state.db, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}
