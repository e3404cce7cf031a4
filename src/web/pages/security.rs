//! The member's security settings: password, email address, second factor
//! (`/settings/security`), and the sessions and API tokens signed in to the
//! account (`/settings/sessions`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::recovery::{self, Postman};
use crate::accounts::second_factor::{self, Enrolment};
use crate::accounts::tokens::{self, SessionView, TokenKind, TokenView};
use crate::accounts::{Account, links};
use crate::api::extract::AppPath;
use crate::db::format_time;
use crate::error::{AppError, AppResult};
use crate::web::field_errors::{FieldErrors, refused};
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/settings/security", get(security_page))
        .route("/settings/security/password", post(change_password))
        .route("/settings/security/email", post(change_email))
        .route("/settings/security/email/resend", post(resend))
        .route("/settings/security/totp", post(start_totp))
        .route("/settings/security/totp/confirm", post(confirm_totp))
        .route("/settings/security/totp/disable", post(disable_totp))
        .route("/settings/security/recovery-codes", post(new_codes))
        .route("/settings/sessions", get(sessions_page))
        .route("/settings/sessions/{id}/end", post(end_session))
        .route("/settings/tokens/{id}/revoke", post(revoke_token))
}

fn postman(state: &AppState) -> Postman {
    Postman::new(&state.mailer, &state.config.language)
}

#[derive(Template)]
#[template(path = "settings_security.html", config = "src/web/askama.toml")]
struct SecurityPage {
    c: Ctx,
    email: String,
    verified: bool,
    /// An address asked for and not confirmed yet.
    pending_email: Option<String>,
    /// When the second factor was turned on (RFC 3339).
    totp_since: Option<String>,
    /// An enrolment started: its QR code and key.
    enrolment: Option<Enrolment>,
    /// Just made: shown this once.
    recovery_codes: Vec<String>,
    codes_left: i64,
    /// This member may do nothing else until they add a second factor.
    required: bool,
    /// What just went well, or wrong: message ids.
    notice: Option<&'static str>,
    error: Option<&'static str>,
    /// A refused field of the password or address forms, next to it.
    errors: FieldErrors,
    /// The new address as typed, when refused.
    typed_email: String,
}

impl SecurityPage {
    async fn new(state: &AppState, c: Ctx) -> AppResult<SecurityPage> {
        let me = c.member()?.clone();
        Ok(SecurityPage {
            pending_email: links::pending_email(&state.db, me.id, &me.email).await?,
            totp_since: me.totp_enabled_at.map(format_time),
            enrolment: second_factor::pending_enrolment(&state.db, &me, &state.config.domain)
                .await?,
            codes_left: second_factor::recovery_codes_left(&state.db, me.id).await?,
            required: second_factor::enrolment_required(&state.db, &me).await?,
            verified: me.email_verified_at.is_some(),
            email: me.email,
            recovery_codes: Vec::new(),
            notice: None,
            error: None,
            errors: FieldErrors::default(),
            typed_email: String::new(),
            c,
        })
    }

    fn pending(&self) -> &str {
        self.pending_email.as_deref().unwrap_or_default()
    }

    /// A failed form: the page again, saying what went wrong.
    fn failed(mut self, error: &'static str) -> AppResult<Response> {
        self.error = Some(error);
        let page = html(self)?;
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    }

    /// A refused field: the page again, the message next to the field.
    fn refused_field(mut self, field: &'static str, message: &'static str) -> AppResult<Response> {
        self.errors.add(field, message);
        refused(self)
    }
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// What `?done=` may say: a known word, never text from the URL.
fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "password" => Some("security-password-changed"),
        "email" => Some("security-email-sent"),
        "totp-off" => Some("security-totp-disabled"),
        _ => None,
    }
}

async fn security_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let mut page = SecurityPage::new(&state, c).await?;
    page.notice = done_message(&q.done);
    html(page)
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<PasswordForm>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    let changed = recovery::change_password(
        &state.db,
        &me,
        &form.current_password,
        form.new_password,
        c.session_id,
    )
    .await;
    match changed {
        Ok(()) => Ok(see_other("/settings/security?done=password")),
        Err(AppError::Forbidden(_)) => SecurityPage::new(&state, c)
            .await?
            .refused_field("current_password", "security-password-wrong"),
        Err(AppError::Invalid(_)) => SecurityPage::new(&state, c)
            .await?
            .refused_field("new_password", "security-password-weak"),
        Err(e) => Err(e),
    }
}

