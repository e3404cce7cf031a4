//! A direct message: a `Note` addressed to one person only (no `Public`,
//! no followers), mentioning them, which is how Mastodon and its kin tell
//! a direct message from a post. Agora sends one kind: an event's online
//! link to a remote participant whose registration was accepted (the
//! public `Event` does not carry it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::event::SentLink;
use super::{list, reference, references};

/// A `Note` as another server sends it, read for what makes it an event's
/// online link: `context` (the event), an `attachment` `Link`, `to`.
#[derive(Debug, Deserialize)]
pub struct LinkNote {
    #[serde(default, deserialize_with = "reference")]
    pub context: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub attachment: Vec<Value>,
    #[serde(default, deserialize_with = "references")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "references")]
    pub cc: Vec<String>,
}

impl LinkNote {
    /// The event and the link, when it is a direct message (no `Public`)
    /// about an event with a link.
    pub fn event_and_link(&self) -> Option<(&str, &str)> {
        let public = self
            .to
            .iter()
            .chain(&self.cc)
            .any(|a| a == crate::federation::PUBLIC || a == "as:Public" || a == "Public");
        let link = self.attachment.iter().find_map(|a| {
            (a.get("type").and_then(Value::as_str) == Some("Link"))
                .then(|| a.get("href").and_then(Value::as_str))
                .flatten()
        })?;
        (!public).then_some((self.context.as_deref()?, link))
    }
}

/// A `Mention` of the one addressee.
#[derive(Clone, Debug, Serialize)]
pub struct SentMention {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub href: String,
    pub name: String,
}

/// A `Note` to one person.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentDirectNote {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub attributed_to: String,
    pub to: Vec<String>,
    /// What the message is about (the event's id): also what the outbox
    /// checks, so that nothing of a private space goes out.
    pub context: String,
    pub content: String,
    pub content_map: BTreeMap<String, String>,
    pub media_type: &'static str,
    pub published: String,
    pub tag: Vec<SentMention>,
    /// The link itself, as the `Event` would have carried it.
    pub attachment: Vec<SentLink>,
}

/// What the message of a meeting link says, already in the event's
/// language.
pub struct LinkMessage<'a> {
    /// The sentence before the link ("The online link for “Hearing”:").
    pub sentence: &'a str,
    pub language: &'a str,
    pub event_url: &'a str,
    pub link: &'a str,
}

impl SentDirectNote {
    /// `from` tells `to` (whose handle is `handle`) the online link of an
    /// event.
    pub fn meeting_link(
        id: String,
        from: String,
        to: String,
        handle: &str,
        message: &LinkMessage,
    ) -> SentDirectNote {
        let escape = crate::markdown::escape_html;
        let mention = format!("@{handle}");
        let content = format!(
            "<p><span class=\"h-card\"><a href=\"{to}\" class=\"u-url mention\">{}</a></span> \
             {} <a href=\"{link}\">{link}</a></p><p><a href=\"{event}\">{event}</a></p>",
            escape(&mention),
            escape(message.sentence),
            to = escape(&to),
            link = escape(message.link),
            event = escape(message.event_url),
        );
        SentDirectNote {
            id,
            kind: "Note",
            attributed_to: from,
            tag: vec![SentMention {
                kind: "Mention",
                href: to.clone(),
                name: mention,
            }],
            to: vec![to],
            context: message.event_url.to_owned(),
            content_map: BTreeMap::from([(message.language.to_owned(), content.clone())]),
            content,
            media_type: "text/html",
            published: crate::db::format_time(crate::db::now()),
            attachment: vec![SentLink {
                kind: "Link",
                name: "online",
                href: message.link.to_owned(),
                media_type: "text/html",
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_link_goes_to_its_addressee_alone() {
        let note = SentDirectNote::meeting_link(
            "https://a.test/activities/note/1".into(),
            "https://a.test/users/amina".into(),
            "https://b.test/users/bo".into(),
            "bo@b.test",
            &LinkMessage {
                sentence: "The online link for “A<B”:",
                language: "fr",
                event_url: "https://a.test/events/7",
                link: "https://meet.test/x?a=1&b=2",
            },
        );
        let json = super::super::value(&note);
        assert_eq!(json["type"], "Note");
        assert_eq!(json["to"], serde_json::json!(["https://b.test/users/bo"]));
        assert!(json.get("cc").is_none());
        assert_eq!(json["tag"][0]["type"], "Mention");
        assert_eq!(json["tag"][0]["href"], "https://b.test/users/bo");
        assert_eq!(json["context"], "https://a.test/events/7");
        assert_eq!(json["attachment"][0]["href"], "https://meet.test/x?a=1&b=2");
        let content = json["content"].as_str().unwrap();
        assert!(content.contains("A&lt;B"), "{content}");
        assert!(
            content.contains("https://meet.test/x?a=1&amp;b=2"),
            "{content}"
        );
        assert!(!content.contains("Public"), "{content}");
        assert_eq!(json["contentMap"]["fr"], json["content"]);
        let read: LinkNote = super::super::read("Note", &json).unwrap();
        assert_eq!(
            read.event_and_link(),
            Some(("https://a.test/events/7", "https://meet.test/x?a=1&b=2"))
        );
        let mut public = json.clone();
        public["cc"] = serde_json::json!([crate::federation::PUBLIC]);
        let read: LinkNote = super::super::read("Note", &public).unwrap();
        assert_eq!(read.event_and_link(), None, "not a direct message");
    }
}
