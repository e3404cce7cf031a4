//! An event's guests (issue 17 point 5), for its organisers: people
//! without an account who registered with a name and an email address.
//! Guests themselves use the web pages their emails link to.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, CurrentAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::events::guests::{self, GuestState, GuestView};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(decide, remove))
}

/// The event's guests (not those who cancelled), for its organisers.
#[utoipa::path(get, path = "/api/v1/events/{id}/guests", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<GuestView>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Vec<GuestView>>> {
    Ok(Json(guests::list(&state.db, id, &me).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct GuestDecision {
    /// `true`: a place (or the waiting list when full); `false`: turned down.
    approve: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
struct GuestDecided {
    state: GuestState,
}

/// Approve or turn down a guest (events by approval), as for members.
#[utoipa::path(post, path = "/api/v1/events/{id}/guests/{guest}", tag = "events",
    params(("id" = i64, Path), ("guest" = i64, Path)), request_body = GuestDecision,
    responses((status = 200, body = GuestDecided), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn decide(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((id, guest)): AppPath<(i64, i64)>,
    AppJson(body): AppJson<GuestDecision>,
) -> AppResult<Json<GuestDecided>> {
    let state = guests::decide(&state.db, id, &me, guest, body.approve).await?;
    Ok(Json(GuestDecided { state }))
}

/// Remove a guest: they are emailed, and the waiting list moves up.
#[utoipa::path(delete, path = "/api/v1/events/{id}/guests/{guest}", tag = "events",
    params(("id" = i64, Path), ("guest" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((id, guest)): AppPath<(i64, i64)>,
) -> AppResult<StatusCode> {
    guests::remove(&state.db, id, &me, guest).await?;
    Ok(StatusCode::NO_CONTENT)
}
