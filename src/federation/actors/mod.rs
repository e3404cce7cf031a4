//! The AS2 documents this instance serves: the instance, members, public
//! spaces, posts, comments, and their paged collections.
//!
//! A private space, its content and anything unknown answer with the same
//! 404 (`no such object`): the lookups below only ever find public things.

use activitypub_federation::config::Data;
use activitypub_federation::traits::{Actor, Object};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::objects::actor::{Group, InstanceService, Person};
use super::publish;
use super::{Federation, Urls, context};
use crate::AppState;
use crate::accounts::{self, public::PublicMember};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::spaces::addresses::{self, PublicSpace};

mod collections;
mod objects;

pub use collections::{
    PageQuery, group_followers, group_moderators, group_outbox, instance_outbox, person_followers,
    person_outbox,
};
pub use objects::{comment, event, event_card, library_card, library_item, post};

/// An AS2 document response.
pub struct ActivityJson<T = Value>(pub T);

impl<T: Serialize> IntoResponse for ActivityJson<T> {
    fn into_response(self) -> Response {
        let mut response = axum::Json(self.0).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(super::ACTIVITY_JSON),
        );
        response
    }
}

/// A typed document as served: its own keys, then the crate's `@context`
/// (where [`with_context`] puts it in an untyped one).
#[derive(Serialize)]
pub struct WithContext<T> {
    #[serde(flatten)]
    object: T,
    #[serde(rename = "@context")]
    context: Value,
}

/// The response serving `object` with the `@context`.
pub type Document<T> = ActivityJson<WithContext<T>>;

fn document<T: Serialize>(object: T) -> Document<T> {
    ActivityJson(WithContext {
        object,
        context: context(),
    })
}

fn not_found() -> AppError {
    AppError::NotFound("object")
}

/// An untyped document (posts, events, library items, still built as
/// JSON by `publish`) with the `@context` added, or replaced.
fn with_context(mut document: Value) -> Value {
    if let Some(map) = document.as_object_mut() {
        map.insert("@context".into(), context());
    }
    document
}

/// The instance's own actor (a `Service`): it signs our fetches and our
/// reports.
#[derive(Clone, Debug)]
pub struct InstanceActor {
    id: Url,
    inbox: Url,
    public_key_pem: String,
    private_key_pem: String,
}

impl InstanceActor {
    /// Reads the instance key, creating it on first start (several nodes
    /// starting at once agree on the first one stored).
    pub async fn load_or_create(db: &Db, urls: &Urls) -> anyhow::Result<Self> {
        let existing: Option<(String, String)> = sqlx::query_as(
            "SELECT public_key_pem, private_key_pem FROM instance_actor WHERE id = 1",
        )
        .fetch_optional(&db.read)
        .await?;
        let (public_key_pem, private_key_pem) = match existing {
            Some(keys) => keys,
            None => {
                let (public, private) = crate::accounts::keys::generate().await?;
                sqlx::query(
                    "INSERT INTO instance_actor (id, public_key_pem, private_key_pem, created_at) \
                     VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING",
                )
                .bind(public)
                .bind(private)
                .bind(db::now())
                .execute(db.writer())
                .await?;
                sqlx::query_as(
                    "SELECT public_key_pem, private_key_pem FROM instance_actor WHERE id = 1",
                )
                .fetch_one(db.writer())
                .await?
            }
        };
        Ok(InstanceActor {
            id: Url::parse(&urls.instance_actor())?,
            inbox: Url::parse(&urls.shared_inbox())?,
            public_key_pem,
            private_key_pem,
        })
    }

    /// The key id and private key that sign our fetches.
    pub fn signing_key(&self) -> anyhow::Result<(String, super::signatures::PrivateKey)> {
        Ok((
            format!("{}#main-key", self.id),
            super::signatures::private_key(&self.private_key_pem)?,
        ))
    }

    fn sent(&self, urls: &Urls) -> InstanceService {
        InstanceService::sent(&self.id, &self.inbox, &self.public_key_pem, urls)
    }
}

