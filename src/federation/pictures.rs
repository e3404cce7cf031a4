//! Other servers' pictures, fetched once so that our pages show them as
//! thumbnails from this server (our pages load nothing from elsewhere).
//! The queue and what is kept are `media`'s ([`media::take_fetch`],
//! [`media::keep_fetched`]); this is the part that talks to the other
//! server, through the one guarded client: no private addresses, at most
//! [`media::MAX_BYTES`] read, [`JOBS`] fetches at a time on each node,
//! nothing from a domain whose media the admin refuses.

use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

use super::Federation;
use crate::db::Db;
use crate::library::storage::Storage;
use crate::media::{self, ToFetch};

/// Fetches at once on each node.
const JOBS: usize = 2;
/// How often an idle worker looks for pictures to fetch without being
/// rung: retries falling due, and pictures another node received.
const IDLE_POLL: Duration = Duration::from_secs(60);
/// A picture has this long to arrive, slow servers included.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Redirects followed (media servers often answer with one to a CDN).
const MAX_REDIRECTS: usize = 3;

/// Why a fetch did not bring a picture.
#[derive(Debug)]
enum Failure {
    /// Worth trying again later: no answer, a timeout, a 5xx or a 429.
    Later(String),
    /// Never worth trying again: refused by policy, too large, gone.
    Never(String),
}

/// Works through the remote pictures waiting to be fetched, for as long
/// as the server runs.
pub async fn run(db: Db, storage: Storage, federation: Federation) {
    let permits = Arc::new(Semaphore::new(JOBS));
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return;
        };
        match media::take_fetch(&db).await {
            Ok(Some(job)) => {
                let (db, storage, federation) = (db.clone(), storage.clone(), federation.clone());
                tokio::spawn(work(db, storage, federation, job, permit));
            }
            Ok(None) => {
                drop(permit);
                let _ = tokio::time::timeout(IDLE_POLL, federation.pictures.notified()).await;
            }
            Err(e) => {
                drop(permit);
                tracing::warn!(error = %e, "cannot read the queue of pictures to fetch");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

async fn work(
    db: Db,
    storage: Storage,
    federation: Federation,
    job: ToFetch,
    _permit: OwnedSemaphorePermit,
) {
    let done = match fetch(&federation, &job.url).await {
        Ok(bytes) => media::keep_fetched(&db, &storage, job.id, bytes).await,
        Err(Failure::Later(why)) => {
            tracing::info!(url = %job.url, attempt = job.attempt, %why, "picture not fetched, will try again");
            media::fetch_failed(&db, &job).await
        }
        Err(Failure::Never(why)) => {
            tracing::info!(url = %job.url, %why, "picture not fetched; it stays a link");
            media::give_up(&db, job.id).await
        }
    };
    if let Err(e) = done {
        tracing::warn!(url = %job.url, error = %e, "cannot keep a fetched picture");
    }
}

/// The bytes at `address`, following a few redirects, each destination
/// checked against the policy (and by the client against private networks).
async fn fetch(federation: &Federation, address: &str) -> Result<Bytes, Failure> {
    let mut url = Url::parse(address).map_err(|e| Failure::Never(e.to_string()))?;
    for _ in 0..=MAX_REDIRECTS {
        let host = url.host_str().unwrap_or_default();
        if federation.policy.rejects_media(host) || !federation.policy.allows_url(url.as_str()) {
            return Err(Failure::Never(format!("{host}: media refused by policy")));
        }
        let response = federation
            .http
            .get(url.clone())
            .header(reqwest::header::ACCEPT, "image/*")
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(|e| Failure::Later(e.to_string()))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .ok_or_else(|| Failure::Never(format!("{status} without a Location")))?;
            url = url
                .join(location)
                .map_err(|e| Failure::Never(e.to_string()))?;
            continue;
        }
        if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            return Err(Failure::Later(status.to_string()));
        }
        if !status.is_success() {
            return Err(Failure::Never(status.to_string()));
        }
        return read_bounded(response).await;
    }
    Err(Failure::Never("too many redirects".into()))
}

/// The body, refused as soon as it says or shows it is larger than an
/// attachment may be.
async fn read_bounded(mut response: reqwest::Response) -> Result<Bytes, Failure> {
    let too_large = || Failure::Never(format!("larger than {} bytes", media::MAX_BYTES));
    if response
        .content_length()
        .is_some_and(|n| n > media::MAX_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Failure::Later(e.to_string()))?
    {
        if body.len() + chunk.len() > media::MAX_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
