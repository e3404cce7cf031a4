//! The web interface: server-rendered HTML over the same domain functions
//! as the JSON API. Every action is a plain form, so everything works
//! without JavaScript; the little script there is only enhances.
//!
//! A request goes through [`context::layer`], which picks the language,
//! issues the CSRF cookie, sets the security headers and turns errors into
//! HTML pages; handlers take a [`Ctx`] (language, member, CSRF token) and
//! submit forms through [`forms::Submitted`], which checks the token.

mod assets;
mod confirm;
mod context;
mod field_errors;
mod forms;
pub use crate::i18n;
mod pages;
mod zones;

use askama::Template;
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::AppState;
use crate::error::{AppError, AppResult};

pub use context::Ctx;
pub use forms::{FileStream, NoFields, Submitted, Upload, WithFiles};

/// The web routes. `federated` fetch from other instances (following a
/// remote space), so the caller wraps them in activitypub_federation's
/// middleware; `uploads` stream a body (or, for the data export, build a
/// large answer) and have no overall time limit.
pub struct Routes {
    pub local: axum::Router<AppState>,
    pub federated: axum::Router<AppState>,
    pub uploads: axum::Router<AppState>,
}

pub fn router(state: &AppState) -> Routes {
    let finish = |router: axum::Router<AppState>| {
        router
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                confirm::layer,
            ))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                context::layer,
            ))
            .layer(
                CompressionLayer::new()
                    .br(true)
                    .gzip(true)
                    .quality(CompressionLevel::Precise(5)),
            )
    };
    Routes {
        local: finish(pages::router().merge(assets::router())),
        federated: finish(pages::federated()),
        uploads: finish(pages::uploads()),
    }
}

/// Browsers following a link to one of our ActivityPub objects (a space's
/// `url`, a post's id…) get its page instead of its JSON. Every such URL
/// redirects, whether or not the object exists, so the redirect tells
/// nothing about private spaces.
pub async fn send_browsers_to_pages(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let wants_html = request
        .headers()
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| {
            accept.contains("text/html")
                && !accept.contains("activity+json")
                && !accept.contains("ld+json")
        });
    if request.method() == axum::http::Method::GET && wants_html {
        let segments: Vec<&str> = request.uri().path().trim_matches('/').split('/').collect();
        let page = match segments.as_slice() {
            ["spaces", slug] => Some(format!("/s/{slug}")),
            ["users", name] => Some(format!("/people/{name}")),
            ["posts", id] => Some(format!("/post/{id}")),
            ["events", id] | ["events", id, "card"] => Some(format!("/event/{id}")),
            ["library", id] | ["library", id, "card"] => Some(format!("/item/{id}")),
            _ => None,
        };
        if let Some(page) = page {
            return Redirect::to(&page).into_response();
        }
    }
    next.run(request).await
}

/// What answers an address no route knows: the API's JSON 404, which the
/// web layer turns into a page for a browser.
pub fn fallback(state: &AppState) -> axum::Router {
    axum::Router::new()
        .fallback(crate::api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::layer,
        ))
        .with_state(state.clone())
}

/// A rendered page.
pub fn html(page: impl Template) -> AppResult<Response> {
    let body = page
        .render()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Pages differ per member and language, and every one carries the
    // browser's CSRF token in its forms: no cache keeps them, shared or not.
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(crate::api::PERSONAL),
    );
    Ok(response)
}

/// After a form: back to a page of ours (303, so the browser GETs it).
pub fn see_other(to: &str) -> Response {
    Redirect::to(&local_path(to)).into_response()
}

/// `to` if it is a path on this site, else `/`: a `next` parameter must not
/// send anyone to another site. Browsers drop tabs and newlines from a
/// `Location` and read `\\` as `/`, so `/\t/evil.example` or `/\\evil.example`
/// would leave the site: only printable ASCII without backslashes is kept,
/// and no encoded slash, backslash, control character or space (which some
/// clients decode before following). Anything else is `/`, never an error.
pub fn local_path(to: &str) -> String {
    let lower = to.to_ascii_lowercase();
    let encoded_trouble = ["%2f", "%5c", "%09", "%0a", "%0d", "%20", "%00", "%7f"]
        .iter()
        .any(|e| lower.contains(e));
    let safe = to.starts_with('/')
        && !to.starts_with("//")
        && to.len() <= 2000
        && to.chars().all(|c| c.is_ascii_graphic() && c != '\\')
        && !encoded_trouble;
    if safe { to.to_owned() } else { "/".to_owned() }
}

#[cfg(test)]
mod local_path_tests {
    use super::local_path;

    #[test]
    fn only_same_site_relative_paths_pass() {
        for good in [
            "/",
            "/s/news",
            "/post/12#comment-3",
            "/spaces?page=2&x=%C3%A9",
        ] {
            assert_eq!(local_path(good), good);
        }
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/ /evil.example",
            "/%2F%2Fevil.example",
            "/%5cevil.example",
            "/%0d%0aLocation: x",
            "javascript:alert(1)",
            "/caf\u{e9}",
            "",
        ] {
            assert_eq!(local_path(bad), "/", "{bad:?}");
        }
    }
}

/// `?before=ID` paging for pages of newest-first lists.
#[derive(serde::Deserialize, Default)]
pub struct Paging {
    pub before: Option<String>,
}

impl Paging {
    pub fn request(&self, limit: i64) -> AppResult<crate::feeds::PageRequest> {
        crate::feeds::PageRequest::parse(
            self.before.as_deref().filter(|s| !s.is_empty()),
            Some(limit),
        )
    }
}
