//! Writing a post, its page with the comment thread, editing, deleting and
//! reacting.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::attachments;
use super::demote_headings;
use super::drafts::show_draft;
use super::post_form::{
    CommentTyped, Composer, Described, comment_edit_refusal, comment_files_refusal,
    comment_refusal, edit_refusal, files_refusal, post_refusal,
};
use super::spaces::member_in;
use super::spaces::show_space;
use super::translation::offer;
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::posts::comments::{self, CommentChange, CommentView, NewComment};
use crate::posts::drafts::{self, DraftFields};
use crate::posts::reactions::{self, Target};
use crate::posts::{self, NewPost, PostChange, PostView, ReactionCount};
use crate::spaces::{self, Action, SpaceAccess, SpaceView};
use crate::web::field_errors;
use crate::web::{Ctx, NoFields, Submitted, WithFiles, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/post/{id}", get(post_page))
        .route("/post/{id}/edit", get(edit_page).post(edit_post))
        .route("/post/{id}/delete", post(delete_post))
        .route("/post/{id}/react", post(react_to_post))
        .route("/comment/{id}/edit", post(edit_comment))
        .route("/comment/{id}/delete", post(delete_comment))
        .route("/comment/{id}/react", post(react_to_comment))
}

/// The forms that may carry pictures: a phone on a slow line may take
/// minutes to send them, so they are served without the overall timeout.
pub fn uploads() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/posts", post(create_post))
        .route("/post/{id}/comments", post(create_comment))
}

/// The reactions offered on every post and comment, besides those already
/// given.
const QUICK_REACTIONS: [&str; 4] = ["👍", "❤️", "🎉", "🙏"];

#[derive(Deserialize)]
struct PostForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    language: String,
    /// The draft this post was written in, if any.
    #[serde(default)]
    draft_id: String,
    /// `draft`: save it to finish later instead of publishing.
    #[serde(default)]
    save: String,
}

fn language(field: String) -> Option<String> {
    Some(field.trim().to_owned()).filter(|l| !l.is_empty())
}

/// A new post, or its draft. A refused field or file brings the space's
/// page back with the composer as typed; nothing sent is kept.
async fn create_post(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    sent: WithFiles,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    access.require(Action::Contribute)?;
    let form: PostForm = sent.form()?;
    let draft_id = match form.draft_id.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i64>()
                .map_err(|_| AppError::NotFound("draft"))?,
        ),
    };
    let media = match attachments::store_all(&state, me, &sent).await {
        Ok(media) => media,
        Err(e) => {
            let errors = files_refusal("post", &e).ok_or(e)?;
            let typed = Composer::typed(&sent, errors);
            return show_again(&state, c, &space, draft_id, typed).await;
        }
    };
    let written = if form.save == "draft" {
        save_draft(&state, &access, me, draft_id, form, &media).await
    } else {
        publish(&state, &access, me, draft_id, form, &media).await
    };
    match written {
        Ok(to) => Ok(see_other(&to)),
        Err(e) => {
            let errors = post_refusal(&e).ok_or(e)?;
            show_again(&state, c, &space, draft_id, Composer::typed(&sent, errors)).await
        }
    }
}

/// The form again where it was sent from, as typed: a draft's own page,
/// or the space's composer.
async fn show_again(
    state: &AppState,
    c: Ctx,
    space: &str,
    draft_id: Option<i64>,
    composer: Composer,
) -> AppResult<Response> {
    match draft_id {
        Some(draft) => show_draft(state, c, draft, composer).await,
        None => show_space(state, c, space, composer).await,
    }
}

/// Saves the form as a draft; returns where to go next.
async fn save_draft(
    state: &AppState,
    access: &SpaceAccess,
    me: &Account,
    draft_id: Option<i64>,
    form: PostForm,
    media: &[i64],
) -> AppResult<String> {
    let fields = DraftFields {
        title: form.title,
        body: form.body,
        language: form.language.trim().to_owned(),
    };
    let saved = drafts::save(&state.db, access, me, draft_id, fields, media).await;
    let id = attachments::or_discard(state, me, saved, media).await?;
    Ok(format!("/drafts/{id}?saved=1"))
}

