//! The mail worker: sends what [`super::enqueue`] queued.
//!
//! Each node leases due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the
//! single writer on SQLite), so several `agora serve` processes never send
//! one message at the same time; a lease that runs out (a node died
//! mid-send) lets another node take the row. A temporary SMTP failure (4xx,
//! a connection refused) is retried with exponential backoff for about two
//! days; a permanent one (5xx: no such mailbox) is given up at once. Both
//! are logged. Sending is at least once: a node that dies between the SMTP
//! server's `250 OK` and marking the row sent will send it again.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::{Address, AsyncTransport};

use super::{Mailer, Transport};
use crate::config::DatabaseKind;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::metrics::Metrics;

/// How long a worker owns a leased row: longer than any SMTP exchange.
const LEASE_MICROS: i64 = 120 * 1_000_000;
/// Attempts before a temporary failure is given up (about two days).
pub const MAX_ATTEMPTS: i64 = 14;
/// Messages leased at once.
const BATCH: i64 = 20;

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    recipient: String,
    kind: String,
    message: String,
    attempts: i64,
}

/// The delay before attempt `attempts + 1`: 1 min, 2, 4… capped at 6 h.
pub fn backoff_micros(attempts: i64) -> i64 {
    let minutes = 1_i64 << attempts.clamp(0, 9);
    minutes.min(360) * 60 * 1_000_000
}

/// How long a finished message stays in the queue (for the admin's list)
/// before it is forgotten: sent messages may hold single-use links.
const KEEP_DONE_MICROS: i64 = 30 * 24 * 3600 * 1_000_000;

