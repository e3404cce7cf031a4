//! A notification written out for one reader: in their language, with
//! times in their time zone, naming who, what and where, with a link.
//!
//! PLACEHOLDER SIGNATURE: the engineer building the producers replaces the
//! body of [`render`] with the real, translated sentences.

use jiff::tz::TimeZone;

use super::Notification;
use crate::i18n::Tr;

/// What a reader sees of one notification.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Rendered {
    /// One sentence: "Amina commented on your post “Hearing moved” in Litigation news".
    pub text: String,
    /// A path on this instance (`/post/12#comment-40`), to prefix with the
    /// public URL in emails.
    pub link: String,
    /// A short quote of the content (a comment's first words), when there
    /// is one; emails about a private space leave it out unless its
    /// managers allow full text (see [`Notification::may_quote`]).
    pub excerpt: Option<String>,
}

/// Writes `n` out for a reader of language `t` in zone `tz`.
pub fn render(n: &Notification, t: &Tr, tz: &TimeZone) -> Rendered {
    let _ = (t, tz);
    Rendered {
        text: if n.message.is_empty() {
            n.kind.clone()
        } else {
            n.message.clone()
        },
        link: "/notifications".to_owned(),
        // A comment's first words, so emails have an excerpt to show or
        // withhold (see `Notification::may_quote`).
        excerpt: n
            .comment_source
            .as_deref()
            .map(|source| super::email::one_line(source, 200)),
    }
}
