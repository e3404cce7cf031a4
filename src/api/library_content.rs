//! A library item's bytes: the current revision or an older one, with
//! byte ranges, and the headers that keep a browser from treating them as
//! a page of this instance; an item from another instance is a redirect.

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppPath, MaybeAccount};
use super::headers::disposition;
use crate::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::library::storage::is_safe_inline;
use crate::library::{self, Item, ItemKind};
use crate::spaces::{SpaceAccess, Visibility};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current_content))
        .routes(routes!(revision_content))
}

#[utoipa::path(get, path = "/api/v1/library/items/{id}/content", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
              (status = 206), (status = 302), (status = 404, body = ErrorBody)))]
async fn current_content(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (item, access) = library::find_visible(&state.db, id, viewer.as_ref()).await?;
    serve(&state, &item, &access, None, &headers).await
}

/// `/library/{id}/download`: the current revision, at the address other
/// instances are given in the item's `Document`.
pub async fn download(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("library item"))?;
    let (item, access) = library::find_visible(&state.db, id, viewer.as_ref()).await?;
    serve(&state, &item, &access, None, &headers).await
}

/// Download one revision.
#[utoipa::path(get, path = "/api/v1/library/items/{id}/revisions/{number}/content", tag = "library",
    params(("id" = i64, Path), ("number" = i64, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
              (status = 206), (status = 404, body = ErrorBody)))]
async fn revision_content(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath((id, number)): AppPath<(i64, i64)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let (item, access) = library::find_visible(&state.db, id, viewer.as_ref()).await?;
    serve(&state, &item, &access, Some(number), &headers).await
}

/// `Range: bytes=a-b`, `bytes=a-` or `bytes=-n` against `size`: `Ok(None)`
/// for no (or an ignored, multi-part) range, `Err(())` when it cannot be
/// satisfied.
fn parse_range(headers: &HeaderMap, size: u64) -> Result<Option<std::ops::Range<u64>>, ()> {
    let Some(value) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None); // several ranges: the whole file instead
    }
    let (start, end) = spec.split_once('-').ok_or(())?;
    let (start, end) = (start.trim(), end.trim());
    let range = match (start.is_empty(), end.is_empty()) {
        (false, _) => {
            let start: u64 = start.parse().map_err(|_| ())?;
            let end: u64 = if end.is_empty() {
                size.saturating_sub(1)
            } else {
                end.parse::<u64>()
                    .map_err(|_| ())?
                    .min(size.saturating_sub(1))
            };
            if start >= size || end < start {
                return Err(());
            }
            start..end + 1
        }
        (true, false) => {
            let suffix: u64 = end.parse().map_err(|_| ())?;
            if suffix == 0 || size == 0 {
                return Err(());
            }
            size.saturating_sub(suffix)..size
        }
        (true, true) => return Err(()),
    };
    Ok(Some(range))
}

/// The bytes of a revision, with the headers that keep a browser from
/// treating them as a page of this instance.
async fn serve(
    state: &AppState,
    item: &Item,
    access: &SpaceAccess,
    number: Option<i64>,
    headers: &HeaderMap,
) -> AppResult<Response> {
    if item.kind == ItemKind::Folder {
        return Err(AppError::invalid("a folder has no content to download"));
    }
    if let Some(remote) = &item.remote_url {
        // Another instance's item: its bytes are there.
        let location =
            HeaderValue::from_str(remote).map_err(|_| AppError::NotFound("library item"))?;
        return Ok((StatusCode::FOUND, [(header::LOCATION, location)]).into_response());
    }
    let revision = library::revision(&state.db, item, number).await?;
    let size = revision.size.max(0) as u64;
    let media_type = revision.media_type().to_owned();
    let etag = match &revision.blob_hash {
        Some(hash) => format!("\"{hash}\""),
        None => format!("\"note-{}-{}\"", item.id, revision.number),
    };
    let inline = is_safe_inline(&media_type);
    let mut response = Response::builder()
        .header(header::CONTENT_TYPE, &media_type)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        )
        .header(
            header::CONTENT_DISPOSITION,
            disposition(
                if inline { "inline" } else { "attachment" },
                &revision.download_name(item),
            ),
        )
        .header(header::ETAG, &etag)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(
            header::CACHE_CONTROL,
            // A private space's file is for its members only: no cache
            // keeps it, not even the browser's on a shared computer.
            if access.space.visibility == Visibility::Public {
                "public, max-age=300"
            } else {
                super::PERSONAL
            },
        );
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if fresh {
        return response
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .map_err(|e| AppError::Internal(e.into()));
    }
    let range = match parse_range(headers, size) {
        Ok(range) => range,
        Err(()) => {
            return Response::builder()
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                .body(Body::empty())
                .map_err(|e| AppError::Internal(e.into()));
        }
    };
    if let Some(range) = &range {
        response = response.status(StatusCode::PARTIAL_CONTENT).header(
            header::CONTENT_RANGE,
            format!("bytes {}-{}/{size}", range.start, range.end - 1),
        );
    }
    let length = range.as_ref().map_or(size, |r| r.end - r.start);
    response = response.header(header::CONTENT_LENGTH, length);
    let body = match (&revision.blob_hash, &revision.body) {
        (Some(hash), _) => Body::from_stream(state.storage.read(hash, range).await?),
        (None, Some(text)) => {
            let bytes = bytes::Bytes::from(text.clone().into_bytes());
            Body::from(match range {
                Some(r) => bytes.slice(r.start as usize..r.end as usize),
                None => bytes,
            })
        }
        (None, None) => return Err(AppError::NotFound("revision")),
    };
    response
        .body(body)
        .map_err(|e| AppError::Internal(e.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(value: &str, size: u64) -> Result<Option<std::ops::Range<u64>>, ()> {
        let mut headers = HeaderMap::new();
        headers.insert(header::RANGE, HeaderValue::from_str(value).unwrap());
        parse_range(&headers, size)
    }

    #[test]
    fn byte_ranges() {
        assert_eq!(range("bytes=0-99", 1000), Ok(Some(0..100)));
        assert_eq!(range("bytes=900-", 1000), Ok(Some(900..1000)));
        assert_eq!(range("bytes=-100", 1000), Ok(Some(900..1000)));
        assert_eq!(range("bytes=990-2000", 1000), Ok(Some(990..1000)));
        assert_eq!(range("bytes=1000-", 1000), Err(()));
        assert_eq!(range("bytes=5-2", 1000), Err(()));
        assert_eq!(range("bytes=0-1,5-6", 1000), Ok(None));
        assert_eq!(range("items=0-1", 1000), Ok(None));
    }

    #[test]
    fn dispositions_carry_any_name_safely() {
        assert_eq!(
            disposition("attachment", "report.pdf"),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"
        );
        let arabic = disposition("attachment", "تقرير \"final\".pdf");
        assert!(arabic.starts_with("attachment; filename=\"_____ _final_.pdf\""));
        assert!(arabic.contains("filename*=UTF-8''%D8%AA"));
    }
}
