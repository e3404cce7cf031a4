//! The admin's view of outgoing mail: what was queued, sent, written as a
//! `.eml` file (no SMTP server configured) or given up, and each message's
//! text as its recipient reads it.

use serde::Serialize;

use crate::db::{Db, format_time};
use crate::error::{AppError, AppResult};

/// One queued message, as the admin's list shows it.
#[derive(Serialize, utoipa::ToSchema, Clone, Debug)]
pub struct OutgoingMail {
    pub id: i64,
    pub recipient: String,
    /// What it is: `notification`, `digest.daily`, `invitation`…
    pub kind: String,
    pub subject: String,
    /// `pending`, `sent` (over SMTP), `written` (as a file) or `failed`.
    pub state: String,
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// The `.eml` file under `DATA/mail/`, when written.
    pub file_name: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// When it was sent, written or given up (RFC 3339).
    pub done_at: Option<String>,
    /// When a pending message is tried next (RFC 3339).
    pub next_attempt_at: String,
}

/// One message with what it says.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MailMessage {
    #[serde(flatten)]
    pub mail: OutgoingMail,
    /// The language it is written in.
    pub language: String,
    /// Its plain-text part, decoded.
    pub text: String,
    /// The one-click unsubscribe address, for notification mail.
    pub unsubscribe: Option<String>,
}

type Row = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    i64,
    Option<i64>,
    i64,
);

const COLUMNS: &str = "id, recipient, kind, subject, state, attempts, last_error, file_name, \
     created_at, done_at, next_attempt_at";

fn from_row(r: Row) -> OutgoingMail {
    OutgoingMail {
        id: r.0,
        recipient: r.1,
        kind: r.2,
        subject: r.3,
        state: r.4,
        attempts: r.5,
        last_error: r.6,
        file_name: r.7,
        created_at: format_time(r.8),
        done_at: r.9.map(format_time),
        next_attempt_at: format_time(r.10),
    }
}

/// Newest first, `limit` at a time before the id `before`; `failed_only`
/// keeps only what was given up.
pub async fn list(
    db: &Db,
    before: Option<i64>,
    failed_only: bool,
    limit: i64,
) -> AppResult<Vec<OutgoingMail>> {
    let query = format!(
        "SELECT {COLUMNS} FROM mail_queue WHERE id < $1 AND ($2 = 0 OR state = 'failed') \
         ORDER BY id DESC LIMIT $3 + 0"
    );
    // Built from the constant column list above.
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(failed_only))
        .bind(limit.clamp(1, 200))
        .fetch_all(&db.read)
        .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// One message, decoded.
pub async fn show(db: &Db, id: i64) -> AppResult<MailMessage> {
    let query = format!("SELECT {COLUMNS} FROM mail_queue WHERE id = $1");
    // Built from the constant column list above.
    let listed: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    let listed = listed.ok_or(AppError::NotFound("email"))?;
    let (raw,): (String,) = sqlx::query_as("SELECT message FROM mail_queue WHERE id = $1")
        .bind(id)
        .fetch_one(&db.read)
        .await?;
    let parsed = mail_parser::MessageParser::default().parse(raw.as_bytes());
    let header = |name: &str| {
        parsed
            .as_ref()
            .and_then(|m| m.header_raw(name))
            .map(|v| v.trim().to_owned())
    };
    let language = header("Content-Language").unwrap_or_default();
    let unsubscribe = header("List-Unsubscribe")
        .map(|v| v.trim_start_matches('<').trim_end_matches('>').to_owned());
    let text = parsed
        .as_ref()
        .and_then(|m| m.body_text(0))
        .map(|t| t.into_owned());
    Ok(MailMessage {
        mail: from_row(listed),
        language,
        unsubscribe,
        text: text.unwrap_or(raw),
    })
}
