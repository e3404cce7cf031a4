//! A space's events, one event's page, creating and changing events, and
//! registering. Times are shown as `event_times` writes them: in the
//! viewer's zone, with the event's beside them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::demote_headings;
use super::event_form::{EventFields, EventForm};
use super::event_guests::Guest;
use super::event_replays::ReplayForms;
use super::event_times::{Shown, viewer_zone};
use super::spaces::{SpaceHeader, header, member_in};
use crate::AppState;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::events::guests::{self, GuestState, GuestView};
use crate::events::replays::{self, MaterialView};
use crate::events::{
    self, EventChange, EventStatus, EventView, JoinMode, ParticipantState, ParticipantView,
    Upcoming,
};
use crate::spaces::{self, Action, SpaceView, Visibility};
use crate::web::field_errors::{FieldErrors, answer};
use crate::web::{Ctx, NoFields, Submitted, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/events", get(events_page).post(create_event))
        .route("/event/{id}", get(event_page))
        .route("/event/{id}/edit", post(edit_event))
        .route("/event/{id}/cancel", post(cancel_event))
        .route("/event/{id}/register", post(register))
        .route("/event/{id}/unregister", post(unregister))
        .route("/event/{id}/participants", post(decide))
        .route("/event/{id}/participants.csv", get(participants_csv))
        .route("/event/{id}/message", post(message_participants))
}

/// An id from the URL; anything else is a page that does not exist (not a
/// bare 400 that no one translates).
pub(super) fn event_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound("event"))
}

#[derive(Deserialize, Default)]
struct ListQuery {
    past: Option<String>,
}

#[derive(Template)]
#[template(path = "events.html", config = "src/web/askama.toml")]
struct EventsPage {
    c: Ctx,
    h: SpaceHeader,
    events: Vec<Shown>,
    f: EventFields,
}

async fn events_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let (access, h) = header(&state, &c, &space, "events").await?;
    if query.past.is_some_and(|p| !p.is_empty() && p != "0") {
        // The archive, with the replays, has its own page.
        return Ok(see_other(&format!("/s/{}/events/past", h.r)));
    }
    let f = EventFields::new(&h.s.language, own_zone(&c));
    show_events(&state, c, access, h, f).await
}

/// The member's own zone, for the event form.
fn own_zone(c: &Ctx) -> Option<&str> {
    c.me.as_ref().map(|me| me.timezone.as_str())
}

/// A space's upcoming events, with the new-event form as given.
async fn show_events(
    state: &AppState,
    c: Ctx,
    access: spaces::SpaceAccess,
    h: SpaceHeader,
    f: EventFields,
) -> AppResult<Response> {
    let list = events::upcoming(&state.db, Upcoming::Space(&access), c.me.as_ref(), None).await?;
    let zone = viewer_zone(&c);
    let events = list
        .into_iter()
        .map(|e| Shown::new(&c.t, e, zone.as_ref()))
        .collect();
    let page = EventsPage { c, h, events, f };
    let refused_form = page.f.refused();
    answer(page, refused_form)
}

/// A refused form comes back with what was typed and why, next to the
/// fields.
async fn create_event(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<EventForm>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    let mut errors = form.check("new");
    if errors.is_empty() {
        let created = match form.clone().into_new() {
            Ok(new) => events::create(&state.db, &state.changes, &access, me, new).await,
            Err(e) => Err(e),
        };
        match created {
            Ok(id) => return Ok(see_other(&format!("/event/{id}"))),
            Err(e) => errors = EventForm::refusal("new", &e).ok_or(e)?,
        }
    }
    let (access, h) = header(&state, &c, &space, "events").await?;
    let empty = EventFields::new(&h.s.language, own_zone(&c));
    let f = EventFields::typed(empty, form, errors);
    show_events(&state, c, access, h, f).await
}

