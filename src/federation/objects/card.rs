//! A `Page` that stands in for an `Event` or a `Document` on servers that
//! show neither: Mastodon and GoToSocial drop a `Document`, NodeBB shows
//! only `Note`, `Page` and `Article`, Lemmy takes a `Page` as a post. The
//! card gives the title, a few lines of text and a link to the original.
//!
//! It is served at the object's id with `/card` appended, attributed to
//! the person who wrote the original (Mastodon applies an edit or a
//! deletion only from its author; Lemmy takes a post only from a person),
//! and says what it stands for in schema.org's `mainEntity`. An Agora
//! reader takes a card as an announcement of its `mainEntity`, so a card
//! never becomes a post of its own here.

use std::collections::BTreeMap;

use serde::Serialize;

use super::document::SentDocument;
use super::event::SentEvent;
use crate::markdown::escape_html;

/// The card of an object, as sent and served.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentCard {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub content: String,
    pub media_type: &'static str,
    pub content_map: BTreeMap<String, String>,
    /// Where people read the original (its id, which sends a browser to
    /// its page).
    pub url: String,
    pub attributed_to: String,
    pub audience: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// The `Event` or `Document` it stands for.
    pub main_entity: String,
}

/// Where an object's card is served.
pub fn card_id(object_id: &str) -> String {
    format!("{object_id}/card")
}

/// A deleted card, as its author's `Delete` names it: attributed and
/// addressed as the card was, so that its server applies it.
pub fn card_tombstone(object_id: &str, author: &str, to: Vec<String>) -> serde_json::Value {
    serde_json::json!({
        "id": card_id(object_id),
        "type": "Tombstone",
        "formerType": "Page",
        "attributedTo": author,
        "to": to,
    })
}

impl SentCard {
    /// An event's card: when and where, its description, its link.
    /// `when` is the start as the organiser's readers know it.
    pub fn of_event(event: &SentEvent, when: &str) -> SentCard {
        let mut content = format!("<p>{}</p>", escape_html(when));
        if let Some(place) = &event.location {
            let address = [place.name.as_str(), place.address.street_address.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            if !address.is_empty() {
                content.push_str(&format!("<p>{}</p>", escape_html(&address)));
            }
        }
        content.push_str(&event.content);
        let language = event.content_map.keys().next().cloned();
        card(
            Fields {
                object_id: &event.id,
                name: &event.name,
                content,
                language,
                author: &event.attributed_to,
                audience: &event.audience,
                to: &event.to,
                cc: &event.cc,
                published: &event.published,
                updated: event.updated.as_deref(),
            },
            &event.url,
        )
    }

    /// A library item's card: its description, a note's text, and the
    /// link to the original.
    pub fn of_document(document: &SentDocument) -> SentCard {
        let mut content = String::new();
        if let Some(summary) = &document.summary {
            content.push_str(&format!("<p>{summary}</p>"));
        }
        if let Some(html) = &document.content {
            content.push_str(html);
        }
        let language = document.name_map.keys().next().cloned();
        card(
            Fields {
                object_id: &document.id,
                name: &document.name,
                content,
                language,
                author: &document.attributed_to,
                audience: &document.audience,
                to: &document.to,
                cc: &document.cc,
                published: &document.published,
                updated: Some(&document.updated),
            },
            &document.id,
        )
    }
}

/// What both kinds of card are made of.
struct Fields<'a> {
    object_id: &'a str,
    name: &'a str,
    content: String,
    language: Option<String>,
    author: &'a str,
    audience: &'a str,
    to: &'a [String],
    cc: &'a [String],
    published: &'a str,
    updated: Option<&'a str>,
}

fn card(fields: Fields<'_>, url: &str) -> SentCard {
    let mut content = fields.content;
    content.push_str(&format!(
        "<p><a href=\"{href}\">{href}</a></p>",
        href = escape_html(url)
    ));
    SentCard {
        id: card_id(fields.object_id),
        kind: "Page",
        name: fields.name.to_owned(),
        content_map: fields
            .language
            .into_iter()
            .map(|language| (language, content.clone()))
            .collect(),
        content,
        media_type: "text/html",
        url: url.to_owned(),
        attributed_to: fields.author.to_owned(),
        audience: fields.audience.to_owned(),
        to: fields.to.to_vec(),
        cc: fields.cc.to_vec(),
        published: fields.published.to_owned(),
        updated: fields.updated.map(str::to_owned),
        main_entity: fields.object_id.to_owned(),
    }
}
