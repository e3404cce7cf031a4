//! `Like`: a reaction to a post or comment. Pleroma's and Agora's carry an
//! emoji in `content`, Misskey's in `_misskey_reaction`; a plain like is
//! 👍. Taken directly in a space of ours (and relayed to its followers),
//! or relayed by a followed group for its own space.

use super::inbound::{Inbound, Via, reaction_space, stored_in, target_space};
use crate::error::AppResult;
use crate::posts;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    react(inbound, inbound.activity.emoji()).await
}

/// A reaction with `emoji` (`None`: a plain like).
pub(super) async fn react(inbound: &Inbound<'_>, emoji: Option<&str>) -> AppResult<&'static str> {
    let data = inbound.data;
    let target = inbound.object_id()?;
    let account = match inbound.via {
        Via::Direct => {
            let account = inbound.person_id()?;
            if let Some(space) = target_space(data, target.as_str()).await? {
                inbound.may_act_in(space).await?;
            }
            account
        }
        Via::Group { space_id } => {
            if stored_in(data, target.as_str()).await? != Some(space_id) {
                return Ok("ignored: the liked object is not in this group's space");
            }
            match inbound.relayed_person().await? {
                Some(account) => account,
                None => return Ok("ignored: our own"),
            }
        }
    };
    let stored = posts::reactions::add_remote(
        &data.db,
        &data.federation.urls,
        target.as_str(),
        account,
        emoji,
        inbound.id(),
    )
    .await?;
    if stored
        && matches!(inbound.via, Via::Direct)
        && let Some(space) = reaction_space(data, inbound.id()).await?
        && space.is_local()
    {
        inbound.announce_as_is(&space).await?;
    }
    Ok(if stored { "stored" } else { "ignored" })
}
