//! The Translate button's answer: the text in the reader's interface
//! language, marked as a machine translation, with a link back to the
//! original; or, when nothing could be translated, why, in the reader's
//! language (never a 500: the server being down or slow is not ours).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;

use super::demote_headings;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::spaces::SpaceAccess;
use crate::translation::{self, ServerError, Translatable, Translation, TranslationError};
use crate::web::{Ctx, Submitted, html, local_path};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/translate/{kind}/{id}", post(translate))
}

/// Whether a page shows the Translate button on content of `language`
/// (`None`: the content does not say) in the space of `access`.
pub(super) fn offer(
    state: &AppState,
    c: &Ctx,
    access: &SpaceAccess,
    language: Option<&str>,
) -> bool {
    let reader = c.me.as_ref().map(|_| c.lang().code());
    state.translator.offers(access, language, reader)
}

#[derive(Deserialize)]
struct TranslateForm {
    /// The page the button was on.
    #[serde(default)]
    back: String,
}

#[derive(Template)]
#[template(path = "translation.html", config = "src/web/askama.toml")]
struct TranslationPage {
    c: Ctx,
    translation: Option<Translation>,
    error: String,
    original: String,
}

async fn translate(
    State(state): State<AppState>,
    c: Ctx,
    Path((kind, id)): Path<(String, i64)>,
    Submitted(form): Submitted<TranslateForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let kind: Translatable = kind.parse().map_err(|_| AppError::NotFound("content"))?;
    let target = c.lang().code();
    let (status, key) = match translation::translate(&state, me, kind, id, target).await {
        Ok(mut translation) => {
            translation.body_html = demote_headings(&translation.body_html);
            let original = translation.page.clone();
            return html(TranslationPage {
                c,
                translation: Some(translation),
                error: String::new(),
                original,
            });
        }
        // No such content, or not for this reader: as everywhere.
        Err(TranslationError::App(e)) => return Err(e),
        Err(e) => failure(&e),
    };
    let page = TranslationPage {
        error: c.t.get(key),
        original: local_path(&form.back),
        translation: None,
        c,
    };
    let mut response = html(page)?;
    *response.status_mut() = status;
    Ok(response.into_response())
}

/// The status and the reader's message for each reason.
fn failure(error: &TranslationError) -> (StatusCode, &'static str) {
    match error {
        TranslationError::Off => (StatusCode::NOT_FOUND, "translate-error-off"),
        TranslationError::Private => (StatusCode::FORBIDDEN, "translate-error-private"),
        TranslationError::SameLanguage(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "translate-error-same")
        }
        TranslationError::TooLong(_) => (StatusCode::PAYLOAD_TOO_LARGE, "translate-error-too-long"),
        TranslationError::TooMany(_) => (StatusCode::TOO_MANY_REQUESTS, "translate-error-too-many"),
        TranslationError::Server(ServerError::Timeout) => {
            (StatusCode::GATEWAY_TIMEOUT, "translate-error-slow")
        }
        TranslationError::Server(_) | TranslationError::App(_) => {
            (StatusCode::BAD_GATEWAY, "translate-error-unavailable")
        }
    }
}
