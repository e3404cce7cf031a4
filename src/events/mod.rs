//! Events in spaces: talks, webinars, meetings. Times are stored in UTC
//! with the event's IANA zone, and shown in that zone (and, on request, in
//! the viewer's). Registration follows the join mode (free, restricted:
//! the organiser approves, invite: the organiser adds people), with a
//! capacity and an optional waiting list that moves up when someone leaves.
//! Members of other instances register from home (`Join`/`Leave`,
//! answered with `Accept`/`Reject`); see `federation::inbox`.

pub mod federated;
pub mod ical;
mod news;
pub mod reminders;
mod remote;

pub use remote::{RemoteEvent, joinable, space_of, store_remote};

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::accounts::{Account, bounded, validate_language};
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::notifications::{self, Kind, New};
use crate::spaces::{self, Action, SpaceAccess};
use crate::text_enum::text_enum;

text_enum! {
    pub enum JoinMode {
        /// Anyone who can see the event registers at once.
        Free = "free",
        /// Registrations wait for the organiser's approval.
        Restricted = "restricted",
        /// Only people the organiser adds.
        Invite = "invite",
    }
}

text_enum! {
    pub enum EventStatus {
        Confirmed = "confirmed",
        Tentative = "tentative",
        Cancelled = "cancelled",
    }
}

text_enum! {
    pub enum ParticipantState {
        Going = "going",
        /// On the waiting list: moves up when a place frees.
        Waiting = "waiting",
        /// Waiting for the organiser's approval.
        Pending = "pending",
        Rejected = "rejected",
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub space_id: i64,
    pub organiser_id: i64,
    pub ap_id: Option<String>,
    pub title: String,
    pub description_source: String,
    pub description_html: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub online_url: Option<String>,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub capacity: Option<i64>,
    pub join_mode: JoinMode,
    pub waitlist: i64,
    pub language: String,
    pub status: EventStatus,
    pub created_at: i64,
    pub updated_at: Option<i64>,
}

macro_rules! event_columns {
    () => {
        "e.id, e.space_id, e.organiser_id, e.ap_id, e.title, e.description_source, \
         e.description_html, e.starts_at, e.ends_at, e.timezone, e.online_url, e.place_name, \
         e.place_address, e.latitude, e.longitude, e.capacity, e.join_mode, e.waitlist, \
         e.language, e.status, e.created_at, e.updated_at"
    };
}
pub(crate) use event_columns;

#[derive(Serialize, utoipa::ToSchema)]
pub struct PlaceView {
    pub name: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: i64,
    pub space_id: i64,
    /// `name` or `name@domain`.
    pub organiser: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub description_html: String,
    /// UTC, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
    /// IANA zone of the event.
    pub timezone: String,
    /// Start and end in the event's zone, e.g. `2026-03-29T10:00:00+02:00[Europe/Brussels]`.
    pub starts_local: String,
    pub ends_local: String,
    /// Start and end in the zone the viewer asked for (`?timezone=`).
    pub starts_viewer: Option<String>,
    pub ends_viewer: Option<String>,
    pub online_url: Option<String>,
    pub place: Option<PlaceView>,
    pub capacity: Option<i64>,
    pub join_mode: JoinMode,
    pub waitlist: bool,
    pub language: String,
    pub status: EventStatus,
    /// How many are going.
    pub participant_count: i64,
    /// Places left, when there is a capacity.
    pub remaining_capacity: Option<i64>,
    /// The viewer's own registration.
    pub my_state: Option<ParticipantState>,
    /// The event's ActivityPub id, for events from elsewhere.
    pub url: Option<String>,
}

fn zone(name: &str) -> AppResult<TimeZone> {
    TimeZone::get(name).map_err(|_| {
        AppError::invalid(format!(
            "timezone: \"{name}\" is not an IANA time zone such as Africa/Kinshasa"
        ))
    })
}

fn in_zone(micros: i64, zone: &TimeZone) -> String {
    Timestamp::from_microsecond(micros)
        .map(|t| t.to_zoned(zone.clone()).to_string())
        .unwrap_or_default()
}

/// A local date and time in `zone` (`2026-03-29T10:00`), or an RFC 3339
/// timestamp with an offset, as microseconds since the epoch.
fn parse_time(field: &str, value: &str, zone: &TimeZone) -> AppResult<i64> {
    if let Ok(t) = value.parse::<Timestamp>() {
        return Ok(t.as_microsecond());
    }
    let local: DateTime = value.parse().map_err(|_| {
        AppError::invalid(format!(
            "{field}: \"{value}\" is not a date and time such as 2026-03-29T10:00"
        ))
    })?;
    // In a gap (clocks going forward) jiff moves later; in a fold it takes
    // the earlier of the two instants.
    let zoned = local
        .to_zoned(zone.clone())
        .map_err(|e| AppError::invalid(format!("{field}: {e}")))?;
    Ok(zoned.timestamp().as_microsecond())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    /// Local date and time in `timezone` (`2026-03-29T10:00`), or RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
    /// IANA time zone, e.g. `Europe/Brussels`.
    pub timezone: String,
    pub online_url: Option<String>,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub capacity: Option<i64>,
    /// `free` (default), `restricted` or `invite`.
    pub join_mode: Option<JoinMode>,
    /// When full: put people on a waiting list (default) or turn them away.
    pub waitlist: Option<bool>,
    /// Defaults to the space's language.
    pub language: Option<String>,
    /// `confirmed` (default) or `tentative`.
    pub status: Option<EventStatus>,
}

#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct EventChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    pub timezone: Option<String>,
    pub online_url: Option<String>,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub capacity: Option<i64>,
    pub join_mode: Option<JoinMode>,
    pub waitlist: Option<bool>,
    pub language: Option<String>,
    /// `cancelled` cancels the event (participants are told).
    pub status: Option<EventStatus>,
}

