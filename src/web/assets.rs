//! Static files, compiled into the binary and served under names that carry
//! a hash of their content (`/static/app.3f2a9c1b0d.css`), so browsers keep
//! them for a year and fetch them again only when they change. The service
//! worker and the manifest keep fixed names, as browsers require.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::AppState;

struct Asset {
    /// The name in the source tree, e.g. `app.css`.
    name: &'static str,
    /// The name it is served under, e.g. `app.3f2a9c1b0d.css`.
    url: String,
    media_type: &'static str,
    bytes: &'static [u8],
}

const FILES: [(&str, &str, &[u8]); 6] = [
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("static/app.css"),
    ),
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("static/app.js"),
    ),
    (
        "icon.svg",
        "image/svg+xml",
        include_bytes!("static/icon.svg"),
    ),
    (
        "icon-192.png",
        "image/png",
        include_bytes!("static/icon-192.png"),
    ),
    (
        "icon-512.png",
        "image/png",
        include_bytes!("static/icon-512.png"),
    ),
    (
        "icon-maskable-512.png",
        "image/png",
        include_bytes!("static/icon-maskable-512.png"),
    ),
];

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(name, media_type, bytes)| {
            let hash = Sha256::digest(bytes);
            let short: String = hash.iter().take(5).map(|b| format!("{b:02x}")).collect();
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            Asset {
                name,
                url: format!("/static/{stem}.{short}.{ext}"),
                media_type,
                bytes,
            }
        })
        .collect()
});

/// The fingerprinted URL of a static file.
pub fn url(name: &str) -> &'static str {
    ASSETS
        .iter()
        .find(|a| a.name == name)
        .map_or("/static/missing", |a| a.url.as_str())
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/static/{file}", get(file))
        .route("/sw.js", get(service_worker))
        .route("/manifest.webmanifest", get(manifest))
}

async fn file(Path(file): Path<String>) -> Response {
    let path = format!("/static/{file}");
    match ASSETS.iter().find(|a| a.url == path) {
        Some(asset) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(asset.media_type)),
                (
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.bytes,
        )
            .into_response(),
        // An old page asking for last version's file: nothing to give.
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The service worker: caches the offline page and the static files, and
/// shows the offline page when a page cannot be fetched. It names the
/// current files, so a new version of Agora installs a new worker.
async fn service_worker() -> Response {
    let files: Vec<String> = ASSETS
        .iter()
        .filter(|a| !a.name.ends_with(".png"))
        .map(|a| format!("\"{}\"", a.url))
        .collect();
    let version: String = Sha256::digest(files.join(",").as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    let script = include_str!("static/sw.js")
        .replace("__VERSION__", &version)
        .replace("__FILES__", &files.join(", "));
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        script,
    )
        .into_response()
}

async fn manifest(axum::extract::State(state): axum::extract::State<AppState>) -> Response {
    let manifest = serde_json::json!({
        "name": format!("Agora · {}", state.config.domain),
        "short_name": "Agora",
        "description": "Spaces, posts, events and a shared library for your network",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d4e89",
        "icons": [
            {"src": url("icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": url("icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": url("icon-maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
            {"src": url("icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    });
    let body = manifest.to_string();
    let etag = format!(
        "\"{}\"",
        Sha256::digest(body.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("application/manifest+json"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                ETAG,
                HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_a_fingerprinted_url() {
        for (name, _, _) in FILES {
            let url = url(name);
            assert!(
                url.starts_with("/static/") && url != "/static/missing",
                "{name}: {url}"
            );
            let (stem, ext) = name.rsplit_once('.').unwrap_or_default();
            assert!(url.contains(stem) && url.ends_with(ext), "{name}: {url}");
        }
    }
}
