//! The delivery worker: leases due rows host by host, signs and sends
//! each, and retries with backoff (see the module above).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use super::super::signatures::PrivateKey;
use tokio::sync::{Mutex, Semaphore};
use url::Url;

use super::super::{Federation, signatures};
use super::Signer;
use crate::config::DatabaseKind;
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::metrics::Metrics;
use crate::{accounts, spaces};

pub(super) const SECOND: i64 = 1_000_000;
/// How long a worker owns a leased row before another may take it: longer
/// than a request may take (10 s), short enough that a crashed node's
/// deliveries resume soon.
const LEASE: i64 = 30 * SECOND;
/// Retries continue for at least this long before a host is marked unreachable.
const GIVE_UP_AFTER: i64 = 3 * 24 * 3600 * SECOND + 3600 * SECOND;
/// Longest wait between two attempts.
pub(super) const MAX_BACKOFF: i64 = 4 * 3600 * SECOND;
/// How often an unreachable host is probed with one delivery.
const PROBE_EVERY: i64 = 3600 * SECOND;

/// What one delivery attempt came to.
enum Outcome {
    Delivered,
    /// The receiver refused it for good (4xx other than 401/408/429).
    Rejected(String),
    /// Try again, not before `retry_after` if the receiver said so.
    Retry {
        error: String,
        retry_after: Option<Duration>,
    },
}

#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    inbox_url: String,
    host: String,
    attempts: i64,
    created_at: i64,
    body: String,
    signer_kind: String,
    signer_id: i64,
}

/// The delivery worker. Runs until the task is dropped.
pub async fn run(db: Db, fed: Federation, per_host: usize, metrics: Metrics) {
    let worker = Arc::new(Worker {
        db,
        metrics,
        client: fed.http.clone(),
        fed,
        per_host,
        hosts: Mutex::new(HashMap::new()),
        keys: Mutex::new(HashMap::new()),
    });
    let mut last_cleanup = 0;
    loop {
        // Local changes first: they become deliveries.
        if let Err(e) = super::super::changes::publish_waiting(&worker.db, &worker.fed).await {
            tracing::warn!(error = %e, "cannot read the changes to publish");
        }
        if let Err(e) = worker.clone().dispatch().await {
            tracing::warn!(error = %e, "delivery queue: cannot read due deliveries");
        }
        let now = db::now();
        if now - last_cleanup > 60 * SECOND {
            last_cleanup = now;
            if let Err(e) = worker.cleanup().await {
                tracing::warn!(error = %e, "delivery queue: cleanup failed");
            }
        }
        tokio::select! {
            () = worker.fed.outbox_woken() => {}
            () = tokio::time::sleep(Duration::from_millis(500)) => {}
        }
    }
}

struct Worker {
    db: Db,
    metrics: Metrics,
    fed: Federation,
    client: reqwest_middleware::ClientWithMiddleware,
    per_host: usize,
    /// Requests in flight per host.
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// Parsed private keys (parsing PEM is slow).
    /// Each signer's key id and parsed key: parsed once, and read from
    /// the database once.
    keys: Mutex<HashMap<Signer, (String, Arc<PrivateKey>)>>,
}