/// Checked values of an event, ready to store.
struct Fields {
    title: String,
    description_source: String,
    description_html: String,
    starts_at: i64,
    ends_at: i64,
    timezone: String,
    online_url: Option<String>,
    place_name: Option<String>,
    place_address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    capacity: Option<i64>,
    join_mode: JoinMode,
    waitlist: bool,
    language: String,
    status: EventStatus,
}

fn optional_text(field: &str, value: Option<String>, max: usize) -> AppResult<Option<String>> {
    match value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
        Some(v) => {
            bounded(field, &v, max)?;
            Ok(Some(v))
        }
        None => Ok(None),
    }
}

fn check_url(value: Option<String>) -> AppResult<Option<String>> {
    let Some(url) = optional_text("online_url", value, 2000)? else {
        return Ok(None);
    };
    match url::Url::parse(&url) {
        Ok(u) if matches!(u.scheme(), "https" | "http") => Ok(Some(u.to_string())),
        _ => Err(AppError::invalid(
            "online_url: an http(s) link, e.g. a video call",
        )),
    }
}

fn check(fields: Fields) -> AppResult<Fields> {
    if fields.title.trim().is_empty() {
        return Err(AppError::invalid("title: must not be empty"));
    }
    bounded("title", &fields.title, 200)?;
    bounded("description", &fields.description_source, 20_000)?;
    if fields.ends_at < fields.starts_at {
        return Err(AppError::invalid("ends_at: before starts_at"));
    }
    if fields.ends_at - fields.starts_at > 31 * 24 * 3600 * 1_000_000 {
        return Err(AppError::invalid("ends_at: an event lasts at most 31 days"));
    }
    if let Some(c) = fields.capacity
        && !(1..=1_000_000).contains(&c)
    {
        return Err(AppError::invalid("capacity: between 1 and 1000000"));
    }
    if fields
        .latitude
        .is_some_and(|l| !(-90.0..=90.0).contains(&l))
        || fields
            .longitude
            .is_some_and(|l| !(-180.0..=180.0).contains(&l))
    {
        return Err(AppError::invalid("latitude/longitude: out of range"));
    }
    Ok(fields)
}

/// The event and its space, as the viewer may see them. An event in a space
/// the viewer cannot see is "no such event".
pub async fn find_visible(
    db: &Db,
    event_id: i64,
    viewer: Option<&Account>,
) -> AppResult<(Event, SpaceAccess)> {
    let event: Option<Event> = sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events e WHERE e.id = $1 AND ",
        spaces::in_space_visible_to!("e.space_id", "$2")
    ))
    .bind(event_id)
    .bind(viewer.map(|v| v.id))
    .fetch_optional(&db.read)
    .await?;
    let space_id = event.as_ref().map(|e: &Event| e.space_id);
    let access = spaces::find_visible_holding(db, space_id, viewer, "event").await?;
    let event = event.ok_or(AppError::NotFound("event"))?;
    Ok((event, access))
}

