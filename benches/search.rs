//! Full-text search at the size of a network's archive (issue 18 point 6):
//! 100,000 posts and comments in English, French, Arabic, German and
//! Portuguese; search latency at 20 concurrent clients over HTTP, the
//! indexing cost per post, and the index size against the content size.
//! On SQLite, then on PostgreSQL when `AGORA_BENCH_DATABASE_URL` names a
//! server (a fresh database `agora_search_bench_<pid>` on it, dropped
//! after; otherwise it prints `SKIPPED PostgreSQL: …`).
//!
//! Run with `cargo bench --bench search`; figures in docs/benchmarks.md.
//!
//! Knobs: `AGORA_BENCH_ITEMS` (posts and comments, 100000; 70 % posts),
//! `AGORA_BENCH_SECONDS` (each load run, 15), `AGORA_BENCH_CLIENTS` (20),
//! `AGORA_BENCH_DIR`: keep the seeded archives (the SQLite file in that
//! directory, the PostgreSQL database `agora_search_bench_kept`) and,
//! when they are there already, measure them again without seeding (the
//! seeding figures are those of the run that seeded; new migrations are
//! applied first). For trying a change of the search query against the
//! same archive in minutes rather than a quarter of an hour.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

#[path = "search/corpus.rs"]
mod corpus;

use std::sync::Arc;
use std::time::{Duration, Instant};

use corpus::{Random, WORDS, queries, tail};
use support::{config, cpu_time, start_server_with};

use agora::accounts::tokens::{self, TokenKind};
use agora::accounts::{self, Account, InstanceRole, NewAccount, Registration};
use agora::config::DatabaseKind;
use agora::db::Db;
use agora::posts::comments::{self, NewComment};
use agora::posts::{self, NewPost};
use agora::spaces::{self, NewSpace, SpaceAccess, SpaceRole, Visibility};

const SPACES: usize = 50;

#[derive(serde::Serialize, serde::Deserialize)]
struct Seeded {
    tokens: Vec<String>,
    items: usize,
    seconds: f64,
    index_only_micros: f64,
    content_bytes: i64,
    index_bytes: Option<i64>,
}

fn new_account(name: String) -> NewAccount {
    NewAccount {
        email: format!("{name}@bench.example"),
        username: name,
        password: "benchmark password".into(),
        role: InstanceRole::Member,
    }
}

