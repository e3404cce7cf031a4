//! Sending an issue: now, at a set time, or as a test to its editor.
//!
//! When sending begins, one `newsletter_deliveries` row is made per
//! subscriber receiving it then, in one statement; the worker ([`run`])
//! then queues their emails, `email.newsletter_per_minute` a minute in
//! rounds every [`ROUND`] (so a letter to
//! thousands does not flood the mail queue or the relay), each marked sent
//! in the transaction that queues it. After a restart it goes on with the
//! rows not yet sent; on several nodes each row is claimed once. Progress
//! is the count of rows sent.

use std::time::Duration;

use serde::Serialize;

use super::{IssueState, IssueView, editable, edition_for, find, view};
use crate::accounts::Account;
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::mail::compose::{Letter, Section};
use crate::mail::{self, Email, Mailer};

/// How often a round runs: a sixth of `email.newsletter_per_minute` each.
pub const ROUND: Duration = Duration::from_secs(10);

#[derive(Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub state: IssueState,
    /// Subscribers it goes to (known once sending began).
    pub total: i64,
    pub sent: i64,
}

/// How far the sending of issue `id` is.
pub async fn progress(db: &Db, id: i64, who: &Account) -> AppResult<Progress> {
    let issue = editable(db, id, who).await?;
    let (total, sent): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(sent_at) FROM newsletter_deliveries WHERE issue_id = $1",
    )
    .bind(id)
    .fetch_one(&db.read)
    .await?;
    Ok(Progress {
        state: issue.state,
        total,
        sent,
    })
}

/// Sends issue `id` now (`at` absent or past) or schedules it for `at`.
pub async fn send(
    db: &Db,
    mailer: &Mailer,
    id: i64,
    who: &Account,
    at: Option<i64>,
) -> AppResult<IssueState> {
    let issue = editable(db, id, who).await?;
    if matches!(issue.state, IssueState::Sending | IssueState::Sent) {
        return Err(AppError::conflict("this issue has gone out already"));
    }
    let now = db::now();
    let mut tx = db.begin().await?;
    let state = match at.filter(|&at| at > now) {
        Some(at) => {
            sqlx::query(
                "UPDATE newsletter_issues SET state = 'scheduled', send_at = $1 \
                 WHERE id = $2 AND state IN ('draft', 'scheduled')",
            )
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            IssueState::Scheduled
        }
        None => {
            if !start(&mut tx, id, issue.space_id, now).await? {
                return Err(AppError::conflict("this issue has gone out already"));
            }
            IssueState::Sending
        }
    };
    tx.commit().await?;
    mailer.ring();
    Ok(state)
}

/// Back to a draft: a scheduled issue that should not go out yet.
pub async fn unschedule(db: &Db, id: i64, who: &Account) -> AppResult<()> {
    editable(db, id, who).await?;
    let changed = sqlx::query(
        "UPDATE newsletter_issues SET state = 'draft', send_at = NULL \
         WHERE id = $1 AND state = 'scheduled'",
    )
    .bind(id)
    .execute(db.writer())
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::conflict("this issue is not scheduled"));
    }
    Ok(())
}

