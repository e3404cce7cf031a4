//! What every web request carries: its language, its CSRF token, the
//! signed-in member, and the headers and error pages every answer gets.

use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{
    ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE,
};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::assets;
use super::i18n::{Lang, Tr};
use crate::AppState;
use crate::accounts::Account;
use crate::api::extract::MaybeCaller;
use crate::error::AppError;

/// The cookie holding the CSRF token that every form echoes.
pub const CSRF_COOKIE: &str = "agora_csrf";
/// The interface language chosen in this browser.
pub const LANG_COOKIE: &str = "agora_lang";

/// Set by [`layer`] for the handlers.
#[derive(Clone)]
pub(super) struct Prelude {
    csrf: String,
    lang: Lang,
}

pub(super) use crate::api::extract::cookie;

/// A cookie only our pages read: HttpOnly, SameSite=Lax, and Secure
/// wherever the browser can keep a Secure cookie (https, or loopback while
/// trying Agora out).
pub(super) fn set_cookie(state: &AppState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let host = state.config.domain.split(':').next().unwrap_or_default();
    let loopback = host == "localhost" || host.starts_with("127.") || host == "[::1]";
    let secure = if state.config.https || loopback {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn valid_token(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn new_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::random_bytes::<32>())
}

/// The language for a visitor: the browser's cookie, else its
/// `Accept-Language`, else the instance's default. A member's own setting,
/// when there is one, wins over all three (see [`Ctx`]).
fn visitor_language(state: &AppState, headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::from_code)
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
        .or_else(|| Lang::from_code(&state.config.language))
        .unwrap_or(Lang::En)
}

/// Wraps every web route.
pub(super) async fn layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let existing = cookie(request.headers(), CSRF_COOKIE)
        .filter(|t| valid_token(t))
        .map(str::to_owned);
    let issued = existing.is_none();
    let csrf = existing.unwrap_or_else(new_token);
    let lang = visitor_language(&state, request.headers());
    let method = request.method().clone();
    // Browsers ask for HTML when they navigate or send a form; anything
    // else (a script, the JSON API's clients) keeps the JSON error.
    let wants_html = request
        .headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "/".into());
    let prelude = Prelude {
        csrf: csrf.clone(),
        lang,
    };
    // An error page shows the same header as the page that failed: kept
    // aside to find the member again should the answer be an error.
    let cookies = wants_html
        .then(|| request.headers().get(COOKIE).cloned())
        .flatten();
    request.extensions_mut().insert(prelude.clone());

    let response = next.run(request).await;
    let failed = response.status().is_client_error() || response.status().is_server_error();
    let mut response = if failed && wants_html {
        let asked = Asked {
            prelude,
            cookies,
            method: &method,
            path: &path,
        };
        error_page(&state, response, asked).await
    } else {
        response
    };
    // A static file is the same for everyone and shared caches may keep
    // it: it must not carry one browser's token. (The security headers are
    // set for every answer by `api::common_headers`.)
    let shared = response
        .headers()
        .get(CACHE_CONTROL)
        .is_some_and(|v| v.as_bytes().starts_with(b"public"));
    if issued && !shared {
        response.headers_mut().append(
            SET_COOKIE,
            set_cookie(&state, CSRF_COOKIE, &csrf, 60 * 60 * 24 * 365),
        );
    }
    response
}

#[derive(Template)]
#[template(path = "error.html", config = "src/web/askama.toml")]
struct ErrorPage {
    c: Ctx,
    title: String,
    /// The domain's own explanation, which is in English only.
    detail: Option<String>,
}

/// What [`error_page`] knows of the request that failed.
struct Asked<'a> {
    prelude: Prelude,
    /// The request's `Cookie` header: who is signed in.
    cookies: Option<HeaderValue>,
    method: &'a Method,
    path: &'a str,
}

impl Asked<'_> {
    /// The page context of the request that failed: the signed-in member
    /// (their header, their language) if there is one. The request itself
    /// is gone, so the member is looked up again from its cookie; this
    /// costs a query or two, on error pages only.
    async fn ctx(&self, state: &AppState) -> Ctx {
        let mut request = Request::new(());
        *request.uri_mut() = self.path.parse().unwrap_or_default();
        if let Some(cookies) = &self.cookies {
            request.headers_mut().insert(COOKIE, cookies.clone());
        }
        request.extensions_mut().insert(self.prelude.clone());
        let (mut parts, ()) = request.into_parts();
        // A member who cannot be shown (a stale session, a moderator held
        // on the second-factor page) gets the visitor's header.
        match Ctx::from_request_parts(&mut parts, state).await {
            Ok(ctx) => Ctx {
                path: self.path.to_owned(),
                ..ctx
            },
            Err(_) => Ctx {
                t: Tr::new(self.prelude.lang),
                me: None,
                session_id: None,
                unread: 0,
                csrf: self.prelude.csrf.clone(),
                path: self.path.to_owned(),
                domain: state.config.domain.clone(),
            },
        }
    }
}

