//! Posts (`Page`), comments (`Note`) and reactions (`Like`).

use serde_json::{Value, json};

use super::super::outbox::{self, Signer};
use super::super::{Federation, PUBLIC};
use super::{
    Mentioned, SpaceActor, add_mentions, append_cc, author_url, distribute, follower_inboxes,
    load_mentions, local_username, mention_inboxes, mention_tags, space_actor_columns, wrap,
};
use crate::db::{Tx, format_time};
use crate::error::AppResult;

/// A post with what its `Page` needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PostObject {
    pub id: i64,
    pub ap_id: Option<String>,
    pub title: String,
    pub body_source: String,
    pub body_html: String,
    pub language: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub author_id: i64,
    pub username: String,
    pub author_ap_id: Option<String>,
    #[sqlx(flatten)]
    pub space: SpaceActor,
    #[sqlx(skip)]
    pub mentions: Vec<Mentioned>,
}

impl PostObject {
    pub fn url(&self, fed: &Federation) -> String {
        self.ap_id.clone().unwrap_or_else(|| fed.urls.post(self.id))
    }

    fn author(&self, fed: &Federation) -> String {
        author_url(fed, &self.username, self.author_ap_id.as_deref())
    }

    /// The AS2 `Page`, or a `Tombstone` once deleted.
    pub fn to_json(&self, fed: &Federation) -> Value {
        let id = self.url(fed);
        if let Some(deleted) = self.deleted_at {
            return json!({"id": id, "type": "Tombstone", "formerType": "Page",
                          "deleted": format_time(deleted)});
        }
        let group = self.space.id(fed);
        let mut page = json!({
            "id": id,
            "type": "Page",
            "attributedTo": self.author(fed),
            "name": self.title,
            "content": self.body_html,
            "mediaType": "text/html",
            "source": {"content": self.body_source, "mediaType": "text/markdown"},
            "contentMap": {self.language.clone(): self.body_html},
            "audience": group,
            "to": [group, PUBLIC],
            "cc": [self.space.followers(fed)],
            "published": format_time(self.created_at),
            "url": id,
        });
        add_mentions(fed, &mut page, &self.mentions);
        if let Some(edited) = self.edited_at {
            page["updated"] = json!(format_time(edited));
        }
        page
    }
}

pub async fn load_post(tx: &mut Tx, post_id: i64) -> AppResult<Option<PostObject>> {
    let post: Option<PostObject> = sqlx::query_as(concat!(
        "SELECT p.id, p.ap_id, p.title, p.body_source, p.body_html, p.language, p.created_at, \
                p.edited_at, p.deleted_at, p.author_id, \
                COALESCE(a.closed_username, a.username) AS username, a.ap_id AS author_ap_id, ",
        space_actor_columns!(),
        " FROM posts p JOIN spaces s ON s.id = p.space_id JOIN accounts a ON a.id = p.author_id \
         WHERE p.id = $1"
    ))
    .bind(post_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(mut post) = post else {
        return Ok(None);
    };
    post.mentions = load_mentions(tx, "post_id", post.id).await?;
    Ok(Some(post))
}

/// A comment with what its `Note` needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommentObject {
    pub id: i64,
    pub ap_id: Option<String>,
    pub body_source: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub author_id: i64,
    pub username: String,
    pub author_ap_id: Option<String>,
    pub post_id: i64,
    pub post_ap_id: Option<String>,
    pub parent_id: Option<i64>,
    pub parent_ap_id: Option<String>,
    pub language: String,
    #[sqlx(flatten)]
    pub space: SpaceActor,
    #[sqlx(skip)]
    pub mentions: Vec<Mentioned>,
}

impl CommentObject {
    pub fn url(&self, fed: &Federation) -> String {
        self.ap_id
            .clone()
            .unwrap_or_else(|| fed.urls.comment(self.id))
    }

