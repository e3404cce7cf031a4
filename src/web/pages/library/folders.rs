//! A space's library page: a folder's items or a tag's, the usage line,
//! and the forms that add to it; new folders.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::{Crumb, filled, folder_field, folder_url, trail};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::library::{self, ItemKind, ItemView, ListQuery, NewFolder, UsageView};
use crate::spaces::Action;
use crate::web::context::urlencode;
use crate::web::field_errors::{FieldErrors, Refusable, refused};
use crate::web::pages::spaces::{SpaceHeader, header, member_in};
use crate::web::{Ctx, Submitted, html, see_other};

/// The routes of this part of the library pages.
pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/library", get(library_page))
        .route("/s/{space}/library/folders", post(create_folder))
}

/// Items on one page of a folder.
const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub(super) struct BrowseQuery {
    folder: Option<String>,
    tag: Option<String>,
    cursor: Option<String>,
    archived: Option<String>,
}

#[derive(Template)]
#[template(path = "library.html", config = "src/web/askama.toml")]
struct LibraryPage {
    c: Ctx,
    h: SpaceHeader,
    items: Vec<ItemView>,
    folder: Option<i64>,
    trail: Vec<Crumb>,
    tag: Option<String>,
    archived: bool,
    next: Option<String>,
    usage: UsageView,
    /// Content managers make folders.
    can_organise: bool,
    /// Contributors write notes and upload files.
    can_add: bool,
    /// The forms that add to the library: empty, or one of them as sent
    /// when refused.
    typed: Typed,
}

/// The library's forms as sent back: at most one of them refused.
#[derive(Default)]
pub(super) struct Typed {
    pub note: NoteTyped,
    pub upload: UploadTyped,
    pub folder: FolderTyped,
}

impl Typed {
    fn refused(&self) -> bool {
        !(self.note.errors.is_empty()
            && self.upload.errors.is_empty()
            && self.folder.errors.is_empty())
    }
}

/// The new-note form as sent back when refused, with why.
pub(super) struct NoteTyped {
    pub title: String,
    pub body: String,
    pub tags: String,
    /// `None`: the space's language.
    pub language: Option<String>,
    pub errors: FieldErrors,
}

/// The upload form as sent back when refused: all but the file, which a
/// browser cannot fill in again.
pub(super) struct UploadTyped {
    pub title: String,
    pub description: String,
    pub tags: String,
    /// `None`: the space's language.
    pub language: Option<String>,
    pub comment: String,
    pub errors: FieldErrors,
}

/// The new-folder form as sent back when refused.
pub(super) struct FolderTyped {
    pub title: String,
    pub description: String,
    pub errors: FieldErrors,
}

// Empty forms, their element ids under each form's own prefix (the hints
// are named the same way).

impl Default for NoteTyped {
    fn default() -> Self {
        NoteTyped {
            title: String::new(),
            body: String::new(),
            tags: String::new(),
            language: None,
            errors: FieldErrors::new("note"),
        }
    }
}

impl Default for UploadTyped {
    fn default() -> Self {
        UploadTyped {
            title: String::new(),
            description: String::new(),
            tags: String::new(),
            language: None,
            comment: String::new(),
            errors: FieldErrors::new("upload"),
        }
    }
}

impl Default for FolderTyped {
    fn default() -> Self {
        FolderTyped {
            title: String::new(),
            description: String::new(),
            errors: FieldErrors::new("folder"),
        }
    }
}

impl BrowseQuery {
    /// The library page a form was sent from (`folder` as the form has it).
    pub(super) fn in_folder(folder: &str) -> Self {
        BrowseQuery {
            folder: filled(folder),
            ..BrowseQuery::default()
        }
    }
}

impl LibraryPage {
    fn item_url(&self, i: &ItemView) -> String {
        match i.kind {
            ItemKind::Folder => folder_url(&self.h.r, Some(i.id)),
            _ => format!("/item/{}", i.id),
        }
    }

    fn tag_url(&self, tag: &str) -> String {
        format!("/s/{}/library?tag={}", self.h.r, urlencode(tag))
    }

    fn folder_url(&self, folder: &i64) -> String {
        folder_url(&self.h.r, Some(*folder))
    }

    fn top_url(&self) -> String {
        folder_url(&self.h.r, None)
    }

    /// This listing with archived items shown or hidden.
    fn archived_url(&self, show: &bool) -> String {
        let mut url = self.here();
        if *show {
            url.push_str(if url.contains('?') { "&" } else { "?" });
            url.push_str("archived=1");
        }
        url
    }

