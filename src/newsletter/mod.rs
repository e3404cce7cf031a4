//! Newsletters (issue 17 point 7). The instance has one, written by its
//! admins and editors (`accounts.editor`); each public space may have its
//! own, written by the space's managers. An issue is picked posts, events
//! and library items of public spaces plus the editors' own text, in one
//! or more language editions (a subject and a text each). It is sent now
//! or at a set time to the subscribers: members who opted in, and readers
//! outside who confirmed by email; each gets the edition in their language
//! (else the first). Sent issues make the letter's public archive and
//! Atom feed.
//!
//! `subscribers.rs` who receives it; `sending.rs` the throttled,
//! resumable sending and the email; this file the issues.

pub mod sending;
pub mod subscribers;

use serde::{Deserialize, Serialize};

use crate::accounts::{Account, InstanceRole, validate_language};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::spaces::{self, Action, Visibility};
use crate::text_enum::text_enum;

text_enum! {
    pub enum IssueState {
        Draft = "draft",
        /// To be sent at `send_at`.
        Scheduled = "scheduled",
        Sending = "sending",
        Sent = "sent",
    }
}

text_enum! {
    pub enum PickKind {
        Post = "post",
        Event = "event",
        Library = "library",
    }
}

/// The most editions (languages) and picked items of one issue.
pub const MAX_EDITIONS: usize = 5;
pub const MAX_PICKS: usize = 30;

/// One language's edition of an issue, as written.
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema, sqlx::FromRow)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// A language code (`fr`, `en`…).
    pub language: String,
    pub subject: String,
    /// Plain text; paragraphs separated by an empty line.
    #[serde(default)]
    pub body: String,
}

/// A post, event or library item picked for an issue.
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Pick {
    pub kind: PickKind,
    #[serde(deserialize_with = "crate::integer::required")]
    pub id: i64,
}

/// An issue as written (new, or changed while not yet sent).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueDraft {
    /// The space whose letter it is (its slug); absent: the instance's.
    pub space: Option<String>,
    /// One to five, each in another language; the first is the one sent
    /// to subscribers whose language has none.
    pub editions: Vec<Edition>,
    /// At most 30, in order: posts, events and library items of public
    /// spaces (of the letter's space, for a space's letter).
    #[serde(default)]
    pub picks: Vec<Pick>,
}

/// A picked item as the letter shows it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Shown {
    pub kind: PickKind,
    pub id: i64,
    pub title: String,
    /// Its page, from the root (`/post/12`).
    pub path: String,
    /// For an event: when it starts (RFC 3339).
    pub starts_at: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct IssueView {
    pub id: i64,
    pub space_id: Option<i64>,
    pub state: IssueState,
    pub editions: Vec<Edition>,
    /// The picks still public (a post deleted since, or a space made
    /// private, drops out).
    pub picks: Vec<Shown>,
    /// When it is to be sent (scheduled) or began to be sent.
    pub send_at: Option<String>,
    pub sent_at: Option<String>,
    pub created_at: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Issue {
    pub id: i64,
    pub space_id: Option<i64>,
    pub author_id: i64,
    pub state: IssueState,
    pub send_at: Option<i64>,
    pub sent_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub created_at: i64,
}

const ISSUE_COLUMNS: &str =
    "id, space_id, author_id, state, send_at, sent_at, finished_at, created_at";

/// Whose letter: the instance's, or a public space's.
pub async fn letter_of(
    db: &Db,
    space: Option<&str>,
    who: Option<&Account>,
) -> AppResult<Option<i64>> {
    let Some(slug) = space else {
        return Ok(None);
    };
    let access = spaces::find_visible(db, slug, who).await?;
    if access.space.visibility != Visibility::Public || access.space.domain.is_some() {
        return Err(AppError::invalid(
            "space: only public spaces of this instance have a newsletter",
        ));
    }
    Ok(Some(access.space.id))
}

/// Whether `who` writes letter `space` (`None`: the instance's): its
/// admins and editors, or the space's managers.
pub async fn require_editor(db: &Db, who: &Account, space: Option<i64>) -> AppResult<()> {
    match space {
        None => {
            if who.role == InstanceRole::Admin
                || crate::accounts::editors::is_editor(db, who.id).await?
            {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "the instance's newsletter is written by its editors and admins".into(),
                ))
            }
        }
        Some(space) => {
            let access = spaces::find_visible_by_id(db, space, Some(who)).await?;
            access.require(Action::Manage)
        }
    }
}

