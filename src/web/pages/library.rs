//! A space's library: browsing folders and tags, one item's page with its
//! revisions and comments, writing notes and uploading files. Downloads
//! are the addresses the API already serves (`/library/{id}/download`,
//! `/api/v1/library/items/{id}/revisions/{n}/content`), with their ranges
//! and safety headers.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::demote_headings;
use super::spaces::{SpaceHeader, header, member_in};
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::library::{
    self, DiffLine, DiffView, FileMeta, ItemChange, ItemCommentView, ItemKind, ItemStatus,
    ItemView, ListQuery, NewFolder, NewItemComment, NewNote, RevisionView, UsageView,
};
use crate::spaces::{self, Action, SpaceAccess, SpaceView};
use crate::web::context::urlencode;
use crate::web::{Ctx, NoFields, Submitted, Upload, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/library", get(library_page))
        .route("/s/{space}/library/folders", post(create_folder))
        .route("/s/{space}/library/notes", post(create_note))
        .route("/item/{id}", get(item_page))
        .route("/item/{id}/edit", post(edit_item))
        .route("/item/{id}/note", post(edit_note))
        .route("/item/{id}/archive", post(archive_item))
        .route("/item/{id}/delete", post(delete_item))
        .route("/item/{id}/follow", post(follow_item))
        .route("/item/{id}/diff", get(diff_page))
        .route("/item/{id}/revisions/{number}/restore", post(restore))
        .route("/item/{id}/comments", post(add_comment))
        .route("/item/{id}/comments/{comment}/delete", post(delete_comment))
}

/// The forms that carry a file: streamed, so served without the overall
/// request timeout.
pub fn uploads() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/library/upload", post(upload_file))
        .route("/item/{id}/revisions", post(upload_revision))
}

/// Items on one page of a folder.
const PAGE: i64 = 50;
/// Folders nest; a breadcrumb trail stops here rather than walk a cycle.
const MAX_DEPTH: usize = 32;

/// A number from the URL; anything else is a page that does not exist.
fn id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound("library item"))
}

/// An optional form field: empty means not given.
fn filled(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The folder a form names (hidden field; empty: the top of the library).
fn folder_field(value: &str) -> AppResult<Option<i64>> {
    filled(value)
        .map(|v| {
            v.parse()
                .map_err(|_| AppError::invalid("folder: no such folder in this space's library"))
        })
        .transpose()
}

/// Tags as typed: separated by commas.
fn tag_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The library's address for a folder (`None`: the top).
fn folder_url(space: &str, folder: Option<i64>) -> String {
    match folder {
        Some(f) => format!("/s/{space}/library?folder={f}"),
        None => format!("/s/{space}/library"),
    }
}

/// One step of a breadcrumb trail.
pub struct Crumb {
    pub id: i64,
    pub title: String,
}

/// The folders from the top of the library down to `folder`, each checked
/// the way any item is, and each of this space.
async fn trail(
    state: &AppState,
    access: &SpaceAccess,
    viewer: Option<&Account>,
    mut folder: Option<i64>,
) -> AppResult<Vec<Crumb>> {
    let mut crumbs = Vec::new();
    while let Some(id) = folder {
        if crumbs.len() >= MAX_DEPTH {
            break;
        }
        let (item, _) = library::find_visible(&state.db, id, viewer).await?;
        if item.space_id != access.space.id || item.kind != ItemKind::Folder {
            break;
        }
        folder = item.parent_id;
        crumbs.push(Crumb {
            id: item.id,
            title: item.title,
        });
    }
    crumbs.reverse();
    Ok(crumbs)
}

#[derive(Deserialize, Default)]
struct BrowseQuery {
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
    let (access, h) = header(&state, &c, &space, "library").await?;
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
    let trail = trail(&state, &access, c.me.as_ref(), folder).await?;
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
    };
    view.next = page.next_cursor.map(|cursor| {
        let here = view.archived_url(&archived);
        let join = if here.contains('?') { '&' } else { '?' };
        format!("{here}{join}cursor={}", urlencode(&cursor))
    });
    html(view)
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
        title: form.title,
        description: form.description,
        folder: folder_field(&form.folder)?,
    };
    let id = library::create_folder(&state.db, &access, me, new).await?;
    Ok(see_other(&folder_url(&space, Some(id))))
}

