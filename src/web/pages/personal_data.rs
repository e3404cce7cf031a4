//! Personal data in the web interface: downloading one's archive, closing
//! one's account (a confirmation page asking for the password), the
//! privacy notice for anyone (`/privacy`) and its editor for admins.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::admin::{Nav, admin};
use crate::AppState;
use crate::accounts::closing::{self, ContentChoice};
use crate::accounts::{export, site};
use crate::api::extract::SESSION_COOKIE;
use crate::error::{AppError, AppResult};
use crate::federation::farewell;
use crate::spaces;
use crate::web::context::set_cookie;
use crate::web::field_errors::{FieldErrors, Refusable, refused};
use crate::web::{Ctx, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/settings/delete", get(delete_page).post(delete_account))
        .route("/privacy", get(privacy_page))
        .route("/admin/privacy", get(admin_privacy_page).post(save_privacy))
}

/// The export, without the overall request time limit (see
/// `api::personal_data::long_running`).
pub fn long_running() -> axum::Router<AppState> {
    axum::Router::new().route("/settings/export", get(export_archive))
}

async fn export_archive(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let me = c.member()?;
    let archive = export::build(
        &state.db,
        &state.storage,
        &state.config.data_dir,
        me,
        c.lang(),
    )
    .await?;
    crate::api::personal_data::archive_response(archive)
}

#[derive(Template)]
#[template(path = "account_delete.html", config = "src/web/askama.toml")]
struct DeletePage {
    c: Ctx,
    /// Spaces the member alone manages, `(slug, title)`: they hand over first.
    sole: Vec<(String, String)>,
    /// A message id.
    error: Option<&'static str>,
}

async fn delete_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let me = c.member()?;
    let sole = spaces::members::sole_manager_of(&state.db, me.id).await?;
    html(DeletePage {
        c,
        sole,
        error: None,
    })
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    password: String,
    content: ContentChoice,
}

async fn delete_account(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<DeleteForm>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    if let Err(e) = closing::check(&state.db, &me, &form.password).await {
        let error = match e {
            AppError::Invalid(_) => "data-delete-wrong-password",
            AppError::Conflict(ref m) if m.contains("last admin") => "data-delete-last-admin",
            AppError::Conflict(_) => "data-delete-sole-manager",
            other => return Err(other),
        };
        let sole = spaces::members::sole_manager_of(&state.db, me.id).await?;
        let page = html(DeletePage {
            c,
            sole,
            error: Some(error),
        })?;
        let status = if error == "data-delete-wrong-password" {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::CONFLICT
        };
        return Ok((status, page).into_response());
    }
    let audience = farewell::audience(&state.db, me.id).await?;
    closing::close(&state, &me, form.content).await?;
    let (db, fed) = (&state.db, &state.federation);
    farewell::send(db, fed, me.id, &me.username, form.content, audience).await?;
    let mut response = see_other("/?account=closed");
    response
        .headers_mut()
        .append(SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "", 0));
    Ok(response)
}

#[derive(Template)]
#[template(path = "privacy.html", config = "src/web/askama.toml")]
struct PrivacyPage {
    c: Ctx,
    notice_html: String,
}

async fn privacy_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let (_, notice_html) = site::privacy_notice(&state.db).await?;
    html(PrivacyPage { c, notice_html })
}

#[derive(Template)]
#[template(path = "admin_privacy.html", config = "src/web/askama.toml")]
struct AdminPrivacyPage {
    c: Ctx,
    n: Nav,
    source: String,
    saved: bool,
    /// The notice refused: said by its field.
    errors: FieldErrors,
}

async fn admin_privacy_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let n = Nav::new(admin(&c)?, "privacy");
    let (source, _) = site::privacy_notice(&state.db).await?;
    html(AdminPrivacyPage {
        c,
        n,
        source,
        saved: false,
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize)]
struct PrivacyForm {
    #[serde(default)]
    notice: String,
}

/// A notice too long comes back as typed, by its field.
const PRIVACY_REFUSABLE: [Refusable; 1] = [("privacy_notice", "notice", "form-error-too-long")];

async fn save_privacy(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<PrivacyForm>,
) -> AppResult<Response> {
    let n = Nav::new(admin(&c)?, "privacy");
    if let Err(e) = site::set_privacy_notice(&state.db, &form.notice).await {
        let errors = FieldErrors::from_refusal("", &e, &PRIVACY_REFUSABLE).ok_or(e)?;
        return refused(AdminPrivacyPage {
            c,
            n,
            source: form.notice,
            saved: false,
            errors,
        });
    }
    let (source, _) = site::privacy_notice(&state.db).await?;
    html(AdminPrivacyPage {
        c,
        n,
        source,
        saved: true,
        errors: FieldErrors::default(),
    })
}