/// An email change's refusal, as a message in the member's language.
fn email_error(e: AppError) -> AppResult<&'static str> {
    match e {
        AppError::Conflict(m) if m.contains("last hour") => Ok("security-email-too-many"),
        AppError::Conflict(_) => Ok("security-email-taken"),
        AppError::Invalid(_) => Ok("security-email-invalid"),
        other => Err(other),
    }
}

#[derive(Deserialize)]
struct EmailForm {
    email: String,
}

async fn change_email(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<EmailForm>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    let sent = recovery::request_email_change(&postman(&state), &state.db, &me, &form.email).await;
    match sent {
        Ok(()) => Ok(see_other("/settings/security?done=email")),
        Err(e) => {
            let message = email_error(e)?;
            let mut page = SecurityPage::new(&state, c).await?;
            page.typed_email = form.email;
            page.refused_field("email", message)
        }
    }
}

async fn resend(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    let sent = recovery::resend_verification(&postman(&state), &state.db, &me).await;
    after_email(&state, c, sent).await
}

/// After a link was (or could not be) sent to an address: back to the page
/// saying so, or the page again with the reason next to the form.
async fn after_email(state: &AppState, c: Ctx, sent: AppResult<()>) -> AppResult<Response> {
    match sent {
        Ok(()) => Ok(see_other("/settings/security?done=email")),
        Err(e) => {
            let message = email_error(e)?;
            SecurityPage::new(state, c).await?.failed(message)
        }
    }
}

async fn start_totp(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    second_factor::start_enrolment(&state.db, me, &state.config.domain).await?;
    Ok(see_other("/settings/security#totp"))
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

/// Turns the factor on and shows the recovery codes at once: they cannot
/// be shown again, so there is no redirect.
async fn confirm_totp(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<CodeForm>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    match second_factor::confirm_enrolment(&state.db, &me, &form.code).await {
        Ok(codes) => show_codes(&state, c, &me, codes).await,
        Err(AppError::Invalid(_)) => SecurityPage::new(&state, c)
            .await?
            .failed("security-totp-wrong"),
        Err(e) => Err(e),
    }
}

async fn show_codes(
    state: &AppState,
    mut c: Ctx,
    me: &Account,
    codes: Vec<String>,
) -> AppResult<Response> {
    // The page shows the account as it is now, with the factor on.
    c.me = crate::accounts::find_by_id(&state.db, me.id).await?;
    let mut page = SecurityPage::new(state, c).await?;
    page.recovery_codes = codes;
    html(page)
}

#[derive(Deserialize)]
struct PasswordOnly {
    password: String,
}

async fn disable_totp(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<PasswordOnly>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    match second_factor::disable(&state.db, &me, &form.password).await {
        Ok(()) => Ok(see_other("/settings/security?done=totp-off")),
        Err(AppError::Forbidden(_)) => SecurityPage::new(&state, c)
            .await?
            .failed("security-password-wrong"),
        Err(e) => Err(e),
    }
}

async fn new_codes(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<PasswordOnly>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    match second_factor::regenerate_recovery_codes(&state.db, &me, &form.password).await {
        Ok(codes) => show_codes(&state, c, &me, codes).await,
        Err(AppError::Forbidden(_)) => SecurityPage::new(&state, c)
            .await?
            .failed("security-password-wrong"),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "settings_sessions.html", config = "src/web/askama.toml")]
struct SessionsPage {
    c: Ctx,
    sessions: Vec<SessionView>,
    tokens: Vec<TokenView>,
}

async fn sessions_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let me = c.member()?;
    let sessions = tokens::list_sessions(&state.db, me.id, c.session_id).await?;
    let tokens = tokens::list_api_tokens(&state.db, me.id).await?;
    html(SessionsPage {
        c,
        sessions,
        tokens,
    })
}

async fn end_session(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(id): AppPath<i64>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    tokens::revoke(&state.db, me.id, id, TokenKind::Session).await?;
    Ok(see_other("/settings/sessions"))
}

async fn revoke_token(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(id): AppPath<i64>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    tokens::revoke(&state.db, me.id, id, TokenKind::Api).await?;
    Ok(see_other("/settings/sessions"))
}