/// Creates an event in a space (contributors and above).
pub async fn create(
    db: &Db,
    changes: &Changes,
    access: &SpaceAccess,
    organiser: &Account,
    new: NewEvent,
) -> AppResult<i64> {
    access.require(Action::Contribute)?;
    if access.space.domain.is_some() {
        return Err(AppError::invalid(
            "events are created on the space's own instance",
        ));
    }
    let tz = zone(&new.timezone)?;
    let description_html = crate::posts::render_body(db, changes.urls.base(), &new.description)
        .await?
        .html;
    let fields = check(Fields {
        title: new.title.trim().to_owned(),
        description_source: new.description.clone(),
        description_html,
        starts_at: parse_time("starts_at", &new.starts_at, &tz)?,
        ends_at: parse_time("ends_at", &new.ends_at, &tz)?,
        timezone: new.timezone.trim().to_owned(),
        online_url: check_url(new.online_url)?,
        place_name: optional_text("place_name", new.place_name, 200)?,
        place_address: optional_text("place_address", new.place_address, 500)?,
        latitude: new.latitude,
        longitude: new.longitude,
        capacity: new.capacity,
        join_mode: new.join_mode.unwrap_or(JoinMode::Free),
        waitlist: new.waitlist.unwrap_or(true),
        language: match new.language {
            Some(l) => validate_language("language", &l)?,
            None => access.space.language.clone(),
        },
        status: match new.status.unwrap_or(EventStatus::Confirmed) {
            EventStatus::Cancelled => {
                return Err(AppError::invalid("status: a new event cannot be cancelled"));
            }
            other => other,
        },
    })?;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO events (space_id, organiser_id, title, description_source, description_html, \
                             starts_at, ends_at, timezone, online_url, place_name, place_address, \
                             latitude, longitude, capacity, join_mode, waitlist, language, status, \
                             created_at, id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                 $20) \
         RETURNING id",
    )
    .bind(access.space.id)
    .bind(organiser.id)
    .bind(&fields.title)
    .bind(&fields.description_source)
    .bind(&fields.description_html)
    .bind(fields.starts_at)
    .bind(fields.ends_at)
    .bind(&fields.timezone)
    .bind(&fields.online_url)
    .bind(&fields.place_name)
    .bind(&fields.place_address)
    .bind(fields.latitude)
    .bind(fields.longitude)
    .bind(fields.capacity)
    .bind(fields.join_mode)
    .bind(i64::from(fields.waitlist))
    .bind(&fields.language)
    .bind(fields.status)
    .bind(db::now())
    .bind(db::new_id())
    .fetch_one(&mut *tx)
    .await?;
    changes::record(
        &mut tx,
        Change::Event {
            id,
            verb: Verb::Create,
        },
    )
    .await?;
    crate::search::index::event(&mut tx, id).await?;
    tx.commit().await?;
    changes.committed();
    Ok(id)
}

/// Changes an event (its organiser or the space's content managers). A
/// change of time, place or status is told to every participant.
pub async fn update(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    who: &Account,
    change: EventChange,
) -> AppResult<()> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    if event.ap_id.is_some() {
        return Err(AppError::invalid(
            "this event is managed on its own instance",
        ));
    }
    let timezone = change.timezone.clone().unwrap_or(event.timezone.clone());
    let tz = zone(&timezone)?;
    let description_source = change
        .description
        .clone()
        .unwrap_or(event.description_source.clone());
    let description_html = if change.description.is_some() {
        crate::posts::render_body(db, changes.urls.base(), &description_source)
            .await?
            .html
    } else {
        event.description_html.clone()
    };
    let keep_or = |value: Option<String>, old: &Option<String>| match value {
        Some(v) => Some(v),
        None => old.clone(),
    };
    let fields = check(Fields {
        title: change
            .title
            .map(|t| t.trim().to_owned())
            .unwrap_or(event.title.clone()),
        description_source,
        description_html,
        starts_at: match &change.starts_at {
            Some(v) => parse_time("starts_at", v, &tz)?,
            None => event.starts_at,
        },
        ends_at: match &change.ends_at {
            Some(v) => parse_time("ends_at", v, &tz)?,
            None => event.ends_at,
        },
        timezone,
        online_url: check_url(keep_or(change.online_url, &event.online_url))?,
        place_name: optional_text(
            "place_name",
            keep_or(change.place_name, &event.place_name),
            200,
        )?,
        place_address: optional_text(
            "place_address",
            keep_or(change.place_address, &event.place_address),
            500,
        )?,
        latitude: change.latitude.or(event.latitude),
        longitude: change.longitude.or(event.longitude),
        capacity: change.capacity.or(event.capacity),
        join_mode: change.join_mode.unwrap_or(event.join_mode),
        waitlist: change.waitlist.unwrap_or(event.waitlist != 0),
        language: match change.language {
            Some(l) => validate_language("language", &l)?,
            None => event.language.clone(),
        },
        status: change.status.unwrap_or(event.status),
    })?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE events SET title = $1, description_source = $2, description_html = $3, \
                starts_at = $4, ends_at = $5, timezone = $6, online_url = $7, place_name = $8, \
                place_address = $9, latitude = $10, longitude = $11, capacity = $12, \
                join_mode = $13, waitlist = $14, language = $15, status = $16, updated_at = $17 \
         WHERE id = $18",
    )
    .bind(&fields.title)
    .bind(&fields.description_source)
    .bind(&fields.description_html)
    .bind(fields.starts_at)
    .bind(fields.ends_at)
    .bind(&fields.timezone)
    .bind(&fields.online_url)
    .bind(&fields.place_name)
    .bind(&fields.place_address)
    .bind(fields.latitude)
    .bind(fields.longitude)
    .bind(fields.capacity)
    .bind(fields.join_mode)
    .bind(i64::from(fields.waitlist))
    .bind(&fields.language)
    .bind(fields.status)
    .bind(db::now())
    .bind(event.id)
    .execute(&mut *tx)
    .await?;
    let after = news::Essentials {
        title: &fields.title,
        starts_at: fields.starts_at,
        ends_at: fields.ends_at,
        place_name: fields.place_name.as_deref(),
        place_address: fields.place_address.as_deref(),
        latitude: fields.latitude,
        longitude: fields.longitude,
        online_url: fields.online_url.as_deref(),
        status: fields.status,
    };
    news::event_changed(&mut tx, &event, &(&event).into(), &after, Some(who.id)).await?;
    // More places: the waiting list moves up.
    promote_waiting(&mut tx, event.id).await?;
    changes::record(
        &mut tx,
        Change::Event {
            id: event.id,
            verb: Verb::Update,
        },
    )
    .await?;
    crate::search::index::event(&mut tx, event.id).await?;
    tx.commit().await?;
    changes.committed();
    Ok(())
}

