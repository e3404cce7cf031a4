//! `Page`, `Article` and `Note`: posts and comments. [`Post`] is what
//! other servers send: a `Page` or `Article` is a post; a `Note` that
//! answers something is a comment, one that answers nothing starts a
//! thread. [`SentPost`] is what Agora sends: a post as a `Page`, a comment
//! as a `Note`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::text::{MAX_TITLE_CHARS, title_from, truncate};
use super::{Link, flag, language_map, link, list, reference, references, text};
use crate::error::{AppError, AppResult};
use crate::posts::RemotePost;
use crate::posts::comments::RemoteComment;

/// A `Page`, `Article` or `Note` as another server sends it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Post {
    #[serde(default, deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "text")]
    pub kind: Option<String>,
    /// The author; PeerTube lists the channel too.
    #[serde(default, deserialize_with = "references")]
    pub attributed_to: Vec<String>,
    #[serde(default, deserialize_with = "reference")]
    pub in_reply_to: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "language_map")]
    pub content_map: Option<Map<String, Value>>,
    #[serde(default)]
    pub source: Option<Value>,
    /// A content warning (Mastodon), or a summary.
    #[serde(default, deserialize_with = "text")]
    pub summary: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub sensitive: Option<bool>,
    #[serde(default, deserialize_with = "text")]
    pub published: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub updated: Option<String>,
    #[serde(default, deserialize_with = "references")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "references")]
    pub cc: Vec<String>,
    #[serde(default, deserialize_with = "references")]
    pub audience: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub tag: Vec<Value>,
    #[serde(default, deserialize_with = "list")]
    pub attachment: Vec<Value>,
    #[serde(default, deserialize_with = "link")]
    pub url: Link,
    /// Lemmy's language: `{identifier, name}`.
    #[serde(default)]
    pub language: Option<Value>,
}

fn bad(message: String) -> AppError {
    AppError::BadRequest(message)
}

impl Post {
    /// Whether it is stored as a comment: a `Note` that answers something.
    pub fn is_reply(&self) -> bool {
        self.kind.as_deref() == Some("Note") && self.in_reply_to.is_some()
    }

    /// Whether it is a post or a comment at all (not an `Event`, a
    /// `Document`, a `Question`, …).
    pub fn is_text(&self) -> bool {
        matches!(self.kind.as_deref(), Some("Page" | "Article" | "Note"))
    }

    /// Its author: the first of `attributedTo`.
    pub fn author(&self) -> Option<&str> {
        self.attributed_to.first().map(String::as_str)
    }

    /// Whether `attributedTo`, `audience`, `to` or `cc` names `actor`.
    pub fn names(&self, actor: &str) -> bool {
        self.attributed_to
            .iter()
            .chain(&self.audience)
            .chain(&self.to)
            .chain(&self.cc)
            .any(|id| id == actor)
    }

    /// The `href` of each `Mention` tag.
    pub fn mentions(&self) -> impl Iterator<Item = &str> {
        self.tag
            .iter()
            .filter(|t| t.get("type").and_then(Value::as_str) == Some("Mention"))
            .filter_map(|t| t.get("href").and_then(Value::as_str))
    }

    /// What the posts module stores of a `Page`, an `Article` or a `Note`
    /// that starts a thread. A post without a `name` takes the start of its
    /// text as title.
    pub fn received_post(
        self,
        space_id: i64,
        author_id: i64,
        mentioned: Vec<i64>,
    ) -> AppResult<RemotePost> {
        let text = self.text()?;
        let mut title = self.name.as_deref().unwrap_or("").trim().to_owned();
        if title.is_empty() {
            title = title_from(&text.html);
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(bad(format!(
                "name: longer than {MAX_TITLE_CHARS} characters"
            )));
        }
        let language = self.language();
        let media = self.media();
        Ok(RemotePost {
            ap_id: self.id.ok_or_else(|| bad("object.id: missing".into()))?,
            space_id,
            author_id,
            title,
            body_source: text.source,
            body_html: text.html,
            language,
            created_at: text.published,
            mentioned,
            media,
        })
    }

    /// Its text again, for a post or comment its server restored.
    pub fn received_restored(self) -> AppResult<crate::posts::Restored> {
        let text = self.text()?;
        let title = self
            .name
            .as_deref()
            .map(|n| truncate(n.trim(), MAX_TITLE_CHARS).to_owned())
            .filter(|n| !n.is_empty())
            .or_else(|| (!self.is_reply()).then(|| title_from(&text.html)));
        Ok(crate::posts::Restored {
            ap_id: self.id.ok_or_else(|| bad("object.id: missing".into()))?,
            title,
            body_source: text.source,
            body_html: text.html,
        })
    }

