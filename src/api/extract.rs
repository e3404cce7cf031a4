//! Extractors that answer in the API's own error format: JSON, path and
//! query parsing, and who is calling.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;

use crate::AppState;
use crate::accounts::tokens::{self, TokenKind};
use crate::accounts::{Account, second_factor};
use crate::error::AppError;

/// `axum::Json`, with rejections in the API's error format.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct AppJson<T>(pub T);

/// `axum::extract::Path`, with rejections in the API's error format.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct AppPath<T>(pub T);

/// `axum::extract::Query`, with rejections in the API's error format.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct AppQuery<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedMediaType(
                "send the body as JSON with Content-Type: application/json".into(),
            ),
            _ => AppError::BadRequest(format!("invalid JSON body: {}", rejection.body_text())),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::BadRequest(format!("invalid path: {}", rejection.body_text()))
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest(format!("invalid query string: {}", rejection.body_text()))
    }
}

/// The name of the browser session cookie.
pub const SESSION_COOKIE: &str = "agora_session";

/// The signed-in member; answers 401 when there is none.
pub struct CurrentAccount(pub Account);

/// The signed-in member, if any. A bad bearer token is still an error: a
/// client that sends credentials wants to know they were refused.
pub struct MaybeAccount(pub Option<Account>);

/// A credential the request carries.
enum Credential<'a> {
    Bearer(&'a str),
    Session(&'a str),
}

fn credential(parts: &Parts) -> Result<Option<Credential<'_>>, AppError> {
    if let Some(value) = parts.headers.get(AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| {
                AppError::Unauthorized("the Authorization header must be \"Bearer TOKEN\"".into())
            })?;
        return Ok(Some(Credential::Bearer(token)));
    }
    let session = parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value);
    Ok(session.map(Credential::Session))
}

/// The id of the session the request was made with, for signing out.
pub struct SessionToken(pub Option<String>);

impl FromRequestParts<AppState> for SessionToken {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, AppError> {
        Ok(SessionToken(match credential(parts)? {
            Some(Credential::Session(s)) => Some(s.to_owned()),
            _ => None,
        }))
    }
}

/// Who is calling, and with which session or API token (to keep it when
/// ending the others, or to mark it in a list).
#[derive(Clone)]
pub struct Caller {
    pub account: Account,
    pub token_id: i64,
    pub kind: TokenKind,
}

/// The caller, if any (see [`MaybeAccount`] for how credentials are taken).
pub struct MaybeCaller(pub Option<Caller>);

/// Paths a moderator or admin may still use when the instance requires a
/// second factor of them and they have none: adding one, and leaving.
fn allowed_before_enrolment(path: &str) -> bool {
    matches!(
        path,
        "/api/v1/accounts/me"
            | "/api/v1/accounts/me/totp"
            | "/api/v1/accounts/me/totp/confirm"
            | "/api/v1/sessions/current"
            | "/settings/security"
            | "/logout"
            | "/language"
    ) || path.starts_with("/settings/security/")
}

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let found = match credential(parts)? {
            None => None,
            Some(Credential::Bearer(token)) => {
                match tokens::authenticate(&state.db, token, TokenKind::Api).await? {
                    Some(found) => Some((found, TokenKind::Api)),
                    None => {
                        return Err(AppError::Unauthorized(
                            "this API token is invalid or was revoked".into(),
                        ));
                    }
                }
            }
            // A stale cookie just means "signed out".
            Some(Credential::Session(secret)) => {
                tokens::authenticate(&state.db, secret, TokenKind::Session)
                    .await?
                    .map(|found| (found, TokenKind::Session))
            }
        };
        let Some(((account, token_id), kind)) = found else {
            return Ok(MaybeCaller(None));
        };
        if account.is_moderator()
            && !account.has_second_factor()
            && !allowed_before_enrolment(parts.uri.path())
            && second_factor::enrolment_required(&state.db, &account).await?
        {
            return Err(AppError::SecondFactorEnrolmentRequired);
        }
        Ok(MaybeCaller(Some(Caller {
            account,
            token_id,
            kind,
        })))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        MaybeCaller::from_request_parts(parts, state)
            .await?
            .0
            .ok_or_else(|| {
                AppError::Unauthorized(
                    "sign in, or send an API token as \"Authorization: Bearer TOKEN\"".into(),
                )
            })
    }
}

impl FromRequestParts<AppState> for MaybeAccount {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let MaybeCaller(caller) = MaybeCaller::from_request_parts(parts, state).await?;
        Ok(MaybeAccount(caller.map(|c| c.account)))
    }
}

impl FromRequestParts<AppState> for CurrentAccount {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Caller { account, .. } = Caller::from_request_parts(parts, state).await?;
        Ok(CurrentAccount(account))
    }
}

/// An optional JSON body: absent when the request has no `Content-Type`
/// (e.g. a bare `POST`), otherwise parsed like [`AppJson`].
pub struct OptionalJson<T>(pub Option<T>);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;
    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        if !request
            .headers()
            .contains_key(axum::http::header::CONTENT_TYPE)
        {
            return Ok(OptionalJson(None));
        }
        let AppJson(value) = AppJson::<T>::from_request(request, state).await?;
        Ok(OptionalJson(Some(value)))
    }
}
