//! Threaded comments on posts (a future AS2 `Note` with `inReplyTo`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::news::{self, Mentioned};
use super::{
    AuthorView, ReactionCount, RemovedBy, find_visible, render_body, require_author_or_moderator,
};
use crate::accounts::{Account, ProfileVisibility, bounded};
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::media::{self, Attachment};
use crate::spaces::{self, Action, SpaceAccess};
use crate::urls::LocalRef;
use crate::urls::Urls;

pub const MAX_BODY_CHARS: usize = 20_000;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Comment {
    pub id: i64,
    pub post_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    pub deleted_at: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CommentView {
    pub id: i64,
    pub post_id: i64,
    pub parent_id: Option<i64>,
    /// Absent once deleted.
    pub author: Option<AuthorView>,
    pub body: String,
    pub body_html: String,
    pub mentions: Vec<String>,
    pub reactions: Vec<ReactionCount>,
    /// Pictures and files, in order.
    pub attachments: Vec<Attachment>,
    /// A deleted comment stays in the thread as a tombstone so replies keep
    /// their place.
    pub deleted: bool,
    pub created_at: String,
    pub edited_at: Option<String>,
    #[schema(no_recursion)]
    pub replies: Vec<CommentView>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// Markdown.
    pub body: String,
    /// The comment this one answers; absent for a top-level comment.
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub parent_id: Option<i64>,
    /// Uploads to attach, in order (`POST /api/v1/media`), at most six.
    #[serde(default, deserialize_with = "crate::integer::list")]
    pub media: Vec<i64>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentChange {
    pub body: String,
}

fn check_body(body: &str) -> AppResult<()> {
    if body.trim().is_empty() {
        return Err(AppError::invalid("body: must not be empty"));
    }
    bounded("body", body, MAX_BODY_CHARS)
}

/// The comment and its space as the viewer may see them (see
/// [`super::find_visible`] for the rules).
pub async fn find_visible_comment(
    db: &Db,
    comment_id: i64,
    viewer: Option<&Account>,
) -> AppResult<(Comment, SpaceAccess)> {
    let row: Option<(Comment, i64, Option<i64>)> = sqlx::query_as::<
        _,
        (i64, i64, Option<i64>, i64, Option<i64>, i64, Option<i64>),
    >(concat!(
        "SELECT c.id, c.post_id, c.parent_id, c.author_id, c.deleted_at, p.space_id, p.deleted_at \
         FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $1 AND ",
        spaces::in_space_visible_to!("p.space_id", "$2")
    ))
    .bind(comment_id)
    .bind(viewer.map(|v| v.id))
    .fetch_optional(&db.read)
    .await?
    .map(
        |(id, post_id, parent_id, author_id, deleted_at, space_id, post_deleted)| {
            (
                Comment {
                    id,
                    post_id,
                    parent_id,
                    author_id,
                    deleted_at,
                },
                space_id,
                post_deleted,
            )
        },
    );
    let space_id = row.as_ref().map(|(_, space_id, _)| *space_id);
    let access = spaces::find_visible_holding(db, space_id, viewer, "comment").await?;
    let (comment, _, post_deleted) = row.ok_or(AppError::NotFound("comment"))?;
    if comment.deleted_at.is_some() || post_deleted.is_some() {
        return Err(AppError::Gone("comment"));
    }
    Ok((comment, access))
}

pub async fn create(
    db: &Db,
    changes: &Changes,
    post_id: i64,
    author: &Account,
    new: NewComment,
) -> AppResult<i64> {
    let (post, access) = find_visible(db, post_id, Some(author)).await?;
    access.require(Action::Contribute)?;
    check_body(&new.body)?;
    if let Some(parent_id) = new.parent_id {
        let (parent, _) = find_visible_comment(db, parent_id, Some(author)).await?;
        if parent.post_id != post.id {
            return Err(AppError::invalid(
                "parent_id: that comment belongs to another post",
            ));
        }
    }
    let body = render_body(db, changes.urls.base(), &new.body).await?;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO comments (post_id, parent_id, author_id, body_source, body_html, created_at, \
                               id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(post.id)
    .bind(new.parent_id)
    .bind(author.id)
    .bind(&new.body)
    .bind(body.html)
    .bind(db::now())
    .bind(db::new_id())
    .fetch_one(&mut *tx)
    .await?;
    media::attach(&mut tx, media::Owner::Comment(id), author.id, &new.media).await?;
    let mentioned = news::store_mentions(&mut tx, Mentioned::Comment, id, &body.mentioned).await?;
    news::comment_written(&mut tx, id, &mentioned, true).await?;
    changes::record(
        &mut tx,
        Change::Comment {
            id,
            verb: Verb::Create,
        },
    )
    .await?;
    crate::search::index::comment(&mut tx, id).await?;
    tx.commit().await?;
    changes.committed();
    Ok(id)
}

pub async fn edit(
    db: &Db,
    changes: &Changes,
    comment_id: i64,
    who: &Account,
    change: CommentChange,
) -> AppResult<i64> {
    let (comment, access) = find_visible_comment(db, comment_id, Some(who)).await?;
    require_author_or_moderator(&access, comment.author_id, who)?;
    check_body(&change.body)?;
    let body = render_body(db, changes.urls.base(), &change.body).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE comments SET body_source = $1, body_html = $2, edited_at = $3 WHERE id = $4",
    )
    .bind(&change.body)
    .bind(body.html)
    .bind(db::now())
    .bind(comment.id)
    .execute(&mut *tx)
    .await?;
    let mentioned =
        news::store_mentions(&mut tx, Mentioned::Comment, comment.id, &body.mentioned).await?;
    news::comment_written(&mut tx, comment.id, &mentioned, false).await?;
    changes::record(
        &mut tx,
        Change::Comment {
            id: comment.id,
            verb: Verb::Update,
        },
    )
    .await?;
    crate::search::index::comment(&mut tx, comment.id).await?;
    tx.commit().await?;
    changes.committed();
    Ok(comment.post_id)
}

pub async fn delete(db: &Db, changes: &Changes, comment_id: i64, who: &Account) -> AppResult<()> {
    let (comment, access) = find_visible_comment(db, comment_id, Some(who)).await?;
    require_author_or_moderator(&access, comment.author_id, who)?;
    let mut tx = db.begin().await?;
    let by = if comment.author_id == who.id {
        RemovedBy::Author
    } else {
        RemovedBy::Moderator(who.id)
    };
    tombstone(&mut tx, comment.id, by).await?;
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// Empties a comment, keeping it in its thread as a tombstone, and
/// federates the deletion (see [`super::tombstone`]).
pub(crate) async fn tombstone(tx: &mut Tx, comment_id: i64, by: RemovedBy) -> AppResult<()> {
    let emptied = sqlx::query(
        "UPDATE comments SET body_source = '', body_html = '', deleted_at = $1 \
         WHERE id = $2 AND deleted_at IS NULL",
    )
    .bind(db::now())
    .bind(comment_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM mentions WHERE comment_id = $1")
        .bind(comment_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM reactions WHERE comment_id = $1")
        .bind(comment_id)
        .execute(&mut **tx)
        .await?;
    media::detach_all(tx, media::Owner::Comment(comment_id)).await?;
    if emptied.rows_affected() > 0 {
        let change = match by {
            RemovedBy::Author => Change::Comment {
                id: comment_id,
                verb: Verb::Delete,
            },
            RemovedBy::Moderator(moderator) => Change::CommentRemoved {
                id: comment_id,
                by: Some(moderator),
            },
        };
        changes::record(tx, change).await?;
    }
    crate::search::index::comment(tx, comment_id).await?;
    Ok(())
}

/// What a remote `Note` replies to, within `space_id`: the post, and the
/// parent comment if it answers a comment. Our own objects are named by
/// their URL, others' by their id.
pub async fn find_parent(
    db: &Db,
    urls: &Urls,
    in_reply_to: &str,
    space_id: i64,
) -> AppResult<Option<(i64, Option<i64>)>> {
    let (local_post, local_comment) = match urls.parse(in_reply_to) {
        Some(LocalRef::Post(id)) => (Some(id), None),
        Some(LocalRef::Comment(id)) => (None, Some(id)),
        _ => (None, None),
    };
    let post: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM posts WHERE (ap_id = $1 OR (ap_id IS NULL AND id = $2)) \
         AND space_id = $3 AND deleted_at IS NULL",
    )
    .bind(in_reply_to)
    .bind(local_post.unwrap_or(0))
    .bind(space_id)
    .fetch_optional(&db.read)
    .await?;
    if let Some((post_id,)) = post {
        return Ok(Some((post_id, None)));
    }
    let comment: Option<(i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.post_id FROM comments c JOIN posts p ON p.id = c.post_id \
         WHERE (c.ap_id = $1 OR (c.ap_id IS NULL AND c.id = $2)) AND p.space_id = $3",
    )
    .bind(in_reply_to)
    .bind(local_comment.unwrap_or(0))
    .bind(space_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(comment.map(|(id, post_id)| (post_id, Some(id))))
}

#[derive(Debug)]
pub struct RemoteComment {
    pub ap_id: String,
    pub post_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: i64,
    pub body_source: String,
    pub body_html: String,
    pub created_at: i64,
    /// Our members it mentions (its `Mention` tags that name them).
    pub mentioned: Vec<i64>,
    /// Its pictures and files, as addresses on its server.
    pub media: Vec<crate::media::RemoteAttachment>,
}

/// A comment from another instance, stored (or replaced, for an Update)
/// under its own id; the people it concerns here are told, as for a local
/// comment. Returns whether anything changed.
pub async fn store_remote(db: &Db, comment: RemoteComment, update: bool) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let stored: Option<(i64,)> = if update {
        sqlx::query_as(
            "UPDATE comments SET body_source = $1, body_html = $2, edited_at = $3 \
             WHERE ap_id = $4 AND author_id = $5 AND deleted_at IS NULL RETURNING id",
        )
        .bind(&comment.body_source)
        .bind(&comment.body_html)
        .bind(db::now())
        .bind(&comment.ap_id)
        .bind(comment.author_id)
        .fetch_optional(&mut *tx)
        .await?
    } else {
        sqlx::query_as(
            "INSERT INTO comments (post_id, parent_id, author_id, body_source, body_html, \
                                   created_at, ap_id, id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ap_id) DO NOTHING RETURNING id",
        )
        .bind(comment.post_id)
        .bind(comment.parent_id)
        .bind(comment.author_id)
        .bind(&comment.body_source)
        .bind(&comment.body_html)
        .bind(comment.created_at)
        .bind(&comment.ap_id)
        .bind(db::new_id())
        .fetch_optional(&mut *tx)
        .await?
    };
    let Some((id,)) = stored else {
        return Ok(false);
    };
    media::store_remote(
        &mut tx,
        media::Owner::Comment(id),
        comment.author_id,
        &comment.media,
    )
    .await?;
    let mentioned =
        news::store_mentions(&mut tx, Mentioned::Comment, id, &comment.mentioned).await?;
    news::comment_written(&mut tx, id, &mentioned, !update).await?;
    crate::search::index::comment(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    parent_id: Option<i64>,
    author_id: i64,
    username: String,
    display_name: String,
    avatar: Option<i64>,
    profile_visibility: ProfileVisibility,
    body_source: String,
    body_html: String,
    created_at: i64,
    edited_at: Option<i64>,
    deleted_at: Option<i64>,
}

/// All comments of a visible post, as a tree in the order they were written.
pub async fn thread(
    db: &Db,
    post_id: i64,
    viewer: Option<&Account>,
) -> AppResult<Vec<CommentView>> {
    let (post, _) = find_visible(db, post_id, viewer).await?;
    let rows: Vec<CommentRow> = sqlx::query_as(
        "SELECT c.id, c.parent_id, c.author_id, \
                CASE WHEN a.domain IS NULL THEN a.username ELSE a.username || '@' || a.domain END \
                    AS username, a.display_name, \
                (SELECT v.id FROM media v WHERE v.avatar_of = a.id) AS avatar, \
                a.profile_visibility, \
                CASE WHEN a.federation_state = 2 THEN '' ELSE c.body_source END AS body_source, \
                CASE WHEN a.federation_state = 2 THEN '' ELSE c.body_html END AS body_html, \
                c.created_at, c.edited_at, \
                CASE WHEN a.federation_state = 2 THEN COALESCE(c.deleted_at, c.created_at) \
                     ELSE c.deleted_at END AS deleted_at \
         FROM comments c JOIN accounts a ON a.id = c.author_id WHERE c.post_id = $1 \
         ORDER BY c.created_at, c.id",
    )
    .bind(post.id)
    .fetch_all(&db.read)
    .await?;
    let reaction_rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT r.comment_id, r.emoji, COUNT(*), SUM(CASE WHEN r.account_id = $2 THEN 1 ELSE 0 END) \
         FROM reactions r JOIN comments c ON c.id = r.comment_id WHERE c.post_id = $1 \
         GROUP BY r.comment_id, r.emoji ORDER BY MIN(r.id)",
    )
    .bind(post.id)
    .bind(viewer.map_or(0, |v| v.id))
    .fetch_all(&db.read)
    .await?;
    let mention_rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT m.comment_id, CASE WHEN a.domain IS NULL THEN a.username \
                ELSE a.username || '@' || a.domain END FROM mentions m JOIN comments c ON c.id = m.comment_id \
         JOIN accounts a ON a.id = m.account_id WHERE c.post_id = $1 ORDER BY m.id",
    )
    .bind(post.id)
    .fetch_all(&db.read)
    .await?;
    let mut reactions: HashMap<i64, Vec<ReactionCount>> = HashMap::new();
    for (comment_id, emoji, count, mine) in reaction_rows {
        reactions
            .entry(comment_id)
            .or_default()
            .push(ReactionCount {
                emoji,
                count,
                mine: mine > 0,
            });
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut attachments = media::of_each(db, media::Owner::Comment(0), &ids).await?;
    let mut mentions: HashMap<i64, Vec<String>> = HashMap::new();
    for (comment_id, username) in mention_rows {
        mentions.entry(comment_id).or_default().push(username);
    }

    // Build the tree bottom-up: children always have larger ids than their
    // parent, so walking in reverse attaches every reply before its parent
    // is itself attached.
    let mut children: HashMap<i64, Vec<CommentView>> = HashMap::new();
    let mut roots = Vec::new();
    for row in rows.into_iter().rev() {
        let deleted = row.deleted_at.is_some();
        let mut replies = children.remove(&row.id).unwrap_or_default();
        replies.reverse();
        let view = CommentView {
            id: row.id,
            post_id: post.id,
            parent_id: row.parent_id,
            author: (!deleted).then_some(AuthorView {
                avatar: super::avatar_for(
                    row.avatar,
                    row.author_id,
                    row.profile_visibility,
                    viewer,
                ),
                username: row.username,
                display_name: row.display_name,
            }),
            body: row.body_source,
            body_html: row.body_html,
            mentions: mentions.remove(&row.id).unwrap_or_default(),
            reactions: reactions.remove(&row.id).unwrap_or_default(),
            // A hidden author's comment shows as deleted: nothing of it.
            attachments: if deleted {
                Vec::new()
            } else {
                attachments.remove(&row.id).unwrap_or_default()
            },
            deleted,
            created_at: format_time(row.created_at),
            edited_at: row.edited_at.map(format_time),
            replies,
        };
        match row.parent_id {
            Some(parent) => children.entry(parent).or_default().push(view),
            None => roots.push(view),
        }
    }
    roots.reverse();
    Ok(roots)
}
