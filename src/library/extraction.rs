//! Reading the text of uploaded files in the background, for search.
//!
//! This module owns `library_extractions` (migration 0015; 0014 is the translations cache on `integration`), a durable
//! queue: [`enqueue`] writes a row in the transaction that records a file
//! revision, so the upload's request never waits for a PDF to be read, and
//! [`run`] works through the rows, at most [`JOBS`] files at a time, each
//! within [`TIME_LIMIT`], reading at most `file_text::MAX_INPUT_BYTES`.
//! The result is written in one transaction with the item's search entry
//! (`search::index::library_item` reads the text back), so the index and
//! the queue never disagree. A row stays 'pending' until that commit: a
//! server stopped half-way takes it again at its next start.
//!
//! A file that cannot be read (corrupt, encrypted, too large, a crate
//! that panics on it) is marked 'failed' with the reason, logged, and
//! left; its title, description, tags and name are still found.
//!
//! Where a file's text stands ([`TextExtraction`]) is shown to whoever can
//! see the item, in its API view and on its page ([`states`]).

use std::sync::Arc;
use std::time::Duration;

use futures_util::TryStreamExt;
use serde::Serialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::file_text::{self, Format};
use super::storage::Storage;
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::text_enum::text_enum;

/// Files read at the same time: reading a PDF is CPU work, and the
/// server has requests to answer.
pub const JOBS: usize = 2;
/// Time for one file; a job still running after it is marked failed.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);
/// Takes of one row (each start after a crash is one) before giving up.
const MAX_ATTEMPTS: i64 = 3;
/// How long a taken row is a worker's: past it, another takes it again.
const LEASE: Duration = Duration::from_secs(120);
/// How often an idle worker looks for new rows.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// Queues the text of file revision `revision_id` of `item_id` to be
/// read, in the transaction that records the revision. The item's older
/// rows go: only the current revision's text is searched.
pub async fn enqueue(tx: &mut Tx, item_id: i64, revision_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM library_extractions WHERE item_id = $1")
        .bind(item_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO library_extractions (revision_id, item_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(revision_id)
    .bind(item_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One taken row.
#[derive(sqlx::FromRow)]
struct Job {
    revision_id: i64,
    item_id: i64,
    attempts: i64,
}

/// What reading a file came to.
enum Outcome {
    Done(String),
    Failed(String),
    Unsupported,
}

/// Works through the queue for as long as the server runs.
pub async fn run(db: Db, storage: Storage) {
    let permits = Arc::new(Semaphore::new(JOBS));
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return;
        };
        match take(&db).await {
            Ok(Some(job)) => {
                tokio::spawn(work(db.clone(), storage.clone(), job, permit));
            }
            Ok(None) => {
                drop(permit);
                tokio::time::sleep(IDLE_POLL).await;
            }
            Err(e) => {
                drop(permit);
                tracing::warn!(error = %e, "library: cannot read the text extraction queue");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

/// Takes the oldest pending row nobody holds.
async fn take(db: &Db) -> AppResult<Option<Job>> {
    let now = db::now();
    // A read first: an idle server looks every half second, and on SQLite
    // an UPDATE would take the one write connection each time.
    let waiting: Option<(i64,)> = sqlx::query_as(
        "SELECT revision_id FROM library_extractions \
         WHERE state = 'pending' AND lease_until < $1 LIMIT 1",
    )
    .bind(now)
    .fetch_optional(&db.read)
    .await?;
    if waiting.is_none() {
        return Ok(None);
    }
    let lease_until = now + i64::try_from(LEASE.as_micros()).unwrap_or(i64::MAX);
    let job: Option<Job> = sqlx::query_as(
        "UPDATE library_extractions SET lease_until = $2, attempts = attempts + 1 \
         WHERE revision_id = (SELECT revision_id FROM library_extractions \
                              WHERE state = 'pending' AND lease_until < $1 \
                              ORDER BY created_at LIMIT 1) \
           AND state = 'pending' AND lease_until < $1 \
         RETURNING revision_id, item_id, attempts",
    )
    .bind(now)
    .bind(lease_until)
    .fetch_optional(db.writer())
    .await?;
    Ok(job)
}

async fn work(db: Db, storage: Storage, job: Job, permit: OwnedSemaphorePermit) {
    let outcome = if job.attempts > MAX_ATTEMPTS {
        Outcome::Failed(format!(
            "given up after {MAX_ATTEMPTS} attempts (the server stopped while reading it)"
        ))
    } else {
        match read(&db, &storage, job.revision_id, permit).await {
            Ok(outcome) => outcome,
            Err(e) => {
                // The database or the store: not the file's fault, so the
                // row stays pending and is taken again when its lease ends.
                tracing::warn!(error = %e, revision = job.revision_id, "library: cannot read a file's text now");
                return;
            }
        }
    };
    if let Outcome::Failed(reason) = &outcome {
        tracing::warn!(item = job.item_id, revision = job.revision_id, %reason, "library: a file's text could not be read");
    }
    if let Err(e) = finish(&db, &job, outcome).await {
        tracing::warn!(error = %e, revision = job.revision_id, "library: cannot record a file's text");
    }
}

/// Reads revision `revision_id`'s file and its text. `permit` goes with
/// the reading thread: a file that takes longer than [`TIME_LIMIT`] is
/// given up, but its thread holds a place until it ends, so runaway
/// readers never pile up beyond [`JOBS`].
async fn read(
    db: &Db,
    storage: &Storage,
    revision_id: i64,
    permit: OwnedSemaphorePermit,
) -> AppResult<Outcome> {
    let row: Option<(Option<String>, Option<String>, i64)> =
        sqlx::query_as("SELECT blob_hash, filename, size FROM library_revisions WHERE id = $1")
            .bind(revision_id)
            .fetch_optional(&db.read)
            .await?;
    let Some((Some(hash), filename, size)) = row else {
        return Ok(Outcome::Unsupported);
    };
    if u64::try_from(size).unwrap_or(u64::MAX) > file_text::MAX_INPUT_BYTES {
        return Ok(Outcome::Failed(format!(
            "larger than {} MB: its text is not read",
            file_text::MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::new();
    let mut stream = storage.read(&hash, None).await?;
    while let Some(part) = stream
        .try_next()
        .await
        .map_err(|e| AppError::Internal(e.into()))?
    {
        bytes.extend_from_slice(&part);
        if bytes.len() as u64 > file_text::MAX_INPUT_BYTES {
            return Ok(Outcome::Failed("larger than its recorded size".into()));
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    let Some(format) = file_text::format_of(filename.as_deref().unwrap_or(""), head) else {
        return Ok(Outcome::Unsupported);
    };
    Ok(extract_in_time(format, bytes, permit).await)
}

/// Runs the extraction on a blocking thread, within [`TIME_LIMIT`],
/// catching a panic of the parsing crates as a failure.
async fn extract_in_time(format: Format, bytes: Vec<u8>, permit: OwnedSemaphorePermit) -> Outcome {
    let thread = tokio::task::spawn_blocking(move || {
        let _held = permit;
        file_text::extract(format, &bytes)
    });
    match tokio::time::timeout(TIME_LIMIT, thread).await {
        Ok(Ok(Ok(text))) => Outcome::Done(text),
        Ok(Ok(Err(reason))) => Outcome::Failed(reason),
        Ok(Err(_)) => Outcome::Failed("the reader stopped on this file (malformed?)".into()),
        Err(_) => Outcome::Failed(format!(
            "reading took longer than {} seconds",
            TIME_LIMIT.as_secs()
        )),
    }
}

/// Records the outcome and updates the item's search entry, together.
async fn finish(db: &Db, job: &Job, outcome: Outcome) -> AppResult<()> {
    let (state, reason, text) = match outcome {
        Outcome::Done(text) => ("done", String::new(), text),
        Outcome::Failed(reason) => ("failed", reason, String::new()),
        Outcome::Unsupported => ("unsupported", String::new(), String::new()),
    };
    let mut tx = db.begin().await?;
    let updated = sqlx::query(
        "UPDATE library_extractions SET state = $2, reason = $3, text = $4, finished_at = $5 \
         WHERE revision_id = $1 AND state = 'pending'",
    )
    .bind(job.revision_id)
    .bind(state)
    .bind(&reason)
    .bind(&text)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    // A revision replaced (or an item deleted) meanwhile has no row left.
    if updated.rows_affected() == 1 {
        crate::search::index::library_item(&mut tx, job.item_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The state of the current revision's text and, when it failed, why
/// (`None`: not a file, or nothing queued).
pub async fn state(db: &Db, item_id: i64) -> AppResult<Option<(String, String)>> {
    Ok(
        sqlx::query_as("SELECT state, reason FROM library_extractions WHERE item_id = $1")
            .bind(item_id)
            .fetch_optional(&db.read)
            .await?,
    )
}

text_enum! {
    /// Where the reading of a file's text stands (the `state` column).
    pub enum ExtractionStatus {
        /// Waiting in the queue, or being read.
        Pending = "pending",
        /// Read: the words inside the file are found by search.
        Done = "done",
        /// Could not be read; `reason` says why.
        Failed = "failed",
        /// A kind of file whose text is not read (an image, an archive…).
        Unsupported = "unsupported",
    }
}

/// Where the text of a file's current revision stands.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct TextExtraction {
    pub status: ExtractionStatus,
    /// Why the text could not be read (`failed` only).
    pub reason: Option<String>,
}

/// Where the text of each of `item_ids` stands, for those that have a row
/// (files of this instance; files uploaded before the queue existed have
/// none).
pub async fn states(db: &Db, item_ids: &[i64]) -> AppResult<Vec<(i64, TextExtraction)>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    // Numbers only, so written into the statement like `tags_of` does.
    let list = item_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let rows: Vec<(i64, ExtractionStatus, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT item_id, state, reason FROM library_extractions WHERE item_id IN ({list})"
    )))
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, status, reason)| {
            let reason = (status == ExtractionStatus::Failed).then_some(reason);
            (id, TextExtraction { status, reason })
        })
        .collect())
}

/// The text read from an item's current revision, for its search entry.
pub async fn text(tx: &mut Tx, item_id: i64) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT x.text FROM library_extractions x \
         WHERE x.item_id = $1 AND x.state = 'done' \
           AND x.revision_id = (SELECT id FROM library_revisions WHERE item_id = $1 \
                                ORDER BY number DESC LIMIT 1)",
    )
    .bind(item_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(text,)| text))
}
