//! `/api/v1/spaces/...` and `/api/v1/me/space-invitations`.
//!
//! `{space}` is a slug or a numeric id; slugs start with a letter, so the
//! two never collide.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount, MaybeAccount, OptionalJson};
use crate::AppState;
use crate::error::{AppResult, ErrorBody};
use crate::feeds::PageRequest;
use crate::posts::Page;
use crate::spaces::federation::{self as space_federation, FollowRequestView, SpaceFederation};
use crate::spaces::members::{self, JoinOutcome, JoinRequestView, MemberView, SpaceInvitationView};
use crate::spaces::{self, NewSpace, SpaceChange, SpaceRole, SpaceView};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_spaces, create_space))
        .routes(routes!(get_space, update_space))
        .routes(routes!(join))
        .routes(routes!(leave))
        .routes(routes!(list_members))
        .routes(routes!(change_role, remove_member))
        .routes(routes!(list_join_requests))
        .routes(routes!(approve_join_request))
        .routes(routes!(reject_join_request))
        .routes(routes!(invite))
        .routes(routes!(my_invitations))
        .routes(routes!(accept_invitation))
        .routes(routes!(decline_invitation))
        .routes(routes!(get_federation, set_federation))
        .routes(routes!(list_follow_requests))
        .routes(routes!(approve_follow_request, refuse_follow_request))
}

/// Which instances may follow this public space or post into it.
#[utoipa::path(get, path = "/api/v1/spaces/{space}/federation", tag = "federation",
    params(("space" = String, Path)),
    responses((status = 200, body = SpaceFederation), (status = 404, body = ErrorBody)))]
async fn get_federation(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<Json<SpaceFederation>> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    Ok(Json(
        space_federation::get(&state.db, access.space.id).await?,
    ))
}

/// Restrict (`listed`) or open (`everyone`) the space's federation (space
/// managers). Followers from instances no longer allowed are dropped.
#[utoipa::path(put, path = "/api/v1/spaces/{space}/federation", tag = "federation",
    params(("space" = String, Path)), request_body = SpaceFederation,
    responses((status = 200, body = SpaceFederation), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_federation(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(settings): AppJson<SpaceFederation>,
) -> AppResult<Json<SpaceFederation>> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    Ok(Json(
        space_federation::set(&state.db, &access, &me, settings).await?,
    ))
}