/// Publishes the form (and the draft it was written in); returns where to
/// go next.
async fn publish(
    state: &AppState,
    access: &SpaceAccess,
    me: &Account,
    draft_id: Option<i64>,
    form: PostForm,
    media: &[i64],
) -> AppResult<String> {
    // A draft's uploads come first, in the order they were chosen.
    let mut all = match draft_id {
        Some(id) => drafts::find(&state.db, id, me)
            .await?
            .attachments
            .iter()
            .map(|a| a.id)
            .collect(),
        None => Vec::new(),
    };
    all.extend(media);
    let created = posts::create(
        &state.db,
        &state.changes,
        access,
        me,
        NewPost {
            title: form.title,
            body: form.body,
            language: language(form.language),
            media: all,
        },
    )
    .await;
    let id = attachments::or_discard(state, me, created, media).await?;
    if let Some(draft) = draft_id {
        drafts::published(&state.db, draft, me).await?;
    }
    Ok(format!("/post/{id}"))
}

/// A reaction button: the emoji, how many gave it, whether the viewer did.
pub struct Reaction {
    pub emoji: String,
    pub count: i64,
    pub mine: bool,
}

/// What has been given, then the quick ones not given yet.
fn reaction_buttons(given: &[ReactionCount], can_react: bool) -> Vec<Reaction> {
    let mut buttons: Vec<Reaction> = given
        .iter()
        .map(|r| Reaction {
            emoji: r.emoji.clone(),
            count: r.count,
            mine: r.mine,
        })
        .collect();
    if can_react {
        for emoji in QUICK_REACTIONS {
            if !buttons.iter().any(|b| b.emoji == emoji) {
                buttons.push(Reaction {
                    emoji: emoji.to_owned(),
                    count: 0,
                    mine: false,
                });
            }
        }
    }
    buttons
}

/// One comment of the thread, flattened: replies follow their parent one
/// level deeper.
pub struct ThreadItem {
    pub v: CommentView,
    /// 0 for a top-level comment; indentation stops at 4.
    pub depth: usize,
    pub reactions: Vec<Reaction>,
    pub can_edit: bool,
    /// Written by the viewer: they may describe its pictures.
    pub own: bool,
}

fn flatten(
    comments: Vec<CommentView>,
    depth: usize,
    viewer: Option<&str>,
    moderator: bool,
    can_react: bool,
    out: &mut Vec<ThreadItem>,
) {
    for mut comment in comments {
        let replies = std::mem::take(&mut comment.replies);
        comment.body_html = demote_headings(&comment.body_html);
        let own = comment
            .author
            .as_ref()
            .is_some_and(|a| Some(a.username.as_str()) == viewer);
        out.push(ThreadItem {
            reactions: reaction_buttons(&comment.reactions, can_react && !comment.deleted),
            can_edit: !comment.deleted && ((own && can_react) || moderator),
            depth: depth.min(4),
            own,
            v: comment,
        });
        flatten(replies, depth + 1, viewer, moderator, can_react, out);
    }
}

#[derive(Template)]
#[template(path = "post.html", config = "src/web/askama.toml")]
struct PostPage {
    c: Ctx,
    p: PostView,
    space: SpaceView,
    reactions: Vec<Reaction>,
    thread: Vec<ThreadItem>,
    can_comment: bool,
    can_edit: bool,
    /// For its author: the link that kept the post from other instances.
    held_back: Option<String>,
    /// Whether the post, and the comments (which do not say their
    /// language), offer the Translate button.
    translate_post: bool,
    translate_comments: bool,
    /// The viewer wrote the post: they may describe its pictures.
    is_author: bool,
    /// A comment or reply refused, as typed.
    comment: CommentTyped,
    /// A picture's description refused, as typed.
    described: Described,
}

impl PostPage {
    fn react_action(&self) -> String {
        format!("/post/{}/react", self.p.id)
    }
}

