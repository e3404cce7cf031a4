//! Other instances' actors and objects: fetched (signed by our instance
//! actor, through activitypub_federation), checked, and stored.
//!
//! Remote people are rows of `accounts` and remote spaces rows of `spaces`,
//! both with `domain` set, so posts, comments, reactions and feeds treat
//! them like local ones. Every text that arrives is bounded and its HTML
//! sanitised before it is stored.

use activitypub_federation::config::Data;
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::traits::{Actor, Object};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::{client, keys};
use crate::AppState;
use crate::accounts::{self, remote::RemotePerson, remote::RemoteRecord};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::markdown::plain_text;
use crate::spaces::{self, remote::RemoteSpace};
use crate::urls::host_of;

/// Where a remote actor is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorRow {
    Account(i64),
    Space(i64),
}

/// A remote actor we have stored.
#[derive(Clone, Debug)]
pub struct RemoteActor {
    pub ap_id: Url,
    pub row: ActorRow,
    pub inbox: Url,
    pub shared_inbox: Option<Url>,
    pub public_key_pem: String,
    fetched_at: i64,
}

impl RemoteActor {
    pub fn host(&self) -> String {
        host_of(&self.ap_id).unwrap_or_default()
    }

    /// Stored more than a day ago: worth fetching again.
    pub fn is_stale(&self) -> bool {
        db::now() - self.fetched_at > 24 * 3600 * 1_000_000
    }

    /// Where to deliver to it: its shared inbox if it offers one.
    pub fn delivery_inbox(&self) -> String {
        self.shared_inbox
            .as_ref()
            .unwrap_or(&self.inbox)
            .to_string()
    }
}

#[derive(Deserialize, Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ActorDocument {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    pub inbox: Url,
    #[serde(default)]
    pub outbox: Option<Url>,
    #[serde(default)]
    pub followers: Option<Url>,
    #[serde(default)]
    pub endpoints: Option<Endpoints>,
    /// One key or several (Fedify publishes arrays), or none.
    #[serde(default, deserialize_with = "keys::one_or_many")]
    pub public_key: Vec<PublicKeyDocument>,
    /// FEP-521a: keys as Multikeys (Ed25519).
    #[serde(default, deserialize_with = "keys::one_or_many")]
    pub assertion_method: Vec<keys::Multikey>,
}

impl ActorDocument {
    /// The key that signs this actor's requests, as PEM: its first
    /// `publicKey` that belongs to it, or else its first Ed25519 Multikey.
    pub fn signing_key_pem(&self) -> Option<String> {
        let own = |owner: Option<&Url>| owner.is_none_or(|o| *o == self.id);
        self.public_key
            .iter()
            .find(|k| own(k.owner.as_ref()))
            .map(|k| k.public_key_pem.clone())
            .or_else(|| {
                self.assertion_method
                    .iter()
                    .filter(|k| own(k.controller.as_ref()))
                    .find_map(keys::Multikey::ed25519_pem)
            })
    }
}

#[derive(Deserialize, Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(default)]
    pub shared_inbox: Option<Url>,
}

#[derive(Deserialize, Serialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyDocument {
    pub id: String,
    /// The actor the key belongs to; a key inside the actor may leave it out.
    #[serde(default)]
    pub owner: Option<Url>,
    pub public_key_pem: String,
}

/// A remote actor from what `accounts` or `spaces` stored of it.
fn from_record(record: RemoteRecord, row: ActorRow) -> AppResult<RemoteActor> {
    let parse = |s: &str| Url::parse(s).map_err(|e| AppError::Internal(e.into()));
    Ok(RemoteActor {
        ap_id: parse(&record.ap_id)?,
        row,
        inbox: parse(&record.inbox_url)?,
        shared_inbox: record.shared_inbox_url.as_deref().map(parse).transpose()?,
        public_key_pem: record.public_key_pem,
        fetched_at: record.fetched_at,
    })
}

