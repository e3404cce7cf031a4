//! Recurring events: a series is an iCalendar RRULE (RFC 5545 §3.3.10,
//! e.g. `FREQ=MONTHLY;BYDAY=2TU`) read in the event's zone from its first
//! start, so a talk at 10:00 in New York stays at 10:00 there when the
//! clocks change. Each occurrence is an ordinary event (registration,
//! reminders, changes, search and federation are per occurrence); they
//! are created ahead of time, at most [`MAX_AHEAD`] and a year ahead, and
//! topped up as time passes ([`run`]). An occurrence keeps its start by
//! the rule (`recurrence_id`), so a moved or cancelled one is an exception
//! that is never created again, and the iCalendar export writes it as
//! such (`EXDATE`, `RECURRENCE-ID`).
//!
//! The rule is expanded by the `rrule` crate (a complete RFC 5545
//! implementation with built-in iteration limits, so a rule that never
//! matches costs a bounded amount of work) rather than by hand.

mod view;

pub use view::{Occurrence, SeriesView, end as end_series, view};

use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;
use rrule::RRuleSet;

use super::zone;
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};

/// Upcoming occurrences kept created per series.
pub const MAX_AHEAD: usize = 24;
/// How far ahead occurrences are created.
const HORIZON: i64 = 366 * 24 * 3600 * 1_000_000;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Series {
    pub id: i64,
    pub space_id: i64,
    /// The RRULE value, e.g. `FREQ=MONTHLY;BYDAY=2TU`.
    pub rule: String,
    pub timezone: String,
    /// The first start, local to `timezone`: `20260113T100000`.
    pub first_start: String,
    pub duration: i64,
    pub ended: i64,
}

/// A rule as given (`RRULE:` prefix and case optional), normalised.
pub(super) fn check_rule(value: &str) -> AppResult<String> {
    let value = value.trim();
    let value = value
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("rrule:"))
        .map_or(value, |_| &value[6..]);
    let rule = value.to_ascii_uppercase();
    if rule.is_empty()
        || rule.len() > 300
        || !rule
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=;,+-".contains(&b))
    {
        return Err(AppError::invalid(
            "repeat: an iCalendar RRULE such as FREQ=MONTHLY;BYDAY=2TU",
        ));
    }
    let frequency = rule
        .split(';')
        .find_map(|part| part.strip_prefix("FREQ="))
        .unwrap_or("");
    if !matches!(frequency, "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY") {
        return Err(AppError::invalid(
            "repeat: FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY",
        ));
    }
    Ok(rule)
}

/// The rule a choice of the event form stands for, from the local date
/// of the first start: `weekly`, `fortnightly`, `monthly-weekday` (the
/// same weekday of the month: the second Tuesday; the last one when it
/// is the fifth) or `monthly-day` (the same day of the month), until a
/// local date if given.
pub fn preset(choice: &str, first: Date, until: Option<(Date, &str)>) -> AppResult<String> {
    let weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        [usize::from(first.weekday().to_monday_zero_offset().unsigned_abs())];
    let mut rule = match choice {
        "weekly" => "FREQ=WEEKLY".to_owned(),
        "fortnightly" => "FREQ=WEEKLY;INTERVAL=2".to_owned(),
        "monthly-weekday" => {
            let nth = (first.day() - 1) / 7 + 1;
            let nth = if nth == 5 { -1 } else { nth };
            format!("FREQ=MONTHLY;BYDAY={nth}{weekday}")
        }
        "monthly-day" => format!("FREQ=MONTHLY;BYMONTHDAY={}", first.day()),
        other => {
            return Err(AppError::invalid(format!(
                "repeat: \"{other}\" is not one of weekly, fortnightly, monthly-weekday, monthly-day"
            )));
        }
    };
    if let Some((until, timezone)) = until {
        if until < first {
            return Err(AppError::invalid("repeat_until: before the first date"));
        }
        // The end of that day where the event takes place, in UTC as the
        // RFC asks when the start has a zone.
        let end = until
            .at(23, 59, 59, 0)
            .to_zoned(zone(timezone)?)
            .map_err(|e| AppError::invalid(format!("repeat_until: {e}")))?;
        rule.push_str(&format!(
            ";UNTIL={}",
            end.timestamp().strftime("%Y%m%dT%H%M%SZ")
        ));
    }
    Ok(rule)
}

