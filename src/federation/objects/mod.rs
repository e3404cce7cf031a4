//! AS2 objects as serde types, and their conversions to and from the
//! domain's own values, named by direction: `received` turns what another
//! server sent into the value a domain function stores.
//!
//! Servers differ in what they put in a field (a string, a `Link`, a list
//! of either, a language map). The readers here accept each form a real
//! server sends and treat anything else as absent, as the untyped code
//! before them did; what must be there is checked in `received`, with a
//! message naming the field.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use crate::error::AppError;

pub mod activity;
pub mod actor;
pub mod attachment;
pub mod card;
pub mod collection;
pub mod direct;
pub mod document;
pub mod event;
pub mod post;
mod text;
pub mod tombstone;

/// A text field, or `None` when absent or not text.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| match v {
        Value::String(s) => Some(s),
        _ => None,
    }))
}

/// The id of what a field names: a URL, an object with an `id`, or a list
/// of them (the first counts).
pub fn id_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(map) => map.get("id").and_then(Value::as_str),
        Value::Array(items) => items.first().and_then(id_of),
        _ => None,
    }
}

/// One reference (`actor`, `inReplyTo`, `target`), as [`id_of`] reads it.
fn reference<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.as_ref().and_then(id_of).map(str::to_owned))
}

/// Every reference of an addressing field (`to`, `cc`, `audience`,
/// `attributedTo`): one or a list, each a URL or an object with an id.
fn references<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(Value::Array(items)) => items.iter().filter_map(id_of).map(str::to_owned).collect(),
        Some(other) => id_of(&other).map(str::to_owned).into_iter().collect(),
        None => Vec::new(),
    })
}

/// A yes or no, or `None` when absent or not a boolean.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| v.as_bool()))
}

/// A language map (`contentMap`, `nameMap`), or `None` when absent or not
/// a map.
fn language_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Map<String, Value>>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.and_then(|v| match v {
        Value::Object(map) => Some(map),
        _ => None,
    }))
}

/// The first language a map names.
fn first_language(map: Option<&Map<String, Value>>) -> Option<String> {
    map.and_then(|m| m.keys().next().cloned())
}

/// A link as servers write it: a URL, a `Link` (`href`, `mediaType`), or a
/// list of them (the first counts).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    pub href: Option<String>,
    pub media_type: Option<String>,
}

impl Link {
    fn of(value: &Value) -> Link {
        match value {
            Value::String(href) => Link {
                href: Some(href.clone()),
                media_type: None,
            },
            Value::Object(map) => Link {
                href: map.get("href").and_then(Value::as_str).map(str::to_owned),
                media_type: map
                    .get("mediaType")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            },
            Value::Array(items) => items.first().map(Link::of).unwrap_or_default(),
            _ => Link::default(),
        }
    }
}

fn link<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Link, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(value.as_ref().map(Link::of).unwrap_or_default())
}

/// A tag or attachment list: a list, one object, or absent.
fn list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Value>, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(Value::Array(items)) => items,
        Some(Value::Object(map)) => vec![Value::Object(map)],
        _ => Vec::new(),
    })
}

/// An ISO 8601 time as microseconds, or `None` if absent or unreadable.
fn micros(time: Option<&str>) -> Option<i64> {
    time?
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_microsecond())
}

/// A sent value as JSON. Agora's sent types hold only strings, numbers,
/// lists and maps with string keys, which always serialise.
pub fn value(sent: impl serde::Serialize) -> Value {
    serde_json::to_value(sent).unwrap_or_default()
}

/// Reads `value` as a `T`, or says which kind of object was malformed.
pub fn read<T: for<'de> Deserialize<'de>>(kind: &str, value: &Value) -> Result<T, AppError> {
    T::deserialize(value).map_err(|e| AppError::BadRequest(format!("{kind}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_link_is_read_in_each_form_servers_send() {
        let expected = Link {
            href: Some("https://a.test/f.pdf".into()),
            media_type: Some("application/pdf".into()),
        };
        let as_link =
            json!({"type": "Link", "href": "https://a.test/f.pdf", "mediaType": "application/pdf"});
        assert_eq!(Link::of(&as_link), expected);
        assert_eq!(
            Link::of(&json!([as_link, "https://a.test/other"])),
            expected
        );
        assert_eq!(
            Link::of(&json!("https://a.test/f.pdf")).href.as_deref(),
            Some("https://a.test/f.pdf")
        );
        assert_eq!(Link::of(&json!(7)), Link::default());
    }

    #[test]
    fn references_are_read_in_each_form_servers_send() {
        #[derive(Deserialize)]
        struct Addressed {
            #[serde(default, deserialize_with = "references")]
            to: Vec<String>,
            #[serde(default, deserialize_with = "reference")]
            actor: Option<String>,
        }
        let read = |value: Value| serde_json::from_value::<Addressed>(value).unwrap();
        let one = read(json!({"to": "https://a.test/g", "actor": {"id": "https://a.test/u"}}));
        assert_eq!(one.to, ["https://a.test/g"]);
        assert_eq!(one.actor.as_deref(), Some("https://a.test/u"));
        let many = read(json!({"to": ["https://a.test/g", {"id": "https://b.test/h"}, 3]}));
        assert_eq!(many.to, ["https://a.test/g", "https://b.test/h"]);
        let odd = read(json!({"to": 5, "actor": [7]}));
        assert!(odd.to.is_empty() && odd.actor.is_none());
    }

    #[test]
    fn times_read_as_microseconds() {
        assert_eq!(micros(Some("1970-01-01T00:00:01Z")), Some(1_000_000));
        assert_eq!(micros(Some("yesterday")), None);
        assert_eq!(micros(None), None);
    }
}
