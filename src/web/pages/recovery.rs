//! Getting back in: the "forgot password" page, the page a reset link
//! opens, and the page a verification link opens.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::links::{self, LinkPurpose};
use crate::accounts::recovery::{self, Postman};
use crate::api::extract::AppPath;
use crate::error::{AppError, AppResult};
use crate::web::field_errors::FieldErrors;
use crate::web::{Ctx, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/forgot", get(forgot_page).post(forgot))
        .route("/reset/{token}", get(reset_page).post(reset))
        .route("/verify/{token}", get(verify))
}

#[derive(Template)]
#[template(path = "forgot.html", config = "src/web/askama.toml")]
struct ForgotPage {
    c: Ctx,
    sent: bool,
}

async fn forgot_page(c: Ctx) -> AppResult<Response> {
    html(ForgotPage { c, sent: false })
}

#[derive(Deserialize)]
struct ForgotForm {
    email: String,
}

/// Says the same whatever the address: nobody learns who has an account.
async fn forgot(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<ForgotForm>,
) -> AppResult<Response> {
    recovery::request_reset(
        state.db.clone(),
        Postman::new(&state.mailer, &state.config.language),
        form.email,
    );
    html(ForgotPage { c, sent: true })
}

#[derive(Template)]
#[template(path = "reset.html", config = "src/web/askama.toml")]
struct ResetPage {
    c: Ctx,
    token: String,
    /// The link expired or was used.
    dead: bool,
    /// The last password typed was too short: said next to the field.
    errors: FieldErrors,
}

/// A token as it may appear in a URL of ours (no escaping needed).
fn clean(token: &str) -> String {
    token
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(100)
        .collect()
}

async fn reset_page(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(token): AppPath<String>,
) -> AppResult<Response> {
    let token = clean(&token);
    let dead = links::check(&state.db, &token, LinkPurpose::PasswordReset)
        .await
        .is_err();
    let status = if dead {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    let page = html(ResetPage {
        c,
        token,
        dead,
        errors: FieldErrors::default(),
    })?;
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
struct ResetForm {
    new_password: String,
}

async fn reset(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(token): AppPath<String>,
    Submitted(form): Submitted<ResetForm>,
) -> AppResult<Response> {
    let token = clean(&token);
    match recovery::reset_password(&state.db, &token, form.new_password).await {
        Ok(_) => Ok(see_other("/login?reset=done")),
        Err(AppError::Invalid(m)) => {
            let weak = m.starts_with("password");
            let status = if weak {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::GONE
            };
            let mut errors = FieldErrors::default();
            if weak {
                errors.add("new_password", "security-password-weak");
            }
            let page = html(ResetPage {
                c,
                token,
                dead: !weak,
                errors,
            })?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "verified.html", config = "src/web/askama.toml")]
struct VerifiedPage {
    c: Ctx,
    /// The address now confirmed; none when the link did not work.
    email: Option<String>,
    failure: &'static str,
}

/// Following the link confirms the address: opening it is the proof that
/// the mail arrived.
async fn verify(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(token): AppPath<String>,
) -> AppResult<Response> {
    let (status, email, failure) = match recovery::verify_email(&state.db, &clean(&token)).await {
        Ok(account) => (StatusCode::OK, Some(account.email), ""),
        Err(AppError::Invalid(_)) => (StatusCode::GONE, None, "security-verify-dead"),
        Err(AppError::Conflict(_)) => (StatusCode::CONFLICT, None, "security-email-taken"),
        Err(e) => return Err(e),
    };
    let page = html(VerifiedPage { c, email, failure })?;
    Ok((status, page).into_response())
}
