//! Events in spaces: talks, webinars, meetings. Times are stored in UTC
//! with the event's IANA zone, and shown in that zone (and, on request, in
//! the viewer's). Registration follows the join mode (free, restricted:
//! the organiser approves, invite: the organiser adds people), with a
//! capacity and an optional waiting list that moves up when someone leaves.
//! Members of other instances register from home (`Join`/`Leave`,
//! answered with `Accept`/`Reject`); see `federation::inbox`.

mod edit;
pub mod federated;
pub mod guests;
pub mod ical;
pub mod link;
mod news;
pub mod participants;
mod registration;
pub mod reminders;
mod remote;
pub mod replays;
pub mod series;
mod views;

pub use edit::{EventChange, NewEvent, create, update};
pub use participants::{
    Message, MessageProblem, message_participants, participants_csv, received_message,
};
pub use registration::{
    ParticipantView, decide, join_answered, participants, register, remote_join, remote_leave,
    unregister,
};
pub use remote::{RemoteEvent, joinable, space_of, store_remote};
pub use views::{
    EventView, PlaceView, Upcoming, all_of_space, new_calendar_token, personal_feed, upcoming,
    upcoming_first, view,
};

use edit::check_url;
use registration::promote_waiting;

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use crate::accounts::Account;
use crate::db::{Db, Tx};
use crate::error::{AppError, AppResult};
use crate::notifications::{self, New};
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
    /// The series it is an occurrence of ([`series`]).
    pub series_id: Option<i64>,
    /// Its start by the series' rule, kept when it is moved.
    pub recurrence_id: Option<i64>,
}

macro_rules! event_columns {
    () => {
        "e.id, e.space_id, e.organiser_id, e.ap_id, e.title, e.description_source, \
         e.description_html, e.starts_at, e.ends_at, e.timezone, e.online_url, e.place_name, \
         e.place_address, e.latitude, e.longitude, e.capacity, e.join_mode, e.waitlist, \
         e.language, e.status, e.created_at, e.updated_at, e.series_id, e.recurrence_id"
    };
}
pub(crate) use event_columns;

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

/// How many are going, members and guests (the waiting list and those
/// waiting for approval not counted).
pub async fn going(tx: &mut Tx, event_id: i64) -> AppResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND state = 'going') \
              + (SELECT COUNT(*) FROM event_guests WHERE event_id = $1 AND state = 'going')",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::format_time;

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
