//! The text of a post or comment as another server sends it: its HTML
//! sanitised, a content warning folded around it, its links and pictures
//! kept as links, its language, and a title when it has none.

use serde::Deserialize;
use serde_json::Value;

use super::first_language;
use super::micros;
use super::post::Post;
use crate::error::{AppError, AppResult};

/// Longest text taken, in characters.
pub(super) const MAX_CONTENT_CHARS: usize = 100_000;
/// Longest title taken, in characters.
pub(super) const MAX_TITLE_CHARS: usize = 300;

/// The Markdown a post was written in (Lemmy, Agora).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    #[serde(default, deserialize_with = "super::text")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "super::text")]
    pub media_type: Option<String>,
}

/// `text` cut to at most `max` characters.
pub(super) fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// What both a post and a comment keep of an object.
pub(super) struct Text {
    pub html: String,
    pub source: String,
    pub published: i64,
}

impl Post {
    pub(super) fn text(&self) -> AppResult<Text> {
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
        let mut html = crate::markdown::sanitize_html(content);
        let links = self.links();
        if !links.is_empty() {
            // Link posts (Lemmy), shared articles (Friendica) and attached
            // pictures are kept as links; nothing is fetched.
            let items: String = links
                .iter()
                .map(|(href, name)| {
                    let href = crate::markdown::escape_html(href);
                    let name = crate::markdown::escape_html(name);
                    format!("<li><a href=\"{href}\">{name}</a></li>")
                })
                .collect();
            html.push_str(&crate::markdown::sanitize_html(&format!(
                "<ul>{items}</ul>"
            )));
        }
        if let Some(warning) = self.content_warning() {
            // Shown folded, opened with a click, without JavaScript.
            let warning = crate::markdown::escape_html(warning);
            html = format!("<details><summary>{warning}</summary>{html}</details>");
        }
        Ok(Text {
            html,
            source,
            published: micros(self.published.as_deref()).unwrap_or_else(crate::db::now),
        })
    }

    /// A content warning: Mastodon's `summary` on a `Note`, or any
    /// `summary` of an object marked `sensitive`.
    fn content_warning(&self) -> Option<&str> {
        let summary = self
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let note = self.kind.as_deref() == Some("Note");
        summary
            .filter(|_| note || self.sensitive == Some(true))
            .map(|s| truncate(s, 500))
    }

    /// What it links to besides its text, as (URL, name): its attachments
    /// that are not pictures or files (a `Link`'s `href`, or the `url` of
    /// anything else) and a `url` on another server than the object's (the shared
    /// article). At most 20, http(s) only.
    fn links(&self) -> Vec<(String, String)> {
        let own_host = self
            .id
            .as_deref()
            .and_then(|id| url::Url::parse(id).ok())
            .and_then(|u| u.host_str().map(str::to_owned));
        let mut links: Vec<(String, String)> = Vec::new();
        let mut add = |href: Option<&str>, name: Option<&str>| {
            let Some(href) = href.filter(|h| h.starts_with("https://") || h.starts_with("http://"))
            else {
                return;
            };
            if links.len() < 20 && !links.iter().any(|(h, _)| h == href) {
                let name = name
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .unwrap_or(href);
                links.push((href.to_owned(), truncate(name, 300).to_owned()));
            }
        };
        if let Some(href) = self.url.href.as_deref()
            && url::Url::parse(href)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                != own_host
        {
            add(Some(href), None);
        }
        // Pictures and files are attachments of their own (`Post::media`).
        for attachment in self
            .attachment
            .iter()
            .filter(|a| super::attachment::media_of(a).is_none())
        {
            let href = match attachment.get("type").and_then(Value::as_str) {
                Some("Link") => attachment.get("href").and_then(Value::as_str),
                _ => match attachment.get("url") {
                    Some(Value::String(url)) => Some(url.as_str()),
                    Some(link) => link.get("href").and_then(Value::as_str),
                    None => None,
                },
            };
            add(href, attachment.get("name").and_then(Value::as_str));
        }
        links
    }

    /// Its language: `contentMap`'s, else Lemmy's `language.identifier`.
    pub(super) fn language(&self) -> String {
        first_language(self.content_map.as_ref())
            .or_else(|| {
                self.language
                    .as_ref()?
                    .get("identifier")?
                    .as_str()
                    .map(str::to_owned)
            })
            .filter(|l| !l.is_empty() && l.len() <= 35)
            .unwrap_or_else(|| "und".into())
    }
}

/// A title for a post that came without one: the start of its text.
pub(super) fn title_from(html: &str) -> String {
    let text = crate::markdown::plain_text(html);
    let title: String = text.trim().chars().take(80).collect();
    if title.is_empty() {
        "(untitled)".into()
    } else {
        title
    }
}

fn bad(message: String) -> AppError {
    AppError::BadRequest(message)
}
