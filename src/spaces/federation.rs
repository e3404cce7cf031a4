//! Per-space federation: which instances may follow a public space or post
//! into it (`everyone`, or only `listed` domains), and the follows that
//! wait for a space manager's approval (from limited domains).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Action, SpaceAccess};
use crate::accounts::Account;
use crate::changes::{self, Change, Changes};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::moderation::audit;
use crate::text_enum::text_enum;
use crate::urls::normalize_host;

text_enum! {
    pub enum Scope {
        /// Any instance the instance's policy allows.
        Everyone = "everyone",
        /// Only the listed domains (and their subdomains).
        Listed = "listed",
    }
}

text_enum! {
    #[derive(Default)]
    pub enum Posting {
        #[default]
        /// Anyone on an allowed instance, follower or not (what Lemmy
        /// users expect: they need not subscribe first).
        Anyone = "anyone",
        /// Only those who follow the space.
        Followers = "followers",
    }
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceFederation {
    pub scope: Scope,
    /// The domains that may follow and post when `scope` is `listed`.
    #[serde(default)]
    pub domains: Vec<String>,
    /// Who on other servers may post and comment: `anyone` (the default)
    /// or only the space's `followers`.
    #[serde(default)]
    pub posting: Posting,
}

pub async fn get(db: &Db, space_id: i64) -> AppResult<SpaceFederation> {
    let (scope, posting): (Scope, Posting) =
        sqlx::query_as("SELECT federation_scope, remote_posting FROM spaces WHERE id = $1")
            .bind(space_id)
            .fetch_one(&db.read)
            .await?;
    let domains: Vec<(String,)> = sqlx::query_as(
        "SELECT domain FROM space_federation_domains WHERE space_id = $1 ORDER BY domain",
    )
    .bind(space_id)
    .fetch_all(&db.read)
    .await?;
    Ok(SpaceFederation {
        scope,
        domains: domains.into_iter().map(|(d,)| d).collect(),
        posting,
    })
}

/// Whether `host` may follow or post into the space.
pub async fn allows(db: &Db, space_id: i64, host: &str) -> AppResult<bool> {
    let settings = get(db, space_id).await?;
    if settings.scope == Scope::Everyone {
        return Ok(true);
    }
    let Some(host) = normalize_host(host) else {
        return Ok(false);
    };
    Ok(settings
        .domains
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}"))))
}

/// Sets the scope (space managers of a public space of ours). Followers
/// from domains no longer allowed stop being followers at once.
pub async fn set(
    db: &Db,
    access: &SpaceAccess,
    by: &Account,
    settings: SpaceFederation,
) -> AppResult<SpaceFederation> {
    access.require(Action::Manage)?;
    if access.space.domain.is_some() || access.space.visibility != super::Visibility::Public {
        return Err(AppError::invalid(
            "only public spaces of this instance federate",
        ));
    }
    if settings.domains.len() > 500 {
        return Err(AppError::invalid("domains: at most 500"));
    }
    let mut domains = settings
        .domains
        .iter()
        .map(|d| {
            normalize_host(d)
                .ok_or_else(|| AppError::invalid(format!("domains: \"{d}\" is not a domain name")))
        })
        .collect::<AppResult<Vec<_>>>()?;
    domains.sort();
    domains.dedup();
    let space_id = access.space.id;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE spaces SET federation_scope = $1, remote_posting = $2 WHERE id = $3")
        .bind(settings.scope)
        .bind(settings.posting)
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM space_federation_domains WHERE space_id = $1")
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
    for domain in &domains {
        sqlx::query("INSERT INTO space_federation_domains (space_id, domain) VALUES ($1, $2)")
            .bind(space_id)
            .bind(domain)
            .execute(&mut *tx)
            .await?;
    }
    audit(
        &mut tx,
        &by.username,
        "space.federation",
        &access.space.slug,
        &format!(
            "{}: {}; posting: {}",
            settings.scope,
            domains.join(", "),
            settings.posting
        ),
    )
    .await?;
    tx.commit().await?;
    if settings.scope == Scope::Listed {
        let followers: Vec<(i64, String)> = sqlx::query_as(
            "SELECT a.id, a.domain FROM space_followers f JOIN accounts a ON a.id = f.account_id \
             WHERE f.space_id = $1",
        )
        .bind(space_id)
        .fetch_all(&db.read)
        .await?;
        for (account, domain) in followers {
            if !allows(db, space_id, &domain).await? {
                sqlx::query("DELETE FROM space_followers WHERE space_id = $1 AND account_id = $2")
                    .bind(space_id)
                    .bind(account)
                    .execute(db.writer())
                    .await?;
            }
        }
        let groups: Vec<(i64, String)> = sqlx::query_as(
            "SELECT s.id, s.domain FROM space_group_followers g JOIN spaces s ON s.id = g.group_id \
             WHERE g.space_id = $1 AND s.domain IS NOT NULL",
        )
        .bind(space_id)
        .fetch_all(&db.read)
        .await?;
        for (group, domain) in groups {
            if !allows(db, space_id, &domain).await? {
                sqlx::query(
                    "DELETE FROM space_group_followers WHERE space_id = $1 AND group_id = $2",
                )
                .bind(space_id)
                .bind(group)
                .execute(db.writer())
                .await?;
            }
        }
    }
    get(db, space_id).await
}

/// Stores a remote follower and answers their `Follow` with an `Accept`.
pub async fn accept_follower(
    tx: &mut Tx,
    space_id: i64,
    account_id: i64,
    follow: Value,
) -> AppResult<()> {
    let follow_id = follow
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    sqlx::query(
        "INSERT INTO space_followers (space_id, account_id, follow_id, created_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (space_id, account_id) DO UPDATE SET follow_id = $3",
    )
    .bind(space_id)
    .bind(account_id)
    .bind(&follow_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    let answer = Change::FollowAnswered {
        space_id,
        account_id,
        follow,
        accept: true,
    };
    changes::record(tx, answer).await
}

/// Stores a remote group (our copy of it: `group_id`) as a follower of
/// the space, as a NodeBB category follows; federation answers it.
pub async fn accept_group_follower(
    tx: &mut Tx,
    space_id: i64,
    group_id: i64,
    follow_id: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO space_group_followers (space_id, group_id, follow_id, created_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (space_id, group_id) DO UPDATE SET follow_id = $3",
    )
    .bind(space_id)
    .bind(group_id)
    .bind(follow_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A remote group stops following a space of ours: found by its follow's
/// id or by the space it names. Whether it was a follower.
pub async fn remove_group_follower(
    db: &Db,
    group_id: i64,
    follow_id: &str,
    space_slug: Option<&str>,
) -> AppResult<bool> {
    let removed = sqlx::query(
        "DELETE FROM space_group_followers WHERE group_id = $1 AND (follow_id = $2 OR space_id IN \
         (SELECT id FROM spaces WHERE slug = $3 AND domain IS NULL))",
    )
    .bind(group_id)
    .bind(follow_id)
    .bind(space_slug.unwrap_or_default())
    .execute(db.writer())
    .await?;
    Ok(removed.rows_affected() > 0)
}

/// A follow from a limited domain: kept until a space manager decides.
pub async fn request_follow(
    tx: &mut Tx,
    space_id: i64,
    account_id: i64,
    follow: &Value,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO space_follow_requests (space_id, account_id, follow, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (space_id, account_id) DO UPDATE SET follow = $3",
    )
    .bind(space_id)
    .bind(account_id)
    .bind(follow.to_string())
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    let news = crate::notifications::New::of(crate::notifications::Kind::JoinRequested)
        .actor(account_id)
        .space(space_id)
        .param("remote", true);
    super::members::tell_managers(tx, space_id, &news).await
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct FollowRequestView {
    pub id: i64,
    /// `name@domain`.
    pub account: String,
    #[serde(skip)]
    pub created: i64,
    #[sqlx(skip)]
    pub created_at: String,
}

pub async fn follow_requests(db: &Db, access: &SpaceAccess) -> AppResult<Vec<FollowRequestView>> {
    access.require(Action::Manage)?;
    let rows: Vec<FollowRequestView> = sqlx::query_as(
        "SELECT r.id, a.username || '@' || a.domain AS account, r.created_at AS created \
         FROM space_follow_requests r JOIN accounts a ON a.id = r.account_id \
         WHERE r.space_id = $1 ORDER BY r.id",
    )
    .bind(access.space.id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|mut r| {
            r.created_at = format_time(r.created);
            r
        })
        .collect())
}

/// Approves (`Accept`) or refuses (`Reject`) a waiting follow.
pub async fn decide_follow(
    db: &Db,
    changes: &Changes,
    access: &SpaceAccess,
    request_id: i64,
    approve: bool,
) -> AppResult<()> {
    access.require(Action::Manage)?;
    let mut tx = db.begin().await?;
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT account_id, follow FROM space_follow_requests WHERE id = $1 AND space_id = $2",
    )
    .bind(request_id)
    .bind(access.space.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (account, follow) = row.ok_or(AppError::NotFound("follow request"))?;
    sqlx::query("DELETE FROM space_follow_requests WHERE id = $1")
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    let follow: Value = serde_json::from_str(&follow).map_err(|e| AppError::Internal(e.into()))?;
    if approve {
        accept_follower(&mut tx, access.space.id, account, follow).await?;
    } else {
        let answer = Change::FollowAnswered {
            space_id: access.space.id,
            account_id: account,
            follow,
            accept: false,
        };
        changes::record(&mut tx, answer).await?;
    }
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// Someone elsewhere stops following a space of ours (their
/// `Undo(Follow)`): found by the follow's id or, for servers that build a
/// new `Follow` to undo, by the space it names (`space_slug`). Whether
/// they were a follower.
pub async fn remove_follower(
    db: &Db,
    account_id: i64,
    follow_id: &str,
    space_slug: Option<&str>,
) -> AppResult<bool> {
    let removed = sqlx::query(
        "DELETE FROM space_followers WHERE account_id = $1 AND (follow_id = $2 OR space_id IN \
         (SELECT id FROM spaces WHERE slug = $3 AND domain IS NULL))",
    )
    .bind(account_id)
    .bind(follow_id)
    .bind(space_slug.unwrap_or_default())
    .execute(db.writer())
    .await?;
    Ok(removed.rows_affected() > 0)
}

/// Someone elsewhere is gone (their account deleted): they follow nothing.
pub async fn forget_follower(tx: &mut Tx, account_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM space_followers WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether `account_id` (someone elsewhere) follows our space `space_id`.
pub async fn is_follower(db: &Db, space_id: i64, account_id: i64) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT account_id FROM space_followers WHERE space_id = $1 AND account_id = $2",
    )
    .bind(space_id)
    .bind(account_id)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.is_some())
}

/// How many remote actors (people and groups) follow the space.
pub async fn follower_count(db: &Db, space_id: i64) -> AppResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM space_followers WHERE space_id = $1) \
              + (SELECT COUNT(*) FROM space_group_followers WHERE space_id = $1)",
    )
    .bind(space_id)
    .fetch_one(&db.read)
    .await?;
    Ok(n)
}

