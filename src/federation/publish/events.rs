//! Events (Mobilizon / FEP-8a8e shape) and registrations (`Join`).

use serde_json::Value;

use super::super::Federation;
use super::super::objects::activity::{Kind, SentActivity};
use super::super::objects::event::SentEvent;
use super::super::objects::value;
use super::super::outbox::{self, Signer};
use super::{SpaceActor, announce, author_url, local_username, member, space_actor, wrap};
use crate::db::Tx;
use crate::error::AppResult;
use crate::{accounts, events};

/// The AS2 `Event` of an event of ours, as sent.
pub fn event_json(
    fed: &Federation,
    event: &crate::events::Event,
    space: &SpaceActor,
    organiser: &str,
    going: i64,
) -> Value {
    let id = event
        .ap_id
        .clone()
        .unwrap_or_else(|| fed.urls.event(event.id));
    let sent = SentEvent::sent(event, id, space.audience(fed), organiser.to_owned(), going);
    value(sent)
}

/// An event with what its `Event` needs, or `None`.
pub async fn load_event(
    tx: &mut Tx,
    event_id: i64,
    fed: &Federation,
) -> AppResult<Option<(crate::events::Event, SpaceActor, Value)>> {
    let Some(event) = events::federated::event(&mut **tx, event_id).await? else {
        return Ok(None);
    };
    let space: SpaceActor = space_actor(&mut **tx, event.space_id).await?;
    let organiser = accounts::public::author(&mut **tx, event.organiser_id).await?;
    let going = events::going(tx, event.id).await?;
    let organiser = author_url(fed, &organiser.username, organiser.ap_id.as_deref());
    let json = event_json(fed, &event, &space, &organiser, going);
    Ok(Some((event, space, json)))
}

/// A new or changed event of ours: its space's group announces the
/// organiser's Create/Update to every follower.
pub async fn event_changed(
    tx: &mut Tx,
    fed: &Federation,
    event_id: i64,
    kind: Kind,
) -> AppResult<()> {
    let Some((event, space, object)) = load_event(tx, event_id, fed).await? else {
        return Ok(());
    };
    if event.ap_id.is_some() || !space.is_local() {
        return Ok(());
    }
    let organiser = object["organizer"].as_str().unwrap_or_default().to_owned();
    let activity = wrap(fed, kind, &organiser, object, &space).into_value();
    announce(tx, fed, &space, activity).await
}

/// Where an event lives: its id elsewhere (none if it is ours) and its space.
async fn event_home(tx: &mut Tx, event_id: i64) -> AppResult<Option<(Option<String>, i64)>> {
    let event = events::federated::event(&mut **tx, event_id).await?;
    Ok(event.map(|e| (e.ap_id, e.space_id)))
}

/// A member's `Join` of (or, with `leave`, `Leave` from) an event of
/// another instance, sent to the event's group.
pub async fn join_event(
    tx: &mut Tx,
    fed: &Federation,
    event_id: i64,
    account_id: i64,
    join_id: &str,
    leave: bool,
) -> AppResult<()> {
    let Some((Some(event_url), space_id)) = event_home(tx, event_id).await? else {
        return Ok(());
    };
    let Some(username) = local_username(tx, account_id).await? else {
        return Ok(());
    };
    let space: SpaceActor = space_actor(&mut **tx, space_id).await?;
    let actor = fed.urls.person(&username);
    let (id, kind) = if leave {
        (fed.urls.new_activity("leave"), Kind::Leave)
    } else {
        (join_id.to_owned(), Kind::Join)
    };
    let activity = SentActivity::new(kind, id, actor, event_url)
        .to(vec![space.id(fed)])
        .into_value();
    let inbox = space.inbox().into_iter().collect();
    outbox::enqueue(tx, fed, member(account_id), activity, inbox).await
}

/// Our group answers a remote participant's `Join`.
pub async fn answer_join(
    tx: &mut Tx,
    fed: &Federation,
    event_id: i64,
    account_id: i64,
    join_id: &str,
    accept: bool,
) -> AppResult<()> {
    let Some(remote) = accounts::remote::inbox(&mut **tx, account_id).await? else {
        return Ok(());
    };
    let actor = remote.ap_id.clone();
    let Some((None, space_id)) = event_home(tx, event_id).await? else {
        return Ok(());
    };
    let space: SpaceActor = space_actor(&mut **tx, space_id).await?;
    let answer = if accept { Kind::Accept } else { Kind::Reject };
    let join = SentActivity::new(
        Kind::Join,
        join_id.to_owned(),
        actor.clone(),
        fed.urls.event(event_id),
    )
    .inner();
    let id = fed.urls.new_activity(&answer.name().to_ascii_lowercase());
    let activity = SentActivity::new(answer, id, space.id(fed), join)
        .to(vec![actor])
        .into_value();
    outbox::enqueue(
        tx,
        fed,
        Signer::Space(space.space_id),
        activity,
        vec![remote.delivery_inbox()],
    )
    .await
}
