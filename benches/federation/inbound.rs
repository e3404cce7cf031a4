//! (a) Inbound: signed `Like`s and `Create(Note)`s, signed before the run,
//! sent to the shared inbox over `concurrency` connections.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, Method};
use bytes::Bytes;
use serde_json::json;
use url::Url;

use agora::federation::signatures;

use crate::keys::ActorKey;
use crate::seed::DOMAIN;
use crate::support::cpu_time;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Like,
    Create,
}

/// One request, signed and ready to send.
pub struct Signed {
    headers: HeaderMap,
    body: Bytes,
}

/// Who sends what: actor `i` signs with `keys[i % keys.len()]`.
pub struct Plan<'a> {
    pub actors: &'a [String],
    pub keys: &'a [ActorKey],
    /// The posts Likes go to (each actor likes each at most once).
    pub posts: Vec<String>,
    /// The post Notes reply to, and its space.
    pub reply_to: String,
    pub space: String,
}

/// The shared inbox, under our name.
pub fn inbox_url() -> Url {
    Url::parse(&format!("http://{DOMAIN}/inbox")).unwrap()
}

impl Plan<'_> {
    /// Activity number `g` (numbers are never reused, so ids stay new and
    /// each Like has a post its actor has not liked yet).
    fn activity(&self, kind: Kind, g: usize) -> (usize, String) {
        let a = g % self.actors.len();
        let actor = &self.actors[a];
        let body = match kind {
            Kind::Like => {
                let post = &self.posts[(g / self.actors.len()) % self.posts.len()];
                json!({
                    "@context": "https://www.w3.org/ns/activitystreams",
                    "id": format!("{actor}/likes/{g}"),
                    "type": "Like",
                    "actor": actor,
                    "object": post,
                })
            }
            Kind::Create => {
                let note = format!("{actor}/notes/{g}");
                json!({
                    "@context": "https://www.w3.org/ns/activitystreams",
                    "id": format!("{note}/activity"),
                    "type": "Create",
                    "actor": actor,
                    "to": ["https://www.w3.org/ns/activitystreams#Public"],
                    "cc": [self.space],
                    "audience": self.space,
                    "object": {
                        "id": note,
                        "type": "Note",
                        "attributedTo": actor,
                        "inReplyTo": self.reply_to,
                        "audience": self.space,
                        "to": ["https://www.w3.org/ns/activitystreams#Public"],
                        "cc": [self.space],
                        "content": format!("<p>Reply {g}: we filed the appeal this morning; the hearing is set for March.</p>"),
                        "contentMap": {"en": format!("<p>Reply {g}</p>")},
                        "published": "2026-11-30T10:00:00Z",
                    },
                })
            }
        };
        (a, body.to_string())
    }

    /// Signs activities `first..first + n` on every core.
    pub fn sign(&self, kind: Kind, first: usize, n: usize) -> Vec<Signed> {
        let url = inbox_url();
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let chunk = n.div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|start| {
                    let url = &url;
                    scope.spawn(move || {
                        (start..(start + chunk).min(n))
                            .map(|i| {
                                let (a, body) = self.activity(kind, first + i);
                                let key = &self.keys[a % self.keys.len()];
                                let key_id = format!("{}#main-key", self.actors[a]);
                                let headers = signatures::sign(
                                    &Method::POST,
                                    url,
                                    Some(body.as_bytes()),
                                    &key_id,
                                    &key.private,
                                )
                                .unwrap();
                                Signed {
                                    headers,
                                    body: Bytes::from(body),
                                }
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        })
    }
}

/// What one run measured.
pub struct Run {
    pub latencies: Vec<Duration>,
    pub statuses: BTreeMap<u16, usize>,
    /// Answers saying the activity was stored.
    pub stored: usize,
    pub elapsed: Duration,
    pub server_cpu: Duration,
    pub client_cpu: Duration,
}

impl Run {
    pub fn rate(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    pub fn percentile(&self, p: f64) -> Duration {
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies.get(index).copied().unwrap_or_default()
    }

    pub fn ms(&self, p: f64) -> f64 {
        self.percentile(p).as_secs_f64() * 1000.0
    }
}

/// Sends every request over `concurrency` connections, each connection
/// one request at a time, and times each.
pub async fn send(port: u16, server_pid: u32, signed: Vec<Signed>, concurrency: usize) -> Run {
    let client = reqwest::Client::builder()
        .resolve(DOMAIN, ([127, 0, 0, 1], port).into())
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let url = inbox_url().to_string();
    let signed = Arc::new(signed);
    let next = Arc::new(AtomicUsize::new(0));
    let (server_start, client_start) = (cpu_time(&server_pid.to_string()), cpu_time("self"));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, url, signed, next) =
            (client.clone(), url.clone(), signed.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut statuses = BTreeMap::new();
            let mut stored = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(request) = signed.get(i) else { break };
                let sent = Instant::now();
                let response = client
                    .post(&url)
                    .headers(request.headers.clone())
                    .body(request.body.clone())
                    .send()
                    .await;
                let (status, text) = match response {
                    Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
                    Err(_) => (0, String::new()),
                };
                latencies.push(sent.elapsed());
                *statuses.entry(status).or_insert(0) += 1;
                stored += usize::from(status == 202 && text.contains("\"stored\""));
            }
            (latencies, statuses, stored)
        }));
    }
    let mut run = Run {
        latencies: Vec::new(),
        statuses: BTreeMap::new(),
        stored: 0,
        elapsed: Duration::ZERO,
        server_cpu: Duration::ZERO,
        client_cpu: Duration::ZERO,
    };
    for task in tasks {
        let (latencies, statuses, stored) = task.await.unwrap();
        run.latencies.extend(latencies);
        for (status, n) in statuses {
            *run.statuses.entry(status).or_insert(0) += n;
        }
        run.stored += stored;
    }
    run.elapsed = started.elapsed();
    run.server_cpu = cpu_time(&server_pid.to_string()) - server_start;
    run.client_cpu = cpu_time("self") - client_start;
    run.latencies.sort();
    run
}

