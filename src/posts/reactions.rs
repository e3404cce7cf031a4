//! Reactions (a future AS2 `Like` / `EmojiReact`) on posts and comments.

use super::comments::find_visible_comment;
use super::find_visible;
use crate::accounts::Account;
use crate::changes::{self, Change, Changes};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::spaces::Action;
use crate::urls::LocalRef;
use crate::urls::Urls;

/// What can be reacted to.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    Post(i64),
    Comment(i64),
}

/// An emoji: 1 to 32 bytes of non-ASCII, non-space characters (👍, ❤️, 🎉…).
pub fn validate_emoji(raw: &str) -> AppResult<String> {
    let valid = !raw.is_empty()
        && raw.len() <= 32
        && raw
            .chars()
            .all(|c| !c.is_ascii() && !c.is_whitespace() && !c.is_control());
    if valid {
        Ok(raw.to_owned())
    } else {
        Err(AppError::invalid(
            "emoji: one emoji such as 👍, at most 32 bytes, no letters or spaces",
        ))
    }
}

impl Target {
    /// The target as the `reactions` table's (post_id, comment_id).
    fn columns(self) -> (Option<i64>, Option<i64>) {
        match self {
            Target::Post(id) => (Some(id), None),
            Target::Comment(id) => (None, Some(id)),
        }
    }
}

async fn check(db: &Db, target: Target, who: &Account) -> AppResult<()> {
    let access = match target {
        Target::Post(id) => find_visible(db, id, Some(who)).await?.1,
        Target::Comment(id) => find_visible_comment(db, id, Some(who)).await?.1,
    };
    access.require(Action::Contribute)
}

