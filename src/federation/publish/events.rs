//! Events (Mobilizon / FEP-8a8e shape) and registrations (`Join`).

use serde_json::Value;

use super::super::Federation;
use super::super::objects::activity::{Kind, SentActivity};
use super::super::objects::card::{SentCard, card_tombstone};
use super::super::objects::direct::{LinkMessage, ParticipantMessage, SentDirectNote};
use super::super::objects::event::SentEvent;
use super::super::objects::value;
use super::super::outbox::{self, Signer};
use super::{
    SpaceActor, announce, author_url, card_from_author, follower_inboxes, group_announces,
    local_username, member, space_actor, wrap,
};
use crate::db::Tx;
use crate::error::AppResult;
use crate::i18n::{Lang, Tr};
use crate::{accounts, events, spaces};

/// The AS2 `Event` of an event of ours, as sent.
pub fn event_json(
    fed: &Federation,
    event: &crate::events::Event,
    space: &SpaceActor,
    organiser: &str,
    going: i64,
) -> Value {
    value(sent_event(fed, event, space, organiser, going))
}

fn sent_event(
    fed: &Federation,
    event: &crate::events::Event,
    space: &SpaceActor,
    organiser: &str,
    going: i64,
) -> SentEvent {
    let id = event
        .ap_id
        .clone()
        .unwrap_or_else(|| fed.urls.event(event.id));
    SentEvent::sent(event, id, space.audience(fed), organiser.to_owned(), going)
}

/// The card of an event (`federation::objects::card`): its start in the
/// event's own time zone, as its page shows it.
fn event_card(event: &crate::events::Event, sent: &SentEvent) -> Value {
    let when = jiff::Timestamp::from_microsecond(event.starts_at)
        .ok()
        .zip(jiff::tz::TimeZone::get(&event.timezone).ok())
        .map(|(at, zone)| at.to_zoned(zone).strftime("%Y-%m-%d %H:%M").to_string())
        .map_or_else(
            || sent.start_time.clone(),
            |local| format!("{local} ({})", event.timezone),
        );
    value(SentCard::of_event(sent, &when))
}

/// An event of ours and its card, with its space and organiser, or `None`.
pub async fn load_event_card(
    tx: &mut Tx,
    event_id: i64,
    fed: &Federation,
) -> AppResult<Option<(crate::events::Event, SpaceActor, Value)>> {
    let Some((event, space, organiser, going)) = event_parts(tx, event_id, fed).await? else {
        return Ok(None);
    };
    let sent = sent_event(fed, &event, &space, &organiser, going);
    let card = event_card(&event, &sent);
    Ok(Some((event, space, card)))
}

/// An event, its space, its organiser's URL and how many are going.
async fn event_parts(
    tx: &mut Tx,
    event_id: i64,
    fed: &Federation,
) -> AppResult<Option<(crate::events::Event, SpaceActor, String, i64)>> {
    let Some(event) = events::federated::event(&mut **tx, event_id).await? else {
        return Ok(None);
    };
    let space: SpaceActor = space_actor(&mut **tx, event.space_id).await?;
    let organiser = accounts::public::author(&mut **tx, event.organiser_id).await?;
    let going = events::going(tx, event.id).await?;
    let organiser = author_url(fed, &organiser.username, organiser.ap_id.as_deref());
    Ok(Some((event, space, organiser, going)))
}

/// An event with what its `Event` needs, or `None`.
pub async fn load_event(
    tx: &mut Tx,
    event_id: i64,
    fed: &Federation,
) -> AppResult<Option<(crate::events::Event, SpaceActor, Value)>> {
    let Some((event, space, organiser, going)) = event_parts(tx, event_id, fed).await? else {
        return Ok(None);
    };
    let json = event_json(fed, &event, &space, &organiser, going);
    Ok(Some((event, space, json)))
}

