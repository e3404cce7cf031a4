//! Newsletters (issue 17 point 7): issues for their editors, the public
//! archive, members' subscriptions and readers' sign-up. Confirming and
//! unsubscribing are pages, since emails link to them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount, MaybeAccount};
use crate::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::newsletter::sending::{self, Progress};
use crate::newsletter::{self, IssueDraft, IssueState, IssueView, subscribers};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_issues, create_issue))
        .routes(routes!(get_issue, update_issue))
        .routes(routes!(send_test))
        .routes(routes!(send_issue, unschedule))
        .routes(routes!(progress))
        .routes(routes!(archive))
        .routes(routes!(my_subscription, subscribe, unsubscribe))
        .routes(routes!(reader_signup))
        .routes(routes!(set_editor))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct EditorChange {
    editor: bool,
}

/// Make a member an editor of the instance's newsletter, or no longer
/// (admins).
#[utoipa::path(put, path = "/api/v1/admin/accounts/{username}/editor", tag = "admin",
    params(("username" = String, Path)), request_body = EditorChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn set_editor(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(username): AppPath<String>,
    AppJson(body): AppJson<EditorChange>,
) -> AppResult<StatusCode> {
    if me.role != crate::accounts::InstanceRole::Admin {
        return Err(AppError::forbidden("only admins may make editors"));
    }
    crate::accounts::editors::set(&state.db, &username.to_ascii_lowercase(), body.editor).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LetterQuery {
    /// A public space's slug: its letter; absent: the instance's.
    space: Option<String>,
}

/// A letter's issues, drafts included, for its editors (newest 50).
#[utoipa::path(get, path = "/api/v1/newsletter/issues", tag = "newsletter", params(LetterQuery),
    responses((status = 200, body = Vec<IssueView>), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn list_issues(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<LetterQuery>,
) -> AppResult<Json<Vec<IssueView>>> {
    Ok(Json(
        newsletter::for_editors(&state.db, &me, query.space.as_deref()).await?,
    ))
}

/// A new draft issue (the letter's editors).
#[utoipa::path(post, path = "/api/v1/newsletter/issues", tag = "newsletter",
    request_body = IssueDraft,
    responses((status = 201, body = IssueView), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn create_issue(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(draft): AppJson<IssueDraft>,
) -> AppResult<(StatusCode, Json<IssueView>)> {
    let id = newsletter::create(&state.db, &me, draft).await?;
    let issue = newsletter::editable(&state.db, id, &me).await?;
    Ok((
        StatusCode::CREATED,
        Json(newsletter::view(&state.db, &issue).await?),
    ))
}

/// An issue: any, for its editors; one that went out, for anyone.
#[utoipa::path(get, path = "/api/v1/newsletter/issues/{id}", tag = "newsletter",
    params(("id" = i64, Path)),
    responses((status = 200, body = IssueView), (status = 404, body = ErrorBody)))]
async fn get_issue(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<IssueView>> {
    if let Some(me) = &viewer
        && let Ok(issue) = newsletter::editable(&state.db, id, me).await
    {
        return Ok(Json(newsletter::view(&state.db, &issue).await?));
    }
    Ok(Json(newsletter::published(&state.db, id).await?))
}

/// Rewrite an issue not yet gone out (editions and picks replaced).
#[utoipa::path(put, path = "/api/v1/newsletter/issues/{id}", tag = "newsletter",
    params(("id" = i64, Path)), request_body = IssueDraft,
    responses((status = 200, body = IssueView), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn update_issue(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(draft): AppJson<IssueDraft>,
) -> AppResult<Json<IssueView>> {
    newsletter::update(&state.db, id, &me, draft).await?;
    let issue = newsletter::editable(&state.db, id, &me).await?;
    Ok(Json(newsletter::view(&state.db, &issue).await?))
}

/// The issue to the caller alone, marked as a test.
#[utoipa::path(post, path = "/api/v1/newsletter/issues/{id}/test", tag = "newsletter",
    params(("id" = i64, Path)),
    responses((status = 202), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn send_test(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    sending::send_test(&state.db, &state.mailer, id, &me).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SendAt {
    /// When to send it (RFC 3339); absent or past: now.
    at: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Sending {
    state: IssueState,
}

/// Send an issue now (`{}`), or schedule it (`{"at": "2027-01-05T08:00:00Z"}`).
#[utoipa::path(post, path = "/api/v1/newsletter/issues/{id}/send", tag = "newsletter",
    params(("id" = i64, Path)), request_body = SendAt,
    responses((status = 202, body = Sending), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_issue(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<SendAt>,
) -> AppResult<(StatusCode, Json<Sending>)> {
    let at = match body.at {
        Some(at) => Some(
            at.parse::<jiff::Timestamp>()
                .map_err(|_| {
                    AppError::invalid(format!(
                        "at: \"{at}\" is not an RFC 3339 time such as 2027-01-05T08:00:00Z"
                    ))
                })?
                .as_microsecond(),
        ),
        None => None,
    };
    let state_now = sending::send(&state.db, &state.mailer, id, &me, at).await?;
    Ok((StatusCode::ACCEPTED, Json(Sending { state: state_now })))
}

/// A scheduled issue back to a draft.
#[utoipa::path(delete, path = "/api/v1/newsletter/issues/{id}/send", tag = "newsletter",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
async fn unschedule(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    sending::unschedule(&state.db, id, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How far sending is: `{state, total, sent}`.
#[utoipa::path(get, path = "/api/v1/newsletter/issues/{id}/progress", tag = "newsletter",
    params(("id" = i64, Path)),
    responses((status = 200, body = Progress), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn progress(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Progress>> {
    Ok(Json(sending::progress(&state.db, id, &me).await?))
}

/// The issues that went out, newest first (20): anyone.
#[utoipa::path(get, path = "/api/v1/newsletter/archive", tag = "newsletter", params(LetterQuery),
    responses((status = 200, body = Vec<IssueView>), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn archive(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppQuery(query): AppQuery<LetterQuery>,
) -> AppResult<Json<Vec<IssueView>>> {
    let space = newsletter::letter_of(&state.db, query.space.as_deref(), viewer.as_ref()).await?;
    Ok(Json(newsletter::archive(&state.db, space, 20).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Subscription {
    /// The language the caller receives it in; null: not subscribed.
    language: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Subscribe {
    space: Option<String>,
    /// The edition to receive (`fr`, `en`…); the first when there is none.
    language: String,
}

/// Whether the caller receives a letter by email.
#[utoipa::path(get, path = "/api/v1/newsletter/subscription", tag = "newsletter",
    params(LetterQuery),
    responses((status = 200, body = Subscription), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn my_subscription(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<LetterQuery>,
) -> AppResult<Json<Subscription>> {
    let space = newsletter::letter_of(&state.db, query.space.as_deref(), Some(&me)).await?;
    let language = subscribers::of_member(&state.db, me.id, space).await?;
    Ok(Json(Subscription { language }))
}

/// Receive a letter by email, in a language (members: at once).
#[utoipa::path(put, path = "/api/v1/newsletter/subscription", tag = "newsletter",
    request_body = Subscribe,
    responses((status = 200, body = Subscription), (status = 401, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn subscribe(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(body): AppJson<Subscribe>,
) -> AppResult<Json<Subscription>> {
    let space = newsletter::letter_of(&state.db, body.space.as_deref(), Some(&me)).await?;
    subscribers::subscribe_member(&state.db, &me, space, &body.language).await?;
    let language = subscribers::of_member(&state.db, me.id, space).await?;
    Ok(Json(Subscription { language }))
}

/// Stop receiving a letter.
#[utoipa::path(delete, path = "/api/v1/newsletter/subscription", tag = "newsletter",
    params(LetterQuery),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn unsubscribe(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<LetterQuery>,
) -> AppResult<StatusCode> {
    let space = newsletter::letter_of(&state.db, query.space.as_deref(), Some(&me)).await?;
    subscribers::unsubscribe_member(&state.db, &me, space).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ReaderSignup {
    space: Option<String>,
    email: String,
    language: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct CheckInbox {
    /// Always `check_your_inbox`: the answer says nothing of the address.
    status: &'static str,
}

/// A reader without an account subscribes: a confirmation email (double
/// opt-in). The same answer whether the address was new or known.
#[utoipa::path(post, path = "/api/v1/newsletter/subscribers", tag = "newsletter",
    request_body = ReaderSignup,
    responses((status = 202, body = CheckInbox), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn reader_signup(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppJson(body): AppJson<ReaderSignup>,
) -> AppResult<(StatusCode, Json<CheckInbox>)> {
    let space = newsletter::letter_of(&state.db, body.space.as_deref(), viewer.as_ref()).await?;
    let letter = sending::letter_name(&state.db, &state.mailer, space).await?;
    subscribers::subscribe_reader(
        &state.db,
        &state.mailer,
        space,
        &letter,
        &body.email,
        &body.language,
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(CheckInbox {
            status: "check_your_inbox",
        }),
    ))
}
