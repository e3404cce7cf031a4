//! Events as a viewer sees them: one, the upcoming ones, a space's
//! calendar and a member's personal feed.

use jiff::tz::TimeZone;
use serde::Serialize;

use super::{Event, EventStatus, JoinMode, ParticipantState, event_columns, in_zone, link, zone};
use crate::accounts::Account;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::spaces::SpaceAccess;

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
    /// Whether the event takes place online.
    pub online: bool,
    /// The online link: only for the organiser, the space's content
    /// managers and those whose registration was accepted.
    pub online_url: Option<String>,
    pub place: Option<PlaceView>,
    pub capacity: Option<i64>,
    pub join_mode: JoinMode,
    pub waitlist: bool,
    /// Whether people without an account may register by email (public
    /// events of ours whose organiser allows it).
    pub guests: bool,
    pub language: String,
    pub status: EventStatus,
    /// How many are going, guests included.
    pub participant_count: i64,
    /// Places left, when there is a capacity.
    pub remaining_capacity: Option<i64>,
    /// The viewer's own registration.
    pub my_state: Option<ParticipantState>,
    /// The event's ActivityPub id, for events from elsewhere.
    pub url: Option<String>,
    /// When it was created or last changed (RFC 3339).
    pub updated_at: String,
    /// The series it is a date of (`GET /api/v1/series/{id}`), if any.
    pub series_id: Option<i64>,
    /// A date of a series moved from the date the rule gives.
    pub moved: bool,
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

pub(super) async fn views(
    db: &Db,
    events: Vec<Event>,
    viewer: Option<&Account>,
    viewer_zone: Option<&str>,
) -> AppResult<Vec<EventView>> {
    let viewer_tz = viewer_zone.map(zone).transpose()?;
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let (count, organiser, guests): (i64, String, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM event_participants WHERE event_id = $1 AND state = 'going') \
                  + (SELECT COUNT(*) FROM event_guests WHERE event_id = $1 AND state = 'going'), \
                    (SELECT CASE WHEN domain IS NULL THEN username ELSE username || '@' || domain END \
                     FROM accounts WHERE id = $2), \
                    (SELECT guests FROM events WHERE id = $1)",
        )
        .bind(e.id)
        .bind(e.organiser_id)
        .fetch_one(&db.read)
        .await?;
        let viewer_id = viewer.map(|v| v.id);
        let standing = link::standing(db, &e, viewer_id).await?;
        let online = e.online_url.is_some();
        let online_url = e
            .online_url
            .clone()
            .filter(|_| link::may_see_link(&e, viewer_id, standing));
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
            online,
            online_url,
            place,
            capacity: e.capacity,
            join_mode: e.join_mode,
            waitlist: e.waitlist != 0,
            guests: guests != 0 && e.ap_id.is_none(),
            language: e.language,
            status: e.status,
            participant_count: count,
            remaining_capacity: e.capacity.map(|c| (c - count).max(0)),
            my_state: standing.state,
            url: e.ap_id,
            updated_at: format_time(e.updated_at.unwrap_or(e.created_at)),
            series_id: e.series_id,
            moved: e.recurrence_id.is_some_and(|r| r != e.starts_at),
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

/// The most upcoming events listed at once.
pub const MAX_UPCOMING: i64 = 200;

pub async fn upcoming(
    db: &Db,
    which: Upcoming<'_>,
    viewer: Option<&Account>,
    viewer_zone: Option<&str>,
) -> AppResult<Vec<EventView>> {
    upcoming_first(db, which, viewer, viewer_zone, MAX_UPCOMING).await
}

/// The first `limit` (at most [`MAX_UPCOMING`]) upcoming events: what a
/// front page or a feed shows, without building views of the rest.
pub async fn upcoming_first(
    db: &Db,
    which: Upcoming<'_>,
    viewer: Option<&Account>,
    viewer_zone: Option<&str>,
    limit: i64,
) -> AppResult<Vec<EventView>> {
    let limit = limit.clamp(1, MAX_UPCOMING);
    let now = db::now();
    let events: Vec<Event> = match which {
        Upcoming::Space(access) => {
            sqlx::query_as(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events e WHERE e.space_id = $1 AND e.ends_at >= $2 \
                 ORDER BY e.starts_at, e.id LIMIT $3 + 0"
            ))
            .bind(access.space.id)
            .bind(now)
            .bind(limit)
            .fetch_all(&db.read)
            .await?
        }
        Upcoming::Public => {
            sqlx::query_as(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events e JOIN spaces s ON s.id = e.space_id \
                 WHERE s.visibility = 'public' AND s.federation_state = 0 AND e.ends_at >= $1 \
                 ORDER BY e.starts_at, e.id LIMIT $2 + 0"
            ))
            .bind(now)
            .bind(limit)
            .fetch_all(&db.read)
            .await?
        }
        Upcoming::Member(member) => {
            sqlx::query_as(concat!(
                "SELECT ",
                event_columns!(),
                " FROM events e JOIN event_participants p ON p.event_id = e.id \
                 WHERE p.account_id = $1 AND p.state <> 'rejected' AND e.ends_at >= $2 \
                 ORDER BY e.starts_at, e.id LIMIT $3 + 0"
            ))
            .bind(member.id)
            .bind(now)
            .bind(limit)
            .fetch_all(&db.read)
            .await?
        }
    };
    views(db, events, viewer, viewer_zone).await
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
    // Waiting and pending registrations are in the feed, their links not.
    let list = link::for_viewer(db, list, Some(member_id)).await?;
    Ok((username, list))
}