    /// This listing: its folder or tag.
    fn here(&self) -> String {
        match &self.tag {
            Some(tag) => self.tag_url(tag),
            None => folder_url(&self.h.r, self.folder),
        }
    }

    fn is_folder(&self, i: &ItemView) -> bool {
        i.kind == ItemKind::Folder
    }

    fn folder_value(&self) -> String {
        self.folder.map(|f| f.to_string()).unwrap_or_default()
    }

    fn heading(&self) -> Option<&str> {
        self.trail.last().map(|c| c.title.as_str())
    }

    /// "12 MB of 1 GB used", or without a quota "12 MB used".
    fn usage_text(&self) -> String {
        let t = &self.c.t;
        let used = t.size(self.usage.used_bytes);
        match i64::try_from(self.usage.quota_bytes) {
            Ok(0) => t.with("library-usage", "used", used),
            quota => t.args(
                "library-usage-of",
                &[
                    ("used", &used),
                    ("quota", &t.size(quota.unwrap_or(i64::MAX))),
                ],
            ),
        }
    }

    fn max_file(&self) -> i64 {
        i64::try_from(self.usage.max_file_bytes).unwrap_or(i64::MAX)
    }
}

async fn library_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Query(query): Query<BrowseQuery>,
) -> AppResult<Response> {
    show_library(&state, c, &space, query, Typed::default()).await
}

/// A space's library (a folder of it), with its forms as given: 422 when
/// one comes back refused.
pub(super) async fn show_library(
    state: &AppState,
    c: Ctx,
    space: &str,
    query: BrowseQuery,
    typed: Typed,
) -> AppResult<Response> {
    let (access, h) = header(state, &c, space, "library").await?;
    let folder = query
        .folder
        .as_deref()
        .and_then(filled)
        .map(|f| f.parse::<i64>().map_err(|_| AppError::NotFound("folder")))
        .transpose()?;
    let tag = query.tag.as_deref().and_then(filled);
    let archived = query.archived.as_deref().and_then(filled).is_some();
    // The listing checks the folder is one of this space's before the
    // trail reads any title.
    let page = library::list(
        &state.db,
        &state.changes,
        &access,
        ListQuery {
            folder,
            tag: tag.clone(),
            archived: Some(archived),
            limit: Some(PAGE),
            cursor: query.cursor.as_deref().and_then(filled),
            sort: None,
        },
    )
    .await?;
    let trail = trail(state, &access, c.me.as_ref(), folder).await?;
    let usage = library::usage(&state.db, &state.storage, &access).await?;
    let local = access.space.domain.is_none();
    let mut view = LibraryPage {
        can_organise: local && access.require(Action::ModerateContent).is_ok(),
        can_add: local && access.require(Action::Contribute).is_ok(),
        c,
        h,
        items: page.items,
        folder,
        trail,
        tag,
        archived,
        next: None,
        usage,
        typed,
    };
    view.next = page.next_cursor.map(|cursor| {
        let here = view.archived_url(&archived);
        let join = if here.contains('?') { '&' } else { '?' };
        format!("{here}{join}cursor={}", urlencode(&cursor))
    });
    if view.typed.refused() {
        refused(view)
    } else {
        html(view)
    }
}

#[derive(Deserialize)]
struct FolderForm {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    folder: String,
}

async fn create_folder(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<FolderForm>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    let new = NewFolder {
        title: form.title.clone(),
        description: form.description.clone(),
        folder: folder_field(&form.folder)?,
    };
    match library::create_folder(&state.db, &access, me, new).await {
        Ok(id) => Ok(see_other(&folder_url(&space, Some(id)))),
        // A refused field: the library again, the folder as typed.
        Err(e) => {
            let errors = FieldErrors::from_refusal("folder", &e, &FOLDER_REFUSABLE).ok_or(e)?;
            let folder = FolderTyped {
                title: form.title,
                description: form.description,
                errors,
            };
            let typed = Typed {
                folder,
                ..Typed::default()
            };
            let query = BrowseQuery::in_folder(&form.folder);
            show_library(&state, c, &space, query, typed).await
        }
    }
}

/// The domain's refusals of a folder the form shows next to a field.
const FOLDER_REFUSABLE: [Refusable; 2] = [
    ("title", "title", "library-error-folder-title"),
    ("description", "description", "library-error-description"),
];