/// A remote person deleted their account (`Delete` of their own actor):
/// their profile is forgotten and they stop following our spaces. What
/// they wrote stays unless its own `Delete`s come: their server decides
/// (Agora sends those when a member chooses to delete their content).
pub async fn forget_person(db: &Db, account_id: i64) -> AppResult<()> {
    accounts::remote::forget(db, account_id).await
}

/// A stored remote actor by id: a person, else a group.
pub async fn stored_actor(db: &Db, ap_id: &str) -> AppResult<Option<RemoteActor>> {
    if let Some(person) = accounts::remote::stored(db, ap_id).await? {
        let row = ActorRow::Account(person.id);
        return from_record(person, row).map(Some);
    }
    match spaces::remote::stored(db, ap_id).await? {
        Some(group) => {
            let row = ActorRow::Space(group.id);
            from_record(group, row).map(Some)
        }
        None => Ok(None),
    }
}

/// Bounded text, or an error naming the field.
fn bounded(field: &str, value: &str, max_chars: usize) -> AppResult<()> {
    if value.chars().count() > max_chars {
        return Err(AppError::BadRequest(format!(
            "{field}: longer than {max_chars} characters"
        )));
    }
    Ok(())
}

#[async_trait::async_trait]
impl Object for RemoteActor {
    type DataType = AppState;
    type Kind = ActorDocument;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.ap_id
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_micros(self.fetched_at)
    }

    async fn read_from_id(id: Url, data: &Data<AppState>) -> AppResult<Option<Self>> {
        stored_actor(&data.db, id.as_str()).await
    }

    async fn into_json(self, _: &Data<AppState>) -> AppResult<ActorDocument> {
        // Remote actors are never served by us.
        Err(AppError::NotFound("object"))
    }

    async fn verify(json: &ActorDocument, expected: &Url, data: &Data<AppState>) -> AppResult<()> {
        let host = host_of(&json.id);
        if host.is_none() || host != host_of(expected) {
            return Err(AppError::BadRequest(
                "actor: its id is not on the server it came from".into(),
            ));
        }
        if data.federation.urls.is_local(json.id.as_str()) {
            return Err(AppError::BadRequest(
                "actor: claims to be one of ours".into(),
            ));
        }
        // Everything that will receive our deliveries or name its key must
        // be on the actor's own server.
        let same_host = |url: &Url| host_of(url) == host;
        if !same_host(&json.inbox)
            || !json
                .endpoints
                .iter()
                .filter_map(|e| e.shared_inbox.as_ref())
                .all(same_host)
        {
            return Err(AppError::BadRequest(
                "actor: its inbox is not on its own server".into(),
            ));
        }
        let Some(key) = json.signing_key_pem() else {
            return Err(AppError::BadRequest(
                "actor: it publishes no key of its own (publicKey or an Ed25519 Multikey)".into(),
            ));
        };
        if !matches!(
            json.kind.as_str(),
            "Person" | "Service" | "Application" | "Organization" | "Group"
        ) {
            return Err(AppError::BadRequest(format!(
                "actor: unsupported type {}",
                json.kind
            )));
        }
        bounded(
            "preferredUsername",
            json.preferred_username.as_deref().unwrap_or(""),
            100,
        )?;
        bounded("name", json.name.as_deref().unwrap_or(""), 200)?;
        bounded("summary", json.summary.as_deref().unwrap_or(""), 20_000)?;
        bounded("publicKeyPem", &key, 10_000)?;
        Ok(())
    }

    async fn from_json(json: ActorDocument, data: &Data<AppState>) -> AppResult<Self> {
        let key = json
            .signing_key_pem()
            .ok_or_else(|| AppError::BadRequest("actor: it publishes no key of its own".into()))?;
        let host = host_of(&json.id).unwrap_or_default();
        let username = json
            .preferred_username
            .clone()
            .map(|n| plain_text(&n))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "unknown".into());
        let name = plain_text(json.name.as_deref().unwrap_or(""));
        let summary = plain_text(json.summary.as_deref().unwrap_or(""));
        let shared_inbox = json
            .endpoints
            .as_ref()
            .and_then(|e| e.shared_inbox.as_ref())
            .map(Url::to_string);
        let db = &data.db;
        let federation_state = data.federation.policy.state_of(&host);
        let ap_id = json.id.to_string();
        let inbox_url = json.inbox.to_string();
        if json.kind == "Group" {
            let space = RemoteSpace {
                slug: username.to_ascii_lowercase(),
                title: if name.is_empty() { username } else { name },
                description: summary,
                domain: host,
                ap_id,
                inbox_url,
                shared_inbox_url: shared_inbox,
                outbox_url: json.outbox.as_ref().map(Url::to_string),
                followers_url: json.followers.as_ref().map(Url::to_string),
                public_key_pem: key,
                federation_state,
            };
            spaces::remote::store(db, &space).await?;
        } else {
            let person = RemotePerson {
                username,
                domain: host,
                display_name: name,
                bio: summary,
                ap_id,
                inbox_url,
                shared_inbox_url: shared_inbox,
                public_key_pem: key,
                federation_state,
            };
            accounts::remote::store(db, &person).await?;
        }
        stored_actor(db, json.id.as_str())
            .await?
            .ok_or_else(|| AppError::BadRequest("actor: stored under another type before".into()))
    }
}

