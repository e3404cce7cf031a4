//! The audit log: who did what, when and why.

use serde::Serialize;

use crate::db::{self, Db, Tx, format_time};
use crate::error::AppResult;

/// Records who did what, when and why.
pub async fn audit(
    tx: &mut Tx,
    actor: &str,
    action: &str,
    target: &str,
    reason: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, target, reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(db::now())
    .bind(actor)
    .bind(action)
    .bind(target)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    #[serde(skip)]
    pub at: i64,
    #[sqlx(skip)]
    pub time: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub reason: String,
}

/// The newest `limit` audit entries before `cursor`.
pub async fn audit_log(db: &Db, cursor: Option<i64>, limit: i64) -> AppResult<Vec<AuditEntry>> {
    let rows: Vec<AuditEntry> = sqlx::query_as(
        "SELECT id, at, '' AS time, actor, action, target, reason FROM audit_log \
         WHERE id < $1 ORDER BY id DESC LIMIT $2 + 0",
    )
    .bind(cursor.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|mut e| {
            e.time = format_time(e.at);
            e
        })
        .collect())
}
