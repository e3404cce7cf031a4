//! `Leave`: someone elsewhere cancels their registration for an event of
//! ours; the first on the waiting list moves up.

use super::inbound::Inbound;
use super::join::local_event;
use crate::error::AppResult;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let event_id = local_event(inbound).await?;
    let account = inbound.person_id()?;
    let data = inbound.data;
    let left = crate::events::remote_leave(&data.db, &data.changes, event_id, account).await?;
    Ok(if left {
        "left"
    } else {
        "ignored: not registered"
    })
}