async fn seed(db: &Db, items: usize, clients: usize) -> Seeded {
    let changes = agora::changes::Changes::new(agora::urls::Urls::new("bench.example", false));
    let owner = accounts::create_account(db, new_account("owner".into()), Registration::Admin)
        .await
        .unwrap();
    let mut spaces_made: Vec<SpaceAccess> = Vec::new();
    for i in 0..SPACES {
        let (language, _) = WORDS[i % WORDS.len()];
        let new = NewSpace {
            slug: format!("space-{i}"),
            title: format!("Space {i}"),
            description: String::new(),
            language: Some(language.into()),
            visibility: if i % 5 == 0 {
                Visibility::Private
            } else {
                Visibility::Public
            },
            join_policy: None,
            default_role: None,
        };
        spaces_made.push(spaces::create(db, &owner, new).await.unwrap());
    }
    let tails: Vec<Vec<String>> = WORDS.iter().map(|(language, _)| tail(language)).collect();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let posts_wanted = items * 7 / 10;
    let mut post_ids = Vec::with_capacity(posts_wanted);
    let started = Instant::now();
    for n in 0..items {
        if n % 10_000 == 0 && n > 0 {
            eprintln!(
                "  seeded {n} of {items} ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
        if n % 5_000 == 0 && n > 0 && db.kind == DatabaseKind::Postgres {
            // What autovacuum does on a server that runs it (this
            // machine's PostgreSQL does not): statistics gathered again as
            // the tables grow, which also makes each connection plan its
            // statements anew.
            sqlx::query("ANALYZE").execute(db.writer()).await.unwrap();
        }
        let space = n % SPACES;
        let (language, words) = WORDS[space % WORDS.len()];
        let tail = &tails[space % WORDS.len()];
        if n < posts_wanted || post_ids.is_empty() {
            let new = NewPost {
                title: random.text(words, tail, 6),
                body: {
                    let length = 40 + random.skewed(80);
                    random.text(words, tail, length)
                },
                language: Some(language.into()),
                media: Vec::new(),
            };
            let id = posts::create(db, &changes, &spaces_made[space], &owner, new)
                .await
                .unwrap();
            post_ids.push(id);
        } else {
            let index = random.skewed(post_ids.len());
            let post = post_ids[index];
            // The post's own language: the posts went round the spaces,
            // and the spaces round the languages.
            let language = index % SPACES % WORDS.len();
            let (_, words) = WORDS[language];
            let new = NewComment {
                body: {
                    let length = 10 + random.skewed(40);
                    random.text(words, &tails[language], length)
                },
                parent_id: None,
                media: Vec::new(),
            };
            comments::create(db, &changes, post, &owner, new)
                .await
                .unwrap();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    sqlx::query("DELETE FROM changes")
        .execute(db.writer())
        .await
        .unwrap();
    if db.kind == DatabaseKind::Postgres {
        // What autovacuum does on a server that runs it (this machine's
        // PostgreSQL does not): the planner's statistics of the archive.
        sqlx::query("ANALYZE").execute(db.writer()).await.unwrap();
    }

    // The index alone: entries of 5,000 posts written again, in one
    // transaction (no commit per post), so the figure is the normaliser
    // and the engine's index, not the transaction.
    let sample = post_ids.len().min(5_000);
    let mut tx = db.begin().await.unwrap();
    let started = Instant::now();
    for id in &post_ids[..sample] {
        agora::search::index::post(&mut tx, *id).await.unwrap();
    }
    let index_only_micros = started.elapsed().as_secs_f64() * 1e6 / sample as f64;
    tx.commit().await.unwrap();

    let (content_bytes,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COALESCE(SUM(LENGTH(title) + LENGTH(body_source)), 0) FROM posts) + \
                (SELECT COALESCE(SUM(LENGTH(body_source)), 0) FROM comments)",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    let index_bytes = index_size(db).await;

    let mut client_tokens = Vec::new();
    for c in 0..clients / 2 {
        let member: Account =
            accounts::create_account(db, new_account(format!("member{c}")), Registration::Admin)
                .await
                .unwrap();
        for k in 0..5 {
            let space = &spaces_made[(c * 7 + k * 10) % SPACES].space;
            sqlx::query(
                "INSERT INTO memberships (space_id, account_id, role, joined_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(space.id)
            .bind(member.id)
            .bind(SpaceRole::Contributor)
            .bind(agora::db::now())
            .execute(db.writer())
            .await
            .unwrap();
        }
        let (_, token) = tokens::create(db, member.id, TokenKind::Api, "bench")
            .await
            .unwrap();
        client_tokens.push(token);
    }
    Seeded {
        tokens: client_tokens,
        items,
        seconds,
        index_only_micros,
        content_bytes,
        index_bytes,
    }
}

/// Bytes the index takes: the entries table (which keeps the plain text
/// for excerpts), its indexes and the full-text index.
async fn index_size(db: &Db) -> Option<i64> {
    let sql = match db.kind {
        DatabaseKind::Postgres => "SELECT pg_total_relation_size('search_entries')",
        // dbstat is compiled into the SQLite that sqlx bundles; if it is
        // not, the size is reported as unknown rather than guessed.
        DatabaseKind::Sqlite => {
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search%' \
             OR name LIKE 'sqlite_autoindex_search%'"
        }
    };
    sqlx::query_as::<_, (i64,)>(sql)
        .fetch_one(&db.read)
        .await
        .ok()
        .map(|(n,)| n)
}

struct Load {
    requests: usize,
    errors: usize,
    empty: usize,
    /// Searches with more matches than are ranked.
    capped: usize,
    latencies: Vec<Duration>,
    elapsed: Duration,
    server_cpu: Duration,
}

async fn load(port: u16, pid: u32, tokens: &[String], clients: usize, seconds: u64) -> Load {
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    let queries = Arc::new(queries());
    let pid = pid.to_string();
    let cpu_before = cpu_time(&pid);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        // Half the clients are members (their private spaces included),
        // half anonymous visitors.
        let token = (c % 2 == 0).then(|| tokens[(c / 2) % tokens.len()].clone());
        let http = http.clone();
        let base = base.clone();
        let queries = queries.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let (mut errors, mut empty, mut capped) = (0, 0, 0);
            let mut n = c * 37;
            while Instant::now() < deadline {
                let q = &queries[n % queries.len()];
                n += 1;
                let mut url = reqwest::Url::parse(&format!("{base}/api/v1/search")).unwrap();
                url.query_pairs_mut().append_pair("q", q);
                let mut request = http.get(url);
                if let Some(token) = &token {
                    request = request.bearer_auth(token);
                }
                let sent = Instant::now();
                match request.send().await {
                    Ok(response) if response.status().is_success() => {
                        let body: serde_json::Value = response.json().await.unwrap_or_default();
                        latencies.push(sent.elapsed());
                        if body["total"].as_i64().unwrap_or(0) == 0 {
                            empty += 1;
                        }
                        if body["more"].as_bool() == Some(true) {
                            capped += 1;
                        }
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors, empty, capped)
        }));
    }
    let mut result = Load {
        requests: 0,
        errors: 0,
        empty: 0,
        capped: 0,
        latencies: Vec::new(),
        elapsed: Duration::ZERO,
        server_cpu: Duration::ZERO,
    };
    for task in tasks {
        let (latencies, errors, empty, capped) = task.await.unwrap();
        result.capped += capped;
        result.requests += latencies.len() + errors;
        result.errors += errors;
        result.empty += empty;
        result.latencies.extend(latencies);
    }
    result.elapsed = started.elapsed();
    result.server_cpu = cpu_time(&pid).saturating_sub(cpu_before);
    result.latencies.sort();
    result
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn run(
    engine: &str,
    config: agora::Config,
    dir: &std::path::Path,
    settings: &[(&str, &str)],
) {
    let items: usize = env_or("AGORA_BENCH_ITEMS", 100_000);
    let seconds: u64 = env_or("AGORA_BENCH_SECONDS", 15);
    let clients: usize = env_or("AGORA_BENCH_CLIENTS", 20);
    let db = Db::connect(&config).await.unwrap();
    db.migrate().await.unwrap();
    // A kept archive says how it was seeded in a file beside it.
    let kept = dir.join(format!("seeded-{}.json", engine.to_lowercase()));
    let seeded = match std::fs::read(&kept) {
        Ok(json) => {
            eprintln!("{engine}: measuring the archive kept in {}", kept.display());
            serde_json::from_slice(&json).unwrap()
        }
        Err(_) => {
            eprintln!("{engine}: seeding {items} posts and comments…");
            let seeded = seed(&db, items, clients).await;
            std::fs::write(&kept, serde_json::to_vec(&seeded).unwrap()).unwrap();
            seeded
        }
    };
    db.close().await;
    println!(
        "{engine}: seeded {} posts and comments in {:.0} s: {:.2} ms each, written through \
         the domain (markdown, index, change record, commit)",
        seeded.items,
        seeded.seconds,
        seeded.seconds * 1000.0 / seeded.items as f64
    );
    println!(
        "{engine}: indexing cost: {:.0} µs a post (the index entry alone, 5,000 posts in one \
         transaction)",
        seeded.index_only_micros
    );
    match seeded.index_bytes {
        Some(bytes) => println!(
            "{engine}: content {:.1} MB (titles and markdown), index {:.1} MB ({:.2}× the content; \
             it keeps the plain text for excerpts)",
            seeded.content_bytes as f64 / 1e6,
            bytes as f64 / 1e6,
            bytes as f64 / seeded.content_bytes as f64
        ),
        None => println!(
            "{engine}: content {:.1} MB; index size not measured (no dbstat in this SQLite)",
            seeded.content_bytes as f64 / 1e6
        ),
    }
    let (mut server, port) = start_server_with(&config, dir, settings);
    // A first pass warms the caches, as a running instance would have.
    load(port, server.id(), &seeded.tokens, clients, 3).await;
    let measured = load(port, server.id(), &seeded.tokens, clients, seconds).await;
    println!(
        "{engine}: {clients} clients, {:.0} s: {} searches ({:.0}/s), p50 {:.1} ms, p99 {:.1} ms, \
         max {:.1} ms; {} errors; {} with no result; {} with more matches than are ranked; \
         server CPU {:.2} ms a search",
        measured.elapsed.as_secs_f64(),
        measured.requests,
        measured.requests as f64 / measured.elapsed.as_secs_f64(),
        percentile(&measured.latencies, 0.5),
        percentile(&measured.latencies, 0.99),
        percentile(&measured.latencies, 1.0),
        measured.errors,
        measured.empty,
        measured.capped,
        measured.server_cpu.as_secs_f64() * 1000.0 / measured.requests.max(1) as f64,
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let kept = std::env::var_os("AGORA_BENCH_DIR").map(std::path::PathBuf::from);
    let temporary = tempfile::tempdir().unwrap();
    let dir = match &kept {
        Some(dir) => {
            std::fs::create_dir_all(dir).unwrap();
            dir.clone()
        }
        None => temporary.path().to_owned(),
    };
    let sqlite = config(&dir);
    run("SQLite", sqlite, &dir, &[]).await;

    let Ok(admin_url) = std::env::var("AGORA_BENCH_DATABASE_URL") else {
        println!("SKIPPED PostgreSQL: AGORA_BENCH_DATABASE_URL is not set");
        return;
    };
    use sqlx::Connection;
    let name = match &kept {
        Some(_) => "agora_search_bench_kept".to_owned(),
        None => format!("agora_search_bench_{}", std::process::id()),
    };
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    let (exists,): (bool,) =
        sqlx::query_as("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut admin)
            .await
            .unwrap();
    let pg_dir = dir.join("postgres");
    if !exists {
        // A new database: whatever was kept of an older one is not it.
        let _ = std::fs::remove_file(pg_dir.join("seeded-postgresql.json"));
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap();
    }
    let (base, _) = admin_url.split_once('?').unwrap_or((&admin_url, ""));
    let url = format!("{}/{name}", &base[..base.rfind('/').unwrap_or(base.len())]);
    std::fs::create_dir_all(&pg_dir).unwrap();
    let mut pg = config(&pg_dir);
    pg.database_url = url.clone();
    pg.database_kind = DatabaseKind::Postgres;
    run("PostgreSQL", pg, &pg_dir, &[]).await;
    if kept.is_none() {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut admin)
        .await
        .unwrap();
    }
}
