//! `/api/v1/notifications/preferences`: how each category of notification
//! reaches the caller, for all spaces and per space.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, CurrentAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::notifications::settings::{self, PreferencesView};
use crate::notifications::{Category, Delivery};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_preferences, put_preference))
}

/// Every category with what applies for all spaces, and per-space overrides.
#[utoipa::path(get, path = "/api/v1/notifications/preferences", tag = "email",
    responses((status = 200, body = PreferencesView), (status = 401, body = ErrorBody)))]
async fn get_preferences(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<PreferencesView>> {
    Ok(Json(settings::overview(&state.db, &me).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PreferenceChange {
    category: Category,
    /// `app`, `email`, `daily`, `weekly` or `off`; `null` (or absent) goes
    /// back to the default (for a space: to the member's choice for all
    /// spaces).
    #[serde(default)]
    delivery: Option<Delivery>,
    /// A space (slug, `slug@domain` or id) to set this for; absent: all spaces.
    #[serde(default)]
    space: Option<String>,
}

/// Set how one category reaches the caller, in one space or all spaces.
/// A space the caller cannot see is 404, like one that does not exist.
#[utoipa::path(put, path = "/api/v1/notifications/preferences", tag = "email",
    request_body = PreferenceChange,
    responses((status = 200, body = PreferencesView), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn put_preference(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(change): AppJson<PreferenceChange>,
) -> AppResult<Json<PreferencesView>> {
    settings::choose(
        &state.db,
        &me,
        change.space.as_deref(),
        change.category,
        change.delivery,
    )
    .await?;
    Ok(Json(settings::overview(&state.db, &me).await?))
}