/// Times, in this process, what the inbox does per request before any
/// query: the digest, parsing the signature, and the RSA verification;
/// and what each delivery costs its sender: one RSA signature.
pub fn profile(plan: &Plan<'_>) {
    let n = 200;
    let signed = plan.sign(Kind::Like, 10_000_000, n);
    let time = |f: &mut dyn FnMut(usize)| {
        let started = Instant::now();
        for i in 0..n {
            f(i);
        }
        started.elapsed().as_secs_f64() * 1e6 / n as f64
    };
    let digest = time(&mut |i| {
        signatures::verify_digest(&signed[i].headers, &signed[i].body).unwrap();
    });
    let parse = time(&mut |i| {
        signatures::parse(&Method::POST, "/inbox", &signed[i].headers, DOMAIN, true).unwrap();
    });
    let pending: Vec<_> = signed
        .iter()
        .map(|s| signatures::parse(&Method::POST, "/inbox", &s.headers, DOMAIN, true).unwrap())
        .collect();
    let verify = time(&mut |i| {
        let a = (10_000_000 + i) % plan.actors.len();
        pending[i]
            .verify(&plan.keys[a % plan.keys.len()].public_pem)
            .unwrap();
    });
    let url = inbox_url();
    let key = &plan.keys[0];
    let sign = time(&mut |i| {
        signatures::sign(
            &Method::POST,
            &url,
            Some(signed[i].body.as_ref()),
            "http://x.bench/users/a#main-key",
            &key.private,
        )
        .unwrap();
    });
    println!(
        "in-process, one core: digest check {digest:.0} µs, signature parse {parse:.0} µs, \
         RSA-2048 verify (PEM parse included) {verify:.0} µs; RSA-2048 sign (each delivery) {sign:.0} µs"
    );
}
