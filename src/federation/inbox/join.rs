//! `Join`: someone elsewhere registers for an event of ours (Mobilizon's
//! participation). The answer (Accept, Reject, or none while the organiser
//! decides) is sent by the events module's change.

use super::inbound::Inbound;
use super::url_of;
use crate::error::{AppError, AppResult};
use crate::events::ParticipantState;
use crate::urls::LocalRef;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let event_id = local_event(inbound).await?;
    let account = inbound.person_id()?;
    let data = inbound.data;
    let state =
        crate::events::remote_join(&data.db, &data.changes, event_id, account, inbound.id())
            .await?;
    Ok(match state {
        ParticipantState::Going => "going",
        ParticipantState::Waiting => "on the waiting list",
        ParticipantState::Pending => "waiting for the organiser",
        ParticipantState::Rejected => "rejected",
    })
}

/// The event of ours a `Join` or `Leave` names, in a public space, with the
/// sender allowed there.
pub(super) async fn local_event(inbound: &Inbound<'_>) -> AppResult<i64> {
    let target = url_of(&inbound.activity.object, "object")?;
    let Some(LocalRef::Event(event_id)) = inbound.data.federation.urls.parse(target.as_str())
    else {
        return Err(AppError::NotFound("object"));
    };
    let space_id = crate::events::joinable(&inbound.data.db, event_id)
        .await?
        .ok_or(AppError::NotFound("object"))?;
    inbound.may_act_in(space_id).await?;
    Ok(event_id)
}