/// A new or changed event of ours: its space's group announces the
/// organiser's Create/Update to every follower. The organiser's own
/// Update or Delete also goes straight to followers (the only form in
/// which Mastodon applies it), and the groups that follow the space
/// (forum categories, which show no `Event`) get its card.
pub async fn event_changed(
    tx: &mut Tx,
    fed: &Federation,
    event_id: i64,
    kind: Kind,
) -> AppResult<()> {
    let Some((event, space, organiser, going)) = event_parts(tx, event_id, fed).await? else {
        return Ok(());
    };
    if event.ap_id.is_some() || !space.is_local() {
        return Ok(());
    }
    let sent = sent_event(fed, &event, &space, &organiser, going);
    let card = event_card(&event, &sent);
    let (sent_id, card_to) = (sent.id.clone(), sent.to.clone());
    let activity = wrap(fed, kind, &organiser, value(sent), &space).into_value();
    let categories = spaces::federation::group_follower_inboxes(&mut **tx, space.space_id).await?;
    if kind != Kind::Create {
        let followers = follower_inboxes(tx, space.space_id).await?;
        let signer = member(event.organiser_id);
        outbox::enqueue(tx, fed, signer, activity.clone(), followers).await?;
        announce(tx, fed, &space, activity).await?;
        let card = match kind {
            Kind::Delete => card_tombstone(&sent_id, &organiser, card_to),
            _ => card,
        };
        return card_from_author(tx, fed, event.organiser_id, kind, card, categories).await;
    }
    announce(tx, fed, &space, activity).await?;
    group_announces(tx, fed, &space, [card], &categories).await
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

/// The online link of an event of ours, in a direct message from its
/// organiser to remote participant `account_id`, or (`None`) to every
/// remote participant going. Only to those still going, only while the
/// event has a link; the outbox refuses it for a private space (the
/// message names the event).
pub async fn meeting_link(
    tx: &mut Tx,
    fed: &Federation,
    event_id: i64,
    account_id: Option<i64>,
) -> AppResult<()> {
    let Some(event) = events::federated::event(&mut **tx, event_id).await? else {
        return Ok(());
    };
    let Some(link) = event.online_url.clone().filter(|_| event.ap_id.is_none()) else {
        return Ok(());
    };
    let to = match account_id {
        Some(id) if events::link::is_going(&mut **tx, event_id, id).await? => vec![id],
        Some(_) => Vec::new(),
        None => events::link::remote_going(&mut **tx, event_id).await?,
    };
    let lang = Lang::from_code(&event.language).unwrap_or(Lang::En);
    let sentence = Tr::new(lang).with("event-link-message", "event", &event.title);
    let event_url = fed.urls.event(event.id);
    let message = LinkMessage {
        sentence: &sentence,
        language: &event.language,
        event_url: &event_url,
        link: &link,
    };
    to_each(tx, fed, &event, to, |id, from, to, handle| {
        SentDirectNote::meeting_link(id, from, to, handle, &message)
    })
    .await
}

/// The organisers' message to the participants of an event of ours, in a
/// direct message from its organiser to each remote participant taking
/// part (going, waiting or pending) when it is sent out. Like the link,
/// it names the event, so the outbox refuses it for a private space.
pub async fn participant_message(
    tx: &mut Tx,
    fed: &Federation,
    event_id: i64,
    subject: &str,
    body: &str,
) -> AppResult<()> {
    let Some(event) = events::federated::event(&mut **tx, event_id).await? else {
        return Ok(());
    };
    if event.ap_id.is_some() {
        return Ok(());
    }
    let to = events::participants::remote_taking_part(&mut **tx, event_id).await?;
    let event_url = fed.urls.event(event.id);
    let message = ParticipantMessage {
        subject,
        body,
        language: &event.language,
        event_url: &event_url,
    };
    to_each(tx, fed, &event, to, |id, from, to, handle| {
        SentDirectNote::participant_message(id, from, to, handle, &message)
    })
    .await
}

/// Queues a `Create` of the `Note` that `note` makes (given its id, the
/// organiser's actor, the addressee's and their handle) from the
/// organiser of `event` to each remote account of `to`, each alone.
async fn to_each(
    tx: &mut Tx,
    fed: &Federation,
    event: &events::Event,
    to: Vec<i64>,
    note: impl Fn(String, String, String, &str) -> SentDirectNote,
) -> AppResult<()> {
    if to.is_empty() {
        return Ok(());
    }
    let organiser = accounts::public::author(&mut **tx, event.organiser_id).await?;
    let from = author_url(fed, &organiser.username, organiser.ap_id.as_deref());
    for participant in to {
        let Some(remote) = accounts::remote::inbox(&mut **tx, participant).await? else {
            continue;
        };
        let person = accounts::public::author(&mut **tx, participant).await?;
        let host = url::Url::parse(&remote.ap_id)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        let handle = format!("{}@{host}", person.username);
        let note = note(
            fed.urls.new_activity("note"),
            from.clone(),
            remote.ap_id.clone(),
            &handle,
        );
        let activity = SentActivity::new(
            Kind::Create,
            fed.urls.new_activity("create"),
            from.clone(),
            note,
        )
        .to(vec![remote.ap_id.clone()])
        .into_value();
        let signer = member(event.organiser_id);
        outbox::enqueue(tx, fed, signer, activity, vec![remote.inbox_url.clone()]).await?;
    }
    Ok(())
}
