//! Upload and download throughput of one large library file on local
//! storage, and how much the server's memory grows meanwhile. Run with
//! `cargo bench --bench library`; see docs/benchmarks.md.
//!
//! The server is the release `agora` binary in its own process; this
//! process streams the file to it over HTTP on loopback, generating the
//! bytes as it goes (a 1 MiB random block with a counter, so every run's
//! file is new to the content-addressed store), then downloads it and
//! counts the bytes. Memory: the server's `VmRSS` before, against its
//! `VmHWM` (the most it ever had resident) after.
//!
//! Knobs (environment): `AGORA_BENCH_FILE_MB` (default 200),
//! `AGORA_BENCH_RUNS` (default 3).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Instant;

use bytes::Bytes;
use support::{config, peak_rss_kib, rss_kib, start_server};

use agora::accounts::tokens::{self, TokenKind};
use agora::accounts::{self, InstanceRole, NewAccount, Registration};
use agora::db::Db;
use agora::spaces::{self, NewSpace, Visibility};

const BLOCK: usize = 1024 * 1024;

async fn seed(config: &agora::Config) -> String {
    let db = Db::connect(config).await.unwrap();
    db.migrate().await.unwrap();
    let owner = accounts::create_account(
        &db,
        NewAccount {
            username: "owner".into(),
            email: "owner@bench.example".into(),
            password: "benchmark password".into(),
            role: InstanceRole::Member,
        },
        Registration::Admin,
    )
    .await
    .unwrap();
    let new = NewSpace {
        slug: "practice".into(),
        title: "Practice".into(),
        description: String::new(),
        language: None,
        visibility: Visibility::Private,
        join_policy: None,
        default_role: None,
    };
    spaces::create(&db, &owner, new).await.unwrap();
    let (_, token) = tokens::create(&db, owner.id, TokenKind::Api, "bench")
        .await
        .unwrap();
    db.close().await;
    token
}

/// `megabytes` MiB: the random block again and again, each copy stamped
/// with the run and its position.
fn file_stream(
    block: Bytes,
    run: u64,
    megabytes: usize,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::iter((0..megabytes).map(move |i| {
        let mut chunk = block.to_vec();
        chunk[..8].copy_from_slice(&run.to_le_bytes());
        chunk[8..16].copy_from_slice(&(i as u64).to_le_bytes());
        Ok(Bytes::from(chunk))
    }))
}

fn main() {
    let megabytes: usize = std::env::var("AGORA_BENCH_FILE_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let runs: u64 = std::env::var("AGORA_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let token = runtime.block_on(seed(&config));
    let (mut server, port) = start_server(&config, dir.path());
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let block: Bytes = (0..BLOCK)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect::<Vec<u8>>()
        .into();
    let size = (megabytes * BLOCK) as f64 / 1e6;
    println!(
        "agora library benchmark: one {megabytes} MiB file ({size:.0} MB), local storage, SQLite, {runs} runs"
    );
    runtime.block_on(async {
        client.get(format!("{base}/healthz")).send().await.unwrap();
    });
    println!("run  upload MB/s  download MB/s  RSS before  peak RSS  growth");
    for run in 0..runs {
        let before = rss_kib(server.id());
        let started = Instant::now();
        let id = runtime.block_on(async {
            let response = client
                .post(format!(
                    "{base}/api/v1/spaces/practice/library/files?filename=run-{run}.bin"
                ))
                .bearer_auth(&token)
                .header("content-length", (megabytes * BLOCK).to_string())
                .body(reqwest::Body::wrap_stream(file_stream(
                    block.clone(),
                    run,
                    megabytes,
                )))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201, "{:?}", response.text().await);
            let item: serde_json::Value = response.json().await.unwrap();
            item["id"].as_i64().unwrap()
        });
        let upload = size / started.elapsed().as_secs_f64();
        let started = Instant::now();
        let received = runtime.block_on(async {
            let mut response = client
                .get(format!("{base}/api/v1/library/items/{id}/content"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            let mut received = 0usize;
            while let Some(chunk) = response.chunk().await.unwrap() {
                received += chunk.len();
            }
            received
        });
        assert_eq!(received, megabytes * BLOCK);
        let download = size / started.elapsed().as_secs_f64();
        let peak = peak_rss_kib(server.id());
        println!(
            "{:>3}  {upload:>11.0}  {download:>13.0}  {:>7.1} MiB  {:>5.1} MiB  {:>+4.1} MiB",
            run + 1,
            before as f64 / 1024.0,
            peak as f64 / 1024.0,
            (peak as f64 - before as f64) / 1024.0,
        );
    }
    server.kill().ok();
    server.wait().ok();
    println!();
    println!(
        "targets: upload and download >= 200 MB/s; peak RSS growth <= 20 MB (peak is the \
         server's VmHWM since it started, so growth is counted from the RSS before run 1 at worst)"
    );
}
