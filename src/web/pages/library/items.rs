//! One item's page, and the forms that change it: a new note, its text,
//! its details, archiving, following and deletion.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::folders::{BrowseQuery, NoteTyped, Typed, show_library};
use super::{Crumb, filled, folder_field, folder_url, id, tag_list, trail};
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::library::extraction::ExtractionStatus;
use crate::library::{
    self, ItemChange, ItemCommentView, ItemKind, ItemStatus, ItemView, NewNote, RevisionView,
};
use crate::spaces::{self, Action, SpaceView};
use crate::web::context::urlencode;
use crate::web::field_errors::{FieldErrors, Refusable, refused as refused_page};
use crate::web::pages::demote_headings;
use crate::web::pages::spaces::member_in;
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

/// The routes of this part of the library pages.
pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/library/notes", post(create_note))
        .route("/item/{id}", get(item_page))
        .route("/item/{id}/edit", post(edit_item))
        .route("/item/{id}/note", post(edit_note))
        .route("/item/{id}/archive", post(archive_item))
        .route("/item/{id}/delete", post(delete_item))
        .route("/item/{id}/follow", post(follow_item))
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
        title: form.title.clone(),
        body: form.body.clone(),
        description: form.description,
        status: None,
        comment: form.comment,
    };
    match library::create_note(&state.db, &state.changes, &state.storage, &access, me, new).await {
        Ok(id) => Ok(see_other(&format!("/item/{id}"))),
        // A refused field: the library again, the note as typed.
        Err(e) => {
            let errors = FieldErrors::from_refusal("note", &e, &NOTE_REFUSABLE).ok_or(e)?;
            let note = NoteTyped {
                title: form.title,
                body: form.body,
                tags: form.tags,
                language: Some(form.language),
                errors,
            };
            let typed = Typed {
                note,
                ..Typed::default()
            };
            let query = BrowseQuery::in_folder(&form.folder);
            show_library(&state, c, &space, query, typed).await
        }
    }
}

/// The domain's refusals of a note the form shows next to a field.
const NOTE_REFUSABLE: [Refusable; 3] = [
    ("title", "title", "library-error-title"),
    ("tags", "tags", "library-error-tags"),
    ("language", "language", "library-error-language"),
];

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
    /// The details form: the item's, or as sent when refused.
    details: Details,
    /// The new revision form (files), as sent when refused.
    revision: Sent,
    /// The note's text form: its text, or as sent when refused.
    text: Sent,
    /// The new comment form, as sent when refused.
    comment: Sent,
}

/// The item page's forms as sent back when one was refused; `None`: as
/// the item has them.
#[derive(Default)]
pub(super) struct ItemForms {
    pub details: Option<Details>,
    pub revision: Option<Sent>,
    pub text: Option<Sent>,
    pub comment: Option<Sent>,
}

impl ItemForms {
    fn refused(&self) -> bool {
        let refused = |sent: &Option<Sent>| sent.as_ref().is_some_and(|s| !s.errors.is_empty());
        self.details.as_ref().is_some_and(|d| !d.errors.is_empty())
            || refused(&self.revision)
            || refused(&self.text)
            || refused(&self.comment)
    }
}

/// A change sent as a new revision: a note's text (none for a file) and
/// what changed, and what is wrong with them; or a comment (its `body`).
pub(super) struct Sent {
    pub body: String,
    pub comment: String,
    pub errors: FieldErrors,
}

impl Sent {
    pub fn empty(prefix: &'static str) -> Self {
        Sent {
            body: String::new(),
            comment: String::new(),
            errors: FieldErrors::new(prefix),
        }
    }
}

/// The details form's fields, and what is wrong with them.
pub(super) struct Details {
    title: String,
    description: String,
    tags: String,
    language: String,
    status: ItemStatus,
    errors: FieldErrors,
}

impl Details {
    fn of(item: &ItemView) -> Self {
        Details {
            title: item.title.clone(),
            description: item.description.clone(),
            tags: item.tags.join(", "),
            language: item.language.clone(),
            status: item.status,
            errors: FieldErrors::new("details"),
        }
    }

    fn typed(form: DetailsForm, errors: FieldErrors) -> Self {
        Details {
            title: form.title,
            description: form.description,
            tags: form.tags,
            language: form.language,
            status: form.status,
            errors,
        }
    }
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

    fn status_is(&self, status: &ItemStatus) -> bool {
        self.details.status == *status
    }

    fn may_delete(&self, comment: &ItemCommentView) -> bool {
        self.moderates || self.me.as_deref() == Some(comment.author.as_str())
    }

