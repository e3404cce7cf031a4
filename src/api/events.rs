//! Events, registrations and calendars (iCalendar).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount, MaybeAccount};
use crate::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::events::{
    self, EventChange, EventView, NewEvent, ParticipantState, ParticipantView, Upcoming, ical,
};
use crate::spaces;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(space_events, create_event))
        .routes(routes!(public_events))
        .routes(routes!(my_events))
        .routes(routes!(get_event, update_event))
        .routes(routes!(register, unregister))
        .routes(routes!(participants, decide))
        .routes(routes!(participants_csv))
        .routes(routes!(message_participants))
        .routes(routes!(event_calendar))
        .routes(routes!(space_calendar))
        .routes(routes!(new_calendar_token))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ZoneQuery {
    /// Also show times in this IANA zone (`starts_viewer`, `ends_viewer`).
    timezone: Option<String>,
}

/// Upcoming events of a space.
#[utoipa::path(get, path = "/api/v1/spaces/{space}/events", tag = "events",
    params(("space" = String, Path), ZoneQuery),
    responses((status = 200, body = Vec<EventView>), (status = 404, body = ErrorBody)))]
async fn space_events(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
    AppQuery(query): AppQuery<ZoneQuery>,
) -> AppResult<Json<Vec<EventView>>> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    let list = events::upcoming(
        &state.db,
        Upcoming::Space(&access),
        viewer.as_ref(),
        query.timezone.as_deref(),
    )
    .await?;
    Ok(Json(list))
}

/// Create an event in a space (contributors and above).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/events", tag = "events",
    params(("space" = String, Path)), request_body = NewEvent,
    responses((status = 201, body = EventView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_event(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(new): AppJson<NewEvent>,
) -> AppResult<(StatusCode, Json<EventView>)> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let id = events::create(&state.db, &state.changes, &access, &me, new).await?;
    let (event, _) = events::find_visible(&state.db, id, Some(&me)).await?;
    let view = events::view(&state.db, &event, Some(&me), None).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Upcoming events of the instance's public spaces.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ZoneQuery),
    responses((status = 200, body = Vec<EventView>)))]
async fn public_events(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppQuery(query): AppQuery<ZoneQuery>,
) -> AppResult<Json<Vec<EventView>>> {
    let list = events::upcoming(
        &state.db,
        Upcoming::Public,
        viewer.as_ref(),
        query.timezone.as_deref(),
    )
    .await?;
    Ok(Json(list))
}

/// Upcoming events the caller registered for (here or elsewhere).
#[utoipa::path(get, path = "/api/v1/me/events", tag = "events", params(ZoneQuery),
    responses((status = 200, body = Vec<EventView>), (status = 401, body = ErrorBody)))]
async fn my_events(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<ZoneQuery>,
) -> AppResult<Json<Vec<EventView>>> {
    let list = events::upcoming(
        &state.db,
        Upcoming::Member(&me),
        Some(&me),
        query.timezone.as_deref(),
    )
    .await?;
    Ok(Json(list))
}

/// One event.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path), ZoneQuery),
    responses((status = 200, body = EventView), (status = 404, body = ErrorBody)))]
async fn get_event(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
    AppQuery(query): AppQuery<ZoneQuery>,
) -> AppResult<Json<EventView>> {
    let (event, _) = events::find_visible(&state.db, id, viewer.as_ref()).await?;
    Ok(Json(
        events::view(
            &state.db,
            &event,
            viewer.as_ref(),
            query.timezone.as_deref(),
        )
        .await?,
    ))
}

/// Change an event; `{"status": "cancelled"}` cancels it. Participants are
/// told of new times and cancellations (organiser, content managers).
#[utoipa::path(patch, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path)), request_body = EventChange,
    responses((status = 200, body = EventView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_event(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(change): AppJson<EventChange>,
) -> AppResult<Json<EventView>> {
    events::update(&state.db, &state.changes, id, &me, change).await?;
    let (event, _) = events::find_visible(&state.db, id, Some(&me)).await?;
    Ok(Json(
        events::view(&state.db, &event, Some(&me), None).await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Registration {
    state: ParticipantState,
}

/// Register: `going`, `waiting` (full: the waiting list), or `pending`
/// (the organiser approves; or the event's instance has not answered yet).
#[utoipa::path(post, path = "/api/v1/events/{id}/registration", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, body = Registration), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn register(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Registration>> {
    let state = events::register(&state.db, &state.changes, id, &me).await?;
    Ok(Json(Registration { state }))
}

/// Unregister; the first on the waiting list moves up.
#[utoipa::path(delete, path = "/api/v1/events/{id}/registration", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn unregister(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    events::unregister(&state.db, &state.changes, id, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who takes part (organiser, content managers); others see the count.
#[utoipa::path(get, path = "/api/v1/events/{id}/participants", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ParticipantView>), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn participants(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Vec<ParticipantView>>> {
    Ok(Json(events::participants(&state.db, id, &me).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ParticipantDecision)]
#[serde(deny_unknown_fields)]
struct Decision {
    /// `name` or `name@domain`.
    account: String,
    /// Approve (or, for an invitation-only event, add); false turns down.
    approve: bool,
}

/// Approve or turn down a registration, or add someone to an
/// invitation-only event (organiser, content managers).
#[utoipa::path(post, path = "/api/v1/events/{id}/participants", tag = "events",
    params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = Registration), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decide(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(decision): AppJson<Decision>,
) -> AppResult<Json<Registration>> {
    let state = events::decide(
        &state.db,
        &state.changes,
        id,
        &me,
        &decision.account,
        decision.approve,
    )
    .await?;
    Ok(Json(Registration { state }))
}

/// The participant list of event `event_id` as a CSV file to save (the
/// API's and the page's answer alike).
pub fn participants_csv_download(body: String, event_id: i64) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!(
        "attachment; filename=\"event-{event_id}-participants.csv\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(super::PERSONAL),
    );
    response
}

/// The participant list as CSV (organiser, content managers): the header
/// `name,organisation,country,status` (English keys, in every language),
/// then one row per participant by status (`going`, `waiting`, `pending`,
/// `rejected`) and name. A cell that starts like a spreadsheet formula
/// (`=`, `+`, `-`, `@`, tab, carriage return) starts with `'`.
#[utoipa::path(get, path = "/api/v1/events/{id}/participants.csv", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn participants_csv(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Response> {
    let body = events::participants_csv(&state.db, id, &me).await?;
    Ok(participants_csv_download(body, id))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ParticipantMessage)]
