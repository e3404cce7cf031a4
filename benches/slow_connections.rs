//! `/healthz` latency while thousands of slow, half-open connections hang
//! on the server (issue 15, point 2). Run with
//! `cargo bench --bench slow_connections`; see docs/benchmarks.md.
//!
//! The release binary runs in its own process with its default limits.
//! This process opens `AGORA_BENCH_SLOW` (default 3,000) connections that
//! each send one byte of a request header every 3 s and, when the server
//! closes them, come back a second later (a "slowloris"). Meanwhile it
//! asks for `/healthz` every 100 ms on a fresh connection from another
//! address (127.0.0.2), for `AGORA_BENCH_SECONDS` (default 30), and
//! prints the p50, p99 and largest latency, the probes that failed, and
//! how many slow connections the server held. Two runs: all slow
//! connections from 127.0.0.1, then spread over 30 addresses (100 each,
//! under the per-address limit), as from many machines.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use support::{config, rss_kib, start_server_with};

const HEADER: &[u8] = b"GET /healthz HTTP/1.1\r\nhost: bench.example\r\nx-slow: ";

async fn connect(from: IpAddr, to: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::new(from, 0))?;
    socket.connect(to).await
}

/// One slow client: a byte every 3 s on a connection it never finishes;
/// back a second after the server closes it.
async fn slowloris(from: IpAddr, to: SocketAddr, running: Arc<AtomicBool>, held: Arc<AtomicUsize>) {
    while running.load(Ordering::Relaxed) {
        let Ok(mut stream) = connect(from, to).await else {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        };
        let mut counted = false;
        let mut sent = 0;
        let mut buffer = [0u8; 256];
        while running.load(Ordering::Relaxed) {
            if stream
                .write_all(&HEADER[sent % HEADER.len()..][..1])
                .await
                .is_err()
            {
                break;
            }
            sent += 1;
            // Whatever comes back (a 503, or the end) means we are out.
            match tokio::time::timeout(Duration::from_secs(3), stream.read(&mut buffer)).await {
                Err(_) => {
                    if !counted {
                        counted = true;
                        held.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Ok(_) => break,
            }
        }
        if counted {
            held.fetch_sub(1, Ordering::Relaxed);
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// One `GET /healthz` on a new connection from 127.0.0.2: its latency, or
/// `None` if it failed or took more than 5 s.
async fn probe(to: SocketAddr) -> Option<Duration> {
    let started = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(5), async {
        let mut stream = connect(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)), to)
            .await
            .ok()?;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: bench.example\r\nconnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut buffer = [0u8; 512];
        let n = stream.read(&mut buffer).await.ok()?;
        buffer[..n].starts_with(b"HTTP/1.1 200").then_some(())
    })
    .await;
    matches!(answer, Ok(Some(()))).then(|| started.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn run(name: &str, slow: usize, addresses: u8, seconds: u64) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());
    let (mut server, port) = start_server_with(&config, dir.path(), &[]);
    let to = SocketAddr::from(([127, 0, 0, 1], port));
    assert!(probe(to).await.is_some(), "the server does not answer");
    let idle_rss = rss_kib(server.id());
    let mut peak_rss = idle_rss;

    let running = Arc::new(AtomicBool::new(true));
    let held = Arc::new(AtomicUsize::new(0));
    let mut attackers = Vec::new();
    for n in 0..slow {
        let from = if addresses == 1 {
            IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1))
        } else {
            IpAddr::V4(Ipv4Addr::new(127, 0, 1, 1 + (n % addresses as usize) as u8))
        };
        attackers.push(tokio::spawn(slowloris(
            from,
            to,
            running.clone(),
            held.clone(),
        )));
    }
    // Let them all connect first.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let mut latencies = Vec::new();
    let mut failed = 0;
    let mut most_held = 0;
    let until = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < until {
        let next = Instant::now() + Duration::from_millis(100);
        match probe(to).await {
            Some(latency) => latencies.push(latency),
            None => failed += 1,
        }
        most_held = most_held.max(held.load(Ordering::Relaxed));
        peak_rss = peak_rss.max(rss_kib(server.id()));
        tokio::time::sleep_until(next.into()).await;
    }
    running.store(false, Ordering::Relaxed);
    for attacker in attackers {
        attacker.abort();
    }
    server.kill().ok();
    server.wait().ok();

    latencies.sort();
    let max = latencies.last().copied().unwrap_or_default();
    println!(
        "{name}: {slow} slow connections from {addresses} address(es), at most {most_held} \
         held open by the server; /healthz from 127.0.0.2: {} probes, {failed} failed, \
         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; server memory {:.1} MiB idle, {:.1} MiB at most",
        latencies.len() + failed,
        percentile(&latencies, 0.5).as_secs_f64() * 1000.0,
        percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        max.as_secs_f64() * 1000.0,
        idle_rss as f64 / 1024.0,
        peak_rss as f64 / 1024.0,
    );
    if failed > 0 { Duration::MAX } else { max }
}

/// This process holds thousands of sockets too.
fn raise_open_file_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((_, hard)) = getrlimit(Resource::RLIMIT_NOFILE) {
        let _ = setrlimit(Resource::RLIMIT_NOFILE, hard, hard);
    }
}

fn main() {
    raise_open_file_limit();
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let slow = env("AGORA_BENCH_SLOW", 3000) as usize;
    let seconds = env("AGORA_BENCH_SECONDS", 30);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let one = run("one address", slow, 1, seconds).await;
        let many = run("many addresses", slow, 30, seconds).await;
        let worst = one.max(many);
        if worst == Duration::MAX {
            println!("some /healthz probes failed (target: every probe within 1 s)");
        } else {
            println!(
                "slowest /healthz: {:.1} ms (target: within 1 s)",
                worst.as_secs_f64() * 1000.0
            );
        }
    });
}
