//! Members following spaces of other instances.
//!
//! Following sends a `Follow` to the space's group; its `Accept` (handled
//! by the inbox) turns the pending follow into an accepted one and makes
//! the member a contributor of our copy of the space, so it appears in
//! their home feed and they can post and comment in it.

use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::accounts::Account;
use crate::changes::{self, Change, Changes};
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::text_enum::text_enum;

text_enum! {
    pub enum FollowState {
        /// Sent; the space's instance has not accepted yet.
        Pending = "pending",
        Accepted = "accepted",
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFollow {
    /// `@slug@domain` or the space's URL.
    pub handle: String,
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct FollowView {
    /// Our copy of the space: use it as `{space}` in the spaces and posts API.
    pub space_id: i64,
    /// `slug@domain`.
    pub handle: String,
    pub title: String,
    /// The space's ActivityPub id.
    pub url: String,
    pub state: FollowState,
    #[serde(skip)]
    pub created: i64,
    #[sqlx(skip)]
    pub created_at: String,
}

/// Follows the remote public space `space_id` (our copy of it, as
/// federation found it by handle). Following again is not an error.
pub async fn follow(
    db: &Db,
    changes: &Changes,
    member: &Account,
    space_id: i64,
) -> AppResult<FollowView> {
    let follow_id = changes.urls.new_activity("follow");
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO remote_follows (account_id, space_id, follow_id, state, created_at) \
         VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (account_id, space_id) DO NOTHING",
    )
    .bind(member.id)
    .bind(space_id)
    .bind(&follow_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() > 0 {
        let follow = Change::SpaceFollowed {
            account_id: member.id,
            space_id,
            follow_id,
            undo: false,
        };
        changes::record(&mut tx, follow).await?;
    }
    tx.commit().await?;
    changes.committed();
    find(db, member, space_id)
        .await?
        .ok_or(AppError::NotFound("follow"))
}

macro_rules! follow_select {
    () => {
        "SELECT f.space_id, s.slug || '@' || s.domain AS handle, s.title, \
         s.ap_id AS url, f.state, f.created_at AS created FROM remote_follows f \
         JOIN spaces s ON s.id = f.space_id WHERE f.account_id = $1"
    };
}

async fn find(db: &Db, member: &Account, space_id: i64) -> AppResult<Option<FollowView>> {
    let row: Option<FollowView> = sqlx::query_as(concat!(follow_select!(), " AND f.space_id = $2"))
        .bind(member.id)
        .bind(space_id)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(with_time))
}

fn with_time(mut view: FollowView) -> FollowView {
    view.created_at = format_time(view.created);
    view
}

/// The remote spaces a member follows or asked to follow.
pub async fn list(db: &db::Db, member: &Account) -> AppResult<Vec<FollowView>> {
    let rows: Vec<FollowView> =
        sqlx::query_as(concat!(follow_select!(), " ORDER BY f.created_at DESC"))
            .bind(member.id)
            .fetch_all(&db.read)
            .await?;
    Ok(rows.into_iter().map(with_time).collect())
}

/// Stops following: `Undo(Follow)` to the space, and the member leaves our
/// copy of it.
pub async fn unfollow(state: &AppState, member: &Account, space_id: i64) -> AppResult<()> {
    let changes = &state.changes;
    let mut tx = state.db.begin().await?;
    let removed: Option<(String,)> = sqlx::query_as(
        "DELETE FROM remote_follows WHERE account_id = $1 AND space_id = $2 RETURNING follow_id",
    )
    .bind(member.id)
    .bind(space_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((follow_id,)) = removed else {
        return Err(AppError::NotFound("follow"));
    };
    super::members::take_out(&mut tx, space_id, member.id).await?;
    let undo = Change::SpaceFollowed {
        account_id: member.id,
        space_id,
        follow_id,
        undo: true,
    };
    changes::record(&mut tx, undo).await?;
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// What the answer to a member's `Follow` did.
#[derive(Debug, PartialEq, Eq)]
pub enum FollowAnswer {
    /// No pending follow of ours has that id.
    Unknown,
    /// Accepted; `first` when no other member followed the space before
    /// (its recent posts are then worth fetching).
    Accepted {
        first: bool,
    },
    Rejected,
}

/// The instance of space `space_id` accepted or refused our member's
/// `Follow` `follow_id`. Accepted: the member is a follower and a
/// contributor of our copy of the space; refused: the follow goes.
/// Either way the member is told.
pub async fn answered(
    db: &Db,
    space_id: i64,
    follow_id: &str,
    accepted: bool,
) -> AppResult<FollowAnswer> {
    let mut tx = db.begin().await?;
    let answer = if accepted {
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE remote_follows SET state = 'accepted' WHERE follow_id = $1 AND space_id = $2 \
             RETURNING account_id",
        )
        .bind(follow_id)
        .bind(space_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((account_id,)) = row else {
            return Ok(FollowAnswer::Unknown);
        };
        let (earlier,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM remote_follows WHERE space_id = $1 AND state = 'accepted' \
             AND account_id <> $2",
        )
        .bind(space_id)
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
        super::members::insert_follower(&mut tx, space_id, account_id).await?;
        super::members::follow_answered(&mut tx, space_id, account_id, true).await?;
        FollowAnswer::Accepted {
            first: earlier == 0,
        }
    } else {
        let row: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM remote_follows WHERE follow_id = $1 AND space_id = $2 RETURNING account_id",
        )
        .bind(follow_id)
        .bind(space_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((account_id,)) = row else {
            return Ok(FollowAnswer::Unknown);
        };
        super::members::take_out(&mut tx, space_id, account_id).await?;
        super::members::follow_answered(&mut tx, space_id, account_id, false).await?;
        FollowAnswer::Rejected
    };
    tx.commit().await?;
    Ok(answer)
}

/// Whether a member here follows our copy `space_id` of a remote space,
/// and its group accepted.
pub async fn is_followed_here(db: &Db, space_id: i64) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT account_id FROM remote_follows WHERE space_id = $1 AND state = 'accepted' LIMIT 1",
    )
    .bind(space_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.is_some())
}

/// The group id and outbox of our copy `space_id` of a remote space.
pub async fn remote_outbox(db: &Db, space_id: i64) -> AppResult<Option<(String, Option<String>)>> {
    Ok(
        sqlx::query_as("SELECT ap_id, outbox_url FROM spaces WHERE id = $1 AND domain IS NOT NULL")
            .bind(space_id)
            .fetch_optional(&db.read)
            .await?,
    )
}
