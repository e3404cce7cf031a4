//! Reports sent on to the reported person's server (`Flag`).

use super::super::Federation;
use super::super::objects::activity::{Kind, SentActivity};
use super::super::outbox::{self, Signer};
use super::{load_comment, load_post};
use crate::accounts;
use crate::db::Tx;
use crate::error::AppResult;

/// Sends report `report_id` to the reported person's instance as a `Flag`
/// from our instance actor (the reporter stays anonymous). Only for people
/// elsewhere; the queue refuses it if it names private content.
pub async fn forward_report(tx: &mut Tx, fed: &Federation, report_id: i64) -> AppResult<()> {
    let Some(report) = crate::moderation::forwarded_report(tx, report_id).await? else {
        return Ok(());
    };
    let Some(remote) = accounts::remote::inbox(&mut **tx, report.account_id).await? else {
        return Ok(());
    };
    let mut objects = vec![remote.ap_id.clone()];
    if let Some(post_id) = report.post_id
        && let Some(post) = load_post(tx, post_id).await?
    {
        objects.push(post.url(fed));
    }
    if let Some(comment_id) = report.comment_id
        && let Some(comment) = load_comment(tx, comment_id).await?
    {
        objects.push(comment.url(fed));
    }
    let id = fed.urls.new_activity("flag");
    let flag = SentActivity::new(Kind::Flag, id, fed.urls.instance_actor(), objects)
        .content(report.reason.clone())
        .into_value();
    outbox::enqueue(
        tx,
        fed,
        Signer::Instance,
        flag,
        vec![remote.delivery_inbox()],
    )
    .await
}
