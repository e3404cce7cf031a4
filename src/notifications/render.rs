//! A notification written out for one reader: in their language, with
//! times in their time zone, naming who, what and where, with a link.
//!
//! Every kind is one Fluent message (`src/locales/*/notifications.ftl`,
//! ids `notification-…`), given `$actor` (display name, else handle),
//! `$count` (how many others, for grouped reactions), `$post`, `$event`,
//! `$item` (titles), `$space` (the space's title), `$when` (a time in the
//! reader's zone) and what the kind's `params` say. Rows from before
//! notifications were stored by reference keep their `message`.

use jiff::tz::TimeZone;
use serde_json::Value;

use super::{Kind, Notification};
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
    /// The whole text of a message the notification carries (an
    /// organiser's message to an event's participants), plain text with
    /// its line breaks; the same privacy rule as `excerpt` applies.
    pub body: Option<String>,
}

/// How many characters of a comment an excerpt keeps.
const EXCERPT_CHARS: usize = 140;

/// Writes `n` out for a reader of language `t` in zone `tz`.
pub fn render(n: &Notification, t: &Tr, tz: &TimeZone) -> Rendered {
    let link = link(n);
    let body = match n.kind() {
        Some(Kind::EventMessage) => Some(param(&params(n), "body").to_owned()),
        _ => None,
    }
    .filter(|b| !b.trim().is_empty());
    let excerpt = match &body {
        Some(body) => shorten(body),
        None => excerpt(n),
    };
    let text = match n.kind() {
        _ if !n.message.is_empty() => n.message.clone(),
        Some(kind) => sentence(n, kind, t, tz),
        None => n.kind.clone(),
    };
    Rendered {
        text,
        link,
        excerpt,
        body,
    }
}

fn params(n: &Notification) -> Value {
    serde_json::from_str(&n.params).unwrap_or(Value::Null)
}

fn param<'a>(params: &'a Value, name: &str) -> &'a str {
    params.get(name).and_then(Value::as_str).unwrap_or("")
}

fn link(n: &Notification) -> String {
    let post = |n: &Notification| match (n.post_id, n.comment_id) {
        (Some(post), Some(comment)) => format!("/post/{post}#comment-{comment}"),
        (Some(post), None) => format!("/post/{post}"),
        _ => "/notifications".to_owned(),
    };
    let space = n.space_reference();
    match n.kind() {
        Some(Kind::Mention | Kind::CommentOnPost | Kind::CommentReply | Kind::Reaction) => post(n),
        Some(Kind::PostNew) => post(n),
        Some(Kind::JoinApproved) => space.map_or("/spaces".into(), |s| format!("/s/{s}")),
        Some(Kind::JoinRefused) => "/spaces".to_owned(),
        Some(Kind::SpaceInvitation) => "/invitations".to_owned(),
        Some(Kind::JoinRequested) => space.map_or("/spaces".into(), |s| format!("/s/{s}/members")),
        // A report about a private space's content is news of that space
        // for its managers, who handle it there.
        Some(Kind::ReportNew) => {
            space.map_or("/admin/reports".into(), |s| format!("/s/{s}/reports"))
        }
        Some(Kind::LibraryCommented) => match (n.item_id, params(n).get("comment")) {
            (Some(item), Some(comment)) => format!("/item/{item}#comment-{comment}"),
            (Some(item), None) => format!("/item/{item}"),
            _ => "/notifications".to_owned(),
        },
        _ => {
            if let Some(event) = n.event_id {
                format!("/event/{event}")
            } else if let Some(item) = n.item_id {
                format!("/item/{item}")
            } else if n.post_id.is_some() {
                post(n)
            } else {
                "/notifications".to_owned()
            }
        }
    }
}

/// The first words of the comment, as plain text on one line.
fn excerpt(n: &Notification) -> Option<String> {
    let html = n.comment_html.as_deref().filter(|h| !h.is_empty())?;
    let text = crate::markdown::plain_text(html);
    shorten(&text)
}

