//! Posts (`Page`), comments (`Note`) and reactions (`Like`).

use serde_json::{Value, json};

use super::super::Federation;
use super::super::objects::activity::{Kind, SentActivity};
use super::super::objects::attachment::SentAttachment;
use super::super::objects::post::{SentPost, Written};
use super::super::objects::tombstone::Tombstone;
use super::super::objects::value;
use super::super::outbox::{self, Signer};
use super::{
    Mentioned, SpaceActor, author_url, distribute, follower_inboxes, local_username,
    mention_inboxes, mention_tags, wrap,
};
use crate::db::{Tx, format_time};
use crate::error::AppResult;
use crate::media::{self, Attachment};
use crate::posts::federated::{self, FederatedComment, FederatedPost};

/// Our attachments as AS2 `Image`s and `Document`s at absolute addresses.
fn sent_attachments(fed: &Federation, attachments: &[Attachment]) -> Vec<SentAttachment> {
    attachments
        .iter()
        .map(|a| SentAttachment::of(a, fed.urls.base()))
        .collect()
}

/// `activity` with `more` people in `cc`.
fn with_cc(mut activity: SentActivity, more: Vec<String>) -> SentActivity {
    activity.cc.extend(more);
    activity
}

/// A post with what its `Page` needs.
#[derive(Clone, Debug)]
pub struct PostObject {
    pub post: FederatedPost,
    pub space: SpaceActor,
    pub mentions: Vec<Mentioned>,
    pub attachments: Vec<Attachment>,
}

impl PostObject {
    pub fn url(&self, fed: &Federation) -> String {
        let post = &self.post;
        post.ap_id.clone().unwrap_or_else(|| fed.urls.post(post.id))
    }

    fn author(&self, fed: &Federation) -> String {
        author_url(fed, &self.post.username, self.post.author_ap_id.as_deref())
    }

    /// What it says, by whom, for its `Page` or `Note`.
    fn written(&self, fed: &Federation) -> Written {
        let post = &self.post;
        Written {
            id: self.url(fed),
            author: self.author(fed),
            html: post.body_html.clone(),
            markdown: post.body_source.clone(),
            language: post.language.clone(),
            published: format_time(post.created_at),
            updated: post.edited_at.map(format_time),
        }
    }

    /// The AS2 `Page` as sent, or a `Tombstone` once deleted.
    pub fn to_json(&self, fed: &Federation) -> Value {
        let post = &self.post;
        if let Some(deleted) = post.deleted_at {
            return value(Tombstone::sent(self.url(fed), "Page", format_time(deleted)));
        }
        let (tags, remote) = mention_tags(fed, &self.mentions);
        let audience = self.space.audience(fed);
        value(
            SentPost::page(self.written(fed), post.title.clone(), audience)
                .mentioning(tags, remote)
                .attaching(sent_attachments(fed, &self.attachments)),
        )
    }
}

pub async fn load_post(tx: &mut Tx, post_id: i64) -> AppResult<Option<PostObject>> {
    let Some(post) = federated::post(&mut **tx, post_id).await? else {
        return Ok(None);
    };
    let mentions = federated::post_mentions(&mut **tx, post.id).await?;
    let attachments = media::of_one(&mut **tx, media::Owner::Post(post.id)).await?;
    let space = SpaceActor(post.space.clone());
    Ok(Some(PostObject {
        post,
        space,
        mentions,
        attachments,
    }))
}

/// A comment with what its `Note` needs.
#[derive(Clone, Debug)]
pub struct CommentObject {
    pub comment: FederatedComment,
    pub space: SpaceActor,
    pub mentions: Vec<Mentioned>,
    pub attachments: Vec<Attachment>,
}

impl CommentObject {
    pub fn url(&self, fed: &Federation) -> String {
        let comment = &self.comment;
        comment
            .ap_id
            .clone()
            .unwrap_or_else(|| fed.urls.comment(comment.id))
    }

    fn author(&self, fed: &Federation) -> String {
        let comment = &self.comment;
        author_url(fed, &comment.username, comment.author_ap_id.as_deref())
    }

    /// The AS2 `Note` as sent, or a `Tombstone` once deleted.
    pub fn to_json(&self, fed: &Federation) -> Value {
        let comment = &self.comment;
        if let Some(deleted) = comment.deleted_at {
            return value(Tombstone::sent(self.url(fed), "Note", format_time(deleted)));
        }
        let in_reply_to = match (comment.parent_id, &comment.parent_ap_id) {
            (Some(_), Some(ap)) => ap.clone(),
            (Some(parent), None) => fed.urls.comment(parent),
            (None, _) => comment
                .post_ap_id
                .clone()
                .unwrap_or_else(|| fed.urls.post(comment.post_id)),
        };
        let written = Written {
            id: self.url(fed),
            author: self.author(fed),
            html: comment.body_html.clone(),
            markdown: comment.body_source.clone(),
            language: comment.language.clone(),
            published: format_time(comment.created_at),
            updated: comment.edited_at.map(format_time),
        };
        let (tags, remote) = mention_tags(fed, &self.mentions);
        let note = SentPost::note(written, in_reply_to, self.space.audience(fed));
        value(
            note.mentioning(tags, remote)
                .attaching(sent_attachments(fed, &self.attachments)),
        )
    }
}

