//! Registrations: who takes part, by the event's join mode, capacity and
//! waiting list, from this instance or (by `Join`/`Leave`) from others.

use serde::Serialize;

use super::{
    Event, EventStatus, JoinMode, ParticipantState, find_visible, going, guests, lock, news,
    require_organiser,
};
use crate::accounts::Account;
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::notifications::{self, Kind, New};
use crate::spaces;

/// What a new registration comes to by the event's join mode, capacity
/// and waiting list: the one rule for members, remote people and guests.
pub(super) async fn admission(
    tx: &mut Tx,
    event: &Event,
    invited: bool,
) -> AppResult<ParticipantState> {
    if event.status == EventStatus::Cancelled {
        return Err(AppError::conflict("this event is cancelled"));
    }
    let full = match event.capacity {
        Some(capacity) => going(tx, event.id).await? >= capacity,
        None => false,
    };
    Ok(match (event.join_mode, invited) {
        (JoinMode::Invite, false) => {
            return Err(AppError::forbidden(
                "this event is by invitation: ask its organiser",
            ));
        }
        (JoinMode::Restricted, false) => ParticipantState::Pending,
        _ if full && event.waitlist != 0 => ParticipantState::Waiting,
        _ if full => ParticipantState::Rejected,
        _ => ParticipantState::Going,
    })
}

