//! Working with an event's participants (issue 17 point 6): its organisers
//! write to everyone taking part, and take the participant list away as
//! CSV. "Organisers" are those [`require_organiser`] lets change the event:
//! its organiser while they may still contribute in the space, and the
//! space's content managers and moderators.
//!
//! A message is a notification of kind `event.message` to every local
//! participant going, waiting or pending (not to those turned down),
//! carrying its subject and text in `params`; the notification email path
//! sends it on, by the member's preference for the Events category (see
//! `Kind::delivery_for`). Guests (issue 17 point 5) get it by email. Participants of other instances are not written
//! to yet: see docs/api.md, "Working with participants".

use super::{Event, ParticipantState, find_visible, require_organiser};
use crate::accounts::{Account, InstanceRole};
use crate::changes::{self, Change};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::notifications::{self, Kind, New};

/// Longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// Longest text, in characters.
pub const BODY_MAX: usize = 10_000;

/// What is wrong with a message, for a form to say in the reader's
/// language (`locale_id`) and for the API in English ([`AppError`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageProblem {
    NoSubject,
    SubjectTooLong,
    BodyTooLong,
}

impl MessageProblem {
    /// The Fluent id of the sentence that explains it.
    pub fn locale_id(self) -> &'static str {
        match self {
            MessageProblem::NoSubject => "event-message-error-no-subject",
            MessageProblem::SubjectTooLong => "event-message-error-subject-long",
            MessageProblem::BodyTooLong => "event-message-error-body-long",
        }
    }
}

impl From<MessageProblem> for AppError {
    fn from(problem: MessageProblem) -> AppError {
        AppError::invalid(match problem {
            MessageProblem::NoSubject => "subject: write a subject".to_owned(),
            MessageProblem::SubjectTooLong => {
                format!("subject: at most {SUBJECT_MAX} characters")
            }
            MessageProblem::BodyTooLong => format!("body: at most {BODY_MAX} characters"),
        })
    }
}

/// A message as it will be sent: plain text, never HTML (every page and
/// email escapes it), with the subject on one line and the text's line
/// breaks kept as `\n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

impl Message {
    /// Checks and tidies what an organiser wrote: control characters
    /// other than line breaks and tabs dropped, the subject's whitespace
    /// run together, both trimmed.
    pub fn new(subject: &str, body: &str) -> Result<Message, MessageProblem> {
        let subject = single_line(subject);
        let body = body
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
            .collect::<String>()
            .trim()
            .to_owned();
        if subject.is_empty() {
            return Err(MessageProblem::NoSubject);
        }
        if subject.chars().count() > SUBJECT_MAX {
            return Err(MessageProblem::SubjectTooLong);
        }
        if body.chars().count() > BODY_MAX {
            return Err(MessageProblem::BodyTooLong);
        }
        Ok(Message { subject, body })
    }
}

/// `raw` as one line of plain text, as people type names and subjects:
/// runs of white space as one space, trimmed, control characters dropped.
pub(super) fn single_line(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

/// Writes a message to every local participant of `event_id` who is
/// going, waiting or pending, in one transaction; returns how many were
/// told (those who turned the Events category off, or who wrote it, are
/// not). Who may is checked before what was written, so that someone who
/// may not see the event learns nothing from the answer.
pub async fn message_participants(
    db: &Db,
    event_id: i64,
    organiser: &Account,
    subject: &str,
    body: &str,
) -> AppResult<u64> {
    let event = organised(db, event_id, organiser).await?;
    let message = Message::new(subject, body)?;
    if event.ap_id.is_some() {
        return Err(AppError::invalid(
            "this event is managed on its own instance",
        ));
    }
    let news = New::of(Kind::EventMessage)
        .actor(organiser.id)
        .space(event.space_id)
        .event(event.id)
        .param("subject", message.subject.as_str())
        .param("body", message.body.as_str());
    let mut tx = db.begin().await?;
    let recipients: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.account_id FROM event_participants p JOIN accounts a ON a.id = p.account_id \
         WHERE p.event_id = $1 AND p.state <> 'rejected' AND a.domain IS NULL \
         ORDER BY p.account_id",
    )
    .bind(event.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut told = 0;
    for (account,) in recipients {
        if notifications::told(&mut tx, account, &news).await? {
            told += 1;
        }
    }
    // Participants elsewhere, in a direct message each (see `remote_taking_part`).
    let remote = remote_taking_part(&mut *tx, event.id).await?;
    if !remote.is_empty() {
        let change = Change::EventMessage {
            event_id: event.id,
            subject: message.subject.clone(),
            body: message.body.clone(),
        };
        changes::record(&mut tx, change).await?;
        told += remote.len() as u64;
    }
    // Guests by email (they have no notifications page).
    told += super::guests::emails::tell_event(
        &mut tx,
        event.id,
        &super::news::TAKING_PART,
        "message",
        &news.params,
    )
    .await?;
    tx.commit().await?;
    Ok(told)
}

/// Participants of other instances of event `event_id` who take part
/// (going, waiting or pending): who an organisers' message goes to there.
pub async fn remote_taking_part<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    event_id: i64,
) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.account_id FROM event_participants p JOIN accounts a ON a.id = p.account_id \
         WHERE p.event_id = $1 AND p.state <> 'rejected' AND a.domain IS NOT NULL \
         ORDER BY p.account_id",
    )
    .bind(event_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// An organisers' message about an event elsewhere (`event_ap_id`), sent
/// by its server to our member `username`: a notification (and so an
/// email, as they chose), if they take part in our copy of the event.
/// Whether they were told.
pub async fn received_message(
    db: &Db,
    event_ap_id: &str,
    username: &str,
    subject: &str,
    body: &str,
) -> AppResult<bool> {
    let Ok(message) = Message::new(subject, body) else {
        return Ok(false);
    };
    let mut tx = db.begin().await?;
    let taking_part: Option<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT e.id, e.space_id, e.organiser_id, p.account_id FROM events e \
         JOIN event_participants p ON p.event_id = e.id \
         JOIN accounts a ON a.id = p.account_id \
         WHERE e.ap_id = $1 AND a.username = $2 AND a.domain IS NULL AND p.state <> 'rejected'",
    )
    .bind(event_ap_id)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((event, space, organiser, account)) = taking_part else {
        return Ok(false);
    };
    let news = New::of(Kind::EventMessage)
        .actor(organiser)
        .space(space)
        .event(event)
        .param("subject", message.subject.as_str())
        .param("body", message.body.as_str());
    let told = notifications::told(&mut tx, account, &news).await?;
    tx.commit().await?;
    Ok(told)
}

