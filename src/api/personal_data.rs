//! Personal data: one's export archive, and the instance's privacy notice.
//! (Closing an account is `DELETE /api/v1/accounts/me`, in `accounts.rs`
//! beside the other methods of that path.)

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncReadExt;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, CurrentAccount};
use crate::AppState;
use crate::accounts::export::{self, Archive};
use crate::accounts::{InstanceRole, site};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(privacy_notice, set_privacy_notice))
}

/// The export: building a large archive may take longer than the overall
/// request time limit, so it is served beside the uploads, without one.
pub fn long_running() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_me))
}

/// Everything of mine as one zip archive: JSON files and a readable
/// `index.html` (see docs/api.md for the files inside).
#[utoipa::path(get, path = "/api/v1/accounts/me/export", tag = "accounts",
    responses((status = 200, description = "application/zip, as an attachment", content_type = "application/zip"),
              (status = 401, body = ErrorBody)))]
async fn export_me(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Response> {
    let lang = Lang::from_code(&me.ui_language).unwrap_or(Lang::En);
    let archive =
        export::build(&state.db, &state.storage, &state.config.data_dir, &me, lang).await?;
    archive_response(archive)
}

/// Streams an export archive as a download, in blocks.
pub fn archive_response(archive: Archive) -> AppResult<Response> {
    let stream = futures_util::stream::unfold(archive.file, |mut file| async move {
        let mut block = vec![0u8; 64 * 1024];
        match file.read(&mut block).await {
            Ok(0) => None,
            Ok(n) => {
                block.truncate(n);
                Some((Ok::<_, std::io::Error>(bytes::Bytes::from(block)), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "application/zip")
        .header(header::CONTENT_LENGTH, archive.len)
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", archive.file_name),
        )
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_stream(stream))
        .map_err(|e| AppError::Internal(e.into()))
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
struct PrivacyNotice {
    /// As the admin wrote it (markdown); empty when there is none.
    markdown: String,
    /// Rendered and sanitised (read-only; ignored when sent).
    #[serde(default)]
    html: String,
}

/// The instance's privacy notice, shown at sign-up. Anyone may read it.
#[utoipa::path(get, path = "/api/v1/privacy", tag = "instance",
    responses((status = 200, body = PrivacyNotice)))]
async fn privacy_notice(State(state): State<AppState>) -> AppResult<Json<PrivacyNotice>> {
    let (markdown, html) = site::privacy_notice(&state.db).await?;
    Ok(Json(PrivacyNotice { markdown, html }))
}

/// Replace the privacy notice (admins).
#[utoipa::path(put, path = "/api/v1/privacy", tag = "admin", request_body = PrivacyNotice,
    responses((status = 200, body = PrivacyNotice), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn set_privacy_notice(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<PrivacyNotice>,
) -> AppResult<(StatusCode, Json<PrivacyNotice>)> {
    if me.role != InstanceRole::Admin {
        return Err(AppError::forbidden(
            "only admins may change the privacy notice",
        ));
    }
    site::set_privacy_notice(&state.db, &body.markdown).await?;
    let (markdown, html) = site::privacy_notice(&state.db).await?;
    Ok((StatusCode::OK, Json(PrivacyNotice { markdown, html })))
}
