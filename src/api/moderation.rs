//! Reports (`/api/v1/reports`), the moderators' queue and actions
//! (`/api/v1/admin/reports`, account suspension), and bans from spaces.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::moderation::{self, NewReport, ReportState, ReportView, Resolution};
use crate::spaces;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_report))
        .routes(routes!(report_queue))
        .routes(routes!(space_reports))
        .routes(routes!(resolve_report))
        .routes(routes!(suspend_account, unsuspend_account))
        .routes(routes!(ban_from_space))
}

/// Report a post, a comment or someone to this instance's moderators;
/// with `forward`, also to the reported person's instance (a `Flag`).
#[utoipa::path(post, path = "/api/v1/reports", tag = "moderation", request_body = NewReport,
    responses((status = 201, body = ReportView), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
async fn create_report(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(new): AppJson<NewReport>,
) -> AppResult<(StatusCode, Json<ReportView>)> {
    let view = moderation::report(&state.db, &state.changes, &me, new).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct QueueQuery {
    /// `open` (default), `resolved` or `dismissed`.
    state: Option<ReportState>,
}

/// The moderators' queue, oldest first (moderators, admins). Reports about
/// a private space's content say so (`private`) and, unless the moderator
/// is a member of that space, leave out its ids, space and excerpt.
#[utoipa::path(get, path = "/api/v1/admin/reports", tag = "moderation", params(QueueQuery),
    responses((status = 200, body = Vec<ReportView>), (status = 403, body = ErrorBody)))]
async fn report_queue(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<QueueQuery>,
) -> AppResult<Json<Vec<ReportView>>> {
    Ok(Json(
        moderation::queue(&state.db, Some(&me), query.state).await?,
    ))
}

/// Reports about content of a space, oldest first (its space managers).
/// Unlike the instance's queue, this one shows a private space's content.
#[utoipa::path(get, path = "/api/v1/spaces/{space}/reports", tag = "moderation",
    params(("space" = String, Path), QueueQuery),
    responses((status = 200, body = Vec<ReportView>), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn space_reports(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppQuery(query): AppQuery<QueueQuery>,
) -> AppResult<Json<Vec<ReportView>>> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    Ok(Json(
        moderation::space_queue(&state.db, &access, query.state).await?,
    ))
}

/// Act on a report and close it: dismiss, remove the content, suspend the
/// member, or ban them from the space. Moderators and admins decide, except
/// about content of a private space they are not a member of, where they
/// may only dismiss or suspend; the space's managers dismiss, remove the
/// content or ban from their space.
#[utoipa::path(post, path = "/api/v1/admin/reports/{id}/resolve", tag = "moderation",
    params(("id" = i64, Path)), request_body = Resolution,
    responses((status = 200, body = ReportView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn resolve_report(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(resolution): AppJson<Resolution>,
) -> AppResult<Json<ReportView>> {
    let view = moderation::resolve(&state.db, &state.changes, &me, id, resolution).await?;
    Ok(Json(view))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
struct Reason {
    #[serde(default)]
    reason: String,
}

/// Suspend a member: they can no longer sign in or use their tokens
/// (moderators, admins).
#[utoipa::path(post, path = "/api/v1/admin/accounts/{username}/suspension", tag = "moderation",
    params(("username" = String, Path)), request_body = Reason,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn suspend_account(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(username): AppPath<String>,
    AppJson(body): AppJson<Reason>,
) -> AppResult<StatusCode> {
    moderation::set_suspended(&state.db, &me, &username, true, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lift a member's suspension (moderators, admins).
#[utoipa::path(delete, path = "/api/v1/admin/accounts/{username}/suspension", tag = "moderation",
    params(("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unsuspend_account(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(username): AppPath<String>,
) -> AppResult<StatusCode> {
    moderation::set_suspended(&state.db, &me, &username, false, "").await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewBan {
    /// `name@domain` of someone elsewhere, or a member's username.
    account: String,
    #[serde(default)]
    reason: String,
}

/// Ban someone from a space: they stop following it, leave it, and nothing
/// more of theirs is accepted in it (space managers, instance moderators).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/bans", tag = "moderation",
    params(("space" = String, Path)), request_body = NewBan,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn ban_from_space(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(ban): AppJson<NewBan>,
) -> AppResult<StatusCode> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    moderation::ban(
        &state.db,
        &state.changes,
        &access,
        &me,
        &ban.account,
        &ban.reason,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
