//! Bans (`Block` with a `target`), as Lemmy sends and applies them.

use super::super::objects::activity::{Kind, SentActivity};
use super::super::outbox;
use super::super::{Federation, PUBLIC};
use super::{announce, local_username, space_actor};
use crate::accounts;
use crate::db::Tx;
use crate::error::AppResult;
use crate::spaces::Visibility;

/// Someone elsewhere was banned from a public space of ours `by` one of
/// its managers. Lemmy's form: the manager blocks the person, with the
/// group as `target` and the reason in `summary`; the group announces it
/// to its followers (Lemmy instances then hide the person in the space),
/// and the person's server hears of it directly.
pub async fn banned(
    tx: &mut Tx,
    fed: &Federation,
    space_id: i64,
    account_id: i64,
    by: i64,
    reason: &str,
) -> AppResult<()> {
    let space = space_actor(&mut **tx, space_id).await?;
    if !space.is_local() || space.visibility != Visibility::Public {
        return Ok(());
    }
    let Some(person) = accounts::remote::inbox(&mut **tx, account_id).await? else {
        return Ok(());
    };
    let group = space.id(fed);
    let actor = match local_username(tx, by).await? {
        Some(name) => fed.urls.person(&name),
        None => group.clone(),
    };
    let mut block = SentActivity::new(
        Kind::Block,
        fed.urls.new_activity("block"),
        actor,
        person.ap_id.clone(),
    )
    .target(group.clone())
    .audience(group.clone())
    .to(vec![PUBLIC.into()])
    .cc(vec![group])
    .remove_data(false);
    if !reason.is_empty() {
        block = block.summary(reason.to_owned());
    }
    let block = block.into_value();
    let signer = match local_username(tx, by).await? {
        Some(_) => outbox::Signer::Account(by),
        None => outbox::Signer::Space(space_id),
    };
    outbox::enqueue(
        tx,
        fed,
        signer,
        block.clone(),
        vec![person.delivery_inbox()],
    )
    .await?;
    announce(tx, fed, &space, block).await
}
