//! Receiving activities: `POST /inbox`, `/users/{name}/inbox`,
//! `/spaces/{slug}/inbox`.
//!
//! In order, before anything is stored: the body is at most 1 MiB (413);
//! its Digest or Content-Digest matches the bytes received (400; none at
//! all is 401); it is JSON with an id, a type and an actor (400); the id
//! is on the actor's host, compared as host and port (400); the signature
//! (RFC 9421 or draft-cavage) covers the digest and verifies with the key
//! of the activity's own actor (401). A repeated id is
//! acknowledged and ignored; an unknown type is acknowledged (202) and
//! dropped. Every failure is a 4xx with a reason; only the database
//! failing makes a 500.
//!
//! This file holds the checks and the dispatch; each kind of activity is
//! received in a file of its own, named after it. An activity a followed
//! group relays inside an `Announce` (or lists in its outbox) goes through
//! the same dispatch and the same files, with the group's authority
//! instead of its actor's signature ([`Via`]).

use activitypub_federation::config::Data;
use activitypub_federation::fetch::object_id::ObjectId;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use url::Url;

use super::keys;
use super::objects::{self, activity::Kind};
use super::remote::RemoteActor;
use super::signatures;
use crate::AppState;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::urls::host_of;

mod accept;
mod announce;
mod block;
mod create;
mod delete;
mod dislike;
mod emoji_react;
mod flag;
mod follow;
mod inbound;
mod join;
mod leave;
mod like;
mod reject;
mod store;
mod undo;
mod update;

pub use announce::relay;
use inbound::{Inbound, Via};
pub use objects::id_of;

/// Largest activity accepted.
pub const MAX_ACTIVITY_BYTES: usize = 1024 * 1024;

pub async fn shared_inbox(data: Data<AppState>, request: Request) -> Response {
    answer(&data, receive(&data, request).await)
}

pub async fn person_inbox(
    data: Data<AppState>,
    Path(username): Path<String>,
    request: Request,
) -> Response {
    match crate::accounts::find_by_username(&data.db, &username).await {
        Ok(Some(_)) => answer(&data, receive(&data, request).await),
        Ok(None) => AppError::NotFound("object").into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn group_inbox(
    data: Data<AppState>,
    Path(slug): Path<String>,
    request: Request,
) -> Response {
    match super::actors::local_group(&data.db, &slug).await {
        Ok(Some(_)) => answer(&data, receive(&data, request).await),
        Ok(None) => AppError::NotFound("object").into_response(),
        Err(e) => e.into_response(),
    }
}

/// The inbox's answer: 202 with what was done, or the error (a remote
/// server failing is reported as the sender's bad request).
pub fn answer(data: &Data<AppState>, result: AppResult<&'static str>) -> Response {
    match &result {
        Ok(_) => data.metrics.inbox_accepted(),
        Err(e) => data.metrics.inbox_refused(e),
    }
    let refused = match result {
        Ok(what) => {
            return (StatusCode::ACCEPTED, axum::Json(json!({"status": what}))).into_response();
        }
        // Someone else's server failing is the sender's problem to fix.
        Err(AppError::BadGateway(why)) => AppError::BadRequest(why),
        Err(e) => e,
    };
    let reason = refused.to_string();
    let response = refused.into_response();
    if response.status().is_client_error() {
        // Every refusal leaves a line an admin can find when a peer asks.
        tracing::info!(status = response.status().as_u16(), %reason, "inbox refused an activity");
    }
    response
}

pub(super) fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

pub(super) fn url_of(value: &Value, field: &str) -> AppResult<Url> {
    let id = id_of(value).ok_or_else(|| bad(format!("{field}: missing or not an id")))?;
    Url::parse(id).map_err(|_| bad(format!("{field}: not a URL")))
}

async fn read_body(body: Body) -> AppResult<Bytes> {
    axum::body::to_bytes(body, MAX_ACTIVITY_BYTES)
        .await
        .map_err(|_| AppError::PayloadTooLarge)
}

/// 403 when the policy refuses traffic with the host of `url`.
fn check_policy(data: &Data<AppState>, url: &str) -> AppResult<()> {
    if data.federation.policy.allows_url(url) {
        Ok(())
    } else {
        let host = super::policy::host_of_url(url).unwrap_or_default();
        Err(AppError::forbidden(format!(
            "this instance does not accept activities from {host}"
        )))
    }
}

async fn receive(data: &Data<AppState>, request: Request) -> AppResult<&'static str> {
    let (parts, body) = request.into_parts();
    // A blocked sender is turned away before its body is even read.
    if let Some(key_id) = signatures::key_id_hint(&parts.headers) {
        check_policy(data, &key_id)?;
    }
    if parts
        .headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > MAX_ACTIVITY_BYTES)
    {
        return Err(AppError::PayloadTooLarge);
    }
    let body = read_body(body).await?;
    // A body that does not match its digest is 400; no digest at all is
    // 401, like any signature we cannot verify.
    signatures::verify_digest(&parts.headers, &body)?;
    let activity: Value =
        serde_json::from_slice(&body).map_err(|e| bad(format!("the body is not JSON: {e}")))?;
    let incoming = Incoming::read(data, activity)?;
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let actor = verify_signature(
        data,
        &parts.method,
        path,
        &parts.headers,
        &incoming.actor_id,
    )
    .await?;
    receive_verified(data, incoming, actor).await
}

/// An activity whose id, type and actor have been read and checked, not
/// yet its signature.
pub struct Incoming {
    id: Url,
    actor_id: Url,
    activity: Value,
}

