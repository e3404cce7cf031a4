//! `Reject` from a remote space's group: of a member's follow, or of a
//! registration for its event.

use super::inbound::Inbound;
use super::url_of;
use crate::error::AppResult;
use crate::federation::remote::ActorRow;
use crate::spaces;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let ActorRow::Space(space_id) = inbound.signer.row else {
        return Ok("ignored");
    };
    let follow_id = url_of(&inbound.activity.object, "object")?;
    if crate::events::join_answered(&inbound.data.db, follow_id.as_str(), space_id, false).await? {
        return Ok("registration declined");
    }
    spaces::follows::answered(&inbound.data.db, space_id, follow_id.as_str(), false).await?;
    Ok("rejected")
}
