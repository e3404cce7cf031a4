//! The headers every answer carries, set in one place: the outermost layer
//! of the whole HTTP surface (see `crate::router`), so that pages, API JSON,
//! errors of every kind (the 404 fallback, 405, 408 timeouts, 413 bodies),
//! static files and ActivityPub documents all get the same ones. A handler
//! that chose its own value for one of them (a downloaded file's stricter
//! `sandbox` policy, a static file's `public, immutable`) keeps it.

use axum::extract::Request;
use axum::http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_SECURITY_POLICY, COOKIE, REFERRER_POLICY, SET_COOKIE,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// No inline script or style anywhere: everything comes from our files.
/// On a JSON answer or an error it changes nothing for our clients, and a
/// browser tricked into rendering one may run nothing and frame nothing.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// For answers that depend on who asks: no cache, shared or the browser's
/// own, keeps them.
pub const PERSONAL: &str = "private, no-store";

/// What every answer carries unless its handler chose otherwise.
const SECURITY_HEADERS: [(HeaderName, &str); 4] = [
    (X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (CONTENT_SECURITY_POLICY, CSP),
    (X_FRAME_OPTIONS, "DENY"),
    (REFERRER_POLICY, "same-origin"),
];

/// Whether the request says who is asking: a bearer token, a cookie (a
/// session, but also the CSRF token every page embeds), or an HTTP
/// signature (with `signed_fetch`, ActivityPub documents depend on the
/// signer's instance).
fn identified(headers: &HeaderMap) -> bool {
    headers.contains_key(AUTHORIZATION)
        || headers.contains_key(COOKIE)
        || headers.contains_key("signature")
}

/// Middleware: see the module's documentation. An answer to a request that
/// said who is asking, or that sets a cookie, is `private, no-store` unless
/// its handler chose its own caching (only answers that are the same for
/// everyone do: static files, public library files).
pub async fn common_headers(request: Request, next: Next) -> Response {
    let identified = identified(request.headers());
    let mut response = next.run(request).await;
    let personal = identified || response.headers().contains_key(SET_COOKIE);
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if personal {
        headers
            .entry(CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(PERSONAL));
    }
    response
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
pub fn disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