/// `text` on one line, cut after [`EXCERPT_CHARS`]; none when empty.
fn shorten(text: &str) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= EXCERPT_CHARS {
        return Some(text);
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    // End on a word when there is one to end on.
    let cut = match cut.rfind(' ') {
        Some(at) if at > EXCERPT_CHARS / 2 => cut[..at].to_owned(),
        _ => cut,
    };
    Some(format!("{cut}…"))
}

/// An event's start in the reader's zone, naming the zone.
fn when(n: &Notification, t: &Tr, tz: &TimeZone) -> String {
    let Some(start) = n
        .event_starts_at
        .and_then(|m| jiff::Timestamp::from_microsecond(m).ok())
    else {
        return String::new();
    };
    let zoned = start.to_zoned(tz.clone());
    let zone = tz.iana_name().unwrap_or("UTC");
    t.args(
        "notification-when",
        &[("time", &t.zoned(&zoned)), ("zone", zone)],
    )
}

/// What changed in an event, and what it is now, in words: "new time:
/// 30 March 2026 09:00 (Africa/Kinshasa); new place: Salle 3". Notices
/// written before the new values were kept name only what changed.
fn changes(n: &Notification, params: &Value, t: &Tr, tz: &TimeZone) -> String {
    change_phrases(params, &when(n, t, tz), t)
}

/// What changed, in words, from the `params` of `event.updated` and the
/// event's (new) start as `when`: also what a guest's email says.
pub fn change_phrases(params: &Value, when: &str, t: &Tr) -> String {
    let phrases: Vec<String> = params
        .get("changed")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|c| match c {
            "time" => Some(t.with("notification-change-time", "when", when)),
            "place" => Some(match params.get("place").and_then(Value::as_str) {
                Some("") => t.get("notification-change-place-none"),
                Some(place) => t.with("notification-change-place", "place", place),
                None => t.get("notification-changed-place"),
            }),
            "link" => Some(match params.get("link").and_then(Value::as_bool) {
                Some(true) => t.get("notification-change-link"),
                Some(false) => t.get("notification-change-link-none"),
                None => t.get("notification-changed-link"),
            }),
            "status" => Some(match params.get("status").and_then(Value::as_str) {
                Some(status) => t.with(
                    "notification-change-status",
                    "status",
                    t.label("event-status-", status),
                ),
                None => t.get("notification-changed-status"),
            }),
            "title" => Some(t.get("notification-change-title")),
            _ => None,
        })
        .collect();
    phrases.join(&t.get("notification-change-separator"))
}

