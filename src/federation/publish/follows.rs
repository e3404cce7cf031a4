//! Following remote spaces, and answering those who follow ours.

use serde_json::{Value, json};

use super::super::outbox::{self, Signer};
use super::super::{Federation, context};
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
    let follow = json!({
        "id": follow_id,
        "type": "Follow",
        "actor": actor,
        "object": group,
        "to": [group],
    });
    let mut activity = if undo {
        json!({
            "id": fed.urls.new_activity("undo"),
            "type": "Undo",
            "actor": actor,
            "object": follow,
            "to": [group],
        })
    } else {
        follow
    };
    activity["@context"] = context();
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
    let answer = if accept { "Accept" } else { "Reject" };
    let to = follow.get("actor").cloned().unwrap_or(Value::Null);
    let activity = json!({
        "@context": context(),
        "id": fed.urls.new_activity(&answer.to_ascii_lowercase()),
        "type": answer,
        "actor": space.id(fed),
        "object": follow,
        "to": [to],
    });
    outbox::enqueue(
        tx,
        fed,
        Signer::Space(space.space_id),
        activity,
        vec![inbox],
    )
    .await
}
