//! `/api/v1/follows`: following spaces of other instances.

use activitypub_federation::config::Data;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, CurrentAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::spaces::follows::{self, FollowView, NewFollow};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_follows, follow))
        .routes(routes!(unfollow))
}

/// The remote spaces the caller follows (or asked to).
#[utoipa::path(get, path = "/api/v1/follows", tag = "federation",
    responses((status = 200, body = Vec<FollowView>), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
async fn list_follows(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<Vec<FollowView>>> {
    Ok(Json(follows::list(&state.db, &me).await?))
}

/// Follows a public space of another instance by `@slug@domain` or URL.
/// The follow is `pending` until that instance accepts it; its recent
/// posts are then fetched.
#[utoipa::path(post, path = "/api/v1/follows", tag = "federation", request_body = NewFollow,
    responses((status = 202, body = FollowView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "This instance does not federate with that domain", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 502, description = "The other instance could not be reached", body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
async fn follow(
    data: Data<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(new): AppJson<NewFollow>,
) -> AppResult<(StatusCode, Json<FollowView>)> {
    let space_id = crate::federation::remote::resolve_space(&data, &new.handle).await?;
    let view = follows::follow(&data.db, &data.changes, &me, space_id).await?;
    Ok((StatusCode::ACCEPTED, Json(view)))
}

/// Stops following a remote space (`{space_id}` from the follow list).
#[utoipa::path(delete, path = "/api/v1/follows/{space_id}", tag = "federation",
    params(("space_id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
async fn unfollow(
    data: Data<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space_id): AppPath<i64>,
) -> AppResult<StatusCode> {
    follows::unfollow(&data, &me, space_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
