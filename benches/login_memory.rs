//! Resident memory of `agora serve` under bursts of wrong logins (issue 15,
//! point 1). Run with `cargo bench --bench login_memory`; see
//! docs/benchmarks.md.
//!
//! The release binary runs in its own process; this one sends bursts of
//! `AGORA_BENCH_LOGINS` (default 500) wrong logins at once, spread over
//! four loopback addresses (127.0.0.1 to .4), three bursts in a row, and
//! reads the server's `VmRSS` from `/proc` every 5 ms. It prints the idle
//! memory, the peak during the bursts and the memory 10 s after the last,
//! for three configurations: the defaults (throttling stops most attempts
//! before any hashing), throttling lifted (every attempt reaches the
//! password pool; past its queue, 503), and throttling lifted with a queue
//! long enough for all (every attempt is hashed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use support::{config, rss_kib, start_server_with};

const ADDRESSES: [[u8; 4]; 4] = [
    [127, 0, 0, 1],
    [127, 0, 0, 2],
    [127, 0, 0, 3],
    [127, 0, 0, 4],
];
const BURSTS: usize = 3;

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

struct Outcome {
    idle: u64,
    peak: u64,
    after: u64,
    statuses: BTreeMap<u16, usize>,
    burst_secs: Vec<f64>,
}

async fn run(name: &str, settings: &[(&str, &str)], logins: usize) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    // One real account, so that some attempts hit a real hash.
    {
        let db = agora::db::Db::connect(&config).await.unwrap();
        db.migrate().await.unwrap();
        agora::accounts::create_account(
            &db,
            agora::accounts::NewAccount {
                username: "ada".into(),
                email: "ada@bench.example".into(),
                password: "the right password".into(),
                role: agora::accounts::InstanceRole::Member,
            },
            agora::accounts::Registration::Admin,
        )
        .await
        .unwrap();
        db.close().await;
    }
    let (mut server, port) = start_server_with(&config, dir.path(), settings);
    let pid = server.id();
    let clients: Vec<reqwest::Client> = ADDRESSES
        .iter()
        .map(|a| {
            reqwest::Client::builder()
                .local_address(std::net::IpAddr::from(*a))
                .timeout(Duration::from_secs(120))
                .build()
                .unwrap()
        })
        .collect();
    let base = format!("http://127.0.0.1:{port}");
    clients[0]
        .get(format!("{base}/healthz"))
        .send()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_kib(pid);

    let peak = Arc::new(AtomicU64::new(idle));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let mut statuses = BTreeMap::new();
    let mut burst_secs = Vec::new();
    for _ in 0..BURSTS {
        let started = Instant::now();
        let attempts = (0..logins).map(|n| {
            let client = clients[n % clients.len()].clone();
            let url = format!("{base}/api/v1/sessions");
            let login = if n % 10 == 0 {
                "ada".to_owned()
            } else {
                format!("guess{n}")
            };
            async move {
                client
                    .post(url)
                    .json(&serde_json::json!({"login": login, "password": "a wrong password"}))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            }
        });
        for status in futures_util::future::join_all(attempts).await {
            *statuses.entry(status).or_insert(0) += 1;
        }
        burst_secs.push(started.elapsed().as_secs_f64());
    }
    tokio::time::sleep(Duration::from_secs(10)).await;
    sampling.store(false, Ordering::Relaxed);
    sampler.join().unwrap();
    let after = rss_kib(pid);
    server.kill().ok();
    server.wait().ok();
    let outcome = Outcome {
        idle,
        peak: peak.load(Ordering::Relaxed),
        after,
        statuses,
        burst_secs,
    };
    println!(
        "{name}: idle {}, peak {} (+{}), 10 s after {} (+{}); answers {:?} (0: no answer); \
         bursts took {:?} s",
        mib(outcome.idle),
        mib(outcome.peak),
        mib(outcome.peak.saturating_sub(outcome.idle)),
        mib(outcome.after),
        mib(outcome.after.saturating_sub(outcome.idle)),
        outcome.statuses,
        outcome
            .burst_secs
            .iter()
            .map(|s| (s * 10.0).round() / 10.0)
            .collect::<Vec<_>>(),
    );
    outcome
}

fn main() {
    let logins: usize = std::env::var("AGORA_BENCH_LOGINS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "{BURSTS} bursts of {logins} concurrent wrong logins from {} addresses",
        ADDRESSES.len()
    );
    let lifted = [
        ("AGORA_LIMITS_LOGIN_FAILURES_PER_ACCOUNT", "1000000"),
        ("AGORA_LIMITS_LOGIN_FAILURES_PER_ADDRESS", "1000000"),
    ];
    let everything_hashed = [
        lifted[0],
        lifted[1],
        ("AGORA_LIMITS_PASSWORD_QUEUE", "100000"),
        ("AGORA_LIMITS_PASSWORD_WAIT_SECS", "600"),
    ];
    runtime.block_on(async {
        let mut worst = 0;
        for (name, settings) in [
            ("defaults", &[][..]),
            ("throttling lifted", &lifted[..]),
            ("throttling lifted, unbounded wait", &everything_hashed[..]),
        ] {
            let outcome = run(name, settings, logins).await;
            worst = worst.max(outcome.peak.saturating_sub(outcome.idle));
        }
        println!(
            "largest growth over idle: {} (target: at most 200 MiB)",
            mib(worst)
        );
    });
}
