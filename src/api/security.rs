//! Keeping an account: `/api/v1/accounts/me/password`, `/password-resets`,
//! `/email-verifications`, `/accounts/me/totp`, `/sessions`, and the
//! admins' reset links and second-factor requirement.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::accounts::postman;
use super::extract::{AppJson, AppPath, Caller, CurrentAccount};
use crate::AppState;
use crate::accounts::second_factor::{self, Enrolment};
use crate::accounts::tokens::{self, SessionView, TokenKind};
use crate::accounts::{self, InstanceRole, links, recovery, site};
use crate::error::{AppError, AppResult, ErrorBody};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(change_password))
        .routes(routes!(request_reset))
        .routes(routes!(reset_password))
        .routes(routes!(admin_reset_link))
        .routes(routes!(admin_remove_second_factor))
        .routes(routes!(resend_verification))
        .routes(routes!(verify_email))
        .routes(routes!(start_totp, disable_totp))
        .routes(routes!(confirm_totp))
        .routes(routes!(new_recovery_codes))
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
        .routes(routes!(security_settings, set_security_settings))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PasswordChange {
    current_password: String,
    /// At least 10 characters.
    new_password: String,
}

/// Change one's password. Every other session and API token of the member
/// ends; the one making this request stays.
#[utoipa::path(post, path = "/api/v1/accounts/me/password", tag = "accounts", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "the current password is wrong"),
              (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    AppJson(body): AppJson<PasswordChange>,
) -> AppResult<StatusCode> {
    recovery::change_password(
        &state.db,
        &caller.account,
        &body.current_password,
        body.new_password,
        Some(caller.token_id),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ResetRequest {
    email: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Accepted {
    message: &'static str,
}

/// Ask for a password reset link by email. The answer is the same whether
/// or not an account has this address; when one has, a link valid for one
/// hour is emailed to it.
#[utoipa::path(post, path = "/api/v1/password-resets", tag = "accounts", request_body = ResetRequest,
    responses((status = 202, body = Accepted)))]
async fn request_reset(
    State(state): State<AppState>,
    AppJson(body): AppJson<ResetRequest>,
) -> (StatusCode, Json<Accepted>) {
    recovery::request_reset(state.db.clone(), postman(&state), body.email);
    (
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: "if an account has this address, a link to choose a new password was sent to it",
        }),
    )
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewPassword {
    /// At least 10 characters.
    new_password: String,
}

/// Choose a new password with the secret of a reset link (`/reset/{token}`).
/// The link works once; every session and API token of the member ends.
#[utoipa::path(post, path = "/api/v1/password-resets/{token}", tag = "accounts",
    params(("token" = String, Path)), request_body = NewPassword,
    responses((status = 204),
              (status = 422, body = ErrorBody, description = "a weak password, or a link that expired or was used")))]
async fn reset_password(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
    AppJson(body): AppJson<NewPassword>,
) -> AppResult<StatusCode> {
    recovery::reset_password(&state.db, &token, body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
struct ResetLink {
    /// Hand it to the member; it is not kept and cannot be shown again.
    link: String,
    /// How long it works, in hours.
    valid_hours: i64,
}

/// Make a password reset link for a member (admins), to hand over by any
/// means: it needs no mail server.
#[utoipa::path(post, path = "/api/v1/admin/accounts/{username}/password-reset", tag = "admin",
    params(("username" = String, Path)),
    responses((status = 201, body = ResetLink), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn admin_reset_link(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(username): AppPath<String>,
) -> AppResult<(StatusCode, Json<ResetLink>)> {
    require_admin(&me)?;
    let link = recovery::issue_reset_link(&state.db, &state.config.public_url(), &username).await?;
    tracing::info!(by = %me.username, account = %username, "admin made a password reset link");
    Ok((
        StatusCode::CREATED,
        Json(ResetLink {
            link,
            valid_hours: links::ADMIN_RESET_LIFETIME_SECS / 3600,
        }),
    ))
}

/// Take a member's second factor away (admins), for a member who lost
/// their phone and their recovery codes. They sign in with their password
/// alone until they add a new one (or must add one at once, when staff
/// are required to).
#[utoipa::path(delete, path = "/api/v1/admin/accounts/{username}/second-factor", tag = "admin",
    params(("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn admin_remove_second_factor(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(username): AppPath<String>,
) -> AppResult<StatusCode> {
    require_admin(&me)?;
    second_factor::remove_for(&state.db, &username).await?;
    tracing::warn!(by = %me.username, account = %username, "admin removed a member's second factor");
    Ok(StatusCode::NO_CONTENT)
}

fn require_admin(me: &accounts::Account) -> AppResult<()> {
    if me.role == InstanceRole::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden("only admins may do this"))
    }
}

/// Send the link confirming one's email address again.
#[utoipa::path(post, path = "/api/v1/accounts/me/email-verification", tag = "accounts",
    responses((status = 202, body = Accepted), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "already confirmed, or too many links lately")))]
