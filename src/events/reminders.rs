//! Reminders 24 hours and 1 hour before an event starts, to every local
//! participant who is going (guests by email). Each is recorded in `event_reminders` in the
//! same transaction as its notifications, so it goes out once, also across
//! restarts and with several nodes.

use std::time::Duration;

use crate::db::{self, Db};
use crate::error::AppResult;
use crate::notifications::{self, Kind, New};

const HOUR: i64 = 3600 * 1_000_000;

/// Sends the reminders that are due now.
pub async fn send_due(db: &Db) -> AppResult<usize> {
    let now = db::now();
    let mut sent = 0;
    for (kind, ahead) in [("24h", 24 * HOUR), ("1h", HOUR)] {
        let due: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT e.id, e.space_id, e.starts_at FROM events e \
             WHERE e.starts_at > $1 AND e.starts_at <= $2 AND e.status <> 'cancelled' \
             AND NOT EXISTS (SELECT 1 FROM event_reminders r WHERE r.event_id = e.id AND r.kind = $3)",
        )
        .bind(now)
        .bind(now + ahead)
        .bind(kind)
        .fetch_all(&db.read)
        .await?;
        for (event_id, space_id, starts_at) in due {
            let mut tx = db.begin().await?;
            let claimed = sqlx::query(
                "INSERT INTO event_reminders (event_id, kind, sent_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (event_id, kind) DO NOTHING",
            )
            .bind(event_id)
            .bind(kind)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 0 {
                continue; // another node sent it
            }
            // A 24-hour reminder for an event already less than an hour away
            // would only repeat the 1-hour one.
            if kind == "24h" && starts_at - now <= HOUR {
                tx.commit().await?;
                continue;
            }
            let going: Vec<(i64,)> = sqlx::query_as(
                "SELECT account_id FROM event_participants WHERE event_id = $1 AND state = 'going'",
            )
            .bind(event_id)
            .fetch_all(&mut *tx)
            .await?;
            let when = if kind == "24h" { "day" } else { "hour" };
            let news = New::of(Kind::EventReminder)
                .space(space_id)
                .event(event_id)
                .param("when", when);
            for (account,) in going {
                notifications::notify(&mut tx, account, &news).await?;
            }
            // Guests going, by email.
            let when = serde_json::json!({ "when": when });
            super::guests::emails::tell_event(&mut tx, event_id, &["going"], "reminder", &when)
                .await?;
            tx.commit().await?;
            sent += 1;
        }
    }
    Ok(sent)
}

/// Runs [`send_due`] every 30 seconds until the task is dropped.
pub async fn run(db: Db) {
    loop {
        if let Err(e) = send_due(&db).await {
            tracing::warn!(error = %e, "event reminders failed; will retry");
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
}
