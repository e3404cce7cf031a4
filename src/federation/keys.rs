//! Whose key signed a request, read the way servers publish keys:
//!
//! - in the actor itself, named by a fragment (`…/users/ada#main-key`,
//!   Mastodon, Lemmy, Agora);
//! - in a key document of its own that names its `owner` (GoToSocial's
//!   `…/users/ada/main-key`): the owner is then fetched from its own id,
//!   must live on the same server, and must publish the same key.
//!
//! Fetches caused by signatures are bounded: a given URL is fetched at
//! most once a minute on their account ([`Refetches`]), so a stream of
//! bad signatures naming a third party's URLs cannot make Agora hammer it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use activitypub_federation::config::Data;
use serde_json::Value;
use url::Url;

use super::remote::{self, RemoteActor};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::urls::host_of;

/// How often one URL may be fetched because of a signature.
const REFETCH_EVERY: Duration = Duration::from_secs(60);
/// Entries kept before old ones are swept.
const MAX_ENTRIES: usize = 10_000;

/// When each URL was last fetched on a signature's account, and which
/// key documents belong to which owner. Cheap to clone; per process.
#[derive(Clone, Default, Debug)]
pub struct Refetches {
    fetched: Arc<Mutex<HashMap<String, Instant>>>,
    owners: Arc<Mutex<HashMap<String, Url>>>,
}

impl Refetches {
    /// Whether `url` may be fetched now (and notes that it is).
    pub fn allow(&self, url: &str) -> bool {
        let Ok(mut fetched) = self.fetched.lock() else {
            return false;
        };
        let now = Instant::now();
        if fetched.len() >= MAX_ENTRIES {
            fetched.retain(|_, at| now.duration_since(*at) < REFETCH_EVERY);
        }
        match fetched.get(url) {
            Some(at) if now.duration_since(*at) < REFETCH_EVERY => false,
            _ => {
                fetched.insert(url.to_owned(), now);
                true
            }
        }
    }

    fn owner_of(&self, key_id: &str) -> Option<Url> {
        self.owners.lock().ok()?.get(key_id).cloned()
    }

    fn remember_owner(&self, key_id: &str, owner: Url) {
        if let Ok(mut owners) = self.owners.lock() {
            if owners.len() >= MAX_ENTRIES {
                owners.clear();
            }
            owners.insert(key_id.to_owned(), owner);
        }
    }
}

fn unauthorized(message: impl Into<String>) -> AppError {
    AppError::Unauthorized(message.into())
}

/// Errors of reaching the signer, as a refusal of the signature.
fn as_refusal(e: AppError) -> AppError {
    match e {
        AppError::BadRequest(m) | AppError::BadGateway(m) | AppError::Unauthorized(m) => {
            unauthorized(format!("cannot get the signing key: {m}"))
        }
        AppError::NotFound(_) | AppError::Gone(_) => {
            unauthorized("the signing key's actor does not exist")
        }
        other => other,
    }
}

/// The actor owning a signature's `keyId`.
pub async fn key_owner(data: &Data<AppState>, key_id: &str) -> AppResult<RemoteActor> {
    let mut url =
        Url::parse(key_id).map_err(|_| unauthorized("the signature's keyId is not a URL"))?;
    url.set_fragment(None);
    let refetches = &data.federation.refetches;
    if let Some(owner) = refetches.owner_of(key_id) {
        return remote::actor(data, &owner).await.map_err(as_refusal);
    }
    if let Some(actor) = remote::stored_actor(&data.db, url.as_str()).await? {
        // Known: one query, and a refresh only when it is old.
        if !actor.is_stale() {
            return Ok(actor);
        }
        return remote::actor(data, &actor.ap_id).await.map_err(as_refusal);
    }
    if !refetches.allow(url.as_str()) {
        return Err(unauthorized(
            "the signing key was asked for less than a minute ago and could not be used",
        ));
    }
    let document = remote::fetch(data, &url).await.map_err(as_refusal)?;
    if document.get("inbox").is_some() {
        // The actor itself (fetched from its own id: `remote::fetch` checks).
        return remote::actor_from_document(data, document)
            .await
            .map_err(as_refusal);
    }
    owner_of_key_document(data, key_id, &url, &document).await
}

