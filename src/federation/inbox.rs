//! Receiving activities: `POST /inbox`, `/users/{name}/inbox`,
//! `/spaces/{slug}/inbox`.
//!
//! In order, before anything is stored: the body is at most 1 MiB (413);
//! its Digest matches the bytes received (400); it is JSON with an id, a
//! type and an actor (400); the id is on the actor's host, compared as
//! host and port (400); the signature covers the digest and verifies
//! with the key of the activity's own actor (401). A repeated id is
//! acknowledged and ignored; an unknown type is acknowledged (202) and
//! dropped. Every failure is a 4xx with a reason; only the database
//! failing makes a 500.

use activitypub_federation::config::Data;
use activitypub_federation::fetch::object_id::ObjectId;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use url::Url;

use super::keys;
use super::publish::{self, SpaceActor};
use super::remote::{self, ActorRow, RemoteActor};
use super::signatures;
use super::urls::{LocalRef, host_of};
use crate::AppState;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::posts;
use crate::spaces;

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

/// The `keyId` of a Signature header, if there is one to read.
fn signature_key_id(headers: &HeaderMap) -> Option<String> {
    let header = headers.get("signature")?.to_str().ok()?;
    let start = header.find("keyId=\"")? + "keyId=\"".len();
    let end = header[start..].find('"')? + start;
    Some(header[start..end].to_owned())
}

