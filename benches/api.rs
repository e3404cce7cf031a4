//! Throughput and latency of the JSON API on SQLite, and the memory of an
//! idle server. Run with `cargo bench --bench api`; see docs/benchmarks.md.
//!
//! The server is the release `agora` binary in its own process, as in
//! production; this process seeds the database (10,000 posts in 100 spaces)
//! and then plays 50 concurrent clients over HTTP on loopback, so both share
//! the machine's cores.
//!
//! Knobs (environment): `AGORA_BENCH_SECONDS`, length of each measured run
//! (default 10); `AGORA_BENCH_FEED_PATH` or `AGORA_BENCH_FEED_LIMIT`, to
//! load another GET path in the read run; `AGORA_BENCH_PROFILE=1`, to time
//! single domain calls in-process instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use support::{config, cpu_time, rss_kib, start_server};

use agora::accounts::tokens::{self, TokenKind};
use agora::accounts::{self, InstanceRole, NewAccount, Registration};
use agora::db::Db;
use agora::posts::{self, NewPost};
use agora::spaces::{self, NewSpace, SpaceRole, Visibility};

const SPACES: usize = 100;
const POSTS: usize = 10_000;
const CLIENTS: usize = 50;
/// Each client's member belongs to this many spaces.
const SPACES_PER_MEMBER: usize = 10;

/// Seeds the database through the domain functions and returns one API
/// token per client.
async fn seed(config: &agora::Config) -> Vec<String> {
    let db = Db::connect(config).await.unwrap();
    db.migrate().await.unwrap();
    let changes = agora::changes::Changes::new(agora::urls::Urls::new(&config.domain, false));
    let new_account = |name: String| NewAccount {
        email: format!("{name}@bench.example"),
        username: name,
        password: "benchmark password".into(),
        role: InstanceRole::Member,
    };
    let owner = accounts::create_account(&db, new_account("owner".into()), Registration::Admin)
        .await
        .unwrap();
    let mut spaces_made = Vec::new();
    for i in 0..SPACES {
        let new = NewSpace {
            slug: format!("space-{i}"),
            title: format!("Space {i}"),
            description: String::new(),
            language: Some("en".into()),
            visibility: if i % 4 == 0 {
                Visibility::Private
            } else {
                Visibility::Public
            },
            join_policy: None,
            default_role: None,
        };
        spaces_made.push(spaces::create(&db, &owner, new).await.unwrap());
    }
    let body = "A paragraph of **markdown** about a hearing, a ruling, and what comes next.\n\n\
        - first point\n- second point with a [link](https://example.org/ruling)\n";
    for n in 0..POSTS {
        let access = &spaces_made[n % SPACES];
        let new = NewPost {
            title: format!("Post {n}"),
            body: body.into(),
            language: None,
            media: Vec::new(),
        };
        posts::create(&db, &changes, access, &owner, new)
            .await
            .unwrap();
    }
    // Nobody follows these spaces: the recorded changes would only keep
    // the server busy at start, in the measured runs.
    sqlx::query("DELETE FROM changes")
        .execute(db.writer())
        .await
        .unwrap();
    let mut client_tokens = Vec::new();
    for c in 0..CLIENTS {
        let member =
            accounts::create_account(&db, new_account(format!("member{c}")), Registration::Admin)
                .await
                .unwrap();
        let mut tx = db.begin().await.unwrap();
        for k in 0..SPACES_PER_MEMBER {
            let space = &spaces_made[(c * 7 + k * 10) % SPACES].space;
            sqlx::query("INSERT INTO memberships (space_id, account_id, role, joined_at) VALUES ($1, $2, $3, $4)")
                .bind(space.id)
                .bind(member.id)
                .bind(SpaceRole::Contributor)
                .bind(agora::db::now())
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let (_, token) = tokens::create(&db, member.id, TokenKind::Api, "bench")
            .await
            .unwrap();
        client_tokens.push(token);
    }
    db.close().await;
    client_tokens
}

struct Report {
    name: &'static str,
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    server_cpu: Duration,
    client_cpu: Duration,
}

impl Report {
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[index]
    }

    fn print(&self) {
        println!(
            "{:<16} {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} requests, {} errors, {:.1} s, {} clients)",
            self.name,
            self.requests as f64 / self.elapsed.as_secs_f64(),
            self.percentile(0.50).as_secs_f64() * 1000.0,
            self.percentile(0.99).as_secs_f64() * 1000.0,
            self.requests,
            self.errors,
            self.elapsed.as_secs_f64(),
            CLIENTS,
        );
        let per_request = |cpu: Duration| cpu.as_secs_f64() * 1e6 / self.requests.max(1) as f64;
        println!(
            "{:<16} CPU per request: server {:.0} µs, load generator {:.0} µs",
            "",
            per_request(self.server_cpu),
            per_request(self.client_cpu),
        );
    }
}