impl Actor for RemoteActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        None
    }

    fn inbox(&self) -> Url {
        self.inbox.clone()
    }

    fn shared_inbox(&self) -> Option<Url> {
        self.shared_inbox.clone()
    }
}

/// A remote actor by id: from the database, refreshed when stale, else
/// fetched.
pub async fn actor(data: &Data<AppState>, id: &Url) -> AppResult<RemoteActor> {
    if data.federation.urls.is_local(id.as_str()) {
        return Err(AppError::BadRequest(format!(
            "{id} is one of ours, not a remote actor"
        )));
    }
    client::check_destination(id, data.config.allow_private_networks)
        .map_err(|e| AppError::BadRequest(format!("{id}: {e}")))?;
    ObjectId::<RemoteActor>::from(id.clone())
        .dereference(data)
        .await
}

/// An actor document read as if it had just been fetched from its own id:
/// parsed, checked and stored exactly as `actor` does after a fetch, with
/// no request (the tests of `tests/fixtures` feed captured documents here).
pub async fn actor_from_document(data: &Data<AppState>, document: Value) -> AppResult<RemoteActor> {
    let id = document
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| Url::parse(id).ok())
        .ok_or_else(|| AppError::BadRequest("actor: id missing or not a URL".into()))?;
    let json: ActorDocument = match serde_json::from_value(document.clone()) {
        Ok(json) => json,
        Err(e) => {
            let body = document.to_string();
            let error = activitypub_federation::error::Error::ParseFetchedObject(e, id, body);
            return Err(error.into());
        }
    };
    RemoteActor::verify(&json, &id, data).await?;
    RemoteActor::from_json(json, data).await
}

/// Resolves `@name@domain` (or `name@domain`) with WebFinger, or a URL.
pub async fn resolve_handle(data: &Data<AppState>, handle: &str) -> AppResult<RemoteActor> {
    let handle = handle.trim();
    if handle.starts_with("https://") || handle.starts_with("http://") {
        let url = Url::parse(handle).map_err(|e| AppError::invalid(format!("handle: {e}")))?;
        return actor(data, &url).await;
    }
    let handle = handle.trim_start_matches('@');
    let Some((name, domain)) = handle.split_once('@') else {
        return Err(AppError::invalid(
            "handle: expected @name@domain or the space's URL",
        ));
    };
    if name.is_empty() || domain.is_empty() || domain.contains(['/', '@', '?', '#']) {
        return Err(AppError::invalid("handle: expected @name@domain"));
    }
    if domain.eq_ignore_ascii_case(data.federation.urls.domain()) {
        return Err(AppError::invalid(
            "handle: that is a space of this instance; join it instead",
        ));
    }
    let actor_url = webfinger(data, name, domain).await?;
    actor(data, &actor_url).await
}

