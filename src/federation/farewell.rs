//! A member closed their account: a `Delete` whose object is their own
//! `Person` tells the instances that knew them to drop their copy of the
//! actor (and, for Mastodon and its kin, what they stored of theirs).
//!
//! Whom to tell is read before the account closes ([`audience`]), because
//! closing takes the member out of the spaces that say who knew them; the
//! activity is queued after ([`send`]), so nothing goes out for an account
//! that did not close. Both are called by the front door (the API and web
//! handlers), not by `accounts::closing`, which knows nothing of federation.

use super::objects::activity::{Kind, SentActivity};
use super::outbox::{self, Signer};
use super::{Federation, PUBLIC};
use crate::accounts::closing::ContentChoice;
use crate::db::Db;
use crate::error::AppResult;
use crate::spaces;

/// The inboxes of every instance that knew the member: followers of the
/// public spaces of ours they belong to (the groups announced what they
/// wrote), the remote spaces they took part in, and any inbox that still
/// has a delivery signed by them queued.
pub async fn audience(db: &Db, account_id: i64) -> AppResult<Vec<String>> {
    let mut inboxes = spaces::federation::member_audience(db, account_id).await?;
    let queued: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT d.inbox_url FROM deliveries d \
           JOIN outbound_activities o ON o.id = d.activity_id \
         WHERE o.signer_kind = 'account' AND o.signer_id = $1",
    )
    .bind(account_id)
    .fetch_all(&db.read)
    .await?;
    inboxes.extend(queued.into_iter().map(|(inbox,)| inbox));
    inboxes.sort();
    inboxes.dedup();
    Ok(inboxes)
}

/// Queues `Delete(Person)` to `inboxes`, signed with the member's own key
/// (the account row keeps it). `removeData` says whether what they wrote
/// goes too: `false` when they chose to keep it (anonymised), so that
/// servers that remove a deleted person's content by default (Mastodon,
/// Agora) keep it.
pub async fn send(
    db: &Db,
    fed: &Federation,
    account_id: i64,
    username: &str,
    content: ContentChoice,
    inboxes: Vec<String>,
) -> AppResult<()> {
    let actor = fed.urls.person(username);
    let id = fed.urls.new_activity("delete");
    let activity = SentActivity::new(Kind::Delete, id, actor.clone(), &actor)
        .to(vec![PUBLIC.into()])
        .remove_data(content == ContentChoice::Delete)
        .into_value();
    let mut tx = db.begin().await?;
    outbox::enqueue(&mut tx, fed, Signer::Account(account_id), activity, inboxes).await?;
    tx.commit().await?;
    fed.wake_outbox();
    Ok(())
}