pub async fn load_comment(tx: &mut Tx, comment_id: i64) -> AppResult<Option<CommentObject>> {
    let Some(comment) = federated::comment(&mut **tx, comment_id).await? else {
        return Ok(None);
    };
    let mentions = federated::comment_mentions(&mut **tx, comment.id).await?;
    let attachments = media::of_one(&mut **tx, media::Owner::Comment(comment.id)).await?;
    let space = SpaceActor(comment.space.clone());
    Ok(Some(CommentObject {
        comment,
        space,
        mentions,
        attachments,
    }))
}

/// A new, edited or deleted post: Create, Update or Delete of its `Page`.
pub async fn post_changed(
    tx: &mut Tx,
    fed: &Federation,
    post_id: i64,
    kind: Kind,
) -> AppResult<()> {
    let Some(post) = load_post(tx, post_id).await? else {
        return Ok(());
    };
    if post.post.ap_id.is_some() {
        return Ok(()); // someone else's post: its home instance federates it
    }
    let object = if kind == Kind::Delete {
        json!(post.url(fed))
    } else {
        post.to_json(fed)
    };
    let (_, remote) = mention_tags(fed, &post.mentions);
    let activity = with_cc(
        wrap(fed, kind, &post.author(fed), object, &post.space),
        remote,
    );
    let inboxes = mention_inboxes(&post.mentions);
    distribute(
        tx,
        fed,
        &post.space,
        post.post.author_id,
        activity.into_value(),
        inboxes,
    )
    .await
}

/// A deletion by someone other than the author (a content manager or an
/// instance moderator): as Lemmy applies a removal, the moderator's own
/// `Delete`, announced by the group. Without a moderator to name (a change
/// recorded before they were kept), the group itself deletes the object.
pub async fn moderator_deleted(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    object_url: String,
    by: Option<i64>,
) -> AppResult<()> {
    if !space.is_local() {
        return Ok(());
    }
    let moderator = match by {
        Some(id) => local_username(tx, id).await?,
        None => None,
    };
    if let Some(name) = moderator {
        let actor = fed.urls.person(&name);
        let activity = wrap(fed, Kind::Delete, &actor, object_url, space).into_value();
        return super::announce(tx, fed, space, activity).await;
    }
    let group = space.id(fed);
    let activity = wrap(fed, Kind::Delete, &group, object_url, space).into_value();
    let inboxes = follower_inboxes(tx, space.space_id).await?;
    outbox::enqueue(tx, fed, Signer::Space(space.space_id), activity, inboxes).await
}

pub async fn comment_changed(
    tx: &mut Tx,
    fed: &Federation,
    comment_id: i64,
    kind: Kind,
) -> AppResult<()> {
    let Some(comment) = load_comment(tx, comment_id).await? else {
        return Ok(());
    };
    if comment.comment.ap_id.is_some() {
        return Ok(());
    }
    let object = if kind == Kind::Delete {
        json!(comment.url(fed))
    } else {
        comment.to_json(fed)
    };
    let author = comment.author(fed);
    let (_, remote) = mention_tags(fed, &comment.mentions);
    let activity = with_cc(wrap(fed, kind, &author, object, &comment.space), remote);
    let inboxes = mention_inboxes(&comment.mentions);
    let activity = activity.into_value();
    distribute(
        tx,
        fed,
        &comment.space,
        comment.comment.author_id,
        activity,
        inboxes,
    )
    .await
}

/// A member's reaction, as recorded when it was made or taken back (the
/// row itself may be gone).
pub struct Reaction<'a> {
    pub id: i64,
    pub account_id: i64,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub emoji: &'a str,
}

/// A member's reaction: `Like` (with the emoji as `content`), or its Undo.
pub async fn reaction_changed(
    tx: &mut Tx,
    fed: &Federation,
    reaction: &Reaction<'_>,
    undo: bool,
) -> AppResult<()> {
    let Some(username) = local_username(tx, reaction.account_id).await? else {
        return Ok(());
    };
    let (object, space) = match (reaction.post_id, reaction.comment_id) {
        (Some(post_id), _) => match load_post(tx, post_id).await? {
            Some(post) => (post.url(fed), post.space),
            None => return Ok(()),
        },
        (None, Some(comment_id)) => match load_comment(tx, comment_id).await? {
            Some(comment) => (comment.url(fed), comment.space),
            None => return Ok(()),
        },
        (None, None) => return Ok(()),
    };
    let actor = fed.urls.person(&username);
    let like_id = format!("{actor}/likes/{}", reaction.id);
    let mut like = wrap(fed, Kind::Like, &actor, object, &space).content(reaction.emoji.to_owned());
    like.id = like_id;
    let activity = if undo {
        wrap(fed, Kind::Undo, &actor, like.inner(), &space)
    } else {
        like
    };
    distribute(
        tx,
        fed,
        &space,
        reaction.account_id,
        activity.into_value(),
        Vec::new(),
    )
    .await
}
