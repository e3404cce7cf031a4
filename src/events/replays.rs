//! What an event leaves behind (issue 17 point 4): once it has started, its
//! organisers attach its recording, slides or notes — a link, or an item
//! of the space's library — and the participants who went are told. Past
//! events, with what they left, make each space's archive and the
//! instance's (its public spaces').
//!
//! Who may see an attachment is who may see the event: the list is read
//! only for an event the viewer already holds (`find_visible`), and a
//! library item keeps its own checks when it is opened.

use serde::Serialize;

use super::{Event, event_columns, find_visible, require_organiser, views};
use crate::accounts::Account;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::notifications::{self, Kind, New};
use crate::spaces::SpaceAccess;
use crate::text_enum::text_enum;

text_enum! {
    pub enum MaterialKind {
        /// A recording of the event (a video or audio link or file).
        Recording = "recording",
        Slides = "slides",
        Notes = "notes",
    }
}

/// Where an attachment is.
pub enum Source {
    /// An http(s) link.
    Link(String),
    /// A file or note of the event's space's library.
    Item(i64),
}

pub struct NewMaterial {
    pub kind: MaterialKind,
    /// Optional: an item's own title, or the kind, stands in.
    pub title: String,
    pub source: Source,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MaterialView {
    pub id: i64,
    pub kind: MaterialKind,
    /// Empty when the organiser gave none (an item's title stands in).
    pub title: String,
    /// The link, for a link.
    pub url: Option<String>,
    /// The library item, for an item.
    pub item_id: Option<i64>,
    /// RFC 3339.
    pub added_at: String,
}

/// Attachments an event holds at most.
pub const MAX_MATERIALS: i64 = 50;

/// Attaches a recording, slides or notes to an event that has started
/// (its organiser and the space's content managers), and tells those who
/// went. Returns the attachment's id.
pub async fn add(db: &Db, event_id: i64, who: &Account, new: NewMaterial) -> AppResult<i64> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    may_attach(&event, &access, who)?;
    let title = new.title.trim();
    if title.chars().count() > 200 {
        return Err(AppError::invalid("title: at most 200 characters"));
    }
    let (url, item_id) = match new.source {
        Source::Link(url) => (Some(link(&url)?), None),
        Source::Item(id) => (None, Some(id)),
    };
    let mut tx = db.begin().await?;
    if let Some(item_id) = item_id {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM library_items WHERE id = $1 AND space_id = $2 \
             AND deleted_at IS NULL AND kind <> 'folder'",
        )
        .bind(item_id)
        .bind(event.space_id)
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(AppError::invalid(
                "item: no such file or note in the library of the event's space",
            ));
        }
    }
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM event_materials WHERE event_id = $1")
            .bind(event.id)
            .fetch_one(&mut *tx)
            .await?;
    if count >= MAX_MATERIALS {
        return Err(AppError::conflict(format!(
            "an event holds at most {MAX_MATERIALS} recordings, slides and notes"
        )));
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO event_materials (event_id, kind, title, url, library_item_id, added_by, \
                                      created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(event.id)
    .bind(new.kind)
    .bind(title)
    .bind(url)
    .bind(item_id)
    .bind(who.id)
    .bind(db::now())
    .fetch_one(&mut *tx)
    .await?;
    let went: Vec<(i64,)> = sqlx::query_as(
        "SELECT account_id FROM event_participants WHERE event_id = $1 AND state = 'going'",
    )
    .bind(event.id)
    .fetch_all(&mut *tx)
    .await?;
    let news = New::of(Kind::EventReplay)
        .actor(who.id)
        .space(event.space_id)
        .event(event.id)
        .param("material", new.kind.as_str());
    for (account,) in went {
        notifications::notify(&mut tx, account, &news).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Whether `who` may attach to `event` now: its organiser or the space's
/// content managers, on the event's own instance, once it has started.
pub fn may_attach(event: &Event, access: &SpaceAccess, who: &Account) -> AppResult<()> {
    require_organiser(event, access, who)?;
    if event.ap_id.is_some() {
        return Err(AppError::conflict(
            "this event belongs to another instance: its organisers add replays there",
        ));
    }
    if event.starts_at > db::now() {
        return Err(AppError::conflict(
            "a replay, slides or notes can be added once the event has started",
        ));
    }
    Ok(())
}

fn link(value: &str) -> AppResult<String> {
    let value = value.trim();
    if value.len() > 2000 {
        return Err(AppError::invalid("url: at most 2,000 characters"));
    }
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "https" | "http") => Ok(u.to_string()),
        _ => Err(AppError::invalid(
            "url: an http(s) link, e.g. https://video.example/watch/talk",
        )),
    }
}

/// Takes an attachment off (its organiser and the space's content
/// managers). A library item stays in the library.
pub async fn remove(db: &Db, event_id: i64, material_id: i64, who: &Account) -> AppResult<()> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    let removed = sqlx::query("DELETE FROM event_materials WHERE id = $1 AND event_id = $2")
        .bind(material_id)
        .bind(event.id)
        .execute(db.writer())
        .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::NotFound("replay"));
    }
    Ok(())
}

