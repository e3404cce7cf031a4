//! Flag: reports from other instances.

use serde_json::Value;

use super::{Inbound, id_of};
use crate::error::AppResult;

impl Inbound<'_> {
    /// A report from another instance about members or content of ours.
    pub(super) async fn flag(&self) -> AppResult<&'static str> {
        let host = self.actor.host();
        if crate::urls::normalize_host(&host)
            .is_some_and(|d| self.data.federation.policy.rejects_reports(&d))
        {
            return Ok("ignored: reports from this instance are refused");
        }
        let objects: Vec<String> = match self.object() {
            Value::Array(items) => items.iter().filter_map(id_of).map(str::to_owned).collect(),
            other => id_of(other).map(str::to_owned).into_iter().collect(),
        };
        // Mastodon and GoToSocial put the reason in `content`, Lemmy in
        // `summary`.
        let reason = ["content", "summary"]
            .iter()
            .filter_map(|field| self.activity.get(*field).and_then(Value::as_str))
            .find(|text| !text.trim().is_empty())
            .unwrap_or("");
        // Flags come from instance actors (Mastodon's, ours): the instance
        // is the reporter, kept as `origin_domain`.
        let flag_id = id_of(&self.activity["id"]).unwrap_or_default();
        let stored = crate::moderation::receive_flag(
            &self.data.db,
            &self.data.changes,
            &host,
            flag_id,
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
}
