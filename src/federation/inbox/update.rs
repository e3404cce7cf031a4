//! `Update`: an edited post, comment, event or library item, received like
//! a `Create` (`create.rs`) that replaces what is stored; or an actor's
//! new profile (name, summary, key…).

use super::create;
use super::inbound::{Inbound, Via};
use crate::error::AppResult;
use crate::federation::objects::id_of;
use crate::federation::remote::{self, ActorRow};

/// The actor types whose `Update` refreshes what is stored of them.
const ACTOR_TYPES: [&str; 5] = ["Person", "Group", "Service", "Application", "Organization"];

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    if inbound
        .activity
        .object_type()
        .is_some_and(|kind| ACTOR_TYPES.contains(&kind))
    {
        return actor(inbound).await;
    }
    create::content(inbound, true).await
}

/// An actor's new profile. Taken as sent when the actor updates itself
/// (the request is signed with its key); a group a moderator updates
/// (Lemmy) is read again from its own server, if someone here follows it.
async fn actor(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    if !matches!(inbound.via, Via::Direct) {
        return Ok("ignored: a group does not relay profiles");
    }
    let data = inbound.data;
    let object = &inbound.activity.object;
    let Some(id) = id_of(object) else {
        return Ok("ignored: the updated actor has no id");
    };
    if id == inbound.signer.ap_id.as_str() {
        remote::actor_from_document(data, object.clone()).await?;
        return Ok("updated: the actor's profile");
    }
    let Ok(url) = url::Url::parse(id) else {
        return Ok("ignored: the updated actor's id is not a URL");
    };
    let followed_group = match remote::stored_actor(&data.db, id).await? {
        Some(stored) => match stored.row {
            ActorRow::Space(space) if stored.host() == inbound.signer.host() => {
                crate::spaces::follows::is_followed_here(&data.db, space).await?
            }
            _ => false,
        },
        None => false,
    };
    if !followed_group {
        return Ok("ignored: an Update of another actor");
    }
    let document = remote::fetch(data, &url).await?;
    remote::actor_from_document(data, document).await?;
    Ok("updated: the group, read again from its server")
}
