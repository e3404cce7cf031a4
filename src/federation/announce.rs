//! What a remote group relays to its followers (`Announce`), and the
//! backfill that reads the same kind of items from its outbox.
//!
//! FEP-1b12: a group speaks only for its own content. In order, before
//! anything is fetched or stored:
//!
//! 1. someone here follows the group (an accepted `remote_follows` row),
//!    else nothing it announces is taken;
//! 2. the object belongs to the group: its `audience`, `to`, `cc` or
//!    `attributedTo` names the group (a reply may instead belong by its
//!    thread, which must be in the group's space), read from the object
//!    as its origin serves it, never from what the group wraps around it;
//! 3. an object already stored here in another space stays there: no
//!    group can take over, edit or delete what belongs to another one.
//!
//! The same rules hold for an Announce, for an activity the Announce only
//! names (fetched), and for each item of a backfilled outbox.

use activitypub_federation::config::Data;
use serde_json::Value;
use url::Url;

use super::inbox::{bad, id_of, store_object, url_of};
use super::objects;
use super::publish::{self, SpaceActor};
use super::remote::{self, ActorRow, RemoteActor};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::posts;
use crate::urls::host_of;

/// An `Announce` from the group `group` (our copy of it is `space_id`).
pub async fn receive(
    data: &Data<AppState>,
    group: &RemoteActor,
    space_id: i64,
    activity: &Value,
) -> AppResult<&'static str> {
    // Checked before anything is fetched on the group's word.
    if !is_followed(data, space_id).await? {
        return Ok("ignored: no member of this instance follows this group");
    }
    let inner = activity.get("object").unwrap_or(&Value::Null);
    let inner = if inner.is_string() {
        remote::fetch(data, &url_of(inner, "object")?).await?
    } else {
        inner.clone()
    };
    apply(data, group, space_id, &inner).await
}

/// Whether a member here follows our copy `space_id` of a remote group
/// (and the group accepted).
async fn is_followed(data: &Data<AppState>, space_id: i64) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT account_id FROM remote_follows WHERE space_id = $1 AND state = 'accepted' LIMIT 1",
    )
    .bind(space_id)
    .fetch_optional(&data.db.read)
    .await?;
    Ok(row.is_some())
}

