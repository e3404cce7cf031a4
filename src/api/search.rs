//! `GET /api/v1/search`: finding what the caller may open.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppQuery, MaybeAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::search::{self, Filters, Kind, Results};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search_everything))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// The words to look for (at most 500 characters; the first 8 words
    /// count). Every word must match, in any of its forms (accents, case,
    /// plural and other endings in English, French, German, Portuguese
    /// and Arabic).
    #[param(min_length = 1, max_length = 500)]
    q: String,
    /// Only results of this kind.
    kind: Option<Kind>,
    /// Only in this space (its slug, `slug@domain` or id).
    space: Option<String>,
    /// Only by this person (`name` or `name@domain`).
    author: Option<String>,
    /// Only in this language (BCP 47; `fr` also takes `fr-CA`).
    language: Option<String>,
    /// Created at or after: a date (`2024-05-31`) or an RFC 3339 time.
    since: Option<String>,
    /// Created before the end of this date, or before this RFC 3339 time.
    until: Option<String>,
    /// From 1; at most 100.
    #[param(minimum = 1, maximum = 100)]
    page: Option<i64>,
    /// 1 to 50; default 20.
    #[param(minimum = 1, maximum = 50)]
    per_page: Option<i64>,
}

/// Search posts, comments, events, library items, spaces and people, most
/// relevant and recent first. Only what the caller may open is found or
/// counted: public content for everyone, private spaces' content for
/// their members, profiles as their owners chose.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchQuery),
    responses((status = 200, body = Results), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn search_everything(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppQuery(query): AppQuery<SearchQuery>,
) -> AppResult<Json<Results>> {
    let filters = Filters {
        q: query.q,
        kind: query.kind,
        space: query.space,
        author: query.author,
        language: query.language,
        since: query.since,
        until: query.until,
        page: query.page,
        per_page: query.per_page,
    };
    let request = search::request(&state.db, viewer.as_ref(), filters).await?;
    Ok(Json(
        search::search(&state.db, viewer.as_ref(), request).await?,
    ))
}
