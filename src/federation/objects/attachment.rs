//! Pictures and files in an object's `attachment`: what Agora sends for a
//! post's or comment's attachments, and what it keeps of other servers'.
//!
//! Sent as Mastodon and GoToSocial send media: an `Image` (or `Document`
//! for a file) with `mediaType`, `url`, `name` (the description, alt text)
//! and, for a picture, `width` and `height`. Read from `Document`,
//! `Image`, `Video` and `Audio` entries whose `url` is an http(s) address
//! (a string, or a `Link`, as PeerTube and Mobilizon write it); `Link`
//! entries and anything else stay links in the text.

use serde::Serialize;
use serde_json::Value;

use super::post::Post;
use crate::media::{Attachment, RemoteAttachment};

/// At most this many of an object's attachments are kept.
const MAX_RECEIVED: usize = 6;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentAttachment {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub media_type: String,
    pub url: String,
    /// The description; `null` when there is none, as Mastodon sends it.
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i64>,
}

impl SentAttachment {
    /// One of our attachments, its address made absolute with `base`;
    /// another server's at its own address, even once we keep a copy.
    pub fn of(attachment: &Attachment, base: &str) -> SentAttachment {
        let url = match &attachment.source_url {
            Some(source) => source.clone(),
            None => format!("{}{}", base.trim_end_matches('/'), attachment.url),
        };
        SentAttachment {
            kind: if attachment.is_image() {
                "Image"
            } else {
                "Document"
            },
            media_type: attachment.media_type.clone(),
            url,
            name: Some(attachment.description.clone()).filter(|d| !d.is_empty()),
            width: attachment.width,
            height: attachment.height,
        }
    }
}

/// An entry of `attachment` read as a picture or file, if it is one.
pub(super) fn media_of(entry: &Value) -> Option<RemoteAttachment> {
    let kind = entry.get("type").and_then(Value::as_str)?;
    if !matches!(kind, "Document" | "Image" | "Video" | "Audio") {
        return None;
    }
    // `url`: a string, a Link, or a list of Links (PeerTube: the first
    // with a media type will do).
    let (url, link_type) = match entry.get("url")? {
        Value::String(url) => (url.clone(), None),
        Value::Object(_) => link(entry.get("url")?)?,
        Value::Array(links) => links.iter().find_map(link)?,
        _ => return None,
    };
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 2048 {
        return None;
    }
    let media_type = entry
        .get("mediaType")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or(link_type)
        .filter(|t| t.len() <= 100 && t.contains('/'))
        .unwrap_or_else(|| {
            if kind == "Image" {
                "image/jpeg".into()
            } else {
                "application/octet-stream".into()
            }
        });
    let size = |key: &str| {
        entry
            .get(key)
            .and_then(Value::as_i64)
            .filter(|n| (1..=100_000).contains(n))
    };
    Some(RemoteAttachment {
        url,
        media_type,
        description: entry
            .get("name")
            .or_else(|| entry.get("summary"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        width: size("width"),
        height: size("height"),
    })
}

fn link(value: &Value) -> Option<(String, Option<String>)> {
    let href = value.get("href").and_then(Value::as_str)?;
    let media_type = value
        .get("mediaType")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some((href.to_owned(), media_type))
}

impl Post {
    /// Its pictures and files (at most [`MAX_RECEIVED`]).
    pub fn media(&self) -> Vec<RemoteAttachment> {
        self.attachment
            .iter()
            .filter_map(media_of)
            .take(MAX_RECEIVED)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use serde_json::json;

    #[test]
    fn pictures_and_files_are_read_and_links_are_not() {
        let note: Post = read(
            "Note",
            &json!({
                "id": "https://m.test/n/1", "type": "Note", "content": "<p>Hearing</p>",
                "attachment": [
                    {"type": "Document", "mediaType": "image/jpeg", "url": "https://m.test/files/a.jpg",
                     "name": "Lawyers outside the court", "width": 1200, "height": 800, "blurhash": "x"},
                    {"type": "Image", "url": {"type": "Link", "href": "https://m.test/b.png", "mediaType": "image/png"}},
                    {"type": "Link", "href": "https://meet.test/room"},
                    {"type": "Document", "url": "javascript:alert(1)"},
                    {"type": "PropertyValue", "name": "x", "value": "y"}
                ]
            }),
        )
        .unwrap();
        let media = note.media();
        assert_eq!(media.len(), 2);
        assert_eq!(media[0].url, "https://m.test/files/a.jpg");
        assert_eq!(media[0].description, "Lawyers outside the court");
        assert_eq!((media[0].width, media[0].height), (Some(1200), Some(800)));
        assert_eq!(media[1].media_type, "image/png");
        assert_eq!(media[1].url, "https://m.test/b.png");
    }

    #[test]
    fn a_sent_picture_says_what_mastodon_reads() {
        let attachment = Attachment {
            id: 7,
            kind: "image".into(),
            file_name: "hearing.jpg".into(),
            media_type: "image/jpeg".into(),
            size: 1000,
            description: "The court's door".into(),
            url: "/media/7".into(),
            phone_url: Some("/media/7/phone".into()),
            thumb_url: Some("/media/7/thumb".into()),
            width: Some(2048),
            height: Some(1536),
            thumb_width: Some(400),
            thumb_height: Some(300),
            remote: false,
            source_url: None,
        };
        let json =
            serde_json::to_value(SentAttachment::of(&attachment, "https://a.test/")).unwrap();
        assert_eq!(
            json,
            json!({"type": "Image", "mediaType": "image/jpeg", "url": "https://a.test/media/7",
                   "name": "The court's door", "width": 2048, "height": 1536})
        );
    }

    #[test]
    fn another_servers_picture_kept_here_goes_on_at_its_own_address() {
        let attachment = Attachment {
            id: 8,
            kind: "image".into(),
            file_name: "door.jpg".into(),
            media_type: "image/jpeg".into(),
            size: 1000,
            description: String::new(),
            url: "/media/8".into(),
            phone_url: Some("/media/8/phone".into()),
            thumb_url: Some("/media/8/thumb".into()),
            width: Some(800),
            height: Some(600),
            thumb_width: Some(400),
            thumb_height: Some(300),
            remote: true,
            source_url: Some("https://m.test/files/door.jpg".into()),
        };
        let sent = SentAttachment::of(&attachment, "https://a.test/");
        assert_eq!(sent.url, "https://m.test/files/door.jpg");
    }
}