/// A key document (`id`, `owner`, `publicKeyPem`): its owner, fetched from
/// the owner's own id, on the same server, publishing the same key.
async fn owner_of_key_document(
    data: &Data<AppState>,
    key_id: &str,
    url: &Url,
    document: &Value,
) -> AppResult<RemoteActor> {
    let owner = document
        .get("owner")
        .and_then(Value::as_str)
        .and_then(|o| Url::parse(o).ok())
        .ok_or_else(|| unauthorized("the keyId names neither an actor nor a key with an owner"))?;
    if host_of(&owner) != host_of(url) {
        return Err(unauthorized(
            "the key's owner is on another server than the key",
        ));
    }
    let pem = document
        .get("publicKeyPem")
        .and_then(Value::as_str)
        .ok_or_else(|| unauthorized("the key document has no publicKeyPem"))?;
    let actor = remote::actor(data, &owner).await.map_err(as_refusal)?;
    if actor.public_key_pem.trim() != pem.trim() {
        return Err(unauthorized(
            "the key document and its owner publish different keys",
        ));
    }
    data.federation.refetches.remember_owner(key_id, owner);
    Ok(actor)
}

/// `publicKey` and `assertionMethod` hold one key, several, or `null`.
pub fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
        Null(()),
    }
    Ok(
        match <OneOrMany<T> as serde::Deserialize>::deserialize(deserializer)? {
            OneOrMany::Many(keys) => keys,
            OneOrMany::One(key) => vec![key],
            OneOrMany::Null(()) => Vec::new(),
        },
    )
}

/// A key as FEP-521a publishes it in `assertionMethod`.
#[derive(Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Multikey {
    pub id: String,
    #[serde(default)]
    pub controller: Option<Url>,
    pub public_key_multibase: String,
}

/// The multicodec prefix of an Ed25519 public key.
const ED25519_CODEC: [u8; 2] = [0xed, 0x01];
/// DER of an Ed25519 SubjectPublicKeyInfo, before the 32 key bytes.
const ED25519_SPKI: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

impl Multikey {
    /// An Ed25519 Multikey (`z` + base58btc of 0xed01 + 32 bytes) as the
    /// PEM of its SubjectPublicKeyInfo; `None` for anything else.
    pub fn ed25519_pem(&self) -> Option<String> {
        let encoded = self.public_key_multibase.strip_prefix('z')?;
        let bytes = bs58::decode(encoded).into_vec().ok()?;
        let key = bytes.strip_prefix(&ED25519_CODEC[..])?;
        (key.len() == 32).then(|| {
            use base64::Engine;
            let der = [&ED25519_SPKI[..], key].concat();
            let body = base64::engine::general_purpose::STANDARD.encode(der);
            format!("-----BEGIN PUBLIC KEY-----\n{body}\n-----END PUBLIC KEY-----\n")
        })
    }
}

/// The Ed25519 key of a PEM made by [`Multikey::ed25519_pem`] (or any
/// Ed25519 SubjectPublicKeyInfo).
pub fn ed25519_from_pem(pem: &str) -> Option<ed25519_dalek::VerifyingKey> {
    use base64::Engine;
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .ok()?;
    let key: [u8; 32] = der.strip_prefix(&ED25519_SPKI[..])?.try_into().ok()?;
    ed25519_dalek::VerifyingKey::from_bytes(&key).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ed25519_multikeys_become_keys() {
        // Fedify's test actor (tests/fixtures/fedify/actor_multikey_only.json).
        let key = Multikey {
            id: "https://server.example/users/alice#ed25519-key".into(),
            controller: None,
            public_key_multibase: "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2".into(),
        };
        let pem = key.ed25519_pem().unwrap();
        assert!(ed25519_from_pem(&pem).is_some());
        // Not base58btc, not Ed25519, not 32 bytes: no key.
        for bad in ["u6MkrJVnaZkeFzdQ", "z2222", "zQmYwAPJzv5CZsnA"] {
            let key = Multikey {
                public_key_multibase: bad.into(),
                ..key.clone()
            };
            assert_eq!(key.ed25519_pem(), None, "{bad}");
        }
    }

    #[test]
    fn a_url_is_fetched_at_most_once_a_minute() {
        let refetches = Refetches::default();
        assert!(refetches.allow("https://a.example/users/x"));
        assert!(!refetches.allow("https://a.example/users/x"));
        assert!(refetches.allow("https://a.example/users/y"));
        for i in 0..MAX_ENTRIES + 10 {
            refetches.allow(&format!("https://b.example/{i}"));
        }
        // Sweeping keeps the recent ones.
        assert!(!refetches.allow("https://a.example/users/x"));
    }
}
