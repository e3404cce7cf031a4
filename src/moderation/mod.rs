//! Moderation: reports from members and from other instances (`Flag`),
//! the moderators' queue, and what they can do: remove content, suspend a
//! member, ban someone from a space. Every action is in the audit log
//! (`federation::policy::audit`).

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::accounts::{Account, bounded};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::federation::outbox::{self, Signer};
use crate::federation::policy::{audit, normalize_host};
use crate::federation::urls::LocalRef;
use crate::federation::{Federation, context};
use crate::notifications::{self, Kind, New};
use crate::posts;
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
    pub post_id: Option<i64>,
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
             COALESCE(p.title || ': ' || SUBSTR(p.body_source, 1, 300), SUBSTR(c.body_source, 1, 300)) AS excerpt, \
             r.reason, r.forwarded, r.resolution, r.created_at AS created \
             FROM reports r LEFT JOIN accounts rep ON rep.id = r.reporter_id \
             LEFT JOIN accounts acc ON acc.id = r.account_id \
             LEFT JOIN posts p ON p.id = r.post_id LEFT JOIN comments c ON c.id = r.comment_id "
        )
    };
}

fn with_time(r: ReportRecord) -> ReportView {
    ReportView {
        id: r.id,
        state: r.state,
        reporter: r.reporter,
        origin_domain: r.origin_domain,
        account: r.account,
        post_id: r.post_id,
        comment_id: r.comment_id,
        excerpt: r.excerpt,
        reason: r.reason,
        forwarded: r.forwarded != 0,
        resolution: r.resolution,
        created_at: format_time(r.created),
    }
}

/// Who a report is about, and where.
struct Target {
    account_id: i64,
    post_id: Option<i64>,
    comment_id: Option<i64>,
}

/// A member reports a post, a comment or someone. They must be able to see
/// what they report.
pub async fn report(
    db: &Db,
    fed: &Federation,
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
            let (post, _) = posts::find_visible(db, id, Some(reporter)).await?;
            Target {
                account_id: post.author_id,
                post_id: Some(id),
                comment_id: None,
            }
        }
        (None, Some(id), None) => {
            let (comment, _) =
                posts::comments::find_visible_comment(db, id, Some(reporter)).await?;
            Target {
                account_id: comment.author_id,
                post_id: None,
                comment_id: Some(id),
            }
        }
        (None, None, Some(handle)) => Target {
            account_id: crate::accounts::find_id_by_handle(db, handle).await?,
            post_id: None,
            comment_id: None,
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
    tell_moderators(&mut tx, &news).await?;
    if new.forward && forward(&mut tx, fed, &target, reason).await? {
        sqlx::query("UPDATE reports SET forwarded = 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    fed.wake_outbox();
    find(db, id).await
}

/// Sends the report to the reported person's instance as a `Flag` from our
/// instance actor (the reporter stays anonymous). Only for people elsewhere;
/// the queue refuses it if it names private content.
async fn forward(tx: &mut Tx, fed: &Federation, target: &Target, reason: &str) -> AppResult<bool> {
    let remote: Option<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT ap_id, shared_inbox_url, inbox_url FROM accounts \
         WHERE id = $1 AND domain IS NOT NULL AND ap_id IS NOT NULL AND inbox_url IS NOT NULL",
    )
    .bind(target.account_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((actor, shared_inbox, inbox)) = remote else {
        return Ok(false);
    };
    let mut objects = vec![actor];
    if let Some(post_id) = target.post_id
        && let Some(post) = crate::federation::publish::load_post(tx, post_id).await?
    {
        objects.push(post.url(fed));
    }
    if let Some(comment_id) = target.comment_id
        && let Some(comment) = crate::federation::publish::load_comment(tx, comment_id).await?
    {
        objects.push(comment.url(fed));
    }
    let flag = json!({
        "@context": context(),
        "id": fed.urls.new_activity("flag"),
        "type": "Flag",
        "actor": fed.urls.instance_actor(),
        "object": objects,
        "content": reason,
    });
    outbox::enqueue(
        tx,
        fed,
        Signer::Instance,
        flag,
        vec![shared_inbox.unwrap_or(inbox)],
    )
    .await?;
    Ok(true)
}

/// A `Flag` from another instance: stored as a report on the members,
/// posts and comments of ours it names. Returns whether it was stored.
pub async fn receive_flag(
    db: &Db,
    fed: &Federation,
    origin_domain: &str,
    flag_id: &str,
    objects: &[String],
    reason: &str,
) -> AppResult<bool> {
    let mut account_id = None;
    let mut post_id = None;
    let mut comment_id = None;
    for object in objects {
        match fed.urls.parse(object) {
            Some(LocalRef::Person(name)) => {
                account_id = crate::accounts::find_id_by_handle(db, &name)
                    .await
                    .ok()
                    .or(account_id);
            }
            Some(LocalRef::Post(id)) => post_id = Some(id),
            Some(LocalRef::Comment(id)) => comment_id = Some(id),
            _ => {}
        }
    }
    // Only content of public spaces can be reported from outside: a Flag
    // naming anything else is ignored like one naming nothing.
    if let Some(id) = post_id {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT p.author_id FROM posts p JOIN spaces s ON s.id = p.space_id \
             WHERE p.id = $1 AND s.visibility = 'public'",
        )
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
        match row {
            Some((author,)) => account_id = account_id.or(Some(author)),
            None => post_id = None,
        }
    }
    if let Some(id) = comment_id {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT c.author_id FROM comments c JOIN posts p ON p.id = c.post_id \
             JOIN spaces s ON s.id = p.space_id WHERE c.id = $1 AND s.visibility = 'public'",
        )
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
        match row {
            Some((author,)) => account_id = account_id.or(Some(author)),
            None => comment_id = None,
        }
    }
    let Some(account_id) = account_id else {
        return Ok(false);
    };
    let reason: String = reason.chars().take(2000).collect();
    let mut tx = db.begin().await?;
    let stored: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO reports (origin_domain, flag_id, account_id, post_id, comment_id, \
                              reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (flag_id) DO NOTHING RETURNING id",
    )
    .bind(origin_domain)
    .bind(flag_id)
    .bind(account_id)
    .bind(post_id)
    .bind(comment_id)
    .bind(crate::markdown::plain_text(&reason))
    .bind(db::now())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = stored else {
        return Ok(false);
    };
    let news = New::of(Kind::ReportNew)
        .report(id)
        .param("origin", origin_domain);
    tell_moderators(&mut tx, &news).await?;
    tx.commit().await?;
    Ok(true)
}