/// Runs `CLIENTS` concurrent loops of `request` for `seconds`, after a
/// one-second warm-up that is not measured.
async fn load<F, Fut>(
    name: &'static str,
    seconds: u64,
    server_pid: u32,
    tokens: &[String],
    request: F,
) -> Report
where
    F: Fn(reqwest::Client, String, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CLIENTS)
        .build()
        .unwrap();
    let request = Arc::new(request);
    let warm_until = Instant::now() + Duration::from_secs(1);
    let stop_at = warm_until + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (c, token) in tokens.iter().enumerate() {
        let (client, token, request) = (client.clone(), token.clone(), request.clone());
        tasks.push(tokio::spawn(async move {
            let (mut latencies, mut errors, mut n) = (Vec::new(), 0usize, 0usize);
            loop {
                let started = Instant::now();
                if started >= stop_at {
                    break;
                }
                let ok = request(client.clone(), token.clone(), c * 1_000_000 + n).await;
                n += 1;
                if started >= warm_until {
                    latencies.push(started.elapsed());
                    errors += usize::from(!ok);
                }
            }
            (latencies, errors)
        }));
    }
    // CPU is counted over the measured part only.
    tokio::time::sleep_until(warm_until.into()).await;
    let (server_start, client_start) = (cpu_time(&server_pid.to_string()), cpu_time("self"));
    tokio::time::sleep_until(stop_at.into()).await;
    let (server_cpu, client_cpu) = (
        cpu_time(&server_pid.to_string()) - server_start,
        cpu_time("self") - client_start,
    );
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    latencies.sort();
    Report {
        name,
        requests: latencies.len(),
        errors,
        elapsed: Duration::from_secs(seconds),
        latencies,
        server_cpu,
        client_cpu,
    }
}

/// Times single domain calls in-process, one at a time: where a request's
/// time goes, without HTTP or concurrency.
async fn profile_domain_calls(config: &agora::Config, tokens: &[String]) {
    let db = Db::connect(config).await.unwrap();
    let (member, _) = tokens::authenticate(&db, &tokens[0], TokenKind::Api)
        .await
        .unwrap()
        .unwrap();
    let request = agora::feeds::PageRequest::parse(None, Some(20)).unwrap();
    let access = spaces::find_visible(&db, "space-1", Some(&member))
        .await
        .unwrap();
    macro_rules! time {
        ($name:expr, $call:expr) => {{
            for _ in 0..50 {
                $call;
            }
            let n = 500;
            let started = Instant::now();
            for _ in 0..n {
                $call;
            }
            println!(
                "{:<28} {:>8.1} µs",
                $name,
                started.elapsed().as_secs_f64() * 1e6 / n as f64
            );
        }};
    }
    time!(
        "SELECT 1",
        sqlx::query("SELECT 1").execute(&db.read).await.unwrap()
    );
    time!(
        "authenticate",
        tokens::authenticate(&db, &tokens[0], TokenKind::Api)
            .await
            .unwrap()
    );
    time!(
        "find_visible space",
        spaces::find_visible(&db, "space-1", Some(&member))
            .await
            .unwrap()
    );
    time!(
        "home feed (20)",
        agora::feeds::home(&db, &member, request).await.unwrap()
    );
    time!(
        "space feed (20)",
        agora::feeds::space(&db, &access, Some(&member), request)
            .await
            .unwrap()
    );
    time!(
        "public feed (20)",
        agora::feeds::public(&db, Some(&member), request)
            .await
            .unwrap()
    );
    let (other, _) = tokens::authenticate(&db, &tokens[1], TokenKind::Api)
        .await
        .unwrap()
        .unwrap();
    let mut flip = false;
    time!(
        "home feed, same member",
        agora::feeds::home(&db, &member, request).await.unwrap()
    );
    time!("home feed, alternating", {
        flip = !flip;
        agora::feeds::home(&db, if flip { &member } else { &other }, request)
            .await
            .unwrap()
    });
    let page = agora::feeds::home(&db, &member, request).await.unwrap();
    time!("serialise page (JSON)", serde_json::to_vec(&page).unwrap());
}