#[derive(Template)]
#[template(path = "event.html", config = "src/web/askama.toml")]
struct EventPage {
    c: Ctx,
    ev: Shown,
    space: SpaceView,
    can_edit: bool,
    can_register: bool,
    /// Who takes part, for those who run the event.
    participants: Vec<ParticipantView>,
    /// Guests (no account), for those who run the event.
    guests: Vec<GuestView>,
    /// The form for people without an account (signed-out visitors of a
    /// public event that takes guests).
    guest_form: bool,
    f: EventFields,
    can_translate: bool,
    /// Its recording, slides and notes.
    materials: Vec<MaterialView>,
    /// The organisers may attach them (the event has started) …
    can_attach: bool,
    /// … from these files and notes of the library.
    pickable: Vec<(i64, String)>,
    /// The replay forms: empty, or one as sent when refused.
    replays: ReplayForms,
    /// The organisers' message form: what was typed, and why it was refused.
    draft: Draft,
    /// "Message sent to 3 participants", after sending.
    sent: Option<String>,
    /// The series it is a date of.
    series: Option<SeriesDates>,
    /// The guests' form: empty, or as sent when refused.
    guest: Guest,
}

/// The forms of an event's page as they come back: empty, or one as sent
/// when refused.
#[derive(Default)]
struct Forms {
    /// The organisers' message: what was typed, and why it was refused …
    draft: Draft,
    /// … or how many it reached.
    sent: Option<i64>,
    /// The edit form as sent, with what was refused.
    edit: Option<(EventForm, FieldErrors)>,
    replays: ReplayForms,
    guest: Guest,
}

/// The dates of the event's series, written out, this one marked.
struct SeriesDates {
    rule: String,
    dates: Vec<SeriesDate>,
}

struct SeriesDate {
    id: i64,
    when: String,
    current: bool,
    cancelled: bool,
    moved: bool,
}

impl SeriesDates {
    /// The first dates not yet over (at most twelve).
    async fn of(state: &AppState, c: &Ctx, event: &EventView) -> AppResult<Option<Self>> {
        let Some(id) = event.series_id else {
            return Ok(None);
        };
        let series = events::series::view(&state.db, id, c.me.as_ref()).await?;
        let zone = viewer_zone(c);
        let dates = series
            .upcoming
            .iter()
            .take(12)
            .map(|d| SeriesDate {
                id: d.id,
                when: d
                    .starts_local
                    .parse::<jiff::Zoned>()
                    .map(|z| match &zone {
                        Some(zone) => c.t.zoned(&z.with_time_zone(zone.clone())),
                        None => c.t.zoned(&z),
                    })
                    .unwrap_or_else(|_| d.starts_at.clone()),
                current: d.id == event.id,
                cancelled: d.status == EventStatus::Cancelled,
                moved: d.moved,
            })
            .collect();
        Ok(Some(SeriesDates {
            rule: series.rule,
            dates,
        }))
    }
}

/// The message to participants as the form shows it again after a refusal.
#[derive(Default)]
struct Draft {
    subject: String,
    body: String,
    /// A message id saying what is wrong.
    error: Option<&'static str>,
}

#[derive(Deserialize, Default)]
struct EventQuery {
    /// How many participants a message just reached (anything else is
    /// ignored, not an error page).
    sent: Option<String>,
}

impl EventPage {
    fn participant_state(&self, p: &ParticipantView) -> String {
        format!("event-participant-{}", p.state)
    }

    fn awaits_decision(&self, p: &ParticipantView) -> bool {
        matches!(
            p.state,
            ParticipantState::Pending | ParticipantState::Waiting
        )
    }

    fn may_turn_down(&self, p: &ParticipantView) -> bool {
        p.state != ParticipantState::Rejected
    }

    fn material_label(&self, m: &MaterialView) -> String {
        super::event_replays::material_label(m)
    }

    fn guest_state(&self, g: &GuestView) -> String {
        format!("event-guest-state-{}", g.state)
    }

    fn guest_awaits_decision(&self, g: &GuestView) -> bool {
        matches!(g.state, GuestState::Pending | GuestState::Waiting)
    }

