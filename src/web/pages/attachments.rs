//! Pictures and files on posts and comments: storing those a form carries,
//! serving them to whoever may open what they belong to, and letting their
//! author describe a picture.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::drafts;
use super::post_form::Described;
use super::posts::show_described;
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::library::storage::is_safe_inline;
use crate::media::{self, Incoming, ShownOn, Variant};
use crate::web::{Ctx, Submitted, WithFiles, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/media/{id}", get(full))
        .route("/media/{id}/{variant}", get(variant))
        .route("/media/{id}/describe", post(describe))
        .route("/settings/avatar/remove", post(remove_avatar))
}

/// The forms that carry a picture (served without the overall timeout).
pub fn uploads() -> axum::Router<AppState> {
    axum::Router::new().route("/settings/avatar", post(set_avatar))
}

/// Stores the files of a form, each picture with its line of the
/// `descriptions` field (one line per picture, in order). Returns their
/// ids, to attach.
pub async fn store_all(state: &AppState, me: &Account, sent: &WithFiles) -> AppResult<Vec<i64>> {
    if let Some(refused) = &sent.refused {
        return Err(refused.error());
    }
    let descriptions = sent.field("descriptions");
    let mut lines = descriptions
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let mut ids = Vec::with_capacity(sent.files.len());
    for (file_name, bytes) in &sent.files {
        let sniffed = crate::library::storage::sniff(&bytes[..bytes.len().min(8192)]);
        let description = if media::images::is_picture(sniffed) {
            lines.next().unwrap_or_default().to_owned()
        } else {
            String::new()
        };
        let stored = media::store(
            &state.db,
            &state.storage,
            me,
            Incoming {
                file_name: file_name.clone(),
                bytes: bytes.clone(),
                description,
            },
        )
        .await;
        match stored {
            Ok(stored) => ids.push(stored.id),
            Err(e) => {
                media::discard(&state.db, me.id, &ids).await?;
                return Err(e);
            }
        }
    }
    Ok(ids)
}

/// Passes `result` on; when it failed, the uploads that came with it go.
pub async fn or_discard<T>(
    state: &AppState,
    me: &Account,
    result: AppResult<T>,
    ids: &[i64],
) -> AppResult<T> {
    if result.is_err() {
        media::discard(&state.db, me.id, ids).await?;
    }
    result
}

fn parse_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound("media"))
}

async fn full(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    serve(&state, &c, parse_id(&id)?, None, &headers).await
}

async fn variant(
    State(state): State<AppState>,
    c: Ctx,
    Path((id, variant)): Path<(String, String)>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let variant = match variant.as_str() {
        "phone" => Variant::Phone,
        "thumb" => Variant::Thumb,
        _ => return Err(AppError::NotFound("media")),
    };
    serve(&state, &c, parse_id(&id)?, Some(variant), &headers).await
}

async fn serve(
    state: &AppState,
    c: &Ctx,
    id: i64,
    variant: Option<Variant>,
    headers: &HeaderMap,
) -> AppResult<Response> {
    let served = media::find_visible(&state.db, id, variant, c.me.as_ref()).await?;
    let etag = format!("\"{}\"", served.hash);
    let inline = is_safe_inline(&served.media_type);
    let builder = Response::builder()
        .header(header::CONTENT_TYPE, &served.media_type)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        )
        .header(
            header::CONTENT_DISPOSITION,
            crate::api::disposition(
                if inline { "inline" } else { "attachment" },
                &served.file_name,
            ),
        )
        .header(header::ETAG, &etag)
        .header(
            header::CACHE_CONTROL,
            // Bytes never change under an address: a public picture may be
            // kept a year; a private space's stays out of every cache.
            if served.public {
                "public, max-age=31536000, immutable"
            } else {
                crate::api::PERSONAL
            },
        );
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let response = if fresh {
        builder.status(StatusCode::NOT_MODIFIED).body(Body::empty())
    } else {
        let stream = state.storage.read(&served.hash, None).await?;
        builder.body(Body::from_stream(stream))
    };
    response.map_err(|e| AppError::Internal(e.into()))
}

#[derive(Deserialize)]
struct DescribeForm {
    #[serde(default)]
    description: String,
}

/// The author describes a picture; back to where it is shown, or, when
/// the description is refused, that page again with the form as typed.
async fn describe(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<DescribeForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = parse_id(&id)?;
    let shown = media::shown_on(&state.db, id, me).await?;
    let Err(e) = media::describe(&state.db, id, me, &form.description).await else {
        return Ok(see_other(&shown.url()));
    };
    let typed = Described::refused(id, form.description, &e);
    match (shown, typed) {
        (ShownOn::Post { post, .. }, Some(typed)) => show_described(&state, c, post, typed).await,
        (ShownOn::Draft(draft), Some(typed)) => {
            drafts::show_described(&state, c, draft, typed).await
        }
        _ => Err(e),
    }
}

/// A new profile picture, from the member's own profile page.
async fn set_avatar(State(state): State<AppState>, c: Ctx, sent: WithFiles) -> AppResult<Response> {
    let me = c.member()?;
    let (file_name, bytes) = sent
        .files
        .first()
        .cloned()
        .ok_or_else(|| AppError::invalid("picture: choose a picture"))?;
    media::set_avatar(
        &state.db,
        &state.storage,
        me,
        Incoming {
            file_name,
            bytes,
            description: String::new(),
        },
    )
    .await?;
    Ok(see_other(&format!("/people/{}", me.username)))
}

async fn remove_avatar(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(_): Submitted<crate::web::NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    media::remove_avatar(&state.db, me).await?;
    Ok(see_other(&format!("/people/{}", me.username)))
}