/// Begins sending: claims the issue (draft or scheduled → sending) and
/// makes a delivery per subscriber receiving it now. Whether it was
/// claimed here.
async fn start(tx: &mut Tx, id: i64, space: Option<i64>, now: i64) -> AppResult<bool> {
    let claimed = sqlx::query(
        "UPDATE newsletter_issues SET state = 'sending', sent_at = $1 \
         WHERE id = $2 AND state IN ('draft', 'scheduled')",
    )
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO newsletter_deliveries (issue_id, subscriber_id) \
         SELECT $1, id FROM newsletter_subscribers \
         WHERE COALESCE(space_id, 0) = $2 AND confirmed_at IS NOT NULL \
         AND unsubscribed_at IS NULL",
    )
    .bind(id)
    .bind(space.unwrap_or(0))
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// The issue to its editor alone, in their language's edition (else the
/// first), marked as a test; no unsubscribe link.
pub async fn send_test(db: &Db, mailer: &Mailer, id: i64, who: &Account) -> AppResult<()> {
    let issue = editable(db, id, who).await?;
    let shown = view(db, &issue).await?;
    let letter = letter_name(db, mailer, issue.space_id).await?;
    let language = if who.ui_language.is_empty() {
        mailer.default_lang.code()
    } else {
        &who.ui_language
    };
    let mut email = email_of(mailer, &shown, &letter, language, None)
        .ok_or_else(|| AppError::invalid("editions: none"))?;
    email.subject = format!("[TEST] {}", email.subject);
    email.account_id = Some(who.id);
    email.to_address = who.email.clone();
    email.to_name = who.display_name.clone();
    let mut tx = db.begin().await?;
    mail::enqueue(&mut tx, mailer, email).await?;
    tx.commit().await?;
    mailer.ring();
    Ok(())
}

/// The email of issue `id` in `language`'s edition (else the first), as
/// its editors preview it in the browser: its subject and HTML document.
pub async fn preview(
    db: &Db,
    mailer: &Mailer,
    id: i64,
    who: &Account,
    language: &str,
) -> AppResult<(String, String)> {
    let issue = editable(db, id, who).await?;
    let shown = view(db, &issue).await?;
    let letter = letter_name(db, mailer, issue.space_id).await?;
    let email = email_of(mailer, &shown, &letter, language, Some("preview"))
        .ok_or(AppError::NotFound("issue"))?;
    Ok((email.subject, email.html))
}

/// The name a letter goes by: the space's title, or the instance's domain.
pub async fn letter_name(db: &Db, mailer: &Mailer, space: Option<i64>) -> AppResult<String> {
    let Some(space) = space else {
        return Ok(mailer.instance.clone());
    };
    let (title,): (String,) = sqlx::query_as("SELECT title FROM spaces WHERE id = $1")
        .bind(space)
        .fetch_one(&db.read)
        .await?;
    Ok(title)
}

/// The email of an issue in `language`'s edition (else the first), with
/// a one-click unsubscribe link for `token`.
fn email_of(
    mailer: &Mailer,
    issue: &IssueView,
    letter: &str,
    language: &str,
    token: Option<&str>,
) -> Option<Email> {
    let edition = edition_for(issue, language)?;
    let lang = Lang::from_code(&edition.language).unwrap_or(mailer.default_lang);
    let t = Tr::new(lang);
    let unsubscribe = token.map(|token| mailer.link(&format!("/newsletter/unsubscribe/{token}")));
    let sections = if issue.picks.is_empty() {
        Vec::new()
    } else {
        vec![Section {
            heading: t.get("newsletter-picks"),
            items: issue
                .picks
                .iter()
                .map(|p| (p.title.clone(), Some(mailer.link(&p.path))))
                .collect(),
        }]
    };
    let letter_text = Letter {
        paragraphs: paragraphs(&edition.body),
        action: Some((
            t.get("newsletter-read-online"),
            mailer.link(&format!(
                "/newsletter/{}?lang={}",
                issue.id, edition.language
            )),
        )),
        sections,
        footer: vec![t.with("newsletter-footer", "letter", letter)],
        footer_link: unsubscribe
            .clone()
            .map(|url| (t.get("newsletter-unsubscribe"), url)),
        ..Letter::default()
    };
    Some(Email {
        account_id: None,
        to_address: String::new(),
        to_name: String::new(),
        kind: "newsletter",
        lang: lang.code(),
        html: letter_text.html(lang, &edition.subject),
        text: letter_text.text(),
        subject: edition.subject.clone(),
        unsubscribe,
    })
}