/// The local form of a UTC instant in `timezone`, as DTSTART writes it.
pub(super) fn local_start(micros: i64, timezone: &str) -> AppResult<String> {
    let at = Timestamp::from_microsecond(micros)
        .map_err(|e| AppError::invalid(format!("starts_at: {e}")))?;
    Ok(at
        .to_zoned(zone(timezone)?)
        .strftime("%Y%m%dT%H%M%S")
        .to_string())
}

fn set(rule: &str, timezone: &str, first_start: &str) -> AppResult<RRuleSet> {
    format!("DTSTART;TZID={timezone}:{first_start}\nRRULE:{rule}")
        .parse::<RRuleSet>()
        .map_err(|e| AppError::invalid(format!("repeat: {e}")))
}

fn utc(micros: i64) -> AppResult<chrono::DateTime<rrule::Tz>> {
    chrono::DateTime::from_timestamp_micros(micros)
        .map(|t| t.with_timezone(&rrule::Tz::from(chrono::Utc)))
        .ok_or_else(|| AppError::invalid("repeat: a time out of range"))
}

/// Starts by the rule (UTC microseconds) strictly after `after`, up to
/// `until`, at most `limit` of them; and whether the rule has any start
/// after the last of them (when not, the series has ended).
fn starts(
    rule: &str,
    timezone: &str,
    first_start: &str,
    after: i64,
    until: i64,
    limit: u16,
) -> AppResult<(Vec<i64>, bool)> {
    let set = set(rule, timezone, first_start)?;
    let found: Vec<i64> = set
        .clone()
        .after(utc(after + 1)?)
        .before(utc(until)?)
        .all(limit)
        .dates
        .iter()
        .map(|d| d.timestamp_micros())
        .filter(|&t| t > after)
        .collect();
    let last = found.last().copied().unwrap_or(after);
    let more = !set.after(utc(last + 1)?).all(1).dates.is_empty();
    Ok((found, more))
}

