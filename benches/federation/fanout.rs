//! (b) Fan-out: one post in a space followed from 1,000 hosts, timed
//! until the last delivery arrives. (c) One slow host: deliveries per
//! second to a host that takes 200 ms to answer each.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use agora::accounts::tokens::{self, TokenKind};

use crate::keys::ActorKey;
use crate::receiver::{self, Arrivals};
use crate::seed::{self, DOMAIN, Database};
use crate::support::{cpu_time, start_server_with};

fn settings_ref(settings: &[(String, String)]) -> Vec<(&str, &str)> {
    settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Waits until `n` requests have arrived (or `limit` has passed).
async fn wait_for(arrivals: &Arrivals, n: usize, limit: Duration) {
    let deadline = Instant::now() + limit;
    while arrivals.count() < n && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// One remote follower on each of `hosts` hosts; a member posts once
/// through the API, and we wait for every host's two deliveries.
pub async fn fan_out(dir: &Path, keys: &[ActorKey], hosts: usize, per_host: usize) {
    let database = Database::sqlite(dir);
    let config = seed::config(dir, &database);
    let state = seed::state(&config).await;
    let space = seed::space(&state, "broadcast", 0).await;
    let names: Vec<String> = (1..=hosts).map(|h| format!("h{h:04}.bench")).collect();
    let actors: Vec<(String, String, &str)> = names
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let pem = keys[i % keys.len()].public_pem.as_str();
            (host.clone(), "reader".to_owned(), pem)
        })
        .collect();
    let followers = seed::remote_actors(&state, &actors).await;
    seed::follow(&state, space.access.space.id, &followers).await;
    let (_, token) = tokens::create(&state.db, space.owner.id, TokenKind::Api, "bench")
        .await
        .unwrap();
    state.db.close().await;

    let (addr, arrivals) = receiver::start(Duration::ZERO).await;
    let settings = seed::server_settings(receiver::resolve_setting(&names, addr), per_host);
    let (mut server, port) = start_server_with(&config, dir, &settings_ref(&settings));
    // Let the server finish starting (its workers' first polls).
    tokio::time::sleep(Duration::from_secs(1)).await;
    let client = reqwest::Client::builder()
        .resolve(DOMAIN, ([127, 0, 0, 1], port).into())
        .build()
        .unwrap();
    let server_cpu = cpu_time(&server.id().to_string());
    let started = Instant::now();
    let response = client
        .post(format!("http://{DOMAIN}/api/v1/spaces/broadcast/posts"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "Hearing moved to March", "body": "The court moved the hearing; details inside."}))
        .send()
        .await
        .unwrap();
    let answered = started.elapsed();
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    // Each host gets two activities: the group's Announce of the Create,
    // and of the Page itself (for microblogs, which boost only objects).
    let expected = hosts * 2;
    wait_for(&arrivals, expected, Duration::from_secs(120)).await;
    let server_cpu = cpu_time(&server.id().to_string()) - server_cpu;
    let seen = arrivals.take();
    server.kill().ok();
    server.wait().ok();
    let distinct: HashSet<&str> = seen.iter().map(|(_, h)| h.as_str()).collect();
    let at = |i: usize| {
        seen.get(i)
            .map_or(f64::NAN, |(t, _)| (*t - started).as_secs_f64())
    };
    println!(
        "(b) fan-out to {hosts} hosts (SQLite, {per_host} per host): post answered in {:.0} ms; \
         first delivery at {:.3} s, half at {:.3} s, last at {:.3} s; {} deliveries to {} distinct hosts; \
         server CPU {:.2} s ({:.0} µs a delivery)",
        answered.as_secs_f64() * 1000.0,
        at(0),
        at(seen.len() / 2),
        at(seen.len().saturating_sub(1)),
        seen.len(),
        distinct.len(),
        server_cpu.as_secs_f64(),
        server_cpu.as_secs_f64() * 1e6 / seen.len().max(1) as f64,
    );
}

/// `n` posts queued for one follower on `slow.bench`, whose inbox takes
/// 200 ms to answer; timed from the server's start to the last answer.
pub async fn slow_host(dir: &Path, keys: &[ActorKey], n: usize, per_host: usize) {
    let database = Database::sqlite(dir);
    let config = seed::config(dir, &database);
    let state = seed::state(&config).await;
    let space = seed::space(&state, "slow", 0).await;
    let host = "slow.bench".to_owned();
    let actors = [(
        host.clone(),
        "reader".to_owned(),
        keys[0].public_pem.as_str(),
    )];
    let follower = seed::remote_actors(&state, &actors).await;
    seed::follow(&state, space.access.space.id, &follower).await;
    for i in 0..n {
        seed::new_post(&state, &space.access, &space.owner, i).await;
    }
    let queued = seed::count(&state, "SELECT COUNT(*) FROM deliveries").await;
    state.db.close().await;

    let delay = Duration::from_millis(200);
    let (addr, arrivals) = receiver::start(delay).await;
    let settings = seed::server_settings(receiver::resolve_setting(&[host], addr), per_host);
    let started = Instant::now();
    let (mut server, _) = start_server_with(&config, dir, &settings_ref(&settings));
    wait_for(&arrivals, n, Duration::from_secs(300)).await;
    let seen = arrivals.take();
    server.kill().ok();
    server.wait().ok();
    let (Some((first, _)), Some((last, _))) = (seen.first(), seen.last()) else {
        println!("(c) slow host: nothing arrived");
        return;
    };
    // The last delivery ends when its answer comes, 200 ms after it arrived.
    let span = (*last + delay - *first).as_secs_f64();
    println!(
        "(c) one host answering in 200 ms, {per_host} deliveries in flight per host: {} of {queued} queued deliveries \
         arrived; {:.0} deliveries/s (first arrival {:.2} s after the server was started, the last answered {:.2} s after it)",
        seen.len(),
        seen.len() as f64 / span,
        (*first - started).as_secs_f64(),
        (*last + delay - started).as_secs_f64(),
    );
}