/// Follows from limited instances, waiting for a decision (space managers).
#[utoipa::path(get, path = "/api/v1/spaces/{space}/follow-requests", tag = "federation",
    params(("space" = String, Path)),
    responses((status = 200, body = Vec<FollowRequestView>), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn list_follow_requests(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<Json<Vec<FollowRequestView>>> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    Ok(Json(
        space_federation::follow_requests(&state.db, &access).await?,
    ))
}

/// Accept a waiting follow (space managers).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/follow-requests/{id}/approve", tag = "federation",
    params(("space" = String, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn approve_follow_request(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((space, id)): AppPath<(String, i64)>,
) -> AppResult<StatusCode> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    space_federation::decide_follow(&state.db, &state.changes, &access, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Refuse a waiting follow: a `Reject` goes back (space managers).
#[utoipa::path(delete, path = "/api/v1/spaces/{space}/follow-requests/{id}", tag = "federation",
    params(("space" = String, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn refuse_follow_request(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((space, id)): AppPath<(String, i64)>,
) -> AppResult<StatusCode> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    space_federation::decide_follow(&state.db, &state.changes, &access, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListQuery {
    /// From `next_cursor` of the previous page.
    #[param(pattern = "^([0-9]+_[0-9]+)?$")]
    cursor: Option<String>,
    /// 1 to 100; default 20.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
    /// Only spaces the caller belongs to.
    #[serde(default)]
    mine: bool,
}

/// Spaces the caller may see: public ones, and private ones they belong to.
#[utoipa::path(get, path = "/api/v1/spaces", tag = "spaces", params(ListQuery),
    responses((status = 200, body = Page<SpaceView>), (status = 400, body = ErrorBody)))]
async fn list_spaces(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppQuery(query): AppQuery<ListQuery>,
) -> AppResult<Json<Page<SpaceView>>> {
    let request = PageRequest::parse(query.cursor.as_deref(), query.limit)?;
    let page = spaces::list_visible(
        &state.db,
        viewer.as_ref(),
        query.mine,
        request.before,
        request.limit,
    )
    .await?;
    Ok(Json(page))
}

/// Create a space; the creator becomes its space manager.
#[utoipa::path(post, path = "/api/v1/spaces", tag = "spaces", request_body = NewSpace,
    responses((status = 201, body = SpaceView), (status = 401, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_space(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(new): AppJson<NewSpace>,
) -> AppResult<(StatusCode, Json<SpaceView>)> {
    let access = spaces::create(&state.db, &me, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(spaces::view(&state.db, &access).await?),
    ))
}

/// One space, by slug or id.
#[utoipa::path(get, path = "/api/v1/spaces/{space}", tag = "spaces", params(("space" = String, Path)),
    responses((status = 200, body = SpaceView), (status = 404, body = ErrorBody)))]
async fn get_space(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<Json<SpaceView>> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    Ok(Json(spaces::view(&state.db, &access).await?))
}

/// Change a space's settings (space managers).
#[utoipa::path(patch, path = "/api/v1/spaces/{space}", tag = "spaces", params(("space" = String, Path)),
    request_body = SpaceChange,
    responses((status = 200, body = SpaceView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_space(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(change): AppJson<SpaceChange>,
) -> AppResult<Json<SpaceView>> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let updated = spaces::update(&state.db, &access, change).await?;
    Ok(Json(spaces::view(&state.db, &updated).await?))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
struct JoinRequestBody {
    /// A note for the space's managers (private spaces).
    #[serde(default)]
    message: String,
}

/// Join a public space, or ask to join a private one. For a space the
/// caller cannot see, the answer is always `202 {"status": "requested"}`,
/// whether or not it exists.
#[utoipa::path(post, path = "/api/v1/spaces/{space}/join", tag = "members", params(("space" = String, Path)),
    request_body(content = Option<JoinRequestBody>),
    responses((status = 200, body = JoinOutcome), (status = 202, body = JoinOutcome), (status = 401, body = ErrorBody)))]
async fn join(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    OptionalJson(body): OptionalJson<JoinRequestBody>,
) -> AppResult<(StatusCode, Json<JoinOutcome>)> {
    let message = body.map(|b| b.message).unwrap_or_default();
    let outcome = members::join(&state.db, &space, &me, &message).await?;
    let status = match outcome {
        JoinOutcome::Member { .. } => StatusCode::OK,
        JoinOutcome::Requested => StatusCode::ACCEPTED,
    };
    Ok((status, Json(outcome)))
}

/// Leave a space. The last space manager cannot leave (409).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/leave", tag = "members", params(("space" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn leave(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<StatusCode> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    members::remove(&state.db, &access, &me, &me.username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Members of a space.
#[utoipa::path(get, path = "/api/v1/spaces/{space}/members", tag = "members", params(("space" = String, Path)),
    responses((status = 200, body = [MemberView]), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_members(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<Json<Vec<MemberView>>> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    Ok(Json(
        members::list(&state.db, &access, viewer.as_ref()).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct RoleBody {
    role: SpaceRole,
}

/// Change a member's role (space managers).
#[utoipa::path(patch, path = "/api/v1/spaces/{space}/members/{username}", tag = "members",
    params(("space" = String, Path), ("username" = String, Path)), request_body = RoleBody,
    responses((status = 200, body = MemberView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn change_role(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((space, username)): AppPath<(String, String)>,
    AppJson(body): AppJson<RoleBody>,
) -> AppResult<Json<MemberView>> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    Ok(Json(
        members::change_role(&state.db, &access, &username, body.role).await?,
    ))
}

/// Remove a member (space managers), or leave (one's own username).
#[utoipa::path(delete, path = "/api/v1/spaces/{space}/members/{username}", tag = "members",
    params(("space" = String, Path), ("username" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn remove_member(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((space, username)): AppPath<(String, String)>,
) -> AppResult<StatusCode> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    members::remove(&state.db, &access, &me, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Pending requests to join (space managers).
#[utoipa::path(get, path = "/api/v1/spaces/{space}/join-requests", tag = "members", params(("space" = String, Path)),
    responses((status = 200, body = [JoinRequestView]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_join_requests(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<Json<Vec<JoinRequestView>>> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    Ok(Json(members::join_requests(&state.db, &access).await?))
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
struct ApproveBody {
    /// Defaults to the space's default role.
    role: Option<SpaceRole>,
}

/// Approve a request to join (space managers).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/join-requests/{id}/approve", tag = "members",
    params(("space" = String, Path), ("id" = i64, Path)), request_body(content = Option<ApproveBody>),
    responses((status = 200, body = MemberView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn approve_join_request(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((space, id)): AppPath<(String, i64)>,
    OptionalJson(body): OptionalJson<ApproveBody>,
) -> AppResult<Json<MemberView>> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let role = body.and_then(|b| b.role);
    Ok(Json(
        members::approve_request(&state.db, &access, id, role).await?,
    ))
}

/// Turn down a request to join (space managers).
#[utoipa::path(delete, path = "/api/v1/spaces/{space}/join-requests/{id}", tag = "members",
    params(("space" = String, Path), ("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reject_join_request(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((space, id)): AppPath<(String, i64)>,
) -> AppResult<StatusCode> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    members::reject_request(&state.db, &access, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct InviteBody {
    username: String,
    /// Defaults to the space's default role.
    role: Option<SpaceRole>,
}

/// Invite a local member into the space (space managers).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/invitations", tag = "members",
    params(("space" = String, Path)), request_body = InviteBody,
    responses((status = 201, body = SpaceInvitationView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn invite(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(body): AppJson<InviteBody>,
) -> AppResult<(StatusCode, Json<SpaceInvitationView>)> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let invitation = members::invite(&state.db, &access, &me, &body.username, body.role).await?;
    Ok((StatusCode::CREATED, Json(invitation)))
}

/// Invitations to spaces waiting for the caller's answer.
#[utoipa::path(get, path = "/api/v1/me/space-invitations", tag = "members",
    responses((status = 200, body = [SpaceInvitationView]), (status = 401, body = ErrorBody)))]
async fn my_invitations(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<Vec<SpaceInvitationView>>> {
    Ok(Json(members::my_invitations(&state.db, &me).await?))
}

/// Accept an invitation: the caller becomes a member.
#[utoipa::path(post, path = "/api/v1/me/space-invitations/{id}/accept", tag = "members", params(("id" = i64, Path)),
    responses((status = 200, body = SpaceView), (status = 404, body = ErrorBody)))]
async fn accept_invitation(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<SpaceView>> {
    let slug = members::answer_invitation(&state.db, &me, id, true)
        .await?
        .unwrap_or_default();
    let access = spaces::find_visible(&state.db, &slug, Some(&me)).await?;
    Ok(Json(spaces::view(&state.db, &access).await?))
}

/// Decline an invitation.
#[utoipa::path(delete, path = "/api/v1/me/space-invitations/{id}", tag = "members", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn decline_invitation(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    members::answer_invitation(&state.db, &me, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
