//! `Accept` from a remote space's group: of a member's follow (the space's
//! recent posts are then fetched), or of a registration for its event.

use super::inbound::Inbound;
use super::url_of;
use crate::error::AppResult;
use crate::federation::remote::ActorRow;
use crate::spaces;
use crate::spaces::follows::FollowAnswer;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let ActorRow::Space(space_id) = inbound.signer.row else {
        return Ok("ignored: only spaces accept follows here");
    };
    let follow_id = url_of(&inbound.activity.object, "object")?;
    if crate::events::join_answered(&inbound.data.db, follow_id.as_str(), space_id, true).await? {
        return Ok("registered");
    }
    let answer =
        spaces::follows::answered(&inbound.data.db, space_id, follow_id.as_str(), true).await?;
    let FollowAnswer::Accepted { first } = answer else {
        return Ok("ignored: no such follow");
    };
    if first {
        // Followed for the first time: fetch its recent posts.
        crate::federation::backfill::start(inbound.data.reset_request_count(), space_id);
    }
    Ok("accepted")
}
