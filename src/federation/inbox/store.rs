//! Remote objects handed to the domain modules that store them, as the
//! typed values those modules take.

use activitypub_federation::config::Data;
use serde_json::Value;
use url::Url;

use super::inbound::Inbound;
use super::{bad, url_of};
use crate::AppState;
use crate::error::AppResult;
use crate::federation::objects::{self, post::Post};
use crate::federation::remote::{self, ActorRow};
use crate::posts;
use crate::urls::{LocalRef, host_of};

/// Stores `post` in space `space_id`: a reply as a comment (if its thread
/// is in that space), anything else of text as a post. Returns whether
/// anything changed.
pub(super) async fn post_or_comment(
    data: &Data<AppState>,
    space_id: i64,
    post: Post,
    author: i64,
    update: bool,
) -> AppResult<bool> {
    if !post.is_text() {
        return Ok(false);
    }
    let mentioned = local_mentions(data, &post).await?;
    // Pictures and files of a domain whose media we refuse are dropped,
    // links and all: everything that domain sends, and whatever is hosted
    // on it, whoever sends it.
    let policy = &data.federation.policy;
    let accepts_media_of =
        |url: &str| crate::urls::host_of_str(url).is_some_and(|host| !policy.rejects_media(&host));
    let keep_media = post.id.as_deref().is_some_and(accepts_media_of);
    if let Some(parent) = post.in_reply_to.as_deref().filter(|_| post.is_reply()) {
        let urls = &data.federation.urls;
        let Some((post_id, parent_id)) =
            posts::comments::find_parent(&data.db, urls, parent, space_id).await?
        else {
            return Ok(false); // a reply to something we do not have
        };
        let mut comment = post.received_comment(post_id, parent_id, author, mentioned)?;
        if !keep_media {
            comment.media.clear();
        }
        comment.media.retain(|m| accepts_media_of(&m.url));
        let pictures = !comment.media.is_empty();
        let stored = posts::comments::store_remote(&data.db, comment, update).await;
        return rung(data, pictures, stored);
    }
    let mut post = post.received_post(space_id, author, mentioned)?;
    if !keep_media {
        post.media.clear();
    }
    post.media.retain(|m| accepts_media_of(&m.url));
    let pictures = !post.media.is_empty();
    let stored = posts::store_remote(&data.db, post, update).await;
    rung(data, pictures, stored)
}

/// Wakes the pictures' worker when what was stored may have pictures to
/// fetch.
fn rung(data: &Data<AppState>, pictures: bool, stored: AppResult<bool>) -> AppResult<bool> {
    if pictures && stored.is_ok() {
        data.federation.pictures.notify_one();
    }
    stored
}

/// Our members an object mentions: its `Mention` tags whose `href` is one
/// of our people's URLs (at most 50, like a local text's mentions).
async fn local_mentions(data: &Data<AppState>, post: &Post) -> AppResult<Vec<i64>> {
    let urls = &data.federation.urls;
    let names: Vec<String> = post
        .mentions()
        .filter_map(|href| match urls.parse(href) {
            Some(LocalRef::Person(name)) => Some(name),
            _ => None,
        })
        .take(50)
        .collect();
    let mut ids = Vec::new();
    for name in names {
        if let Ok(id) = crate::accounts::find_id_by_handle(&data.db, &name).await {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The person `id` names, fetched if not known yet.
async fn person(data: &Data<AppState>, id: &Url, field: &str) -> AppResult<i64> {
    match remote::actor(data, id).await?.row {
        ActorRow::Account(id) => Ok(id),
        ActorRow::Space(_) => Err(bad(format!("{field}: not a person"))),
    }
}

/// An `Event` of a followed space, stored or updated. Only its group's own
/// server may speak for it. Participants here hear of a cancellation or a
/// new time.
pub(super) async fn event(
    inbound: &Inbound<'_>,
    space_id: i64,
    object: &Value,
) -> AppResult<&'static str> {
    let object_id = url_of(object, "object.id")?;
    if !inbound.on_group_server(&object_id) {
        return Err(bad("Event: not on its group's server"));
    }
    // The organiser: `organizer`, else whoever created it.
    let organiser = object
        .get("organizer")
        .and_then(objects::id_of)
        .or(inbound.activity.actor.as_deref())
        .ok_or_else(|| bad("Event: no organizer"))?;
    let organiser = Url::parse(organiser).map_err(|_| bad("organizer: not a URL"))?;
    let organiser = person(inbound.data, &organiser, "organizer").await?;
    let event = objects::read::<objects::event::Event>("Event", object)?.received()?;
    crate::events::store_remote(&inbound.data.db, space_id, organiser, event).await
}

/// A `Document` (library file or note) of a followed space, stored or
/// updated. Only its group's own server may speak for it.
pub(super) async fn document(
    inbound: &Inbound<'_>,
    space_id: i64,
    object: &Value,
) -> AppResult<&'static str> {
    let object_id = url_of(object, "object.id")?;
    if !inbound.on_group_server(&object_id) {
        return Err(bad("Document: not on its group's server"));
    }
    let author = url_of(
        object.get("attributedTo").unwrap_or(&Value::Null),
        "attributedTo",
    )?;
    if host_of(&author) != Some(inbound.signer.host()) {
        return Err(bad("Document: its author is on another server"));
    }
    let author = person(inbound.data, &author, "attributedTo").await?;
    let item = objects::read::<objects::document::Document>("Document", object)?.received()?;
    crate::library::store_remote(&inbound.data.db, space_id, author, item).await
}