async fn post_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    html(post_view(&state, c, id, CommentTyped::default()).await?)
}

/// The post's page with `comment` as typed.
async fn post_view(
    state: &AppState,
    c: Ctx,
    id: i64,
    comment: CommentTyped,
) -> AppResult<PostPage> {
    let state = state.clone();
    let viewer = c.me.as_ref();
    let (post, access) = posts::find_visible(&state.db, id, viewer).await?;
    let mut p = posts::view(&state.db, id, viewer).await?;
    p.body_html = demote_headings(&p.body_html);
    let space = spaces::view(&state.db, &access).await?;
    let can_comment = access.require(Action::Contribute).is_ok();
    let moderator = access.require(Action::ModerateContent).is_ok();
    let can_edit = viewer
        .is_some_and(|me| posts::require_author_or_moderator(&access, post.author_id, me).is_ok());
    let held_back = match viewer {
        Some(me) if me.id == post.author_id => {
            let object = state.federation.urls.post(id);
            crate::federation::outbox::held_back::url(&state.db, &object).await?
        }
        _ => None,
    };
    let is_author = viewer.is_some_and(|me| me.id == post.author_id);
    let translate_post = offer(&state, &c, &access, Some(&post.language));
    let translate_comments = offer(&state, &c, &access, None);
    let mut thread = Vec::new();
    flatten(
        comments::thread(&state.db, id, viewer).await?,
        0,
        viewer.map(|m| m.username.as_str()),
        moderator,
        can_comment,
        &mut thread,
    );
    Ok(PostPage {
        reactions: reaction_buttons(&p.reactions, can_comment),
        c,
        p,
        space,
        thread,
        can_comment,
        can_edit,
        held_back,
        translate_post,
        translate_comments,
        is_author,
        comment,
        described: Described::default(),
    })
}

/// The post's page with a picture's description refused: 422.
pub(super) async fn show_described(
    state: &AppState,
    c: Ctx,
    id: i64,
    described: Described,
) -> AppResult<Response> {
    let page = post_view(state, c, id, CommentTyped::default()).await?;
    field_errors::refused(PostPage { described, ..page })
}

#[derive(Template)]
#[template(path = "post_edit.html", config = "src/web/askama.toml")]
struct EditPage {
    c: Ctx,
    p: PostView,
    /// The form: the post, or as sent when refused.
    composer: Composer,
}

async fn edit_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let me = c.member()?;
    let (post, access) = posts::find_visible(&state.db, id, Some(me)).await?;
    posts::require_author_or_moderator(&access, post.author_id, me)?;
    let p = posts::view(&state.db, id, Some(me)).await?;
    let composer = Composer {
        title: p.title.clone(),
        body: p.body.clone(),
        language: Some(p.language.clone()),
        ..Composer::default()
    };
    html(EditPage { c, p, composer })
}

async fn edit_post(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
    Submitted(form): Submitted<PostForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let edited = posts::edit(
        &state.db,
        &state.changes,
        id,
        me,
        PostChange {
            title: Some(form.title.clone()),
            body: Some(form.body.clone()),
            language: language(form.language.clone()),
        },
    )
    .await;
    let Err(e) = edited else {
        return Ok(see_other(&format!("/post/{id}")));
    };
    let errors = edit_refusal(&e).ok_or(e)?;
    let p = posts::view(&state.db, id, Some(me)).await?;
    let composer = Composer {
        title: form.title,
        body: form.body,
        language: Some(form.language),
        descriptions: String::new(),
        errors,
    };
    field_errors::refused(EditPage { c, p, composer })
}

async fn delete_post(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let (post, _) = posts::find_visible(&state.db, id, Some(me)).await?;
    posts::delete(&state.db, &state.changes, id, me).await?;
    Ok(see_other(&format!("/s/{}", post.space_id)))
}

/// Each reaction button says what pressing it does, as the page showed
/// it: `add` an emoji not given yet, or `remove` one already given. Sent
/// twice, it does the same thing twice, which changes nothing.
#[derive(Deserialize)]
struct ReactionForm {
    add: Option<String>,
    remove: Option<String>,
}

