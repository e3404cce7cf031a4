//! `/api/v1/accounts`, `/sessions`, `/tokens`, `/invitations`, `/admin/accounts`.

use axum::Json;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{
    AppJson, AppPath, CurrentAccount, MaybeAccount, SESSION_COOKIE, SessionToken,
};
use crate::AppState;
use crate::accounts::closing::{self, Closing};
use crate::accounts::invitations::{self, CreatedInvitation, InvitationView};
use crate::accounts::recovery::{self, Postman};
use crate::accounts::tokens::{self, SESSION_LIFETIME_SECS, TokenKind, TokenView};
use crate::accounts::{self, AccountView, InstanceRole, NewAccount, ProfileChange, second_factor};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::federation::farewell;
use crate::serving::ClientAddr;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(me, update_me, close_me))
        .routes(routes!(profile))
        .routes(routes!(sign_in))
        .routes(routes!(sign_out))
        .routes(routes!(create_token, list_tokens))
        .routes(routes!(revoke_token))
        .routes(routes!(create_invitation, list_invitations))
        .routes(routes!(list_accounts))
        .routes(routes!(set_role))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RegisterRequest {
    username: String,
    email: String,
    /// At least 10 characters.
    password: String,
    /// The token of an invitation link; required when registration is `invite`.
    invitation: Option<String>,
}

/// Create an account, as the instance's registration mode allows.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = RegisterRequest,
    responses((status = 201, body = AccountView), (status = 403, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody, description = "too many registrations or bad invitation links from this address: wait `Retry-After` seconds"),
              (status = 503, body = ErrorBody, description = "every password worker is busy: try again after `Retry-After` seconds")))]
async fn register(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    AppJson(body): AppJson<RegisterRequest>,
) -> AppResult<(StatusCode, Json<AccountView>)> {
    let account = accounts::register(
        &state.db,
        &state.throttles,
        client,
        NewAccount {
            username: body.username,
            email: body.email,
            password: body.password,
            role: InstanceRole::Member,
        },
        state.config.registration,
        body.invitation.as_deref(),
    )
    .await?;
    recovery::send_verification(&postman(&state), &state.db, &account, &account.email).await?;
    Ok((StatusCode::CREATED, Json(account.view(Some(&account)))))
}

/// The signed-in member's own account.
#[utoipa::path(get, path = "/api/v1/accounts/me", tag = "accounts",
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody)))]
async fn me(CurrentAccount(me): CurrentAccount) -> Json<AccountView> {
    Json(me.view(Some(&me)))
}

/// Change one's profile; absent fields stay as they are. A new `email` is
/// not set at once: a link is sent to it, and following the link sets it.
#[utoipa::path(patch, path = "/api/v1/accounts/me", tag = "accounts", request_body = ProfileChange,
    responses((status = 200, body = AccountView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_me(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(mut change): AppJson<ProfileChange>,
) -> AppResult<Json<AccountView>> {
    // The address first: a refused one (taken, malformed) changes nothing.
    if let Some(email) = change.email.take() {
        recovery::request_email_change(&postman(&state), &state.db, &me, &email).await?;
    }
    let updated = accounts::update_profile(&state.db, &me, change).await?;
    Ok(Json(updated.view(Some(&updated))))
}

/// A member's public profile.
#[utoipa::path(get, path = "/api/v1/accounts/{username}", tag = "accounts",
    params(("username" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = ErrorBody)))]
async fn profile(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(username): AppPath<String>,
) -> AppResult<Json<AccountView>> {
    // A hidden profile answers exactly like a missing one.
    let account = accounts::find_by_username(&state.db, &username)
        .await?
        .filter(|a| a.profile_visible_to(viewer.as_ref()))
        .ok_or(AppError::NotFound("account"))?;
    Ok(Json(account.view(viewer.as_ref())))
}