/// One page of the space's followers: their ids elsewhere, the oldest
/// follow first.
pub async fn follower_ids(
    db: &Db,
    space_id: i64,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT ap_id FROM ( \
           SELECT a.ap_id, f.created_at, a.id FROM space_followers f \
             JOIN accounts a ON a.id = f.account_id \
           WHERE f.space_id = $1 AND a.ap_id IS NOT NULL \
           UNION ALL \
           SELECT s.ap_id, g.created_at, -s.id FROM space_group_followers g \
             JOIN spaces s ON s.id = g.group_id \
           WHERE g.space_id = $1 AND s.ap_id IS NOT NULL \
         ) followers ORDER BY created_at, id LIMIT $2 + 0 OFFSET $3 + 0",
    )
    .bind(space_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Each follower's shared inbox if it has one, else its own; each once.
pub async fn follower_inboxes<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    space_id: i64,
) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT COALESCE(a.shared_inbox_url, a.inbox_url) FROM space_followers f \
         JOIN accounts a ON a.id = f.account_id \
         WHERE f.space_id = $1 AND a.inbox_url IS NOT NULL \
         UNION \
         SELECT COALESCE(s.shared_inbox_url, s.inbox_url) FROM space_group_followers g \
         JOIN spaces s ON s.id = g.group_id \
         WHERE g.space_id = $1 AND s.inbox_url IS NOT NULL",
    )
    .bind(space_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(inbox,)| inbox).collect())
}