    fn guest_may_be_turned_down(&self, g: &GuestView) -> bool {
        matches!(
            g.state,
            GuestState::Pending | GuestState::Waiting | GuestState::Going
        )
    }
}

async fn event_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(query): Query<EventQuery>,
) -> AppResult<Response> {
    let sent = query.sent.and_then(|n| n.parse().ok());
    let id = event_id(&id)?;
    let forms = Forms {
        sent,
        ..Forms::default()
    };
    show_event(&state, c, id, forms).await
}

/// The event's page with a replay form sent back refused.
pub(super) async fn show_refused_replay(
    state: &AppState,
    c: Ctx,
    id: i64,
    replays: ReplayForms,
) -> AppResult<Response> {
    let forms = Forms {
        replays,
        ..Forms::default()
    };
    show_event(state, c, id, forms).await
}

/// The event's page with the guests' form sent back refused.
pub(super) async fn show_refused_guest(
    state: &AppState,
    c: Ctx,
    id: i64,
    guest: Guest,
) -> AppResult<Response> {
    let forms = Forms {
        guest,
        ..Forms::default()
    };
    show_event(state, c, id, forms).await
}

/// The event's page, with its forms as given.
async fn show_event(state: &AppState, c: Ctx, id: i64, forms: Forms) -> AppResult<Response> {
    let Forms {
        draft,
        sent,
        edit,
        replays,
        guest,
    } = forms;
    let (event, access) = events::find_visible(&state.db, id, c.me.as_ref()).await?;
    let mut view = events::view(&state.db, &event, c.me.as_ref(), None).await?;
    view.description_html = demote_headings(&view.description_html);
    let space = spaces::view(&state.db, &access).await?;
    // The same rule as `events::update`: the organiser while they may still
    // contribute, or the space's content managers; never another
    // instance's event.
    let can_edit = c.me.as_ref().is_some_and(|me| {
        event.ap_id.is_none()
            && (event.organiser_id == me.id && access.require(Action::Contribute).is_ok()
                || access.require(Action::ModerateContent).is_ok())
    });
    let participants = match (&c.me, can_edit) {
        (Some(me), true) => events::participants(&state.db, event.id, me).await?,
        _ => Vec::new(),
    };
    let guests = match (&c.me, can_edit) {
        (Some(me), true) => guests::list(&state.db, event.id, me).await?,
        _ => Vec::new(),
    };
    let may_see_register = access.space.visibility == Visibility::Public || access.role.is_some();
    let series = SeriesDates::of(state, &c, &view).await?;
    let ev = Shown::new(&c.t, view, viewer_zone(&c).as_ref());
    let can_register = c.me.is_some()
        && may_see_register
        && !ev.is_cancelled()
        && !ev.is_registered()
        && ev.e.join_mode != JoinMode::Invite;
    // A member who sent the guests' form sees why it was refused.
    let guest_form = (c.me.is_none() || !guest.errors.is_empty())
        && ev.e.guests
        && access.space.visibility == Visibility::Public
        && !ev.is_cancelled()
        && event.ends_at > db::now()
        && ev.e.join_mode != JoinMode::Invite;
    let f = EventFields::of(&ev.e, own_zone(&c));
    let f = match edit {
        Some((form, errors)) => EventFields::typed(f, form, errors),
        None => f,
    };
    let materials = replays::of_event(&state.db, &event).await?;
    let can_attach = can_edit && event.starts_at <= db::now();
    let pickable = if can_attach {
        super::event_replays::pickable(state, &access).await?
    } else {
        Vec::new()
    };
    let can_translate = super::translation::offer(state, &c, &access, Some(&event.language));
    let sent = sent
        .filter(|_| can_edit)
        .map(|n| c.t.count("event-message-sent", n.max(0)));
    let page = EventPage {
        series,
        materials,
        can_attach,
        pickable,
        replays,
        can_translate,
        draft,
        sent,
        c,
        ev,
        space,
        can_edit,
        can_register,
        participants,
        guests,
        guest_form,
        f,
        guest,
    };
    let refused_form = page.f.refused() || page.replays.refused() || !page.guest.errors.is_empty();
    answer(page, refused_form)
}

