//! What an event's organisers do with its guests: list them, approve or
//! turn them down (events by approval), remove them. "Organisers" are
//! those `require_organiser` lets change the event.

use serde::Serialize;
use serde_json::json;

use super::super::{Event, find_visible, going, lock, require_organiser};
use super::{GuestState, emails, end};
use crate::accounts::Account;
use crate::db::{Db, format_time};
use crate::error::{AppError, AppResult};

/// A guest as the organisers see them.
#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct GuestView {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// `unconfirmed` (the address is not confirmed yet), `going`,
    /// `waiting`, `pending` (approval), `rejected` or `cancelled`.
    pub state: GuestState,
    /// When they confirmed their address (RFC 3339).
    pub confirmed_at: Option<String>,
}

async fn organised(db: &Db, event_id: i64, who: &Account) -> AppResult<Event> {
    let (event, access) = find_visible(db, event_id, Some(who)).await?;
    require_organiser(&event, &access, who)?;
    Ok(event)
}

/// Every guest of `event_id` but those who cancelled, in the order they
/// confirmed (unconfirmed last), for its organisers.
pub async fn list(db: &Db, event_id: i64, who: &Account) -> AppResult<Vec<GuestView>> {
    let event = organised(db, event_id, who).await?;
    let rows: Vec<(i64, String, String, GuestState, Option<i64>)> = sqlx::query_as(
        "SELECT id, name, email, state, confirmed_at FROM event_guests \
         WHERE event_id = $1 AND state <> 'cancelled' \
         ORDER BY CASE WHEN confirmed_at IS NULL THEN 1 ELSE 0 END, confirmed_at, id",
    )
    .bind(event.id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, state, confirmed_at)| GuestView {
            id,
            name,
            email,
            state,
            confirmed_at: confirmed_at.map(format_time),
        })
        .collect())
}

/// Guests who confirmed (not cancelled), as `(name, state)`, for the CSV.
pub async fn guest_rows(db: &Db, event_id: i64) -> AppResult<Vec<(String, GuestState)>> {
    Ok(sqlx::query_as(
        "SELECT name, state FROM event_guests WHERE event_id = $1 \
         AND state NOT IN ('unconfirmed', 'cancelled')",
    )
    .bind(event_id)
    .fetch_all(&db.read)
    .await?)
}

/// An organiser removes guest `guest_id`: emailed, and the waiting list
/// moves up. Not found for a guest of another event or already gone.
pub async fn remove(db: &Db, event_id: i64, who: &Account, guest_id: i64) -> AppResult<()> {
    let event = organised(db, event_id, who).await?;
    let mut tx = db.begin().await?;
    if !end(&mut tx, &event, guest_id, "removed").await? {
        return Err(AppError::NotFound("guest"));
    }
    tx.commit().await?;
    Ok(())
}

/// An organiser approves a guest waiting for approval (or on the waiting
/// list), or turns one down, as for members (`registration::decide`).
pub async fn decide(
    db: &Db,
    event_id: i64,
    who: &Account,
    guest_id: i64,
    approve: bool,
) -> AppResult<GuestState> {
    let event = organised(db, event_id, who).await?;
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    let current: Option<(GuestState,)> =
        sqlx::query_as("SELECT state FROM event_guests WHERE id = $1 AND event_id = $2")
            .bind(guest_id)
            .bind(event.id)
            .fetch_optional(&mut *tx)
            .await?;
    let current = match current {
        Some((state,)) if !matches!(state, GuestState::Unconfirmed | GuestState::Cancelled) => {
            state
        }
        _ => return Err(AppError::NotFound("guest")),
    };
    let state = if !approve {
        GuestState::Rejected
    } else if current == GuestState::Going {
        GuestState::Going
    } else {
        let full = match event.capacity {
            Some(capacity) => going(&mut tx, event.id).await? >= capacity,
            None => false,
        };
        match (full, event.waitlist != 0) {
            (false, _) => GuestState::Going,
            (true, true) => GuestState::Waiting,
            (true, false) => return Err(AppError::conflict("the event is full")),
        }
    };
    if state != current {
        sqlx::query("UPDATE event_guests SET state = $1 WHERE id = $2")
            .bind(state)
            .bind(guest_id)
            .execute(&mut *tx)
            .await?;
        let (kind, params) = match state {
            GuestState::Rejected => ("rejected", json!({})),
            _ => ("accepted", json!({"state": state.as_str()})),
        };
        emails::queue(&mut tx, guest_id, kind, params, false).await?;
        if current == GuestState::Going {
            // A place freed.
            super::super::promote_waiting(&mut tx, event.id).await?;
        }
    }
    tx.commit().await?;
    Ok(state)
}