#[async_trait::async_trait]
impl Object for InstanceActor {
    type DataType = AppState;
    type Kind = Value;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }

    async fn read_from_id(_: Url, _: &Data<AppState>) -> AppResult<Option<Self>> {
        Ok(None)
    }

    async fn into_json(self, data: &Data<AppState>) -> AppResult<Value> {
        Ok(serde_json::to_value(self.sent(&data.federation.urls)).map_err(anyhow::Error::from)?)
    }

    async fn verify(_: &Value, _: &Url, _: &Data<AppState>) -> AppResult<()> {
        Ok(())
    }

    async fn from_json(_: Value, _: &Data<AppState>) -> AppResult<Self> {
        Err(not_found())
    }
}

impl Actor for InstanceActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        Some(self.private_key_pem.clone())
    }

    fn inbox(&self) -> Url {
        self.inbox.clone()
    }
}

pub async fn instance_actor(State(state): State<AppState>) -> AppResult<Document<InstanceService>> {
    let actor = InstanceActor::load_or_create(&state.db, &state.federation.urls).await?;
    Ok(document(actor.sent(&state.federation.urls)))
}

/// A member of ours (closed ones too), or "no such object".
async fn find_member(db: &Db, username: &str) -> AppResult<PublicMember> {
    accounts::public::member(db, username)
        .await?
        .ok_or_else(not_found)
}

pub async fn person(
    State(state): State<AppState>,
    Path(username): Path<String>,
) -> AppResult<Document<Person>> {
    let member = match find_member(&state.db, &username).await {
        // A closed account gave up its name but keeps it reserved: its
        // actor is gone, not missing.
        Err(AppError::NotFound(_))
            if crate::accounts::is_closed_name(&state.db, &username).await? =>
        {
            return Err(AppError::Gone("account"));
        }
        found => found?,
    };
    if member.deleted_at.is_some() {
        // The member closed their account (`federation::farewell`).
        return Err(AppError::Gone("account"));
    }
    let avatar = crate::media::avatar(&state.db, member.id).await?;
    Ok(document(Person::sent(
        &member,
        avatar.as_ref(),
        &state.federation.urls,
    )))
}

/// A public space of ours, or "no such object".
async fn find_group(db: &Db, slug: &str) -> AppResult<PublicSpace> {
    addresses::public_space(db, slug)
        .await?
        .ok_or_else(not_found)
}

pub async fn group(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Document<Group>> {
    let space = find_group(&state.db, &slug).await?;
    Ok(document(Group::sent(&space, &state.federation.urls)))
}

/// A public space of ours as federation sees it, by slug.
pub async fn local_group(db: &Db, slug: &str) -> AppResult<Option<publish::SpaceActor>> {
    let address = addresses::public_address(db, slug).await?;
    Ok(address.map(publish::SpaceActor))
}

/// Authorized fetch: with `federation.signed_fetch`, an AS2 GET must be
/// signed by a remote actor whose key verifies (401 otherwise), on an
/// instance the policy allows (403 otherwise).
pub async fn require_signed_fetch(
    data: Data<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if !data.config.signed_fetch {
        return next.run(request).await;
    }
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let pending = match super::signatures::parse(
        request.method(),
        &path,
        request.headers(),
        data.federation.urls.base(),
        false,
    ) {
        Ok(p) => p,
        Err(e) => {
            return AppError::Unauthorized(format!("this instance requires signed fetches: {e}"))
                .into_response();
        }
    };
    // A blocked instance is refused before its key is even fetched.
    if !data.federation.policy.allows_url(pending.key_id()) {
        return AppError::forbidden("this instance does not federate with yours").into_response();
    }
    let owner = match super::keys::key_owner(&data, pending.key_id()).await {
        Ok(owner) => owner,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = pending.verify(&owner.public_key_pem) {
        return AppError::Unauthorized(e.to_string()).into_response();
    }
    next.run(request).await
}
