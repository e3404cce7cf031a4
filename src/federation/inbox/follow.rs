//! `Follow` of a public space of ours: accepted, held for a space
//! manager (from a limited instance), or rejected (the space federates only
//! with listed instances).

use super::inbound::Inbound;
use super::url_of;
use crate::error::{AppError, AppResult};
use crate::federation::policy::Verdict;
use crate::federation::publish;
use crate::spaces;
use crate::urls::LocalRef;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let target = url_of(&inbound.activity.object, "object")?;
    let Some(LocalRef::Space(slug)) = inbound.data.federation.urls.parse(target.as_str()) else {
        return Ok("ignored: only spaces can be followed");
    };
    let space = crate::federation::actors::local_group(&inbound.data.db, &slug)
        .await?
        .ok_or(AppError::NotFound("object"))?;
    inbound.refuse_if_banned(space.space_id).await?;
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
