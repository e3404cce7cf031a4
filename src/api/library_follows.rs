//! `/api/v1/library/items/{id}/follow`: hearing of an item's changes and
//! comments (see `library::follows`).

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppPath, CurrentAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::library::follows;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(follow, unfollow))
}

/// Follow an item: be told when it changes or is commented
/// (`library.changed`, `library.commented`). Creating, editing or
/// commenting an item follows it too.
#[utoipa::path(put, path = "/api/v1/library/items/{id}/follow", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn follow(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    follows::set(&state.db, id, &me, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following an item.
#[utoipa::path(delete, path = "/api/v1/library/items/{id}/follow", tag = "library",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unfollow(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    follows::set(&state.db, id, &me, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