/// Close one's account, confirmed by the password. `content`: `delete`
/// (posts, comments, reactions and library items one created are deleted)
/// or `anonymise` (they stay, without one's name and profile). Refused
/// (409) for the last admin and for the only manager of a space.
#[utoipa::path(delete, path = "/api/v1/accounts/me", tag = "accounts", request_body = Closing,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn close_me(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<Closing>,
) -> AppResult<StatusCode> {
    closing::check(&state.db, &me, &body.password).await?;
    // Whom to tell is known only while the member is still in their spaces.
    let audience = farewell::audience(&state.db, me.id).await?;
    closing::close(&state, &me, body.content).await?;
    let (db, fed) = (&state.db, &state.federation);
    farewell::send(db, fed, me.id, &me.username, body.content, audience).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SignIn {
    /// Username or email.
    login: String,
    password: String,
    /// For accounts with a second factor: the code from the authenticator
    /// app, or a recovery code. Without it such an account gets 401
    /// `second_factor_required`.
    totp: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = SignedIn)]
struct SessionView {
    account: AccountView,
    expires_at: String,
}

/// How this instance emails members.
pub(super) fn postman(state: &AppState) -> Postman {
    Postman::new(&state.mailer, &state.config.language)
}

pub(super) fn session_cookie(
    state: &AppState,
    value: &str,
    max_age: i64,
) -> AppResult<HeaderValue> {
    let secure = if state.config.https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .map_err(|e| AppError::Internal(e.into()))
}

/// Counts a refused sign-in for `/metrics`: failed (wrong login or
/// password, suspended account) or throttled (too many wrong passwords).
pub(crate) fn count_failed_login(state: &AppState, error: &AppError) {
    match error {
        AppError::Unauthorized(_) | AppError::Forbidden(_) => state.metrics.login_failed(),
        AppError::TooManyRequests { .. } => state.metrics.login_throttled(),
        _ => {}
    }
}

/// Sign in: sets the `agora_session` cookie used by browsers.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "accounts", request_body = SignIn,
    responses((status = 201, body = SessionView), (status = 401, body = ErrorBody, description = "wrong login or password (`unauthorized`), or a second factor is needed (`second_factor_required`)"),
              (status = 429, body = ErrorBody, description = "too many wrong passwords for this account or from this address: wait `Retry-After` seconds, even with the right password"),
              (status = 503, body = ErrorBody, description = "every password worker is busy: try again after `Retry-After` seconds")))]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    request_headers: HeaderMap,
    AppJson(body): AppJson<SignIn>,
) -> AppResult<(StatusCode, HeaderMap, Json<SessionView>)> {
    let account = accounts::verify_login(
        &state.db,
        &state.throttles,
        client,
        &body.login,
        &body.password,
    )
    .await
    .inspect_err(|e| count_failed_login(&state, e))?;
    second_factor::check_login(&state.db, &account, body.totp.as_deref()).await?;
    let device = tokens::device_label(
        request_headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    );
    let (_, secret) = tokens::create(&state.db, account.id, TokenKind::Session, &device).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        SET_COOKIE,
        session_cookie(&state, &secret, SESSION_LIFETIME_SECS)?,
    );
    let expires = crate::db::now() + SESSION_LIFETIME_SECS * 1_000_000;
    Ok((
        StatusCode::CREATED,
        headers,
        Json(SessionView {
            account: account.view(Some(&account)),
            expires_at: crate::db::format_time(expires),
        }),
    ))
}

/// Sign out of the current browser session.
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "accounts",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn sign_out(
    State(state): State<AppState>,
    SessionToken(secret): SessionToken,
) -> AppResult<(StatusCode, HeaderMap)> {
    let secret = secret
        .ok_or_else(|| AppError::Unauthorized("not signed in with a session cookie".into()))?;
    let (account, token_id) = tokens::authenticate(&state.db, &secret, TokenKind::Session)
        .await?
        .ok_or_else(|| AppError::Unauthorized("this session has already ended".into()))?;
    tokens::revoke(&state.db, account.id, token_id, TokenKind::Session).await?;
    let mut headers = HeaderMap::new();
    headers.insert(SET_COOKIE, session_cookie(&state, "", 0)?);
    Ok((StatusCode::NO_CONTENT, headers))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewToken {
    /// What the token is for, e.g. "phone app".
    name: String,
    /// With `password`, for callers that are not signed in yet.
    login: Option<String>,
    password: Option<String>,
    /// With `login` and `password`, for accounts with a second factor: a
    /// code from the authenticator app, or a recovery code.
    totp: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct CreatedToken {
    id: i64,
    name: String,
    /// Send as `Authorization: Bearer TOKEN`. Shown only now.
    token: String,
}

/// Create an API token, when signed in or with a login and password.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody),
              (status = 429, body = ErrorBody, description = "with login and password: too many wrong passwords, as for `POST /sessions`"),
              (status = 503, body = ErrorBody, description = "every password worker is busy: try again after `Retry-After` seconds")))]