fn require_organiser(event: &Event, access: &SpaceAccess, who: &Account) -> AppResult<()> {
    if event.organiser_id == who.id && access.require(Action::Contribute).is_ok() {
        return Ok(());
    }
    access.require(Action::ModerateContent)
}

/// Notifies every local participant who is going, waiting or pending.
pub(crate) async fn tell_participants(tx: &mut Tx, event_id: i64, news: &New) -> AppResult<()> {
    let participants: Vec<(i64,)> = sqlx::query_as(
        "SELECT account_id FROM event_participants WHERE event_id = $1 AND state <> 'rejected'",
    )
    .bind(event_id)
    .fetch_all(&mut **tx)
    .await?;
    for (account,) in participants {
        notifications::notify(tx, account, news).await?;
    }
    Ok(())
}

/// How many are going (the waiting list and those waiting for approval
/// not counted).
pub async fn going(tx: &mut Tx, event_id: i64) -> AppResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND state = 'going'",
    )
    .bind(event_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n)
}

/// Locks the event's row (PostgreSQL) so capacity holds under concurrent
/// registrations; SQLite has one writer anyway.
async fn lock(tx: &mut Tx, event_id: i64) -> AppResult<Event> {
    sqlx::query("UPDATE events SET id = id WHERE id = $1")
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events e WHERE e.id = $1"
    ))
    .bind(event_id)
    .fetch_one(&mut **tx)
    .await?)
}

