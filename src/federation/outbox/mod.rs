//! The persistent delivery queue.
//!
//! [`enqueue`] is the only way an activity leaves this instance. It runs in
//! the transaction of the change that caused it, and it is where the
//! private-space rule is enforced: every URL of ours that the activity
//! contains, anywhere in it, must name something public, or nothing is
//! queued at all.
//!
//! [`run`] delivers: it leases due rows (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so several `agora serve` nodes share the queue; SQLite has
//! one writer), with up to `federation.deliveries_per_host` requests in
//! flight per host, signs each request with the actor's key, and retries
//! with exponential backoff. A lease that expires (a node died mid-request)
//! makes the row due again: delivery is at least once, and receivers
//! dedupe by activity id.

use std::collections::HashSet;

use serde_json::Value;
use url::Url;

use super::Federation;
use crate::accounts::{self, public::HandleKind};
use crate::db::{self, Db, Tx};
use crate::error::AppResult;
use crate::spaces::addresses::{self, Exposure};
use crate::urls::{LocalRef, host_of};
use crate::{events, library, media, posts};

pub mod held_back;
#[cfg(test)]
mod tests;
mod worker;

pub use worker::run;

/// Whose key signs a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signer {
    Account(i64),
    Space(i64),
    Instance,
}

impl Signer {
    fn parts(self) -> (&'static str, i64) {
        match self {
            Signer::Account(id) => ("account", id),
            Signer::Space(id) => ("space", id),
            Signer::Instance => ("instance", 0),
        }
    }
}

