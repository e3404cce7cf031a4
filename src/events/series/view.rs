//! A series as a viewer sees it (its rule and its dates), and its end.

use jiff::tz::TimeZone;
use serde::Serialize;

use super::super::{EventChange, EventStatus, find_visible, in_zone, require_organiser, update};
use super::Series;
use crate::accounts::Account;
use crate::changes::Changes;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::spaces;

/// The dates of a series listed at once.
const MAX_DATES: i64 = 60;

#[derive(Serialize, utoipa::ToSchema)]
pub struct SeriesView {
    pub id: i64,
    pub space_id: i64,
    /// The iCalendar RRULE, read in `timezone` from the first start.
    pub rule: String,
    pub timezone: String,
    /// The first start, in the series' zone.
    pub first_start: String,
    /// Whether no more dates will be created (the rule ran out, or the
    /// organiser ended the series).
    pub ended: bool,
    /// The dates not yet over, soonest first (at most 60).
    pub upcoming: Vec<Occurrence>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Occurrence {
    /// The event of this date.
    pub id: i64,
    /// UTC, RFC 3339.
    pub starts_at: String,
    /// In the series' zone.
    pub starts_local: String,
    pub status: EventStatus,
    /// Moved from the date the rule gives.
    pub moved: bool,
}

/// The series, if the viewer may see its space; a series in a space the
/// viewer cannot see is "no such series".
pub async fn view(db: &Db, series_id: i64, viewer: Option<&Account>) -> AppResult<SeriesView> {
    let series: Option<Series> = sqlx::query_as(concat!(
        "SELECT s.id, s.space_id, s.rule, s.timezone, s.first_start, s.duration, s.ended \
         FROM event_series s WHERE s.id = $1 AND ",
        spaces::in_space_visible_to!("s.space_id", "$2")
    ))
    .bind(series_id)
    .bind(viewer.map(|v| v.id))
    .fetch_optional(&db.read)
    .await?;
    let space_id = series.as_ref().map(|s| s.space_id);
    spaces::find_visible_holding(db, space_id, viewer, "series").await?;
    let series = series.ok_or(AppError::NotFound("series"))?;
    let rows: Vec<(i64, i64, EventStatus, i64)> = sqlx::query_as(
        "SELECT id, starts_at, status, recurrence_id FROM events \
         WHERE series_id = $1 AND ends_at > $2 ORDER BY starts_at, id LIMIT $3 + 0",
    )
    .bind(series.id)
    .bind(db::now())
    .bind(MAX_DATES)
    .fetch_all(&db.read)
    .await?;
    let tz = TimeZone::get(&series.timezone).unwrap_or(TimeZone::UTC);
    let first_start = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", &series.first_start)
        .ok()
        .and_then(|d| d.to_zoned(tz.clone()).ok())
        .map(|z| z.to_string())
        .unwrap_or_default();
    Ok(SeriesView {
        id: series.id,
        space_id: series.space_id,
        rule: series.rule,
        first_start,
        ended: series.ended != 0,
        upcoming: rows
            .into_iter()
            .map(|(id, starts_at, status, recurrence_id)| Occurrence {
                id,
                starts_at: format_time(starts_at),
                starts_local: in_zone(starts_at, &tz),
                status,
                moved: starts_at != recurrence_id,
            })
            .collect(),
        timezone: series.timezone,
    })
}

/// Ends a series (its organisers): no more dates are created, and the
/// dates not yet begun are cancelled, each as a cancellation of its own
/// (participants told, other instances updated). Ending it again
/// cancels what is left, so a failure halfway is mended by a retry.
pub async fn end(db: &Db, changes: &Changes, series_id: i64, who: &Account) -> AppResult<usize> {
    let latest: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM events WHERE series_id = $1 ORDER BY recurrence_id DESC LIMIT 1",
    )
    .bind(series_id)
    .fetch_optional(&db.read)
    .await?;
    let (latest,) = latest.ok_or(AppError::NotFound("series"))?;
    let (event, access) = find_visible(db, latest, Some(who))
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound("series"),
            other => other,
        })?;
    require_organiser(&event, &access, who)?;
    let mut tx = db.begin().await?;
    super::end(&mut tx, series_id).await?;
    tx.commit().await?;
    let to_cancel: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM events WHERE series_id = $1 AND starts_at > $2 AND status <> 'cancelled'",
    )
    .bind(series_id)
    .bind(db::now())
    .fetch_all(&db.read)
    .await?;
    for (id,) in &to_cancel {
        let cancel = EventChange {
            status: Some(EventStatus::Cancelled),
            ..EventChange::default()
        };
        update(db, changes, *id, who, cancel).await?;
    }
    Ok(to_cancel.len())
}