fn check(draft: &IssueDraft) -> AppResult<()> {
    if draft.editions.is_empty() || draft.editions.len() > MAX_EDITIONS {
        return Err(AppError::invalid("editions: one to five"));
    }
    let mut seen = Vec::new();
    for e in &draft.editions {
        let language = validate_language("editions.language", &e.language)?;
        if seen.contains(&language) {
            return Err(AppError::invalid(format!(
                "editions: two editions in \"{language}\""
            )));
        }
        seen.push(language);
        let subject = e.subject.trim();
        if subject.is_empty() {
            return Err(AppError::invalid("editions.subject: must not be empty"));
        }
        crate::accounts::bounded("editions.subject", subject, 200)?;
        crate::accounts::bounded("editions.body", &e.body, 50_000)?;
    }
    if draft.picks.len() > MAX_PICKS {
        return Err(AppError::invalid("picks: at most 30"));
    }
    Ok(())
}

/// Each pick exists and is public (and of the letter's space, for a
/// space's letter); the first that is not is named.
async fn check_picks(db: &Db, space: Option<i64>, picks: &[Pick]) -> AppResult<()> {
    for pick in picks {
        let shown = shown(&db.read, pick.kind, pick.id).await?;
        let ok = match (shown, space) {
            (Some((_, of)), Some(space)) => of == space,
            (Some(_), None) => true,
            (None, _) => false,
        };
        if !ok {
            return Err(AppError::invalid(format!(
                "picks: no public {} {} here{}",
                pick.kind,
                pick.id,
                if space.is_some() {
                    " in this space"
                } else {
                    ""
                }
            )));
        }
    }
    Ok(())
}

/// A picked item if it is live and in a public space of ours, with its
/// space: the one rule for what a letter may carry, applied when picked
/// and again whenever the issue is shown or sent.
async fn shown<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    kind: PickKind,
    id: i64,
) -> AppResult<Option<(Shown, i64)>> {
    let public = "EXISTS (SELECT 1 FROM spaces ps WHERE ps.id = x.space_id \
                  AND ps.visibility = 'public' AND ps.domain IS NULL)";
    let sql = match kind {
        PickKind::Post => format!(
            "SELECT x.title, x.space_id, NULL FROM posts x \
             WHERE x.id = $1 AND x.deleted_at IS NULL AND {public}"
        ),
        PickKind::Event => format!(
            "SELECT x.title, x.space_id, x.starts_at FROM events x \
             WHERE x.id = $1 AND x.ap_id IS NULL AND {public}"
        ),
        PickKind::Library => format!(
            "SELECT x.title, x.space_id, NULL FROM library_items x \
             WHERE x.id = $1 AND x.deleted_at IS NULL AND x.ap_id IS NULL \
             AND x.kind <> 'folder' AND {public}"
        ),
    };
    let row: Option<(String, i64, Option<i64>)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(executor)
        .await?;
    Ok(row.map(|(title, space, starts_at)| {
        let path = match kind {
            PickKind::Post => format!("/post/{id}"),
            PickKind::Event => format!("/event/{id}"),
            PickKind::Library => format!("/item/{id}"),
        };
        (
            Shown {
                kind,
                id,
                title,
                path,
                starts_at: starts_at.map(format_time),
            },
            space,
        )
    }))
}

/// Writes an issue's editions and picks (replacing what it had).
async fn write_content(tx: &mut Tx, id: i64, draft: &IssueDraft) -> AppResult<()> {
    for table in ["newsletter_editions", "newsletter_picks"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE issue_id = $1"
        )))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    for (position, e) in draft.editions.iter().enumerate() {
        sqlx::query(
            "INSERT INTO newsletter_editions (issue_id, language, subject, body, position) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(e.language.trim())
        .bind(e.subject.trim())
        .bind(&e.body)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    for (position, pick) in draft.picks.iter().enumerate() {
        sqlx::query(
            "INSERT INTO newsletter_picks (issue_id, position, kind, item_id) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(pick.kind)
        .bind(pick.id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A new draft issue.
pub async fn create(db: &Db, who: &Account, draft: IssueDraft) -> AppResult<i64> {
    let space = letter_of(db, draft.space.as_deref(), Some(who)).await?;
    require_editor(db, who, space).await?;
    check(&draft)?;
    check_picks(db, space, &draft.picks).await?;
    let id = db::new_id();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO newsletter_issues (id, space_id, author_id, state, created_at) \
         VALUES ($1, $2, $3, 'draft', $4)",
    )
    .bind(id)
    .bind(space)
    .bind(who.id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    write_content(&mut tx, id, &draft).await?;
    tx.commit().await?;
    Ok(id)
}

/// The issue, for one who writes its letter; anyone else: not found.
pub async fn editable(db: &Db, id: i64, who: &Account) -> AppResult<Issue> {
    let issue = find(db, id).await?.ok_or(AppError::NotFound("issue"))?;
    require_editor(db, who, issue.space_id)
        .await
        .map_err(|_| AppError::NotFound("issue"))?;
    Ok(issue)
}

pub(crate) async fn find(db: &Db, id: i64) -> AppResult<Option<Issue>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ISSUE_COLUMNS} FROM newsletter_issues WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.read)
    .await?)
}

/// Changes an issue not yet sending; a scheduled one stays scheduled.
pub async fn update(db: &Db, id: i64, who: &Account, draft: IssueDraft) -> AppResult<()> {
    let issue = editable(db, id, who).await?;
    if matches!(issue.state, IssueState::Sending | IssueState::Sent) {
        return Err(AppError::conflict(
            "this issue has gone out; it cannot change",
        ));
    }
    if draft.space.is_some()
        && letter_of(db, draft.space.as_deref(), Some(who)).await? != issue.space_id
    {
        return Err(AppError::invalid("space: an issue stays in its letter"));
    }
    check(&draft)?;
    check_picks(db, issue.space_id, &draft.picks).await?;
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE newsletter_issues SET updated_at = $1 \
         WHERE id = $2 AND state IN ('draft', 'scheduled')",
    )
    .bind(db::now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::conflict(
            "this issue has gone out; it cannot change",
        ));
    }
    write_content(&mut tx, id, &draft).await?;
    tx.commit().await?;
    Ok(())
}