/// What a registration comes to, by the event's rules.
pub(crate) async fn admit(
    tx: &mut Tx,
    event: &Event,
    account_id: i64,
    join_id: Option<&str>,
    invited: bool,
) -> AppResult<ParticipantState> {
    if event.status == EventStatus::Cancelled {
        return Err(AppError::conflict("this event is cancelled"));
    }
    let existing: Option<(ParticipantState,)> = sqlx::query_as(
        "SELECT state FROM event_participants WHERE event_id = $1 AND account_id = $2",
    )
    .bind(event.id)
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((state,)) = existing
        && state != ParticipantState::Rejected
    {
        return Ok(state);
    }
    let full = match event.capacity {
        Some(capacity) => going(tx, event.id).await? >= capacity,
        None => false,
    };
    let state = match (event.join_mode, invited) {
        (JoinMode::Invite, false) => {
            return Err(AppError::forbidden(
                "this event is by invitation: ask its organiser",
            ));
        }
        (JoinMode::Restricted, false) => ParticipantState::Pending,
        _ if full && event.waitlist != 0 => ParticipantState::Waiting,
        _ if full => ParticipantState::Rejected,
        _ => ParticipantState::Going,
    };
    sqlx::query(
        "INSERT INTO event_participants (event_id, account_id, state, join_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (event_id, account_id) DO UPDATE SET state = $3, join_id = $4",
    )
    .bind(event.id)
    .bind(account_id)
    .bind(state)
    .bind(join_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    if !invited {
        news::tell_organiser(
            tx,
            event,
            account_id,
            news::OrganiserNews::Registered(state),
        )
        .await?;
    }
    Ok(state)
}

/// A member of this instance registers. For an event of another instance
/// this sends a `Join` and waits for its answer (`pending` until then).
pub async fn register(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    member: &Account,
) -> AppResult<ParticipantState> {
    let (event, access) = find_visible(db, event_id, Some(member)).await?;
    if access.space.visibility == spaces::Visibility::Private && access.role.is_none() {
        return Err(AppError::NotFound("event"));
    }
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    let state = if event.ap_id.is_some() {
        if event.status == EventStatus::Cancelled {
            return Err(AppError::conflict("this event is cancelled"));
        }
        let join_id = changes.urls.new_activity("join");
        sqlx::query(
            "INSERT INTO event_participants (event_id, account_id, state, join_id, created_at) \
             VALUES ($1, $2, 'pending', $3, $4) \
             ON CONFLICT (event_id, account_id) DO UPDATE SET state = 'pending', join_id = $3",
        )
        .bind(event.id)
        .bind(member.id)
        .bind(&join_id)
        .bind(db::now())
        .execute(&mut *tx)
        .await?;
        changes::record(
            &mut tx,
            Change::EventJoined {
                event_id: event.id,
                account_id: member.id,
                join_id: join_id.clone(),
                leave: false,
            },
        )
        .await?;
        ParticipantState::Pending
    } else {
        admit(&mut tx, &event, member.id, None, false).await?
    };
    tx.commit().await?;
    changes.committed();
    Ok(state)
}

/// A member unregisters; the first on the waiting list moves up.
pub async fn unregister(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    member: &Account,
) -> AppResult<()> {
    let (event, _) = find_visible(db, event_id, Some(member)).await?;
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    let removed: Option<(Option<String>,)> = sqlx::query_as(
        "DELETE FROM event_participants WHERE event_id = $1 AND account_id = $2 RETURNING join_id",
    )
    .bind(event.id)
    .bind(member.id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((join_id,)) = removed else {
        return Err(AppError::NotFound("registration"));
    };
    news::tell_organiser(&mut tx, &event, member.id, news::OrganiserNews::Left).await?;
    if event.ap_id.is_some() {
        if let Some(join_id) = join_id {
            changes::record(
                &mut tx,
                Change::EventJoined {
                    event_id: event.id,
                    account_id: member.id,
                    join_id: join_id.clone(),
                    leave: true,
                },
            )
            .await?;
        }
    } else {
        promote_waiting(&mut tx, event.id).await?;
    }
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// Someone leaves (locally or by `Leave`): free places go to the waiting list.
pub(crate) async fn leave(tx: &mut Tx, event_id: i64, account_id: i64) -> AppResult<bool> {
    let removed =
        sqlx::query("DELETE FROM event_participants WHERE event_id = $1 AND account_id = $2")
            .bind(event_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
    if removed.rows_affected() > 0 {
        let event = lock(tx, event_id).await?;
        news::tell_organiser(tx, &event, account_id, news::OrganiserNews::Left).await?;
    }
    promote_waiting(tx, event_id).await?;
    Ok(removed.rows_affected() > 0)
}

/// Moves people from the waiting list while there are places; remote ones
/// get their `Accept` now.
async fn promote_waiting(tx: &mut Tx, event_id: i64) -> AppResult<()> {
    let event = lock(tx, event_id).await?;
    if event.ap_id.is_some() || event.status == EventStatus::Cancelled {
        return Ok(());
    }
    loop {
        if let Some(capacity) = event.capacity
            && going(tx, event_id).await? >= capacity
        {
            return Ok(());
        }
        let next: Option<(i64,)> = sqlx::query_as(
            "SELECT account_id FROM event_participants WHERE event_id = $1 AND state = 'waiting' \
             ORDER BY created_at, account_id LIMIT 1",
        )
        .bind(event_id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some((account,)) = next else {
            return Ok(());
        };
        set_state(tx, &event, account, ParticipantState::Going).await?;
        let accepted = New::of(Kind::EventAccepted)
            .space(event.space_id)
            .event(event_id)
            .param("freed", true);
        notifications::notify(tx, account, &accepted).await?;
        news::tell_organiser(tx, &event, account, news::OrganiserNews::MovedUp).await?;
    }
}

/// Sets a participant's state, answering a remote participant's `Join`.
async fn set_state(
    tx: &mut Tx,
    event: &Event,
    account_id: i64,
    state: ParticipantState,
) -> AppResult<()> {
    let join: Option<(Option<String>,)> = sqlx::query_as(
        "UPDATE event_participants SET state = $1 WHERE event_id = $2 AND account_id = $3 \
         RETURNING join_id",
    )
    .bind(state)
    .bind(event.id)
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((Some(join_id),)) = join {
        let accept = match state {
            ParticipantState::Going => Some(true),
            ParticipantState::Rejected => Some(false),
            _ => None,
        };
        if let Some(accept) = accept {
            let answer = Change::JoinAnswered {
                event_id: event.id,
                account_id,
                join_id,
                accept,
            };
            changes::record(tx, answer).await?;
        }
    }
    Ok(())
}

/// The organiser approves or turns down a registration, or adds someone
/// to an invitation-only event.
pub async fn decide(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    who: &Account,
    handle: &str,
    approve: bool,
) -> AppResult<ParticipantState> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    let account = crate::accounts::find_id_by_handle(db, handle).await?;
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    let state = if approve {
        let current: Option<(ParticipantState,)> = sqlx::query_as(
            "SELECT state FROM event_participants WHERE event_id = $1 AND account_id = $2",
        )
        .bind(event.id)
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let full = match event.capacity {
            Some(capacity) => going(&mut tx, event.id).await? >= capacity,
            None => false,
        };
        let state = if full && event.waitlist != 0 {
            ParticipantState::Waiting
        } else if full {
            return Err(AppError::conflict("the event is full"));
        } else {
            ParticipantState::Going
        };
        if current.is_none() {
            admit(&mut tx, &event, account, None, true).await?;
        }
        set_state(&mut tx, &event, account, state).await?;
        let news = New::of(Kind::EventAccepted)
            .actor(who.id)
            .space(event.space_id)
            .event(event.id)
            .param("state", state.to_string());
        notifications::notify(&mut tx, account, &news).await?;
        state
    } else {
        set_state(&mut tx, &event, account, ParticipantState::Rejected).await?;
        let news = New::of(Kind::EventRejected)
            .actor(who.id)
            .space(event.space_id)
            .event(event.id);
        notifications::notify(&mut tx, account, &news).await?;
        ParticipantState::Rejected
    };
    tx.commit().await?;
    changes.committed();
    Ok(state)
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ParticipantView {
    /// `name` or `name@domain`.
    pub account: String,
    pub state: ParticipantState,
}

/// The participant list, for the organiser and the space's content managers.
pub async fn participants(
    db: &Db,
    event_id: i64,
    who: &Account,
) -> AppResult<Vec<ParticipantView>> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    Ok(sqlx::query_as(
        "SELECT CASE WHEN a.domain IS NULL THEN a.username ELSE a.username || '@' || a.domain END \
                AS account, p.state \
         FROM event_participants p JOIN accounts a ON a.id = p.account_id \
         WHERE p.event_id = $1 ORDER BY p.created_at, a.id",
    )
    .bind(event.id)
    .fetch_all(&db.read)
    .await?)
}

/// One event as the viewer sees it.
pub async fn view(
    db: &Db,
    event: &Event,
    viewer: Option<&Account>,
    viewer_zone: Option<&str>,
) -> AppResult<EventView> {
    let mut views = views(db, vec![event.clone()], viewer, viewer_zone).await?;
    views.pop().ok_or(AppError::NotFound("event"))
}

async fn views(
    db: &Db,
    events: Vec<Event>,
    viewer: Option<&Account>,
    viewer_zone: Option<&str>,
) -> AppResult<Vec<EventView>> {
    let viewer_tz = viewer_zone.map(zone).transpose()?;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let (count, organiser): (i64, String) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND state = 'going'), \
                    (SELECT CASE WHEN domain IS NULL THEN username ELSE username || '@' || domain END \
                     FROM accounts WHERE id = $2)",
        )
        .bind(e.id)
        .bind(e.organiser_id)
        .fetch_one(&db.read)
        .await?;
        let mine: Option<(ParticipantState,)> =
            match viewer {
                Some(v) => sqlx::query_as(
                    "SELECT state FROM event_participants WHERE event_id = $1 AND account_id = $2",
                )
                .bind(e.id)
                .bind(v.id)
                .fetch_optional(&db.read)
                .await?,
                None => None,
            };
        let tz = TimeZone::get(&e.timezone).unwrap_or(TimeZone::UTC);
        let place = (e.place_name.is_some() || e.place_address.is_some()).then(|| PlaceView {
            name: e.place_name.clone(),
            address: e.place_address.clone(),
            latitude: e.latitude,
            longitude: e.longitude,
        });
        out.push(EventView {
            id: e.id,
            space_id: e.space_id,
            organiser,
            title: e.title,
            description: e.description_source,
            description_html: e.description_html,
            starts_at: format_time(e.starts_at),
            ends_at: format_time(e.ends_at),
            starts_local: in_zone(e.starts_at, &tz),
            ends_local: in_zone(e.ends_at, &tz),
            starts_viewer: viewer_tz.as_ref().map(|z| in_zone(e.starts_at, z)),
            ends_viewer: viewer_tz.as_ref().map(|z| in_zone(e.ends_at, z)),
            timezone: e.timezone,
            online_url: e.online_url,
            place,
            capacity: e.capacity,
            join_mode: e.join_mode,
            waitlist: e.waitlist != 0,
            language: e.language,
            status: e.status,
            participant_count: count,
            remaining_capacity: e.capacity.map(|c| (c - count).max(0)),
            my_state: mine.map(|(s,)| s),
            url: e.ap_id,
        });
    }
    Ok(out)
}

/// Upcoming (not yet ended) events: of one space, of the instance's public
/// spaces, or those a member registered for.
pub enum Upcoming<'a> {
    Space(&'a SpaceAccess),
    Public,
    Member(&'a Account),
}

pub async fn upcoming(
    db: &Db,
    which: Upcoming<'_>,
    viewer: Option<&Account>,
    viewer_zone: Option<&str>,
) -> AppResult<Vec<EventView>> {
    let now = db::now();
    let events: Vec<Event> = match which {
        Upcoming::Space(access) => {
            sqlx::query_as(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events e WHERE e.space_id = $1 AND e.ends_at >= $2 \
                 ORDER BY e.starts_at, e.id LIMIT 200"
            ))
            .bind(access.space.id)
            .bind(now)
            .fetch_all(&db.read)
            .await?
        }
        Upcoming::Public => {
            sqlx::query_as(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events e JOIN spaces s ON s.id = e.space_id \
                 WHERE s.visibility = 'public' AND s.federation_state = 0 AND e.ends_at >= $1 \
                 ORDER BY e.starts_at, e.id LIMIT 200"
            ))
            .bind(now)
            .fetch_all(&db.read)
            .await?
        }
        Upcoming::Member(member) => {
            sqlx::query_as(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events e JOIN event_participants p ON p.event_id = e.id \
                 WHERE p.account_id = $1 AND p.state <> 'rejected' AND e.ends_at >= $2 \
                 ORDER BY e.starts_at, e.id LIMIT 200"
            ))
            .bind(member.id)
            .bind(now)
            .fetch_all(&db.read)
            .await?
        }
    };
    views(db, events, viewer, viewer_zone).await
}

