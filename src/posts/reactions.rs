//! Reactions (a future AS2 `Like` / `EmojiReact`) on posts and comments.

use super::comments::find_visible_comment;
use super::find_visible;
use crate::accounts::Account;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::spaces::Action;

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
pub async fn add(db: &Db, target: Target, who: &Account, emoji: &str) -> AppResult<()> {
    let emoji = validate_emoji(emoji)?;
    check(db, target, who).await?;
    let (post_id, comment_id) = target.columns();
    // A repeat hits the unique index and is not an error (below).
    let inserted = sqlx::query(
        "INSERT INTO reactions (post_id, comment_id, account_id, emoji, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(post_id)
    .bind(comment_id)
    .bind(who.id)
    .bind(&emoji)
    .bind(db::now())
    .execute(db.writer())
    .await;
    match inserted {
        // The member already reacted with this emoji.
        Err(e) if db::is_unique_violation(&e) => Ok(()),
        other => other.map(|_| ()).map_err(Into::into),
    }
}

/// Removes the caller's reaction; removing one that is not there is not an error.
pub async fn remove(db: &Db, target: Target, who: &Account, emoji: &str) -> AppResult<()> {
    let emoji = validate_emoji(emoji)?;
    check(db, target, who).await?;
    let (post_id, comment_id) = target.columns();
    sqlx::query(
        "DELETE FROM reactions WHERE (post_id = $1 OR comment_id = $2) AND account_id = $3 AND emoji = $4",
    )
    .bind(post_id)
    .bind(comment_id)
    .bind(who.id)
    .bind(&emoji)
    .execute(db.writer())
    .await?;
    Ok(())
}
