//! `/api/v1/notifications`: the member's notifications, written out in
//! their language and time zone, and marking them read.

use axum::Json;
use axum::extract::State;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppPath, AppQuery, CurrentAccount};
use crate::AppState;
use crate::accounts::Account;
use crate::db::format_time;
use crate::error::{AppResult, ErrorBody};
use crate::i18n::{Lang, Tr};
use crate::notifications::{self, Notification, render};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(unread_count))
        .routes(routes!(read_all))
        .routes(routes!(read_one))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct NotificationQuery {
    /// Only unread ones.
    #[serde(default)]
    unread: bool,
    /// From 0; 50 a page.
    #[serde(default)]
    page: i64,
}

/// One notification, written out for the caller.
#[derive(Serialize, utoipa::ToSchema)]
struct NotificationView {
    id: i64,
    /// The stable code of what happened (see the operation's description).
    kind: String,
    /// One sentence in the caller's language, times in their time zone.
    text: String,
    /// Where to see it: a path on this instance, e.g. `/post/12#comment-40`.
    link: String,
    /// The first words of the comment it is about, as plain text.
    excerpt: Option<String>,
    /// Who did it: `name` or `name@domain` (the latest one, when grouped).
    actor: Option<String>,
    /// How many people, for grouped reactions.
    actor_count: i64,
    /// The space: its slug for our public spaces, `slug@domain` for a
    /// followed one, else its id.
    space: Option<String>,
    post_id: Option<i64>,
    comment_id: Option<i64>,
    event_id: Option<i64>,
    item_id: Option<i64>,
    report_id: Option<i64>,
    /// What the kind says more, e.g. `{"changed": ["time", "place"]}` for
    /// `event.updated`, `{"when": "hour"}` for `event.reminder`.
    params: serde_json::Value,
    /// RFC 3339.
    created_at: String,
    /// Later than `created_at` when more reactions were grouped into it.
    updated_at: String,
    read: bool,
    /// The same as `text`, for clients written before `text` existed.
    message: String,
}

/// The language for the caller: their own setting, else what the client
/// asks for, else the instance's.
fn reader_language(state: &AppState, me: &Account, headers: &HeaderMap) -> Lang {
    Lang::from_code(&me.ui_language)
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::negotiate)
        })
        .or_else(|| Lang::from_code(&state.config.language))
        .unwrap_or(Lang::En)
}

fn view(n: Notification, t: &Tr, tz: &jiff::tz::TimeZone) -> NotificationView {
    let shown = render::render(&n, t, tz);
    let space = n.space_reference();
    NotificationView {
        id: n.id,
        text: shown.text.clone(),
        message: shown.text,
        link: shown.link,
        excerpt: shown.excerpt,
        actor: n.actor_handle,
        actor_count: n.actor_count,
        space,
        post_id: n.post_id,
        comment_id: n.comment_id,
        event_id: n.event_id,
        item_id: n.item_id,
        report_id: n.report_id,
        params: serde_json::from_str(&n.params).unwrap_or_default(),
        created_at: format_time(n.created_at),
        updated_at: format_time(n.updated_at),
        read: n.read_at.is_some(),
        kind: n.kind,
    }
}

/// The caller's notifications: unread first, then newest first, 50 a page.
///
/// `kind` is one of these stable codes:
///
/// - `mention`: someone mentioned the caller in a post or comment
/// - `comment.on_post`: someone commented on the caller's post
/// - `comment.reply`: someone replied to the caller's comment
/// - `reaction`: people reacted to the caller's post or comment (grouped while unread: `actor_count`)
/// - `post.new`: a new post in a space the caller watches
/// - `join.approved` / `join.refused`: the caller's request to join a space was answered
/// - `space.invitation`: the caller was invited to a space
/// - `join.requested`: someone asks to join a space the caller manages
/// - `event.registration`: someone registered for (`params.state` `going`) or asks to register for (`pending`) an event the caller organises
/// - `event.unregistration`: someone cancelled their registration for an event the caller organises
/// - `event.waitlist`: someone is on the waiting list (`params.state` `waiting`) or moved up from it (`going`)
/// - `event.updated`: an event the caller registered for changed; `params.changed` lists any of `time`, `place`, `link`, `status`, `title`
/// - `event.cancelled`: an event the caller registered for was cancelled
/// - `event.reminder`: an event the caller registered for starts soon (`params.when`: `day` or `hour`)
/// - `event.accepted` / `event.rejected`: the caller's registration was answered (or a place freed up)
/// - `event.replay`: an event the caller went to has a recording, slides or notes (`params.material`)
/// - `event.message`: the organisers of an event the caller registered for wrote to its participants; `params.subject` and `params.body` (plain text) are the message
/// - `library.changed` / `library.commented`: a library item the caller follows changed or was commented
/// - `report.new`: a report waits for the moderators (moderators and admins)
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationQuery),
    responses((status = 200, body = Vec<NotificationView>), (status = 401, body = ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    headers: HeaderMap,
    AppQuery(query): AppQuery<NotificationQuery>,
) -> AppResult<Json<Vec<NotificationView>>> {
    let list = notifications::list(&state.db, &me, query.unread, query.page).await?;
    let t = Tr::new(reader_language(&state, &me, &headers));
    let tz = me.zone();
    Ok(Json(list.into_iter().map(|n| view(n, &t, &tz)).collect()))
}

#[derive(Serialize, utoipa::ToSchema)]
struct UnreadCount {
    count: i64,
}

/// How many of the caller's notifications are unread.
#[utoipa::path(get, path = "/api/v1/notifications/unread-count", tag = "notifications",
    responses((status = 200, body = UnreadCount), (status = 401, body = ErrorBody)))]
async fn unread_count(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<UnreadCount>> {
    let count = notifications::unread_count(&state.db, &me).await?;
    Ok(Json(UnreadCount { count }))
}

/// Mark every notification read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn read_all(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<StatusCode> {
    notifications::mark_read(&state.db, &me, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark one notification read. Another member's notification is 404.
#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_one(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    notifications::mark_read(&state.db, &me, Some(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
