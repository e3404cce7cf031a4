//! `Update`: an edited post, comment, event or library item, received like
//! a `Create` (`create.rs`) that replaces what is stored. An `Update` of an
//! actor (a new name or key) is not taken from the inbox: actors are read
//! again from their own server when stale or when a signature fails.

use super::create;
use super::inbound::Inbound;
use crate::error::AppResult;

/// The actor types whose `Update` is left to the next fetch.
const ACTOR_TYPES: [&str; 5] = ["Person", "Group", "Service", "Application", "Organization"];

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    if inbound
        .activity
        .object_type()
        .is_some_and(|kind| ACTOR_TYPES.contains(&kind))
    {
        return Ok("ignored: an actor is read again from its server, not from an Update");
    }
    create::content(inbound, true).await
}