/// The answer to one of our members' `Join`s of an event elsewhere.
pub async fn join_answered(
    db: &Db,
    join_id: &str,
    from_space: i64,
    accepted: bool,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let state = if accepted {
        ParticipantState::Going
    } else {
        ParticipantState::Rejected
    };
    let row: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE event_participants SET state = $1 WHERE join_id = $2 \
         AND event_id IN (SELECT id FROM events WHERE space_id = $3) \
         RETURNING event_id, account_id",
    )
    .bind(state)
    .bind(join_id)
    .bind(from_space)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((event_id, account_id)) = row else {
        return Ok(false);
    };
    let (space_id,): (i64,) = sqlx::query_as("SELECT space_id FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_one(&mut *tx)
        .await?;
    let kind = if accepted {
        Kind::EventAccepted
    } else {
        Kind::EventRejected
    };
    let news = New::of(kind).space(space_id).event(event_id);
    notifications::notify(&mut tx, account_id, &news).await?;
    tx.commit().await?;
    Ok(true)
}

/// A remote participant's `Join` of an event of ours: the answer to send,
/// if any yet (`Accept` or `Reject`).
pub async fn remote_join(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    account_id: i64,
    join_id: &str,
) -> AppResult<ParticipantState> {
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event_id).await?;
    if event.ap_id.is_some() {
        return Err(AppError::NotFound("object"));
    }
    let state = match admit(&mut tx, &event, account_id, Some(join_id), false).await {
        Ok(state) => state,
        // Cancelled, or by invitation: turned down.
        Err(AppError::Conflict(_) | AppError::Forbidden(_)) => {
            sqlx::query(
                "INSERT INTO event_participants (event_id, account_id, state, join_id, created_at) \
                 VALUES ($1, $2, 'rejected', $3, $4) \
                 ON CONFLICT (event_id, account_id) DO UPDATE SET state = 'rejected', join_id = $3",
            )
            .bind(event.id)
            .bind(account_id)
            .bind(join_id)
            .bind(db::now())
            .execute(&mut *tx)
            .await?;
            ParticipantState::Rejected
        }
        Err(other) => return Err(other),
    };
    if matches!(state, ParticipantState::Going | ParticipantState::Rejected) {
        let answer = Change::JoinAnswered {
            event_id: event.id,
            account_id,
            join_id: join_id.to_owned(),
            accept: state == ParticipantState::Going,
        };
        changes::record(&mut tx, answer).await?;
    }
    // The participant count changed.
    changes::record(
        &mut tx,
        Change::Event {
            id: event.id,
            verb: Verb::Update,
        },
    )
    .await?;
    tx.commit().await?;
    changes.committed();
    Ok(state)
}

