//! `Create`: a post or comment written into a space of ours by someone
//! elsewhere (FEP-1b12), or content of a followed space that its group
//! relays. `Update` takes the same path (`update.rs`).

use url::Url;

use super::inbound::{Inbound, Via, stored_in, target_space};
use super::{bad, store, url_of};
use crate::error::{AppError, AppResult};
use crate::federation::objects::direct::DirectNote;
use crate::federation::objects::{self, post::Post};
use crate::federation::publish::{self, SpaceActor};
use crate::federation::remote;
use crate::spaces;
use crate::spaces::federation::Posting;
use crate::urls::{LocalRef, host_of, host_of_str};

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    content(inbound, false).await
}

/// A `Create` or (`update`) an `Update` of content.
pub(super) async fn content(inbound: &Inbound<'_>, update: bool) -> AppResult<&'static str> {
    match inbound.via {
        Via::Direct if !update => match about_an_event(inbound).await? {
            Some(said) => Ok(said),
            None => into_our_space(inbound, false).await,
        },
        Via::Direct => into_our_space(inbound, update).await,
        Via::Group { space_id } => from_group(inbound, space_id, update).await,
    }
}

/// A direct message from another server to members of ours about one of
/// its events: its online link (`publish::events::meeting_link` on another
/// Agora), kept on our copy of the event, or its organisers' message to
/// the participants (`publish::events::participant_message`), a
/// notification; only from the event's own server and for members who
/// registered for it. `None` when it is not such a message.
async fn about_an_event(inbound: &Inbound<'_>) -> AppResult<Option<&'static str>> {
    let object = &inbound.activity.object;
    if object.get("type").and_then(serde_json::Value::as_str) != Some("Note") {
        return Ok(None);
    }
    let Ok(note) = objects::read::<DirectNote>("object", object) else {
        return Ok(None);
    };
    let from_its_server =
        |event: &str| host_of_str(event).as_deref() == Some(inbound.signer.host().as_str());
    let addressees = note
        .to
        .iter()
        .filter_map(|a| match inbound.data.federation.urls.parse(a) {
            Some(LocalRef::Person(name)) => Some(name),
            _ => None,
        });
    let db = &inbound.data.db;
    if let Some((event, link)) = note.event_and_link() {
        if !from_its_server(event) {
            return Ok(None);
        }
        let mut kept = false;
        for name in addressees {
            kept |= crate::events::link::received(db, event, &name, link).await?;
        }
        return Ok(kept.then_some("kept: the event's online link"));
    }
    if let Some((event, subject, body)) = note.event_and_message() {
        if !from_its_server(event) {
            return Ok(None);
        }
        let mut told = false;
        for name in addressees {
            told |= crate::events::received_message(db, event, &name, subject, body).await?;
        }
        return Ok(told.then_some("told: the organisers' message"));
    }
    Ok(None)
}

/// Someone elsewhere posts, comments or edits in a public space of ours.
/// The space is the one the object is addressed to or mentions, or, for a
/// reply addressed only to the author of what it answers (as Mastodon
/// does), the space of that thread. The space checks they may, stores it,
/// and relays it to its followers.
async fn into_our_space(inbound: &Inbound<'_>, update: bool) -> AppResult<&'static str> {
    let object = inbound.object().await?;
    let post: Post = objects::read("object", &object)?;
    let addressees = inbound.activity.addressees().chain(
        post.audience
            .iter()
            .chain(&post.to)
            .chain(&post.cc)
            .map(String::as_str)
            .chain(post.mentions()),
    );
    let space = match inbound.addressed_space(addressees).await? {
        Some(space) => space,
        None => match thread_space(inbound, &post).await? {
            Some(space) => space,
            None => return Ok("ignored: not addressed to a space of this instance"),
        },
    };
    inbound.may_act_in(space.space_id).await?;
    let author = inbound.person_id()?;
    if post.author() != Some(inbound.signer.ap_id.as_str()) {
        return Err(AppError::Forbidden(
            "the object is attributed to someone else".into(),
        ));
    }
    let object_id = url_of(&object, "object.id")?;
    if host_of(&object_id) != Some(inbound.signer.host()) {
        return Err(bad("object.id: not on the author's server"));
    }
    let db = &inbound.data.db;
    if spaces::federation::get(db, space.space_id).await?.posting == Posting::Followers
        && !spaces::federation::is_follower(db, space.space_id, author).await?
    {
        // Told, not dropped: the author's server gets a Reject.
        inbound.reject(space.space_id).await?;
        return Err(AppError::Forbidden(
            "only followers of this space may post and comment in it: follow it first".into(),
        ));
    }
    let stored = store::post_or_comment(inbound.data, space.space_id, post, author, update).await?;
    if stored {
        inbound.announce_as_is(&space).await?;
    }
    Ok(if stored { "stored" } else { "ignored" })
}

/// The public space of ours holding the thread a reply answers.
async fn thread_space(inbound: &Inbound<'_>, post: &Post) -> AppResult<Option<SpaceActor>> {
    let Some(parent) = post.in_reply_to.as_deref().filter(|_| post.is_reply()) else {
        return Ok(None);
    };
    let Some(space_id) = target_space(inbound.data, parent).await? else {
        return Ok(None);
    };
    let space = publish::space_actor(&inbound.data.db.read, space_id).await?;
    if !space.is_local() {
        return Ok(None);
    }
    // Only a public space: what `local_group` finds.
    crate::federation::actors::local_group(&inbound.data.db, &space.slug).await
}

/// Content a followed group relays. FEP-1b12: the group speaks only for
/// its own content, read as its origin serves it.
///
/// 1. An object stored here in another space stays there: no group can
///    take over or edit what belongs to another one.
/// 2. The object is taken as embedded only from the group's own server;
///    anything else is fetched from its origin.
/// 3. It belongs to the group: its `audience`, `to`, `cc` or
///    `attributedTo` names the group, or it is a reply (whose thread must
///    be in the group's space).
async fn from_group(inbound: &Inbound<'_>, space_id: i64, update: bool) -> AppResult<&'static str> {
    let data = inbound.data;
    let group = &inbound.signer;
    let object_id = inbound.object_id()?;
    if data.federation.urls.is_local(object_id.as_str()) {
        return Ok("ignored: our own"); // relayed back to us
    }
    if let Some(reason) = owned_elsewhere(inbound, object_id.as_str(), space_id).await? {
        return Ok(reason);
    }
    if !update && stored_in(data, object_id.as_str()).await? == Some(space_id) {
        // A group announces new content twice (the Create, and the object
        // bare for microblogs): the second is nothing new.
        return Ok("ignored: already here");
    }
    let embedded = &inbound.activity.object;
    let object = if embedded.is_object() && inbound.on_group_server(&object_id) {
        embedded.clone()
    } else {
        let fetched = remote::fetch(data, &object_id).await?;
        // The origin may answer under another id: check that one too.
        let fetched_id = url_of(&fetched, "object.id")?;
        if let Some(reason) = owned_elsewhere(inbound, fetched_id.as_str(), space_id).await? {
            return Ok(reason);
        }
        fetched
    };
    let post: Post = objects::read("object", &object)?;
    if !post.is_reply() && !post.names(group.ap_id.as_str()) {
        return Ok("ignored: the object does not belong to this group");
    }
    match post.kind.as_deref() {
        Some("Event") => return store::event(inbound, space_id, &object).await,
        Some("Document") => return store::document(inbound, space_id, &object).await,
        _ => {}
    }
    let author_id = post
        .author()
        .ok_or_else(|| bad("attributedTo: missing or not an id"))?;
    let author_id = Url::parse(author_id).map_err(|_| bad("attributedTo: not a URL"))?;
    let object_id = url_of(&object, "object.id")?;
    if host_of(&author_id) != host_of(&object_id) {
        return Err(bad("object: its author is on another server"));
    }
    let actor = inbound.activity.actor.as_deref();
    if update && actor != Some(author_id.as_str()) && actor != Some(group.ap_id.as_str()) {
        return Err(AppError::Forbidden(
            "only the author or the group may update".into(),
        ));
    }
    if data.federation.urls.is_local(author_id.as_str()) {
        return Ok("ignored: our own");
    }
    let author = match remote::actor(data, &author_id).await?.row {
        remote::ActorRow::Account(id) => id,
        remote::ActorRow::Space(_) => return Err(bad("attributedTo: not a person")),
    };
    let stored = store::post_or_comment(data, space_id, post, author, update).await?;
    Ok(if stored { "stored" } else { "ignored" })
}

/// `Some(reason)` when an object stored here belongs to another space.
async fn owned_elsewhere(
    inbound: &Inbound<'_>,
    ap_id: &str,
    space_id: i64,
) -> AppResult<Option<&'static str>> {
    Ok(match stored_in(inbound.data, ap_id).await? {
        Some(other) if other != space_id => {
            Some("ignored: the object belongs to another space here")
        }
        _ => None,
    })
}
