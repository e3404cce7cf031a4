//! In-app notifications (event reminders, changes, registrations).

use serde::Serialize;

use crate::accounts::Account;
use crate::db::{self, Db, Tx, format_time};
use crate::error::AppResult;

/// Notifies a member of this instance (remote accounts are skipped: their
/// own instance notifies them).
pub async fn notify(
    tx: &mut Tx,
    account_id: i64,
    kind: &str,
    event_id: Option<i64>,
    message: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO notifications (account_id, kind, event_id, message, created_at) \
         SELECT id, $2, $3, $4, $5 FROM accounts WHERE id = $1 AND domain IS NULL",
    )
    .bind(account_id)
    .bind(kind)
    .bind(event_id)
    .bind(message)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NotificationView {
    pub id: i64,
    /// e.g. `event.reminder`, `event.updated`, `event.cancelled`, `event.accepted`.
    pub kind: String,
    pub event_id: Option<i64>,
    pub message: String,
    pub created_at: String,
    pub read: bool,
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    kind: String,
    event_id: Option<i64>,
    message: String,
    created_at: i64,
    read_at: Option<i64>,
}

/// The member's newest notifications.
pub async fn list(
    db: &Db,
    member: &Account,
    unread_only: bool,
) -> AppResult<Vec<NotificationView>> {
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, kind, event_id, message, created_at, read_at FROM notifications \
         WHERE account_id = $1 AND ($2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT 200",
    )
    .bind(member.id)
    .bind(i64::from(unread_only))
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            kind: n.kind,
            event_id: n.event_id,
            message: n.message,
            created_at: format_time(n.created_at),
            read: n.read_at.is_some(),
        })
        .collect())
}

/// Marks all of the member's notifications read.
pub async fn mark_read(db: &Db, member: &Account) -> AppResult<()> {
    sqlx::query("UPDATE notifications SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL")
        .bind(db::now())
        .bind(member.id)
        .execute(db.writer())
        .await?;
    Ok(())
}
