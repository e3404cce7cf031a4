//! Following library items: a member who follows an item hears when it
//! changes or is commented. Whoever creates, edits or comments an item
//! follows it from then on; anyone who can see it may follow or unfollow
//! it by hand. This module owns `library_follows`.

use super::find_visible;
use crate::accounts::Account;
use crate::db::{self, Db, Tx};
use crate::error::AppResult;
use crate::notifications::{self, Kind, New};

/// Makes `account_id` follow the item (again: not an error).
pub(super) async fn add(tx: &mut Tx, item_id: i64, account_id: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO library_follows (account_id, item_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (account_id, item_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(item_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The member follows (`true`) or stops following an item they can see.
pub async fn set(db: &Db, item_id: i64, member: &Account, follow: bool) -> AppResult<()> {
    let (item, _) = find_visible(db, item_id, Some(member)).await?;
    let mut tx = db.begin().await?;
    if follow {
        add(&mut tx, item.id, member.id).await?;
    } else {
        sqlx::query("DELETE FROM library_follows WHERE account_id = $1 AND item_id = $2")
            .bind(member.id)
            .bind(item.id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether the member follows the item.
pub async fn is_following(db: &Db, item_id: i64, member: &Account) -> AppResult<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM library_follows WHERE account_id = $1 AND item_id = $2")
            .bind(member.id)
            .bind(item_id)
            .fetch_optional(&db.read)
            .await?;
    Ok(row.is_some())
}

/// What happened to a followed item.
pub(super) enum ItemNews {
    /// Its details, content (a new revision) or place changed.
    Changed,
    /// Someone commented (the library comment's id).
    Commented(i64),
}

/// Tells the item's followers (and makes `actor`, when one of ours, follow
/// it: who edits or comments an item wants to hear of it afterwards).
pub(super) async fn tell(
    tx: &mut Tx,
    (item_id, space_id): (i64, i64),
    actor: i64,
    local_actor: bool,
    what: ItemNews,
) -> AppResult<()> {
    let news = match what {
        ItemNews::Changed => New::of(Kind::LibraryChanged),
        ItemNews::Commented(comment) => New::of(Kind::LibraryCommented).param("comment", comment),
    }
    .actor(actor)
    .space(space_id)
    .item(item_id);
    let followers: Vec<(i64,)> =
        sqlx::query_as("SELECT account_id FROM library_follows WHERE item_id = $1")
            .bind(item_id)
            .fetch_all(&mut **tx)
            .await?;
    for (follower,) in followers {
        notifications::notify(tx, follower, &news).await?;
    }
    if local_actor {
        add(tx, item_id, actor).await?;
    }
    Ok(())
}