/// A remote participant leaves an event of ours.
pub async fn remote_leave(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    account_id: i64,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let left = leave(&mut tx, event_id, account_id).await?;
    if left {
        changes::record(
            &mut tx,
            Change::Event {
                id: event_id,
                verb: Verb::Update,
            },
        )
        .await?;
    }
    tx.commit().await?;
    changes.committed();
    Ok(left)
}

/// Every event of a space, upcoming and past (for its calendar), newest
/// 500.
pub async fn all_of_space(db: &Db, space_id: i64) -> AppResult<Vec<Event>> {
    let mut list: Vec<Event> = sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events e WHERE e.space_id = $1 ORDER BY e.starts_at DESC LIMIT 500"
    ))
    .bind(space_id)
    .fetch_all(&db.read)
    .await?;
    list.reverse();
    Ok(list)
}

/// A new secret for the member's personal calendar feed (the previous one
/// stops working). Only its SHA-256 is stored.
pub async fn new_calendar_token(db: &Db, member: &Account) -> AppResult<String> {
    let token = crate::accounts::tokens::new_secret();
    sqlx::query(
        "INSERT INTO calendar_tokens (account_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id) DO UPDATE SET token_hash = $2, created_at = $3",
    )
    .bind(member.id)
    .bind(crate::accounts::tokens::hash_secret(&token))
    .bind(db::now())
    .execute(db.writer())
    .await?;
    Ok(token)
}

