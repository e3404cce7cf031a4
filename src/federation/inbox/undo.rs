//! `Undo` of a follow or of a reaction, by the activity's own actor;
//! a followed group may relay the undoing of a reaction in its space.

use serde_json::Value;

use super::inbound::{Inbound, Via, reaction_space};
use super::{bad, id_of, url_of};
use crate::error::{AppError, AppResult};
use crate::federation::objects::{
    self,
    activity::{Activity, Kind},
    post::Post,
};
use crate::federation::publish;
use crate::federation::remote::ActorRow;
use crate::posts::{self, reactions::UndoneReaction};
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
    if inner_kind == "Delete" {
        return restore(inbound, inner).await;
    }
    if inner_kind == "Block" {
        let block: Activity = objects::read("object", inner)?;
        return super::block::group_ban(inbound, &block, true).await;
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
                    let undone = undone_reaction(inner, inner_id.as_str());
                    posts::reactions::remove_remote(
                        &data.db,
                        &data.federation.urls,
                        undone,
                        account,
                    )
                    .await?
                    .is_some()
                }
                crate::federation::remote::ActorRow::Space(_) => false,
            },
            None => false,
        };
        return Ok(if removed { "undone" } else { "ignored" });
    }
    if let ActorRow::Space(group_id) = inbound.signer.row {
        // A group stops following a space of ours; it undoes nothing else.
        let slug = followed_slug(inbound, inner);
        let removed = spaces::federation::remove_group_follower(
            &data.db,
            group_id,
            inner_id.as_str(),
            slug.as_deref(),
        )
        .await?;
        return Ok(if removed {
            "unfollowed"
        } else {
            "ignored: nothing to undo"
        });
    }
    let account = inbound.person_id()?;
    if inner_kind == "Follow" || inner_kind.is_empty() {
        let slug = followed_slug(inbound, inner);
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
    let undone = undone_reaction(inner, inner_id.as_str());
    let Some(space_id) =
        posts::reactions::remove_remote(&data.db, &data.federation.urls, undone, account).await?
    else {
        return Ok("ignored: nothing to undo");
    };
    let space = publish::space_actor(&data.db.read, space_id).await?;
    if space.is_local() {
        inbound.announce_as_is(&space).await?;
    }
    Ok("undone")
}

/// The reaction an `Undo` takes back: matched by its id, or (when the
/// undone `Like` or `EmojiReact` is embedded) by what it reacted to and
/// its emoji, as Lemmy gives the inner Like a new id.
fn undone_reaction<'a>(inner: &'a Value, inner_id: &'a str) -> UndoneReaction<'a> {
    let embedded = objects::read::<Activity>("object", inner).ok();
    let reaction = embedded
        .as_ref()
        .is_some_and(|a| matches!(a.kind, Kind::Like | Kind::EmojiReact));
    UndoneReaction {
        like_id: inner_id,
        target: inner.get("object").and_then(id_of).filter(|_| reaction),
        emoji: inner
            .get("content")
            .or_else(|| inner.get("_misskey_reaction"))
            .and_then(Value::as_str)
            .filter(|e| !e.trim().is_empty()),
    }
}

/// The space of ours an undone `Follow` names, if it is embedded.
fn followed_slug(inbound: &Inbound<'_>, inner: &Value) -> Option<String> {
    match inner
        .get("object")
        .and_then(id_of)
        .and_then(|o| inbound.data.federation.urls.parse(o))
    {
        Some(LocalRef::Space(slug)) => Some(slug),
        _ => None,
    }
}

/// `Undo(Delete)`: Lemmy restores a post or comment (its author directly,
/// or a moderator through the group). Only what was deleted here, by its
/// author or in the group's space, and only as its origin shows it again:
/// it is read again from there (a `Tombstone` keeps it deleted).
async fn restore(inbound: &Inbound<'_>, inner: &Value) -> AppResult<&'static str> {
    let data = inbound.data;
    let object = url_of(inner.get("object").unwrap_or(&Value::Null), "object.object")?;
    let (author, space) = match inbound.via {
        Via::Group { space_id } => (None, Some(space_id)),
        Via::Direct => (Some(inbound.person_id()?), None),
    };
    if !posts::is_deleted_remote(&data.db, object.as_str(), author, space).await? {
        return Ok("ignored: nothing deleted here has this id");
    }
    let document = crate::federation::remote::fetch(data, &object).await?;
    if document.get("type").and_then(Value::as_str) == Some("Tombstone") {
        return Ok("ignored: still deleted at its origin");
    }
    let post: Post = objects::read("object", &document)?;
    if !post.is_text() || post.id.as_deref() != Some(object.as_str()) {
        return Ok("ignored: its origin shows something else under this id");
    }
    let restored =
        posts::restore_remote(&data.db, post.received_restored()?, author, space).await?;
    if !restored {
        return Ok("ignored: nothing deleted here has this id");
    }
    // Restored in a space of ours: its followers hear of it.
    if matches!(inbound.via, Via::Direct)
        && let Some(space_id) =
            crate::posts::place::space_of_object(&data.db, object.as_str()).await?
    {
        let space = publish::space_actor(&data.db.read, space_id).await?;
        if space.is_local() {
            inbound.announce_as_is(&space).await?;
        }
    }
    Ok("restored")
}
