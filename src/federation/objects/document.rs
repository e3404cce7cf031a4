//! `Document`: a library file or note. [`Document`] as other servers send
//! it, [`SentDocument`] as Agora sends it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use super::post::{Audience, SentSource, Tag};
use super::{Link, first_language, language_map, link, list, micros, text};
use crate::error::{AppError, AppResult};
use crate::library::RemoteItem;
use crate::urls::host_of;

/// A `Document` as another server sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    #[serde(default, deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "language_map")]
    pub name_map: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "text")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "language_map")]
    pub content_map: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "link")]
    pub url: Link,
    #[serde(default, deserialize_with = "text")]
    pub media_type: Option<String>,
    /// Agora's own: `open`, `draft`, `final`, … (schema.org's
    /// `creativeWorkStatus`; Agora before 0.2 sent it as `status`).
    #[serde(default, alias = "status", deserialize_with = "text")]
    pub creative_work_status: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub tag: Vec<Value>,
    #[serde(default, deserialize_with = "text")]
    pub published: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub updated: Option<String>,
}

fn bad(message: &str) -> AppError {
    AppError::BadRequest(format!("Document: {message}"))
}

impl Document {
    /// What the library stores of it. Its link must be an http(s) URL on
    /// the item's own server: the bytes are fetched from there.
    pub fn received(self) -> AppResult<RemoteItem> {
        let id = self.id.ok_or_else(|| bad("no id"))?;
        let id_url = Url::parse(&id).map_err(|_| bad("id is not a URL"))?;
        let href = match self.url.href {
            Some(href) => {
                let url = Url::parse(&href).map_err(|_| bad("url is not a URL"))?;
                if !matches!(url.scheme(), "https" | "http") || host_of(&url) != host_of(&id_url) {
                    return Err(bad("url: not an http(s) link on the item's own server"));
                }
                Some(url.to_string())
            }
            None => None,
        };
        let tags = self
            .tag
            .iter()
            .filter(|t| t.get("type").and_then(Value::as_str) == Some("Hashtag"))
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        Ok(RemoteItem {
            ap_id: id,
            title: self.name.unwrap_or_default(),
            description: self.summary.unwrap_or_default(),
            href,
            media_type: self.url.media_type.or(self.media_type),
            content_html: self.content.filter(|c| !c.is_empty()),
            language: first_language(self.name_map.as_ref())
                .or_else(|| first_language(self.content_map.as_ref())),
            status: self.creative_work_status,
            tags,
            published: micros(self.published.as_deref()),
            updated: micros(self.updated.as_deref()),
        })
    }
}

/// Where a document's bytes are.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentLink {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub href: String,
    pub media_type: String,
}

/// A library file or note as Agora sends and serves it: its bytes at
/// `url`, a note's text also as HTML in `content` and Markdown in `source`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentDocument {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub name_map: BTreeMap<String, String>,
    /// The type of `content` (HTML), present with it; the bytes' own type
    /// is the `url` link's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<&'static str>,
    pub url: SentLink,
    pub size: i64,
    pub attributed_to: String,
    pub audience: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub published: String,
    pub updated: String,
    /// `open`, `draft`, `final`, … (schema.org's term).
    pub creative_work_status: &'static str,
    pub tag: Vec<Tag>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_map: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SentSource>,
}

/// What a sent document says about itself.
pub struct Described {
    pub id: String,
    pub title: String,
    pub language: String,
    /// Plain text, escaped into `summary` (none when empty).
    pub description: String,
    pub author: String,
    pub published: String,
    pub updated: String,
    pub status: &'static str,
    pub tags: Vec<String>,
}

/// Its bytes: where, what type, how many; a note's text as HTML and
/// Markdown.
pub struct Bytes {
    pub href: String,
    pub media_type: String,
    pub size: i64,
    pub text: Option<(String, String)>,
}