type MaterialRow = (
    i64,
    i64,
    MaterialKind,
    String,
    Option<String>,
    Option<i64>,
    i64,
);

fn material(row: MaterialRow) -> MaterialView {
    let (id, _, kind, title, url, item_id, created_at) = row;
    MaterialView {
        id,
        kind,
        title,
        url,
        item_id,
        added_at: format_time(created_at),
    }
}

/// What an event the caller holds left behind, in the order it was added.
/// An item's title stands in for a missing one; an item deleted from the
/// library (a tombstone) is no longer listed.
pub async fn of_event(db: &Db, event: &Event) -> AppResult<Vec<MaterialView>> {
    Ok(of_events(db, &[event.id])
        .await?
        .into_iter()
        .flatten()
        .collect())
}

/// The attachments of each of `events`, in their order.
async fn of_events(db: &Db, events: &[i64]) -> AppResult<Vec<Vec<MaterialView>>> {
    let mut out: Vec<Vec<MaterialView>> = events.iter().map(|_| Vec::new()).collect();
    if events.is_empty() {
        return Ok(out);
    }
    let list = events
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    // Ids from our own rows, not text from anyone: safe to inline.
    let rows: Vec<MaterialRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT m.id, m.event_id, m.kind, \
                CASE WHEN m.title = '' AND i.title IS NOT NULL THEN i.title ELSE m.title END, \
                m.url, m.library_item_id, m.created_at \
         FROM event_materials m LEFT JOIN library_items i ON i.id = m.library_item_id \
         WHERE m.event_id IN ({list}) AND i.deleted_at IS NULL ORDER BY m.id"
    )))
    .fetch_all(&db.read)
    .await?;
    for row in rows {
        if let Some(i) = events.iter().position(|&e| e == row.1) {
            out[i].push(material(row));
        }
    }
    Ok(out)
}

/// Past events of one space, or of the instance's public spaces.
pub enum Past<'a> {
    Space(&'a SpaceAccess),
    Public,
}

/// A page of an archive.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ArchivePage {
    pub events: Vec<PastEvent>,
    /// Pass as `before` for the next (older) page; absent on the last.
    pub next: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PastEvent {
    pub event: views::EventView,
    pub materials: Vec<MaterialView>,
}

/// Events in an archive's page.
pub const ARCHIVE_PAGE: i64 = 20;

/// Events that have ended, newest first, [`ARCHIVE_PAGE`] at a time,
/// each with what it left behind. `before` is the `next` of the page
/// before (`<ends_at>-<id>`).
pub async fn archive(
    db: &Db,
    which: Past<'_>,
    viewer: Option<&Account>,
    viewer_zone: Option<&str>,
    before: Option<&str>,
) -> AppResult<ArchivePage> {
    let (before_end, before_id) = match before {
        None => (db::now(), i64::MAX),
        Some(cursor) => cursor
            .split_once('-')
            .and_then(|(end, id)| Some((end.parse().ok()?, id.parse().ok()?)))
            .ok_or_else(|| AppError::invalid("before: not a page of this archive"))?,
    };
    let now = db::now();
    let scope = match which {
        Past::Space(access) => Some(access.space.id),
        Past::Public => None,
    };
    let mut events: Vec<Event> = sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events e JOIN spaces s ON s.id = e.space_id \
         WHERE e.ends_at < $1 \
         AND (e.ends_at < $2 OR (e.ends_at = $2 AND e.id < $3)) \
         AND (CASE WHEN $4 IS NULL \
              THEN s.visibility = 'public' AND s.federation_state = 0 \
              ELSE e.space_id = $4 END) \
         ORDER BY e.ends_at DESC, e.id DESC LIMIT $5 + 0"
    ))
    .bind(now)
    .bind(before_end)
    .bind(before_id)
    .bind(scope)
    .bind(ARCHIVE_PAGE + 1)
    .fetch_all(&db.read)
    .await?;
    let next = (events.len() as i64 > ARCHIVE_PAGE).then(|| {
        events.truncate(ARCHIVE_PAGE as usize);
        let last = &events[events.len() - 1];
        format!("{}-{}", last.ends_at, last.id)
    });
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let materials = of_events(db, &ids).await?;
    let views = views::views(db, events, viewer, viewer_zone).await?;
    Ok(ArchivePage {
        events: views
            .into_iter()
            .zip(materials)
            .map(|(event, materials)| PastEvent { event, materials })
            .collect(),
        next,
    })
}
