//! A direct message: a `Note` addressed to one person only (no `Public`,
//! no followers), mentioning them, which is how Mastodon and its kin tell
//! a direct message from a post. Agora sends one kind: an event's online
//! link to a remote participant whose registration was accepted (the
//! public `Event` does not carry it), and the organisers' message to the
//! participants of an event.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::event::SentLink;
use super::post::SentSource;
use super::{list, reference, references};

/// A `Note` as another server sends it, read for what makes it an event's
/// online link (`context`, the event; an `attachment` `Link`; `to`) or an
/// organisers' message (`context`; `name`, the subject; `source`, the
/// text).
#[derive(Debug, Deserialize)]
pub struct DirectNote {
    #[serde(default, deserialize_with = "reference")]
    pub context: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub attachment: Vec<Value>,
    #[serde(default, deserialize_with = "references")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "references")]
    pub cc: Vec<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub source: Option<Value>,
}

impl DirectNote {
    fn is_public(&self) -> bool {
        self.to
            .iter()
            .chain(&self.cc)
            .any(|a| a == crate::federation::PUBLIC || a == "as:Public" || a == "Public")
    }

    fn link(&self) -> Option<&str> {
        self.attachment.iter().find_map(|a| {
            (a.get("type").and_then(Value::as_str) == Some("Link"))
                .then(|| a.get("href").and_then(Value::as_str))
                .flatten()
        })
    }

    /// The event and the link, when it is a direct message (no `Public`)
    /// about an event with a link.
    pub fn event_and_link(&self) -> Option<(&str, &str)> {
        let link = self.link()?;
        (!self.is_public()).then_some((self.context.as_deref()?, link))
    }

    /// The event, subject and text, when it is a direct message about an
    /// event with a subject and no link: an organisers' message. The text
    /// is the plain-text `source` (empty without one).
    pub fn event_and_message(&self) -> Option<(&str, &str, &str)> {
        if self.is_public() || self.link().is_some() {
            return None;
        }
        let text = self
            .source
            .as_ref()
            .filter(|s| s.get("mediaType").and_then(Value::as_str) == Some("text/plain"))
            .and_then(|s| s.get("content").and_then(Value::as_str))
            .unwrap_or("");
        Some((self.context.as_deref()?, self.name.as_deref()?, text))
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<SentLink>,
    /// A message's subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A message's text as written (plain text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SentSource>,
}

/// An organisers' message to the participants of an event.
pub struct ParticipantMessage<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub language: &'a str,
    pub event_url: &'a str,
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
        let said = format!(
            "{} <a href=\"{link}\">{link}</a></p><p><a href=\"{event}\">{event}</a></p>",
            escape(message.sentence),
            link = escape(message.link),
            event = escape(message.event_url),
        );
        let mut note = Self::to_one(
            id,
            from,
            to,
            handle,
            message.event_url,
            message.language,
            &said,
        );
        note.attachment = vec![SentLink {
            kind: "Link",
            name: "online",
            href: message.link.to_owned(),
            media_type: "text/html",
        }];
        note
    }

    /// `from` writes to `to`, a participant of an event, what its
    /// organisers wrote to every participant.
    pub fn participant_message(
        id: String,
        from: String,
        to: String,
        handle: &str,
        message: &ParticipantMessage,
    ) -> SentDirectNote {
        let escape = crate::markdown::escape_html;
        let mut said = format!("<strong>{}</strong></p>", escape(message.subject));
        for paragraph in message.body.split("\n\n").filter(|p| !p.trim().is_empty()) {
            said.push_str(&format!(
                "<p>{}</p>",
                escape(paragraph).replace('\n', "<br>")
            ));
        }
        said.push_str(&format!(
            "<p><a href=\"{event}\">{event}</a></p>",
            event = escape(message.event_url)
        ));
        let mut note = Self::to_one(
            id,
            from,
            to,
            handle,
            message.event_url,
            message.language,
            &said,
        );
        note.name = Some(message.subject.to_owned());
        note.source = Some(SentSource {
            content: message.body.to_owned(),
            media_type: "text/plain",
        });
        note
    }

    /// A `Note` to `to` alone, about `context`: the mention, then `said`
    /// (HTML that closes the mention's paragraph).
    fn to_one(
        id: String,
        from: String,
        to: String,
        handle: &str,
        context: &str,
        language: &str,
        said: &str,
    ) -> SentDirectNote {
        let escape = crate::markdown::escape_html;
        let mention = format!("@{handle}");
        let content = format!(
            "<p><span class=\"h-card\"><a href=\"{to}\" class=\"u-url mention\">{}</a></span> {said}",
            escape(&mention),
            to = escape(&to),
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
            context: context.to_owned(),
            content_map: BTreeMap::from([(language.to_owned(), content.clone())]),
            content,
            media_type: "text/html",
            published: crate::db::format_time(crate::db::now()),
            attachment: Vec::new(),
            name: None,
            source: None,
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
        let read: DirectNote = super::super::read("Note", &json).unwrap();
        assert_eq!(
            read.event_and_link(),
            Some(("https://a.test/events/7", "https://meet.test/x?a=1&b=2"))
        );
        let mut public = json.clone();
        public["cc"] = serde_json::json!([crate::federation::PUBLIC]);
        let read: DirectNote = super::super::read("Note", &public).unwrap();
        assert_eq!(read.event_and_link(), None, "not a direct message");
    }

    #[test]
    fn a_participants_message_carries_its_subject_and_text() {
        let note = SentDirectNote::participant_message(
            "https://a.test/activities/note/2".into(),
            "https://a.test/users/amina".into(),
            "https://b.test/users/bo".into(),
            "bo@b.test",
            &ParticipantMessage {
                subject: "Room <changed>",
                body: "Salle 3.\nSecond floor.\n\nBring ID.",
                language: "fr",
                event_url: "https://a.test/events/7",
            },
        );
        let json = super::super::value(&note);
        assert_eq!(json["to"], serde_json::json!(["https://b.test/users/bo"]));
        assert_eq!(json["name"], "Room <changed>");
        assert_eq!(json["source"]["mediaType"], "text/plain");
        assert!(json.get("attachment").is_none(), "no link: {json}");
        let content = json["content"].as_str().unwrap();
        assert!(
            content.contains("<strong>Room &lt;changed&gt;</strong></p><p>Salle 3.<br>Second floor.</p><p>Bring ID.</p>"),
            "{content}"
        );
        let read: DirectNote = super::super::read("Note", &json).unwrap();
        assert_eq!(read.event_and_link(), None);
        assert_eq!(
            read.event_and_message(),
            Some((
                "https://a.test/events/7",
                "Room <changed>",
                "Salle 3.\nSecond floor.\n\nBring ID."
            ))
        );
        let mut public = json.clone();
        public["to"] = serde_json::json!([crate::federation::PUBLIC]);
        let read: DirectNote = super::super::read("Note", &public).unwrap();
        assert_eq!(read.event_and_message(), None, "not a direct message");
    }
}
