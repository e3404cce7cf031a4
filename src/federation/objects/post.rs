//! `Page`, `Article` and `Note`: posts and comments, as other servers
//! send them. A `Page` or `Article` is a post; a `Note` that answers
//! something is a comment, one that answers nothing starts a thread.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{
    Link, first_language, flag, language_map, link, list, micros, reference, references, text,
};
use crate::error::{AppError, AppResult};
use crate::posts::RemotePost;
use crate::posts::comments::RemoteComment;

/// Longest text taken, in characters.
const MAX_CONTENT_CHARS: usize = 100_000;
/// Longest title taken, in characters.
const MAX_TITLE_CHARS: usize = 300;

/// The Markdown a post was written in (Lemmy, Agora).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    #[serde(default, deserialize_with = "text")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub media_type: Option<String>,
}

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
}

fn bad(message: String) -> AppError {
    AppError::BadRequest(message)
}

/// What both a post and a comment keep of an object.
struct Text {
    html: String,
    source: String,
    published: i64,
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

    fn text(&self) -> AppResult<Text> {
        let content = self.content.as_deref().unwrap_or("");
        if content.chars().count() > MAX_CONTENT_CHARS {
            return Err(bad(format!(
                "content: longer than {MAX_CONTENT_CHARS} characters"
            )));
        }
        let source = self
            .source
            .as_ref()
            .and_then(|s| serde_json::from_value::<Source>(s.clone()).ok())
            .filter(|s| s.media_type.as_deref() == Some("text/markdown"))
            .and_then(|s| s.content)
            .unwrap_or_default();
        Ok(Text {
            html: crate::markdown::sanitize_html(content),
            source,
            published: micros(self.published.as_deref()).unwrap_or_else(crate::db::now),
        })
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
        let language = first_language(self.content_map.as_ref())
            .filter(|l| l.len() <= 35)
            .unwrap_or_else(|| "und".into());
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
        Ok(RemoteComment {
            ap_id: self.id.ok_or_else(|| bad("object.id: missing".into()))?,
            post_id,
            parent_id,
            author_id,
            body_source: text.source,
            body_html: text.html,
            created_at: text.published,
            mentioned,
        })
    }
}

/// A title for a post that came without one: the start of its text.
fn title_from(html: &str) -> String {
    let text = crate::markdown::plain_text(html);
    let title: String = text.trim().chars().take(80).collect();
    if title.is_empty() {
        "(untitled)".into()
    } else {
        title
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
