//! iCalendar (RFC 5545) for events: one event, a space's events, and a
//! member's personal feed (behind a secret token).
//!
//! Times are written in UTC (`DTSTART:20260329T080000Z`), which every
//! calendar application reads and shows in its user's zone, so a
//! daylight-saving change between now and the event cannot shift it. The
//! event's own zone is kept in `X-AGORA-TIMEZONE` for reference.

use jiff::Timestamp;

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
pub fn calendar(
    name: &str,
    events: &[Event],
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
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:event-{}@{domain}", e.id));
        line(format!(
            "DTSTAMP:{}",
            utc(e.updated_at.unwrap_or(e.created_at))
        ));
        line(format!("DTSTART:{}", utc(e.starts_at)));
        line(format!("DTEND:{}", utc(e.ends_at)));
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
        line(format!("URL:{}", url_of(e)));
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
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
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