/// An error answer, as a page in the reader's language, under the header
/// they saw on the other pages. Signed-out visitors asking for a page that
/// needs a member go to the sign-in page.
async fn error_page(state: &AppState, response: Response, asked: Asked<'_>) -> Response {
    let Asked { method, path, .. } = asked;
    let status = response.status();
    let content_type = response.headers().get(CONTENT_TYPE);
    let is_json = content_type.is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    // axum's own rejections (an address whose id is not a number, a body
    // over the limit) are a line of plain English: a page too, by status.
    let is_text = content_type.is_some_and(|v| v.as_bytes().starts_with(b"text/plain"));
    if !is_json && !is_text {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let error: serde_json::Value = if is_json {
        serde_json::from_slice(&bytes).unwrap_or_default()
    } else {
        serde_json::json!({ "error": code_of(status) })
    };
    let code = error["error"].as_str().unwrap_or("internal");
    // Staff who must add a second factor see only the page to add it.
    if code == "second_factor_enrolment_required" && method == Method::GET {
        let mut redirect = StatusCode::SEE_OTHER.into_response();
        redirect
            .headers_mut()
            .insert(LOCATION, HeaderValue::from_static("/settings/security"));
        return redirect;
    }
    if status == StatusCode::UNAUTHORIZED && method == Method::GET {
        let next = format!("/login?next={}", urlencode(path));
        let mut redirect = StatusCode::SEE_OTHER.into_response();
        if let Ok(value) = HeaderValue::from_str(&next) {
            redirect.headers_mut().insert(LOCATION, value);
        }
        return redirect;
    }
    let c = asked.ctx(state).await;
    let t = c.t;
    // Only messages about what the visitor sent are worth showing; the
    // others ("no such post") say no more than the title.
    let detail = matches!(
        code,
        "invalid"
            | "conflict"
            | "forbidden"
            | "payload_too_large"
            | "bad_request"
            | "unauthorized"
            | "remote_error"
            | "second_factor_enrolment_required"
    )
    .then(|| error["message"].as_str().map(str::to_owned))
    .flatten();
    let page = ErrorPage {
        c,
        title: t.get(format!("error-{code}")),
        detail,
    };
    match page.render() {
        Ok(html) => {
            let mut response = Response::from_parts(parts, Body::from(html));
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
                .headers_mut()
                .remove(axum::http::header::CONTENT_LENGTH);
            response
        }
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The error code an answer's status stands for, when it carries none.
fn code_of(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        s if s.is_client_error() => "bad_request",
        _ => "internal",
    }
}

pub(super) fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// What a page needs to know about its request. `c` in the templates.
pub struct Ctx {
    pub t: Tr,
    pub me: Option<Account>,
    /// The browser session the page was asked with, if signed in.
    pub session_id: Option<i64>,
    /// The member's unread notifications, for the header (0 signed out).
    pub unread: i64,
    pub csrf: String,
    /// This page's path and query, to come back to after switching language
    /// or signing in.
    pub path: String,
    pub domain: String,
}

impl Ctx {
    pub fn lang(&self) -> Lang {
        self.t.lang
    }

    pub fn languages(&self) -> [Lang; 5] {
        Lang::ALL
    }

    pub fn is_current(&self, lang: &Lang) -> bool {
        *lang == self.t.lang
    }

    pub fn css(&self) -> &'static str {
        assets::url("app.css")
    }

    pub fn js(&self) -> &'static str {
        assets::url("app.js")
    }

    pub fn icon(&self) -> &'static str {
        assets::url("icon.svg")
    }

    pub fn signed_in(&self) -> bool {
        self.me.is_some()
    }

    pub fn is_moderator(&self) -> bool {
        self.me.as_ref().is_some_and(Account::is_moderator)
    }

    pub fn username(&self) -> &str {
        self.me.as_ref().map_or("", |m| m.username.as_str())
    }

    /// The signed-in member, or 401 (which sends a browser to sign in).
    pub fn member(&self) -> Result<&Account, AppError> {
        self.me
            .as_ref()
            .ok_or_else(|| AppError::Unauthorized("sign in first".into()))
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let prelude =
            parts.extensions.get::<Prelude>().cloned().ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("web route outside web::layer"))
            })?;
        // A browser sends no Authorization header; one that does is treated
        // like the API treats it.
        let MaybeCaller(caller) = MaybeCaller::from_request_parts(parts, state).await?;
        let session_id = caller
            .as_ref()
            .filter(|c| c.kind == crate::accounts::tokens::TokenKind::Session)
            .map(|c| c.token_id);
        let me = caller.map(|c| c.account);
        let lang = me
            .as_ref()
            .and_then(|m| Lang::from_code(&m.ui_language))
            .unwrap_or(prelude.lang);
        // One indexed count per page (notifications_unread).
        let unread = match &me {
            Some(member) => crate::notifications::unread_count(&state.db, member).await?,
            None => 0,
        };
        // Times on pages in the member's own zone (posts, comments,
        // notifications, drafts…); events say both zones (`event_times`).
        let zone = me.as_ref().map_or("", |m| m.timezone.as_str());
        Ok(Ctx {
            t: Tr::new(lang).in_zone(zone),
            me,
            session_id,
            unread,
            csrf: prelude.csrf,
            path: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
            domain: state.config.domain.clone(),
        })
    }
}

/// The token the form must echo, for [`super::forms`].
pub(super) fn expected_csrf(parts: &Parts) -> Option<String> {
    parts.extensions.get::<Prelude>().map(|p| p.csrf.clone())
}
