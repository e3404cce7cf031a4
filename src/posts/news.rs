//! Who hears of a new post, comment or reaction, and of being mentioned.
//! Called in the same transaction as the change, from the local paths and
//! from the ones the federation inbox uses (`store_remote`, `add_remote`),
//! so a remote member's comment or reaction tells our members too.
//! Whether someone may hear of it at all (the actor themself, a private
//! space's non-members) is decided by `notifications::notify`.

use std::collections::HashSet;

use crate::db::Tx;
use crate::error::AppResult;
use crate::notifications::{self, Kind, New};

/// Replaces the mentions of a post or comment (`column` is `post_id` or
/// `comment_id`) and returns who is mentioned now but was not before, so
/// that an edit tells only the newly mentioned.
pub(crate) async fn store_mentions(
    tx: &mut Tx,
    column: Mentioned,
    id: i64,
    mentioned: &[i64],
) -> AppResult<Vec<i64>> {
    let (select, delete, insert) = match column {
        Mentioned::Post => (
            "SELECT account_id FROM mentions WHERE post_id = $1",
            "DELETE FROM mentions WHERE post_id = $1",
            "INSERT INTO mentions (post_id, account_id) VALUES ($1, $2)",
        ),
        Mentioned::Comment => (
            "SELECT account_id FROM mentions WHERE comment_id = $1",
            "DELETE FROM mentions WHERE comment_id = $1",
            "INSERT INTO mentions (comment_id, account_id) VALUES ($1, $2)",
        ),
    };
    let before: Vec<(i64,)> = sqlx::query_as(select).bind(id).fetch_all(&mut **tx).await?;
    let before: HashSet<i64> = before.into_iter().map(|(a,)| a).collect();
    sqlx::query(delete).bind(id).execute(&mut **tx).await?;
    let mut stored = HashSet::new();
    let mut new = Vec::new();
    for &account_id in mentioned {
        if !stored.insert(account_id) {
            continue;
        }
        sqlx::query(insert)
            .bind(id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
        if !before.contains(&account_id) {
            new.push(account_id);
        }
    }
    Ok(new)
}

/// What a mention is in.
#[derive(Clone, Copy)]
pub(crate) enum Mentioned {
    Post,
    Comment,
}

/// A new post: whoever it mentions, and everyone watching its space
/// (unless `tell_space` is false: a post that is not news any more).
pub(crate) async fn post_created(
    tx: &mut Tx,
    post_id: i64,
    mentioned: &[i64],
    tell_space: bool,
) -> AppResult<()> {
    let Some((space_id, author_id)) = post_of(tx, post_id).await? else {
        return Ok(());
    };
    let base = |kind| New::of(kind).actor(author_id).space(space_id).post(post_id);
    if tell_space {
        notifications::notify_space(tx, &base(Kind::PostNew)).await?;
    }
    // Being mentioned is the more personal reason: one notification each.
    notifications::notify_all(tx, mentioned, &base(Kind::Mention)).await?;
    for &account_id in mentioned {
        notifications::withdraw(tx, account_id, Kind::PostNew, post_id).await?;
    }
    Ok(())
}

/// An edited post: whoever it mentions for the first time.
pub(crate) async fn post_edited(tx: &mut Tx, post_id: i64, mentioned: &[i64]) -> AppResult<()> {
    if mentioned.is_empty() {
        return Ok(());
    }
    let Some((space_id, author_id)) = post_of(tx, post_id).await? else {
        return Ok(());
    };
    let news = New::of(Kind::Mention)
        .actor(author_id)
        .space(space_id)
        .post(post_id);
    notifications::notify_all(tx, mentioned, &news).await
}

async fn post_of(tx: &mut Tx, post_id: i64) -> AppResult<Option<(i64, i64)>> {
    Ok(
        sqlx::query_as("SELECT space_id, author_id FROM posts WHERE id = $1")
            .bind(post_id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// A new comment: the author of the comment it answers, the post's author,
/// and whoever it mentions; each hears once, by the most personal reason.
/// `mentioned` alone for an edit (then only the newly mentioned).
pub(crate) async fn comment_written(
    tx: &mut Tx,
    comment_id: i64,
    mentioned: &[i64],
    is_new: bool,
) -> AppResult<()> {
    let row: Option<(i64, i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT c.post_id, p.space_id, c.author_id, p.author_id, \
                (SELECT pc.author_id FROM comments pc WHERE pc.id = c.parent_id) \
         FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $1",
    )
    .bind(comment_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((post_id, space_id, author_id, post_author, parent_author)) = row else {
        return Ok(());
    };
    let base = |kind| {
        New::of(kind)
            .actor(author_id)
            .space(space_id)
            .post(post_id)
            .comment(comment_id)
    };
    let mut told = HashSet::from([author_id]);
    if is_new {
        if let Some(parent_author) = parent_author
            && told.insert(parent_author)
        {
            notifications::notify(tx, parent_author, &base(Kind::CommentReply)).await?;
        }
        if told.insert(post_author) {
            notifications::notify(tx, post_author, &base(Kind::CommentOnPost)).await?;
        }
    }
    for &account in mentioned {
        if told.insert(account) {
            notifications::notify(tx, account, &base(Kind::Mention)).await?;
        }
    }
    Ok(())
}

/// A new reaction: the author of what was reacted to (grouped with the
/// other reactions to it they have not read yet).
pub(crate) async fn reacted(
    tx: &mut Tx,
    post_id: Option<i64>,
    comment_id: Option<i64>,
    actor_id: i64,
) -> AppResult<()> {
    let row: Option<(i64, i64, i64)> = match (post_id, comment_id) {
        (Some(post), _) => {
            sqlx::query_as("SELECT id, space_id, author_id FROM posts WHERE id = $1")
                .bind(post)
                .fetch_optional(&mut **tx)
                .await?
        }
        (None, Some(comment)) => {
            sqlx::query_as(
                "SELECT p.id, p.space_id, c.author_id FROM comments c \
                 JOIN posts p ON p.id = c.post_id WHERE c.id = $1",
            )
            .bind(comment)
            .fetch_optional(&mut **tx)
            .await?
        }
        (None, None) => None,
    };
    let Some((post_id, space_id, author_id)) = row else {
        return Ok(());
    };
    let mut news = New::of(Kind::Reaction)
        .actor(actor_id)
        .space(space_id)
        .post(post_id);
    if let Some(comment) = comment_id {
        news = news.comment(comment);
    }
    notifications::notify(tx, author_id, &news).await
}