/// Our copy of the remote public space `handle` (`@slug@domain` or its
/// URL) names, found or fetched: what a member follows.
pub async fn resolve_space(data: &Data<AppState>, handle: &str) -> AppResult<i64> {
    if handle.len() > 500 {
        return Err(AppError::invalid("handle: too long"));
    }
    match resolve_handle(data, handle).await?.row {
        ActorRow::Space(space_id) => Ok(space_id),
        ActorRow::Account(_) => Err(AppError::invalid(
            "handle: that is a person, not a space; only spaces can be followed",
        )),
    }
}

/// Looks `name@domain` up with WebFinger: the URL of its ActivityPub actor.
/// A name the other instance does not know is "no such space", exactly
/// like a space that it keeps private.
async fn webfinger(data: &Data<AppState>, name: &str, domain: &str) -> AppResult<Url> {
    let fed = &data.federation;
    if !fed.policy.verdict(domain).allows_traffic() {
        return Err(AppError::forbidden(format!(
            "this instance does not federate with {domain}"
        )));
    }
    let mut url = Url::parse(&format!(
        "{}://{domain}/.well-known/webfinger",
        fed.remote_scheme()
    ))
    .map_err(|_| AppError::invalid("handle: the domain is not valid"))?;
    url.query_pairs_mut()
        .append_pair("resource", &format!("acct:{name}@{domain}"));
    // Said plainly here; the client would refuse it anyway.
    client::check_destination(&url, data.config.allow_private_networks)
        .map_err(|e| AppError::invalid(format!("handle: {e}")))?;
    let response = fed
        .http
        .get(url.clone())
        .header("accept", "application/jrd+json, application/json")
        .send()
        .await
        .map_err(|e| AppError::BadGateway(format!("{domain} could not be reached: {e}")))?;
    match response.status().as_u16() {
        200 => {}
        404 | 410 => return Err(AppError::NotFound("space")),
        status => {
            return Err(AppError::BadGateway(format!(
                "{domain} answered WebFinger with HTTP {status}"
            )));
        }
    }
    let body = limited_body(response, 256 * 1024).await?;
    let document: Value = serde_json::from_slice(&body).map_err(|_| {
        AppError::BadGateway(format!("{domain} sent an unreadable WebFinger answer"))
    })?;
    let links = document["links"].as_array().cloned().unwrap_or_default();
    let href = links
        .iter()
        .find(|link| {
            link["rel"] == "self"
                && link["type"].as_str().is_some_and(|t| {
                    t.starts_with("application/activity+json")
                        || t.starts_with("application/ld+json")
                })
        })
        .and_then(|link| link["href"].as_str())
        .ok_or(AppError::NotFound("space"))?;
    let href = Url::parse(href)
        .map_err(|_| AppError::BadGateway(format!("{domain} sent an invalid actor URL")))?;
    if host_of(&href) != host_of(&url) {
        return Err(AppError::BadGateway(format!(
            "{domain} points its WebFinger answer to another server"
        )));
    }
    Ok(href)
}

/// A response body, refused when larger than `limit` bytes.
async fn limited_body(mut response: reqwest::Response, limit: usize) -> AppResult<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| AppError::BadGateway(format!("reading a remote answer failed: {e}")))?
    {
        body.extend_from_slice(&chunk);
        if body.len() > limit {
            return Err(AppError::BadGateway("a remote answer was too large".into()));
        }
    }
    Ok(body)
}

/// Fetches any remote AS2 document (the id must equal the URL fetched).
pub async fn fetch(data: &Data<AppState>, url: &Url) -> AppResult<Value> {
    let response =
        activitypub_federation::fetch::fetch_object_http::<AppState, Value>(url, data).await?;
    Ok(response.object)
}