/// Sends due messages until none is left, then waits for the bell or a few
/// seconds (messages queued by another node, retries coming due). Once an
/// hour, forgets messages finished more than 30 days ago.
pub async fn run(db: Db, mailer: Mailer, metrics: Metrics) {
    let mut last_cleanup = std::time::Instant::now();
    loop {
        if last_cleanup.elapsed() > Duration::from_secs(3600) {
            last_cleanup = std::time::Instant::now();
            if let Err(e) = forget_old(&db, db::now()).await {
                tracing::warn!(error = %e, "mail queue: cannot forget old messages");
            }
        }
        match send_due(&db, &mailer, &metrics).await {
            Ok(0) => {
                let _ = tokio::time::timeout(Duration::from_secs(2), mailer.bell.notified()).await;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "mail queue: cannot read the queue");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

/// Deletes messages finished (sent, written or given up) before
/// `now - 30 days`; returns how many.
pub async fn forget_old(db: &Db, now: i64) -> AppResult<u64> {
    let done = sqlx::query("DELETE FROM mail_queue WHERE state <> 'pending' AND done_at < $1")
        .bind(now - KEEP_DONE_MICROS)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}

/// Sends one batch of due messages; returns how many were tried.
pub async fn send_due(db: &Db, mailer: &Mailer, metrics: &Metrics) -> AppResult<usize> {
    let due = lease(db, db::now()).await?;
    let count = due.len();
    for message in due {
        let outcome = send(mailer, &message).await;
        metrics.email(match &outcome {
            Outcome::Sent => "sent",
            Outcome::Written(_) => "written",
            Outcome::Temporary(_) if message.attempts + 1 < MAX_ATTEMPTS => "retry",
            Outcome::Temporary(_) | Outcome::Permanent(_) => "failed",
        });
        record(db, &message, outcome).await?;
    }
    Ok(count)
}

async fn lease(db: &Db, now: i64) -> AppResult<Vec<Due>> {
    let skip_locked = match db.kind {
        DatabaseKind::Postgres => " FOR UPDATE SKIP LOCKED",
        DatabaseKind::Sqlite => "",
    };
    let select = format!(
        "SELECT id FROM mail_queue WHERE state = 'pending' AND next_attempt_at <= $1 \
         AND (locked_until IS NULL OR locked_until < $1) ORDER BY id LIMIT $2 + 0{skip_locked}"
    );
    // Built from constant strings above, nothing from outside.
    let select = sqlx::AssertSqlSafe(select);
    let mut tx = db.begin().await?;
    let ids: Vec<(i64,)> = sqlx::query_as(select)
        .bind(now)
        .bind(BATCH)
        .fetch_all(&mut *tx)
        .await?;
    let mut rows = Vec::with_capacity(ids.len());
    for (id,) in ids {
        let due: Due = sqlx::query_as(
            "UPDATE mail_queue SET locked_until = $1 WHERE id = $2 \
             RETURNING id, recipient, kind, message, attempts",
        )
        .bind(now + LEASE_MICROS)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        rows.push(due);
    }
    tx.commit().await?;
    Ok(rows)
}

enum Outcome {
    Sent,
    Written(String),
    Temporary(String),
    Permanent(String),
}

async fn send(mailer: &Mailer, due: &Due) -> Outcome {
    match &mailer.transport {
        Transport::Smtp(smtp) => {
            let to: Address = match due.recipient.parse() {
                Ok(to) => to,
                Err(e) => return Outcome::Permanent(format!("bad recipient: {e}")),
            };
            let envelope = match Envelope::new(Some(mailer.from.email.clone()), vec![to]) {
                Ok(envelope) => envelope,
                Err(e) => return Outcome::Permanent(format!("bad envelope: {e}")),
            };
            match smtp.send_raw(&envelope, due.message.as_bytes()).await {
                Ok(_) => Outcome::Sent,
                Err(e) if e.is_permanent() => Outcome::Permanent(e.to_string()),
                Err(e) => Outcome::Temporary(e.to_string()),
            }
        }
        Transport::Files(folder) => match write_file(folder, due).await {
            Ok(name) => Outcome::Written(name),
            Err(e) => Outcome::Temporary(format!("cannot write {}: {e}", folder.display())),
        },
    }
}

/// `NNNNNNNN-kind.eml`, written under a temporary name and renamed, so a
/// half-written file never shows.
async fn write_file(folder: &std::path::Path, due: &Due) -> std::io::Result<String> {
    tokio::fs::create_dir_all(folder).await?;
    let name = format!("{:08}-{}.eml", due.id, due.kind.replace('.', "-"));
    let partial = folder.join(format!(".{name}.partial"));
    tokio::fs::write(&partial, due.message.as_bytes()).await?;
    tokio::fs::rename(&partial, folder.join(&name)).await?;
    Ok(name)
}

async fn record(db: &Db, due: &Due, outcome: Outcome) -> AppResult<()> {
    let now = db::now();
    let attempts = due.attempts + 1;
    let query = match &outcome {
        Outcome::Sent => sqlx::query(
            "UPDATE mail_queue SET state = 'sent', attempts = $1, done_at = $2, locked_until = NULL, \
             last_error = NULL WHERE id = $3",
        )
        .bind(attempts)
        .bind(now)
        .bind(due.id),
        Outcome::Written(name) => sqlx::query(
            "UPDATE mail_queue SET state = 'written', attempts = $1, done_at = $2, locked_until = NULL, \
             file_name = $3 WHERE id = $4",
        )
        .bind(attempts)
        .bind(now)
        .bind(name.clone())
        .bind(due.id),
        Outcome::Temporary(error) if attempts < MAX_ATTEMPTS => {
            tracing::warn!(mail = due.id, to = %due.recipient, attempts, %error,
                "mail: temporary failure, will retry");
            sqlx::query(
                "UPDATE mail_queue SET attempts = $1, next_attempt_at = $2, locked_until = NULL, \
                 last_error = $3 WHERE id = $4",
            )
            .bind(attempts)
            .bind(now + backoff_micros(attempts))
            .bind(error.clone())
            .bind(due.id)
        }
        Outcome::Temporary(error) | Outcome::Permanent(error) => {
            tracing::error!(mail = due.id, to = %due.recipient, kind = %due.kind, attempts, %error,
                "mail: given up");
            sqlx::query(
                "UPDATE mail_queue SET state = 'failed', attempts = $1, done_at = $2, \
                 locked_until = NULL, last_error = $3 WHERE id = $4",
            )
            .bind(attempts)
            .bind(now)
            .bind(error.clone())
            .bind(due.id)
        }
    };
    query.execute(db.writer()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::backoff_micros;

    #[test]
    fn backoff_doubles_then_stops_at_six_hours() {
        let minutes = |n| backoff_micros(n) / 60_000_000;
        assert_eq!(minutes(0), 1);
        assert_eq!(minutes(1), 2);
        assert_eq!(minutes(5), 32);
        assert_eq!(minutes(9), 360);
        assert_eq!(minutes(40), 360);
    }
}
