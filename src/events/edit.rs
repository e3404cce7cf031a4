//! The event itself: created, changed (and so cancelled) by its organiser.

use serde::Deserialize;

use super::{
    EventStatus, JoinMode, find_visible, guests, link, news, parse_time, promote_waiting,
    require_organiser, series, zone,
};
use crate::accounts::{Account, bounded, validate_language};
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::spaces::{Action, SpaceAccess, Visibility};

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
    /// Whether people without an account may register with a name and an
    /// email address (default no; only in public spaces, not for events
    /// by invitation).
    pub guests: Option<bool>,
    /// Defaults to the space's language.
    pub language: Option<String>,
    /// `confirmed` (default) or `tentative`.
    pub status: Option<EventStatus>,
    /// Makes the event the first of a series: an iCalendar RRULE read in
    /// `timezone` from `starts_at`, e.g. `FREQ=MONTHLY;BYDAY=2TU` (the
    /// second Tuesday of every month) or `FREQ=WEEKLY;COUNT=6`; at most
    /// daily. `starts_at` must be the rule's first date. Each occurrence
    /// is an event of its own, with its own registrations.
    pub repeat: Option<String>,
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
    /// Whether guests may register (see [`NewEvent::guests`]); turning it
    /// off keeps the guests already registered.
    pub guests: Option<bool>,
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
    guests: bool,
    language: String,
    status: EventStatus,
}

/// Guests only where anyone may see the event, and may register.
fn check_guests(fields: &Fields, access: &SpaceAccess) -> AppResult<()> {
    if !fields.guests {
        return Ok(());
    }
    if access.space.visibility != Visibility::Public {
        return Err(AppError::invalid(
            "guests: only events of public spaces take guests",
        ));
    }
    if fields.join_mode == JoinMode::Invite {
        return Err(AppError::invalid(
            "guests: an event by invitation takes no guests",
        ));
    }
    Ok(())
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

pub(super) fn check_url(value: Option<String>) -> AppResult<Option<String>> {
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
    let repeat = new.repeat.as_deref().map(series::check_rule).transpose()?;
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
        guests: new.guests.unwrap_or(false),
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
    check_guests(&fields, access)?;
    let first_start = match &repeat {
        Some(rule) => Some(series::check_start(
            rule,
            &fields.timezone,
            fields.starts_at,
        )?),
        None => None,
    };
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO events (space_id, organiser_id, title, description_source, description_html, \
                             starts_at, ends_at, timezone, online_url, place_name, place_address, \
                             latitude, longitude, capacity, join_mode, waitlist, language, status, \
                             created_at, id, guests) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                 $20, $21) \
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
    .bind(i64::from(fields.guests))
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
    if let (Some(rule), Some(first_start)) = (&repeat, &first_start) {
        series::start(
            &mut tx,
            series::First {
                event: id,
                space: access.space.id,
                starts_at: fields.starts_at,
                duration: fields.ends_at - fields.starts_at,
            },
            rule,
            &fields.timezone,
            first_start,
        )
        .await?;
    }
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
        guests: match change.guests {
            Some(guests) => guests,
            // Kept, unless the space is no longer public.
            None => {
                guests::enabled(&db.read, event.id).await?
                    && access.space.visibility == Visibility::Public
            }
        },
        language: match change.language {
            Some(l) => validate_language("language", &l)?,
            None => event.language.clone(),
        },
        status: change.status.unwrap_or(event.status),
    })?;
    check_guests(&fields, &access)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE events SET title = $1, description_source = $2, description_html = $3, \
                starts_at = $4, ends_at = $5, timezone = $6, online_url = $7, place_name = $8, \
                place_address = $9, latitude = $10, longitude = $11, capacity = $12, \
                join_mode = $13, waitlist = $14, language = $15, status = $16, updated_at = $17, \
                guests = $19 \
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
    .bind(i64::from(fields.guests))
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
    // Remote participants cannot read the new link on our pages.
    let new_link = fields.online_url.is_some() && fields.online_url != event.online_url;
    link::send_to_remote(&mut tx, &event, None, new_link).await?;
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
