//! The pages, one file per part of the interface. Handlers stay thin: find
//! what the page shows through the domain modules, render, or call the
//! same domain function the API calls and go back to a page.

mod admin;
mod atom;
mod attachments;
mod auth;
mod checklist;
mod directory;
mod drafts;
mod event_form;
mod event_guests;
mod event_replays;
mod event_times;
mod events;
mod front;
mod home;
mod library;
mod members;
mod newsletter;
mod newsletter_editor;
mod notifications;
mod outbox;
mod personal_data;
mod post_form;
mod posts;
mod preferences;
mod profile;
mod recovery;
mod search;
mod security;
mod space_reports;
mod spaces;
mod translation;

use crate::AppState;
use crate::markdown::plain_text;
use crate::posts::PostView;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .merge(auth::router())
        .merge(home::router())
        .merge(checklist::router())
        .merge(spaces::router())
        .merge(members::router())
        .merge(space_reports::router())
        .merge(notifications::router())
        .merge(posts::router())
        .merge(attachments::router())
        .merge(profile::router())
        .merge(directory::router())
        .merge(drafts::router())
        .merge(events::router())
        .merge(event_guests::router())
        .merge(event_replays::router())
        .merge(library::router())
        .merge(admin::router())
        .merge(recovery::router())
        .merge(security::router())
        .merge(personal_data::router())
        .merge(outbox::router())
        .merge(preferences::router())
        .merge(translation::router())
        .merge(search::router())
        .merge(atom::router())
        .merge(newsletter::router())
        .merge(newsletter_editor::router())
        .merge(front::router())
}

/// Pages that fetch from other instances.
pub fn federated() -> axum::Router<AppState> {
    spaces::federated()
}

/// Pages that receive files.
pub fn uploads() -> axum::Router<AppState> {
    library::uploads()
        .merge(posts::uploads())
        .merge(attachments::uploads())
        .merge(event_replays::uploads())
        .merge(personal_data::long_running())
}

/// A post as a feed shows it: its first lines as plain text.
pub struct FeedPost {
    pub p: PostView,
    pub excerpt: String,
}

/// Feeds show this much of each post; the rest is a click away. It keeps a
/// page of 20 long posts light on a phone.
const EXCERPT_CHARS: usize = 280;

impl FeedPost {
    pub fn new(p: PostView) -> Self {
        let text = plain_text(&p.body_html);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let excerpt = match text.char_indices().nth(EXCERPT_CHARS) {
            Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
            None => text,
        };
        FeedPost { p, excerpt }
    }
}

pub fn feed(items: Vec<PostView>) -> Vec<FeedPost> {
    items.into_iter().map(FeedPost::new).collect()
}

/// Markdown's `#` makes an `<h1>`, but a page has one h1, its own: headings
/// written by members go one level down (h1 to h2, …, h5 to h6). The HTML
/// comes sanitised from the renderer, so a tag is always a tag.
pub fn demote_headings(html: &str) -> String {
    let mut out = html.to_owned();
    for level in (1..=5).rev() {
        let lower = level + 1;
        out = out
            .replace(&format!("<h{level}"), &format!("<h{lower}"))
            .replace(&format!("</h{level}>"), &format!("</h{lower}>"));
    }
    out
}
