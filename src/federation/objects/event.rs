//! `Event` (Mobilizon's and FEP-8a8e's shape).

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{first_language, language_map, list, micros, text};
use crate::error::{AppError, AppResult};
use crate::events::RemoteEvent;

/// An `Event` as another server sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(default, deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "language_map")]
    pub content_map: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "text")]
    pub start_time: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub end_time: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub timezone: Option<String>,
    /// `CONFIRMED`, `TENTATIVE` or `CANCELLED` (iCalendar's words).
    #[serde(default, deserialize_with = "text")]
    pub status: Option<String>,
    /// Mobilizon's `free`, `restricted` or `invite`.
    #[serde(default, deserialize_with = "text")]
    pub join_mode: Option<String>,
    #[serde(default)]
    pub maximum_attendee_capacity: Option<Value>,
    #[serde(default, deserialize_with = "list")]
    pub attachment: Vec<Value>,
    #[serde(default)]
    pub location: Option<Value>,
}

fn bad(message: &str) -> AppError {
    AppError::BadRequest(format!("Event: {message}"))
}

impl Event {
    /// What the events module stores of it.
    pub fn received(self) -> AppResult<RemoteEvent> {
        let id = self.id.ok_or_else(|| bad("no id"))?;
        let time = |field: &str, value: Option<&str>| {
            micros(value).ok_or_else(|| bad(&format!("{field} is not a time")))
        };
        let starts_at = time("startTime", self.start_time.as_deref())?;
        let ends_at = match self.end_time.as_deref() {
            None | Some("") => starts_at,
            end => time("endTime", end)?,
        };
        let location = self.location.as_ref();
        let place_text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
        let coordinate = |field: &str| location.and_then(|l| l.get(field)).and_then(Value::as_f64);
        Ok(RemoteEvent {
            ap_id: id,
            title: self.name.unwrap_or_default(),
            content_html: self.content.unwrap_or_default(),
            starts_at,
            ends_at,
            timezone: self.timezone,
            status: self.status,
            join_mode: self.join_mode,
            capacity: self
                .maximum_attendee_capacity
                .as_ref()
                .and_then(Value::as_i64),
            online_url: self
                .attachment
                .iter()
                .find_map(|a| a.get("href").and_then(Value::as_str))
                .map(str::to_owned),
            place_name: place_text(location.and_then(|l| l.get("name"))),
            place_address: place_text(
                location
                    .and_then(|l| l.get("address"))
                    .and_then(|a| a.get("streetAddress").or(Some(a))),
            ),
            latitude: coordinate("latitude"),
            longitude: coordinate("longitude"),
            language: first_language(self.content_map.as_ref()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use serde_json::json;

    #[test]
    fn a_mobilizon_event_reads_with_its_place_and_link() {
        let event: Event = read(
            "Event",
            &json!({
                "id": "https://m.test/events/1", "type": "Event", "name": "Hearing",
                "startTime": "2030-01-01T10:00:00Z", "status": "CANCELLED",
                "maximumAttendeeCapacity": 30, "joinMode": "restricted",
                "attachment": [{"type": "Link", "name": "online", "href": "https://meet.test/x"}],
                "location": {"type": "Place", "name": "Court", "latitude": 4.3,
                             "address": {"type": "PostalAddress", "streetAddress": "1 Rue"}},
                "contentMap": {"fr": "<p>x</p>"}
            }),
        )
        .unwrap();
        let event = event.received().unwrap();
        assert_eq!(event.ends_at, event.starts_at, "no end: a moment");
        assert_eq!(event.capacity, Some(30));
        assert_eq!(event.online_url.as_deref(), Some("https://meet.test/x"));
        assert_eq!(event.place_name.as_deref(), Some("Court"));
        assert_eq!(event.place_address.as_deref(), Some("1 Rue"));
        assert_eq!(event.latitude, Some(4.3));
        assert_eq!(event.language.as_deref(), Some("fr"));
    }

    #[test]
    fn an_event_without_a_start_is_refused_by_name() {
        let event: Event =
            read("Event", &json!({"id": "https://m.test/e/1", "name": "x"})).unwrap();
        let error = event.received().unwrap_err();
        assert!(error.to_string().contains("startTime"), "{error}");
    }
}