impl Worker {
    /// Leases what is due, host by host within each host's free capacity,
    /// and starts a task per delivery.
    async fn dispatch(self: Arc<Self>) -> AppResult<()> {
        let now = db::now();
        let hosts: Vec<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
            "SELECT DISTINCT d.host, h.unreachable_since, h.last_failure_at FROM deliveries d \
             LEFT JOIN federated_hosts h ON h.host = d.host \
             WHERE d.next_attempt_at <= $1 AND d.leased_until < $1",
        )
        .bind(now)
        .fetch_all(&self.db.read)
        .await?;
        for (host, unreachable_since, last_failure) in hosts {
            let semaphore = {
                let mut map = self.hosts.lock().await;
                map.entry(host.clone())
                    .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                    .clone()
            };
            let mut free = semaphore.available_permits() as i64;
            if unreachable_since.is_some() {
                // An unreachable host gets one probe an hour; its queue waits.
                if last_failure.is_some_and(|t| now - t < PROBE_EVERY) {
                    continue;
                }
                free = free.min(1);
            }
            if free == 0 {
                continue;
            }
            for due in self.lease(&host, free, now).await? {
                let Ok(permit) = semaphore.clone().try_acquire_owned() else {
                    break; // released at lease expiry
                };
                let worker = self.clone();
                tokio::spawn(async move {
                    worker.deliver(due).await;
                    drop(permit);
                    // A place is free for this host: fill it now, not at
                    // the next poll (which would cap a slow host at
                    // `per_host` deliveries per half second).
                    worker.fed.wake_outbox();
                });
            }
        }
        Ok(())
    }

    async fn lease(&self, host: &str, limit: i64, now: i64) -> AppResult<Vec<Due>> {
        let skip_locked = match self.db.kind {
            DatabaseKind::Postgres => " FOR UPDATE SKIP LOCKED",
            DatabaseKind::Sqlite => "",
        };
        let select = format!(
            "SELECT id FROM deliveries WHERE host = $1 AND next_attempt_at <= $2 \
             AND leased_until < $2 ORDER BY next_attempt_at, id LIMIT $3 + 0{skip_locked}"
        );
        // Built from two constant strings above, nothing from outside.
        let select = sqlx::AssertSqlSafe(select);
        let mut tx = self.db.begin().await?;
        let ids: Vec<(i64,)> = sqlx::query_as(select)
            .bind(host)
            .bind(now)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
        let mut rows = Vec::with_capacity(ids.len());
        for (id,) in ids {
            sqlx::query("UPDATE deliveries SET leased_until = $1 WHERE id = $2")
                .bind(now + LEASE)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let due: Due = sqlx::query_as(
                "SELECT d.id, d.inbox_url, d.host, d.attempts, d.created_at, o.body, \
                        o.signer_kind, o.signer_id \
                 FROM deliveries d JOIN outbound_activities o ON o.id = d.activity_id \
                 WHERE d.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            rows.push(due);
        }
        tx.commit().await?;
        Ok(rows)
    }

    async fn deliver(&self, due: Due) {
        let outcome = self.attempt(&due).await;
        match outcome {
            Outcome::Delivered => {}
            Outcome::Rejected(_) => self.metrics.delivery_failed(&due.host, true),
            Outcome::Retry { .. } => self.metrics.delivery_failed(&due.host, false),
        }
        if let Err(e) = self.record(&due, outcome).await {
            tracing::warn!(error = %e, inbox = %due.inbox_url, "delivery queue: cannot record an attempt");
        }
    }

    async fn attempt(&self, due: &Due) -> Outcome {
        let retry = |error: String| Outcome::Retry {
            error,
            retry_after: None,
        };
        let (key_id, key) = match self.signing_key(&due.signer_kind, due.signer_id).await {
            Ok(found) => found,
            // The actor is gone (e.g. the space was deleted): nothing to send.
            Err(e) => return Outcome::Rejected(format!("no signing key: {e}")),
        };
        let Ok(url) = Url::parse(&due.inbox_url) else {
            return Outcome::Rejected("invalid inbox URL".into());
        };
        // A rule may have changed since it was queued.
        if !self.fed.policy.allows_url(url.as_str()) {
            return Outcome::Rejected("blocked by the federation policy".into());
        }
        let headers = match signatures::sign(
            &Method::POST,
            &url,
            Some(due.body.as_bytes()),
            &key_id,
            &key,
        ) {
            Ok(h) => h,
            Err(e) => return Outcome::Rejected(format!("cannot sign: {e}")),
        };
        let response = self
            .client
            .post(url)
            .headers(headers)
            .body(due.body.clone())
            .send()
            .await;
        let response = match response {
            Ok(r) => r,
            // Refused by the client before any connection (a private address).
            Err(reqwest_middleware::Error::Middleware(e)) => {
                return Outcome::Rejected(format!("{e:#}"));
            }
            Err(e) => return retry(format!("{e}")),
        };
        let status = response.status();
        if status.is_success() {
            return Outcome::Delivered;
        }
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let retryable = status.is_server_error()
            || matches!(
                status,
                StatusCode::UNAUTHORIZED
                    | StatusCode::REQUEST_TIMEOUT
                    | StatusCode::TOO_MANY_REQUESTS
            );
        if retryable {
            Outcome::Retry {
                error: format!("HTTP {status}"),
                retry_after,
            }
        } else {
            Outcome::Rejected(format!("HTTP {status}"))
        }
    }

    async fn record(&self, due: &Due, outcome: Outcome) -> AppResult<()> {
        let now = db::now();
        match outcome {
            Outcome::Delivered => {
                let mut tx = self.db.begin().await?;
                sqlx::query("DELETE FROM deliveries WHERE id = $1")
                    .bind(due.id)
                    .execute(&mut *tx)
                    .await?;
                let was_unreachable: Option<(Option<i64>,)> =
                    sqlx::query_as("SELECT unreachable_since FROM federated_hosts WHERE host = $1")
                        .bind(&due.host)
                        .fetch_optional(&mut *tx)
                        .await?;
                sqlx::query(
                    "INSERT INTO federated_hosts (host, last_success_at) VALUES ($1, $2) \
                     ON CONFLICT (host) DO UPDATE SET last_success_at = $2, unreachable_since = NULL",
                )
                .bind(&due.host)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if was_unreachable.is_some_and(|(since,)| since.is_some()) {
                    // Back: what waited is due now.
                    sqlx::query("UPDATE deliveries SET next_attempt_at = $1 WHERE host = $2")
                        .bind(now)
                        .bind(&due.host)
                        .execute(&mut *tx)
                        .await?;
                    tracing::info!(host = %due.host, "host reachable again; resuming deliveries");
                }
                tx.commit().await?;
            }
            Outcome::Rejected(why) => {
                tracing::info!(inbox = %due.inbox_url, %why, "delivery refused by the receiver; dropped");
                sqlx::query("DELETE FROM deliveries WHERE id = $1")
                    .bind(due.id)
                    .execute(self.db.writer())
                    .await?;
            }
            Outcome::Retry { error, retry_after } => {
                let attempts = due.attempts + 1;
                let backoff = backoff(attempts);
                let wait = retry_after
                    .map(|d| (d.as_micros() as i64).clamp(backoff, MAX_BACKOFF))
                    .unwrap_or(backoff);
                tracing::debug!(inbox = %due.inbox_url, %error, attempts, "delivery failed; will retry");
                let mut tx = self.db.begin().await?;
                sqlx::query(
                    "UPDATE deliveries SET attempts = $1, next_attempt_at = $2, leased_until = 0, \
                     last_error = $3 WHERE id = $4",
                )
                .bind(attempts)
                .bind(now + wait)
                .bind(&error)
                .bind(due.id)
                .execute(&mut *tx)
                .await?;
                let unreachable = (now - due.created_at > GIVE_UP_AFTER).then_some(now);
                sqlx::query(
                    "INSERT INTO federated_hosts (host, last_failure_at, unreachable_since) \
                     VALUES ($1, $2, $3) ON CONFLICT (host) DO UPDATE SET last_failure_at = $2, \
                     unreachable_since = COALESCE(federated_hosts.unreachable_since, $3)",
                )
                .bind(&due.host)
                .bind(now)
                .bind(unreachable)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                if unreachable.is_some() {
                    tracing::warn!(host = %due.host, "host failing for over three days: marked unreachable");
                }
            }
        }
        Ok(())
    }

    async fn signing_key(
        &self,
        kind: &str,
        id: i64,
    ) -> anyhow::Result<(String, Arc<PrivateKey>)> {
        let urls = &self.fed.urls;
        let signer = match kind {
            "account" => Signer::Account(id),
            "space" => Signer::Space(id),
            _ => Signer::Instance,
        };
        if let Some((key_id, key)) = self.keys.lock().await.get(&signer) {
            return Ok((key_id.clone(), key.clone()));
        }
        let found = match signer {
            Signer::Account(id) => accounts::public::signing_key(&self.db, id).await?,
            Signer::Space(id) => spaces::addresses::signing_key(&self.db, id).await?,
            Signer::Instance => {
                let row: Option<(String,)> = sqlx::query_as(
                    "SELECT private_key_pem FROM instance_actor WHERE id = 1 OR id = $1",
                )
                .bind(id)
                .fetch_optional(&self.db.read)
                .await?;
                row.map(|(pem,)| (String::new(), Some(pem)))
            }
        };
        let (name, pem) = found.ok_or_else(|| anyhow::anyhow!("signer {kind} {id} not found"))?;
        let actor = match signer {
            Signer::Account(_) => urls.person(&name),
            Signer::Space(_) => urls.space(&name),
            Signer::Instance => urls.instance_actor(),
        };
        let key_id = format!("{actor}#main-key");
        let pem = pem.ok_or_else(|| anyhow::anyhow!("signer {kind} {id} has no key"))?;
        let key =
            Arc::new(tokio::task::spawn_blocking(move || signatures::private_key(&pem)).await??);
        let cached = (key_id.clone(), key.clone());
        self.keys.lock().await.insert(signer, cached);
        Ok((key_id, key))
    }

    /// Drops activities whose deliveries are all done.
    async fn cleanup(&self) -> AppResult<()> {
        sqlx::query(
            "DELETE FROM outbound_activities WHERE created_at < $1 AND NOT EXISTS \
             (SELECT 1 FROM deliveries d WHERE d.activity_id = outbound_activities.id)",
        )
        .bind(db::now() - 60 * SECOND)
        .execute(self.db.writer())
        .await?;
        super::super::prune_received(&self.db).await
    }
}

/// 10 s, 20 s, 40 s … capped at four hours.
pub(super) fn backoff(attempts: i64) -> i64 {
    let exponent = attempts.clamp(1, 20) as u32 - 1;
    (10 * SECOND).saturating_mul(1 << exponent).min(MAX_BACKOFF)
}

/// `Retry-After` as seconds or as an HTTP date.
pub(super) fn parse_retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value.trim()).ok()?;
    when.duration_since(std::time::SystemTime::now()).ok()
}