async fn receive(data: &Data<AppState>, request: Request) -> AppResult<&'static str> {
    let (parts, body) = request.into_parts();
    // A blocked sender is turned away before its body is even read.
    if let Some(key_id) = signature_key_id(&parts.headers) {
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
    signatures::verify_digest(&parts.headers, &body).map_err(|e| bad(e.to_string()))?;
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
    let pending = signatures::parse(method, path, headers, data.federation.urls.domain(), true)
        .map_err(|e| {
            if e.is_bad_request() {
                bad(e.to_string())
            } else {
                AppError::Unauthorized(e.to_string())
            }
        })?;
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

    async fn follow(&self) -> AppResult<&'static str> {
        let target = url_of(self.object(), "object")?;
        let Some(LocalRef::Space(slug)) = self.data.federation.urls.parse(target.as_str()) else {
            return Ok("ignored: only spaces can be followed");
        };
        let space = super::actors::local_group(&self.data.db, &slug)
            .await?
            .ok_or(AppError::NotFound("object"))?;
        self.refuse_if_banned(space.space_id).await?;
        let follower = self.person_id()?;
        let fed = &self.data.federation;
        let db = &self.data.db;
        let host = self.actor.host();
        let allowed = spaces::federation::allows(db, space.space_id, &host).await?;
        let mut tx = db.begin().await?;
        let outcome = if !allowed {
            // The space federates only with listed instances.
            publish::answer_follow(
                &mut tx,
                fed,
                &space,
                self.activity.clone(),
                self.actor.delivery_inbox(),
                "Reject",
            )
            .await?;
            "rejected: this space federates only with listed instances"
        } else if fed.policy.verdict(&host) == super::policy::Verdict::Limited {
            spaces::federation::request_follow(&mut tx, space.space_id, follower, &self.activity)
                .await?;
            "waiting for a space manager's approval"
        } else {
            spaces::federation::accept_follower(
                &mut tx,
                fed,
                &space,
                follower,
                self.activity.clone(),
                self.actor.delivery_inbox(),
            )
            .await?;
            "following"
        };
        tx.commit().await?;
        fed.wake_outbox();
        Ok(outcome)
    }

    async fn undo(&self) -> AppResult<&'static str> {
        let inner = self.object();
        let inner_id = url_of(inner, "object")?;
        let inner_kind = inner.get("type").and_then(Value::as_str).unwrap_or("");
        if let Some(inner_actor) = inner.get("actor").and_then(id_of)
            && inner_actor != self.actor.ap_id.as_str()
        {
            return Err(AppError::Forbidden(
                "only an activity's actor may undo it".into(),
            ));
        }
        let account = self.person_id()?;
        if inner_kind == "Follow" || inner_kind.is_empty() {
            let removed = sqlx::query(
                "DELETE FROM space_followers WHERE account_id = $1 AND (follow_id = $2 OR space_id IN \
                 (SELECT id FROM spaces WHERE slug = $3 AND domain IS NULL))",
            )
            .bind(account)
            .bind(inner_id.as_str())
            .bind(match inner.get("object").and_then(id_of).and_then(|o| self.data.federation.urls.parse(o)) {
                Some(LocalRef::Space(slug)) => slug,
                _ => String::new(),
            })
            .execute(self.data.db.writer())
            .await?;
            if removed.rows_affected() > 0 {
                return Ok("unfollowed");
            }
        }
        // Undo(Like): the reaction goes, and a space of ours tells its followers.
        let space = self.reaction_space(inner_id.as_str()).await?;
        let removed =
            posts::reactions::remove_remote(&self.data.db, inner_id.as_str(), account).await?;
        if removed
            && let Some(space) = space
            && space.is_local()
        {
            self.announce_as_is(&space).await?;
        }
        Ok(if removed {
            "undone"
        } else {
            "ignored: nothing to undo"
        })
    }

    async fn reaction_space(&self, like_id: &str) -> AppResult<Option<SpaceActor>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            publish::space_actor_columns!(),
            " FROM reactions r LEFT JOIN comments c ON c.id = r.comment_id \
             JOIN posts p ON p.id = COALESCE(r.post_id, c.post_id) JOIN spaces s ON s.id = p.space_id \
             WHERE r.ap_id = $1"
        ))
        .bind(like_id)
        .fetch_optional(&self.data.db.read)
        .await?)
    }

    async fn announce_as_is(&self, space: &SpaceActor) -> AppResult<()> {
        let fed = &self.data.federation;
        let mut tx = self.data.db.begin().await?;
        publish::announce(&mut tx, fed, space, self.activity.clone()).await?;
        tx.commit().await?;
        fed.wake_outbox();
        Ok(())
    }

    async fn accept(&self) -> AppResult<&'static str> {
        let ActorRow::Space(space_id) = self.actor.row else {
            return Ok("ignored: only spaces accept follows here");
        };
        let follow_id = url_of(self.object(), "object")?;
        if crate::events::join_answered(&self.data.db, follow_id.as_str(), space_id, true).await? {
            return Ok("registered");
        }
        let mut tx = self.data.db.begin().await?;
        let accepted: Option<(i64,)> = sqlx::query_as(
            "UPDATE remote_follows SET state = 'accepted' WHERE follow_id = $1 AND space_id = $2 \
             RETURNING account_id",
        )
        .bind(follow_id.as_str())
        .bind(space_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((account_id,)) = accepted else {
            return Ok("ignored: no such follow");
        };
        let (earlier,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM remote_follows WHERE space_id = $1 AND state = 'accepted' \
             AND account_id <> $2",
        )
        .bind(space_id)
        .bind(account_id)
        .fetch_one(&mut *tx)
        .await?;
        crate::spaces::members::insert_follower(&mut tx, space_id, account_id).await?;
        crate::spaces::members::follow_answered(&mut tx, space_id, account_id, true).await?;
        tx.commit().await?;
        if earlier == 0 {
            // Followed for the first time: fetch its recent posts.
            let data = self.data.reset_request_count();
            tokio::spawn(async move {
                if let Err(e) = super::announce::backfill(&data, space_id).await {
                    tracing::info!(error = %e, space_id, "backfill of a followed space failed");
                }
            });
        }
        Ok("accepted")
    }

    async fn reject(&self) -> AppResult<&'static str> {
        let ActorRow::Space(space_id) = self.actor.row else {
            return Ok("ignored");
        };
        let follow_id = url_of(self.object(), "object")?;
        if crate::events::join_answered(&self.data.db, follow_id.as_str(), space_id, false).await? {
            return Ok("registration declined");
        }
        let mut tx = self.data.db.begin().await?;
        let rejected: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM remote_follows WHERE follow_id = $1 AND space_id = $2 RETURNING account_id",
        )
        .bind(follow_id.as_str())
        .bind(space_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((account_id,)) = rejected {
            crate::spaces::members::take_out(&mut tx, space_id, account_id).await?;
            crate::spaces::members::follow_answered(&mut tx, space_id, account_id, false).await?;
        }
        tx.commit().await?;
        Ok("rejected")
    }

    /// FEP-1b12: a remote member posts or edits in a space of ours. The
    /// space checks they may, stores it, and announces it to followers.
    async fn create_or_update(&self, kind: &str) -> AppResult<&'static str> {
        let object = self.object();
        let object = if object.is_string() {
            remote::fetch(self.data, &url_of(object, "object")?).await?
        } else if object.is_object() {
            object.clone()
        } else {
            return Err(bad("object: missing or not an id"));
        };
        let Some(space) = self.addressed_group(Some(&object)).await? else {
            return Ok("ignored: not addressed to a space of this instance");
        };
        self.refuse_if_banned(space.space_id).await?;
        if !spaces::federation::allows(&self.data.db, space.space_id, &self.actor.host()).await? {
            return Err(AppError::forbidden(
                "this space federates only with listed instances",
            ));
        }
        let author = self.person_id()?;
        if object.get("attributedTo").and_then(id_of) != Some(self.actor.ap_id.as_str()) {
            return Err(AppError::Forbidden(
                "the object is attributed to someone else".into(),
            ));
        }
        let object_id = url_of(&object, "object.id")?;
        if host_of(&object_id) != Some(self.actor.host()) {
            return Err(bad("object.id: not on the author's server"));
        }
        let following: Option<(i64,)> = sqlx::query_as(
            "SELECT account_id FROM space_followers WHERE space_id = $1 AND account_id = $2",
        )
        .bind(space.space_id)
        .bind(author)
        .fetch_optional(&self.data.db.read)
        .await?;
        if following.is_none() {
            return Err(AppError::Forbidden(
                "follow this space before posting in it".into(),
            ));
        }
        let stored = store_object(self.data, &space, &object, author, kind == "Update").await?;
        if stored {
            self.announce_as_is(&space).await?;
        }
        Ok(if stored { "stored" } else { "ignored" })
    }

    /// A Delete by the object's author, sent to a space of ours.
    async fn delete(&self) -> AppResult<&'static str> {
        let object_id = url_of(self.object(), "object")?;
        if let ActorRow::Account(account) = self.actor.row
            && object_id == self.actor.ap_id
        {
            // A person closed their account (`federation::farewell` on Agora).
            remote::forget_person(&self.data.db, account).await?;
            return Ok("deleted: the actor");
        }
        if let ActorRow::Space(space_id) = self.actor.row {
            // A group removing content of its own space.
            let deleted =
                posts::delete_remote(&self.data.db, object_id.as_str(), None, Some(space_id))
                    .await?
                    || crate::library::delete_remote(
                        &self.data.db,
                        object_id.as_str(),
                        None,
                        Some(space_id),
                    )
                    .await?;
            return Ok(if deleted { "deleted" } else { "ignored" });
        }
        let author = self.person_id()?;
        let space = self.object_space(object_id.as_str()).await?;
        let deleted =
            posts::delete_remote(&self.data.db, object_id.as_str(), Some(author), None).await?;
        if deleted
            && let Some(space) = space
            && space.is_local()
        {
            self.announce_as_is(&space).await?;
        }
        Ok(if deleted {
            "deleted"
        } else {
            "ignored: nothing of theirs to delete"
        })
    }

    /// The space of a post or comment named by its URL (ours) or id.
    async fn object_space_of_target(&self, target: &str) -> AppResult<Option<i64>> {
        let (post, comment) = match self.data.federation.urls.parse(target) {
            Some(LocalRef::Post(id)) => (id, 0),
            Some(LocalRef::Comment(id)) => (0, id),
            _ => (0, 0),
        };
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT space_id FROM posts WHERE id = $1 OR ap_id = $3 \
             UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id \
             WHERE c.id = $2 OR c.ap_id = $3",
        )
        .bind(post)
        .bind(comment)
        .bind(target)
        .fetch_optional(&self.data.db.read)
        .await?;
        Ok(row.map(|(id,)| id))
    }

    async fn object_space(&self, object_id: &str) -> AppResult<Option<SpaceActor>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            publish::space_actor_columns!(),
            " FROM spaces s WHERE s.id IN (SELECT space_id FROM posts WHERE ap_id = $1 \
               UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id \
               WHERE c.ap_id = $1)"
        ))
        .bind(object_id)
        .fetch_optional(&self.data.db.read)
        .await?)
    }

    /// A reaction to content in a space of ours.
    async fn like(&self) -> AppResult<&'static str> {
        let account = self.person_id()?;
        let target = url_of(self.object(), "object")?;
        let like_id = id_of(&self.activity["id"]).unwrap_or_default().to_owned();
        let emoji = self.activity.get("content").and_then(Value::as_str);
        if let Some(space) = self.object_space_of_target(target.as_str()).await? {
            self.refuse_if_banned(space).await?;
            if !spaces::federation::allows(&self.data.db, space, &self.actor.host()).await? {
                return Err(AppError::forbidden(
                    "this space federates only with listed instances",
                ));
            }
        }
        let stored = posts::reactions::add_remote(
            &self.data.db,
            &self.data.federation.urls,
            target.as_str(),
            account,
            emoji,
            &like_id,
        )
        .await?;
        if stored
            && let Some(space) = self.reaction_space(&like_id).await?
            && space.is_local()
        {
            self.announce_as_is(&space).await?;
        }
        Ok(if stored { "stored" } else { "ignored" })
    }

    /// The event of ours a `Join`/`Leave` names, in a public space, with
    /// the sender allowed there.
    async fn local_event(&self) -> AppResult<i64> {
        let target = url_of(self.object(), "object")?;
        let Some(LocalRef::Event(event_id)) = self.data.federation.urls.parse(target.as_str())
        else {
            return Err(AppError::NotFound("object"));
        };
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT e.space_id FROM events e JOIN spaces s ON s.id = e.space_id \
             WHERE e.id = $1 AND s.visibility = 'public' AND s.domain IS NULL AND e.ap_id IS NULL",
        )
        .bind(event_id)
        .fetch_optional(&self.data.db.read)
        .await?;
        let (space_id,) = row.ok_or(AppError::NotFound("object"))?;
        self.refuse_if_banned(space_id).await?;
        if !spaces::federation::allows(&self.data.db, space_id, &self.actor.host()).await? {
            return Err(AppError::forbidden(
                "this space federates only with listed instances",
            ));
        }
        Ok(event_id)
    }

    /// Someone elsewhere registers for an event of ours.
    async fn join(&self) -> AppResult<&'static str> {
        let event_id = self.local_event().await?;
        let account = self.person_id()?;
        let join_id = id_of(&self.activity["id"]).unwrap_or_default();
        let state = crate::events::remote_join(
            &self.data.db,
            &self.data.federation,
            event_id,
            account,
            join_id,
        )
        .await?;
        Ok(match state {
            crate::events::ParticipantState::Going => "going",
            crate::events::ParticipantState::Waiting => "on the waiting list",
            crate::events::ParticipantState::Pending => "waiting for the organiser",
            crate::events::ParticipantState::Rejected => "rejected",
        })
    }

    async fn leave(&self) -> AppResult<&'static str> {
        let event_id = self.local_event().await?;
        let account = self.person_id()?;
        let left =
            crate::events::remote_leave(&self.data.db, &self.data.federation, event_id, account)
                .await?;
        Ok(if left {
            "left"
        } else {
            "ignored: not registered"
        })
    }

    /// A report from another instance about members or content of ours.
    async fn flag(&self) -> AppResult<&'static str> {
        let host = self.actor.host();
        if crate::moderation::rejects_reports_from(&self.data.federation, &host) {
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
            &self.data.federation,
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

/// Stores a `Page` as a post or a `Note` as a comment of `space`. Returns
/// whether anything changed.
pub(super) async fn store_object(
    data: &Data<AppState>,
    space: &SpaceActor,
    object: &Value,
    author: i64,
    update: bool,
) -> AppResult<bool> {
    let urls = &data.federation.urls;
    let id = url_of(object, "object.id")?;
    let text = |field: &str| object.get(field).and_then(Value::as_str).unwrap_or("");
    let content = text("content");
    if content.chars().count() > 100_000 {
        return Err(bad("content: longer than 100000 characters"));
    }
    let html = crate::markdown::sanitize_html(content);
    let source = object
        .get("source")
        .filter(|s| s.get("mediaType").and_then(Value::as_str) == Some("text/markdown"))
        .and_then(|s| s.get("content"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_default();
    let language = object
        .get("contentMap")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next().cloned())
        .filter(|l| l.len() <= 35)
        .unwrap_or_else(|| "und".into());
    let published = object
        .get("published")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .map(|t| t.as_microsecond())
        .unwrap_or_else(db::now);
    let mentioned = local_mentions(data, object).await?;
    let kind = text("type");
    match kind {
        "Page" | "Article" => {
            let mut title = text("name").trim().to_owned();
            if title.is_empty() {
                title = remote_title(&html);
            }
            if title.chars().count() > 300 {
                return Err(bad("name: longer than 300 characters"));
            }
            posts::store_remote(
                &data.db,
                posts::RemotePost {
                    ap_id: id.to_string(),
                    space_id: space.space_id,
                    author_id: author,
                    title,
                    body_source: source,
                    body_html: html,
                    language,
                    created_at: published,
                    mentioned,
                },
                update,
            )
            .await
        }
        "Note" => {
            let parent = url_of(object.get("inReplyTo").unwrap_or(&Value::Null), "inReplyTo")?;
            let parent =
                posts::comments::find_parent(&data.db, urls, parent.as_str(), space.space_id)
                    .await?;
            let Some((post_id, parent_id)) = parent else {
                return Ok(false); // a reply to something we do not have
            };
            posts::comments::store_remote(
                &data.db,
                posts::comments::RemoteComment {
                    ap_id: id.to_string(),
                    post_id,
                    parent_id,
                    author_id: author,
                    body_source: source,
                    body_html: html,
                    created_at: published,
                    mentioned,
                },
                update,
            )
            .await
        }
        _ => Ok(false),
    }
}

/// Our members an object mentions: its `Mention` tags whose `href` is one
/// of our people's URLs (at most 50, like a local text's mentions).
async fn local_mentions(data: &Data<AppState>, object: &Value) -> AppResult<Vec<i64>> {
    let urls = &data.federation.urls;
    let names: Vec<String> = object
        .get("tag")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|t| t.get("type").and_then(Value::as_str) == Some("Mention"))
        .filter_map(|t| t.get("href").and_then(Value::as_str))
        .filter_map(|href| match urls.parse(href) {
            Some(LocalRef::Person(name)) => Some(name),
            _ => None,
        })
        .take(50)
        .collect();
    let mut ids = Vec::new();
    for name in names {
        if let Ok(id) = crate::accounts::find_id_by_handle(&data.db, &name).await {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// A title for a post that came without one: the start of its text.
fn remote_title(html: &str) -> String {
    let text = crate::markdown::plain_text(html);
    let mut title: String = text.trim().chars().take(80).collect();
    if title.is_empty() {
        title = "(untitled)".into();
    }
    title
}
