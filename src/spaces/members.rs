//! Membership of spaces: joining, requests, invitations, roles, leaving.

use serde::Serialize;

use super::{Action, SpaceAccess, SpaceRole, lock};
use crate::accounts::{self, Account};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::notifications::{self, Kind, New};

pub(crate) async fn insert(
    tx: &mut Tx,
    space_id: i64,
    account_id: i64,
    role: SpaceRole,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO memberships (space_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(space_id)
    .bind(account_id)
    .bind(role)
    .bind(db::now())
    .execute(&mut **tx)
    .await
    .map_err(|e| {
        if db::is_unique_violation(&e) {
            AppError::conflict("already a member of this space")
        } else {
            e.into()
        }
    })?;
    // A new member no longer needs a pending request or invitation.
    sqlx::query("DELETE FROM space_join_requests WHERE space_id = $1 AND account_id = $2")
        .bind(space_id)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM space_invitations WHERE space_id = $1 AND account_id = $2")
        .bind(space_id)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Tells the space's managers (of this instance) of something waiting
/// for them, such as a request to join.
pub(crate) async fn tell_managers(tx: &mut Tx, space_id: i64, news: &New) -> AppResult<()> {
    let managers: Vec<(i64,)> = sqlx::query_as(
        "SELECT account_id FROM memberships WHERE space_id = $1 AND role = 'space_manager'",
    )
    .bind(space_id)
    .fetch_all(&mut **tx)
    .await?;
    for (manager,) in managers {
        notifications::notify(tx, manager, news).await?;
    }
    Ok(())
}

/// The answer to a member's follow of a remote space (its `Accept` or
/// `Reject`), told to them like the answer to a join request.
pub async fn follow_answered(
    tx: &mut Tx,
    space_id: i64,
    account_id: i64,
    accepted: bool,
) -> AppResult<()> {
    let kind = if accepted {
        Kind::JoinApproved
    } else {
        Kind::JoinRefused
    };
    notifications::notify(tx, account_id, &New::of(kind).space(space_id)).await
}

/// A member's accepted follow of a remote space: they take part in it as a
/// contributor (their posts go to its group; feeds include it).
pub(crate) async fn insert_follower(tx: &mut Tx, space_id: i64, account_id: i64) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO memberships (space_id, account_id, role, joined_at) \
         VALUES ($1, $2, 'contributor', $3) ON CONFLICT (space_id, account_id) DO NOTHING",
    )
    .bind(space_id)
    .bind(account_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum JoinOutcome {
    /// The caller is a member (now or already).
    Member { role: SpaceRole },
    /// Recorded if the space exists and takes requests; the space's managers
    /// decide. This answer is the same for a space that does not exist, so it
    /// reveals nothing about private spaces.
    Requested,
}

/// Joins a public space, or asks to join a private one.
pub async fn join(
    db: &Db,
    reference: &str,
    account: &Account,
    message: &str,
) -> AppResult<JoinOutcome> {
    accounts::bounded("message", message, 1000)?;
    if let Ok(access) = super::find_visible(db, reference, Some(account)).await {
        if let Some(role) = access.role {
            return Ok(JoinOutcome::Member { role });
        }
        // Visible without membership: a public space, open to all.
        let space = access.space;
        if crate::moderation::is_banned(db, space.id, account.id).await? {
            return Err(AppError::forbidden("you are banned from this space"));
        }
        if let Some(domain) = &space.domain {
            return Err(AppError::conflict(format!(
                "this space lives on {domain}: follow it (POST /api/v1/follows) instead"
            )));
        }
        let mut tx = db.begin().await?;
        insert(&mut tx, space.id, account.id, space.default_role).await?;
        tx.commit().await?;
        return Ok(JoinOutcome::Member {
            role: space.default_role,
        });
    }
    // Invisible: missing, or private and the caller is not a member. Record
    // a request only where one is allowed, and answer the same either way.
    // Private slugs may repeat, so only an id names one private space.
    if let Ok(space_id) = reference.parse::<i64>() {
        let mut tx = db.begin().await?;
        let asked = sqlx::query(
            "INSERT INTO space_join_requests (space_id, account_id, message, created_at) \
             SELECT id, $1, $2, $3 FROM spaces \
             WHERE id = $4 AND visibility = 'private' AND join_policy = 'request' \
             ON CONFLICT (space_id, account_id) DO NOTHING",
        )
        .bind(account.id)
        .bind(message.trim())
        .bind(db::now())
        .bind(space_id)
        .execute(&mut *tx)
        .await?;
        if asked.rows_affected() > 0 {
            let news = New::of(Kind::JoinRequested)
                .actor(account.id)
                .space(space_id);
            tell_managers(&mut tx, space_id, &news).await?;
        }
        tx.commit().await?;
    }
    Ok(JoinOutcome::Requested)
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct JoinRequestView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub message: String,
    #[serde(skip)]
    pub created: i64,
    #[sqlx(skip)]
    pub created_at: String,
}

pub async fn join_requests(db: &Db, access: &SpaceAccess) -> AppResult<Vec<JoinRequestView>> {
    access.require(Action::Manage)?;
    let mut rows: Vec<JoinRequestView> = sqlx::query_as(
        "SELECT r.id, a.username, a.display_name, r.message, r.created_at AS created \
         FROM space_join_requests r JOIN accounts a ON a.id = r.account_id \
         WHERE r.space_id = $1 ORDER BY r.id",
    )
    .bind(access.space.id)
    .fetch_all(&db.read)
    .await?;
    for row in &mut rows {
        row.created_at = format_time(row.created);
    }
    Ok(rows)
}

/// Approves a join request, giving `role` or the space's default role.
pub async fn approve_request(
    db: &Db,
    access: &SpaceAccess,
    request_id: i64,
    role: Option<SpaceRole>,
) -> AppResult<MemberView> {
    access.require(Action::Manage)?;
    let mut tx = db.begin().await?;
    let account_id: Option<(i64,)> = sqlx::query_as(
        "SELECT account_id FROM space_join_requests WHERE id = $1 AND space_id = $2",
    )
    .bind(request_id)
    .bind(access.space.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (account_id,) = account_id.ok_or(AppError::NotFound("join request"))?;
    insert(
        &mut tx,
        access.space.id,
        account_id,
        role.unwrap_or(access.space.default_role),
    )
    .await?;
    let news = New::of(Kind::JoinApproved).space(access.space.id);
    notifications::notify(&mut tx, account_id, &news).await?;
    tx.commit().await?;
    member(db, access.space.id, account_id).await
}

pub async fn reject_request(db: &Db, access: &SpaceAccess, request_id: i64) -> AppResult<()> {
    access.require(Action::Manage)?;
    let mut tx = db.begin().await?;
    let refused: Option<(i64,)> = sqlx::query_as(
        "DELETE FROM space_join_requests WHERE id = $1 AND space_id = $2 RETURNING account_id",
    )
    .bind(request_id)
    .bind(access.space.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (account_id,) = refused.ok_or(AppError::NotFound("join request"))?;
    let news = New::of(Kind::JoinRefused).space(access.space.id);
    notifications::notify(&mut tx, account_id, &news).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SpaceInvitationView {
    pub id: i64,
    pub space_slug: String,
    pub space_title: String,
    pub role: SpaceRole,
    pub invited_by: Option<String>,
    pub created_at: String,
}

/// A space manager invites a local member, who then accepts or declines;
/// the member is told by email, in their language, queued in the same
/// transaction as the invitation.
pub async fn invite(
    db: &Db,
    access: &SpaceAccess,
    inviter: &Account,
    username: &str,
    role: Option<SpaceRole>,
) -> AppResult<SpaceInvitationView> {
    access.require(Action::Manage)?;
    let invitee = accounts::find_by_username(db, username)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    let role = role.unwrap_or(access.space.default_role);
    let mut tx = db.begin().await?;
    let existing: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM memberships WHERE space_id = $1 AND account_id = $2")
            .bind(access.space.id)
            .bind(invitee.id)
            .fetch_optional(&mut *tx)
            .await?;
    if existing.is_some() {
        return Err(AppError::conflict(format!(
            "{} is already a member",
            invitee.username
        )));
    }
    let now = db::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO space_invitations (space_id, account_id, role, invited_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (space_id, account_id) DO UPDATE SET role = excluded.role \
         RETURNING id",
    )
    .bind(access.space.id)
    .bind(invitee.id)
    .bind(role)
    .bind(inviter.id)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let news = New::of(Kind::SpaceInvitation)
        .actor(inviter.id)
        .space(access.space.id)
        .param("role", role.to_string());
    notifications::notify(&mut tx, invitee.id, &news).await?;
    tx.commit().await?;
    Ok(SpaceInvitationView {
        id,
        space_slug: access.space.slug.clone(),
        space_title: access.space.title.clone(),
        role,
        invited_by: Some(inviter.username.clone()),
        created_at: format_time(now),
    })
}

/// The invitations waiting for this member's answer.
pub async fn my_invitations(db: &Db, account: &Account) -> AppResult<Vec<SpaceInvitationView>> {
    let rows: Vec<(i64, String, String, SpaceRole, Option<String>, i64)> = sqlx::query_as(
        "SELECT i.id, s.slug, s.title, i.role, a.username, i.created_at \
         FROM space_invitations i JOIN spaces s ON s.id = i.space_id \
         LEFT JOIN accounts a ON a.id = i.invited_by \
         WHERE i.account_id = $1 ORDER BY i.id",
    )
    .bind(account.id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, space_slug, space_title, role, invited_by, created)| SpaceInvitationView {
                id,
                space_slug,
                space_title,
                role,
                invited_by,
                created_at: format_time(created),
            },
        )
        .collect())
}

pub async fn answer_invitation(
    db: &Db,
    account: &Account,
    invitation_id: i64,
    accept: bool,
) -> AppResult<Option<String>> {
    let mut tx = db.begin().await?;
    let row: Option<(i64, SpaceRole)> = sqlx::query_as(
        "SELECT space_id, role FROM space_invitations WHERE id = $1 AND account_id = $2",
    )
    .bind(invitation_id)
    .bind(account.id)
    .fetch_optional(&mut *tx)
    .await?;
    let (space_id, role) = row.ok_or(AppError::NotFound("invitation"))?;
    if accept {
        insert(&mut tx, space_id, account.id, role).await?;
    } else {
        sqlx::query("DELETE FROM space_invitations WHERE id = $1")
            .bind(invitation_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    if !accept {
        return Ok(None);
    }
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM spaces WHERE id = $1")
        .bind(space_id)
        .fetch_one(&db.read)
        .await?;
    Ok(Some(slug))
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct MemberView {
    pub username: String,
    pub display_name: String,
    pub organisation: String,
    pub role: SpaceRole,
    #[serde(skip)]
    pub joined: i64,
    #[sqlx(skip)]
    pub joined_at: String,
}

async fn member(db: &Db, space_id: i64, account_id: i64) -> AppResult<MemberView> {
    let mut row: MemberView = sqlx::query_as(
        "SELECT a.username, a.display_name, a.organisation, m.role, m.joined_at AS joined \
         FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.space_id = $1 AND m.account_id = $2",
    )
    .bind(space_id)
    .bind(account_id)
    .fetch_optional(&db.read)
    .await?
    .ok_or(AppError::NotFound("member"))?;
    row.joined_at = format_time(row.joined);
    Ok(row)
}

/// The member list. Members of a private space see it; for a public space,
/// any signed-in member of the instance does.
pub async fn list(
    db: &Db,
    access: &SpaceAccess,
    viewer: Option<&Account>,
) -> AppResult<Vec<MemberView>> {
    let Some(viewer) = viewer else {
        return Err(AppError::Unauthorized(
            "sign in to see who belongs to a space".into(),
        ));
    };
    // Everyone who sees a list is a member of this instance; a member who
    // shows their profile to nobody keeps their organisation to themself
    // (and the admins).
    let mut rows: Vec<MemberView> = sqlx::query_as(
        "SELECT a.username, a.display_name, \
                CASE WHEN a.profile_visibility = 'nobody' AND a.id <> $2 AND $3 = 0 THEN '' \
                     ELSE a.organisation END AS organisation, \
                m.role, m.joined_at AS joined \
         FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.space_id = $1 ORDER BY m.joined_at, a.username",
    )
    .bind(access.space.id)
    .bind(viewer.id)
    .bind(i64::from(viewer.role == accounts::InstanceRole::Admin))
    .fetch_all(&db.read)
    .await?;
    for row in &mut rows {
        row.joined_at = format_time(row.joined);
    }
    Ok(rows)
}

async fn target_role(tx: &mut Tx, space_id: i64, username: &str) -> AppResult<(i64, SpaceRole)> {
    let row: Option<(i64, SpaceRole)> = sqlx::query_as(
        "SELECT a.id, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.space_id = $1 AND a.username = $2",
    )
    .bind(space_id)
    .bind(username.trim().to_ascii_lowercase())
    .fetch_optional(&mut **tx)
    .await?;
    row.ok_or(AppError::NotFound("member"))
}

/// Fails if taking `account_id`'s manager role away would leave the space
/// without a space manager.
async fn keep_a_manager(tx: &mut Tx, space_id: i64, role: SpaceRole) -> AppResult<()> {
    if role != SpaceRole::SpaceManager {
        return Ok(());
    }
    let (managers,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM memberships WHERE space_id = $1 AND role = 'space_manager'",
    )
    .bind(space_id)
    .fetch_one(&mut **tx)
    .await?;
    if managers <= 1 {
        return Err(AppError::conflict(
            "this is the space's last space manager; make another member space manager first",
        ));
    }
    Ok(())
}

pub async fn change_role(
    db: &Db,
    access: &SpaceAccess,
    username: &str,
    role: SpaceRole,
) -> AppResult<MemberView> {
    access.require(Action::Manage)?;
    let mut tx = db.begin().await?;
    lock(&mut tx, access.space.id).await?;
    let (account_id, old) = target_role(&mut tx, access.space.id, username).await?;
    if role != old {
        keep_a_manager(&mut tx, access.space.id, old).await?;
        sqlx::query("UPDATE memberships SET role = $1 WHERE space_id = $2 AND account_id = $3")
            .bind(role)
            .bind(access.space.id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    member(db, access.space.id, account_id).await
}

/// Removes a member: a space manager removing someone, or anyone leaving.
pub async fn remove(db: &Db, access: &SpaceAccess, by: &Account, username: &str) -> AppResult<()> {
    let leaving = by.username == username.trim().to_ascii_lowercase();
    if !leaving {
        access.require(Action::Manage)?;
    } else if access.role.is_none() {
        return Err(AppError::NotFound("member"));
    }
    let mut tx = db.begin().await?;
    lock(&mut tx, access.space.id).await?;
    let (account_id, _) = target_role(&mut tx, access.space.id, username).await?;
    take_out(&mut tx, access.space.id, account_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes `account_id` out of `space_id`, whoever asks (leaving, removal, a
/// ban, an unfollow, a refused follow): the one place memberships end, so
/// the last-manager rule holds for all of them. Locks the space; says
/// whether they were a member.
pub(crate) async fn take_out(tx: &mut Tx, space_id: i64, account_id: i64) -> AppResult<bool> {
    lock(tx, space_id).await?;
    let role: Option<(SpaceRole,)> =
        sqlx::query_as("SELECT role FROM memberships WHERE space_id = $1 AND account_id = $2")
            .bind(space_id)
            .bind(account_id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((role,)) = role else {
        return Ok(false);
    };
    keep_a_manager(tx, space_id, role).await?;
    sqlx::query("DELETE FROM memberships WHERE space_id = $1 AND account_id = $2")
        .bind(space_id)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// The spaces of this instance where `account_id` is the only space
/// manager, as `(slug, title)`: they must hand over before leaving for good.
pub async fn sole_manager_of(db: &Db, account_id: i64) -> AppResult<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT s.slug, s.title FROM memberships m JOIN spaces s ON s.id = m.space_id \
         WHERE m.account_id = $1 AND m.role = 'space_manager' AND s.domain IS NULL \
           AND NOT EXISTS (SELECT 1 FROM memberships o WHERE o.space_id = m.space_id \
                           AND o.role = 'space_manager' AND o.account_id <> $1) \
         ORDER BY s.slug",
    )
    .bind(account_id)
    .fetch_all(&db.read)
    .await?)
}

/// Takes a closing account out of every space, its pending requests and
/// invitations with it. The last-manager rule holds: each space is locked
/// and checked, and the whole transaction fails if one would be left
/// without a manager.
pub(crate) async fn leave_all(tx: &mut Tx, account_id: i64) -> AppResult<()> {
    let spaces: Vec<(i64,)> =
        sqlx::query_as("SELECT space_id FROM memberships WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(&mut **tx)
            .await?;
    for (space_id,) in spaces {
        take_out(tx, space_id, account_id).await?;
    }
    for table in ["space_join_requests", "space_invitations"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE account_id = $1"
        )))
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
