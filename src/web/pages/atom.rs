//! Atom feeds (RFC 4287) of what anyone may read: the instance's public
//! posts, each public space's posts, the upcoming public events and the
//! newsletters' archives (the instance's, a public space's). For
//! feed readers and for partners' websites; no cookie is read, so a feed
//! is the same for everyone and never holds a private space's content:
//! each one reads exactly what an anonymous visitor's page would show,
//! through the same domain functions (`feeds::public`, `feeds::space`
//! with an anonymous `find_visible`, `events::upcoming(Public)`).
//!
//! Written with `quick-xml`'s writer (already used to read DOCX and ODT),
//! which escapes every text and attribute, rather than by templates.

use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::events::{self, EventView, Upcoming};
use crate::feeds::{self, Cursor, PageRequest};
use crate::posts::PostView;
use crate::spaces::{self, Visibility};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/feed.atom", get(public_posts))
        .route("/s/{space}/feed.atom", get(space_posts))
        .route("/events/feed.atom", get(upcoming_events))
        .route("/newsletter/feed.atom", get(instance_newsletter))
        .route("/s/{space}/newsletter/feed.atom", get(space_newsletter))
}

/// Entries in a feed of posts: what a reader polls for.
const ENTRIES: i64 = 30;

/// A feed, ready to write.
struct Feed {
    /// The feed's own URL, also its id.
    url: String,
    /// The HTML page it follows.
    page: String,
    title: String,
    /// RFC 3339: the newest entry's, or now for an empty feed.
    updated: String,
    entries: Vec<Entry>,
}

struct Entry {
    /// Its page on this instance, also its id.
    url: String,
    title: String,
    author: String,
    language: String,
    /// Absent for events (their `updated` says when they last changed).
    published: Option<String>,
    updated: String,
    /// What a reader shows in a list.
    summary: Option<String>,
    /// Sanitised HTML (the same as the page shows).
    content_html: String,
}

