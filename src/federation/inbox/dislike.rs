//! `Dislike` (Lemmy's downvote): acknowledged and not counted. Agora's
//! spaces have no votes, and a reaction is an emoji someone chose.

use super::inbound::Inbound;
use crate::error::AppResult;

pub(super) async fn receive(_: &Inbound<'_>) -> AppResult<&'static str> {
    Ok("ignored: dislikes are not counted here")
}