#[serde(deny_unknown_fields)]
struct MessageRequest {
    /// One line, 1 to 200 characters.
    subject: String,
    /// Plain text (never HTML), up to 10,000 characters.
    #[serde(default)]
    body: String,
}

#[derive(Serialize, utoipa::ToSchema)]
struct MessageSent {
    /// How many participants were notified (those who turned event
    /// notifications off are not counted).
    notified: u64,
}

/// Write to the participants (organiser, content managers): everyone of
/// this instance going, on the waiting list or awaiting approval gets an
/// `event.message` notification with the subject and text, and an email
/// unless they turned event emails off. Participants of other instances
/// are not written to.
#[utoipa::path(post, path = "/api/v1/events/{id}/messages", tag = "events",
    params(("id" = i64, Path)), request_body = MessageRequest,
    responses((status = 202, body = MessageSent), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn message_participants(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(message): AppJson<MessageRequest>,
) -> AppResult<(StatusCode, Json<MessageSent>)> {
    let notified =
        events::message_participants(&state.db, id, &me, &message.subject, &message.body).await?;
    Ok((StatusCode::ACCEPTED, Json(MessageSent { notified })))
}

fn calendar_response(body: String, filename: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// One event as iCalendar.
#[utoipa::path(get, path = "/api/v1/events/{id}/calendar.ics", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String),
              (status = 404, body = ErrorBody)))]
async fn event_calendar(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Response> {
    let (event, _) = events::find_visible(&state.db, id, viewer.as_ref()).await?;
    let title = event.title.clone();
    let viewer_id = viewer.as_ref().map(|v| v.id);
    let list = events::link::for_viewer(&state.db, vec![event], viewer_id).await?;
    // One date stands alone; the space's calendar has the whole series.
    let body = ical::calendar(&title, &list, &[], &state.config.domain, |e| {
        format!("{}/api/v1/events/{}", state.federation.urls.base(), e.id)
    });
    Ok(calendar_response(body, &format!("event-{id}.ics")))
}

/// A space's events as iCalendar (to subscribe to).
#[utoipa::path(get, path = "/api/v1/spaces/{space}/calendar.ics", tag = "events",
    params(("space" = String, Path)),
    responses((status = 200, content_type = "text/calendar", body = String),
              (status = 404, body = ErrorBody)))]
async fn space_calendar(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
) -> AppResult<Response> {
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    let list = events::all_of_space(&state.db, access.space.id).await?;
    let viewer_id = viewer.as_ref().map(|v| v.id);
    let list = events::link::for_viewer(&state.db, list, viewer_id).await?;
    let series = events::series::of_events(&state.db, &list).await?;
    let body = ical::calendar(
        &access.space.title,
        &list,
        &series,
        &state.config.domain,
        |e| format!("{}/api/v1/events/{}", state.federation.urls.base(), e.id),
    );
    Ok(calendar_response(
        body,
        &format!("{}.ics", access.space.slug),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
struct CalendarToken {
    /// The feed's address: keep it secret, anyone with it sees your events.
    url: String,
}

/// A new secret address for the caller's personal calendar feed (the
/// events they registered for). The previous address stops working.
#[utoipa::path(post, path = "/api/v1/me/calendar-token", tag = "events",
    responses((status = 201, body = CalendarToken), (status = 401, body = ErrorBody)))]
async fn new_calendar_token(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<(StatusCode, Json<CalendarToken>)> {
    let token = events::new_calendar_token(&state.db, &me).await?;
    Ok((
        StatusCode::CREATED,
        Json(CalendarToken {
            url: format!("{}/calendar/{token}.ics", state.federation.urls.base()),
        }),
    ))
}

/// `GET /calendar/{token}.ics`: the personal feed, for calendar apps (no
/// other credentials).
pub async fn personal_calendar(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> AppResult<Response> {
    let token = file
        .strip_suffix(".ics")
        .ok_or(AppError::NotFound("calendar"))?;
    let (member, list) = events::personal_feed(&state.db, token).await?;
    let body = ical::calendar(
        &format!("Agora: {member}"),
        &list,
        // Only the dates of a series the member registered for.
        &[],
        &state.config.domain,
        |e| format!("{}/api/v1/events/{}", state.federation.urls.base(), e.id),
    );
    Ok(calendar_response(body, "agora.ics"))
}