async fn create_token(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    MaybeAccount(caller): MaybeAccount,
    AppJson(body): AppJson<NewToken>,
) -> AppResult<(StatusCode, Json<CreatedToken>)> {
    let account = match (caller, body.login, body.password) {
        (Some(account), _, _) => account,
        (None, Some(login), Some(password)) => {
            let account =
                accounts::verify_login(&state.db, &state.throttles, client, &login, &password)
                    .await
                    .inspect_err(|e| count_failed_login(&state, e))?;
            second_factor::check_login(&state.db, &account, body.totp.as_deref()).await?;
            account
        }
        (None, _, _) => {
            return Err(AppError::Unauthorized(
                "sign in, or give login and password".into(),
            ));
        }
    };
    let (id, token) = tokens::create(&state.db, account.id, TokenKind::Api, &body.name).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedToken {
            id,
            name: body.name.trim().to_owned(),
            token,
        }),
    ))
}

/// One's API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, body = [TokenView]), (status = 401, body = ErrorBody)))]
async fn list_tokens(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<Vec<TokenView>>> {
    Ok(Json(tokens::list_api_tokens(&state.db, me.id).await?))
}

/// Revoke one of one's API tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    tokens::revoke(&state.db, me.id, id, TokenKind::Api).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
struct NewInvitation {
    /// For the inviter's memory, e.g. who it is for.
    #[serde(default)]
    note: String,
    /// Defaults to 14.
    #[serde(default, deserialize_with = "crate::integer::optional")]
    expires_in_days: Option<i64>,
    /// An address to email the link to, in the instance's language.
    email: Option<String>,
}

fn require_moderator(me: &accounts::Account) -> AppResult<()> {
    if me.is_moderator() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only moderators and admins may do this",
        ))
    }
}

/// Create a single-use link to register on this instance (moderators,
/// admins), and email it when `email` is given.
#[utoipa::path(post, path = "/api/v1/invitations", tag = "accounts", request_body = NewInvitation,
    responses((status = 201, body = CreatedInvitation), (status = 403, body = ErrorBody)))]
async fn create_invitation(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<NewInvitation>,
) -> AppResult<(StatusCode, Json<CreatedInvitation>)> {
    require_moderator(&me)?;
    let created = invitations::create(
        &state.db,
        &state.mailer,
        &me,
        invitations::NewInvitation {
            note: &body.note,
            lifetime_days: body.expires_in_days,
            email: body.email.as_deref(),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Invitations made on this instance (moderators, admins).
#[utoipa::path(get, path = "/api/v1/invitations", tag = "accounts",
    responses((status = 200, body = [InvitationView]), (status = 403, body = ErrorBody)))]
async fn list_invitations(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<Vec<InvitationView>>> {
    require_moderator(&me)?;
    Ok(Json(invitations::list(&state.db).await?))
}

/// Every account on the instance (moderators, admins).
#[utoipa::path(get, path = "/api/v1/admin/accounts", tag = "admin",
    responses((status = 200, body = [AccountView]), (status = 403, body = ErrorBody)))]
async fn list_accounts(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<Vec<AccountView>>> {
    require_moderator(&me)?;
    let all = accounts::list(&state.db).await?;
    Ok(Json(all.iter().map(|a| a.view(Some(&me))).collect()))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RoleChange {
    role: InstanceRole,
}

/// Change a member's instance role (admins).
#[utoipa::path(put, path = "/api/v1/admin/accounts/{username}/role", tag = "admin",
    params(("username" = String, Path)), request_body = RoleChange,
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn set_role(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(username): AppPath<String>,
    AppJson(body): AppJson<RoleChange>,
) -> AppResult<Json<AccountView>> {
    if me.role != InstanceRole::Admin {
        return Err(AppError::forbidden("only admins may change instance roles"));
    }
    let updated = accounts::set_role(&state.db, &username.to_ascii_lowercase(), body.role).await?;
    Ok(Json(updated.view(Some(&me))))
}
