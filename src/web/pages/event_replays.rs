//! What events leave behind: attaching a recording, slides or notes to an
//! event (a link, an item of the space's library, or a file uploaded to
//! it), and the archives of past events with their replays, a space's and
//! the instance's.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::event_times::Shown;
use super::events::{event_id, show_refused_replay};
use super::library::file_refusal;
use super::spaces::{SpaceHeader, header};
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::events::{
    self,
    replays::{self, MaterialKind, MaterialView, NewMaterial, Past, Source},
};
use crate::library::{self, FileMeta, ListQuery, Upload as FileBody};
use crate::spaces::SpaceAccess;
use crate::web::field_errors::{FieldErrors, Refusable};
use crate::web::{Ctx, FileStream, NoFields, Submitted, Upload, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/events/past", get(instance_archive))
        .route("/s/{space}/events/past", get(space_archive))
        .route("/event/{id}/replays", post(attach))
        .route("/event/{id}/replays/{material}/remove", post(detach))
}

/// The form that carries a file.
pub fn uploads() -> axum::Router<AppState> {
    axum::Router::new().route("/event/{id}/replays/upload", post(attach_upload))
}

/// An archive's page: a past event, when it was, and what it left.
pub struct PastShown {
    pub ev: Shown,
    pub materials: Vec<MaterialView>,
}

#[derive(Deserialize, Default)]
struct ArchiveQuery {
    before: Option<String>,
}

#[derive(Template)]
#[template(path = "events_archive.html", config = "src/web/askama.toml")]
struct ArchivePage {
    c: Ctx,
    /// The space's header; `None` for the instance's archive.
    h: Option<SpaceHeader>,
    events: Vec<PastShown>,
    /// The next (older) page's address.
    next: Option<String>,
}

impl ArchivePage {
    fn material_label(&self, m: &MaterialView) -> String {
        material_label(m)
    }
}

/// The locale message naming an attachment's kind.
pub fn material_label(m: &MaterialView) -> String {
    format!("replay-kind-{}", m.kind)
}

async fn archive(
    state: &AppState,
    c: &Ctx,
    which: Past<'_>,
    before: Option<&str>,
) -> AppResult<(Vec<PastShown>, Option<String>)> {
    let page = replays::archive(&state.db, which, c.me.as_ref(), None, before).await?;
    let zone = super::event_times::viewer_zone(c);
    let events = page
        .events
        .into_iter()
        .map(|p| PastShown {
            ev: Shown::new(&c.t, p.event, zone.as_ref()),
            materials: p.materials,
        })
        .collect();
    Ok((events, page.next))
}

async fn instance_archive(
    State(state): State<AppState>,
    c: Ctx,
    Query(query): Query<ArchiveQuery>,
) -> AppResult<Response> {
    let (events, next) = archive(&state, &c, Past::Public, query.before.as_deref()).await?;
    let next = next.map(|n| format!("/events/past?before={n}"));
    html(ArchivePage {
        c,
        h: None,
        events,
        next,
    })
}

async fn space_archive(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Query(query): Query<ArchiveQuery>,
) -> AppResult<Response> {
    let (access, h) = header(&state, &c, &space, "events").await?;
    let (events, next) = archive(&state, &c, Past::Space(&access), query.before.as_deref()).await?;
    let next = next.map(|n| format!("/s/{}/events/past?before={n}", h.r));
    html(ArchivePage {
        c,
        h: Some(h),
        events,
        next,
    })
}

/// The replay forms as sent back when one was refused: the link's and the
/// upload's, each with its own element ids.
pub struct ReplayForms {
    pub link: ReplayTyped,
    pub upload: ReplayTyped,
}

/// A replay form's fields as sent, and what is wrong with them.
pub struct ReplayTyped {
    pub kind: String,
    pub title: String,
    pub url: String,
    pub item: String,
    pub errors: FieldErrors,
}

impl Default for ReplayForms {
    fn default() -> Self {
        ReplayForms {
            link: ReplayTyped::empty("replay"),
            upload: ReplayTyped::empty("replay-upload"),
        }
    }
}

impl ReplayForms {
    pub fn refused(&self) -> bool {
        !(self.link.errors.is_empty() && self.upload.errors.is_empty())
    }
}

impl ReplayTyped {
    fn empty(prefix: &'static str) -> Self {
        ReplayTyped {
            kind: String::new(),
            title: String::new(),
            url: String::new(),
            item: String::new(),
            errors: FieldErrors::new(prefix),
        }
    }

    pub fn kind_is(&self, kind: &str) -> bool {
        self.kind == kind
    }

    pub fn item_is(&self, item: &i64) -> bool {
        self.item.trim() == item.to_string()
    }
}

/// The domain's refusals of a replay the forms show next to a field.
const REFUSABLE: [Refusable; 3] = [
    ("title", "title", "replay-error-title"),
    ("url", "url", "replay-error-url"),
    ("item", "item", "replay-error-item"),
];

/// The kind as chosen; anything else is said next to the field.
fn kind(raw: &str, errors: &mut FieldErrors) -> Option<MaterialKind> {
    let kind = raw.parse().ok();
    if kind.is_none() {
        errors.add("kind", "replay-error-kind");
    }
    kind
}