/// Adds a reaction; adding the same one twice is not an error.
pub async fn add(
    db: &Db,
    changes: &Changes,
    target: Target,
    who: &Account,
    emoji: &str,
) -> AppResult<()> {
    let emoji = validate_emoji(emoji)?;
    check(db, target, who).await?;
    let (post_id, comment_id) = target.columns();
    let mut tx = db.begin().await?;
    // A repeat hits the unique index and is not an error (below).
    let inserted: Result<(i64,), _> = sqlx::query_as(
        "INSERT INTO reactions (post_id, comment_id, account_id, emoji, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(post_id)
    .bind(comment_id)
    .bind(who.id)
    .bind(&emoji)
    .bind(db::now())
    .fetch_one(&mut *tx)
    .await;
    match inserted {
        // The member already reacted with this emoji.
        Err(e) if db::is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
        Ok((id,)) => {
            super::news::reacted(&mut tx, post_id, comment_id, who.id).await?;
            let change = reaction_change(id, who.id, (post_id, comment_id), &emoji, false);
            changes::record(&mut tx, change).await?;
            tx.commit().await?;
            changes.committed();
            Ok(())
        }
    }
}

/// Removes the caller's reaction; removing one that is not there is not an error.
pub async fn remove(
    db: &Db,
    changes: &Changes,
    target: Target,
    who: &Account,
    emoji: &str,
) -> AppResult<()> {
    let emoji = validate_emoji(emoji)?;
    check(db, target, who).await?;
    let (post_id, comment_id) = target.columns();
    let mut tx = db.begin().await?;
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM reactions WHERE (post_id = $1 OR comment_id = $2) AND account_id = $3 \
         AND emoji = $4",
    )
    .bind(post_id)
    .bind(comment_id)
    .bind(who.id)
    .bind(&emoji)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id,)) = found {
        let change = reaction_change(id, who.id, (post_id, comment_id), &emoji, true);
        changes::record(&mut tx, change).await?;
        sqlx::query("DELETE FROM reactions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// A remote actor's `Like` of a post or comment (named by its URL if ours,
/// by its id if not). The emoji is the Like's `content` when it is one,
/// else 👍. Returns whether it was new.
pub async fn add_remote(
    db: &Db,
    urls: &Urls,
    target: &str,
    account_id: i64,
    emoji: Option<&str>,
    like_id: &str,
) -> AppResult<bool> {
    let emoji = emoji
        .and_then(|e| validate_emoji(e).ok())
        .unwrap_or_else(|| "👍".to_owned());
    let (local_post, local_comment) = match urls.parse(target) {
        Some(LocalRef::Post(id)) => (Some(id), None),
        Some(LocalRef::Comment(id)) => (None, Some(id)),
        _ => (None, None),
    };
    // Only content of public spaces can be liked from outside.
    let post: Option<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE (p.ap_id = $1 OR (p.ap_id IS NULL AND p.id = $2)) AND p.deleted_at IS NULL \
         AND s.visibility = 'public'",
    )
    .bind(target)
    .bind(local_post.unwrap_or(0))
    .fetch_optional(&db.read)
    .await?;
    let comment: Option<(i64,)> = match post {
        Some(_) => None,
        None => {
            sqlx::query_as(
                "SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id \
                 JOIN spaces s ON s.id = p.space_id \
                 WHERE (c.ap_id = $1 OR (c.ap_id IS NULL AND c.id = $2)) \
                 AND c.deleted_at IS NULL AND s.visibility = 'public'",
            )
            .bind(target)
            .bind(local_comment.unwrap_or(0))
            .fetch_optional(&db.read)
            .await?
        }
    };
    if post.is_none() && comment.is_none() {
        return Ok(false);
    }
    let (post_id, comment_id) = (post.map(|(id,)| id), comment.map(|(id,)| id));
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO reactions (post_id, comment_id, account_id, emoji, created_at, ap_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(post_id)
    .bind(comment_id)
    .bind(account_id)
    .bind(&emoji)
    .bind(db::now())
    .bind(like_id)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {
            super::news::reacted(&mut tx, post_id, comment_id, account_id).await?;
            tx.commit().await?;
            Ok(true)
        }
        Err(e) if db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// What a remote `Undo` of a reaction names: its `Like`'s id and, when
/// the undone activity is embedded, what it reacted to and with which emoji
/// (Lemmy gives the undone Like a new id, so the id alone may match
/// nothing).
pub struct UndoneReaction<'a> {
    pub like_id: &'a str,
    pub target: Option<&'a str>,
    pub emoji: Option<&'a str>,
}

/// Removes a remote actor's reaction: the one stored under the Like's id,
/// else theirs on the same target with the same emoji (read as
/// [`add_remote`] reads it). Returns the space it was in, if one went.
pub async fn remove_remote(
    db: &Db,
    urls: &Urls,
    undone: UndoneReaction<'_>,
    account_id: i64,
) -> AppResult<Option<i64>> {
    const SPACE: &str = "SELECT r.id, COALESCE(p.space_id, cp.space_id) FROM reactions r \
         LEFT JOIN posts p ON p.id = r.post_id \
         LEFT JOIN comments c ON c.id = r.comment_id LEFT JOIN posts cp ON cp.id = c.post_id";
    let mut found: Vec<(i64, Option<i64>)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SPACE} WHERE r.ap_id = $1 AND r.account_id = $2"
    )))
    .bind(undone.like_id)
    .bind(account_id)
    .fetch_all(&db.read)
    .await?;
    if found.is_empty()
        && let Some(target) = undone.target
    {
        let emoji = undone
            .emoji
            .and_then(|e| validate_emoji(e).ok())
            .unwrap_or_else(|| "👍".to_owned());
        let (local_post, local_comment) = match urls.parse(target) {
            Some(LocalRef::Post(id)) => (id, 0),
            Some(LocalRef::Comment(id)) => (0, id),
            _ => (0, 0),
        };
        // Only reactions that came from elsewhere (they have a Like id).
        found = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SPACE} WHERE r.account_id = $1 AND r.ap_id IS NOT NULL AND r.emoji = $2 \
             AND ((p.ap_id = $3 OR (p.ap_id IS NULL AND p.id = $4)) \
               OR (c.ap_id = $3 OR (c.ap_id IS NULL AND c.id = $5)))"
        )))
        .bind(account_id)
        .bind(&emoji)
        .bind(target)
        .bind(local_post)
        .bind(local_comment)
        .fetch_all(&db.read)
        .await?;
    }
    let mut space = None;
    for (id, space_id) in found {
        let removed = sqlx::query("DELETE FROM reactions WHERE id = $1")
            .bind(id)
            .execute(db.writer())
            .await?;
        if removed.rows_affected() > 0 {
            space = space.or(space_id);
        }
    }
    Ok(space)
}

/// A reaction made or taken back, with what its `Like` or `Undo` names
/// (the row may be gone when the change is published).
fn reaction_change(
    id: i64,
    account_id: i64,
    (post_id, comment_id): (Option<i64>, Option<i64>),
    emoji: &str,
    undo: bool,
) -> Change {
    Change::Reaction {
        id,
        account_id,
        post_id,
        comment_id,
        emoji: emoji.to_owned(),
        undo,
    }
}

/// Removes every reaction of a closing account, each taken back for
/// other servers too.
pub(crate) async fn remove_all_by(tx: &mut Tx, account_id: i64) -> AppResult<()> {
    let rows: Vec<(i64, Option<i64>, Option<i64>, String)> = sqlx::query_as(
        "SELECT id, post_id, comment_id, emoji FROM reactions WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_all(&mut **tx)
    .await?;
    for (id, post_id, comment_id, emoji) in rows {
        let change = reaction_change(id, account_id, (post_id, comment_id), &emoji, true);
        changes::record(tx, change).await?;
        sqlx::query("DELETE FROM reactions WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
