//! `Block`. Without a `target`, someone elsewhere blocks one of our
//! members (Mastodon sends it so that the blocked side knows): their own
//! server already hides our member's posts from them, and Agora shows
//! their posts only in spaces, so nothing changes here.
//!
//! With a `target`, it is Lemmy's ban from a community: a moderator of a
//! group someone here follows bans a member of ours from it. Sent to the
//! member's server directly and announced by the group. Taken from the
//! group's own server only; the member is taken out of the group here and
//! may not join it again until an `Undo` lifts the ban.

use super::inbound::{Inbound, Via};
use super::url_of;
use crate::error::AppResult;
use crate::federation::objects::activity::Activity;
use crate::federation::remote::{self, ActorRow};
use crate::urls::LocalRef;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    if inbound.activity.target.is_none() {
        return Ok("ignored: a block by someone elsewhere changes nothing here");
    }
    group_ban(inbound, &inbound.activity, false).await
}

/// A ban from a group (`block`, or with `lift` its `Undo`): applied to a
/// member of ours when the group's server says so.
pub(super) async fn group_ban(
    inbound: &Inbound<'_>,
    block: &Activity,
    lift: bool,
) -> AppResult<&'static str> {
    let data = inbound.data;
    let Some(target) = block.target.as_deref() else {
        return Ok("ignored: a block by someone elsewhere changes nothing here");
    };
    let Some(group) = remote::stored_actor(&data.db, target).await? else {
        return Ok("ignored: a ban from a group nobody here follows");
    };
    let ActorRow::Space(space_id) = group.row else {
        return Ok("ignored: the target of a ban is not a group");
    };
    let relayed_by_it = matches!(inbound.via, Via::Group { space_id: s } if s == space_id);
    if !relayed_by_it && inbound.signer.host() != group.host() {
        return Err(crate::error::AppError::Forbidden(
            "only the group's own server may ban from it".into(),
        ));
    }
    let person = url_of(&block.object, "object")?;
    let Some(LocalRef::Person(name)) = data.federation.urls.parse(person.as_str()) else {
        return Ok("ignored: the ban of someone elsewhere is their server's to apply");
    };
    let Ok(account) = crate::accounts::find_id_by_handle(&data.db, &name).await else {
        return Ok("ignored: the banned actor is not a member here");
    };
    if lift {
        let lifted = crate::moderation::unbanned_elsewhere(&data.db, space_id, account).await?;
        return Ok(if lifted {
            "unbanned"
        } else {
            "ignored: no such ban"
        });
    }
    let by = match inbound.signer.row {
        ActorRow::Account(id) if !relayed_by_it => Some(id),
        _ => None,
    };
    let reason = block.summary.as_deref().unwrap_or_default();
    crate::moderation::banned_elsewhere(&data.db, space_id, account, by, reason).await?;
    Ok("banned")
}
