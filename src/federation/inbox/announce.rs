//! `Announce`: what a followed remote group relays to its followers.
//!
//! FEP-1b12: a group speaks only for its own content. Before anything is
//! fetched on its word, someone here must follow the group (an accepted
//! follow), else nothing it announces is taken. What it relays then goes
//! through the inbox's own dispatch, as if its actor had sent it, with
//! [`Via::Group`]: each activity's file checks that the object belongs to
//! the group's space and reads it from its origin. The same holds for
//! each item of a backfilled outbox (`federation::backfill`).

use std::future::Future;
use std::pin::Pin;

use activitypub_federation::config::Data;
use serde_json::{Value, json};

use super::inbound::{Inbound, Via};
use super::{bad, dispatch, id_of};
use crate::AppState;
use crate::error::AppResult;
use crate::federation::objects;
use crate::federation::remote::{self, ActorRow, RemoteActor};

/// Object types a group may announce bare, without a `Create` around them
/// (Mastodon-style groups boost the `Note` itself).
const BARE_OBJECTS: [&str; 7] = [
    "Page", "Note", "Article", "Event", "Document", "Question", "Video",
];

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let ActorRow::Space(space_id) = inbound.signer.row else {
        return Ok("ignored: only groups' announces are relayed here");
    };
    // Checked before anything is fetched on the group's word.
    if !crate::spaces::follows::is_followed_here(&inbound.data.db, space_id).await? {
        return Ok("ignored: no member of this instance follows this group");
    }
    let inner = match &inbound.activity.object {
        Value::String(_) => remote::fetch(inbound.data, &inbound.object_id()?).await?,
        other => other.clone(),
    };
    relay(inbound.data, &inbound.signer, space_id, inner).await
}

/// Receives what the group `group` (our copy of its space: `space_id`)
/// relays: an activity, or an object it announces bare.
///
/// The dispatch leads back here only for an Announce, which a group may
/// not relay: one level deep at most. The future is boxed, and named
/// `Send`, because the path is recursive.
pub fn relay<'a>(
    data: &'a Data<AppState>,
    group: &'a RemoteActor,
    space_id: i64,
    inner: Value,
) -> Relayed<'a> {
    Box::pin(async move {
        if !inner.is_object() {
            return Err(bad("object: not an activity or an object"));
        }
        let kind = inner.get("type").and_then(Value::as_str).unwrap_or("");
        // A card (`objects::card`) stands for its `mainEntity`: that is
        // what is taken, read from its origin unless it is here already.
        let card_of = inner.get("mainEntity").and_then(Value::as_str);
        let inner = match card_of {
            Some(entity) if BARE_OBJECTS.contains(&kind) => {
                json!({"type": "Create", "id": inner.get("id"), "object": entity})
            }
            _ if BARE_OBJECTS.contains(&kind) => {
                json!({"type": "Create", "id": inner.get("id"), "object": inner})
            }
            _ => inner,
        };
        // Nothing from a blocked host gets in by way of someone else's Announce.
        let policy = &data.federation.policy;
        let object = inner.get("object");
        let named = [
            inner.get("actor").and_then(id_of),
            object.and_then(id_of),
            object.and_then(|o| o.get("attributedTo")).and_then(id_of),
        ];
        if named
            .into_iter()
            .flatten()
            .any(|url| !policy.allows_url(url))
        {
            return Ok("ignored: it comes from a host this instance does not federate with");
        }
        if object.is_none() {
            return Err(bad("object: missing or not an id"));
        }
        let inbound = Inbound {
            data,
            signer: group.clone(),
            via: Via::Group { space_id },
            activity: objects::read("activity", &inner)?,
            raw: inner,
        };
        dispatch(&inbound).await
    })
}

/// What [`relay`] returns.
pub type Relayed<'a> = Pin<Box<dyn Future<Output = AppResult<&'static str>> + Send + 'a>>;
