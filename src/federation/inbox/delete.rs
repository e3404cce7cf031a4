//! `Delete`: an actor closing their account, an author deleting their post
//! or comment, or a group removing content of its own space (directly or
//! relayed).

use activitypub_federation::config::Data;
use serde_json::Value;
use url::Url;

use super::inbound::{Inbound, Via, stored_in};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::federation::remote::{self, ActorRow};
use crate::posts;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let data = inbound.data;
    let object_id = inbound.object_id()?;
    if let Via::Group { space_id } = inbound.via {
        return relayed(inbound, &object_id, space_id).await;
    }
    match inbound.signer.row {
        // A person closed their account (`federation::farewell` on Agora).
        // What they wrote goes with them unless their server says to keep
        // it (Lemmy's `removeData: false`; Agora's for an anonymised
        // account).
        ActorRow::Account(account) if object_id == inbound.signer.ap_id => {
            remote::forget_person(&data.db, account).await?;
            let keep = inbound.raw.get("removeData").and_then(Value::as_bool) == Some(false);
            if keep {
                return Ok("deleted: the actor; what they wrote stays, as their server asks");
            }
            posts::delete_all_remote_by(&data.db, account).await?;
            Ok("deleted: the actor and what they wrote")
        }
        // A group removing content of its own space.
        ActorRow::Space(space_id) => remove_from_space(data, &object_id, space_id).await,
        ActorRow::Account(author) => {
            let space = match crate::posts::place::space_of_object(&data.db, object_id.as_str())
                .await?
            {
                Some(id) => Some(crate::federation::publish::space_actor(&data.db.read, id).await?),
                None => None,
            };
            let deleted =
                posts::delete_remote(&data.db, object_id.as_str(), Some(author), None).await?;
            if deleted
                && let Some(space) = space
                && space.is_local()
            {
                inbound.announce_as_is(&space).await?;
            }
            Ok(if deleted {
                "deleted"
            } else {
                "ignored: nothing of theirs to delete"
            })
        }
    }
}

/// A Delete a group relays: only of what is stored in its space, so nothing
/// is fetched for an object the group has no say over; confirmed with the
/// object's origin unless the group's server is it.
async fn relayed(inbound: &Inbound<'_>, object_id: &Url, space_id: i64) -> AppResult<&'static str> {
    let data = inbound.data;
    if stored_in(data, object_id.as_str()).await? != Some(space_id) {
        return Ok("ignored: nothing of this group's space has this id");
    }
    if !inbound.on_group_server(object_id) {
        match remote::fetch(data, object_id).await {
            Err(AppError::Gone(_) | AppError::NotFound(_)) => {}
            Ok(doc) if doc.get("type").and_then(serde_json::Value::as_str) == Some("Tombstone") => {
            }
            _ => return Ok("ignored: the object still exists at its origin"),
        }
    }
    remove_from_space(data, object_id, space_id).await
}

/// Deletes the post, comment or library item `object_id` of our copy of a
/// remote space.
async fn remove_from_space(
    data: &Data<AppState>,
    object_id: &Url,
    space_id: i64,
) -> AppResult<&'static str> {
    let id = object_id.as_str();
    let deleted = posts::delete_remote(&data.db, id, None, Some(space_id)).await?
        || crate::library::delete_remote(&data.db, id, None, Some(space_id)).await?;
    Ok(if deleted { "deleted" } else { "ignored" })
}
