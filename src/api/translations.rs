//! `POST /api/v1/translations`: a post, comment, event or library note in
//! another language, through the instance's translation server.

use axum::Json;
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, CurrentAccount};
use crate::AppState;
use crate::accounts::INTERFACE_LANGUAGES;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::translation::{self, Translatable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(translate))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct TranslationRequest {
    kind: Translatable,
    /// The post's, comment's, event's or library note's id.
    #[serde(deserialize_with = "crate::integer::required")]
    id: i64,
    /// One of the interface languages (`en`, `fr`, `ar`, `de`, `pt`);
    /// the caller's own interface language when absent.
    #[serde(default)]
    target: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct TranslationView {
    kind: Translatable,
    id: i64,
    /// Plain text; empty for comments.
    title: String,
    /// Sanitised HTML.
    body_html: String,
    /// The original's language, as given or as detected (`und`: unknown).
    source_language: String,
    target: String,
    /// Always true: this text was translated by a machine.
    machine_translated: bool,
    /// Whether it was translated before (for anyone) and came from the cache.
    cached: bool,
}

/// Translate a text the caller may read into their language. Only for
/// signed-in members; answers 404 when the instance has no translation
/// server, 403 for content of a private space unless the admin declared
/// the server their own, 413 for a text over `translation.max_chars`,
/// 429 past the hourly allowance, 502 when the server is down, slow or
/// answers something unusable (nothing is cached then).
#[utoipa::path(post, path = "/api/v1/translations", tag = "translation",
    request_body = TranslationRequest,
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = TranslationView), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody), (status = 502, body = ErrorBody)))]
async fn translate(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(request): AppJson<TranslationRequest>,
) -> AppResult<Json<TranslationView>> {
    let target = match request.target {
        Some(target) => target,
        None if me.ui_language.is_empty() => state.config.language.clone(),
        None => me.ui_language.clone(),
    };
    if !INTERFACE_LANGUAGES.contains(&target.as_str()) {
        return Err(AppError::invalid(format!(
            "target: one of {}",
            INTERFACE_LANGUAGES.join(", ")
        )));
    }
    let done = translation::translate(&state, &me, request.kind, request.id, &target).await?;
    Ok(Json(TranslationView {
        kind: done.kind,
        id: done.id,
        title: done.title,
        body_html: done.body_html,
        source_language: done.source_language,
        target: done.target,
        machine_translated: true,
        cached: done.cached,
    }))
}
