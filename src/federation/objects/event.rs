//! `Event` (Mobilizon's and FEP-8a8e's shape): [`Event`] as other
//! servers send it, [`SentEvent`] as Agora sends it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::post::{Audience, SentSource};
use super::{first_language, language_map, list, micros, text};
use crate::db::format_time;
use crate::error::{AppError, AppResult};
use crate::events::{EventStatus, RemoteEvent};

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
    /// Mobilizon's: it takes place online (the link may come apart, in a
    /// direct message to participants).
    #[serde(default)]
    pub is_online: Option<Value>,
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
            is_online: self.is_online.as_ref().and_then(Value::as_bool) == Some(true),
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

/// A link in an `attachment` (an event's online meeting, in the direct
/// message that carries it).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentLink {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: &'static str,
    pub href: String,
    pub media_type: &'static str,
}

/// Where an event takes place.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentPlace {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub address: PostalAddress,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

/// schema.org's address, as Mobilizon reads it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub street_address: String,
}

/// An `Event` as Agora sends and serves it: Mobilizon's terms for how to
/// join and how many may, iCalendar's status, attributed to the organiser
/// (`organizer` too) in the audience of the space's group.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentEvent {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub content: String,
    pub media_type: &'static str,
    pub source: SentSource,
    pub start_time: String,
    pub end_time: String,
    pub timezone: String,
    /// The organiser: Lemmy takes an object only from the person it is
    /// attributed to (the `Create`'s actor). The group is its `audience`.
    pub attributed_to: String,
    pub organizer: String,
    pub audience: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub url: String,
    pub content_map: BTreeMap<String, String>,
    pub join_mode: &'static str,
    pub status: &'static str,
    pub participant_count: i64,
    pub published: String,
    pub anonymous_participation_enabled: bool,
    pub comments_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_attendee_capacity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_attendee_capacity: Option<i64>,
    /// Mobilizon's: the event takes place online. The link itself is for
    /// participants only and never in the public `Event`: those of other
    /// instances get it in a direct message once accepted
    /// (`publish::events::meeting_link`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_online: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<SentPlace>,
}

impl SentEvent {
    /// The `Event` of `event`, served at `id`, organised by `organiser`,
    /// with `going` participants.
    pub fn sent(
        event: &crate::events::Event,
        id: String,
        audience: Audience,
        organiser: String,
        going: i64,
    ) -> SentEvent {
        let location =
            (event.place_name.is_some() || event.place_address.is_some()).then(|| SentPlace {
                kind: "Place",
                name: event.place_name.clone().unwrap_or_default(),
                address: PostalAddress {
                    kind: "PostalAddress",
                    street_address: event.place_address.clone().unwrap_or_default(),
                },
                latitude: event.latitude.filter(|_| event.longitude.is_some()),
                longitude: event.longitude.filter(|_| event.latitude.is_some()),
            });
        SentEvent {
            url: id.clone(),
            id,
            kind: "Event",
            name: event.title.clone(),
            content: event.description_html.clone(),
            media_type: "text/html",
            source: SentSource::markdown(event.description_source.clone()),
            start_time: format_time(event.starts_at),
            end_time: format_time(event.ends_at),
            timezone: event.timezone.clone(),
            attributed_to: organiser.clone(),
            organizer: organiser,
            to: vec![audience.group.clone(), crate::federation::PUBLIC.into()],
            audience: audience.group,
            cc: audience.followers.into_iter().collect(),
            content_map: BTreeMap::from([(event.language.clone(), event.description_html.clone())]),
            join_mode: event.join_mode.as_str(),
            status: match event.status {
                EventStatus::Confirmed => "CONFIRMED",
                EventStatus::Tentative => "TENTATIVE",
                EventStatus::Cancelled => "CANCELLED",
            },
            participant_count: going,
            published: format_time(event.created_at),
            anonymous_participation_enabled: false,
            comments_enabled: true,
            updated: event.updated_at.map(format_time),
            maximum_attendee_capacity: event.capacity,
            remaining_attendee_capacity: event.capacity.map(|c| (c - going).max(0)),
            is_online: event.online_url.is_some(),
            location,
        }
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
    fn a_sent_event_is_read_back_as_the_same_event() {
        let event = crate::events::Event {
            id: 1,
            space_id: 2,
            organiser_id: 3,
            ap_id: None,
            title: "Webinar".into(),
            description_source: "Bring *questions*".into(),
            description_html: "<p>Bring <em>questions</em></p>".into(),
            starts_at: 1_900_000_000_000_000,
            ends_at: 1_900_003_600_000_000,
            timezone: "Africa/Kinshasa".into(),
            online_url: Some("https://meet.test/w".into()),
            place_name: Some("Salle 3".into()),
            place_address: Some("1 avenue de la Paix".into()),
            latitude: Some(-4.3),
            longitude: Some(15.3),
            capacity: Some(10),
            join_mode: crate::events::JoinMode::Restricted,
            waitlist: 0,
            language: "fr".into(),
            status: EventStatus::Tentative,
            created_at: 1_800_000_000_000_000,
            updated_at: None,
            series_id: None,
            recurrence_id: None,
        };
        let audience = Audience {
            group: "https://a.test/spaces/talks".into(),
            followers: Some("https://a.test/spaces/talks/followers".into()),
        };
        let sent = SentEvent::sent(
            &event,
            "https://a.test/events/1".into(),
            audience,
            "https://a.test/users/amina".into(),
            4,
        );
        let json = super::super::value(&sent);
        assert_eq!(json["remainingAttendeeCapacity"], 6);
        assert_eq!(json["status"], "TENTATIVE");
        // Lemmy takes an object only from whom it is attributed to: the
        // organiser, who is the Create's actor; the group is the audience.
        assert_eq!(json["attributedTo"], "https://a.test/users/amina");
        assert_eq!(json["organizer"], "https://a.test/users/amina");
        assert_eq!(json["audience"], "https://a.test/spaces/talks");
        assert!(json.get("updated").is_none());
        let received = read::<Event>("Event", &json).unwrap().received().unwrap();
        assert_eq!(received.title, "Webinar");
        assert_eq!(
            (received.starts_at, received.ends_at),
            (event.starts_at, event.ends_at)
        );
        assert_eq!(received.timezone.as_deref(), Some("Africa/Kinshasa"));
        assert_eq!(received.join_mode.as_deref(), Some("restricted"));
        assert_eq!(received.capacity, Some(10));
        // The link is for participants: the public `Event` only says there is one.
        assert_eq!(json["isOnline"], true);
        assert!(!json.to_string().contains("meet.test"), "{json}");
        assert_eq!(received.online_url, None);
        assert!(received.is_online);
        assert_eq!(
            received.place_address.as_deref(),
            Some("1 avenue de la Paix")
        );
        assert_eq!(
            (received.latitude, received.longitude),
            (Some(-4.3), Some(15.3))
        );
        assert_eq!(received.language.as_deref(), Some("fr"));
    }

    #[test]
    fn an_event_without_a_start_is_refused_by_name() {
        let event: Event =
            read("Event", &json!({"id": "https://m.test/e/1", "name": "x"})).unwrap();
        let error = event.received().unwrap_err();
        assert!(error.to_string().contains("startTime"), "{error}");
    }
}
