//! The online (meeting) link of an event is for its participants (issue 17
//! point 1). Everyone may see *that* an event is online; only its
//! organiser, the space's content managers (who may change the event) and
//! those whose registration was accepted see *where*. Anonymous visitors,
//! people still pending or on the waiting list, calendar feeds of others
//! and other servers' copies of the public `Event` never carry it.
//!
//! Remote participants cannot read it on our pages, so when their
//! registration is accepted, and again when the link changes, a
//! [`Change::MeetingLink`] asks the federation worker to send it to them
//! alone. Received from another Agora, the link is kept on our copy of the
//! event ([`received`]), under the same rule.

use super::{Event, ParticipantState};
use crate::changes::{self, Change};
use crate::db::{Db, Tx};
use crate::error::AppResult;
use crate::spaces::SpaceRole;

/// Where a viewer stands towards an event: their role in its space and
/// their registration.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standing {
    pub role: Option<SpaceRole>,
    pub state: Option<ParticipantState>,
}

/// Whether `viewer` (an account id, `None` for an anonymous visitor) may
/// see the online link of `event`: the one rule every front door follows.
pub fn may_see_link(event: &Event, viewer: Option<i64>, standing: Standing) -> bool {
    let Some(viewer) = viewer else {
        return false;
    };
    event.organiser_id == viewer
        // Those who may change the event (see `require_organiser`).
        || standing.role.is_some_and(|r| r >= SpaceRole::ContentManager)
        || standing.state == Some(ParticipantState::Going)
}

/// The viewer's role in the event's space and registration for it.
pub(super) async fn standing(db: &Db, event: &Event, viewer: Option<i64>) -> AppResult<Standing> {
    let Some(viewer) = viewer else {
        return Ok(Standing::default());
    };
    let row: (Option<SpaceRole>, Option<ParticipantState>) = sqlx::query_as(
        "SELECT (SELECT role FROM memberships WHERE space_id = $1 AND account_id = $3), \
                (SELECT state FROM event_participants WHERE event_id = $2 AND account_id = $3)",
    )
    .bind(event.space_id)
    .bind(event.id)
    .bind(viewer)
    .fetch_one(&db.read)
    .await?;
    Ok(Standing {
        role: row.0,
        state: row.1,
    })
}

/// `events` with the links `viewer` may not see taken out, for output that
/// shows whole events (iCalendar).
pub async fn for_viewer(
    db: &Db,
    mut events: Vec<Event>,
    viewer: Option<i64>,
) -> AppResult<Vec<Event>> {
    for event in &mut events {
        if event.online_url.is_some() {
            let standing = standing(db, event, viewer).await?;
            if !may_see_link(event, viewer, standing) {
                event.online_url = None;
            }
        }
    }
    Ok(events)
}

/// Has the link sent to remote participant `account_id` who was just
/// accepted, or (`None`) to every remote participant going, after the
/// link changed. Nothing for an event without a link or from elsewhere.
pub(super) async fn send_to_remote(
    tx: &mut Tx,
    event: &Event,
    account_id: Option<i64>,
    has_link: bool,
) -> AppResult<()> {
    if !has_link || event.ap_id.is_some() {
        return Ok(());
    }
    let change = Change::MeetingLink {
        event_id: event.id,
        account_id,
    };
    changes::record(tx, change).await
}

/// Remote participants of event `event_id` whose registration was
/// accepted: who the link goes to when it changes.
pub async fn remote_going<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    event_id: i64,
) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT p.account_id FROM event_participants p JOIN accounts a ON a.id = p.account_id \
         WHERE p.event_id = $1 AND p.state = 'going' AND a.domain IS NOT NULL \
         ORDER BY p.account_id",
    )
    .bind(event_id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Whether remote participant `account_id` is going to event `event_id`
/// (checked again when the link is sent: they may have left meanwhile).
pub async fn is_going<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    event_id: i64,
    account_id: i64,
) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM event_participants WHERE event_id = $1 AND account_id = $2 \
         AND state = 'going'",
    )
    .bind(event_id)
    .bind(account_id)
    .fetch_optional(executor)
    .await?;
    Ok(row.is_some())
}

/// The online link of an event elsewhere (`event_ap_id`), sent by its
/// server in a direct message to our member `username`: kept on our copy
/// if they registered for it, where those of ours who are going see it.
/// Whether it was kept.
pub async fn received(db: &Db, event_ap_id: &str, username: &str, link: &str) -> AppResult<bool> {
    let Some(link) = super::check_url(Some(link.to_owned())).ok().flatten() else {
        return Ok(false);
    };
    let kept = sqlx::query(
        "UPDATE events SET online_url = $1 WHERE ap_id = $2 AND EXISTS (\
             SELECT 1 FROM event_participants p JOIN accounts a ON a.id = p.account_id \
             WHERE p.event_id = events.id AND a.username = $3 AND a.domain IS NULL)",
    )
    .bind(&link)
    .bind(event_ap_id)
    .bind(username)
    .execute(db.writer())
    .await?;
    Ok(kept.rows_affected() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{EventStatus, JoinMode};

    fn event() -> Event {
        Event {
            id: 1,
            space_id: 2,
            organiser_id: 10,
            ap_id: None,
            title: "Hearing".into(),
            description_source: String::new(),
            description_html: String::new(),
            starts_at: 0,
            ends_at: 0,
            timezone: "UTC".into(),
            online_url: Some("https://meet.example/x".into()),
            place_name: None,
            place_address: None,
            latitude: None,
            longitude: None,
            capacity: None,
            join_mode: JoinMode::Free,
            waitlist: 1,
            language: "en".into(),
            status: EventStatus::Confirmed,
            created_at: 0,
            updated_at: None,
            series_id: None,
            recurrence_id: None,
        }
    }

    #[test]
    fn only_organisers_managers_and_those_going_see_the_link() {
        let e = event();
        let standing = |role, state| Standing { role, state };
        assert!(!may_see_link(&e, None, Standing::default()));
        assert!(may_see_link(&e, Some(10), Standing::default()));
        assert!(!may_see_link(&e, Some(11), Standing::default()));
        let member = Some(SpaceRole::Contributor);
        assert!(!may_see_link(&e, Some(11), standing(member, None)));
        for waiting in [
            ParticipantState::Pending,
            ParticipantState::Waiting,
            ParticipantState::Rejected,
        ] {
            assert!(!may_see_link(&e, Some(11), standing(member, Some(waiting))));
        }
        assert!(may_see_link(
            &e,
            Some(11),
            standing(None, Some(ParticipantState::Going))
        ));
        assert!(may_see_link(
            &e,
            Some(11),
            standing(Some(SpaceRole::ContentManager), None)
        ));
    }
}
