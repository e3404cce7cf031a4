//! Event times as people read them: in the viewer's zone (a signed-in
//! member's, from their profile) with the event's own beside them when the
//! clocks differ; visitors, and members without a zone, read the event's
//! zone, as its organiser set it.

use crate::events::{EventStatus, EventView, ParticipantState};
use crate::web::Ctx;
use crate::web::i18n::Tr;

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

#[cfg(test)]
mod tests {
    use super::super::event_form::local_input;
    use super::*;
    use crate::events::JoinMode;
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