impl Incoming {
    /// The checks made before any key is fetched: an id, a type and an
    /// actor; the id on the actor's host; neither blocked nor ours.
    pub fn read(data: &Data<AppState>, activity: Value) -> AppResult<Incoming> {
        let id = url_of(activity.get("id").unwrap_or(&Value::Null), "id")?;
        if !activity.get("type").is_some_and(Value::is_string) {
            return Err(bad("type: missing"));
        }
        let actor_id = url_of(activity.get("actor").unwrap_or(&Value::Null), "actor")?;
        check_policy(data, actor_id.as_str())?;
        if host_of(&id).is_none() || host_of(&id) != host_of(&actor_id) {
            return Err(bad("id: not on the actor's server"));
        }
        if data.federation.urls.is_local(actor_id.as_str()) {
            return Err(bad(
                "actor: one of ours; we do not receive our own activities",
            ));
        }
        Ok(Incoming {
            id,
            actor_id,
            activity,
        })
    }

    /// Who must have signed it.
    pub fn actor_id(&self) -> &Url {
        &self.actor_id
    }
}

/// Everything after the signature: a repeated id is acknowledged, the
/// rest dispatched by type. `signer` is the actor whose key verified the
/// request (the tests of `tests/fixtures` come in here, with no request).
pub async fn receive_verified(
    data: &Data<AppState>,
    incoming: Incoming,
    signer: RemoteActor,
) -> AppResult<&'static str> {
    let Incoming {
        id,
        actor_id,
        activity: raw,
    } = incoming;
    if signer.ap_id != actor_id {
        return Err(AppError::Unauthorized(
            "the request is signed by someone other than the activity's actor".into(),
        ));
    }
    let seen: Option<(String,)> =
        sqlx::query_as("SELECT activity_id FROM received_activities WHERE activity_id = $1")
            .bind(id.as_str())
            .fetch_optional(&data.db.read)
            .await?;
    if seen.is_some() {
        return Ok("already received");
    }
    host_is_back(data, &signer.host()).await?;

    let inbound = Inbound {
        data,
        signer,
        via: Via::Direct,
        activity: objects::read("activity", &raw)?,
        raw,
    };
    let outcome = dispatch(&inbound).await?;
    sqlx::query(
        "INSERT INTO received_activities (activity_id, received_at) VALUES ($1, $2) \
         ON CONFLICT (activity_id) DO NOTHING",
    )
    .bind(id.as_str())
    .bind(db::now())
    .execute(data.db.writer())
    .await?;
    Ok(outcome)
}

/// Checks the request's signature: made with the key of `actor_id` itself.
/// A key that fails is fetched again once, in case the actor rotated it.
async fn verify_signature(
    data: &Data<AppState>,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    actor_id: &Url,
) -> AppResult<RemoteActor> {
    let pending = signatures::parse(method, path, headers, data.federation.urls.base(), true)?;
    let owner = keys::key_owner(data, pending.key_id()).await?;
    if owner.ap_id != *actor_id {
        return Err(AppError::Unauthorized(
            "the request is signed by someone other than the activity's actor".into(),
        ));
    }
    if pending.verify(&owner.public_key_pem).is_ok() {
        return Ok(owner);
    }
    // Perhaps the key was rotated: fetch the actor again, at most once a
    // minute whatever is sent.
    if !data.federation.refetches.allow(actor_id.as_str()) {
        return Err(AppError::Unauthorized(
            "the signature does not verify (the signer's key was fetched again less than a minute ago)"
                .into(),
        ));
    }
    let refreshed = ObjectId::<RemoteActor>::from(actor_id.clone())
        .dereference_forced(data)
        .await
        .map_err(|_| AppError::Unauthorized("the signature does not verify".into()))?;
    pending
        .verify(&refreshed.public_key_pem)
        .map_err(|e| AppError::Unauthorized(e.to_string()))?;
    Ok(refreshed)
}

/// An inbound activity proves its host is up: resume what waited for it.
async fn host_is_back(data: &Data<AppState>, host: &str) -> AppResult<()> {
    let marked: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT unreachable_since FROM federated_hosts WHERE host = $1")
            .bind(host)
            .fetch_optional(&data.db.read)
            .await?;
    if marked.is_some_and(|(since,)| since.is_some()) {
        let mut tx = data.db.begin().await?;
        sqlx::query("UPDATE federated_hosts SET unreachable_since = NULL WHERE host = $1")
            .bind(host)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE deliveries SET next_attempt_at = $1 WHERE host = $2")
            .bind(db::now())
            .bind(host)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        data.federation.wake_outbox();
    }
    Ok(())
}

/// Receives one activity: each kind in its own file. What a group relays
/// comes here too, limited to content, reactions and their undoing.
async fn dispatch(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let kind = inbound.activity.kind;
    if matches!(inbound.via, Via::Group { .. }) && !kind.may_be_relayed() {
        return Ok("ignored: a group relays only content, reactions and their undoing");
    }
    match kind {
        Kind::Follow => follow::receive(inbound).await,
        Kind::Accept => accept::receive(inbound).await,
        Kind::Reject => reject::receive(inbound).await,
        Kind::Undo => undo::receive(inbound).await,
        Kind::Create => create::receive(inbound).await,
        Kind::Update => update::receive(inbound).await,
        Kind::Delete => delete::receive(inbound).await,
        Kind::Like => like::receive(inbound).await,
        Kind::Dislike => dislike::receive(inbound).await,
        Kind::EmojiReact => emoji_react::receive(inbound).await,
        Kind::Announce => announce::receive(inbound).await,
        Kind::Join => join::receive(inbound).await,
        Kind::Leave => leave::receive(inbound).await,
        Kind::Flag => flag::receive(inbound).await,
        Kind::Block => block::receive(inbound).await,
        Kind::Unknown => Ok("ignored: unsupported type"),
    }
}