#[derive(Deserialize)]
struct NoteForm {
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    folder: String,
    #[serde(default)]
    comment: String,
}

async fn create_note(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<NoteForm>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    let new = NewNote {
        folder: folder_field(&form.folder)?,
        tags: tag_list(&form.tags),
        language: filled(&form.language),
        title: form.title,
        body: form.body,
        description: form.description,
        status: None,
        comment: form.comment,
    };
    let id =
        library::create_note(&state.db, &state.changes, &state.storage, &access, me, new).await?;
    Ok(see_other(&format!("/item/{id}")))
}

/// A new file: the fields come first (the CSRF token among them), then the
/// file, streamed to storage.
async fn upload_file(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    upload: Upload,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    let meta = FileMeta {
        filename: upload.file_name.clone(),
        title: filled(upload.field("title")),
        description: filled(upload.field("description")),
        language: filled(upload.field("language")),
        tags: filled(upload.field("tags")),
        status: None,
        folder: folder_field(upload.field("folder"))?,
        comment: filled(upload.field("comment")),
    };
    let id = library::create_file(
        &state.db,
        &state.changes,
        &state.storage,
        &access,
        me,
        meta,
        upload.file,
    )
    .await?;
    Ok(see_other(&format!("/item/{id}")))
}

/// A new revision of a file, downloading under the name of the file sent.
async fn upload_revision(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    upload: Upload,
) -> AppResult<Response> {
    let me = c.member()?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    let comment = filled(upload.field("comment"));
    library::add_file_revision(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        me,
        Some(&upload.file_name),
        comment.as_deref(),
        upload.file,
    )
    .await?;
    Ok(see_other(&format!("/item/{}#revisions", item.id)))
}

#[derive(Template)]
#[template(path = "library_item.html", config = "src/web/askama.toml")]
struct ItemPage {
    c: Ctx,
    i: ItemView,
    space: SpaceView,
    trail: Vec<Crumb>,
    revisions: Vec<RevisionView>,
    comments: Vec<ItemCommentView>,
    /// Change it, upload or restore revisions (contributors, items of this
    /// instance).
    can_edit: bool,
    can_comment: bool,
    /// Archive and delete (content managers).
    can_organise: bool,
    /// The viewer's handle and whether they moderate, for deleting comments.
    me: Option<String>,
    moderates: bool,
    /// Whether the signed-in viewer follows the item (hears of its changes).
    following: bool,
    max_file_bytes: i64,
    statuses: [ItemStatus; 4],
    /// A note offers the Translate button.
    can_translate: bool,
}

impl ItemPage {
    fn r(&self) -> String {
        self.space.reference()
    }

    fn folder_url(&self, folder: &i64) -> String {
        folder_url(&self.r(), Some(*folder))
    }

    fn top_url(&self) -> String {
        folder_url(&self.r(), None)
    }

    fn tag_url(&self, tag: &str) -> String {
        format!("/s/{}/library?tag={}", self.r(), urlencode(tag))
    }

    fn is_note(&self) -> bool {
        self.i.kind == ItemKind::Note
    }

    fn is_file(&self) -> bool {
        self.i.kind == ItemKind::File
    }

    fn is_current(&self, rev: &RevisionView) -> bool {
        self.i
            .current
            .as_ref()
            .is_some_and(|c| c.number == rev.number)
    }

    fn revision_url(&self, rev: &RevisionView) -> String {
        format!(
            "/api/v1/library/items/{}/revisions/{}/content",
            self.i.id, rev.number
        )
    }

    fn tags(&self) -> String {
        self.i.tags.join(", ")
    }

    fn status_is(&self, status: &ItemStatus) -> bool {
        self.i.status == *status
    }

    fn may_delete(&self, comment: &ItemCommentView) -> bool {
        self.moderates || self.me.as_deref() == Some(comment.author.as_str())
    }
}

