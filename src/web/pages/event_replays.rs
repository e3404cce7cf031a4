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
use super::events::event_id;
use super::spaces::{SpaceHeader, header};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::events::{
    self,
    replays::{self, MaterialKind, MaterialView, NewMaterial, Past, Source},
};
use crate::library::{self, FileMeta, ListQuery};
use crate::spaces::SpaceAccess;
use crate::web::{Ctx, NoFields, Submitted, Upload, html, see_other};

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

fn kind(raw: &str) -> AppResult<MaterialKind> {
    raw.parse()
        .map_err(|_| AppError::invalid("kind: recording, slides or notes"))
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

/// A link or an item of the library: whichever the form filled.
async fn attach(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<AttachForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let source = match (form.url.trim(), form.item.trim()) {
        ("", "") => {
            return Err(AppError::invalid(
                "url: give a link, or pick an item of the library",
            ));
        }
        (url, "") => Source::Link(url.to_owned()),
        ("", item) => Source::Item(
            item.parse()
                .map_err(|_| AppError::invalid("item: not an item of the library"))?,
        ),
        _ => {
            return Err(AppError::invalid(
                "url: give a link or pick an item of the library, not both",
            ));
        }
    };
    let new = NewMaterial {
        kind: kind(&form.kind)?,
        title: form.title,
        source,
    };
    replays::add(&state.db, id, me, new).await?;
    Ok(see_other(&format!("/event/{id}#replays")))
}

/// A file, kept in the space's library (at its top) and attached.
async fn attach_upload(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    upload: Upload,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let kind = kind(upload.field("kind"))?;
    let title = upload.field("title").trim().to_owned();
    let (event, access) = events::find_visible(&state.db, id, Some(me)).await?;
    // Refused before a byte is stored: only who may attach may upload here.
    replays::may_attach(&event, &access, me)?;
    let meta = FileMeta {
        filename: upload.file_name.clone(),
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
        &access,
        me,
        meta,
        upload.file,
    )
    .await?;
    let new = NewMaterial {
        kind,
        title,
        source: Source::Item(item),
    };
    replays::add(&state.db, id, me, new).await?;
    Ok(see_other(&format!("/event/{id}#replays")))
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
