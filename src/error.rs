//! One error type for every handler: a safe public message for the client,
//! and for unexpected failures a private cause that only the log sees.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The JSON body of every error response.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable machine-readable code, e.g. `not_found`.
    pub error: &'static str,
    /// A sentence a person can act on.
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request could not be read (malformed JSON, bad query string…).
    #[error("{0}")]
    BadRequest(String),
    /// The request was readable but a value is not acceptable.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// The password was right, and the account also needs a code from its
    /// authenticator app (or a recovery code).
    #[error(
        "this account has a second factor: send the code from your authenticator app as `totp`"
    )]
    SecondFactorRequired,
    /// A moderator or admin without a second factor, on an instance that
    /// requires one for staff: only adding one is allowed.
    #[error(
        "this instance requires moderators and admins to use a second factor: add one first (POST /api/v1/accounts/me/totp, or Settings > Security)"
    )]
    SecondFactorEnrolmentRequired,
    /// The thing does not exist, or the caller may not know that it does.
    /// Private content answers with exactly this, so the body names only the
    /// kind of thing asked for.
    #[error("no such {0}")]
    NotFound(&'static str),
    #[error("this {0} was deleted")]
    Gone(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is larger than this server accepts")]
    PayloadTooLarge,
    /// Over a named limit (a file size, a space's quota).
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// Another server could not be reached, or answered with something
    /// unusable.
    #[error("{0}")]
    BadGateway(String),
    /// Too many attempts (wrong passwords, registrations, invitation links)
    /// for this account or from this address: answered 429 with
    /// `Retry-After`.
    #[error("too many attempts; try again in {} s", retry_secs(*.retry_after))]
    TooManyRequests { retry_after: std::time::Duration },
    /// More work of a bounded kind (password checks) than the server takes
    /// on at once: answered 503 with `Retry-After`.
    #[error("the server is busy; try again in {} s", retry_secs(*.retry_after))]
    Busy { retry_after: std::time::Duration },
    /// Anything unexpected. The cause is logged, never sent.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// A wait in whole seconds for `Retry-After`: rounded up, at least 1.
pub fn retry_secs(wait: std::time::Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            Self::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::SecondFactorRequired => (StatusCode::UNAUTHORIZED, "second_factor_required"),
            Self::SecondFactorEnrolmentRequired => {
                (StatusCode::FORBIDDEN, "second_factor_enrolment_required")
            }
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::Gone(_) => (StatusCode::GONE, "gone"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::PayloadTooLarge | Self::TooLarge(_) => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            Self::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            Self::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::BadGateway(_) => (StatusCode::BAD_GATEWAY, "remote_error"),
            Self::TooManyRequests { .. } => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            Self::Busy { .. } => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// Carried in the extensions of a 500 response so the logging middleware can
/// record what went wrong without the client ever seeing it.
#[derive(Clone, Debug)]
pub struct InternalCause(pub std::sync::Arc<String>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = ErrorBody {
            error: code,
            message: self.to_string(),
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::TooManyRequests { retry_after } | Self::Busy { retry_after } = &self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_secs(*retry_after)),
            );
        }
        if let Self::Internal(cause) = &self {
            response
                .extensions_mut()
                .insert(InternalCause(std::sync::Arc::new(format!("{cause:#}"))));
        }
        response
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(error.into())
    }
}

impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> Self {
        Self::Internal(error)
    }
}

impl From<activitypub_federation::error::Error> for AppError {
    fn from(error: activitypub_federation::error::Error) -> Self {
        use activitypub_federation::error::Error as E;
        match error {
            E::NotFound => Self::NotFound("object"),
            E::ObjectDeleted(_) => Self::Gone("object"),
            E::UrlVerificationError(why) => Self::BadRequest(format!("refused URL: {why}")),
            E::DomainResolveError(host) | E::ResolveInternalIpError(host, _) => {
                Self::BadRequest(format!("refused host {host}: it is not a public address"))
            }
            E::UrlParse(e) => Self::BadRequest(format!("invalid URL: {e}")),
            E::WebfingerResolveFailed(e) => {
                Self::BadGateway(format!("WebFinger lookup failed: {e}"))
            }
            E::ParseFetchedObject(e, url, body) => {
                // The start of what came back (an error page, a refusal…),
                // as plain characters.
                let start: String = body.chars().filter(|c| !c.is_control()).take(200).collect();
                Self::BadGateway(format!(
                    "{url} sent something that is not an ActivityPub object ({e}): {start}"
                ))
            }
            E::FetchInvalidContentType(url) => {
                Self::BadGateway(format!("{url} did not answer with an ActivityPub document"))
            }
            E::FetchWrongId(url) => {
                Self::BadGateway(format!("{url} answered with another object's id"))
            }
            E::ResponseBodyLimit => Self::BadGateway("a remote document was too large".into()),
            E::RequestLimit => Self::BadGateway("too many fetches for one request".into()),
            E::Reqwest(e) => Self::BadGateway(format!("remote request failed: {e}")),
            E::ReqwestMiddleware(e) => Self::BadGateway(format!("remote request failed: {e}")),
            other => Self::Internal(other.into()),
        }
    }
}

/// Middleware: logs the private cause of every 500 with the request line.
pub async fn log_internal_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let method = request.method().clone();
    let path = without_secrets(request.uri().path());
    let response = next.run(request).await;
    if let Some(InternalCause(cause)) = response.extensions().get::<InternalCause>() {
        tracing::error!(%method, %path, cause = %cause, "request failed");
    }
    response
}

/// Paths whose last segment is a secret (a reset, verification,
/// unsubscribe or calendar link): logged as `…/[secret]`, so that a log of
/// failed requests never holds a working link.
const SECRET_PATHS: [&str; 6] = [
    "/reset/",
    "/verify/",
    "/unsubscribe/",
    "/calendar/",
    "/api/v1/password-resets/",
    "/api/v1/email-verifications/",
];

fn without_secrets(path: &str) -> String {
    match SECRET_PATHS.iter().find(|p| path.starts_with(*p)) {
        Some(prefix) => format!("{prefix}[secret]"),
        None => path.to_owned(),
    }
}

#[cfg(test)]
mod secret_path_tests {
    use super::without_secrets;

    #[test]
    fn links_that_are_secrets_are_not_logged() {
        assert_eq!(without_secrets("/reset/abcDEF123"), "/reset/[secret]");
        assert_eq!(
            without_secrets("/api/v1/password-resets/abc"),
            "/api/v1/password-resets/[secret]"
        );
        assert_eq!(without_secrets("/unsubscribe/tok"), "/unsubscribe/[secret]");
        assert_eq!(
            without_secrets("/api/v1/spaces/news"),
            "/api/v1/spaces/news"
        );
    }
}