    pub fn to_json(&self, fed: &Federation) -> Value {
        let id = self.url(fed);
        if let Some(deleted) = self.deleted_at {
            return json!({"id": id, "type": "Tombstone", "formerType": "Note",
                          "deleted": format_time(deleted)});
        }
        let in_reply_to = match (self.parent_id, &self.parent_ap_id) {
            (Some(_), Some(ap)) => ap.clone(),
            (Some(parent), None) => fed.urls.comment(parent),
            (None, _) => self
                .post_ap_id
                .clone()
                .unwrap_or_else(|| fed.urls.post(self.post_id)),
        };
        let group = self.space.id(fed);
        let mut note = json!({
            "id": id,
            "type": "Note",
            "attributedTo": author_url(fed, &self.username, self.author_ap_id.as_deref()),
            "inReplyTo": in_reply_to,
            "content": self.body_html,
            "mediaType": "text/html",
            "source": {"content": self.body_source, "mediaType": "text/markdown"},
            "contentMap": {self.language.clone(): self.body_html},
            "audience": group,
            "to": [group, PUBLIC],
            "cc": [self.space.followers(fed)],
            "published": format_time(self.created_at),
        });
        add_mentions(fed, &mut note, &self.mentions);
        if let Some(edited) = self.edited_at {
            note["updated"] = json!(format_time(edited));
        }
        note
    }
}

pub async fn load_comment(tx: &mut Tx, comment_id: i64) -> AppResult<Option<CommentObject>> {
    let comment: Option<CommentObject> = sqlx::query_as(concat!(
        "SELECT c.id, c.ap_id, c.body_source, c.body_html, c.created_at, c.edited_at, \
                c.deleted_at, c.author_id, COALESCE(a.closed_username, a.username) AS username, \
                a.ap_id AS author_ap_id, \
                p.id AS post_id, p.ap_id AS post_ap_id, c.parent_id, pc.ap_id AS parent_ap_id, \
                p.language, ",
        space_actor_columns!(),
        " FROM comments c JOIN posts p ON p.id = c.post_id JOIN spaces s ON s.id = p.space_id \
         JOIN accounts a ON a.id = c.author_id LEFT JOIN comments pc ON pc.id = c.parent_id \
         WHERE c.id = $1"
    ))
    .bind(comment_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(mut comment) = comment else {
        return Ok(None);
    };
    comment.mentions = load_mentions(tx, "comment_id", comment.id).await?;
    Ok(Some(comment))
}

/// A new, edited or deleted post: Create, Update or Delete of its `Page`.
pub async fn post_changed(
    tx: &mut Tx,
    fed: &Federation,
    post_id: i64,
    kind: &str,
) -> AppResult<()> {
    let Some(post) = load_post(tx, post_id).await? else {
        return Ok(());
    };
    if post.ap_id.is_some() {
        return Ok(()); // someone else's post: its home instance federates it
    }
    let object = if kind == "Delete" {
        json!(post.url(fed))
    } else {
        post.to_json(fed)
    };
    let mut activity = wrap(fed, kind, &post.author(fed), object, &post.space);
    let (_, remote) = mention_tags(fed, &post.mentions);
    append_cc(&mut activity, remote);
    let inboxes = mention_inboxes(&post.mentions);
    distribute(tx, fed, &post.space, post.author_id, activity, inboxes).await
}

/// A deletion by someone other than the author (a content manager): the
/// group itself deletes the object.
pub async fn moderator_deleted(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    object_url: String,
) -> AppResult<()> {
    if !space.is_local() {
        return Ok(());
    }
    let group = space.id(fed);
    let activity = wrap(fed, "Delete", &group, json!(object_url), space);
    let inboxes = follower_inboxes(tx, space.space_id).await?;
    outbox::enqueue(tx, fed, Signer::Space(space.space_id), activity, inboxes).await
}

pub async fn comment_changed(
    tx: &mut Tx,
    fed: &Federation,
    comment_id: i64,
    kind: &str,
) -> AppResult<()> {
    let Some(comment) = load_comment(tx, comment_id).await? else {
        return Ok(());
    };
    if comment.ap_id.is_some() {
        return Ok(());
    }
    let object = if kind == "Delete" {
        json!(comment.url(fed))
    } else {
        comment.to_json(fed)
    };
    let author = author_url(fed, &comment.username, comment.author_ap_id.as_deref());
    let mut activity = wrap(fed, kind, &author, object, &comment.space);
    let (_, remote) = mention_tags(fed, &comment.mentions);
    append_cc(&mut activity, remote);
    let inboxes = mention_inboxes(&comment.mentions);
    distribute(
        tx,
        fed,
        &comment.space,
        comment.author_id,
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
    let mut like = wrap(fed, "Like", &actor, json!(object), &space);
    like["id"] = json!(like_id);
    like["content"] = json!(reaction.emoji);
    let activity = if undo {
        wrap(fed, "Undo", &actor, like, &space)
    } else {
        like
    };
    distribute(tx, fed, &space, reaction.account_id, activity, Vec::new()).await
}
