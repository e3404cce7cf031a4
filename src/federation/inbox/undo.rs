//! `Undo` of a follow or of a reaction, by the activity's own actor;
//! a followed group may relay the undoing of a reaction in its space.

use serde_json::Value;

use super::inbound::{Inbound, Via, reaction_space};
use super::{bad, id_of, url_of};
use crate::error::{AppError, AppResult};
use crate::posts;
use crate::spaces;
use crate::urls::LocalRef;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let inner = &inbound.activity.object;
    let inner_id = url_of(inner, "object")?;
    let inner_kind = inner.get("type").and_then(Value::as_str).unwrap_or("");
    if let Some(inner_actor) = inner.get("actor").and_then(id_of)
        && Some(inner_actor) != inbound.activity.actor.as_deref()
    {
        return Err(AppError::Forbidden(
            "only an activity's actor may undo it".into(),
        ));
    }
    let data = inbound.data;
    if let Via::Group { space_id } = inbound.via {
        // Only a reaction in the group's space; its actor must be known
        // already (nothing is fetched to forget something).
        if reaction_space(data, inner_id.as_str())
            .await?
            .is_none_or(|space| space.space_id != space_id)
        {
            return Ok("ignored: no reaction in this group's space has this id");
        }
        let actor = inbound
            .activity
            .actor
            .as_deref()
            .ok_or_else(|| bad("Undo: no actor"))?;
        let removed = match crate::federation::remote::stored_actor(&data.db, actor).await? {
            Some(actor) => match actor.row {
                crate::federation::remote::ActorRow::Account(account) => {
                    posts::reactions::remove_remote(&data.db, inner_id.as_str(), account).await?
                }
                crate::federation::remote::ActorRow::Space(_) => false,
            },
            None => false,
        };
        return Ok(if removed { "undone" } else { "ignored" });
    }
    let account = inbound.person_id()?;
    if inner_kind == "Follow" || inner_kind.is_empty() {
        let slug = match inner
            .get("object")
            .and_then(id_of)
            .and_then(|o| data.federation.urls.parse(o))
        {
            Some(LocalRef::Space(slug)) => Some(slug),
            _ => None,
        };
        let removed = spaces::federation::remove_follower(
            &data.db,
            account,
            inner_id.as_str(),
            slug.as_deref(),
        )
        .await?;
        if removed {
            return Ok("unfollowed");
        }
    }
    // Undo(Like): the reaction goes, and a space of ours tells its followers.
    let space = reaction_space(data, inner_id.as_str()).await?;
    let removed = posts::reactions::remove_remote(&data.db, inner_id.as_str(), account).await?;
    if removed
        && let Some(space) = space
        && space.is_local()
    {
        inbound.announce_as_is(&space).await?;
    }
    Ok(if removed {
        "undone"
    } else {
        "ignored: nothing to undo"
    })
}
