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
    let kind = if accept { Kind::Accept } else { Kind::Reject };
    answer(tx, fed, space_id, follow, kind, &remote.ap_id, inbox).await
}

/// A space of ours accepts a remote group's `Follow` (a NodeBB category
/// following it).
pub async fn accept(
    tx: &mut Tx,
    fed: &Federation,
    space_id: i64,
    follow: &Value,
    actor: &str,
    inbox: String,
) -> AppResult<()> {
    answer(tx, fed, space_id, follow, Kind::Accept, actor, inbox).await
}

/// A space of ours refuses a remote actor's activity (a post from someone
/// the space does not take posts from): a `Reject` of it, so its author
/// learns rather than meets silence.
pub async fn reject(
    tx: &mut Tx,
    fed: &Federation,
    space_id: i64,
    activity: &Value,
    actor: &str,
    inbox: String,
) -> AppResult<()> {
    answer(tx, fed, space_id, activity, Kind::Reject, actor, inbox).await
}

/// A member of ours refuses a `Follow` of them with a `Reject` signed by
/// them (people are followed through their public spaces).
pub async fn reject_person_follow(
    tx: &mut Tx,
    fed: &Federation,
    account_id: i64,
    follow: &Value,
    actor: &str,
    inbox: String,
) -> AppResult<()> {
    let Some(username) = local_username(tx, account_id).await? else {
        return Ok(());
    };
    let mut follow = follow.clone();
    super::strip_context(&mut follow);
    let id = fed.urls.new_activity("reject");
    let answer = SentActivity::new(Kind::Reject, id, fed.urls.person(&username), follow)
        .to(vec![actor.to_owned()])
        .into_value();
    outbox::enqueue(tx, fed, member(account_id), answer, vec![inbox]).await
}

/// The space's group answers `activity` (as it came) to its actor.
async fn answer(
    tx: &mut Tx,
    fed: &Federation,
    space_id: i64,
    activity: &Value,
    kind: Kind,
    actor: &str,
    inbox: String,
) -> AppResult<()> {
    let space: SpaceActor = space_actor(&mut **tx, space_id).await?;
    let mut activity = activity.clone();
    super::strip_context(&mut activity);
    let id = fed.urls.new_activity(&kind.name().to_ascii_lowercase());
    let answer = SentActivity::new(kind, id, space.id(fed), activity)
        .to(vec![actor.to_owned()])
        .into_value();
    outbox::enqueue(tx, fed, Signer::Space(space.space_id), answer, vec![inbox]).await
}