/// Queues `activity` for each inbox (each once, never our own), unless it
/// contains or points to anything private. Returns whether it was queued.
pub async fn enqueue(
    tx: &mut Tx,
    fed: &Federation,
    signer: Signer,
    activity: Value,
    inboxes: Vec<String>,
) -> AppResult<()> {
    let mut seen = HashSet::new();
    let destinations: Vec<(String, String)> = inboxes
        .into_iter()
        .filter(|inbox| !fed.urls.is_local(inbox) && seen.insert(inbox.clone()))
        // Suspended (or, in allowlist mode, unlisted) hosts get nothing.
        .filter(|inbox| fed.policy.allows_url(inbox))
        .filter_map(|inbox| {
            let url = Url::parse(&inbox).ok()?;
            let host = host_of(&url)?;
            Some((inbox, host))
        })
        .collect();
    if destinations.is_empty() {
        return Ok(());
    }
    let subject = subject_of(&activity).map(str::to_owned);
    if let Err(refused) = check_public(tx, fed, &activity).await? {
        // Not an error for the member: the change itself stands, it just
        // never leaves this server, and its author is told why.
        tracing::info!(%refused, "activity not federated: it refers to private or unknown content");
        if let Some(subject) = subject {
            held_back::record(tx, &subject, &refused).await?;
        }
        return Ok(());
    }
    if let Some(subject) = subject {
        held_back::clear(tx, &subject).await?;
    }
    let now = db::now();
    let (kind, signer_id) = signer.parts();
    let activity_id = activity
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let (row_id,): (i64,) = sqlx::query_as(
        "INSERT INTO outbound_activities (activity_id, signer_kind, signer_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(activity_id)
    .bind(kind)
    .bind(signer_id)
    .bind(activity.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    for (inbox, host) in destinations {
        sqlx::query(
            "INSERT INTO deliveries (activity_id, inbox_url, host, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(row_id)
        .bind(inbox)
        .bind(host)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// `Ok(Err(url))` names the first URL of ours in `activity` that is not
/// public. Strings are searched for our base URL anywhere in them, so a
/// link inside HTML content counts too.
async fn check_public(
    tx: &mut Tx,
    fed: &Federation,
    activity: &Value,
) -> AppResult<Result<(), String>> {
    let mut found = Vec::new();
    collect_local_urls(activity, fed.urls.base(), &mut found);
    let mut checked = HashSet::new();
    for url in found {
        if !checked.insert(url.clone()) {
            continue;
        }
        let public = match fed.urls.parse(&url) {
            Some(LocalRef::Instance | LocalRef::SharedInbox | LocalRef::Activity) => true,
            // Every member's name is a handle, and stays one after the
            // account is closed (its farewell `Delete` names it).
            Some(LocalRef::Person(name)) => {
                accounts::public::handle_kind(&mut **tx, &name).await? == Some(HandleKind::Account)
            }
            Some(LocalRef::Space(slug)) => addresses::is_public_slug(&mut **tx, &slug).await?,
            Some(LocalRef::Post(id)) => {
                public(posts::federated::post_exposure(&mut **tx, id).await?)
            }
            Some(LocalRef::Event(id)) => public(events::federated::exposure(&mut **tx, id).await?),
            Some(LocalRef::LibraryItem(id)) => {
                public(library::federated::exposure(&mut **tx, id).await?)
            }
            Some(LocalRef::Comment(id)) => {
                public(posts::federated::comment_exposure(&mut **tx, id).await?)
            }
            Some(LocalRef::Media(id)) => match media::belongs_to(&mut **tx, id).await? {
                Some(media::Belongs::Post(post)) => {
                    public(posts::federated::post_exposure(&mut **tx, post).await?)
                }
                Some(media::Belongs::Comment(comment)) => {
                    public(posts::federated::comment_exposure(&mut **tx, comment).await?)
                }
                Some(media::Belongs::Profile { public }) => public,
                None => false,
            },
            Some(LocalRef::Other) => public_page(&url),
            // Looks like ours but is not (`https://ours.example.org/…`).
            None => true,
        };
        if !public {
            return Ok(Err(url));
        }
    }
    Ok(Ok(()))
}

/// Something in a space that anyone may see (ours or a copy of another
/// instance's).
fn public(exposure: Option<Exposure>) -> bool {
    exposure.is_some_and(|e| e.is_public())
}

/// Pages of ours that name nothing of a space: the home page, the space
/// directory, sign-in and the like. Anything else unknown counts as private.
fn public_page(url: &str) -> bool {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map_or("", |(_, path)| path);
    let first = path.split(['/', '?', '#']).next().unwrap_or("");
    matches!(
        first,
        "" | "spaces" | "privacy" | "login" | "register" | "forgot" | "offline" | "static"
    )
}

/// The innermost object an activity is about (the `Page` of an
/// `Announce{Create{Page}}`): what a refusal is recorded against.
fn subject_of(activity: &Value) -> Option<&str> {
    let mut current = activity;
    while let Some(inner) = current.get("object") {
        match inner {
            Value::String(id) => return Some(id),
            Value::Object(_) => current = inner,
            _ => break,
        }
    }
    current.get("id").and_then(Value::as_str)
}

/// Every URL of ours in any string of `value`: `base` followed by a path,
/// read as far as a URL goes and without the punctuation that ends a
/// sentence, a parenthesis, markdown or BBCode around it
/// (`[link](URL)`, `(URL).`, `**URL**`, `[url=URL]…[/url]`).
fn collect_local_urls(value: &Value, base: &str, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find(base) {
                let candidate = &rest[start..];
                out.push(url_at_start(candidate).to_owned());
                rest = &candidate[base.len()..];
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_local_urls(v, base, out)),
        Value::Object(map) => map.values().for_each(|v| collect_local_urls(v, base, out)),
        _ => {}
    }
}

/// The URL `text` starts with.
fn url_at_start(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || "-._~/?#=&%+@:,;!".contains(c)))
        .unwrap_or(text.len());
    text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?'])
}

/// Deliveries waiting, per host (for `/metrics`).
pub async fn depth_by_host(db: &Db) -> AppResult<Vec<(String, i64)>> {
    Ok(
        sqlx::query_as("SELECT host, COUNT(*) FROM deliveries GROUP BY host")
            .fetch_all(&db.read)
            .await?,
    )
}

/// Pending deliveries, for tests and the admin CLI.
pub async fn pending(db: &Db) -> AppResult<Vec<(String, String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT inbox_url, COALESCE(last_error, ''), attempts FROM deliveries ORDER BY id",
    )
    .fetch_all(&db.read)
    .await?)
}