/// Whether one of the object's `audience`, `to`, `cc` or `attributedTo`
/// (a URL, an object with an id, or a list of them) is the group.
fn names_group(object: &Value, group: &Url) -> bool {
    ["audience", "to", "cc", "attributedTo"]
        .iter()
        .filter_map(|field| object.get(*field))
        .flat_map(|value| match value {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .filter_map(id_of)
        .any(|id| id == group.as_str())
}

/// The space of ours in which an object with this id is stored (post,
/// comment, event or library item), if any.
async fn stored_in(data: &Data<AppState>, ap_id: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT space_id FROM posts WHERE ap_id = $1 \
         UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.ap_id = $1 \
         UNION SELECT space_id FROM events WHERE ap_id = $1 \
         UNION SELECT space_id FROM library_items WHERE ap_id = $1",
    )
    .bind(ap_id)
    .fetch_optional(&data.db.read)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// `Some(reason)` when an object stored here belongs to another space.
async fn owned_elsewhere(
    data: &Data<AppState>,
    ap_id: &str,
    space_id: i64,
) -> AppResult<Option<&'static str>> {
    Ok(match stored_in(data, ap_id).await? {
        Some(other) if other != space_id => {
            Some("ignored: the object belongs to another space here")
        }
        _ => None,
    })
}

/// What a group announced (or lists in its outbox), applied to our copy of
/// the space. An embedded object is trusted only when it comes from the
/// group's own server; anything else is fetched from its origin.
async fn apply(
    data: &Data<AppState>,
    group: &RemoteActor,
    space_id: i64,
    inner: &Value,
) -> AppResult<&'static str> {
    let group_host = group.host();
    let kind = inner.get("type").and_then(Value::as_str).unwrap_or("");
    let space: SpaceActor = publish::space_actor(&data.db.read, space_id).await?;
    let inner_actor = inner.get("actor").and_then(id_of).map(str::to_owned);
    // Nothing from a blocked host gets in by way of someone else's Announce.
    let policy = &data.federation.policy;
    let inner_object = inner.get("object").and_then(id_of).or_else(|| id_of(inner));
    let blocked = |url: Option<&str>| url.is_some_and(|u| !policy.allows_url(u));
    if blocked(inner_actor.as_deref())
        || blocked(inner_object)
        || blocked(
            inner
                .get("object")
                .and_then(|o| o.get("attributedTo"))
                .and_then(id_of),
        )
    {
        return Ok("ignored: it comes from a host this instance does not federate with");
    }
    match kind {
        "Create" | "Update" | "Page" | "Note" | "Article" => {
            let object = if matches!(kind, "Page" | "Note" | "Article") {
                inner.clone()
            } else {
                inner.get("object").cloned().unwrap_or(Value::Null)
            };
            let object_id = url_of(&object, "object")?;
            if data.federation.urls.is_local(object_id.as_str()) {
                return Ok("ignored: our own"); // relayed back to us
            }
            if let Some(reason) = owned_elsewhere(data, object_id.as_str(), space_id).await? {
                return Ok(reason);
            }
            let object = if object.is_object() && host_of(&object_id) == Some(group_host.clone()) {
                object
            } else {
                let fetched = remote::fetch(data, &object_id).await?;
                // The origin may answer under another id: check that one too.
                let fetched_id = url_of(&fetched, "object.id")?;
                if let Some(reason) = owned_elsewhere(data, fetched_id.as_str(), space_id).await? {
                    return Ok(reason);
                }
                fetched
            };
            // A reply belongs to the thread it answers: `store_object`
            // looks for its parent in this space only.
            let is_reply = object.get("type").and_then(Value::as_str) == Some("Note")
                && object.get("inReplyTo").and_then(id_of).is_some();
            if !is_reply && !names_group(&object, &group.ap_id) {
                return Ok("ignored: the object does not belong to this group");
            }
            match object.get("type").and_then(Value::as_str) {
                Some("Event") => {
                    return store_event(data, &space, group, &object, inner_actor.as_deref()).await;
                }
                Some("Document") => return store_document(data, &space, group, &object).await,
                _ => {}
            }
            let author_id = url_of(
                object.get("attributedTo").unwrap_or(&Value::Null),
                "attributedTo",
            )?;
            if host_of(&author_id) != host_of(&object_id) {
                return Err(bad("object: its author is on another server"));
            }
            if kind == "Update"
                && inner_actor.as_deref() != Some(author_id.as_str())
                && inner_actor.as_deref() != Some(group.ap_id.as_str())
            {
                return Err(AppError::Forbidden(
                    "only the author or the group may update".into(),
                ));
            }
            if data.federation.urls.is_local(author_id.as_str()) {
                return Ok("ignored: our own");
            }
            let author = remote::actor(data, &author_id).await?;
            let ActorRow::Account(author) = author.row else {
                return Err(bad("attributedTo: not a person"));
            };
            let stored = store_object(data, &space, &object, author, kind == "Update").await?;
            Ok(if stored { "stored" } else { "ignored" })
        }
        "Delete" => {
            let object_id = url_of(inner.get("object").unwrap_or(&Value::Null), "object")?;
            // Only what is stored in this group's space, so nothing is
            // fetched for an object the group has no say over.
            if stored_in(data, object_id.as_str()).await? != Some(space_id) {
                return Ok("ignored: nothing of this group's space has this id");
            }
            // Confirm with the origin unless the group's server is it.
            if host_of(&object_id) != Some(group_host.clone()) {
                match remote::fetch(data, &object_id).await {
                    Err(AppError::Gone(_) | AppError::NotFound(_)) => {}
                    Ok(doc) if doc.get("type").and_then(Value::as_str) == Some("Tombstone") => {}
                    _ => return Ok("ignored: the object still exists at its origin"),
                }
            }
            let deleted = posts::delete_remote(&data.db, object_id.as_str(), None, Some(space_id))
                .await?
                || crate::library::delete_remote(
                    &data.db,
                    object_id.as_str(),
                    None,
                    Some(space_id),
                )
                .await?;
            Ok(if deleted { "deleted" } else { "ignored" })
        }
        "Like" => {
            let Some(actor_id) = inner_actor else {
                return Err(bad("Like: no actor"));
            };
            let actor_url = Url::parse(&actor_id).map_err(|_| bad("Like: actor is not a URL"))?;
            if data.federation.urls.is_local(actor_url.as_str()) {
                return Ok("ignored: our own");
            }
            let target = url_of(inner.get("object").unwrap_or(&Value::Null), "object")?;
            if stored_in(data, target.as_str()).await? != Some(space_id) {
                return Ok("ignored: the liked object is not in this group's space");
            }
            let actor = remote::actor(data, &actor_url).await?;
            let ActorRow::Account(account) = actor.row else {
                return Err(bad("Like: actor is not a person"));
            };
            let like_id = id_of(&inner["id"]).unwrap_or_default().to_owned();
            let emoji = inner.get("content").and_then(Value::as_str);
            let stored = posts::reactions::add_remote(
                &data.db,
                &data.federation.urls,
                target.as_str(),
                account,
                emoji,
                &like_id,
            )
            .await?;
            Ok(if stored { "stored" } else { "ignored" })
        }
        "Undo" => {
            let like_id = url_of(inner.get("object").unwrap_or(&Value::Null), "object")?;
            let Some(actor_id) = inner_actor else {
                return Err(bad("Undo: no actor"));
            };
            if reaction_space(data, like_id.as_str()).await? != Some(space_id) {
                return Ok("ignored: no reaction in this group's space has this id");
            }
            let account: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM accounts WHERE ap_id = $1")
                    .bind(&actor_id)
                    .fetch_optional(&data.db.read)
                    .await?;
            let removed = match account {
                Some((account,)) => {
                    posts::reactions::remove_remote(&data.db, like_id.as_str(), account).await?
                }
                None => false,
            };
            Ok(if removed { "undone" } else { "ignored" })
        }
        _ => Ok("ignored: unsupported announced type"),
    }
}

