//! The event form: its values when shown (empty, or the event's own when
//! changing it, or as typed when refused) and as sent back, every field
//! text, turned into the events module's `NewEvent` and `EventChange`.

use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::events::{EventChange, EventStatus, EventView, JoinMode, NewEvent, series};
use crate::web::field_errors::{FieldErrors, Refusable};
use crate::web::zones::{self, ZoneChoice};

/// The domain's refusals the form shows next to a field.
const REFUSABLE: [Refusable; 16] = [
    ("title", "title", "event-error-title"),
    ("description", "description", "event-error-description"),
    ("starts_at", "starts_at", "event-error-date"),
    ("ends_at", "ends_at", "event-error-ends"),
    ("timezone", "timezone", "form-error-timezone"),
    ("online_url", "online_url", "event-error-online"),
    ("place_name", "place_name", "form-error-too-long"),
    ("place_address", "place_address", "form-error-too-long"),
    ("latitude/longitude", "latitude", "event-error-coordinates"),
    ("capacity", "capacity", "event-error-capacity"),
    ("guests", "guests", "event-error-guests"),
    ("language", "language", "event-error-language"),
    ("status", "status", "form-error-choice"),
    ("join_mode", "join_mode", "form-error-choice"),
    ("repeat", "repeat_rule", "event-error-repeat"),
    ("repeat_until", "repeat_until", "event-error-repeat-until"),
];

/// The repeat choices of a new event's form (`none` first).
const REPEATS: [&str; 5] = [
    "none",
    "weekly",
    "fortnightly",
    "monthly-weekday",
    "monthly-day",
];