/// What a registration comes to, by the event's rules.
async fn admit(
    tx: &mut Tx,
    event: &Event,
    account_id: i64,
    join_id: Option<&str>,
    invited: bool,
) -> AppResult<ParticipantState> {
    if event.status == EventStatus::Cancelled {
        return Err(AppError::conflict("this event is cancelled"));
    }
    let existing: Option<(ParticipantState,)> = sqlx::query_as(
        "SELECT state FROM event_participants WHERE event_id = $1 AND account_id = $2",
    )
    .bind(event.id)
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((state,)) = existing
        && state != ParticipantState::Rejected
    {
        return Ok(state);
    }
    let state = admission(tx, event, invited).await?;
    sqlx::query(
        "INSERT INTO event_participants (event_id, account_id, state, join_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (event_id, account_id) DO UPDATE SET state = $3, join_id = $4",
    )
    .bind(event.id)
    .bind(account_id)
    .bind(state)
    .bind(join_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    if !invited {
        news::tell_organiser(
            tx,
            event,
            account_id,
            news::OrganiserNews::Registered(state),
        )
        .await?;
    }
    Ok(state)
}

/// A member of this instance registers. For an event of another instance
/// this sends a `Join` and waits for its answer (`pending` until then).
pub async fn register(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    member: &Account,
) -> AppResult<ParticipantState> {
    let (event, access) = find_visible(db, event_id, Some(member)).await?;
    if access.space.visibility == spaces::Visibility::Private && access.role.is_none() {
        return Err(AppError::NotFound("event"));
    }
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    let state = if event.ap_id.is_some() {
        if event.status == EventStatus::Cancelled {
            return Err(AppError::conflict("this event is cancelled"));
        }
        let join_id = changes.urls.new_activity("join");
        sqlx::query(
            "INSERT INTO event_participants (event_id, account_id, state, join_id, created_at) \
             VALUES ($1, $2, 'pending', $3, $4) \
             ON CONFLICT (event_id, account_id) DO UPDATE SET state = 'pending', join_id = $3",
        )
        .bind(event.id)
        .bind(member.id)
        .bind(&join_id)
        .bind(db::now())
        .execute(&mut *tx)
        .await?;
        changes::record(
            &mut tx,
            Change::EventJoined {
                event_id: event.id,
                account_id: member.id,
                join_id: join_id.clone(),
                leave: false,
            },
        )
        .await?;
        ParticipantState::Pending
    } else {
        admit(&mut tx, &event, member.id, None, false).await?
    };
    tx.commit().await?;
    changes.committed();
    Ok(state)
}

/// A member unregisters; the first on the waiting list moves up.
pub async fn unregister(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    member: &Account,
) -> AppResult<()> {
    let (event, _) = find_visible(db, event_id, Some(member)).await?;
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    let removed: Option<(Option<String>,)> = sqlx::query_as(
        "DELETE FROM event_participants WHERE event_id = $1 AND account_id = $2 RETURNING join_id",
    )
    .bind(event.id)
    .bind(member.id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((join_id,)) = removed else {
        return Err(AppError::NotFound("registration"));
    };
    news::tell_organiser(&mut tx, &event, member.id, news::OrganiserNews::Left).await?;
    if event.ap_id.is_some() {
        if let Some(join_id) = join_id {
            changes::record(
                &mut tx,
                Change::EventJoined {
                    event_id: event.id,
                    account_id: member.id,
                    join_id: join_id.clone(),
                    leave: true,
                },
            )
            .await?;
        }
    } else {
        promote_waiting(&mut tx, event.id).await?;
    }
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// Someone leaves (locally or by `Leave`): free places go to the waiting list.
async fn leave(tx: &mut Tx, event_id: i64, account_id: i64) -> AppResult<bool> {
    let removed =
        sqlx::query("DELETE FROM event_participants WHERE event_id = $1 AND account_id = $2")
            .bind(event_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
    if removed.rows_affected() > 0 {
        let event = lock(tx, event_id).await?;
        news::tell_organiser(tx, &event, account_id, news::OrganiserNews::Left).await?;
    }
    promote_waiting(tx, event_id).await?;
    Ok(removed.rows_affected() > 0)
}

/// Moves people from the waiting list while there are places; remote ones
/// get their `Accept` now.
pub(super) async fn promote_waiting(tx: &mut Tx, event_id: i64) -> AppResult<()> {
    let event = lock(tx, event_id).await?;
    if event.ap_id.is_some() || event.status == EventStatus::Cancelled {
        return Ok(());
    }
    loop {
        if let Some(capacity) = event.capacity
            && going(tx, event_id).await? >= capacity
        {
            return Ok(());
        }
        let next: Option<(i64, i64)> = sqlx::query_as(
            "SELECT account_id, created_at FROM event_participants \
             WHERE event_id = $1 AND state = 'waiting' ORDER BY created_at, account_id LIMIT 1",
        )
        .bind(event_id)
        .fetch_optional(&mut **tx)
        .await?;
        // Members and guests wait in one line, in the order they joined it.
        let guest = guests::next_waiting(tx, event_id).await?;
        let account = match (next, guest) {
            (None, None) => return Ok(()),
            (Some((account, since)), Some((_, guest_since))) if since <= guest_since => account,
            (Some((account, _)), None) => account,
            (_, Some((guest, _))) => {
                guests::move_up(tx, &event, guest).await?;
                continue;
            }
        };
        set_state(tx, &event, account, ParticipantState::Going).await?;
        let accepted = New::of(Kind::EventAccepted)
            .space(event.space_id)
            .event(event_id)
            .param("freed", true);
        notifications::notify(tx, account, &accepted).await?;
        news::tell_organiser(tx, &event, account, news::OrganiserNews::MovedUp).await?;
    }
}

/// Sets a participant's state, answering a remote participant's `Join`.
async fn set_state(
    tx: &mut Tx,
    event: &Event,
    account_id: i64,
    state: ParticipantState,
) -> AppResult<()> {
    let join: Option<(Option<String>,)> = sqlx::query_as(
        "UPDATE event_participants SET state = $1 WHERE event_id = $2 AND account_id = $3 \
         RETURNING join_id",
    )
    .bind(state)
    .bind(event.id)
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((Some(join_id),)) = join {
        let accept = match state {
            ParticipantState::Going => Some(true),
            ParticipantState::Rejected => Some(false),
            _ => None,
        };
        if let Some(accept) = accept {
            let answer = Change::JoinAnswered {
                event_id: event.id,
                account_id,
                join_id,
                accept,
            };
            changes::record(tx, answer).await?;
            if accept {
                let has_link = event.online_url.is_some();
                super::link::send_to_remote(tx, event, Some(account_id), has_link).await?;
            }
        }
    }
    Ok(())
}

/// The organiser approves or turns down a registration, or adds someone
/// to an invitation-only event.
pub async fn decide(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    who: &Account,
    handle: &str,
    approve: bool,
) -> AppResult<ParticipantState> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    let account = crate::accounts::find_id_by_handle(db, handle).await?;
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    let state = if approve {
        let current: Option<(ParticipantState,)> = sqlx::query_as(
            "SELECT state FROM event_participants WHERE event_id = $1 AND account_id = $2",
        )
        .bind(event.id)
        .bind(account)
        .fetch_optional(&mut *tx)
        .await?;
        let full = match event.capacity {
            Some(capacity) => going(&mut tx, event.id).await? >= capacity,
            None => false,
        };
        let state = if full && event.waitlist != 0 {
            ParticipantState::Waiting
        } else if full {
            return Err(AppError::conflict("the event is full"));
        } else {
            ParticipantState::Going
        };
        if current.is_none() {
            admit(&mut tx, &event, account, None, true).await?;
        }
        set_state(&mut tx, &event, account, state).await?;
        let news = New::of(Kind::EventAccepted)
            .actor(who.id)
            .space(event.space_id)
            .event(event.id)
            .param("state", state.to_string());
        notifications::notify(&mut tx, account, &news).await?;
        state
    } else {
        set_state(&mut tx, &event, account, ParticipantState::Rejected).await?;
        let news = New::of(Kind::EventRejected)
            .actor(who.id)
            .space(event.space_id)
            .event(event.id);
        notifications::notify(&mut tx, account, &news).await?;
        ParticipantState::Rejected
    };
    tx.commit().await?;
    changes.committed();
    Ok(state)
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct ParticipantView {
    /// `name` or `name@domain`.
    pub account: String,
    pub state: ParticipantState,
}

/// The participant list, for the organiser and the space's content managers.
pub async fn participants(
    db: &Db,
    event_id: i64,
    who: &Account,
) -> AppResult<Vec<ParticipantView>> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    Ok(sqlx::query_as(
        "SELECT CASE WHEN a.domain IS NULL THEN a.username ELSE a.username || '@' || a.domain END \
                AS account, p.state \
         FROM event_participants p JOIN accounts a ON a.id = p.account_id \
         WHERE p.event_id = $1 ORDER BY p.created_at, a.id",
    )
    .bind(event.id)
    .fetch_all(&db.read)
    .await?)
}

/// The answer to one of our members' `Join`s of an event elsewhere.
pub async fn join_answered(
    db: &Db,
    join_id: &str,
    from_space: i64,
    accepted: bool,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let state = if accepted {
        ParticipantState::Going
    } else {
        ParticipantState::Rejected
    };
    let row: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE event_participants SET state = $1 WHERE join_id = $2 \
         AND event_id IN (SELECT id FROM events WHERE space_id = $3) \
         RETURNING event_id, account_id",
    )
    .bind(state)
    .bind(join_id)
    .bind(from_space)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((event_id, account_id)) = row else {
        return Ok(false);
    };
    let (space_id,): (i64,) = sqlx::query_as("SELECT space_id FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_one(&mut *tx)
        .await?;
    let kind = if accepted {
        Kind::EventAccepted
    } else {
        Kind::EventRejected
    };
    let news = New::of(kind).space(space_id).event(event_id);
    notifications::notify(&mut tx, account_id, &news).await?;
    tx.commit().await?;
    Ok(true)
}

/// A remote participant's `Join` of an event of ours: the answer to send,
/// if any yet (`Accept` or `Reject`).
pub async fn remote_join(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    account_id: i64,
    join_id: &str,
) -> AppResult<ParticipantState> {
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event_id).await?;
    if event.ap_id.is_some() {
        return Err(AppError::NotFound("object"));
    }
    let state = match admit(&mut tx, &event, account_id, Some(join_id), false).await {
        Ok(state) => state,
        // Cancelled, or by invitation: turned down.
        Err(AppError::Conflict(_) | AppError::Forbidden(_)) => {
            sqlx::query(
                "INSERT INTO event_participants (event_id, account_id, state, join_id, created_at) \
                 VALUES ($1, $2, 'rejected', $3, $4) \
                 ON CONFLICT (event_id, account_id) DO UPDATE SET state = 'rejected', join_id = $3",
            )
            .bind(event.id)
            .bind(account_id)
            .bind(join_id)
            .bind(db::now())
            .execute(&mut *tx)
            .await?;
            ParticipantState::Rejected
        }
        Err(other) => return Err(other),
    };
    if matches!(state, ParticipantState::Going | ParticipantState::Rejected) {
        let answer = Change::JoinAnswered {
            event_id: event.id,
            account_id,
            join_id: join_id.to_owned(),
            accept: state == ParticipantState::Going,
        };
        changes::record(&mut tx, answer).await?;
        if state == ParticipantState::Going {
            let has_link = event.online_url.is_some();
            super::link::send_to_remote(&mut tx, &event, Some(account_id), has_link).await?;
        }
    }
    // The participant count changed.
    changes::record(
        &mut tx,
        Change::Event {
            id: event.id,
            verb: Verb::Update,
        },
    )
    .await?;
    tx.commit().await?;
    changes.committed();
    Ok(state)
}

/// A remote participant leaves an event of ours.
pub async fn remote_leave(
    db: &Db,
    changes: &Changes,
    event_id: i64,
    account_id: i64,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let left = leave(&mut tx, event_id, account_id).await?;
    if left {
        changes::record(
            &mut tx,
            Change::Event {
                id: event_id,
                verb: Verb::Update,
            },
        )
        .await?;
    }
    tx.commit().await?;
    changes.committed();
    Ok(left)
}
