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
//! received in a file of its own (`follows`, `content`, `reactions`,
//! `events`, `flag`; Announces in `federation::announce`).

use activitypub_federation::config::Data;
use activitypub_federation::fetch::object_id::ObjectId;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use url::Url;

use super::keys;
use super::publish::SpaceActor;
use super::remote::{ActorRow, RemoteActor};
use super::signatures;
use crate::AppState;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::urls::{LocalRef, host_of};

mod content;
mod events;
mod flag;
mod follows;
mod reactions;

pub(super) use content::store_object;

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
    let exists: Result<Option<(i64,)>, _> =
        sqlx::query_as("SELECT id FROM accounts WHERE username = $1 AND domain IS NULL")
            .bind(&username)
            .fetch_optional(&data.db.read)
            .await;
    match exists {
        Ok(Some(_)) => answer(&data, receive(&data, request).await),
        Ok(None) => AppError::NotFound("object").into_response(),
        Err(e) => AppError::from(e).into_response(),
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
    match result {
        Ok(what) => (StatusCode::ACCEPTED, axum::Json(json!({"status": what}))).into_response(),
        // Someone else's server failing is the sender's problem to fix.
        Err(AppError::BadGateway(why)) => AppError::BadRequest(why).into_response(),
        Err(e) => e.into_response(),
    }
}

pub(super) fn bad(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// The `id` of a value that is either a URL or an object with an `id`.
pub fn id_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(map) => map.get("id").and_then(Value::as_str),
        Value::Array(items) => items.first().and_then(id_of),
        _ => None,
    }
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
    kind: String,
    actor_id: Url,
    activity: Value,
}

impl Incoming {
    /// The checks made before any key is fetched: an id, a type and an
    /// actor; the id on the actor's host; neither blocked nor ours.
    pub fn read(data: &Data<AppState>, activity: Value) -> AppResult<Incoming> {
        let id = url_of(activity.get("id").unwrap_or(&Value::Null), "id")?;
        let kind = activity
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("type: missing"))?
            .to_owned();
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
            kind,
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
        kind,
        actor_id,
        activity,
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
        actor: signer,
        activity,
    };
    let outcome = match kind.as_str() {
        "Follow" => inbound.follow().await?,
        "Undo" => inbound.undo().await?,
        "Accept" => inbound.accept().await?,
        "Reject" => inbound.reject().await?,
        "Create" | "Update" => inbound.create_or_update(&kind).await?,
        "Delete" => inbound.delete().await?,
        "Like" => inbound.like().await?,
        "Announce" => inbound.announce().await?,
        "Flag" => inbound.flag().await?,
        "Join" => inbound.join().await?,
        "Leave" => inbound.leave().await?,
        _ => "ignored: unsupported type",
    };
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

struct Inbound<'a> {
    data: &'a Data<AppState>,
    actor: RemoteActor,
    activity: Value,
}

impl Inbound<'_> {
    fn object(&self) -> &Value {
        self.activity.get("object").unwrap_or(&Value::Null)
    }

    fn person_id(&self) -> AppResult<i64> {
        match self.actor.row {
            ActorRow::Account(id) => Ok(id),
            ActorRow::Space(_) => Err(bad("actor: a group cannot do this")),
        }
    }

    /// The local public space an activity is addressed to (`audience`,
    /// `to`, `cc`, or the object's own `audience`).
    async fn addressed_group(&self, object: Option<&Value>) -> AppResult<Option<SpaceActor>> {
        let mut candidates = Vec::new();
        for source in [Some(&self.activity), object].into_iter().flatten() {
            for field in ["audience", "to", "cc"] {
                match source.get(field) {
                    Some(Value::String(s)) => candidates.push(s.clone()),
                    Some(Value::Array(items)) => {
                        candidates.extend(items.iter().filter_map(|v| id_of(v).map(str::to_owned)))
                    }
                    _ => {}
                }
            }
        }
        for candidate in candidates {
            if let Some(LocalRef::Space(slug)) = self.data.federation.urls.parse(&candidate)
                && let Some(space) = super::actors::local_group(&self.data.db, &slug).await?
                && candidate == self.data.federation.urls.space(&slug)
            {
                return Ok(Some(space));
            }
        }
        Ok(None)
    }

    async fn refuse_if_banned(&self, space_id: i64) -> AppResult<()> {
        if let ActorRow::Account(account) = self.actor.row
            && crate::moderation::is_banned(&self.data.db, space_id, account).await?
        {
            return Err(AppError::forbidden("this actor is banned from the space"));
        }
        Ok(())
    }

    /// A followed space's group relays an activity from inside it
    /// (`federation::announce`).
    async fn announce(&self) -> AppResult<&'static str> {
        let ActorRow::Space(space_id) = self.actor.row else {
            return Ok("ignored: only groups' announces are relayed here");
        };
        super::announce::receive(self.data, &self.actor, space_id, &self.activity).await
    }
}
