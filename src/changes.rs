//! The one way local changes leave the domain: a [`Change`] recorded in the
//! same transaction as the change itself.
//!
//! Domain modules (`posts`, `events`, `library`, `spaces`, `moderation`,
//! `accounts`) know nothing of ActivityPub. When something happens that
//! other servers may need to hear about, they record what happened, by id,
//! with [`record`]; once their transaction commits they ring the bell
//! ([`Changes::committed`]). The federation worker (`federation::changes`)
//! takes each change in order and, in one transaction, turns it into
//! activities on the delivery queue and deletes it. A crash in between
//! leaves the change to be taken again; a change never goes out twice,
//! because taking it deletes the row, and deleting it twice finds nothing.
//!
//! Whether anything is sent at all is federation's decision: a change in a
//! private space is recorded like any other and turned into nothing.
//!
//! A change names rows by id. Where the row is gone by the time the worker
//! reads it (a reaction taken back, a follow undone), the change carries
//! what the activity needs.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Notify;

use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::urls::Urls;

/// After this many failed attempts a change is kept (for an admin to see)
/// but no longer taken.
pub const MAX_ATTEMPTS: i64 = 5;

/// What domain functions need for changes other servers hear about: this
/// instance's URLs and the bell that wakes the worker. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Changes {
    pub urls: Urls,
    bell: Arc<Notify>,
}

impl Changes {
    pub fn new(urls: Urls) -> Self {
        Changes {
            urls,
            bell: Arc::new(Notify::new()),
        }
    }

    /// Tells the worker that changes were committed.
    pub fn committed(&self) {
        self.bell.notify_one();
    }

    /// Waits for [`Changes::committed`].
    pub async fn rung(&self) {
        self.bell.notified().await;
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verb {
    Create,
    Update,
    Delete,
}

/// Something that happened here, by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A post written, edited or deleted by its author.
    Post { id: i64, verb: Verb },
    /// A post removed by someone else (a content manager or moderator):
    /// `by` them (absent in records written before it was kept).
    PostRemoved {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<i64>,
    },
    /// A comment written, edited or deleted by its author.
    Comment { id: i64, verb: Verb },
    /// A comment removed by someone else, `by` them.
    CommentRemoved {
        id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<i64>,
    },
    /// A member's reaction to a post or a comment, or (`undo`) taken back.
    Reaction {
        id: i64,
        account_id: i64,
        post_id: Option<i64>,
        comment_id: Option<i64>,
        emoji: String,
        undo: bool,
    },
    /// A member asked to follow (or, `undo`, stopped following) a space of
    /// another instance; `follow_id` is the id of the `Follow`.
    SpaceFollowed {
        account_id: i64,
        space_id: i64,
        follow_id: String,
        undo: bool,
    },
    /// A space of ours answered the `Follow` of someone elsewhere.
    FollowAnswered {
        space_id: i64,
        account_id: i64,
        follow: Value,
        accept: bool,
    },
    /// An event of ours created or changed.
    Event { id: i64, verb: Verb },
    /// A member registered for (or, `leave`, left) an event of another
    /// instance; `join_id` is the id of their `Join`.
    EventJoined {
        event_id: i64,
        account_id: i64,
        join_id: String,
        leave: bool,
    },
    /// An event of ours answered the `Join` of someone elsewhere.
    JoinAnswered {
        event_id: i64,
        account_id: i64,
        join_id: String,
        accept: bool,
    },
    /// The online link of an event of ours, for remote participant
    /// `account_id` just accepted, or (`None`) for every remote
    /// participant going, after it changed: sent to them alone.
    MeetingLink {
        event_id: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account_id: Option<i64>,
    },
    /// The organisers' message to an event's participants, for those of
    /// other instances (going, waiting or pending): sent to each alone.
    EventMessage {
        event_id: i64,
        subject: String,
        body: String,
    },
    /// A library file or note created, changed or deleted.
    LibraryItem { id: i64, verb: Verb },
    /// A report a member asked to send on to the reported person's server.
    ReportForwarded { report_id: i64 },
    /// Someone was banned from a space `by` a manager or moderator.
    Banned {
        space_id: i64,
        account_id: i64,
        by: i64,
        reason: String,
    },
}

/// Records `change` in the caller's transaction.
pub async fn record(tx: &mut Tx, change: Change) -> AppResult<()> {
    let json = serde_json::to_string(&change).map_err(|e| AppError::Internal(e.into()))?;
    sqlx::query("INSERT INTO changes (change, created_at) VALUES ($1, $2)")
        .bind(json)
        .bind(db::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The oldest changes waiting, at most `limit`, in the order they were
/// made (read from the read pool: on SQLite the one writer is not held
/// up every half second). A row that no longer reads as a change (written by a newer
/// version, say) is reported as `None`, to be set aside.
pub async fn waiting(db: &Db, limit: i64) -> AppResult<Vec<(i64, Option<Change>)>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, change FROM changes WHERE attempts < $1 ORDER BY id LIMIT $2")
            .bind(MAX_ATTEMPTS)
            .bind(limit)
            .fetch_all(db.writer())
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, json)| (id, serde_json::from_str(&json).ok()))
        .collect())
}

/// Takes change `id` in the worker's transaction: whether it was still
/// there (another node may have taken it first).
pub async fn take(tx: &mut Tx, id: i64) -> AppResult<bool> {
    let taken = sqlx::query("DELETE FROM changes WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(taken.rows_affected() > 0)
}

/// Notes a failed attempt; after [`MAX_ATTEMPTS`] the change stays aside.
pub async fn failed(db: &Db, id: i64, error: &str) -> AppResult<()> {
    sqlx::query("UPDATE changes SET attempts = attempts + 1, last_error = $2 WHERE id = $1")
        .bind(id)
        .bind(error.chars().take(500).collect::<String>())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// How many changes wait, and how many were set aside after failing.
pub async fn backlog(db: &Db) -> AppResult<(i64, i64)> {
    let (waiting, aside): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN attempts < $1 THEN 1 ELSE 0 END), 0), \
                COALESCE(SUM(CASE WHEN attempts >= $1 THEN 1 ELSE 0 END), 0) FROM changes",
    )
    .bind(MAX_ATTEMPTS)
    .fetch_one(&db.read)
    .await?;
    Ok((waiting, aside))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reads_back_as_written() {
        let changes = [
            Change::Post {
                id: 7,
                verb: Verb::Update,
            },
            Change::Reaction {
                id: 1,
                account_id: 2,
                post_id: None,
                comment_id: Some(3),
                emoji: "👍".into(),
                undo: true,
            },
            Change::FollowAnswered {
                space_id: 1,
                account_id: 2,
                follow: serde_json::json!({"id": "https://x.test/f/1", "type": "Follow"}),
                accept: false,
            },
        ];
        for change in changes {
            let json = serde_json::to_string(&change).unwrap();
            assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), change);
        }
        let json = serde_json::to_string(&Change::PostRemoved { id: 4, by: None }).unwrap();
        assert_eq!(json, r#"{"kind":"post_removed","id":4}"#);
    }
}
