//! Reports: from members and from other instances (`Flag`), the queues
//! that hold them (the instance's, and each space's for its managers), and
//! the decisions that close them. A report about content of a private space
//! goes to that space's managers; instance moderators who are not members
//! see that it exists and may act on the reported account, never on (or
//! see) the content.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::audit;
use crate::accounts::{Account, bounded};
use crate::changes::{self, Change, Changes};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::notifications::{self, Kind, New};
use crate::posts;
use crate::spaces::{Action, SpaceAccess, SpaceRole, Visibility};
use crate::text_enum::text_enum;

text_enum! {
    pub enum ReportState {
        Open = "open",
        Resolved = "resolved",
        Dismissed = "dismissed",
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// Exactly one of `post_id`, `comment_id`, `account`.
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub post_id: Option<i64>,
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub comment_id: Option<i64>,
    /// A member's username, or `name@domain` for someone elsewhere.
    pub account: Option<String>,
    /// What is wrong, for the moderators.
    pub reason: String,
    /// Also send the report (as a `Flag`) to the instance the reported
    /// person belongs to.
    #[serde(default)]
    pub forward: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub id: i64,
    pub state: ReportState,
    /// Who reported: a member's username, `name@domain`, or absent.
    pub reporter: Option<String>,
    /// The instance a report came from, for reports received as `Flag`.
    pub origin_domain: Option<String>,
    /// Who is reported (`name@domain` for someone elsewhere).
    pub account: Option<String>,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    /// The space of the reported content (`slug`, or `slug@domain`).
    pub space: Option<String>,
    /// The reported content is in a private space. Its managers handle the
    /// report; to anyone else who sees it (instance moderators who are not
    /// members), `post_id`, `comment_id`, `space` and `excerpt` are left
    /// out, and only the reported account can be acted on.
    pub private: bool,
    /// The reported text, for the moderators.
    pub excerpt: Option<String>,
    pub reason: String,
    pub forwarded: bool,
    pub resolution: String,
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct ReportRecord {
    id: i64,
    state: ReportState,
    reporter: Option<String>,
    origin_domain: Option<String>,
    account: Option<String>,
    post_id: Option<i64>,
    comment_id: Option<i64>,
    space_id: Option<i64>,
    space: Option<String>,
    space_private: Option<i64>,
    excerpt: Option<String>,
    reason: String,
    forwarded: i64,
    resolution: String,
    created: i64,
}

macro_rules! report_select {
    () => {
        concat!(
            "SELECT r.id, r.state, ",
            crate::accounts::handle_sql!("rep"),
            " AS reporter, r.origin_domain, ",
            crate::accounts::handle_sql!("acc"),
            " AS account, r.post_id, r.comment_id, \
             s.id AS space_id, \
             CASE WHEN s.domain IS NULL THEN s.slug ELSE s.slug || '@' || s.domain END AS space, \
             CASE WHEN s.visibility = 'private' THEN 1 ELSE 0 END AS space_private, \
             COALESCE(p.title || ': ' || SUBSTR(p.body_source, 1, 300), SUBSTR(c.body_source, 1, 300)) AS excerpt, \
             r.reason, r.forwarded, r.resolution, r.created_at AS created \
             FROM reports r LEFT JOIN accounts rep ON rep.id = r.reporter_id \
             LEFT JOIN accounts acc ON acc.id = r.account_id \
             LEFT JOIN posts p ON p.id = r.post_id LEFT JOIN comments c ON c.id = r.comment_id \
             LEFT JOIN posts cp ON cp.id = c.post_id \
             LEFT JOIN spaces s ON s.id = COALESCE(p.space_id, cp.space_id) "
        )
    };
}

impl ReportRecord {
    fn private(&self) -> bool {
        self.space_private == Some(1)
    }

    /// The report as `seer` may see it: content of a private space only for
    /// its members.
    fn view(self, seer: &Seer) -> ReportView {
        let private = self.private();
        let shown = !private || self.space_id.is_some_and(|s| seer.spaces.contains(&s));
        ReportView {
            id: self.id,
            state: self.state,
            reporter: self.reporter,
            origin_domain: self.origin_domain,
            account: self.account,
            post_id: self.post_id.filter(|_| shown),
            comment_id: self.comment_id.filter(|_| shown),
            space: self.space.filter(|_| shown),
            private,
            excerpt: self.excerpt.filter(|_| shown),
            reason: self.reason,
            forwarded: self.forwarded != 0,
            resolution: self.resolution,
            created_at: format_time(self.created),
        }
    }
}

/// Who reads reports: the spaces whose content they may see in them.
struct Seer {
    spaces: HashSet<i64>,
}

impl Seer {
    /// Someone who is a member of no space (the command line).
    fn nobody() -> Seer {
        Seer {
            spaces: HashSet::new(),
        }
    }

    async fn of(db: &Db, who: &Account) -> AppResult<Seer> {
        let spaces: Vec<(i64,)> =
            sqlx::query_as("SELECT space_id FROM memberships WHERE account_id = $1")
                .bind(who.id)
                .fetch_all(&db.read)
                .await?;
        Ok(Seer {
            spaces: spaces.into_iter().map(|(s,)| s).collect(),
        })
    }
}

/// Who a report is about, and where.
struct Target {
    account_id: i64,
    post_id: Option<i64>,
    comment_id: Option<i64>,
    /// The private space holding the reported content.
    private_space: Option<i64>,
}

/// A member reports a post, a comment or someone. They must be able to see
/// what they report.
pub async fn report(
    db: &Db,
    changes: &Changes,
    reporter: &Account,
    new: NewReport,
) -> AppResult<ReportView> {
    let reason = new.reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid("reason: say what is wrong"));
    }
    bounded("reason", reason, 2000)?;
    let target = match (new.post_id, new.comment_id, new.account.as_deref()) {
        (Some(id), None, None) => {
            let (post, access) = posts::find_visible(db, id, Some(reporter)).await?;
            Target {
                account_id: post.author_id,
                post_id: Some(id),
                comment_id: None,
                private_space: private_space(&access),
            }
        }
        (None, Some(id), None) => {
            let (comment, access) =
                posts::comments::find_visible_comment(db, id, Some(reporter)).await?;
            Target {
                account_id: comment.author_id,
                post_id: None,
                comment_id: Some(id),
                private_space: private_space(&access),
            }
        }
        (None, None, Some(handle)) => Target {
            account_id: crate::accounts::find_id_by_handle(db, handle).await?,
            post_id: None,
            comment_id: None,
            private_space: None,
        },
        _ => {
            return Err(AppError::invalid(
                "give exactly one of post_id, comment_id or account",
            ));
        }
    };
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO reports (reporter_id, account_id, post_id, comment_id, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(reporter.id)
    .bind(target.account_id)
    .bind(target.post_id)
    .bind(target.comment_id)
    .bind(reason)
    .bind(db::now())
    .fetch_one(&mut *tx)
    .await?;
    let news = New::of(Kind::ReportNew).actor(reporter.id).report(id);
    tell(&mut tx, &news, target.private_space).await?;
    if new.forward && forwardable(&mut tx, &target).await? {
        sqlx::query("UPDATE reports SET forwarded = 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        changes::record(&mut tx, Change::ReportForwarded { report_id: id }).await?;
    }
    tx.commit().await?;
    changes.committed();
    find(db, reporter, id).await
}

fn private_space(access: &SpaceAccess) -> Option<i64> {
    (access.space.visibility == Visibility::Private).then_some(access.space.id)
}

/// Whether the report can go on to the reported person's server: they
/// are someone elsewhere whose server we can reach.
async fn forwardable(tx: &mut Tx, target: &Target) -> AppResult<bool> {
    let remote: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM accounts \
         WHERE id = $1 AND domain IS NOT NULL AND ap_id IS NOT NULL AND inbox_url IS NOT NULL",
    )
    .bind(target.account_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(remote.is_some())
}

/// Tells who handles a report. Every moderator and admin of this instance
/// hears of it; when the content is in a private space, its space managers
/// hear of it too, as news of that space (leading to the space's reports),
/// and moderators who are not among them get the bare news that a report
/// exists.
pub(super) async fn tell(tx: &mut Tx, news: &New, private_space: Option<i64>) -> AppResult<()> {
    let mut told = HashSet::new();
    if let Some(space_id) = private_space {
        let managers: Vec<(i64,)> = sqlx::query_as(
            "SELECT m.account_id FROM memberships m JOIN accounts a ON a.id = m.account_id \
             WHERE m.space_id = $1 AND m.role = 'space_manager' AND a.domain IS NULL \
             AND a.suspended_at IS NULL",
        )
        .bind(space_id)
        .fetch_all(&mut **tx)
        .await?;
        let in_space = news.clone().space(space_id);
        for (manager,) in managers {
            notifications::notify(tx, manager, &in_space).await?;
            told.insert(manager);
        }
    }
    let moderators: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM accounts WHERE role IN ('moderator', 'admin') AND domain IS NULL \
         AND suspended_at IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (moderator,) in moderators {
        if !told.contains(&moderator) {
            notifications::notify(tx, moderator, news).await?;
        }
    }
    Ok(())
}

/// A report as `who` may see it.
pub async fn find(db: &Db, who: &Account, id: i64) -> AppResult<ReportView> {
    let row: Option<ReportRecord> = sqlx::query_as(concat!(report_select!(), "WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    let seer = Seer::of(db, who).await?;
    row.map(|r| r.view(&seer))
        .ok_or(AppError::NotFound("report"))
}

pub fn require_moderator(who: &Account) -> AppResult<()> {
    if who.is_moderator() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only moderators and admins may do this",
        ))
    }
}

/// The instance's queue: reports in `state` (open ones by default), oldest
/// first, as `who` may see them (`None`: the command line, which sees no
/// private space's content).
pub async fn queue(
    db: &Db,
    who: Option<&Account>,
    state: Option<ReportState>,
) -> AppResult<Vec<ReportView>> {
    if let Some(who) = who {
        require_moderator(who)?;
    }
    let rows: Vec<ReportRecord> = sqlx::query_as(concat!(
        report_select!(),
        "WHERE r.state = $1 ORDER BY r.created_at, r.id LIMIT 500"
    ))
    .bind(state.unwrap_or(ReportState::Open))
    .fetch_all(&db.read)
    .await?;
    let seer = match who {
        Some(who) => Seer::of(db, who).await?,
        None => Seer::nobody(),
    };
    Ok(rows.into_iter().map(|r| r.view(&seer)).collect())
}

/// A space's queue, for its space managers: reports about content in it.
pub async fn space_queue(
    db: &Db,
    access: &SpaceAccess,
    state: Option<ReportState>,
) -> AppResult<Vec<ReportView>> {
    access.require(Action::Manage)?;
    let rows: Vec<ReportRecord> = sqlx::query_as(concat!(
        report_select!(),
        "WHERE r.state = $1 AND s.id = $2 ORDER BY r.created_at, r.id LIMIT 500"
    ))
    .bind(state.unwrap_or(ReportState::Open))
    .bind(access.space.id)
    .fetch_all(&db.read)
    .await?;
    let seer = Seer {
        spaces: HashSet::from([access.space.id]),
    };
    Ok(rows.into_iter().map(|r| r.view(&seer)).collect())
}

text_enum! {
    /// What a moderator does about a report.
    pub enum Decision {
        /// Nothing to do.
        Dismiss = "dismiss",
        /// Delete the reported post or comment (a tombstone, federated).
        RemoveContent = "remove_content",
        /// Suspend the reported member (members of this instance only).
        SuspendAccount = "suspend_account",
        /// Ban the reported person from the space of the reported content.
        BanFromSpace = "ban_from_space",
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub decision: Decision,
    /// Why; kept in the report and the audit log.
    #[serde(default)]
    pub note: String,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    state: ReportState,
    account_id: Option<i64>,
    post_id: Option<i64>,
    comment_id: Option<i64>,
    space_id: Option<i64>,
    space_private: i64,
    /// The role in that space of whoever acts.
    role: Option<SpaceRole>,
}

/// Who may decide what about a report: instance moderators decide
/// everything, except about content of a private space they are not a
/// member of, where they may only dismiss or suspend the account; the
/// managers of the content's space dismiss, remove the content or ban from
/// their space. Anyone else is refused, the same way whether the report
/// exists or not.
fn may_decide(who: &Account, row: &ReportRow, decision: Decision) -> AppResult<()> {
    let manager = row.role == Some(SpaceRole::SpaceManager);
    let in_space = row.role.is_some();
    let on_content = matches!(decision, Decision::RemoveContent | Decision::BanFromSpace);
    if who.is_moderator() {
        if on_content && row.space_private != 0 && !in_space {
            return Err(AppError::forbidden(
                "the reported content is in a private space; its space managers act on it",
            ));
        }
        return Ok(());
    }
    if !manager {
        return Err(not_yours());
    }
    if decision == Decision::SuspendAccount {
        return Err(AppError::forbidden(
            "only moderators and admins suspend accounts",
        ));
    }
    Ok(())
}

fn not_yours() -> AppError {
    AppError::forbidden("only moderators, admins and the space's managers may do this")
}

/// Acts on a report and closes it (see [`may_decide`] for who may).
pub async fn resolve(
    db: &Db,
    changes: &Changes,
    moderator: &Account,
    report_id: i64,
    resolution: Resolution,
) -> AppResult<ReportView> {
    bounded("note", &resolution.note, 2000)?;
    let mut tx = db.begin().await?;
    let row: Option<ReportRow> = sqlx::query_as(
        "SELECT r.state, r.account_id, r.post_id, r.comment_id, s.id AS space_id, \
                CASE WHEN s.visibility = 'private' THEN 1 ELSE 0 END AS space_private, \
                m.role \
         FROM reports r LEFT JOIN posts p ON p.id = r.post_id \
         LEFT JOIN comments c ON c.id = r.comment_id LEFT JOIN posts cp ON cp.id = c.post_id \
         LEFT JOIN spaces s ON s.id = COALESCE(p.space_id, cp.space_id) \
         LEFT JOIN memberships m ON m.space_id = s.id AND m.account_id = $2 \
         WHERE r.id = $1",
    )
    .bind(report_id)
    .bind(moderator.id)
    .fetch_optional(&mut *tx)
    .await?;
    let row = match row {
        Some(row) => row,
        None if moderator.is_moderator() => return Err(AppError::NotFound("report")),
        None => return Err(not_yours()),
    };
    may_decide(moderator, &row, resolution.decision)?;
    if row.state != ReportState::Open {
        return Err(AppError::conflict("this report is already closed"));
    }
    let note = resolution.note.trim();
    let target = format!("report {report_id}");
    let by_moderator = posts::RemovedBy::Moderator(moderator.id);
    match resolution.decision {
        Decision::Dismiss => {}
        Decision::RemoveContent => match (row.post_id, row.comment_id) {
            (Some(post), _) => posts::tombstone(&mut tx, post, by_moderator).await?,
            (None, Some(comment)) => {
                posts::comments::tombstone(&mut tx, comment, by_moderator).await?
            }
            (None, None) => {
                return Err(AppError::invalid(
                    "this report names no post or comment to remove",
                ));
            }
        },
        Decision::SuspendAccount => {
            let account = row
                .account_id
                .ok_or_else(|| AppError::invalid("this report names no one"))?;
            super::suspend_in(&mut tx, account, true).await?;
        }
        Decision::BanFromSpace => {
            let account = row
                .account_id
                .ok_or_else(|| AppError::invalid("this report names no one"))?;
            let space = row.space_id.ok_or_else(|| {
                AppError::invalid("this report names no content, so no space to ban from")
            })?;
            super::ban_in(&mut tx, space, account, moderator.id, note).await?;
        }
    }
    let state = if resolution.decision == Decision::Dismiss {
        ReportState::Dismissed
    } else {
        ReportState::Resolved
    };
    sqlx::query(
        "UPDATE reports SET state = $1, resolved_by = $2, resolution = $3, resolved_at = $4 \
         WHERE id = $5",
    )
    .bind(state)
    .bind(moderator.id)
    .bind(format!("{}: {note}", resolution.decision))
    .bind(db::now())
    .bind(report_id)
    .execute(&mut *tx)
    .await?;
    audit(
        &mut tx,
        &moderator.username,
        &format!("report.{}", resolution.decision),
        &target,
        note,
    )
    .await?;
    tx.commit().await?;
    if resolution.decision == Decision::SuspendAccount
        && let Some(account) = row.account_id
    {
        db.auth_cache.forget_account(account);
    }
    changes.committed();
    find(db, moderator, report_id).await
}