const STATUSES: [ItemStatus; 4] = [
    ItemStatus::Open,
    ItemStatus::Validated,
    ItemStatus::Cancelled,
    ItemStatus::Deprecated,
];

async fn item_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
) -> AppResult<Response> {
    let (item, access) = library::find_visible(&state.db, id(&item)?, c.me.as_ref()).await?;
    let space = spaces::view(&state.db, &access).await?;
    if item.kind == ItemKind::Folder {
        // A folder's page is its listing.
        return Ok(see_other(&folder_url(&space.reference(), Some(item.id))));
    }
    let mut i = library::view(&state.db, &state.changes, item.id).await?;
    i.body_html = i.body_html.as_deref().map(demote_headings);
    let trail = trail(&state, &access, c.me.as_ref(), item.parent_id).await?;
    let revisions = library::revisions(&state.db, &item).await?;
    let mut comments = library::comments(&state.db, &item).await?;
    for comment in &mut comments {
        comment.body_html = demote_headings(&comment.body_html);
    }
    let local = access.space.domain.is_none() && item.ap_id.is_none();
    let contributes = access.require(Action::Contribute).is_ok();
    let moderates = access.require(Action::ModerateContent).is_ok();
    let following = match &c.me {
        Some(me) => library::follows::is_following(&state.db, item.id, me).await?,
        None => false,
    };
    let can_translate = item.kind == ItemKind::Note
        && super::translation::offer(&state, &c, &access, Some(&item.language));
    html(ItemPage {
        can_translate,
        following,
        can_edit: local && contributes,
        can_comment: contributes,
        can_organise: local && moderates,
        me: c.me.as_ref().map(|m| m.username.clone()),
        moderates,
        max_file_bytes: i64::try_from(state.storage.max_file_bytes).unwrap_or(i64::MAX),
        statuses: STATUSES,
        c,
        i,
        space,
        trail,
        revisions,
        comments,
    })
}

/// Changes an item through the domain, then back to its page.
async fn change(
    state: &AppState,
    me: &Account,
    raw_id: &str,
    change: ItemChange,
) -> AppResult<i64> {
    let (item, access) = library::find_visible(&state.db, id(raw_id)?, Some(me)).await?;
    library::update(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        me,
        change,
    )
    .await?;
    Ok(item.id)
}

#[derive(Deserialize)]
struct DetailsForm {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tags: String,
    language: String,
    status: ItemStatus,
}

async fn edit_item(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Submitted(form): Submitted<DetailsForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let details = ItemChange {
        tags: Some(tag_list(&form.tags)),
        title: Some(form.title),
        description: Some(form.description),
        language: Some(form.language),
        status: Some(form.status),
        ..ItemChange::default()
    };
    let id = change(&state, me, &item, details).await?;
    Ok(see_other(&format!("/item/{id}")))
}

#[derive(Deserialize)]
struct NoteBodyForm {
    body: String,
    #[serde(default)]
    comment: String,
}

async fn edit_note(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Submitted(form): Submitted<NoteBodyForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let body = ItemChange {
        body: Some(form.body),
        comment: filled(&form.comment),
        ..ItemChange::default()
    };
    let id = change(&state, me, &item, body).await?;
    Ok(see_other(&format!("/item/{id}#revisions")))
}

#[derive(Deserialize)]
struct ArchiveForm {
    archived: bool,
}

async fn archive_item(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Submitted(form): Submitted<ArchiveForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let archive = ItemChange {
        archived: Some(form.archived),
        ..ItemChange::default()
    };
    let id = change(&state, me, &item, archive).await?;
    Ok(see_other(&format!("/item/{id}")))
}

#[derive(Deserialize)]
struct FollowForm {
    follow: bool,
}

/// Follows or stops following an item, then back to it.
async fn follow_item(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Submitted(form): Submitted<FollowForm>,
) -> AppResult<Response> {
    let item = id(&item)?;
    library::follows::set(&state.db, item, c.member()?, form.follow).await?;
    Ok(see_other(&format!("/item/{item}")))
}

