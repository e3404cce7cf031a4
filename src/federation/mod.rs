//! Federation over ActivityPub: public spaces are `Group`s, members are
//! `Person`s, the instance is a `Service` (docs/federation.md).
//!
//! - [`urls`]: the URL of every local object, and what a URL of ours names;
//! - [`actors`]: the AS2 documents and collections we serve;
//! - [`discovery`]: WebFinger and NodeInfo;
//! - [`remote`]: fetching and storing other instances' actors and objects;
//! - [`inbox`]: receiving activities, with every check on them, one file
//!   per activity; what a followed group relays takes the same path;
//! - [`objects`]: AS2 objects and activities as serde types;
//! - [`backfill`]: the recent posts of a space a member just followed;
//! - [`publish`]: the activities that local changes cause;
//! - [`farewell`]: the `Delete` of a member's actor when they close their account;
//! - [`outbox`]: the persistent delivery queue, and the one place where
//!   the private-space rule stops anything private from leaving;
//! - [`signatures`]: HTTP signatures and digests;
//! - [`keys`]: whose key signed a request (actors and key documents);
//! - [`client`]: the one outbound HTTP client (private destinations
//!   refused, fetches signed by the instance actor).
//!
//! activitypub_federation supplies the fetching (`fetch_object_http`,
//! `ObjectId::dereference`, WebFinger resolution with signed fetches), key
//! generation and wire helpers. Receiving and sending are Agora's own, to
//! close the gaps listed in docs/federation.md.

pub mod actors;
pub mod backfill;
pub mod changes;
pub mod client;
pub mod discovery;
pub mod farewell;
pub mod inbox;
pub mod keys;
pub mod objects;
pub mod outbox;
pub mod pictures;
pub mod policy;
pub mod publish;
pub mod remote;
pub mod signatures;

use std::sync::Arc;
use std::time::Duration;

use activitypub_federation::config::FederationConfig;
use serde_json::{Value, json};

use crate::changes::Changes;
use crate::config::Config;
use crate::error::AppResult;
pub use crate::urls::Urls;
use crate::{AppState, db};
pub use client::HostOverrides;

pub const ACTIVITY_JSON: &str = "application/activity+json";
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// `@context` of every document we serve or send: ActivityStreams, the
/// security vocabulary (keys), and every extension term we use, defined as
/// Mobilizon, Lemmy, Mastodon and schema.org define them, so that a strict
/// JSON-LD reader keeps them. `federation-tests/tests/context.rs` fails if
/// a document or activity carries a term not defined here.
pub fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
            "sensitive": "as:sensitive",
            "Hashtag": "as:Hashtag",
            "sc": "http://schema.org#",
            "mz": "https://joinmobilizon.org/ns#",
            "pt": "https://joinpeertube.org/ns#",
            "ical": "http://www.w3.org/2002/12/cal/ical#",
            "lemmy": "https://join-lemmy.org/ns#",
            "toot": "http://joinmastodon.org/ns#",
            "postingRestrictedToMods": "lemmy:postingRestrictedToMods",
            "language": "sc:inLanguage",
            "removeData": "lemmy:removeData",
            "identifier": "sc:identifier",
            "moderators": {"@id": "lemmy:moderators", "@type": "@id"},
            "timezone": {"@id": "mz:timezone", "@type": "sc:Text"},
            "joinMode": {"@id": "mz:joinMode", "@type": "mz:joinModeType"},
            "anonymousParticipationEnabled": {"@id": "mz:anonymousParticipationEnabled", "@type": "sc:Boolean"},
            "participantCount": {"@id": "mz:participantCount", "@type": "sc:Integer"},
            "isOnline": {"@id": "mz:isOnline", "@type": "sc:Boolean"},
            "commentsEnabled": {"@id": "pt:commentsEnabled", "@type": "sc:Boolean"},
            "maximumAttendeeCapacity": "sc:maximumAttendeeCapacity",
            "remainingAttendeeCapacity": "sc:remainingAttendeeCapacity",
            "organizer": {"@id": "sc:organizer", "@type": "@id"},
            "mainEntity": {"@id": "sc:mainEntity", "@type": "@id"},
            "address": {"@id": "sc:address", "@type": "sc:PostalAddress"},
            "PostalAddress": "sc:PostalAddress",
            "streetAddress": "sc:streetAddress",
            "addressLocality": "sc:addressLocality",
            "addressCountry": "sc:addressCountry",
            "status": {"@id": "ical:status", "@type": "ical:status"},
            "creativeWorkStatus": "sc:creativeWorkStatus",
            "size": "sc:contentSize"
        }
    ])
}