#[derive(Deserialize)]
struct AttachForm {
    kind: String,
    #[serde(default)]
    title: String,
    /// A link …
    #[serde(default)]
    url: String,
    /// … or an item of the space's library.
    #[serde(default)]
    item: String,
}

/// Whichever the form filled, a link or an item of the library: exactly
/// one.
fn source(form: &AttachForm, errors: &mut FieldErrors) -> Option<Source> {
    match (form.url.trim(), form.item.trim()) {
        (url, "") if !url.is_empty() => Some(Source::Link(url.to_owned())),
        ("", item) if !item.is_empty() => {
            let item = item.parse().ok();
            if item.is_none() {
                errors.add("item", "replay-error-item");
            }
            item.map(Source::Item)
        }
        // Neither, or both.
        _ => {
            errors.add("url", "replay-error-source");
            None
        }
    }
}

/// A link or an item of the library; a refused field brings the event's
/// page back with the form as typed.
async fn attach(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<AttachForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    // Who may not attach gets the error page, not a form they cannot see.
    let (event, access) = events::find_visible(&state.db, id, Some(me)).await?;
    replays::may_attach(&event, &access, me)?;
    let mut errors = FieldErrors::new("replay");
    let kind = kind(&form.kind, &mut errors);
    if let (Some(kind), Some(source)) = (kind, source(&form, &mut errors)) {
        let new = NewMaterial {
            kind,
            title: form.title.clone(),
            source,
        };
        match replays::add(&state.db, id, me, new).await {
            Ok(_) => return Ok(see_other(&format!("/event/{id}#replays"))),
            Err(e) => errors = FieldErrors::from_refusal("replay", &e, &REFUSABLE).ok_or(e)?,
        }
    }
    let link = ReplayTyped {
        kind: form.kind,
        title: form.title,
        url: form.url,
        item: form.item,
        errors,
    };
    let forms = ReplayForms {
        link,
        ..ReplayForms::default()
    };
    show_refused_replay(&state, c, id, forms).await
}

/// A file, kept in the space's library (at its top) and attached; a
/// refused field, or no file, brings the event's page back with the form
/// as typed.
async fn attach_upload(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    mut upload: Upload,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let (event, access) = events::find_visible(&state.db, id, Some(me)).await?;
    // Refused before a byte is stored: only who may attach may upload here.
    replays::may_attach(&event, &access, me)?;
    let mut errors = FieldErrors::new("replay-upload");
    let kind = kind(upload.field("kind"), &mut errors);
    let title = upload.field("title").trim().to_owned();
    match (kind, upload.file.take()) {
        (_, None) => errors.add("file", "replay-error-file"),
        (Some(kind), Some(file)) => {
            let file = (upload.file_name.clone(), file);
            match attach_file(&state, (id, &access), me, kind, title, file).await {
                Ok(()) => return Ok(see_other(&format!("/event/{id}#replays"))),
                Err(e) => {
                    errors = FieldErrors::from_refusal("replay-upload", &e, &REFUSABLE)
                        .or_else(|| file_refusal(&state, "replay-upload", &e))
                        .ok_or(e)?
                }
            }
        }
        (None, Some(_)) => {}
    }
    // The browser cannot fill the file in again: the field says so.
    errors.add("file", "replay-error-file-again");
    let typed = ReplayTyped {
        kind: upload.field("kind").to_owned(),
        title: upload.field("title").to_owned(),
        errors,
        ..ReplayTyped::empty("replay-upload")
    };
    let forms = ReplayForms {
        upload: typed,
        ..ReplayForms::default()
    };
    show_refused_replay(&state, c, id, forms).await
}

/// Keeps the file in the library and attaches it to the event.
async fn attach_file(
    state: &AppState,
    (event, access): (i64, &SpaceAccess),
    me: &Account,
    kind: MaterialKind,
    title: String,
    (filename, file): (String, FileBody<FileStream>),
) -> AppResult<()> {
    let meta = FileMeta {
        filename,
        title: (!title.is_empty()).then(|| title.clone()),
        description: None,
        language: None,
        tags: None,
        status: None,
        folder: None,
        comment: None,
    };
    let item = library::create_file(
        &state.db,
        &state.changes,
        &state.storage,
        access,
        me,
        meta,
        file,
    )
    .await?;
    let new = NewMaterial {
        kind,
        title,
        source: Source::Item(item),
    };
    replays::add(&state.db, event, me, new).await?;
    Ok(())
}

async fn detach(
    State(state): State<AppState>,
    c: Ctx,
    Path((id, material)): Path<(String, String)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let material = material.parse().map_err(|_| AppError::NotFound("replay"))?;
    replays::remove(&state.db, id, material, me).await?;
    Ok(see_other(&format!("/event/{id}#replays")))
}

/// Files and notes of the space's library an organiser may pick, the most
/// recently changed first.
pub async fn pickable(state: &AppState, access: &SpaceAccess) -> AppResult<Vec<(i64, String)>> {
    let page = library::list(
        &state.db,
        &state.changes,
        access,
        ListQuery {
            sort: Some("recent".into()),
            limit: Some(100),
            ..ListQuery::default()
        },
    )
    .await?;
    Ok(page
        .items
        .into_iter()
        .filter(|i| i.kind != library::ItemKind::Folder)
        .map(|i| (i.id, i.title))
        .collect())
}
