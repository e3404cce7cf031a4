//! iCalendar (RFC 5545) for events: one event, a space's events, and a
//! member's personal feed (behind a secret token).
//!
//! Times are written in UTC (`DTSTART:20260329T080000Z`), which every
//! calendar application reads and shows in its user's zone, so a
//! daylight-saving change between now and the event cannot shift it. The
//! event's own zone is kept in `X-AGORA-TIMEZONE` for reference. A
//! series is the exception: its rule must be read in its zone (see
//! [`calendar`]).

use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

use super::series::Series;
use super::{Event, EventStatus};

/// `20260329T080000Z`
fn utc(micros: i64) -> String {
    Timestamp::from_microsecond(micros)
        .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
        .replace('\r', "")
}

/// Folds a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A VCALENDAR with `events`. `url_of` gives each event's page.
///
/// The dates of a series in `series` are written as the series: one
/// VEVENT with the rule (`RRULE`, in the series' zone, so calendar
/// applications keep the local time across daylight-saving changes),
/// `EXDATE` for the dates cancelled, and each date listed as an instance
/// of its own (`RECURRENCE-ID`, with its own time if it was moved, and its
/// own page to register on), with the zone described in a `VTIMEZONE`.
/// Other events, and dates of series not in `series` (a member's feed,
/// which holds only the dates they registered for), stand alone.
pub fn calendar(
    name: &str,
    events: &[Event],
    series: &[Series],
    domain: &str,
    url_of: impl Fn(&Event) -> String,
) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Agora//Agora events//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", text(name)));
    let in_series = |e: &Event| {
        e.series_id
            .and_then(|id| series.iter().find(|s| s.id == id))
    };
    let mut zones: Vec<&str> = Vec::new();
    for s in series {
        if !zones.contains(&s.timezone.as_str()) && events.iter().any(|e| e.series_id == Some(s.id))
        {
            zones.push(&s.timezone);
        }
    }
    for name in zones {
        let dates = events
            .iter()
            .filter(|e| in_series(e).is_some_and(|s| s.timezone == name))
            .map(|e| e.starts_at);
        vtimezone(name, dates, &mut line);
    }
    for s in series {
        let dates: Vec<&Event> = events
            .iter()
            .filter(|e| e.series_id == Some(s.id))
            .collect();
        let Some(first) = dates.iter().min_by_key(|e| e.recurrence_id) else {
            continue;
        };
        let uid = format!("series-{}@{domain}", s.id);
        let local = |micros: i64| {
            zoned(micros, &s.timezone)
                .strftime("%Y%m%dT%H%M%S")
                .to_string()
        };
        let start = series_start(s);
        line("BEGIN:VEVENT".into());
        line(format!("UID:{uid}"));
        line(format!(
            "DTSTAMP:{}",
            utc(first.updated_at.unwrap_or(first.created_at))
        ));
        line(format!("DTSTART;TZID={}:{}", s.timezone, s.first_start));
        line(format!(
            "DTEND;TZID={}:{}",
            s.timezone,
            local(start + s.duration)
        ));
        line(format!("RRULE:{}", s.rule));
        for e in dates.iter().filter(|e| e.status == EventStatus::Cancelled) {
            if let Some(r) = e.recurrence_id {
                line(format!("EXDATE;TZID={}:{}", s.timezone, local(r)));
            }
        }
        details(first, &url_of(first), &mut line);
        line("END:VEVENT".into());
        for e in dates.iter().filter(|e| e.status != EventStatus::Cancelled) {
            let Some(r) = e.recurrence_id else { continue };
            line("BEGIN:VEVENT".into());
            line(format!("UID:{uid}"));
            line(format!("RECURRENCE-ID;TZID={}:{}", s.timezone, local(r)));
            times(e, &mut line);
            details(e, &url_of(e), &mut line);
            line("END:VEVENT".into());
        }
    }
    for e in events.iter().filter(|e| in_series(e).is_none()) {
        line("BEGIN:VEVENT".into());
        line(format!("UID:event-{}@{domain}", e.id));
        times(e, &mut line);
        details(e, &url_of(e), &mut line);
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn times(e: &Event, line: &mut impl FnMut(String)) {
    line(format!(
        "DTSTAMP:{}",
        utc(e.updated_at.unwrap_or(e.created_at))
    ));
    line(format!("DTSTART:{}", utc(e.starts_at)));
    line(format!("DTEND:{}", utc(e.ends_at)));
}

/// What an event says, after its times.
fn details(e: &Event, url: &str, line: &mut impl FnMut(String)) {
    line(format!("SUMMARY:{}", text(&e.title)));
    if !e.description_source.is_empty() {
        line(format!("DESCRIPTION:{}", text(&e.description_source)));
    }
    let location = [
        e.place_name.as_deref(),
        e.place_address.as_deref(),
        e.online_url.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    if !location.is_empty() {
        line(format!("LOCATION:{}", text(&location)));
    }
    if let (Some(lat), Some(lon)) = (e.latitude, e.longitude) {
        line(format!("GEO:{lat};{lon}"));
    }
    line(format!("URL:{url}"));
    line(format!(
        "STATUS:{}",
        match e.status {
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Cancelled => "CANCELLED",
        }
    ));
    line(format!(
        "SEQUENCE:{}",
        e.updated_at.map_or(0, |u| (u / 1_000_000) % 1_000_000_000)
    ));
    line(format!("X-AGORA-TIMEZONE:{}", text(&e.timezone)));
}

fn zoned(micros: i64, timezone: &str) -> Zoned {
    Timestamp::from_microsecond(micros)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(TimeZone::get(timezone).unwrap_or(TimeZone::UTC))
}

/// The first start of a series, in UTC microseconds.
fn series_start(s: &Series) -> i64 {
    jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", &s.first_start)
        .ok()
        .and_then(|d| d.to_zoned(TimeZone::get(&s.timezone).ok()?).ok())
        .map_or(0, |z| z.timestamp().as_microsecond())
}

/// `+0100`, `-0430`
fn offset(o: Offset) -> String {
    let seconds = o.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// A VTIMEZONE for `name` covering `dates` (a year before the first to
/// three years after the last): the offset in effect at the start, then
/// each change, as explicit observances (no rules to get wrong).
fn vtimezone(name: &str, dates: impl Iterator<Item = i64>, line: &mut impl FnMut(String)) {
    let Ok(tz) = TimeZone::get(name) else { return };
    let (mut low, mut high) = (i64::MAX, i64::MIN);
    for d in dates {
        low = low.min(d);
        high = high.max(d);
    }
    const YEAR: i64 = 366 * 24 * 3600 * 1_000_000;
    let (Ok(from), Ok(to)) = (
        Timestamp::from_microsecond(low.saturating_sub(YEAR)),
        Timestamp::from_microsecond(high.saturating_add(3 * YEAR)),
    ) else {
        return;
    };
    let observance = |at: Timestamp, before: Offset, line: &mut dyn FnMut(String)| {
        let info = tz.to_offset_info(at);
        let kind = if info.dst().is_dst() {
            "DAYLIGHT"
        } else {
            "STANDARD"
        };
        line(format!("BEGIN:{kind}"));
        line(format!(
            "DTSTART:{}",
            at.to_zoned(TimeZone::fixed(before))
                .strftime("%Y%m%dT%H%M%S")
        ));
        line(format!("TZOFFSETFROM:{}", offset(before)));
        line(format!("TZOFFSETTO:{}", offset(info.offset())));
        line(format!("TZNAME:{}", text(info.abbreviation())));
        line(format!("END:{kind}"));
    };
    line("BEGIN:VTIMEZONE".into());
    line(format!("TZID:{name}"));
    let at_start = tz.to_offset(from);
    observance(from, at_start, line);
    for change in tz
        .following(from)
        .take_while(|t| t.timestamp() <= to)
        .take(16)
    {
        let before = tz.to_offset(change.timestamp() - jiff::SignedDuration::from_secs(1));
        observance(change.timestamp(), before, line);
    }
    line("END:VTIMEZONE".into());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(60)), &mut out);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "é".repeat(60))
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