async fn react(state: &AppState, c: &Ctx, target: Target, form: ReactionForm) -> AppResult<()> {
    let me = c.member()?;
    match (form.add, form.remove) {
        (Some(emoji), None) => reactions::add(&state.db, &state.changes, target, me, &emoji).await,
        (None, Some(emoji)) => {
            reactions::remove(&state.db, &state.changes, target, me, &emoji).await
        }
        _ => Err(AppError::BadRequest("press one reaction button".into())),
    }
}

async fn react_to_post(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
    Submitted(form): Submitted<ReactionForm>,
) -> AppResult<Response> {
    react(&state, &c, Target::Post(id), form).await?;
    Ok(see_other(&format!("/post/{id}#reactions")))
}

#[derive(Deserialize)]
struct CommentForm {
    body: String,
    #[serde(default)]
    parent_id: String,
}

async fn create_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
    sent: WithFiles,
) -> AppResult<Response> {
    let me = c.member()?;
    let form: CommentForm = sent.form()?;
    let parent_id = match form.parent_id.trim() {
        "" => None,
        raw => Some(
            raw.parse::<i64>()
                .map_err(|_| AppError::BadRequest("parent_id: not a comment".into()))?,
        ),
    };
    // Pictures are processed only for someone who may comment here.
    let (_, access) = posts::find_visible(&state.db, id, Some(me)).await?;
    access.require(Action::Contribute)?;
    let media = match attachments::store_all(&state, me, &sent).await {
        Ok(media) => media,
        Err(e) => {
            let errors = comment_files_refusal(&e).ok_or(e)?;
            let typed = CommentTyped::of(&sent, parent_id, errors);
            return field_errors::refused(post_view(&state, c, id, typed).await?);
        }
    };
    let created = comments::create(
        &state.db,
        &state.changes,
        id,
        me,
        NewComment {
            body: form.body,
            parent_id,
            media: media.clone(),
        },
    )
    .await;
    match attachments::or_discard(&state, me, created, &media).await {
        Ok(comment) => Ok(see_other(&format!("/post/{id}#comment-{comment}"))),
        Err(e) => {
            let errors = comment_refusal(&e, !media.is_empty()).ok_or(e)?;
            let typed = CommentTyped::of(&sent, parent_id, errors);
            field_errors::refused(post_view(&state, c, id, typed).await?)
        }
    }
}

#[derive(Deserialize)]
struct CommentEditForm {
    body: String,
}

async fn edit_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
    Submitted(form): Submitted<CommentEditForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let edited = comments::edit(
        &state.db,
        &state.changes,
        id,
        me,
        CommentChange {
            body: form.body.clone(),
        },
    )
    .await;
    let e = match edited {
        Ok(post_id) => return Ok(see_other(&format!("/post/{post_id}#comment-{id}"))),
        Err(e) => e,
    };
    let errors = comment_edit_refusal(&e).ok_or(e)?;
    let (comment, _) = comments::find_visible_comment(&state.db, id, Some(me)).await?;
    let typed = CommentTyped {
        edits: Some(id),
        body: form.body,
        errors,
        ..CommentTyped::default()
    };
    field_errors::refused(post_view(&state, c, comment.post_id, typed).await?)
}

async fn delete_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let (comment, _) = comments::find_visible_comment(&state.db, id, Some(me)).await?;
    comments::delete(&state.db, &state.changes, id, me).await?;
    Ok(see_other(&format!("/post/{}#comments", comment.post_id)))
}

async fn react_to_comment(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
    Submitted(form): Submitted<ReactionForm>,
) -> AppResult<Response> {
    let (comment, _) = comments::find_visible_comment(&state.db, id, c.me.as_ref()).await?;
    react(&state, &c, Target::Comment(id), form).await?;
    Ok(see_other(&format!(
        "/post/{}#comment-{id}",
        comment.post_id
    )))
}