/// The member behind a calendar secret, and the events they take part in
/// (from a month ago on).
pub async fn personal_feed(db: &Db, token: &str) -> AppResult<(String, Vec<Event>)> {
    if token.is_empty() || token.len() > 200 {
        return Err(AppError::NotFound("calendar"));
    }
    let member: Option<(i64, String)> = sqlx::query_as(
        "SELECT a.id, a.username FROM calendar_tokens c JOIN accounts a ON a.id = c.account_id \
         WHERE c.token_hash = $1 AND a.suspended_at IS NULL",
    )
    .bind(crate::accounts::tokens::hash_secret(token))
    .fetch_optional(&db.read)
    .await?;
    let (member_id, username) = member.ok_or(AppError::NotFound("calendar"))?;
    let list: Vec<Event> = sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events e JOIN event_participants p ON p.event_id = e.id \
         WHERE p.account_id = $1 AND p.state IN ('going', 'waiting', 'pending') \
         AND e.ends_at >= $2 ORDER BY e.starts_at LIMIT 500"
    ))
    .bind(member_id)
    .bind(db::now() - 30 * 24 * 3600 * 1_000_000)
    .fetch_all(&db.read)
    .await?;
    Ok((username, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_convert_across_daylight_saving() {
        let brussels = zone("Europe/Brussels").unwrap();
        // The day before the clocks go forward (29 March 2026): UTC+1.
        let before = parse_time("t", "2026-03-28T10:00", &brussels).unwrap();
        // The day after: UTC+2.
        let after = parse_time("t", "2026-03-30T10:00", &brussels).unwrap();
        assert_eq!(format_time(before), "2026-03-28T09:00:00Z");
        assert_eq!(format_time(after), "2026-03-30T08:00:00Z");
        assert_eq!(
            in_zone(after, &brussels),
            "2026-03-30T10:00:00+02:00[Europe/Brussels]"
        );
        let kinshasa = zone("Africa/Kinshasa").unwrap();
        assert_eq!(
            in_zone(after, &kinshasa),
            "2026-03-30T09:00:00+01:00[Africa/Kinshasa]"
        );
        assert!(zone("Mars/Olympus").is_err());
        assert!(parse_time("t", "yesterday", &brussels).is_err());
    }
}