/// The issue with its editions and the picks still public.
pub async fn view(db: &Db, issue: &Issue) -> AppResult<IssueView> {
    let editions = editions_of(db, issue.id).await?;
    let picks: Vec<(PickKind, i64)> = sqlx::query_as(
        "SELECT kind, item_id FROM newsletter_picks WHERE issue_id = $1 ORDER BY position",
    )
    .bind(issue.id)
    .fetch_all(&db.read)
    .await?;
    let mut shown_picks = Vec::with_capacity(picks.len());
    for (kind, id) in picks {
        if let Some((s, _)) = shown(&db.read, kind, id).await? {
            shown_picks.push(s);
        }
    }
    Ok(IssueView {
        id: issue.id,
        space_id: issue.space_id,
        state: issue.state,
        editions,
        picks: shown_picks,
        send_at: issue.send_at.map(format_time),
        sent_at: issue.sent_at.map(format_time),
        created_at: format_time(issue.created_at),
    })
}

async fn editions_of(db: &Db, id: i64) -> AppResult<Vec<Edition>> {
    Ok(sqlx::query_as(
        "SELECT language, subject, body FROM newsletter_editions WHERE issue_id = $1 \
         ORDER BY position",
    )
    .bind(id)
    .fetch_all(&db.read)
    .await?)
}

/// A letter's issues for its editors, newest first (50).
pub async fn for_editors(db: &Db, who: &Account, space: Option<&str>) -> AppResult<Vec<IssueView>> {
    let space = letter_of(db, space, Some(who)).await?;
    require_editor(db, who, space).await?;
    let issues: Vec<Issue> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ISSUE_COLUMNS} FROM newsletter_issues \
         WHERE COALESCE(space_id, 0) = $1 ORDER BY created_at DESC LIMIT 50"
    )))
    .bind(space.unwrap_or(0))
    .fetch_all(&db.read)
    .await?;
    let mut out = Vec::with_capacity(issues.len());
    for issue in &issues {
        out.push(view(db, issue).await?);
    }
    Ok(out)
}

/// The public archive: a letter's issues that went out, newest first
/// (`limit`, at most 50). A space's letter only while the space is public.
pub async fn archive(db: &Db, space: Option<i64>, limit: i64) -> AppResult<Vec<IssueView>> {
    let issues: Vec<Issue> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {ISSUE_COLUMNS} FROM newsletter_issues i \
         WHERE COALESCE(i.space_id, 0) = $1 AND i.state IN ('sending', 'sent') \
         AND (i.space_id IS NULL OR EXISTS (SELECT 1 FROM spaces s WHERE s.id = i.space_id \
              AND s.visibility = 'public')) \
         ORDER BY i.sent_at DESC LIMIT $2 + 0"
    )))
    .bind(space.unwrap_or(0))
    .bind(limit.clamp(1, 50))
    .fetch_all(&db.read)
    .await?;
    let mut out = Vec::with_capacity(issues.len());
    for issue in &issues {
        out.push(view(db, issue).await?);
    }
    Ok(out)
}

/// One issue that went out, for anyone (its letter public).
pub async fn published(db: &Db, id: i64) -> AppResult<IssueView> {
    let issue = find(db, id).await?.ok_or(AppError::NotFound("issue"))?;
    let public = match issue.space_id {
        None => true,
        Some(space) => {
            let row: Option<(i64,)> =
                sqlx::query_as("SELECT 1 FROM spaces WHERE id = $1 AND visibility = 'public'")
                    .bind(space)
                    .fetch_optional(&db.read)
                    .await?;
            row.is_some()
        }
    };
    if !public || !matches!(issue.state, IssueState::Sending | IssueState::Sent) {
        return Err(AppError::NotFound("issue"));
    }
    view(db, &issue).await
}

/// The edition for `language`, else the first.
pub fn edition_for<'a>(view: &'a IssueView, language: &str) -> Option<&'a Edition> {
    view.editions
        .iter()
        .find(|e| e.language == language)
        .or(view.editions.first())
}
