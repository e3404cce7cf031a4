//! Backfill: the recent posts of a remote space a member here just
//! followed, read from its group's outbox. Each item is received as if the
//! group had announced it (`inbox::relay`), with the same checks.

use activitypub_federation::config::Data;
use serde_json::Value;
use url::Url;

use super::objects::{self, collection::Collection, collection::Page};
use super::{inbox, remote};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::urls::host_of;

/// How many items of the outbox are read.
const ITEMS: usize = 20;

/// Starts a backfill of `space_id` in the background.
pub fn start(data: Data<AppState>, space_id: i64) {
    tokio::spawn(async move {
        if let Err(e) = backfill(&data, space_id).await {
            tracing::info!(error = %e, space_id, "backfill of a followed space failed");
        }
    });
}

/// Fetches the last posts of our copy `space_id` of a remote space.
pub async fn backfill(data: &Data<AppState>, space_id: i64) -> AppResult<()> {
    let Some((group_id, Some(outbox))) =
        crate::spaces::follows::remote_outbox(&data.db, space_id).await?
    else {
        return Ok(());
    };
    if !crate::spaces::follows::is_followed_here(&data.db, space_id).await? {
        return Ok(());
    }
    let bad = |field: &str| AppError::BadRequest(format!("{field}: not a URL"));
    let group = remote::actor(data, &Url::parse(&group_id).map_err(|_| bad("group"))?).await?;
    let outbox = Url::parse(&outbox).map_err(|_| bad("outbox"))?;
    if host_of(&outbox) != Some(group.host()) {
        return Err(AppError::BadRequest(
            "outbox: not on the group's server".into(),
        ));
    }
    let collection: Collection = objects::read("outbox", &remote::fetch(data, &outbox).await?)?;
    let page = match collection.first_page() {
        Page::Here(page) => page,
        Page::At(url) => {
            let url = Url::parse(&url).map_err(|_| bad("first"))?;
            objects::read("outbox page", &remote::fetch(data, &url).await?)?
        }
    };
    // Oldest first, so the feed order matches the original one.
    for item in page.into_items().into_iter().take(ITEMS).rev() {
        let inner = match item.get("type").and_then(Value::as_str) {
            Some("Announce") => item.get("object").cloned().unwrap_or(Value::Null),
            _ => item,
        };
        match inbox::relay(data, &group, space_id, inner).await {
            Ok(outcome) => tracing::debug!(outcome, "backfill: an item"),
            Err(e) => tracing::debug!(error = %e, "backfill: skipped an item"),
        }
    }
    Ok(())
}
