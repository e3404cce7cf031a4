//! Moderation: reports and their queues ([`reports`]), and what can be
//! done: remove content, suspend a member, ban someone from a space. Every
//! action is in the audit log ([`audit`]).

use crate::accounts::{Account, bounded};
use crate::changes::{self, Change, Changes};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};

pub mod audit;
mod flags;
mod reports;

pub use audit::audit;

pub use flags::{ForwardedReport, forwarded_report, receive_flag};
pub use reports::{
    Decision, NewReport, ReportState, ReportView, Resolution, find, queue, report,
    require_moderator, resolve, space_queue,
};

/// Suspends (or restores) a member of this instance.
async fn suspend_in(tx: &mut Tx, account_id: i64, suspend: bool) -> AppResult<()> {
    let changed = sqlx::query(
        "UPDATE accounts SET suspended_at = CASE WHEN $1 = 1 THEN $2 ELSE NULL END \
         WHERE id = $3 AND domain IS NULL",
    )
    .bind(i64::from(suspend))
    .bind(db::now())
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::invalid(
            "only members of this instance can be suspended; for someone elsewhere, \
             ban them from the space or add a domain rule",
        ));
    }
    Ok(())
}

/// Suspends or restores a member by username (moderators).
pub async fn set_suspended(
    db: &Db,
    moderator: &Account,
    username: &str,
    suspend: bool,
    reason: &str,
) -> AppResult<()> {
    require_moderator(moderator)?;
    bounded("reason", reason, 2000)?;
    let account = crate::accounts::find_id_by_handle(db, username).await?;
    if account == moderator.id {
        return Err(AppError::conflict("you cannot suspend yourself"));
    }
    let mut tx = db.begin().await?;
    suspend_in(&mut tx, account, suspend).await?;
    let action = if suspend {
        "account.suspend"
    } else {
        "account.unsuspend"
    };
    audit(&mut tx, &moderator.username, action, username, reason).await?;
    tx.commit().await?;
    db.auth_cache.forget_account(account);
    Ok(())
}

/// Bans someone from a space: they stop following it, leave it, and any
/// further activity of theirs in it is refused. Other servers hear of it
/// (a `Change`): the caller rings the bell once committed.
async fn ban_in(
    tx: &mut Tx,
    space_id: i64,
    account_id: i64,
    by: i64,
    reason: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO space_bans (space_id, account_id, banned_by, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (space_id, account_id) DO NOTHING",
    )
    .bind(space_id)
    .bind(account_id)
    .bind(by)
    .bind(reason)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM space_followers WHERE space_id = $1 AND account_id = $2")
        .bind(space_id)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    crate::spaces::members::take_out(tx, space_id, account_id).await?;
    let banned = Change::Banned {
        space_id,
        account_id,
        by,
        reason: reason.to_owned(),
    };
    changes::record(tx, banned).await
}

/// A space manager or an instance moderator bans someone from a space.
pub async fn ban(
    db: &Db,
    changes: &Changes,
    access: &crate::spaces::SpaceAccess,
    by: &Account,
    handle: &str,
    reason: &str,
) -> AppResult<()> {
    if !by.is_moderator() {
        access.require(crate::spaces::Action::Manage)?;
    }
    bounded("reason", reason, 2000)?;
    let account = crate::accounts::find_id_by_handle(db, handle).await?;
    if account == by.id {
        return Err(AppError::conflict("you cannot ban yourself"));
    }
    let mut tx = db.begin().await?;
    ban_in(&mut tx, access.space.id, account, by.id, reason).await?;
    let target = format!("{handle} in space {}", access.space.slug);
    audit(&mut tx, &by.username, "space.ban", &target, reason).await?;
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// A remote group's moderator banned `account_id` (a member of ours) from
/// it (`space_id`, our copy of the group): they are taken out of it here
/// too, and may not join it again.
pub async fn banned_elsewhere(
    db: &Db,
    space_id: i64,
    account_id: i64,
    by: Option<i64>,
    reason: &str,
) -> AppResult<()> {
    let reason: String = reason.chars().take(2000).collect();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO space_bans (space_id, account_id, banned_by, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (space_id, account_id) DO NOTHING",
    )
    .bind(space_id)
    .bind(account_id)
    .bind(by)
    .bind(&reason)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    crate::spaces::members::take_out(&mut tx, space_id, account_id).await?;
    tx.commit().await?;
    Ok(())
}

/// The ban of a member of ours from a remote group is lifted there: here
/// too. Whether there was one.
pub async fn unbanned_elsewhere(db: &Db, space_id: i64, account_id: i64) -> AppResult<bool> {
    let lifted = sqlx::query("DELETE FROM space_bans WHERE space_id = $1 AND account_id = $2")
        .bind(space_id)
        .bind(account_id)
        .execute(db.writer())
        .await?;
    Ok(lifted.rows_affected() > 0)
}

/// Whether `account_id` is banned from `space_id`.
pub async fn is_banned(db: &Db, space_id: i64, account_id: i64) -> AppResult<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT account_id FROM space_bans WHERE space_id = $1 AND account_id = $2")
            .bind(space_id)
            .bind(account_id)
            .fetch_optional(&db.read)
            .await?;
    Ok(row.is_some())
}