    /// Where the text inside a file stands, in a sentence (files only).
    fn text_extraction(&self) -> Option<String> {
        let state = self.i.text_extraction.as_ref()?;
        let t = &self.c.t;
        Some(match state.status {
            ExtractionStatus::Failed => t.with(
                "library-text-failed",
                "reason",
                state.reason.as_deref().unwrap_or_default(),
            ),
            status => t.label("library-text-", status),
        })
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
    show_item(&state, c, id(&item)?, ItemForms::default()).await
}

/// An item's page, with a form as sent back when refused: 422.
pub(super) async fn show_item(
    state: &AppState,
    c: Ctx,
    item: i64,
    forms: ItemForms,
) -> AppResult<Response> {
    let (item, access) = library::find_visible(&state.db, item, c.me.as_ref()).await?;
    let space = spaces::view(&state.db, &access).await?;
    if item.kind == ItemKind::Folder {
        // A folder's page is its listing.
        return Ok(see_other(&folder_url(&space.reference(), Some(item.id))));
    }
    let mut i = library::view(&state.db, &state.changes, item.id).await?;
    i.body_html = i.body_html.as_deref().map(demote_headings);
    let trail = trail(state, &access, c.me.as_ref(), item.parent_id).await?;
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
        && crate::web::pages::translation::offer(state, &c, &access, Some(&item.language));
    let refused = forms.refused();
    let details = forms.details.unwrap_or_else(|| Details::of(&i));
    let revision = forms.revision.unwrap_or_else(|| Sent::empty("revision"));
    let text = forms.text.unwrap_or_else(|| Sent {
        body: i.body.clone().unwrap_or_default(),
        ..Sent::empty("edit")
    });
    let comment = forms.comment.unwrap_or_else(|| Sent::empty("comment"));
    let page = ItemPage {
        details,
        revision,
        text,
        comment,
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
    };
    if refused {
        refused_page(page)
    } else {
        html(page)
    }
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
        title: Some(form.title.clone()),
        description: Some(form.description.clone()),
        language: Some(form.language.clone()),
        status: Some(form.status),
        ..ItemChange::default()
    };
    match change(&state, me, &item, details).await {
        Ok(id) => Ok(see_other(&format!("/item/{id}"))),
        // A refused field: the item's page again, its details as typed.
        Err(e) => {
            let errors = FieldErrors::from_refusal("details", &e, &DETAILS_REFUSABLE).ok_or(e)?;
            let forms = ItemForms {
                details: Some(Details::typed(form, errors)),
                ..ItemForms::default()
            };
            show_item(&state, c, id(&item)?, forms).await
        }
    }
}

/// The domain's refusals of an item's details the form shows next to a
/// field.
const DETAILS_REFUSABLE: [Refusable; 4] = [
    ("title", "title", "library-error-item-title"),
    ("description", "description", "library-error-description"),
    ("tags", "tags", "library-error-tags"),
    ("language", "language", "library-error-language"),
];

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
        body: Some(form.body.clone()),
        comment: filled(&form.comment),
        ..ItemChange::default()
    };
    match change(&state, me, &item, body).await {
        Ok(id) => Ok(see_other(&format!("/item/{id}#revisions"))),
        // A refused field: the item's page again, the text as typed.
        Err(e) => {
            let errors = text_refusal(&state, &e).ok_or(e)?;
            let text = Sent {
                body: form.body,
                comment: form.comment,
                errors,
            };
            let forms = ItemForms {
                text: Some(text),
                ..ItemForms::default()
            };
            show_item(&state, c, id(&item)?, forms).await
        }
    }
}

/// A note's text refused for its length, for the space's quota, or its
/// comment refused, as a message next to the field.
fn text_refusal(state: &AppState, error: &AppError) -> Option<FieldErrors> {
    let mut errors = FieldErrors::new("edit");
    if library::over_quota(error) {
        let quota = [("quota", state.storage.space_quota_bytes)];
        errors.add_sizes("body", "library-error-note-quota", &quota);
    } else if matches!(error, AppError::TooLarge(_)) {
        let limit = [("limit", library::MAX_NOTE_BYTES as u64)];
        errors.add_sizes("body", "library-error-note-size", &limit);
    } else {
        return FieldErrors::from_refusal("edit", error, &TEXT_REFUSABLE);
    }
    Some(errors)
}

/// The domain's refusals of a note's text the form shows next to a field.
const TEXT_REFUSABLE: [Refusable; 1] = [("comment", "comment", "library-error-comment")];

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
        ids.extend(
            [
                ExtractionStatus::Pending,
                ExtractionStatus::Done,
                ExtractionStatus::Failed,
                ExtractionStatus::Unsupported,
            ]
            .iter()
            .map(|s| format!("library-text-{s}")),
        );
        for lang in Lang::ALL {
            for id in &ids {
                assert_ne!(Tr::new(lang).get(id), *id, "{} lacks {id}", lang.code());
            }
        }
    }
}