async fn resend_verification(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<(StatusCode, Json<Accepted>)> {
    recovery::resend_verification(&postman(&state), &state.db, &me).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: "a link to confirm the address was sent to it",
        }),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Verified {
    /// The member's address, now confirmed.
    email: String,
}

/// Follow an email verification link (`/verify/{token}`): the address it was
/// sent to becomes the member's, confirmed.
#[utoipa::path(post, path = "/api/v1/email-verifications/{token}", tag = "accounts",
    params(("token" = String, Path)),
    responses((status = 200, body = Verified), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody, description = "the link expired or was used")))]
async fn verify_email(
    State(state): State<AppState>,
    AppPath(token): AppPath<String>,
) -> AppResult<Json<Verified>> {
    let account = recovery::verify_email(&state.db, &token).await?;
    Ok(Json(Verified {
        email: account.email,
    }))
}

/// Start adding a second factor: a new secret to put in an authenticator
/// app. It is not in force until a code is confirmed.
#[utoipa::path(post, path = "/api/v1/accounts/me/totp", tag = "accounts",
    responses((status = 201, body = Enrolment), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "a second factor is already on")))]
async fn start_totp(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<(StatusCode, Json<Enrolment>)> {
    let enrolment = second_factor::start_enrolment(&state.db, &me, &state.config.domain).await?;
    Ok((StatusCode::CREATED, Json(enrolment)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Code {
    /// The 6-digit code the app shows now.
    code: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct RecoveryCodes {
    /// Each works once instead of a code from the app. Shown only now.
    recovery_codes: Vec<String>,
}

/// Turn the second factor on with a code from the app; answers with the
/// recovery codes, shown this once.
#[utoipa::path(post, path = "/api/v1/accounts/me/totp/confirm", tag = "accounts", request_body = Code,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody, description = "wrong code")))]
async fn confirm_totp(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<Code>,
) -> AppResult<Json<RecoveryCodes>> {
    let recovery_codes = second_factor::confirm_enrolment(&state.db, &me, &body.code).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Password {
    password: String,
}

/// Turn the second factor off (asks for the password).
#[utoipa::path(delete, path = "/api/v1/accounts/me/totp", tag = "accounts", request_body = Password,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn disable_totp(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<Password>,
) -> AppResult<StatusCode> {
    second_factor::disable(&state.db, &me, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// New recovery codes (asks for the password); the old ones stop working.
#[utoipa::path(post, path = "/api/v1/accounts/me/recovery-codes", tag = "accounts", request_body = Password,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn new_recovery_codes(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<Password>,
) -> AppResult<Json<RecoveryCodes>> {
    let recovery_codes =
        second_factor::regenerate_recovery_codes(&state.db, &me, &body.password).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

/// One's browser sessions (API tokens are at `GET /api/v1/tokens`).
#[utoipa::path(get, path = "/api/v1/sessions", tag = "accounts",
    responses((status = 200, body = [SessionView]), (status = 401, body = ErrorBody)))]
async fn list_sessions(
    State(state): State<AppState>,
    caller: Caller,
) -> AppResult<Json<Vec<SessionView>>> {
    let current = (caller.kind == TokenKind::Session).then_some(caller.token_id);
    Ok(Json(
        tokens::list_sessions(&state.db, caller.account.id, current).await?,
    ))
}

/// End one of one's browser sessions (signs that browser out).
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn end_session(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    tokens::revoke(&state.db, me.id, id, TokenKind::Session).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SecuritySettings {
    /// Moderators and admins must use a second factor: without one they can
    /// only add one.
    require_totp_for_staff: bool,
}

/// The instance's security settings (admins).
#[utoipa::path(get, path = "/api/v1/admin/security", tag = "admin",
    responses((status = 200, body = SecuritySettings), (status = 403, body = ErrorBody)))]
async fn security_settings(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<SecuritySettings>> {
    require_admin(&me)?;
    Ok(Json(SecuritySettings {
        require_totp_for_staff: site::flag(&state.db, site::REQUIRE_TOTP_FOR_STAFF).await?,
    }))
}

/// Change the instance's security settings (admins).
#[utoipa::path(put, path = "/api/v1/admin/security", tag = "admin", request_body = SecuritySettings,
    responses((status = 200, body = SecuritySettings), (status = 403, body = ErrorBody)))]
async fn set_security_settings(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<SecuritySettings>,
) -> AppResult<Json<SecuritySettings>> {
    require_admin(&me)?;
    site::set_flag(
        &state.db,
        site::REQUIRE_TOTP_FOR_STAFF,
        body.require_totp_for_staff,
    )
    .await?;
    Ok(Json(body))
}