fn write(feed: &Feed) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new(Vec::with_capacity(4096));
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .write_inner_content(|w| {
            text(w, "id", &feed.url)?;
            text(w, "title", &feed.title)?;
            text(w, "updated", &feed.updated)?;
            link(w, "self", &feed.url, Some("application/atom+xml"))?;
            link(w, "alternate", &feed.page, Some("text/html"))?;
            text(w, "generator", "Agora")?;
            for entry in &feed.entries {
                w.create_element("entry")
                    .with_attribute(("xml:lang", entry.language.as_str()))
                    .write_inner_content(|w| {
                        text(w, "id", &entry.url)?;
                        text(w, "title", &entry.title)?;
                        link(w, "alternate", &entry.url, Some("text/html"))?;
                        if let Some(published) = &entry.published {
                            text(w, "published", published)?;
                        }
                        text(w, "updated", &entry.updated)?;
                        w.create_element("author")
                            .write_inner_content(|w| text(w, "name", &entry.author))?;
                        if let Some(summary) = &entry.summary {
                            text(w, "summary", summary)?;
                        }
                        // The language again where readers look for it.
                        w.create_element("content")
                            .with_attribute(("type", "html"))
                            .with_attribute(("xml:lang", entry.language.as_str()))
                            .write_text_content(BytesText::new(&entry.content_html))?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(w.into_inner())
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str, kind: Option<&str>) -> std::io::Result<()> {
    let mut element = w
        .create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("href", href));
    if let Some(kind) = kind {
        element = element.with_attribute(("type", kind));
    }
    element.write_empty()?;
    Ok(())
}

fn respond(feed: Feed) -> AppResult<Response> {
    let body = write(&feed).map_err(|e| AppError::Internal(anyhow::anyhow!("atom: {e}")))?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    // The same for everyone; readers poll.
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}

fn now() -> String {
    crate::db::format_time(crate::db::now())
}

fn post_entries(base: &str, posts: Vec<PostView>) -> Vec<Entry> {
    posts
        .into_iter()
        .map(|post| Entry {
            url: format!("{base}/post/{}", post.id),
            title: if post.title.trim().is_empty() {
                crate::markdown::plain_text(&post.body_html)
                    .chars()
                    .take(80)
                    .collect()
            } else {
                post.title
            },
            author: if post.author.display_name.trim().is_empty() {
                post.author.username
            } else {
                post.author.display_name
            },
            language: post.language,
            updated: post.edited_at.unwrap_or_else(|| post.created_at.clone()),
            published: Some(post.created_at),
            summary: None,
            content_html: post.body_html,
        })
        .collect()
}

fn first_page() -> PageRequest {
    PageRequest {
        before: Cursor::START,
        limit: ENTRIES,
    }
}

fn newest(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .map_or_else(now, str::to_owned)
}

async fn public_posts(State(state): State<AppState>) -> AppResult<Response> {
    let base = state.changes.urls.base().to_owned();
    let page = feeds::public(&state.db, None, first_page()).await?;
    let entries = post_entries(&base, page.items);
    respond(Feed {
        url: format!("{base}/feed.atom"),
        page: format!("{base}/"),
        title: format!("{} · Agora", state.changes.urls.domain()),
        updated: newest(&entries),
        entries,
    })
}

async fn space_posts(
    State(state): State<AppState>,
    Path(space): Path<String>,
) -> AppResult<Response> {
    // As an anonymous visitor: a private space is "not found", whoever
    // asks, exactly like one that does not exist.
    let access = spaces::find_visible(&state.db, &space, None).await?;
    if access.space.visibility != Visibility::Public {
        return Err(AppError::NotFound("space"));
    }
    let base = state.changes.urls.base().to_owned();
    let page = feeds::space(&state.db, &access, None, first_page()).await?;
    let entries = post_entries(&base, page.items);
    respond(Feed {
        url: format!("{base}/s/{space}/feed.atom"),
        page: format!("{base}/s/{space}"),
        title: access.space.title.clone(),
        updated: newest(&entries),
        entries,
    })
}

fn event_entry(base: &str, event: EventView) -> Entry {
    let when = format!("{} ({})", event.starts_local, event.timezone);
    let place = event
        .place
        .as_ref()
        .and_then(|p| p.name.clone().or_else(|| p.address.clone()));
    Entry {
        url: format!("{base}/event/{}", event.id),
        summary: Some(match place {
            Some(place) => format!("{when} · {place}"),
            None => when,
        }),
        title: event.title,
        author: event.organiser,
        language: event.language,
        published: None,
        updated: event.updated_at,
        content_html: event.description_html,
    }
}

async fn upcoming_events(State(state): State<AppState>) -> AppResult<Response> {
    let base = state.changes.urls.base().to_owned();
    let events = events::upcoming_first(&state.db, Upcoming::Public, None, None, ENTRIES).await?;
    let entries: Vec<Entry> = events
        .into_iter()
        .map(|event| event_entry(&base, event))
        .collect();
    respond(Feed {
        url: format!("{base}/events/feed.atom"),
        page: format!("{base}/events"),
        title: format!("{} · Agora", state.changes.urls.domain()),
        updated: now(),
        entries,
    })
}

async fn instance_newsletter(State(state): State<AppState>) -> AppResult<Response> {
    newsletter_feed(&state, None).await
}

async fn space_newsletter(
    State(state): State<AppState>,
    Path(space): Path<String>,
) -> AppResult<Response> {
    newsletter_feed(&state, Some(space)).await
}

/// The issues that went out, each in its first edition (the others are
/// on its page), as the archive page lists them.
async fn newsletter_feed(state: &AppState, space: Option<String>) -> AppResult<Response> {
    use crate::markdown::escape_html;
    use crate::newsletter::{self, sending};
    let base = state.changes.urls.base().to_owned();
    let id = newsletter::letter_of(&state.db, space.as_deref(), None).await?;
    let name = sending::letter_name(&state.db, &state.mailer, id).await?;
    let page = match &space {
        Some(slug) => format!("{base}/s/{slug}/newsletter"),
        None => format!("{base}/newsletter"),
    };
    let entries: Vec<Entry> = newsletter::archive(&state.db, id, ENTRIES)
        .await?
        .into_iter()
        .filter_map(|issue| {
            let edition = issue.editions.first()?;
            let mut html: String = sending::paragraphs(&edition.body)
                .iter()
                .map(|p| format!("<p>{}</p>", escape_html(p)))
                .collect();
            if !issue.picks.is_empty() {
                html.push_str("<ul>");
                for pick in &issue.picks {
                    html.push_str(&format!(
                        "<li><a href=\"{base}{}\">{}</a></li>",
                        pick.path,
                        escape_html(&pick.title)
                    ));
                }
                html.push_str("</ul>");
            }
            let sent = issue.sent_at.clone().unwrap_or_else(now);
            Some(Entry {
                url: format!("{base}/newsletter/{}", issue.id),
                title: edition.subject.clone(),
                author: name.clone(),
                language: edition.language.clone(),
                published: Some(sent.clone()),
                updated: sent,
                summary: None,
                content_html: html,
            })
        })
        .collect();
    respond(Feed {
        url: format!("{page}/feed.atom"),
        page,
        title: name,
        updated: newest(&entries),
        entries,
    })
}