    /// What the posts module stores of a reply, once its parent is found.
    pub fn received_comment(
        self,
        post_id: i64,
        parent_id: Option<i64>,
        author_id: i64,
        mentioned: Vec<i64>,
    ) -> AppResult<RemoteComment> {
        let text = self.text()?;
        let media = self.media();
        Ok(RemoteComment {
            ap_id: self.id.ok_or_else(|| bad("object.id: missing".into()))?,
            post_id,
            parent_id,
            author_id,
            body_source: text.source,
            body_html: text.html,
            created_at: text.published,
            mentioned,
            media,
        })
    }
}

/// The Markdown a text was written in, as Agora sends it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentSource {
    pub content: String,
    pub media_type: &'static str,
}

impl SentSource {
    pub fn markdown(content: String) -> SentSource {
        SentSource {
            content,
            media_type: "text/markdown",
        }
    }
}

/// A `Mention` or a `Hashtag`.
#[derive(Clone, Debug, Serialize)]
pub struct Tag {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    pub name: String,
}

impl Tag {
    /// A mention of the person at `href`, named `@name@domain`.
    pub fn mention(href: String, name: String) -> Tag {
        Tag {
            kind: "Mention",
            href: Some(href),
            name,
        }
    }

    /// A hashtag `#name`.
    pub fn hashtag(name: &str) -> Tag {
        Tag {
            kind: "Hashtag",
            href: None,
            name: format!("#{name}"),
        }
    }
}

/// A post (`Page`) or comment (`Note`) as Agora sends and serves it: HTML
/// in `content` and `contentMap`, the Markdown in `source`, addressed to
/// its space's group and the public, the group's followers in `cc`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentPost {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub attributed_to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub content: String,
    pub media_type: &'static str,
    pub source: SentSource,
    pub content_map: BTreeMap<String, String>,
    /// The language again, as Lemmy reads it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageTag>,
    pub audience: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<Tag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<super::attachment::SentAttachment>,
}

/// Lemmy's language of a text: a BCP 47 code and its name.
#[derive(Clone, Debug, Serialize)]
pub struct LanguageTag {
    pub identifier: String,
    pub name: &'static str,
}

impl LanguageTag {
    /// The tag of `code`, for a language of the interface (the ones Agora
    /// names); `None` for another or an unknown one (`und`).
    pub fn of(code: &str) -> Option<LanguageTag> {
        let name = match code {
            "en" => "English",
            "fr" => "Français",
            "ar" => "العربية",
            "de" => "Deutsch",
            "pt" => "Português",
            _ => return None,
        };
        Some(LanguageTag {
            identifier: code.to_owned(),
            name,
        })
    }
}

/// What a sent post or comment says, whichever it is.
pub struct Written {
    pub id: String,
    pub author: String,
    pub html: String,
    pub markdown: String,
    pub language: String,
    pub published: String,
    pub updated: Option<String>,
}

/// Who a sent post or comment is addressed to: its group, and the
/// group's followers.
pub struct Audience {
    pub group: String,
    /// `None` for a remote group that publishes no followers collection
    /// (a NodeBB category): no URL is made up for it.
    pub followers: Option<String>,
}

impl SentPost {
    fn sent(kind: &'static str, written: Written, place: Audience) -> SentPost {
        SentPost {
            kind,
            attributed_to: written.author,
            in_reply_to: None,
            name: None,
            language: LanguageTag::of(&written.language),
            content_map: BTreeMap::from([(written.language, written.html.clone())]),
            content: written.html,
            media_type: "text/html",
            source: SentSource::markdown(written.markdown),
            to: vec![place.group.clone(), crate::federation::PUBLIC.into()],
            audience: place.group,
            cc: place.followers.into_iter().collect(),
            published: written.published,
            updated: written.updated,
            url: None,
            tag: Vec::new(),
            attachment: Vec::new(),
            id: written.id,
        }
    }

    /// A post, as a `Page` titled `title`, served at its own id.
    pub fn page(written: Written, title: String, place: Audience) -> SentPost {
        let url = written.id.clone();
        SentPost {
            name: Some(title),
            url: Some(url),
            ..SentPost::sent("Page", written, place)
        }
    }

    /// A comment, as a `Note` answering `in_reply_to`.
    pub fn note(written: Written, in_reply_to: String, place: Audience) -> SentPost {
        SentPost {
            in_reply_to: Some(in_reply_to),
            ..SentPost::sent("Note", written, place)
        }
    }

    /// Adds its pictures and files.
    pub fn attaching(mut self, attachment: Vec<super::attachment::SentAttachment>) -> SentPost {
        self.attachment = attachment;
        self
    }