/// Checks that `rule` gives `starts_at` as its first date: an event that
/// starts on the 14th cannot be "the second Tuesday" unless the 14th is.
pub(super) fn check_start(rule: &str, timezone: &str, starts_at: i64) -> AppResult<String> {
    let first_start = local_start(starts_at, timezone)?;
    let first = set(rule, timezone, &first_start)?.all(1).dates;
    match first.first().map(|d| d.timestamp_micros() / 1_000_000) {
        Some(t) if t == starts_at / 1_000_000 => Ok(first_start),
        Some(t) => {
            let tz = zone(timezone)?;
            let first = Timestamp::from_second(t)
                .map(|t| t.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            Err(AppError::invalid(format!(
                "repeat: the rule's first date is {first}, not the event's start; \
                 start the event on a date the rule gives"
            )))
        }
        None => Err(AppError::invalid("repeat: the rule gives no date")),
    }
}

/// The event a series starts with, just created.
pub(super) struct First {
    pub event: i64,
    pub space: i64,
    pub starts_at: i64,
    pub duration: i64,
}

/// Makes `first` (just created, in `tx`) the first occurrence of a new
/// series, and creates the occurrences that follow it.
pub(super) async fn start(
    tx: &mut Tx,
    first: First,
    rule: &str,
    timezone: &str,
    first_start: &str,
) -> AppResult<Vec<i64>> {
    let id = db::new_id();
    sqlx::query(
        "INSERT INTO event_series (id, space_id, rule, timezone, first_start, duration, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(first.space)
    .bind(rule)
    .bind(timezone)
    .bind(first_start)
    .bind(first.duration)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE events SET series_id = $1, recurrence_id = $2 WHERE id = $3")
        .bind(id)
        .bind(first.starts_at)
        .bind(first.event)
        .execute(&mut **tx)
        .await?;
    let series: Series = sqlx::query_as(
        "SELECT id, space_id, rule, timezone, first_start, duration, ended FROM event_series \
         WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    extend(tx, &series, db::now()).await
}

/// Creates the occurrences of `series` that are due: after the last one
/// created, within the horizon, up to [`MAX_AHEAD`] upcoming. Each new
/// occurrence copies the latest one (so a change made to it carries on),
/// and is recorded as a change for federation and indexed for search.
/// Safe on several nodes at once: an occurrence exists once.
async fn extend(tx: &mut Tx, series: &Series, now: i64) -> AppResult<Vec<i64>> {
    let (upcoming,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM events WHERE series_id = $1 AND recurrence_id > $2")
            .bind(series.id)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
    let latest: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, recurrence_id FROM events WHERE series_id = $1 \
         ORDER BY recurrence_id DESC LIMIT 1",
    )
    .bind(series.id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((template, last)) = latest else {
        return end(tx, series.id).await.map(|()| Vec::new());
    };
    let room = MAX_AHEAD.saturating_sub(usize::try_from(upcoming).unwrap_or(MAX_AHEAD));
    if room == 0 {
        return Ok(Vec::new()); // enough ahead for now
    }
    let (found, more) = starts(
        &series.rule,
        &series.timezone,
        &series.first_start,
        last.max(now),
        now + HORIZON,
        u16::try_from(room).unwrap_or(u16::MAX),
    )?;
    if !more {
        end(tx, series.id).await?;
    }
    let mut created = Vec::new();
    for at in found {
        let id = db::new_id();
        let inserted = sqlx::query(
            "INSERT INTO events (id, space_id, organiser_id, title, description_source, \
                     description_html, starts_at, ends_at, timezone, online_url, place_name, \
                     place_address, latitude, longitude, capacity, join_mode, waitlist, language, \
                     status, created_at, guests, series_id, recurrence_id) \
             SELECT $1, space_id, organiser_id, title, description_source, description_html, \
                    $2, $3, $4, online_url, place_name, place_address, latitude, longitude, \
                    capacity, join_mode, waitlist, language, \
                    CASE WHEN status = 'cancelled' THEN 'confirmed' ELSE status END, $5, guests, \
                    series_id, $2 \
             FROM events WHERE id = $6 \
             ON CONFLICT (series_id, recurrence_id) DO NOTHING",
        )
        .bind(id)
        .bind(at)
        .bind(at + series.duration)
        .bind(&series.timezone)
        .bind(db::now())
        .bind(template)
        .execute(&mut **tx)
        .await?;
        if inserted.rows_affected() == 0 {
            continue; // another node made it
        }
        changes::record(
            tx,
            Change::Event {
                id,
                verb: Verb::Create,
            },
        )
        .await?;
        crate::search::index::event(tx, id).await?;
        created.push(id);
    }
    Ok(created)
}

async fn end(tx: &mut Tx, series: i64) -> AppResult<()> {
    sqlx::query("UPDATE event_series SET ended = 1 WHERE id = $1")
        .bind(series)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates the occurrences due in every open series; how many.
pub async fn extend_all(db: &Db, changes: &Changes) -> AppResult<usize> {
    let open: Vec<Series> = sqlx::query_as(
        "SELECT id, space_id, rule, timezone, first_start, duration, ended FROM event_series \
         WHERE ended = 0",
    )
    .fetch_all(&db.read)
    .await?;
    let mut created = 0;
    for series in open {
        let mut tx = db.begin().await?;
        created += extend(&mut tx, &series, db::now()).await?.len();
        tx.commit().await?;
    }
    if created > 0 {
        changes.committed();
    }
    Ok(created)
}

/// The series an event belongs to.
pub async fn of(db: &Db, series_id: i64) -> AppResult<Option<Series>> {
    Ok(sqlx::query_as(
        "SELECT id, space_id, rule, timezone, first_start, duration, ended FROM event_series \
         WHERE id = $1",
    )
    .bind(series_id)
    .fetch_optional(&db.read)
    .await?)
}

/// The series of `events` (each once).
pub async fn of_events(db: &Db, events: &[super::Event]) -> AppResult<Vec<Series>> {
    let mut ids: Vec<i64> = events.iter().filter_map(|e| e.series_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.extend(of(db, id).await?);
    }
    Ok(out)
}

/// Runs [`extend_all`] at start and every hour until the task is dropped.
pub async fn run(db: Db, changes: Changes) {
    loop {
        if let Err(e) = extend_all(&db, &changes).await {
            tracing::warn!(error = %e, "event series could not be extended; will retry");
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::format_time;

    fn dates(rule: &str, timezone: &str, first: &str, n: u16) -> Vec<String> {
        let first_start = local_start(
            jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M", first)
                .unwrap()
                .to_zoned(zone(timezone).unwrap())
                .unwrap()
                .timestamp()
                .as_microsecond(),
            timezone,
        )
        .unwrap();
        let (found, _) = starts(rule, timezone, &first_start, 0, i64::MAX / 2, n).unwrap();
        found.into_iter().map(format_time).collect()
    }

    #[test]
    fn the_second_tuesday_in_new_york_stays_at_ten_across_daylight_saving() {
        // Clocks go forward on 8 March 2026 and back on 1 November.
        let found = dates(
            "FREQ=MONTHLY;BYDAY=2TU",
            "America/New_York",
            "2026-02-10T10:00",
            10,
        );
        assert_eq!(
            &found[..4],
            [
                "2026-02-10T15:00:00Z", // EST, UTC-5
                "2026-03-10T14:00:00Z", // EDT, UTC-4
                "2026-04-14T14:00:00Z",
                "2026-05-12T14:00:00Z",
            ]
        );
        assert_eq!(found[9], "2026-11-10T15:00:00Z"); // EST again
    }

    #[test]
    fn the_first_thursday_in_kinshasa_has_no_daylight_saving() {
        let found = dates(
            "FREQ=MONTHLY;BYDAY=1TH",
            "Africa/Kinshasa",
            "2026-01-01T15:00",
            3,
        );
        assert_eq!(
            found,
            [
                "2026-01-01T14:00:00Z",
                "2026-02-05T14:00:00Z",
                "2026-03-05T14:00:00Z"
            ]
        );
    }

    #[test]
    fn rules_are_checked() {
        assert_eq!(
            check_rule(" rrule:freq=monthly;byday=2tu ").unwrap(),
            "FREQ=MONTHLY;BYDAY=2TU"
        );
        for bad in [
            "",
            "FREQ=HOURLY",
            "FREQ=MINUTELY",
            "BYDAY=MO",
            "FREQ=DAILY\nX:Y",
        ] {
            assert!(check_rule(bad).is_err(), "{bad:?}");
        }
        let tuesday: Date = "2026-02-10".parse().unwrap();
        assert_eq!(
            preset("monthly-weekday", tuesday, None).unwrap(),
            "FREQ=MONTHLY;BYDAY=2TU"
        );
        let fifth: Date = "2026-03-31".parse().unwrap();
        assert_eq!(
            preset("monthly-weekday", fifth, None).unwrap(),
            "FREQ=MONTHLY;BYDAY=-1TU"
        );
        assert_eq!(
            preset(
                "weekly",
                tuesday,
                Some(("2026-06-30".parse().unwrap(), "Europe/Brussels"))
            )
            .unwrap(),
            "FREQ=WEEKLY;UNTIL=20260630T215959Z"
        );
        assert!(preset("hourly", tuesday, None).is_err());
    }

    #[test]
    fn the_start_must_be_the_rules_first_date() {
        let zone = "America/New_York";
        let tuesday = jiff::civil::datetime(2026, 2, 10, 10, 0, 0, 0)
            .to_zoned(super::zone(zone).unwrap())
            .unwrap()
            .timestamp()
            .as_microsecond();
        assert!(check_start("FREQ=MONTHLY;BYDAY=2TU", zone, tuesday).is_ok());
        let wednesday = tuesday + 24 * 3600 * 1_000_000;
        let err = check_start("FREQ=MONTHLY;BYDAY=2TU", zone, wednesday).unwrap_err();
        assert!(err.to_string().contains("2026-03-10 10:00"), "{err}");
    }
}
