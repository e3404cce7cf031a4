//! What events leave behind (recordings, slides, notes) and the archives of
//! past events.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount, MaybeAccount};
use crate::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::events::{
    self,
    replays::{self, ArchivePage, MaterialKind, MaterialView, NewMaterial, Past, Source},
};
use crate::spaces;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(materials, attach))
        .routes(routes!(detach))
        .routes(routes!(public_archive))
        .routes(routes!(space_archive))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ArchiveQuery {
    /// `next` of the previous page.
    before: Option<String>,
    /// Also show times in this IANA zone (`starts_viewer`, `ends_viewer`).
    timezone: Option<String>,
}

/// What an event left behind, in the order it was attached.
#[utoipa::path(get, path = "/api/v1/events/{id}/materials", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<MaterialView>), (status = 404, body = ErrorBody)))]
async fn materials(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Vec<MaterialView>>> {
    let (event, _) = events::find_visible(&state.db, id, viewer.as_ref()).await?;
    Ok(Json(replays::of_event(&state.db, &event).await?))
}

/// A recording, slides or notes: a link, or an item of the space's library.
#[derive(Deserialize, utoipa::ToSchema)]
struct NewMaterialBody {
    kind: MaterialKind,
    #[serde(default)]
    title: String,
    /// An http(s) link …
    url: Option<String>,
    /// … or the id of a file or note in the library of the event's space.
    #[serde(default, deserialize_with = "crate::integer::optional")]
    item_id: Option<i64>,
}

/// Attach a recording, slides or notes to an event that has started (its
/// organiser, the space's content managers). Those who went are told.
#[utoipa::path(post, path = "/api/v1/events/{id}/materials", tag = "events",
    params(("id" = i64, Path)), request_body = NewMaterialBody,
    responses((status = 201, body = Vec<MaterialView>), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn attach(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<NewMaterialBody>,
) -> AppResult<(StatusCode, Json<Vec<MaterialView>>)> {
    let source = match (body.url, body.item_id) {
        (Some(url), None) => Source::Link(url),
        (None, Some(item)) => Source::Item(item),
        _ => {
            return Err(AppError::invalid(
                "url: give either url or item_id, not both or neither",
            ));
        }
    };
    let new = NewMaterial {
        kind: body.kind,
        title: body.title,
        source,
    };
    replays::add(&state.db, id, &me, new).await?;
    let (event, _) = events::find_visible(&state.db, id, Some(&me)).await?;
    Ok((
        StatusCode::CREATED,
        Json(replays::of_event(&state.db, &event).await?),
    ))
}

/// Take an attachment off an event (a library item stays in the library).
#[utoipa::path(delete, path = "/api/v1/events/{id}/materials/{material}", tag = "events",
    params(("id" = i64, Path), ("material" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn detach(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((id, material)): AppPath<(i64, i64)>,
) -> AppResult<StatusCode> {
    replays::remove(&state.db, id, material, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Past events of the instance's public spaces, newest first, with what
/// they left behind.
#[utoipa::path(get, path = "/api/v1/events/past", tag = "events", params(ArchiveQuery),
    responses((status = 200, body = ArchivePage), (status = 422, body = ErrorBody)))]
async fn public_archive(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppQuery(query): AppQuery<ArchiveQuery>,
) -> AppResult<Json<ArchivePage>> {
    Ok(Json(
        replays::archive(
            &state.db,
            Past::Public,
            viewer.as_ref(),
            query.timezone.as_deref(),
            query.before.as_deref(),
        )
        .await?,
    ))
}

/// Past events of a space, newest first, with what they left behind.
#[utoipa::path(get, path = "/api/v1/spaces/{space}/events/past", tag = "events",
    params(("space" = String, Path), ArchiveQuery),
    responses((status = 200, body = ArchivePage), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn space_archive(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
    AppQuery(query): AppQuery<ArchiveQuery>,
) -> AppResult<Json<ArchivePage>> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    Ok(Json(
        replays::archive(
            &state.db,
            Past::Space(&access),
            viewer.as_ref(),
            query.timezone.as_deref(),
            query.before.as_deref(),
        )
        .await?,
    ))
}