    /// Adds the people it mentions: their tags, and those of other
    /// instances in `cc`.
    pub fn mentioning(mut self, tags: Vec<Tag>, remote: Vec<String>) -> SentPost {
        self.tag = tags;
        self.cc.extend(remote);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_becomes_a_post_with_its_markdown_and_language() {
        let page: Post = read(
            "Page",
            &json!({
                "id": "https://l.test/post/1", "type": "Page", "name": "Hearing",
                "attributedTo": "https://l.test/u/a",
                "content": "<p>Hi<script>x</script></p>",
                "source": {"content": "Hi", "mediaType": "text/markdown"},
                "contentMap": {"fr": "<p>Hi</p>"},
                "audience": "https://l.test/c/g",
                "published": "2026-01-01T00:00:00Z"
            }),
        )
        .unwrap();
        assert!(page.names("https://l.test/c/g") && !page.is_reply());
        let post = page.received_post(3, 4, vec![]).unwrap();
        assert_eq!(post.title, "Hearing");
        assert_eq!(post.body_source, "Hi");
        assert!(!post.body_html.contains("script"), "{}", post.body_html);
        assert_eq!(post.language, "fr");
        assert_eq!(post.created_at, 1_767_225_600_000_000);
    }

    #[test]
    fn a_note_without_a_name_takes_its_text_as_title() {
        let note: Post = read(
            "Note",
            &json!({"id": "https://m.test/n/1", "type": "Note", "content": "<p>Court  today</p>"}),
        )
        .unwrap();
        assert_eq!(
            note.received_post(1, 1, vec![]).unwrap().title,
            "Court  today"
        );
    }

    #[test]
    fn a_reply_and_its_mentions_are_read() {
        let note: Post = read(
            "Note",
            &json!({"id": "https://m.test/n/2", "type": "Note", "inReplyTo": {"id": "https://a.test/posts/1"},
                    "attributedTo": [{"id": "https://m.test/u/a"}, "https://m.test/c/chan"],
                    "tag": [{"type": "Mention", "href": "https://a.test/users/bea"}, {"type": "Hashtag"}]}),
        )
        .unwrap();
        assert!(note.is_reply());
        assert_eq!(note.author(), Some("https://m.test/u/a"));
        assert!(note.names("https://m.test/c/chan"));
        assert_eq!(
            note.mentions().collect::<Vec<_>>(),
            ["https://a.test/users/bea"]
        );
    }

    #[test]
    fn a_sent_page_is_read_back_as_the_same_post() {
        let written = Written {
            id: "https://a.test/posts/1".into(),
            author: "https://a.test/users/amina".into(),
            html: "<p>Court</p>".into(),
            markdown: "Court".into(),
            language: "fr".into(),
            published: "2026-01-01T00:00:00Z".into(),
            updated: None,
        };
        let place = Audience {
            group: "https://a.test/spaces/news".into(),
            followers: Some("https://a.test/spaces/news/followers".into()),
        };
        let page = SentPost::page(written, "Hearing".into(), place).mentioning(
            vec![Tag::mention(
                "https://b.test/u/bea".into(),
                "@bea@b.test".into(),
            )],
            vec!["https://b.test/u/bea".into()],
        );
        let json = super::super::value(&page);
        assert_eq!(json["type"], "Page");
        assert_eq!(json["url"], "https://a.test/posts/1");
        assert_eq!(json["contentMap"], json!({"fr": "<p>Court</p>"}));
        assert_eq!(
            json["to"],
            json!(["https://a.test/spaces/news", crate::federation::PUBLIC])
        );
        assert_eq!(
            json["cc"],
            json!([
                "https://a.test/spaces/news/followers",
                "https://b.test/u/bea"
            ])
        );
        assert!(json.get("inReplyTo").is_none() && json.get("updated").is_none());
        let read: Post = read("Page", &json).unwrap();
        assert!(read.names("https://a.test/spaces/news"));
        let post = read.received_post(1, 2, vec![]).unwrap();
        assert_eq!(
            (post.title.as_str(), post.body_source.as_str()),
            ("Hearing", "Court")
        );
        assert_eq!(post.language, "fr");
    }

    #[test]
    fn too_long_a_text_is_refused_with_the_field() {
        let note: Post = read(
            "Note",
            &json!({"id": "https://m.test/n/3", "type": "Note", "content": "x".repeat(100_001)}),
        )
        .unwrap();
        let error = note.received_post(1, 1, vec![]).unwrap_err();
        assert!(error.to_string().contains("content"), "{error}");
    }
}
