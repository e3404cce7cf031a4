//! Federation throughput (issue 13, point 7). Run with
//! `cargo bench --bench federation`; see docs/benchmarks.md, "Federation".
//!
//! The server is the release `agora serve` in its own process, named
//! `agora.bench`; the other servers are one HTTP receiver in this process
//! on loopback, reached under many names through
//! `AGORA_FEDERATION_RESOLVE`. Nothing leaves 127.0.0.1.
//!
//! - (a) inbound: 1,000 remote actors, stored before the server starts as
//!   a fetch stores them (keys cached and fresh), all following a public
//!   space. Signed `Like`s (of posts of a space nobody follows, then of the
//!   followed space) and `Create(Note)`s (replies in the followed space),
//!   signed before each run, are sent to the shared inbox over 16 and 64
//!   connections. After each run the relays the server queued (its group
//!   announces what it stores to its followers' hosts) are awaited, and at
//!   the end the stored rows are counted. SQLite, and PostgreSQL when
//!   `AGORA_BENCH_DATABASE_URL` names a server (a fresh database is made
//!   and dropped).
//! - (b) fan-out: one post, through the API, in a space followed from
//!   1,000 hosts; time until the last host has its delivery.
//! - (c) one host answering each delivery in 200 ms: deliveries per second
//!   at several `deliveries_per_host` settings.
//!
//! Knobs (environment): `AGORA_BENCH_ACTIVITIES`, activities per inbound
//! run (default 1000); `AGORA_BENCH_ACTOR_HOSTS`, hosts the 1,000 actors
//! live on (default 1: each stored activity is relayed once);
//! `AGORA_BENCH_DATABASE_URL`, a PostgreSQL server;
//! `AGORA_BENCH_FANOUT_HOSTS` (default 1000); `AGORA_BENCH_SLOW_DELIVERIES`
//! (default 400) and `AGORA_BENCH_SLOW_PER_HOST` (default "8,32,64");
//! `AGORA_BENCH_ONLY`, some of "a", "b", "c" (default all).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/mod.rs"]
mod support;

mod fanout;
mod inbound;
mod keys;
mod receiver;
mod seed;

use std::path::Path;
use std::time::{Duration, Instant};

use inbound::{Kind, Plan};
use keys::ActorKey;
use seed::Database;

const ACTORS: usize = 1000;
const CONCURRENCY: [usize; 2] = [16, 64];