impl SentDocument {
    pub fn sent(described: Described, bytes: Bytes, audience: Audience) -> SentDocument {
        let language = described.language;
        let (content, content_map, source) = match bytes.text {
            Some((html, markdown)) => (
                Some(html.clone()),
                Some(BTreeMap::from([(language.clone(), html)])),
                Some(SentSource::markdown(markdown)),
            ),
            None => (None, None, None),
        };
        SentDocument {
            id: described.id,
            kind: "Document",
            name_map: BTreeMap::from([(language, described.title.clone())]),
            name: described.title,
            media_type: content.is_some().then_some("text/html"),
            url: SentLink {
                kind: "Link",
                href: bytes.href,
                media_type: bytes.media_type,
            },
            size: bytes.size,
            attributed_to: described.author,
            to: vec![audience.group.clone(), crate::federation::PUBLIC.into()],
            audience: audience.group,
            cc: audience.followers.into_iter().collect(),
            published: described.published,
            updated: described.updated,
            creative_work_status: described.status,
            tag: described.tags.iter().map(|t| Tag::hashtag(t)).collect(),
            summary: (!described.description.is_empty())
                .then(|| crate::markdown::escape_html(&described.description)),
            content,
            content_map,
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use serde_json::json;

    #[test]
    fn a_note_reads_with_its_language_tags_and_link() {
        let document: Document = read(
            "Document",
            &json!({
                "id": "https://a.test/library/1", "type": "Document", "name": "Guide",
                "nameMap": {"fr": "Guide"}, "summary": 7, "content": "<p>x</p>",
                "url": {"type": "Link", "href": "https://a.test/library/1/download",
                        "mediaType": "text/markdown"},
                "tag": {"type": "Hashtag", "name": "#asile"},
                "published": "2026-01-01T00:00:00Z"
            }),
        )
        .unwrap();
        let item = document.received().unwrap();
        assert_eq!(item.title, "Guide");
        assert_eq!(item.description, "", "a summary that is not text is absent");
        assert_eq!(item.language.as_deref(), Some("fr"));
        assert_eq!(item.tags, ["#asile"]);
        assert_eq!(item.media_type.as_deref(), Some("text/markdown"));
        assert_eq!(item.content_html.as_deref(), Some("<p>x</p>"));
        assert!(item.published.is_some());
    }

    #[test]
    fn a_sent_note_is_read_back_as_the_same_item() {
        let described = Described {
            id: "https://a.test/library/1".into(),
            title: "Checklist".into(),
            language: "pt".into(),
            description: "For <new> members".into(),
            author: "https://a.test/users/amina".into(),
            published: "2026-01-01T00:00:00Z".into(),
            updated: "2026-01-02T00:00:00Z".into(),
            status: "final",
            tags: vec!["asilo".into()],
        };
        let bytes = Bytes {
            href: "https://a.test/library/1/download".into(),
            media_type: "text/markdown; charset=utf-8".into(),
            size: 12,
            text: Some(("<p>Procuração</p>".into(), "Procuração".into())),
        };
        let audience = Audience {
            group: "https://a.test/spaces/practice".into(),
            followers: Some("https://a.test/spaces/practice/followers".into()),
        };
        let json = super::super::value(SentDocument::sent(described, bytes, audience));
        assert_eq!(json["summary"], "For &lt;new&gt; members");
        assert_eq!(json["creativeWorkStatus"], "final");
        // `mediaType` says what `content` is; the bytes' type is the link's.
        assert_eq!(json["mediaType"], "text/html");
        assert_eq!(json["url"]["mediaType"], "text/markdown; charset=utf-8");
        let item = read::<Document>("Document", &json)
            .unwrap()
            .received()
            .unwrap();
        assert_eq!(item.title, "Checklist");
        assert_eq!(item.language.as_deref(), Some("pt"));
        assert_eq!(item.status.as_deref(), Some("final"));
        assert_eq!(item.tags, ["#asilo"]);
        assert_eq!(
            item.href.as_deref(),
            Some("https://a.test/library/1/download")
        );
        assert_eq!(item.content_html.as_deref(), Some("<p>Procuração</p>"));
    }

    #[test]
    fn a_link_to_another_server_is_refused() {
        let document: Document = read(
            "Document",
            &json!({"id": "https://a.test/library/1", "name": "x",
                    "url": "https://elsewhere.test/f.pdf"}),
        )
        .unwrap();
        let error = document.received().unwrap_err();
        assert!(error.to_string().contains("own server"), "{error}");
    }
}
