//! A space's events, one event's page, creating and changing events, and
//! registering. Times are shown in the viewer's zone (a signed-in
//! member's, from their profile) with the event's own beside them when
//! the clocks differ; visitors, and members without a zone, read the
//! event's zone, as its organiser set it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::demote_headings;
use super::event_form::{EventFields, EventForm};
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
use crate::web::field_errors::{FieldErrors, refused};
use crate::web::i18n::Tr;
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

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

/// An event with its times written out in the viewer's language and zone.
pub struct Shown {
    pub e: EventView,
    /// Start and end in `zone`.
    pub when: String,
    /// The zone of `when`: the viewer's, or the event's.
    pub zone: String,
    /// Start and end in the event's zone, when `when` is in another zone
    /// whose clocks differ: "10:00 to 12:00 in Africa/Kinshasa".
    pub there: Option<String>,
}

/// The zone a member asked to read times in (their profile's), if any.
pub fn viewer_zone(c: &Ctx) -> Option<jiff::tz::TimeZone> {
    let zone = &c.me.as_ref()?.timezone;
    jiff::tz::TimeZone::get(zone).ok()
}

impl Shown {
    /// Times in `viewer`'s zone, with the event's beside them; without a
    /// viewer's zone (visitors), in the event's only.
    pub fn new(t: &Tr, e: EventView, viewer: Option<&jiff::tz::TimeZone>) -> Self {
        let local = (
            e.starts_local.parse::<jiff::Zoned>(),
            e.ends_local.parse::<jiff::Zoned>(),
        );
        let (Ok(start), Ok(end)) = local else {
            let when = t.args(
                "event-when",
                &[("start", &e.starts_at), ("end", &e.ends_at)],
            );
            let zone = e.timezone.clone();
            return Shown {
                e,
                when,
                zone,
                there: None,
            };
        };
        let elsewhere = viewer.and_then(|zone| {
            let (start_there, end_there) = (
                start.with_time_zone(zone.clone()),
                end.with_time_zone(zone.clone()),
            );
            let differs =
                start_there.offset() != start.offset() || end_there.offset() != end.offset();
            differs.then(|| {
                let name = zone.iana_name().unwrap_or("UTC").to_owned();
                (start_there, end_there, name)
            })
        });
        match elsewhere {
            Some((start_there, end_there, name)) => {
                let there = t.args(
                    "event-when-in-zone",
                    &[("when", &when(t, &start, &end)), ("zone", &e.timezone)],
                );
                Shown {
                    when: when(t, &start_there, &end_there),
                    zone: name,
                    there: Some(there),
                    e,
                }
            }
            None => Shown {
                when: when(t, &start, &end),
                zone: e.timezone.clone(),
                there: None,
                e,
            },
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.e.status == EventStatus::Cancelled
    }

    /// Confirmed events need no badge; the others say what they are.
    pub fn status_badge(&self) -> Option<String> {
        (self.e.status != EventStatus::Confirmed).then(|| format!("event-status-{}", self.e.status))
    }

    pub fn my_state_label(&self) -> Option<String> {
        self.e.my_state.map(|s| format!("event-my-state-{s}"))
    }

    /// Registered in a way one can withdraw from.
    pub fn is_registered(&self) -> bool {
        self.e
            .my_state
            .is_some_and(|s| s != ParticipantState::Rejected)
    }

    /// Where it takes place, in a word: the place's name, else its address.
    pub fn place(&self) -> Option<&str> {
        let place = self.e.place.as_ref()?;
        place.name.as_deref().or(place.address.as_deref())
    }

    pub fn is_full(&self) -> bool {
        self.e.remaining_capacity == Some(0)
    }
}

/// Start and end in the zone they carry: "3 May 2026, 10:00 – 12:00" when
/// it ends the day it starts.
fn when(t: &Tr, start: &jiff::Zoned, end: &jiff::Zoned) -> String {
    if start.date() == end.date() {
        let clock = t
            .lang
            .digits(&format!("{:02}:{:02}", end.hour(), end.minute()));
        t.args(
            "event-when-same-day",
            &[("start", &t.zoned(start)), ("end", &clock)],
        )
    } else {
        t.args(
            "event-when",
            &[("start", &t.zoned(start)), ("end", &t.zoned(end))],
        )
    }
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
    if page.f.refused() {
        refused(page)
    } else {
        html(page)
    }
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
    /// The organisers' message form: what was typed, and why it was refused.
    draft: Draft,
    /// "Message sent to 3 participants", after sending.
    sent: Option<String>,
    /// The series it is a date of.
    series: Option<SeriesDates>,
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
    show_event(&state, c, event_id(&id)?, Draft::default(), sent, None).await
}

/// The event's page, with the organisers' message form as given, and the
/// edit form as sent back when refused (`edit`, with its `FieldErrors`).
async fn show_event(
    state: &AppState,
    c: Ctx,
    id: i64,
    draft: Draft,
    sent: Option<i64>,
    edit: Option<(EventForm, FieldErrors)>,
) -> AppResult<Response> {
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
    let guest_form = c.me.is_none()
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
    };
    if page.f.refused() {
        refused(page)
    } else {
        html(page)
    }
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
    show_event(&state, c, id, Draft::default(), None, Some((form, errors))).await
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
            let page = show_event(&state, c, id, draft, None, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::super::event_form::local_input;
    use super::*;
    use crate::web::i18n::Lang;

    fn event(starts: &str, ends: &str) -> EventView {
        EventView {
            id: 1,
            space_id: 1,
            organiser: "ada".into(),
            title: "Hearing".into(),
            description: String::new(),
            description_html: String::new(),
            starts_at: String::new(),
            ends_at: String::new(),
            timezone: "Africa/Kinshasa".into(),
            starts_local: starts.into(),
            ends_local: ends.into(),
            starts_viewer: None,
            ends_viewer: None,
            online: false,
            online_url: None,
            place: None,
            capacity: None,
            join_mode: JoinMode::Free,
            waitlist: true,
            guests: false,
            language: "fr".into(),
            status: EventStatus::Confirmed,
            participant_count: 0,
            remaining_capacity: None,
            my_state: None,
            url: None,
            updated_at: String::new(),
            series_id: None,
            moved: false,
        }
    }

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

    #[test]
    fn times_are_written_in_the_event_zone() {
        let same_day = || {
            event(
                "2099-05-03T10:00:00+01:00[Africa/Kinshasa]",
                "2099-05-03T12:30:00+01:00[Africa/Kinshasa]",
            )
        };
        let shown = Shown::new(&Tr::new(Lang::En), same_day(), None);
        assert_eq!(shown.when, "3 May 2099, 10:00 to 12:30");
        assert_eq!(
            (shown.zone.as_str(), shown.there),
            ("Africa/Kinshasa", None)
        );
        let arabic = Shown::new(&Tr::new(Lang::Ar), same_day(), None).when;
        assert!(
            arabic.contains("١٠:٠٠") && arabic.contains("١٢:٣٠"),
            "{arabic}"
        );
        let two_days = event(
            "2099-05-03T10:00:00+01:00[Africa/Kinshasa]",
            "2099-05-04T09:00:00+01:00[Africa/Kinshasa]",
        );
        assert_eq!(local_input(&two_days.starts_local), "2099-05-03T10:00");
        assert_eq!(
            Shown::new(&Tr::new(Lang::En), two_days, None).when,
            "3 May 2099, 10:00 to 4 May 2099, 09:00"
        );
    }

    #[test]
    fn a_viewer_in_another_zone_reads_both() {
        let zone = |name| jiff::tz::TimeZone::get(name).ok();
        // Lagos keeps Kinshasa's clock: one time, in the event's zone.
        let lagos = zone("Africa/Lagos");
        let same_clock = Shown::new(
            &Tr::new(Lang::En),
            event(
                "2099-05-03T10:00:00+01:00[Africa/Kinshasa]",
                "2099-05-03T12:30:00+01:00[Africa/Kinshasa]",
            ),
            lagos.as_ref(),
        );
        assert_eq!(same_clock.zone, "Africa/Kinshasa");
        assert_eq!(same_clock.there, None);
        let tokyo = zone("Asia/Tokyo");
        let shown = Shown::new(
            &Tr::new(Lang::En),
            event(
                "2099-05-03T10:00:00+01:00[Africa/Kinshasa]",
                "2099-05-03T12:30:00+01:00[Africa/Kinshasa]",
            ),
            tokyo.as_ref(),
        );
        assert_eq!(shown.when, "3 May 2099, 18:00 to 20:30");
        assert_eq!(shown.zone, "Asia/Tokyo");
        assert_eq!(
            shown.there.as_deref(),
            Some("3 May 2099, 10:00 to 12:30 in Africa/Kinshasa")
        );
    }
}
