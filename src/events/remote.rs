//! Events of other instances: what federation read from an `Event` of a
//! followed space, stored or updated; a change tells participants.

use jiff::tz::TimeZone;

use super::{Event, EventStatus, JoinMode, check_url, event_columns, news};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// An event of another instance, as federation read it. Text is not yet
/// bounded or sanitised, nor the link checked (that is done here).
#[derive(Debug)]
pub struct RemoteEvent {
    pub ap_id: String,
    pub title: String,
    pub content_html: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: Option<String>,
    pub status: Option<String>,
    pub join_mode: Option<String>,
    pub capacity: Option<i64>,
    pub online_url: Option<String>,
    /// Online, its link not in the `Event` (Agora sends it to participants
    /// apart): the link a participant of ours was sent is kept.
    pub is_online: bool,
    pub place_name: Option<String>,
    pub place_address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub language: Option<String>,
}

/// Stores (or updates) `event` in our copy of space `space_id`, organised
/// by `organiser_id`. Returns what happened, for the inbox's answer.
pub async fn store_remote(
    db: &Db,
    space_id: i64,
    organiser_id: i64,
    event: RemoteEvent,
) -> AppResult<&'static str> {
    let id = event.ap_id.as_str();
    let title: String = crate::markdown::plain_text(&event.title)
        .chars()
        .take(200)
        .collect();
    if title.trim().is_empty() {
        return Err(AppError::BadRequest("Event: no name".into()));
    }
    if event.content_html.chars().count() > 100_000 {
        return Err(AppError::BadRequest("Event: content too long".into()));
    }
    let (starts_at, ends_at) = (event.starts_at, event.ends_at);
    if ends_at < starts_at {
        return Err(AppError::BadRequest("Event: ends before it starts".into()));
    }
    let timezone = event
        .timezone
        .filter(|z| TimeZone::get(z).is_ok())
        .unwrap_or_else(|| "UTC".into());
    let status = match event
        .status
        .unwrap_or_default()
        .to_ascii_uppercase()
        .as_str()
    {
        "CANCELLED" => EventStatus::Cancelled,
        "TENTATIVE" => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let join_mode = match event.join_mode.as_deref() {
        Some("restricted") => JoinMode::Restricted,
        Some("invite") => JoinMode::Invite,
        _ => JoinMode::Free,
    };
    let capacity = event.capacity.filter(|c| *c > 0);
    let sent_url = check_url(event.online_url).ok().flatten();
    let place_text = |text: Option<String>| {
        text.map(|s| {
            crate::markdown::plain_text(&s)
                .chars()
                .take(500)
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
    };
    let place_name = place_text(event.place_name);
    let place_address = place_text(event.place_address);
    let latitude = event.latitude.filter(|v| v.abs() <= 90.0);
    let longitude = event.longitude.filter(|v| v.abs() <= 180.0);
    let language = event
        .language
        .filter(|l| l.len() <= 35)
        .unwrap_or_else(|| "und".into());
    let html = crate::markdown::sanitize_html(&event.content_html);
    let mut tx = db.begin().await?;
    let before: Option<Event> = sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events e WHERE e.ap_id = $1 AND e.space_id = $2"
    ))
    .bind(id)
    .bind(space_id)
    .fetch_optional(&mut *tx)
    .await?;
    let online_url = match (sent_url, &before) {
        (Some(url), _) => Some(url),
        (None, Some(old)) if event.is_online => old.online_url.clone(),
        (None, _) => None,
    };
    let now = db::now();
    match &before {
        None => {
            sqlx::query(
                "INSERT INTO events (space_id, organiser_id, ap_id, title, description_source, \
                     description_html, starts_at, ends_at, timezone, online_url, place_name, \
                     place_address, latitude, longitude, capacity, join_mode, waitlist, language, \
                     status, created_at, id) \
                 VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, \
                         $16, $17, $18, $19)",
            )
            .bind(space_id)
            .bind(organiser_id)
            .bind(id)
            .bind(&title)
            .bind(&html)
            .bind(starts_at)
            .bind(ends_at)
            .bind(&timezone)
            .bind(&online_url)
            .bind(&place_name)
            .bind(&place_address)
            .bind(latitude)
            .bind(longitude)
            .bind(capacity)
            .bind(join_mode)
            .bind(&language)
            .bind(status)
            .bind(now)
            .bind(db::new_id())
            .execute(&mut *tx)
            .await?;
        }
        Some(old) => {
            let event_id = old.id;
            sqlx::query(
                "UPDATE events SET title = $1, description_html = $2, starts_at = $3, ends_at = $4, \
                     timezone = $5, online_url = $6, place_name = $7, place_address = $8, \
                     latitude = $9, longitude = $10, capacity = $11, join_mode = $12, \
                     language = $13, status = $14, updated_at = $15 WHERE id = $16",
            )
            .bind(&title)
            .bind(&html)
            .bind(starts_at)
            .bind(ends_at)
            .bind(&timezone)
            .bind(&online_url)
            .bind(&place_name)
            .bind(&place_address)
            .bind(latitude)
            .bind(longitude)
            .bind(capacity)
            .bind(join_mode)
            .bind(&language)
            .bind(status)
            .bind(now)
            .bind(event_id)
            .execute(&mut *tx)
            .await?;

            let after = news::Essentials {
                title: &title,
                starts_at,
                ends_at,
                place_name: place_name.as_deref(),
                place_address: place_address.as_deref(),
                latitude,
                longitude,
                online_url: online_url.as_deref(),
                status,
            };
            news::event_changed(&mut tx, old, &old.into(), &after, Some(organiser_id)).await?;
        }
    }
    crate::search::index::remote(&mut tx, id).await?;
    tx.commit().await?;
    Ok(if before.is_some() {
        "updated"
    } else {
        "stored"
    })
}

/// The space of our copy of the remote event `ap_id`.
pub async fn space_of(db: &Db, ap_id: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT space_id FROM events WHERE ap_id = $1")
        .bind(ap_id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// The space of event `event_id` if people elsewhere may register for it:
/// an event of ours in a public space of ours.
pub async fn joinable(db: &Db, event_id: i64) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT e.space_id FROM events e JOIN spaces s ON s.id = e.space_id \
         WHERE e.id = $1 AND s.visibility = 'public' AND s.domain IS NULL AND e.ap_id IS NULL",
    )
    .bind(event_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|(id,)| id))
}
