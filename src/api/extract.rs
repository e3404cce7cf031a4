//! Extractors that answer in the API's own error format: JSON, path and
//! query parsing, and who is calling.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::header::{AUTHORIZATION, COOKIE, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};

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

/// The header a script on our own pages sends with a cookie-authenticated
/// API write: the value of the `agora_csrf` cookie, which every page also
/// carries in its forms' hidden `csrf` field.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The CSRF cookie the web pages issue (see `web::forms`).
const CSRF_COOKIE: &str = "agora_csrf";

/// One cookie's value from the request (pages read theirs with it too).
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// Constant time, so the comparison says nothing about the token.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// A browser sends the session cookie with any request to us, whichever
/// site made it, so an API write carried only by that cookie must show it
/// comes from our own pages: an `Origin` that is this instance's public
/// URL, or (for a browser that sends no `Origin`) `Sec-Fetch-Site:
/// same-origin`, or the CSRF token of the web pages in `X-CSRF-Token`.
/// Another site can make a browser send the cookie, but it can set none of
/// these (a cross-site request with a custom header needs a CORS grant we
/// never give). Bearer tokens are never sent by a browser on its own, so
/// they need none of this. The web pages' own forms are checked by
/// `web::forms` (the token in a hidden field).
fn check_cookie_write(parts: &Parts, state: &AppState) -> Result<(), AppError> {
    let safe = matches!(
        parts.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    if safe || !parts.uri.path().starts_with("/api/") {
        return Ok(());
    }
    let headers = &parts.headers;
    let same_origin = match headers.get(ORIGIN) {
        Some(origin) => origin
            .as_bytes()
            .eq_ignore_ascii_case(state.config.public_url().as_bytes()),
        None => headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"same-origin"),
    };
    let token_matches = || {
        let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        match (sent, cookie(headers, CSRF_COOKIE)) {
            (Some(sent), Some(expected)) => !expected.is_empty() && same(sent, expected),
            _ => false,
        }
    };
    if same_origin || token_matches() {
        Ok(())
    } else {
        Err(AppError::forbidden(format!(
            "a change made with the browser session cookie must come from this site's own pages \
             (Origin: {}), or carry the agora_csrf cookie's value in the X-CSRF-Token header; \
             other clients use an API token (Authorization: Bearer TOKEN)",
            state.config.public_url()
        )))
    }
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
    Ok(cookie(&parts.headers, SESSION_COOKIE).map(Credential::Session))
}

/// The id of the session the request was made with, for signing out.
pub struct SessionToken(pub Option<String>);

impl FromRequestParts<AppState> for SessionToken {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(SessionToken(match credential(parts)? {
            Some(Credential::Session(s)) => {
                check_cookie_write(parts, state)?;
                Some(s.to_owned())
            }
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
                check_cookie_write(parts, state)?;
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
        // `null` is "no body" too, as the OpenAPI document says.
        let AppJson(value) = AppJson::<Option<T>>::from_request(request, state).await?;
        Ok(OptionalJson(value))
    }
}
