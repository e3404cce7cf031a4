//! Following remote spaces, and answering those who follow ours.

use serde_json::Value;

use super::super::Federation;
use super::super::objects::activity::{Kind, SentActivity};
use super::super::outbox::{self, Signer};
use super::{SpaceActor, local_username, member, space_actor};
use crate::accounts;
use crate::db::Tx;
use crate::error::AppResult;

/// A member follows a remote space (`Follow`), or stops (`Undo(Follow)`).
pub async fn follow(
    tx: &mut Tx,
    fed: &Federation,
    follower_id: i64,
    space_id: i64,
    follow_id: &str,
    undo: bool,
) -> AppResult<()> {
    let Some(username) = local_username(tx, follower_id).await? else {
        return Ok(());
    };
    let space = space_actor(&mut **tx, space_id).await?;
    let actor = fed.urls.person(&username);
    let group = space.id(fed);
    let follow = SentActivity::new(Kind::Follow, follow_id.to_owned(), actor.clone(), &group)
        .to(vec![group.clone()]);
    let activity = if undo {
        let id = fed.urls.new_activity("undo");
        SentActivity::new(Kind::Undo, id, actor, follow.inner()).to(vec![group])
    } else {
        follow
    }
    .into_value();
    let inbox = space.inbox().into_iter().collect();
    outbox::enqueue(tx, fed, member(follower_id), activity, inbox).await
}

/// A space of ours answers a remote actor's `Follow`: `Accept` or `Reject`.
pub async fn answer_follow(
    tx: &mut Tx,
    fed: &Federation,
    space_id: i64,
    follower_id: i64,
    follow: &Value,
    accept: bool,
) -> AppResult<()> {
    let Some(remote) = accounts::remote::inbox(&mut **tx, follower_id).await? else {
        return Ok(());
    };
    let inbox = remote.delivery_inbox();
    let space: SpaceActor = space_actor(&mut **tx, space_id).await?;
    let mut follow = follow.clone();
    if let Some(object) = follow.as_object_mut() {
        object.remove("@context");
    }
    let answer = if accept { Kind::Accept } else { Kind::Reject };
    let id = fed.urls.new_activity(&answer.name().to_ascii_lowercase());
    // The Follow as it came, answered to its actor.
    let activity = SentActivity::new(answer, id, space.id(fed), follow)
        .to(vec![remote.ap_id.clone()])
        .into_value();
    outbox::enqueue(
        tx,
        fed,
        Signer::Space(space.space_id),
        activity,
        vec![inbox],
    )
    .await
}
