//! `Follow` of a public space of ours: accepted, held for a space
//! manager (from a limited instance), or rejected (the space federates only
//! with listed instances).

use super::inbound::Inbound;
use super::url_of;
use crate::error::{AppError, AppResult};
use crate::federation::policy::Verdict;
use crate::federation::publish;
use crate::federation::remote::ActorRow;
use crate::spaces;
use crate::urls::LocalRef;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let target = url_of(&inbound.activity.object, "object")?;
    let slug = match inbound.data.federation.urls.parse(target.as_str()) {
        Some(LocalRef::Space(slug)) => slug,
        Some(LocalRef::Person(name)) => return person(inbound, &name).await,
        _ => return Ok("ignored: only spaces can be followed"),
    };
    let space = crate::federation::actors::local_group(&inbound.data.db, &slug)
        .await?
        .ok_or(AppError::NotFound("object"))?;
    inbound.refuse_if_banned(space.space_id).await?;
    if let ActorRow::Space(group_id) = inbound.signer.row {
        return group(inbound, space.space_id, group_id).await;
    }
    let follower = inbound.person_id()?;
    let fed = &inbound.data.federation;
    let db = &inbound.data.db;
    let host = inbound.signer.host();
    let allowed = spaces::federation::allows(db, space.space_id, &host).await?;
    let mut tx = db.begin().await?;
    let outcome = if !allowed {
        // The space federates only with listed instances.
        publish::answer_follow(&mut tx, fed, space.space_id, follower, &inbound.raw, false).await?;
        "rejected: this space federates only with listed instances"
    } else if fed.policy.verdict(&host) == Verdict::Limited {
        spaces::federation::request_follow(&mut tx, space.space_id, follower, &inbound.raw).await?;
        "waiting for a space manager's approval"
    } else {
        spaces::federation::accept_follower(&mut tx, space.space_id, follower, inbound.raw.clone())
            .await?;
        "following"
    };
    tx.commit().await?;
    fed.wake_outbox();
    Ok(outcome)
}

/// A remote group follows the space (a NodeBB category does, to show its
/// posts as topics): accepted, or rejected where the space federates only
/// with listed instances or the instance is limited (a group cannot wait
/// for a manager's approval here yet).
async fn group(inbound: &Inbound<'_>, space_id: i64, group_id: i64) -> AppResult<&'static str> {
    let data = inbound.data;
    let fed = &data.federation;
    let host = inbound.signer.host();
    let follow_id = inbound.id();
    let group = inbound.signer.ap_id.as_str();
    let inbox = inbound.signer.delivery_inbox();
    let mut tx = data.db.begin().await?;
    let outcome = if !spaces::federation::allows(&data.db, space_id, &host).await? {
        publish::reject(&mut tx, fed, space_id, &inbound.raw, group, inbox).await?;
        "rejected: this space federates only with listed instances"
    } else if fed.policy.verdict(&host) == Verdict::Limited {
        publish::reject(&mut tx, fed, space_id, &inbound.raw, group, inbox).await?;
        "rejected: follows from this instance wait for a manager, which groups cannot"
    } else {
        spaces::federation::accept_group_follower(&mut tx, space_id, group_id, follow_id).await?;
        publish::accept(&mut tx, fed, space_id, &inbound.raw, group, inbox).await?;
        "following"
    };
    tx.commit().await?;
    fed.wake_outbox();
    Ok(outcome)
}

/// A follow of one of our members. People here are followed through the
/// public spaces they write in, so the follow is answered with a `Reject`
/// from the member (never silence), and the follower can follow a space.
async fn person(inbound: &Inbound<'_>, name: &str) -> AppResult<&'static str> {
    let data = inbound.data;
    let Some(account) = crate::accounts::find_by_username(&data.db, name).await? else {
        return Err(AppError::NotFound("object"));
    };
    let mut tx = data.db.begin().await?;
    publish::reject_person_follow(
        &mut tx,
        &data.federation,
        account.id,
        &inbound.raw,
        inbound.signer.ap_id.as_str(),
        inbound.signer.delivery_inbox(),
    )
    .await?;
    tx.commit().await?;
    data.federation.wake_outbox();
    Ok("rejected: people here are followed through the public spaces they write in")
}