fn knob<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Waits until the delivery queue is empty; how long that took.
async fn drained(state: &agora::AppState, limit: Duration) -> (Duration, i64) {
    let started = Instant::now();
    loop {
        let left = seed::count(state, "SELECT COUNT(*) FROM deliveries").await;
        if left == 0 || started.elapsed() > limit {
            return (started.elapsed(), left);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// (a) on one database.
async fn inbound(dir: &Path, database: Database, keys: &[ActorKey], per_run: usize, hosts: usize) {
    let config = seed::config(dir, &database);
    let state = seed::state(&config).await;
    // Every run's Likes take posts their actors have not liked yet.
    let total = per_run * (CONCURRENCY.len() * 3 + 1);
    let posts_per_space = total / ACTORS + 2;
    let quiet = seed::space(&state, "quiet", posts_per_space).await;
    let commons = seed::space(&state, "commons", posts_per_space).await;
    let host_names: Vec<String> = (0..hosts).map(|h| format!("r{h:02}.bench")).collect();
    let list: Vec<(String, String, &str)> = (0..ACTORS)
        .map(|i| {
            let host = host_names[i % hosts].clone();
            (
                host,
                format!("a{i:04}"),
                keys[i % keys.len()].public_pem.as_str(),
            )
        })
        .collect();
    let seeding = Instant::now();
    let remotes = seed::remote_actors(&state, &list).await;
    seed::follow(&state, commons.access.space.id, &remotes).await;
    println!(
        "{}: {ACTORS} remote actors on {hosts} host(s) stored and following `commons` in {:.1} s",
        database.name,
        seeding.elapsed().as_secs_f64()
    );
    let urls = &state.federation.urls;
    let actors: Vec<String> = remotes.iter().map(|r| r.ap_id.clone()).collect();
    let plan = |space: &seed::Space| Plan {
        actors: &actors,
        keys,
        posts: space.posts.iter().map(|id| urls.post(*id)).collect(),
        reply_to: urls.post(space.posts[0]),
        space: urls.space(&space.slug),
    };
    let (quiet_plan, commons_plan) = (plan(&quiet), plan(&commons));
    inbound::profile(&commons_plan);

    let (addr, sink) = receiver::start(Duration::ZERO).await;
    let settings = seed::server_settings(receiver::resolve_setting(&host_names, addr), 8);
    let settings: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (mut server, port) = support::start_server_with(&config, dir, &settings);

    // Warm-up, not reported: connections, statement caches.
    let mut next = 0;
    let warm = quiet_plan.sign(Kind::Like, next, per_run / 6);
    next += per_run / 6;
    let mut sent_likes = warm.len();
    let mut sent_creates = 0;
    let mut stored = inbound::send(port, server.id(), warm, 16).await.stored;

    let runs = [
        ("Like, space without followers", Kind::Like, &quiet_plan),
        ("Like, followed space", Kind::Like, &commons_plan),
        ("Create(Note), followed space", Kind::Create, &commons_plan),
    ];
    for (name, kind, plan) in runs {
        for concurrency in CONCURRENCY {
            let signing = Instant::now();
            let signed = plan.sign(kind, next, per_run);
            let signing = signing.elapsed();
            next += per_run;
            match kind {
                Kind::Like => sent_likes += per_run,
                Kind::Create => sent_creates += per_run,
            }
            let run = inbound::send(port, server.id(), signed, concurrency).await;
            stored += run.stored;
            let (drain, left) = drained(&state, Duration::from_secs(120)).await;
            let relayed = sink.take().len();
            println!(
                "{:<10} {name:<31} {concurrency:>2} conns {:>6.0}/s  p50 {:>6.1} ms  p99 {:>6.1} ms  \
                 ({} sent, {} stored, answers {:?}; server CPU {:.0} µs an activity, load generator {:.0} µs; \
                 signed beforehand in {:.1} s)",
                database.name,
                run.rate(),
                run.ms(0.50),
                run.ms(0.99),
                run.latencies.len(),
                run.stored,
                run.statuses,
                run.server_cpu.as_secs_f64() * 1e6 / per_run as f64,
                run.client_cpu.as_secs_f64() * 1e6 / per_run as f64,
                signing.as_secs_f64(),
            );
            if relayed > 0 || left > 0 {
                println!(
                    "{:<10} {:<31}          relays: {relayed} deliveries arrived; the queue was empty {:.1} s after the run{}",
                    "",
                    "",
                    drain.as_secs_f64(),
                    if left > 0 {
                        format!(" (gave up: {left} left)")
                    } else {
                        String::new()
                    },
                );
            }
        }
    }
    server.kill().ok();
    server.wait().ok();
    let likes = seed::count(
        &state,
        "SELECT COUNT(*) FROM reactions r JOIN accounts a ON a.id = r.account_id WHERE a.domain IS NOT NULL",
    )
    .await;
    let notes = seed::count(
        &state,
        "SELECT COUNT(*) FROM comments c JOIN accounts a ON a.id = c.author_id WHERE a.domain IS NOT NULL",
    )
    .await;
    println!(
        "{}: stored rows: {likes} reactions of {sent_likes} Likes sent, {notes} comments of {sent_creates} Creates sent \
         ({stored} answers said stored)",
        database.name
    );
    state.db.close().await;
    database.drop_database().await;
}

fn main() {
    let per_run: usize = knob("AGORA_BENCH_ACTIVITIES", 1000);
    let hosts: usize = knob("AGORA_BENCH_ACTOR_HOSTS", 1);
    let fanout_hosts: usize = knob("AGORA_BENCH_FANOUT_HOSTS", 1000);
    let slow_n: usize = knob("AGORA_BENCH_SLOW_DELIVERIES", 400);
    let slow_per_host: Vec<usize> = std::env::var("AGORA_BENCH_SLOW_PER_HOST")
        .unwrap_or_else(|_| "8,32,64".into())
        .split(',')
        .filter_map(|v| v.trim().parse().ok())
        .collect();
    let only = std::env::var("AGORA_BENCH_ONLY").unwrap_or_else(|_| "abc".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let keys = keys::load(ACTORS);
    println!(
        "agora federation benchmark: {ACTORS} remote actors, {per_run} activities per inbound run, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    runtime.block_on(async {
        if only.contains('a') {
            let dir = tempfile::tempdir().unwrap();
            inbound(
                dir.path(),
                Database::sqlite(dir.path()),
                &keys,
                per_run,
                hosts,
            )
            .await;
            match std::env::var("AGORA_BENCH_DATABASE_URL") {
                Ok(url) => {
                    let dir = tempfile::tempdir().unwrap();
                    let database = Database::postgres(&url, 1).await;
                    inbound(dir.path(), database, &keys, per_run, hosts).await;
                }
                Err(_) => println!("SKIPPED PostgreSQL: AGORA_BENCH_DATABASE_URL is not set"),
            }
        }
        if only.contains('b') {
            let dir = tempfile::tempdir().unwrap();
            fanout::fan_out(dir.path(), &keys, fanout_hosts, 8).await;
        }
        if only.contains('c') {
            for per_host in slow_per_host {
                let dir = tempfile::tempdir().unwrap();
                fanout::slow_host(dir.path(), &keys, slow_n, per_host).await;
            }
        }
    });
    println!("total {:.0} s", started.elapsed().as_secs_f64());
}