/// Tells every moderator and admin of this instance (not the space: a
/// report is the instance's business, whoever may see the space).
async fn tell_moderators(tx: &mut Tx, news: &New) -> AppResult<()> {
    let moderators: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM accounts WHERE role IN ('moderator', 'admin') AND domain IS NULL \
         AND suspended_at IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (moderator,) in moderators {
        notifications::notify(tx, moderator, news).await?;
    }
    Ok(())
}

pub async fn find(db: &Db, id: i64) -> AppResult<ReportView> {
    let row: Option<ReportRecord> = sqlx::query_as(concat!(report_select!(), "WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    row.map(with_time).ok_or(AppError::NotFound("report"))
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

/// The queue: reports in `state` (open ones by default), oldest first.
pub async fn queue(db: &Db, state: Option<ReportState>) -> AppResult<Vec<ReportView>> {
    let rows: Vec<ReportRecord> = sqlx::query_as(concat!(
        report_select!(),
        "WHERE r.state = $1 ORDER BY r.id LIMIT 500"
    ))
    .bind(state.unwrap_or(ReportState::Open))
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(with_time).collect())
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
}

/// Acts on a report and closes it.
pub async fn resolve(
    db: &Db,
    fed: &Federation,
    moderator: &Account,
    report_id: i64,
    resolution: Resolution,
) -> AppResult<ReportView> {
    require_moderator(moderator)?;
    bounded("note", &resolution.note, 2000)?;
    let mut tx = db.begin().await?;
    let row: ReportRow =
        sqlx::query_as("SELECT state, account_id, post_id, comment_id FROM reports WHERE id = $1")
            .bind(report_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound("report"))?;
    if row.state != ReportState::Open {
        return Err(AppError::conflict("this report is already closed"));
    }
    let note = resolution.note.trim();
    let target = format!("report {report_id}");
    match resolution.decision {
        Decision::Dismiss => {}
        Decision::RemoveContent => match (row.post_id, row.comment_id) {
            (Some(post), _) => posts::tombstone(&mut tx, fed, post, false).await?,
            (None, Some(comment)) => {
                posts::comments::tombstone(&mut tx, fed, comment, false).await?
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
            suspend_in(&mut tx, account, true).await?;
        }
        Decision::BanFromSpace => {
            let account = row
                .account_id
                .ok_or_else(|| AppError::invalid("this report names no one"))?;
            let space: Option<(i64,)> = sqlx::query_as(
                "SELECT p.space_id FROM posts p WHERE p.id = $1 \
                 UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $2",
            )
            .bind(row.post_id.unwrap_or(0))
            .bind(row.comment_id.unwrap_or(0))
            .fetch_optional(&mut *tx)
            .await?;
            let (space,) = space.ok_or_else(|| {
                AppError::invalid("this report names no content, so no space to ban from")
            })?;
            ban_in(&mut tx, space, account, moderator.id, note).await?;
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
    fed.wake_outbox();
    find(db, report_id).await
}

/// Suspends (or restores) a member of this instance.
async fn suspend_in(tx: &mut Tx, account_id: i64, suspend: bool) -> AppResult<()> {
    let changed = sqlx::query(
        "UPDATE accounts SET suspended_at = CASE WHEN $1 = 1 THEN $2 ELSE NULL END \
         WHERE id = $3 AND domain IS NULL",
    )
    .bind(i64::from(suspend))
    .bind(db::now())
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::invalid(
            "only members of this instance can be suspended; for someone elsewhere, \
             ban them from the space or add a domain rule",
        ));
    }
    Ok(())
}

/// Suspends or restores a member by username (moderators).
pub async fn set_suspended(
    db: &Db,
    moderator: &Account,
    username: &str,
    suspend: bool,
    reason: &str,
) -> AppResult<()> {
    require_moderator(moderator)?;
    bounded("reason", reason, 2000)?;
    let account = crate::accounts::find_id_by_handle(db, username).await?;
    if account == moderator.id {
        return Err(AppError::conflict("you cannot suspend yourself"));
    }
    let mut tx = db.begin().await?;
    suspend_in(&mut tx, account, suspend).await?;
    let action = if suspend {
        "account.suspend"
    } else {
        "account.unsuspend"
    };
    audit(&mut tx, &moderator.username, action, username, reason).await?;
    tx.commit().await?;
    db.auth_cache.forget_account(account);
    Ok(())
}

/// Bans someone from a space: they stop following it, leave it, and any
/// further activity of theirs in it is refused.
async fn ban_in(
    tx: &mut Tx,
    space_id: i64,
    account_id: i64,
    by: i64,
    reason: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO space_bans (space_id, account_id, banned_by, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (space_id, account_id) DO NOTHING",
    )
    .bind(space_id)
    .bind(account_id)
    .bind(by)
    .bind(reason)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    for sql in [
        "DELETE FROM space_followers WHERE space_id = $1 AND account_id = $2",
        "DELETE FROM memberships WHERE space_id = $1 AND account_id = $2",
    ] {
        sqlx::query(sql)
            .bind(space_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A space manager or an instance moderator bans someone from a space.
pub async fn ban(
    db: &Db,
    access: &crate::spaces::SpaceAccess,
    by: &Account,
    handle: &str,
    reason: &str,
) -> AppResult<()> {
    if !by.is_moderator() {
        access.require(crate::spaces::Action::Manage)?;
    }
    bounded("reason", reason, 2000)?;
    let account = crate::accounts::find_id_by_handle(db, handle).await?;
    if account == by.id {
        return Err(AppError::conflict("you cannot ban yourself"));
    }
    let mut tx = db.begin().await?;
    ban_in(&mut tx, access.space.id, account, by.id, reason).await?;
    let target = format!("{handle} in space {}", access.space.slug);
    audit(&mut tx, &by.username, "space.ban", &target, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `account_id` is banned from `space_id`.
pub async fn is_banned(db: &Db, space_id: i64, account_id: i64) -> AppResult<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT account_id FROM space_bans WHERE space_id = $1 AND account_id = $2")
            .bind(space_id)
            .bind(account_id)
            .fetch_optional(&db.read)
            .await?;
    Ok(row.is_some())
}

/// Whether reports from `domain` are refused by a domain rule.
pub fn rejects_reports_from(fed: &Federation, domain: &str) -> bool {
    normalize_host(domain).is_some_and(|d| fed.policy.rejects_reports(&d))
}