/// The space of the post or comment a stored reaction is on.
async fn reaction_space(data: &Data<AppState>, like_id: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT p.space_id FROM reactions r LEFT JOIN comments c ON c.id = r.comment_id \
         JOIN posts p ON p.id = COALESCE(r.post_id, c.post_id) WHERE r.ap_id = $1",
    )
    .bind(like_id)
    .fetch_optional(&data.db.read)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// An `Event` of a followed space, stored or updated. Participants here
/// hear of a cancellation or a new time.
async fn store_event(
    data: &Data<AppState>,
    space: &SpaceActor,
    group: &RemoteActor,
    object: &Value,
    inner_actor: Option<&str>,
) -> AppResult<&'static str> {
    let object_id = url_of(object, "object.id")?;
    if host_of(&object_id) != Some(group.host()) {
        return Err(bad("Event: not on its group's server"));
    }
    // The organiser: `organizer`, else whoever created it.
    let organiser = object
        .get("organizer")
        .and_then(id_of)
        .or(inner_actor)
        .ok_or_else(|| bad("Event: no organizer"))?;
    let organiser = Url::parse(organiser).map_err(|_| bad("organizer: not a URL"))?;
    let organiser_id = match remote::actor(data, &organiser).await?.row {
        ActorRow::Account(id) => id,
        ActorRow::Space(_) => return Err(bad("organizer: not a person")),
    };
    let event = objects::read::<objects::event::Event>("Event", object)?.received()?;
    crate::events::store_remote(&data.db, space.space_id, organiser_id, event).await
}

/// A `Document` (library file or note) of a followed space, stored or
/// updated. Only its group's own server may speak for it.
async fn store_document(
    data: &Data<AppState>,
    space: &SpaceActor,
    group: &RemoteActor,
    object: &Value,
) -> AppResult<&'static str> {
    let object_id = url_of(object, "object.id")?;
    if host_of(&object_id) != Some(group.host()) {
        return Err(bad("Document: not on its group's server"));
    }
    let author = url_of(
        object.get("attributedTo").unwrap_or(&Value::Null),
        "attributedTo",
    )?;
    if host_of(&author) != Some(group.host()) {
        return Err(bad("Document: its author is on another server"));
    }
    let author_id = match remote::actor(data, &author).await?.row {
        ActorRow::Account(id) => id,
        ActorRow::Space(_) => return Err(bad("attributedTo: not a person")),
    };
    let item = objects::read::<objects::document::Document>("Document", object)?.received()?;
    crate::library::store_remote(&data.db, space.space_id, author_id, item).await
}

/// Fetches the last 20 posts of a space we just started following, each
/// item taken as if the group had announced it.
pub async fn backfill(data: &Data<AppState>, space_id: i64) -> AppResult<()> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT ap_id, outbox_url FROM spaces WHERE id = $1 AND domain IS NOT NULL")
            .bind(space_id)
            .fetch_optional(&data.db.read)
            .await?;
    let Some((group_id, Some(outbox))) = row else {
        return Ok(());
    };
    if !is_followed(data, space_id).await? {
        return Ok(());
    }
    let group = remote::actor(
        data,
        &Url::parse(&group_id).map_err(|e| AppError::Internal(e.into()))?,
    )
    .await?;
    let outbox = Url::parse(&outbox).map_err(|_| bad("outbox: not a URL"))?;
    if host_of(&outbox) != Some(group.host()) {
        return Err(bad("outbox: not on the group's server"));
    }
    let collection = remote::fetch(data, &outbox).await?;
    let page = match collection.get("first") {
        Some(Value::String(first)) => {
            remote::fetch(
                data,
                &Url::parse(first).map_err(|_| bad("first: not a URL"))?,
            )
            .await?
        }
        Some(first @ Value::Object(_)) => first.clone(),
        _ => collection,
    };
    let items = page
        .get("orderedItems")
        .or_else(|| page.get("items"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // Oldest first, so the feed order matches the original one.
    for item in items.iter().take(20).rev() {
        let inner = match item.get("type").and_then(Value::as_str) {
            Some("Announce") => item.get("object").cloned().unwrap_or(Value::Null),
            _ => item.clone(),
        };
        match apply(data, &group, space_id, &inner).await {
            Ok(outcome) => tracing::debug!(outcome, "backfill: an item"),
            Err(e) => tracing::debug!(error = %e, "backfill: skipped an item"),
        }
    }
    Ok(())
}
