//! Reports sent on to the reported person's server (`Flag`).

use super::super::Federation;
use super::super::objects::activity::{Kind, SentActivity};
use super::super::outbox::{self, Signer};
use super::{SpaceActor, load_comment, load_post};
use crate::accounts;
use crate::db::Tx;
use crate::error::AppResult;

/// Sends report `report_id` on as a `Flag` from our instance actor (the
/// reporter stays anonymous). Only for people elsewhere; the queue refuses
/// it if it names private content.
///
/// Mastodon's form goes to the reported person's server: their actor and
/// the content, in `object`. When the content is in a remote group (a
/// Lemmy community), the group's server gets Lemmy's form as well: one
/// object, addressed `to` the group, the reason in `summary`; Lemmy takes
/// no other.
pub async fn forward_report(tx: &mut Tx, fed: &Federation, report_id: i64) -> AppResult<()> {
    let Some(report) = crate::moderation::forwarded_report(tx, report_id).await? else {
        return Ok(());
    };
    let Some(remote) = accounts::remote::inbox(&mut **tx, report.account_id).await? else {
        return Ok(());
    };
    let mut content: Option<(String, SpaceActor)> = None;
    if let Some(post_id) = report.post_id
        && let Some(post) = load_post(tx, post_id).await?
    {
        content = Some((post.url(fed), post.space));
    }
    if let Some(comment_id) = report.comment_id
        && let Some(comment) = load_comment(tx, comment_id).await?
    {
        content = Some((comment.url(fed), comment.space));
    }
    let mut objects = vec![remote.ap_id.clone()];
    objects.extend(content.iter().map(|(url, _)| url.clone()));
    let person_inbox = remote.delivery_inbox();
    let mut group_host = None;
    if let Some((url, space)) = content.filter(|(_, space)| !space.is_local())
        && let Some(group_inbox) = space.inbox()
    {
        group_host = crate::urls::host_of_str(&group_inbox);
        let group = space.id(fed);
        let flag = SentActivity::new(
            Kind::Flag,
            fed.urls.new_activity("flag"),
            fed.urls.instance_actor(),
            url,
        )
        .to(vec![group.clone()])
        .audience(group)
        .summary(report.reason.clone())
        .content(report.reason.clone())
        .into_value();
        outbox::enqueue(tx, fed, Signer::Instance, flag, vec![group_inbox]).await?;
    }
    if group_host.is_some() && group_host == crate::urls::host_of_str(&person_inbox) {
        // One server, one report.
        return Ok(());
    }
    let id = fed.urls.new_activity("flag");
    let flag = SentActivity::new(Kind::Flag, id, fed.urls.instance_actor(), objects)
        .content(report.reason.clone())
        .into_value();
    outbox::enqueue(tx, fed, Signer::Instance, flag, vec![person_inbox]).await
}