/// The event, if `who` organises it; otherwise the same refusal as every
/// organiser-only action ("not found" where they may not see it).
async fn organised(db: &Db, event_id: i64, who: &Account) -> AppResult<Event> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    Ok(event)
}

/// The CSV header: English column keys, the same in every language, so
/// spreadsheets and scripts can rely on them.
pub const CSV_HEADER: [&str; 4] = ["name", "organisation", "country", "status"];

/// One participant as the list shows them.
#[derive(sqlx::FromRow)]
struct Row {
    display_name: String,
    handle: String,
    organisation: String,
    country: String,
    state: ParticipantState,
    /// A guest registered by email (issue 17 point 5), not a member.
    #[sqlx(default)]
    guest: bool,
}

impl Row {
    fn name(&self) -> &str {
        let shown = self.display_name.trim();
        if shown.is_empty() {
            &self.handle
        } else {
            shown
        }
    }
}

/// Going first, then the waiting list, those awaiting approval, and those
/// turned down.
fn rank(state: ParticipantState) -> u8 {
    match state {
        ParticipantState::Going => 0,
        ParticipantState::Waiting => 1,
        ParticipantState::Pending => 2,
        ParticipantState::Rejected => 3,
    }
}

/// The participant list of `event_id` as CSV (`name,organisation,country,
/// status`), for its organisers: one row per participant, by state then
/// name. A participant who shows their profile to nobody keeps their
/// organisation and country to themself (as on member lists), unless the
/// organiser is an admin.
pub async fn participants_csv(db: &Db, event_id: i64, organiser: &Account) -> AppResult<String> {
    let event = organised(db, event_id, organiser).await?;
    let mut rows: Vec<Row> = sqlx::query_as(concat!(
        "SELECT a.display_name, ",
        crate::accounts::handle_sql!("a"),
        " AS handle, \
           CASE WHEN a.profile_visibility = 'nobody' AND a.id <> $2 AND $3 = 0 THEN '' \
                ELSE a.organisation END AS organisation, \
           CASE WHEN a.profile_visibility = 'nobody' AND a.id <> $2 AND $3 = 0 THEN '' \
                ELSE a.country END AS country, \
           p.state \
         FROM event_participants p JOIN accounts a ON a.id = p.account_id \
         WHERE p.event_id = $1"
    ))
    .bind(event.id)
    .bind(organiser.id)
    .bind(i64::from(organiser.role == InstanceRole::Admin))
    .fetch_all(&db.read)
    .await?;
    // Guests (no account): their name, no organisation or country, and
    // their status marked as a guest's ("going (guest)").
    for (name, state) in super::guests::guest_rows(db, event.id).await? {
        let Ok(state) = state.as_str().parse::<ParticipantState>() else {
            continue;
        };
        rows.push(Row {
            display_name: name,
            handle: String::new(),
            organisation: String::new(),
            country: String::new(),
            state,
            guest: true,
        });
    }
    rows.sort_by_cached_key(|r| (rank(r.state), r.name().to_lowercase(), r.handle.clone()));
    let mut out = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| AppError::Internal(e.into());
    out.write_record(CSV_HEADER).map_err(internal)?;
    for row in &rows {
        out.write_record([
            cell(row.name()),
            cell(&row.organisation),
            cell(&row.country),
            if row.guest {
                format!("{} (guest)", row.state)
            } else {
                row.state.to_string()
            },
        ])
        .map_err(internal)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.into()))
}

/// A cell a spreadsheet will not run: one that starts like a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`,
/// which spreadsheets show as text (OWASP, "CSV Injection").
fn cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_checked_and_tidied() {
        let m = Message::new("  Room \n changed\u{7} ", "Salle 3\r\nnot 2.\u{0}\n").unwrap();
        assert_eq!(m.subject, "Room changed");
        assert_eq!(m.body, "Salle 3\nnot 2.");
        assert_eq!(Message::new(" \n", "x"), Err(MessageProblem::NoSubject));
        let long = "é".repeat(SUBJECT_MAX + 1);
        assert_eq!(Message::new(&long, ""), Err(MessageProblem::SubjectTooLong));
        assert!(Message::new(&long[..SUBJECT_MAX * 2], "").is_ok());
        let text = "a".repeat(BODY_MAX + 1);
        assert_eq!(Message::new("s", &text), Err(MessageProblem::BodyTooLong));
        assert!(Message::new("s", &text[..BODY_MAX]).is_ok());
    }

    #[test]
    fn cells_that_look_like_formulas_are_text() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+33"), "'+33");
        assert_eq!(cell("-x"), "'-x");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "'\rx");
        assert_eq!(cell("Amina = chair"), "Amina = chair");
        assert_eq!(cell(""), "");
    }
}