async fn delete_item(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    let space = spaces::view(&state.db, &access).await?;
    library::delete(&state.db, &state.changes, &item, &access, me).await?;
    Ok(see_other(&folder_url(&space.reference(), item.parent_id)))
}

async fn restore(
    State(state): State<AppState>,
    c: Ctx,
    Path((item, number)): Path<(String, String)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let number: i64 = number.parse().map_err(|_| AppError::NotFound("revision"))?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    library::restore(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        me,
        number,
        None,
    )
    .await?;
    Ok(see_other(&format!("/item/{}#revisions", item.id)))
}

#[derive(Deserialize)]
struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "library_diff.html", config = "src/web/askama.toml")]
struct DiffPage {
    c: Ctx,
    i: ItemView,
    d: DiffView,
}

impl DiffPage {
    fn title(&self) -> String {
        let t = &self.c.t;
        t.args(
            "library-diff-title",
            &[
                ("from", &t.number(self.d.from)),
                ("to", &t.number(self.d.to)),
            ],
        )
    }

    /// One line as `diff` writes it: a sign, the text, the line's end.
    fn line(&self, l: &DiffLine) -> String {
        let sign = match l.op {
            "insert" => '+',
            "delete" => '-',
            _ => ' ',
        };
        format!("{sign} {}\n", l.text)
    }
}

/// Two revisions of a note side by side, line by line.
async fn diff_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Query(query): Query<DiffQuery>,
) -> AppResult<Response> {
    let (item, _) = library::find_visible(&state.db, id(&item)?, c.me.as_ref()).await?;
    let number = |v: Option<String>| -> AppResult<i64> {
        v.and_then(|n| n.parse().ok())
            .ok_or(AppError::NotFound("revision"))
    };
    let (from, to) = (number(query.from)?, number(query.to)?);
    let d = library::diff(&state.db, &item, from, to).await?;
    let i = library::view(&state.db, &state.changes, item.id).await?;
    html(DiffPage { c, i, d })
}

#[derive(Deserialize)]
struct CommentForm {
    body: String,
}

async fn add_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Submitted(form): Submitted<CommentForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    let new = NewItemComment { body: form.body };
    let comment = library::add_comment(&state.db, &state.changes, &item, &access, me, new).await?;
    Ok(see_other(&format!(
        "/item/{}#comment-{}",
        item.id, comment.id
    )))
}

async fn delete_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path((item, comment)): Path<(String, String)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let comment: i64 = comment.parse().map_err(|_| AppError::NotFound("comment"))?;
    library::delete_comment(&state.db, comment, me).await?;
    Ok(see_other(&format!("/item/{}#comments", id(&item)?)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::{Lang, Tr};

    #[test]
    fn every_value_shown_has_a_label_in_every_language() {
        let mut ids: Vec<String> = STATUSES
            .iter()
            .map(|s| format!("library-status-{s}"))
            .collect();
        ids.extend(
            [ItemKind::Folder, ItemKind::File, ItemKind::Note]
                .iter()
                .map(|k| format!("library-kind-{k}")),
        );
        for lang in Lang::ALL {
            for id in &ids {
                assert_ne!(Tr::new(lang).get(id), *id, "{} lacks {id}", lang.code());
            }
        }
    }

    #[test]
    fn member_headings_go_one_level_down() {
        assert_eq!(
            demote_headings("<h1 id=\"a\">A</h1><p>x</p><h2>B</h2><h6>C</h6>"),
            "<h2 id=\"a\">A</h2><p>x</p><h3>B</h3><h6>C</h6>"
        );
        assert_eq!(
            demote_headings("<p>&lt;h1&gt;</p><hr>"),
            "<p>&lt;h1&gt;</p><hr>"
        );
    }

    #[test]
    fn tags_are_split_on_commas() {
        assert_eq!(tag_list(" board, ,2026 ,"), vec!["board", "2026"]);
        assert_eq!(folder_field(" ").ok(), Some(None));
        assert_eq!(folder_field("12").ok(), Some(Some(12)));
        assert!(folder_field("twelve").is_err());
    }
}