/// The federation data used by the domain functions: this instance's URLs
/// and the bell that wakes the delivery worker. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Federation {
    pub urls: Urls,
    /// Local changes to turn into activities, and the bell that wakes the
    /// worker for them and for deliveries.
    pub changes: Changes,
    /// The client for every request to other instances.
    pub http: reqwest_middleware::ClientWithMiddleware,
    /// The instance actor's key, which signs that client's GETs.
    fetch_signer: client::FetchSigner,
    /// Fixed addresses for host names (test networks only).
    pub host_overrides: HostOverrides,
    /// `https`, or `http` where test networks allow it.
    remote_scheme: &'static str,
    /// Whom we talk to.
    pub policy: policy::Policy,
    /// Fetches caused by signatures, at most one per URL a minute.
    pub refetches: keys::Refetches,
    /// Rung when a post or comment from elsewhere arrives, perhaps with
    /// pictures to fetch ([`pictures::run`]).
    pub pictures: Arc<tokio::sync::Notify>,
}

impl Federation {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        let host_overrides = HostOverrides::default();
        for (host, addr) in &config.resolve {
            host_overrides.insert(host, *addr);
        }
        let fetch_signer = client::FetchSigner::default();
        let urls = Urls::new(&config.domain, config.https);
        Ok(Federation {
            changes: Changes::new(urls.clone()),
            urls,
            http: client::build(config, host_overrides.clone(), fetch_signer.clone())?,
            fetch_signer,
            host_overrides,
            remote_scheme: if config.allow_private_networks {
                "http"
            } else {
                "https"
            },
            policy: policy::Policy::new(config.federation_mode),
            refetches: keys::Refetches::default(),
            pictures: Arc::default(),
        })
    }

    /// The scheme of other instances' URLs we build ourselves (WebFinger).
    pub fn remote_scheme(&self) -> &'static str {
        self.remote_scheme
    }

    /// Tells the delivery worker there is new work (after a commit).
    pub fn wake_outbox(&self) {
        self.changes.committed();
    }

    async fn outbox_woken(&self) {
        self.changes.rung().await;
    }
}

/// activitypub_federation's configuration: fetches (signed by our client,
/// as the instance actor) are limited to 50 per inbound request.
pub async fn federation_config(state: AppState) -> anyhow::Result<FederationConfig<AppState>> {
    let client = state.federation.http.clone();
    let verifier = policy::PolicyVerifier(state.federation.policy.clone());
    let instance = actors::InstanceActor::load_or_create(&state.db, &state.federation.urls).await?;
    let (key_id, key) = instance.signing_key()?;
    state.federation.fetch_signer.set(key_id, key);
    let config = state.config.clone();
    Ok(FederationConfig::builder()
        .domain(config.domain.clone())
        .app_data(state)
        .client(client)
        .debug(config.allow_private_networks)
        .allow_http_urls(config.allow_private_networks || !config.https)
        .http_fetch_limit(50)
        .request_timeout(Duration::from_secs(10))
        .url_verifier(Box::new(verifier))
        .build()
        .await?)
}

/// The federation endpoints: discovery, actors, objects, collections and
/// inboxes. AS2 GETs require a signature when `federation.signed_fetch`
/// is set (except the instance actor, which others need to check ours).
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    let documents = axum::Router::new()
        .route("/users/{name}", get(actors::person))
        .route("/users/{name}/outbox", get(actors::person_outbox))
        .route("/users/{name}/followers", get(actors::person_followers))
        .route("/spaces/{slug}", get(actors::group))
        .route("/spaces/{slug}/outbox", get(actors::group_outbox))
        .route("/spaces/{slug}/followers", get(actors::group_followers))
        .route("/spaces/{slug}/moderators", get(actors::group_moderators))
        .route("/posts/{id}", get(actors::post))
        .route("/comments/{id}", get(actors::comment))
        .route("/events/{id}", get(actors::event))
        .route("/events/{id}/card", get(actors::event_card))
        .route("/library/{id}", get(actors::library_item))
        .route("/library/{id}/card", get(actors::library_card))
        .route_layer(axum::middleware::from_fn(actors::require_signed_fetch));
    axum::Router::new()
        .merge(documents)
        .route("/actor", get(actors::instance_actor))
        .route("/actor/outbox", get(actors::instance_outbox))
        .route("/inbox", post(inbox::shared_inbox))
        .route("/users/{name}/inbox", post(inbox::person_inbox))
        .route("/spaces/{slug}/inbox", post(inbox::group_inbox))
        .route("/.well-known/webfinger", get(discovery::webfinger))
        .route("/.well-known/nodeinfo", get(discovery::nodeinfo_links))
        .route("/nodeinfo/2.1", get(discovery::nodeinfo))
}

/// Forgets inbound activity ids older than a week (a repeat after that is
/// harmless: objects are stored by id).
pub async fn prune_received(db: &db::Db) -> AppResult<()> {
    sqlx::query("DELETE FROM received_activities WHERE received_at < $1")
        .bind(db::now() - 7 * 24 * 3600 * 1_000_000)
        .execute(db.writer())
        .await?;
    Ok(())
}
