//! Series of events (issue 17 point 3): a series is created with its
//! first event (`repeat` in `POST /api/v1/spaces/{space}/events`); each
//! date is an event of its own. Here: the series and its dates, and its
//! end. A date is moved or cancelled like any event.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppPath, CurrentAccount, MaybeAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::events::series::{self, SeriesView};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_series, end_series))
}

/// A series: its rule and the dates not yet over.
#[utoipa::path(get, path = "/api/v1/series/{id}", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, body = SeriesView), (status = 404, body = ErrorBody)))]
async fn get_series(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<SeriesView>> {
    Ok(Json(series::view(&state.db, id, viewer.as_ref()).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Ended {
    /// The dates not yet begun that were cancelled (participants told).
    cancelled: usize,
}

/// Ends a series (its organisers): no more dates, and those not yet begun
/// are cancelled.
#[utoipa::path(delete, path = "/api/v1/series/{id}", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, body = Ended), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn end_series(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Ended>> {
    let cancelled = series::end_series(&state.db, &state.changes, id, &me).await?;
    Ok(Json(Ended { cancelled }))
}