fn main() {
    let seconds: u64 = std::env::var("AGORA_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());

    println!(
        "agora benchmark: SQLite, {POSTS} posts in {SPACES} spaces, {CLIENTS} concurrent clients, {seconds} s per run"
    );
    let started = Instant::now();
    let tokens = runtime.block_on(seed(&config));
    println!("seeded in {:.1} s", started.elapsed().as_secs_f64());

    if std::env::var("AGORA_BENCH_PROFILE").is_ok() {
        runtime.block_on(profile_domain_calls(&config, &tokens));
        return;
    }

    // Idle memory: a fresh server that has answered one request.
    let idle_dir = tempfile::tempdir().unwrap();
    let idle_config = self::config(idle_dir.path());
    let (mut idle, idle_port) = start_server(&idle_config, idle_dir.path());
    runtime.block_on(async {
        reqwest::get(format!("http://127.0.0.1:{idle_port}/healthz"))
            .await
            .unwrap();
    });
    std::thread::sleep(Duration::from_secs(2));
    let idle_rss = rss_kib(idle.id());
    idle.kill().ok();
    idle.wait().ok();

    let (mut server, port) = start_server(&config, dir.path());
    let base = format!("http://127.0.0.1:{port}");

    let feed_base = base.clone();
    let feed = runtime.block_on(load(
        "home feed read",
        seconds,
        server.id(),
        &tokens,
        move |client, token, _| {
            let limit = std::env::var("AGORA_BENCH_FEED_LIMIT").unwrap_or_else(|_| "20".into());
            let path = std::env::var("AGORA_BENCH_FEED_PATH")
                .unwrap_or_else(|_| format!("/api/v1/feeds/home?limit={limit}"));
            let url = format!("{feed_base}{path}");
            async move {
                match client.get(url).bearer_auth(token).send().await {
                    Ok(r) => r.bytes().await.map(|b| b.len() > 10).unwrap_or(false),
                    Err(_) => false,
                }
            }
        },
    ));
    let loaded_rss = rss_kib(server.id());

    let post_base = base.clone();
    let create = runtime.block_on(load("post creation", seconds, server.id(), &tokens, move |client, token, n| {
        // Each client writes in the first space it belongs to.
        let client_index = n / 1_000_000;
        let url = format!("{post_base}/api/v1/spaces/space-{}/posts", (client_index * 7) % SPACES);
        async move {
            let body = serde_json::json!({"title": format!("Bench post {n}"), "body": "Short **update** with a [link](https://example.org)."});
            match client.post(url).bearer_auth(token).json(&body).send().await {
                Ok(r) => r.status() == reqwest::StatusCode::CREATED,
                Err(_) => false,
            }
        }
    }));
    server.kill().ok();
    server.wait().ok();

    println!();
    feed.print();
    create.print();
    println!(
        "idle RSS         {:>9.1} MiB (fresh `agora serve` after one request)",
        idle_rss as f64 / 1024.0
    );
    println!("RSS after reads  {:>9.1} MiB", loaded_rss as f64 / 1024.0);
    println!();
    println!(
        "targets: feed >= 5000 req/s with p99 <= 20 ms; creation >= 1000 req/s; idle RSS <= 30 MiB"
    );
}