fn sentence(n: &Notification, kind: Kind, t: &Tr, tz: &TimeZone) -> String {
    let someone = t.get("notification-someone");
    let params = params(n);
    // A guest (issue 17 point 5) has no account: their name is a param.
    let guest = params
        .get("guest")
        .and_then(Value::as_str)
        .map(|name| t.with("notification-guest", "name", name));
    let actor = n
        .actor_name
        .as_deref()
        .filter(|name| !name.trim().is_empty())
        .or(n.actor_handle.as_deref())
        .or(guest.as_deref())
        .unwrap_or(&someone)
        .to_owned();
    let untitled = t.get("notification-untitled");
    let title = |v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(&untitled)
            .to_owned()
    };
    let post = title(&n.post_title);
    let event = title(&n.event_title);
    let item = title(&n.item_title);
    let space = title(&n.space_title);
    let on_comment = n.comment_id.is_some();
    let args = |id: &str| {
        t.args(
            id,
            &[
                ("actor", &actor),
                ("post", &post),
                ("event", &event),
                ("item", &item),
                ("space", &space),
            ],
        )
    };
    match kind {
        Kind::Mention if on_comment => args("notification-mention-comment"),
        Kind::Mention => args("notification-mention-post"),
        Kind::CommentOnPost => args("notification-comment-on-post"),
        Kind::CommentReply => args("notification-comment-reply"),
        Kind::Reaction => {
            let id = if on_comment {
                "notification-reaction-comment"
            } else {
                "notification-reaction-post"
            };
            t.count_args(
                id,
                (n.actor_count - 1).max(0),
                &[("actor", &actor), ("post", &post), ("space", &space)],
            )
        }
        Kind::PostNew => args("notification-post-new"),
        Kind::JoinApproved => args("notification-join-approved"),
        Kind::JoinRefused => args("notification-join-refused"),
        Kind::SpaceInvitation => args("notification-space-invitation"),
        Kind::JoinRequested if params.get("remote").is_some() => {
            args("notification-follow-requested")
        }
        Kind::JoinRequested => args("notification-join-requested"),
        Kind::EventRegistration if param(&params, "state") == "pending" => {
            args("notification-event-registration-pending")
        }
        Kind::EventRegistration => args("notification-event-registration"),
        Kind::EventUnregistration => args("notification-event-unregistration"),
        Kind::EventWaitlist if param(&params, "state") == "going" => {
            args("notification-event-waitlist-moved-up")
        }
        Kind::EventWaitlist => args("notification-event-waitlist"),
        Kind::EventUpdated => t.args(
            "notification-event-updated",
            &[
                ("event", &event),
                ("space", &space),
                ("changed", &changes(n, &params, t, tz)),
            ],
        ),
        Kind::EventCancelled => args("notification-event-cancelled"),
        Kind::EventReminder => {
            let id = if param(&params, "when") == "day" {
                "notification-event-reminder-day"
            } else {
                "notification-event-reminder-hour"
            };
            t.args(id, &[("event", &event), ("when", &when(n, t, tz))])
        }
        Kind::EventAccepted if params.get("freed").is_some() => {
            args("notification-event-accepted-freed")
        }
        Kind::EventAccepted if param(&params, "state") == "waiting" => {
            args("notification-event-accepted-waiting")
        }
        Kind::EventAccepted => args("notification-event-accepted"),
        Kind::EventRejected => args("notification-event-rejected"),
        Kind::EventReplay => t.args(
            match param(&params, "material") {
                "slides" => "notification-event-replay-slides",
                "notes" => "notification-event-replay-notes",
                _ => "notification-event-replay-recording",
            },
            &[("event", &event), ("space", &space)],
        ),
        Kind::EventMessage => t.args(
            "notification-event-message",
            &[
                ("actor", &actor),
                ("event", &event),
                ("subject", param(&params, "subject")),
            ],
        ),
        Kind::LibraryChanged => args("notification-library-changed"),
        Kind::LibraryCommented => args("notification-library-commented"),
        Kind::ReportNew if n.actor_id.is_some() => args("notification-report-new"),
        Kind::ReportNew => t.with(
            "notification-report-new-remote",
            "origin",
            param(&params, "origin"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn sample(kind: Kind) -> Notification {
        Notification {
            id: 1,
            kind: kind.as_str().to_owned(),
            actor_count: 3,
            params: r#"{"changed": ["time", "place"], "when": "hour", "origin": "beta.test"}"#
                .to_owned(),
            message: String::new(),
            delivery: "app".to_owned(),
            created_at: 0,
            updated_at: 0,
            read_at: None,
            emailed_at: None,
            actor_id: Some(2),
            actor_handle: Some("amina".to_owned()),
            actor_name: Some("Amina".to_owned()),
            space_id: Some(3),
            space_slug: Some("litigation".to_owned()),
            space_title: Some("Litigation".to_owned()),
            space_domain: None,
            space_public: Some(1),
            space_full_text: Some(0),
            post_id: Some(4),
            post_title: Some("Hearing moved".to_owned()),
            comment_id: Some(5),
            comment_source: Some("We *will* be there".to_owned()),
            comment_html: Some("<p>We <em>will</em> be there</p>".to_owned()),
            event_id: Some(6),
            event_title: Some("Hearing".to_owned()),
            // 2026-03-30T08:00:00Z
            event_starts_at: Some(1_774_857_600_000_000),
            event_timezone: Some("Europe/Brussels".to_owned()),
            item_id: Some(7),
            item_title: Some("Brief".to_owned()),
            report_id: Some(8),
        }
    }

    #[test]
    fn every_kind_reads_as_a_sentence_in_every_language() {
        let tz = TimeZone::get("Africa/Kinshasa").unwrap();
        for lang in Lang::ALL {
            let t = Tr::new(lang);
            for kind in Kind::ALL {
                let text = render(&sample(kind), &t, &tz).text;
                assert!(
                    !text.contains("notification-") && !text.is_empty(),
                    "{} {kind}: {text}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn names_who_what_where_and_when() {
        let t = Tr::new(Lang::En);
        let tz = TimeZone::get("Africa/Kinshasa").unwrap();
        let reply = render(&sample(Kind::CommentReply), &t, &tz);
        assert_eq!(
            reply.text,
            "Amina replied to your comment on “Hearing moved” in Litigation"
        );
        assert_eq!(reply.link, "/post/4#comment-5");
        assert_eq!(reply.excerpt.as_deref(), Some("We will be there"));
        let grouped = render(&sample(Kind::Reaction), &t, &tz).text;
        assert!(
            grouped.starts_with("Amina and 2 others reacted"),
            "{grouped}"
        );
        // A notice kept before the new values were: what changed, in words.
        let changed = render(&sample(Kind::EventUpdated), &t, &tz).text;
        assert!(changed.contains("changed: new time "), "{changed}");
        // 08:00 UTC is 09:00 in Kinshasa.
        assert!(
            changed.contains("09:00 (Africa/Kinshasa); place"),
            "{changed}"
        );
        // Now: what each is.
        let mut moved = sample(Kind::EventUpdated);
        moved.params = r#"{"changed": ["place", "link", "status", "title"],
                          "place": "Salle 3, 1 Rue", "link": false, "status": "tentative"}"#
            .to_owned();
        assert_eq!(
            render(&moved, &t, &tz).text,
            "“Hearing” in Litigation changed: new place: Salle 3, 1 Rue; \
             no online link any more; status now “To be confirmed”; new title"
        );
        moved.params = r#"{"changed": ["place", "link"], "place": "", "link": true}"#.to_owned();
        assert_eq!(
            render(&moved, &t, &tz).text,
            "“Hearing” in Litigation changed: no place any more; \
             new online link (on the event’s page, for accepted participants)"
        );
        let mut old = sample(Kind::EventReminder);
        old.message = "\"Soon\" starts in an hour".to_owned();
        assert_eq!(render(&old, &t, &tz).text, old.message);
    }

    #[test]
    fn a_message_carries_its_whole_text() {
        let t = Tr::new(Lang::En);
        let mut n = sample(Kind::EventMessage);
        n.params =
            r#"{"subject": "Room changed", "body": "Salle 3.\n\nBring <b>ID</b>."}"#.to_owned();
        let shown = render(&n, &t, &TimeZone::UTC);
        assert_eq!(
            shown.text,
            "Amina wrote to the participants of “Hearing”: Room changed"
        );
        assert_eq!(shown.link, "/event/6");
        assert_eq!(shown.body.as_deref(), Some("Salle 3.\n\nBring <b>ID</b>."));
        assert_eq!(shown.excerpt.as_deref(), Some("Salle 3. Bring <b>ID</b>."));
        n.params = r#"{"subject": "Only a subject", "body": ""}"#.to_owned();
        assert_eq!(render(&n, &t, &TimeZone::UTC).body, None);
    }

    #[test]
    fn excerpts_are_short() {
        let mut n = sample(Kind::CommentOnPost);
        n.comment_html = Some(format!("<p>{}</p>", "word ".repeat(100)));
        let excerpt = excerpt(&n).unwrap();
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 1);
        assert!(excerpt.ends_with('…'));
    }
}
