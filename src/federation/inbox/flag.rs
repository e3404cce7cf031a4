//! `Flag`: a report from another instance about members or content of ours.

use serde_json::Value;

use super::id_of;
use super::inbound::Inbound;
use crate::error::AppResult;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let data = inbound.data;
    let host = inbound.signer.host();
    if crate::urls::normalize_host(&host)
        .is_some_and(|d| data.federation.policy.rejects_reports(&d))
    {
        return Ok("ignored: reports from this instance are refused");
    }
    let objects: Vec<String> = match &inbound.activity.object {
        Value::Array(items) => items.iter().filter_map(id_of).map(str::to_owned).collect(),
        other => id_of(other).map(str::to_owned).into_iter().collect(),
    };
    // Mastodon and GoToSocial put the reason in `content`, Lemmy in
    // `summary`.
    let activity = &inbound.activity;
    let reason = [&activity.content, &activity.summary]
        .into_iter()
        .flatten()
        .find(|text| !text.trim().is_empty())
        .map_or("", String::as_str);
    // Flags come from instance actors (Mastodon's, ours): the instance is
    // the reporter, kept as `origin_domain`.
    let stored = crate::moderation::receive_flag(
        &data.db,
        &data.changes,
        &host,
        inbound.id(),
        &objects,
        reason,
    )
    .await?;
    Ok(if stored {
        "reported"
    } else {
        "ignored: it names nothing of ours"
    })
}