/// Paragraphs of a plain text: separated by an empty line, each trimmed.
pub fn paragraphs(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A subscriber an issue is still to be sent to.
#[derive(sqlx::FromRow)]
struct Due {
    subscriber: i64,
    /// A reader's address; a member's is read when sending.
    email: Option<String>,
    account: Option<i64>,
    language: String,
    token: String,
}

/// Begins the scheduled issues whose time has come, then queues up to
/// `per_round` emails of the issues being sent, and marks finished those
/// with none left. How many emails it queued.
pub async fn send_due(db: &Db, mailer: &Mailer, per_round: i64) -> AppResult<usize> {
    let now = db::now();
    let due: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, space_id FROM newsletter_issues WHERE state = 'scheduled' AND send_at <= $1",
    )
    .bind(now)
    .fetch_all(&db.read)
    .await?;
    for (id, space) in due {
        let mut tx = db.begin().await?;
        start(&mut tx, id, space, now).await?;
        tx.commit().await?;
    }
    let sending: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM newsletter_issues WHERE state = 'sending'")
            .fetch_all(&db.read)
            .await?;
    let mut queued = 0usize;
    for (id,) in sending {
        let Some(issue) = find(db, id).await? else {
            continue;
        };
        let shown = view(db, &issue).await?;
        let letter = letter_name(db, mailer, issue.space_id).await?;
        let batch: Vec<Due> = sqlx::query_as(
            "SELECT s.id AS subscriber, s.email, s.account_id AS account, s.language, s.token \
             FROM newsletter_deliveries d JOIN newsletter_subscribers s ON s.id = d.subscriber_id \
             WHERE d.issue_id = $1 AND d.sent_at IS NULL ORDER BY s.id LIMIT $2 + 0",
        )
        .bind(id)
        .bind(per_round - queued as i64)
        .fetch_all(&db.read)
        .await?;
        for Due {
            subscriber,
            email,
            account,
            language,
            token,
        } in batch
        {
            let mut tx = db.begin().await?;
            let claimed = sqlx::query(
                "UPDATE newsletter_deliveries SET sent_at = $1 \
                 WHERE issue_id = $2 AND subscriber_id = $3 AND sent_at IS NULL",
            )
            .bind(db::now())
            .bind(id)
            .bind(subscriber)
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 0 {
                continue; // another node sent it
            }
            let (address, name) = match (email, account) {
                (Some(email), _) => (email, String::new()),
                (None, Some(account)) => {
                    match mail::recipient::recipient(&mut *tx, mailer, account).await? {
                        Some(r) if r.has_valid_address() => (r.address, r.name),
                        // An account closed since, or without an address.
                        _ => {
                            tx.commit().await?;
                            continue;
                        }
                    }
                }
                (None, None) => {
                    tx.commit().await?;
                    continue;
                }
            };
            if let Some(mut message) = email_of(mailer, &shown, &letter, &language, Some(&token)) {
                message.account_id = account;
                message.to_address = address;
                message.to_name = name;
                mail::enqueue(&mut tx, mailer, message).await?;
                queued += 1;
            }
            tx.commit().await?;
        }
        sqlx::query(
            "UPDATE newsletter_issues SET state = 'sent', finished_at = $1 \
             WHERE id = $2 AND state = 'sending' AND NOT EXISTS \
             (SELECT 1 FROM newsletter_deliveries WHERE issue_id = $2 AND sent_at IS NULL)",
        )
        .bind(db::now())
        .bind(id)
        .execute(db.writer())
        .await?;
        if queued as i64 >= per_round {
            break;
        }
    }
    if queued > 0 {
        mailer.ring();
    }
    Ok(queued)
}

/// Runs [`send_due`] every [`ROUND`] until the task is dropped, `per_minute`
/// emails a minute; with 0, not at all.
pub async fn run(db: Db, mailer: Mailer, per_minute: u32) {
    if per_minute == 0 {
        return;
    }
    let per_round = i64::from(per_minute.div_ceil(6));
    loop {
        if let Err(e) = send_due(&db, &mailer, per_round).await {
            tracing::warn!(error = %e, "newsletter sending failed; will retry");
        }
        tokio::time::sleep(ROUND).await;
    }
}