async fn edit_event(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<EventForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let mut errors = form.check("edit");
    if errors.is_empty() {
        let updated = match form.clone().into_change() {
            Ok(change) => events::update(&state.db, &state.changes, id, me, change).await,
            Err(e) => Err(e),
        };
        match updated {
            Ok(_) => return Ok(see_other(&format!("/event/{id}"))),
            Err(e) => errors = EventForm::refusal("edit", &e).ok_or(e)?,
        }
    }
    let forms = Forms {
        edit: Some((form, errors)),
        ..Forms::default()
    };
    show_event(&state, c, id, forms).await
}

async fn cancel_event(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let change = EventChange {
        status: Some(EventStatus::Cancelled),
        ..EventChange::default()
    };
    events::update(&state.db, &state.changes, id, me, change).await?;
    Ok(see_other(&format!("/event/{id}")))
}

async fn register(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    events::register(&state.db, &state.changes, id, me).await?;
    Ok(see_other(&format!("/event/{id}")))
}

async fn unregister(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    events::unregister(&state.db, &state.changes, id, me).await?;
    Ok(see_other(&format!("/event/{id}")))
}

#[derive(Deserialize)]
struct DecisionForm {
    account: String,
    approve: bool,
}

async fn decide(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<DecisionForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    events::decide(
        &state.db,
        &state.changes,
        id,
        me,
        &form.account,
        form.approve,
    )
    .await?;
    Ok(see_other(&format!("/event/{id}#participants")))
}

/// The participant list as a CSV file, for the event's organisers.
async fn participants_csv(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let body = events::participants_csv(&state.db, id, me).await?;
    Ok(crate::api::participants_csv_download(body, id))
}

#[derive(Deserialize)]
struct MessageForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

/// The organisers write to the participants; a message refused for what
/// it says comes back in the form, with why.
async fn message_participants(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<MessageForm>,
) -> AppResult<Response> {
    let me = c.member()?.clone();
    let id = event_id(&id)?;
    match events::message_participants(&state.db, id, &me, &form.subject, &form.body).await {
        Ok(told) => Ok(see_other(&format!("/event/{id}?sent={told}#message"))),
        // Who may was checked first: only an organiser gets here.
        Err(AppError::Invalid(why)) => {
            let Err(problem) = events::Message::new(&form.subject, &form.body) else {
                return Err(AppError::Invalid(why));
            };
            let draft = Draft {
                subject: form.subject,
                body: form.body,
                error: Some(problem.locale_id()),
            };
            let forms = Forms {
                draft,
                ..Forms::default()
            };
            let page = show_event(&state, c, id, forms).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::{Lang, Tr};

    #[test]
    fn every_value_shown_has_a_label_in_every_language() {
        let states = [
            ParticipantState::Going,
            ParticipantState::Waiting,
            ParticipantState::Pending,
            ParticipantState::Rejected,
        ];
        let mut ids: Vec<String> = Vec::new();
        ids.extend(
            EventFields::new("en", None)
                .modes
                .iter()
                .map(|m| format!("event-join-{m}")),
        );
        ids.extend(
            [
                EventStatus::Confirmed,
                EventStatus::Tentative,
                EventStatus::Cancelled,
            ]
            .iter()
            .map(|s| format!("event-status-{s}")),
        );
        ids.extend(states.iter().map(|s| format!("event-my-state-{s}")));
        ids.extend(states.iter().map(|s| format!("event-participant-{s}")));
        for lang in Lang::ALL {
            for id in &ids {
                assert_ne!(Tr::new(lang).get(id), *id, "{} lacks {id}", lang.code());
            }
        }
    }
}