/// The inboxes of the groups (forum categories) that follow `space_id`,
/// each once.
pub async fn group_follower_inboxes<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    space_id: i64,
) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT COALESCE(s.shared_inbox_url, s.inbox_url) FROM space_group_followers g \
         JOIN spaces s ON s.id = g.group_id \
         WHERE g.space_id = $1 AND s.inbox_url IS NOT NULL",
    )
    .bind(space_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(inbox,)| inbox).collect())
}

/// The inboxes of the instances that heard of a member through their
/// spaces: the followers of the public spaces of ours they belong to, and
/// the remote spaces they take part in.
pub async fn member_audience(db: &Db, account_id: i64) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT COALESCE(a.shared_inbox_url, a.inbox_url) FROM memberships m \
           JOIN spaces s ON s.id = m.space_id AND s.domain IS NULL AND s.visibility = 'public' \
           JOIN space_followers f ON f.space_id = s.id \
           JOIN accounts a ON a.id = f.account_id \
         WHERE m.account_id = $1 AND a.inbox_url IS NOT NULL \
         UNION \
         SELECT COALESCE(s.shared_inbox_url, s.inbox_url) FROM memberships m \
           JOIN spaces s ON s.id = m.space_id \
         WHERE m.account_id = $1 AND s.domain IS NOT NULL AND s.inbox_url IS NOT NULL",
    )
    .bind(account_id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(inbox,)| inbox).collect())
}