/// What a `datetime-local` input shows for a time in the event's zone.
pub(super) fn local_input(zoned: &str) -> String {
    zoned
        .parse::<jiff::Zoned>()
        .map(|z| z.strftime("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// The values of the event form: empty for a new event, the event's own
/// when changing one. Both pages include `event_fields.html` with it.
pub struct EventFields {
    /// Keeps the ids of the two forms apart.
    pub prefix: &'static str,
    /// Changing an event: an emptied number keeps what the event had.
    pub editing: bool,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub zone: ZoneChoice,
    pub online_url: String,
    pub place_name: String,
    pub place_address: String,
    pub latitude: String,
    pub longitude: String,
    pub capacity: String,
    pub join_mode: JoinMode,
    pub waitlist: bool,
    pub guests: bool,
    pub language: String,
    pub status: EventStatus,
    pub modes: [JoinMode; 3],
    /// A new event cannot start cancelled.
    pub statuses: Vec<EventStatus>,
    /// A new event may start a series (one of [`REPEATS`], until a date,
    /// or an RRULE of one's own).
    pub repeat: String,
    pub repeat_until: String,
    pub repeat_rule: String,
    pub repeats: [&'static str; 5],
    /// What the server refused, after sending.
    pub errors: FieldErrors,
}

impl EventFields {
    /// An empty form, in the member's own zone (`own_zone`; else UTC).
    pub(super) fn new(language: &str, own_zone: Option<&str>) -> Self {
        let zone = ZoneChoice::new("UTC", own_zone);
        let chosen = zone.own.clone().unwrap_or_else(|| "UTC".into());
        EventFields {
            prefix: "new",
            editing: false,
            title: String::new(),
            description: String::new(),
            starts_at: String::new(),
            ends_at: String::new(),
            zone: ZoneChoice {
                selected: chosen,
                ..zone
            },
            online_url: String::new(),
            place_name: String::new(),
            place_address: String::new(),
            latitude: String::new(),
            longitude: String::new(),
            capacity: String::new(),
            join_mode: JoinMode::Free,
            waitlist: true,
            guests: false,
            language: language.to_owned(),
            status: EventStatus::Confirmed,
            modes: [JoinMode::Free, JoinMode::Restricted, JoinMode::Invite],
            statuses: vec![EventStatus::Confirmed, EventStatus::Tentative],
            repeat: "none".into(),
            repeat_until: String::new(),
            repeat_rule: String::new(),
            repeats: REPEATS,
            errors: FieldErrors::new("new"),
        }
    }

    pub(super) fn of(e: &EventView, own_zone: Option<&str>) -> Self {
        let place = e.place.as_ref();
        let text = |v: Option<&String>| v.cloned().unwrap_or_default();
        let number = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
        EventFields {
            prefix: "edit",
            editing: true,
            title: e.title.clone(),
            description: e.description.clone(),
            starts_at: local_input(&e.starts_local),
            ends_at: local_input(&e.ends_local),
            zone: ZoneChoice::new(&e.timezone, own_zone),
            online_url: text(e.online_url.as_ref()),
            place_name: text(place.and_then(|p| p.name.as_ref())),
            place_address: text(place.and_then(|p| p.address.as_ref())),
            latitude: number(place.and_then(|p| p.latitude)),
            longitude: number(place.and_then(|p| p.longitude)),
            capacity: e.capacity.map(|c| c.to_string()).unwrap_or_default(),
            join_mode: e.join_mode,
            waitlist: e.waitlist,
            guests: e.guests,
            status: e.status,
            statuses: vec![
                EventStatus::Confirmed,
                EventStatus::Tentative,
                EventStatus::Cancelled,
            ],
            errors: FieldErrors::new("edit"),
            ..EventFields::new(&e.language, own_zone)
        }
    }

    /// The form as it was sent, with what was wrong with it: shown again
    /// so that nothing typed is lost. `base` is the form as first shown
    /// (empty, or the event's), for what the form does not send.
    pub(super) fn typed(base: Self, form: EventForm, errors: FieldErrors) -> Self {
        let own = base.zone.own.clone();
        EventFields {
            title: form.title,
            description: form.description,
            starts_at: form.starts_at,
            ends_at: form.ends_at,
            zone: ZoneChoice::new(&form.timezone, own.as_deref()),
            online_url: form.online_url,
            place_name: form.place_name,
            place_address: form.place_address,
            latitude: form.latitude,
            longitude: form.longitude,
            capacity: form.capacity,
            join_mode: form.join_mode.unwrap_or(base.join_mode),
            waitlist: form.waitlist.is_some(),
            guests: form.guests.is_some(),
            language: form.language,
            status: form.status.unwrap_or(base.status),
            repeat: form.repeat,
            repeat_until: form.repeat_until,
            repeat_rule: form.repeat_rule,
            errors,
            ..base
        }
    }

    /// Whether the form should be open: it was refused.
    pub fn refused(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn mode_is(&self, mode: &JoinMode) -> bool {
        self.join_mode == *mode
    }

    pub fn status_is(&self, status: &EventStatus) -> bool {
        self.status == *status
    }

    pub fn repeat_is(&self, choice: &&str) -> bool {
        self.repeat == *choice
    }
}

/// The event form as sent: every field text, as browsers send them.
#[derive(Deserialize, Clone)]
pub(super) struct EventForm {
    title: String,
    #[serde(default)]
    description: String,
    starts_at: String,
    ends_at: String,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    online_url: String,
    #[serde(default)]
    place_name: String,
    #[serde(default)]
    place_address: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    capacity: String,
    join_mode: Option<JoinMode>,
    /// A checkbox: present when ticked.
    waitlist: Option<String>,
    #[serde(default)]
    guests: Option<String>,
    #[serde(default)]
    language: String,
    status: Option<EventStatus>,
    /// A new event: `none` or a choice of [`REPEATS`].
    #[serde(default)]
    repeat: String,
    /// A date (`2026-12-31`): the last day of the series.
    #[serde(default)]
    repeat_until: String,
    /// An iCalendar RRULE, instead of a choice.
    #[serde(default)]
    repeat_rule: String,
}

/// An optional text field: empty means not given.
fn filled(value: String) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// An optional number field; a decimal comma (`50,85`) reads as a point.
fn number<T: std::str::FromStr>(field: &str, value: &str) -> AppResult<Option<T>> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .replace(',', ".")
        .parse()
        .map(Some)
        .map_err(|_| AppError::invalid(format!("{field}: \"{value}\" is not a number")))
}

impl EventForm {
    fn timezone(&self) -> String {
        filled(self.timezone.clone()).unwrap_or_else(|| "UTC".into())
    }

    /// What the page can tell before the domain sees the form: every
    /// field it reads as typed (the zone, the dates, the numbers), all at
    /// once, so one sending shows every mistake.
    pub(super) fn check(&self, prefix: &'static str) -> FieldErrors {
        let mut errors = FieldErrors::new(prefix);
        if !zones::is_known(&self.timezone()) {
            errors.add("timezone", "form-error-timezone");
        }
        let is_time = |value: &str| {
            let value = value.trim();
            value.parse::<jiff::civil::DateTime>().is_ok()
                || value.parse::<jiff::Timestamp>().is_ok()
        };
        if !is_time(&self.starts_at) {
            errors.add("starts_at", "event-error-date");
        }
        if !is_time(&self.ends_at) {
            errors.add("ends_at", "event-error-date");
        }
        for (field, value) in [("latitude", &self.latitude), ("longitude", &self.longitude)] {
            if number::<f64>(field, value).is_err() {
                errors.add(field, "event-error-number");
            }
        }
        if number::<i64>("capacity", &self.capacity).is_err() {
            errors.add("capacity", "event-error-capacity");
        }
        let until = self.repeat_until.trim();
        if !until.is_empty() && until.parse::<jiff::civil::Date>().is_err() {
            errors.add("repeat_until", "event-error-repeat-until");
        }
        errors
    }

    /// The domain's refusal as a message next to its field, if it is
    /// about one.
    pub(super) fn refusal(prefix: &'static str, error: &AppError) -> Option<FieldErrors> {
        FieldErrors::from_refusal(prefix, error, &REFUSABLE)
    }

    /// The RRULE the repeat fields ask for, if any: one's own, or the
    /// choice read from the local date of the start.
    fn repeat(&self) -> AppResult<Option<String>> {
        if let Some(rule) = filled(self.repeat_rule.clone()) {
            return Ok(Some(rule));
        }
        let choice = self.repeat.trim();
        if choice.is_empty() || choice == "none" {
            return Ok(None);
        }
        let date = |field: &str, value: &str| {
            value.get(..10).and_then(|d| d.parse().ok()).ok_or_else(|| {
                AppError::invalid(format!(
                    "{field}: \"{value}\" is not a date such as 2026-12-31"
                ))
            })
        };
        let first = date("starts_at", &self.starts_at)?;
        let timezone = self.timezone();
        let until = match filled(self.repeat_until.clone()) {
            Some(until) => Some((date("repeat_until", &until)?, timezone.as_str())),
            None => None,
        };
        series::preset(choice, first, until).map(Some)
    }

    pub(super) fn into_new(self) -> AppResult<NewEvent> {
        Ok(NewEvent {
            repeat: self.repeat()?,
            timezone: self.timezone(),
            latitude: number("latitude", &self.latitude)?,
            longitude: number("longitude", &self.longitude)?,
            capacity: number("capacity", &self.capacity)?,
            waitlist: Some(self.waitlist.is_some()),
            guests: Some(self.guests.is_some()),
            title: self.title,
            description: self.description,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            online_url: filled(self.online_url),
            place_name: filled(self.place_name),
            place_address: filled(self.place_address),
            join_mode: self.join_mode,
            language: filled(self.language),
            status: self.status,
        })
    }

    /// Every field is sent, so every field is set; an emptied text field
    /// clears what it held.
    pub(super) fn into_change(self) -> AppResult<EventChange> {
        Ok(EventChange {
            timezone: Some(self.timezone()),
            latitude: number("latitude", &self.latitude)?,
            longitude: number("longitude", &self.longitude)?,
            capacity: number("capacity", &self.capacity)?,
            waitlist: Some(self.waitlist.is_some()),
            guests: Some(self.guests.is_some()),
            title: Some(self.title),
            description: Some(self.description),
            starts_at: Some(self.starts_at),
            ends_at: Some(self.ends_at),
            online_url: Some(self.online_url),
            place_name: Some(self.place_name),
            place_address: Some(self.place_address),
            join_mode: self.join_mode,
            language: filled(self.language),
            status: self.status,
        })
    }
}
