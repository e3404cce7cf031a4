//! The daily digest for a whole instance: 10,000 members across 100 spaces,
//! each space with a week of activity (posts, comments, reactions), built
//! by the real `notifications::digest::send_digests`, which queues every
//! email. Run with `cargo bench --bench digest`; see docs/benchmarks.md.
//!
//! Setup writes straight to a fresh SQLite database with a few bulk
//! `INSERT … SELECT` statements (it is not what is measured): members in
//! five languages and time zones, each in two spaces; 4 posts a day in
//! every space, 3 comments and 5 reactions on each; every member takes new
//! posts, replies and reactions in the daily digest. The week's
//! notifications are there, all but the last day's already emailed by
//! earlier digests, as on a running instance.
//!
//! Figures: the wall time of one `send_digests` call that sends every due
//! digest, and the process's peak resident memory (`VmHWM`) before and
//! after it. Knobs (environment): `AGORA_BENCH_MEMBERS` (default 10000),
//! `AGORA_BENCH_SPACES` (default 100).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Instant;

use agora::db::Db;
use agora::mail::Mailer;
use agora::notifications::digest::{self, Period};
use support::config;

const DAY: i64 = 24 * 3600 * 1_000_000;

fn knob(name: &str, default: i64) -> i64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_kib() -> u64 {
    support::peak_rss_kib(std::process::id())
}

async fn exec(db: &Db, sql: &str, binds: &[i64]) -> u64 {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
    for b in binds {
        query = query.bind(*b);
    }
    query.execute(db.writer()).await.unwrap().rows_affected()
}

/// Fills the database; returns the number of notifications waiting.
async fn seed(db: &Db, members: i64, spaces: i64, now: i64) -> i64 {
    let week_ago = now - 7 * DAY;
    let posts_per_space = 28;
    let posts = spaces * posts_per_space;
    exec(
        db,
        "INSERT INTO accounts (username, email, password_hash, display_name, created_at, \
                               ui_language, timezone) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         SELECT 'm' || i, 'm' || i || '@bench.example', 'x', 'Member ' || i, $2, \
                CASE i % 5 WHEN 0 THEN 'en' WHEN 1 THEN 'fr' WHEN 2 THEN 'ar' WHEN 3 THEN 'de' ELSE 'pt' END, \
                CASE i % 5 WHEN 0 THEN '' WHEN 1 THEN 'Europe/Paris' WHEN 2 THEN 'Asia/Beirut' \
                           WHEN 3 THEN 'Africa/Kinshasa' ELSE 'America/Sao_Paulo' END \
         FROM n",
        &[members, week_ago - 30 * DAY],
    )
    .await;
    exec(
        db,
        "INSERT INTO spaces (slug, title, language, visibility, join_policy, created_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         SELECT 's' || i, 'Space ' || i, 'en', \
                CASE i % 2 WHEN 0 THEN 'public' ELSE 'private' END, \
                CASE i % 2 WHEN 0 THEN 'open' ELSE 'request' END, $2 FROM n",
        &[spaces, week_ago - 30 * DAY],
    )
    .await;
    // Each member in two spaces: (id mod S) and 37 further on.
    exec(
        db,
        "INSERT INTO memberships (space_id, account_id, role, joined_at) \
         SELECT ((a.id - 1) % $1) + 1, a.id, 'contributor', $2 FROM accounts a \
         UNION SELECT ((a.id + 36) % $1) + 1, a.id, 'contributor', $2 FROM accounts a",
        &[spaces, week_ago - 30 * DAY],
    )
    .await;
    // Four posts a day in every space, by its members in turn.
    exec(
        db,
        "INSERT INTO posts (space_id, author_id, title, body_source, body_html, language, created_at) \
         WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j < $1 - 1) \
         SELECT (j % $2) + 1, (j % $2) + 1 + $2 * ((j / $2) % ($3 / $2)), \
                'Post ' || j, 'Text of post ' || j, '<p>Text of post ' || j || '</p>', 'en', \
                $4 + j * ($5 / $1) FROM n",
        &[posts, spaces, members, week_ago, 7 * DAY],
    )
    .await;
    // Three comments on each, by the next members of the space.
    exec(
        db,
        "INSERT INTO comments (post_id, author_id, body_source, body_html, created_at) \
         SELECT p.id, ((p.author_id + $1 * k.k - 1) % $2) + 1, 'Comment ' || k.k, \
                '<p>Comment ' || k.k || '</p>', p.created_at + k.k * 60000000 \
         FROM posts p, (SELECT 1 AS k UNION SELECT 2 UNION SELECT 3) k",
        &[spaces, members],
    )
    .await;
    exec(
        db,
        "INSERT INTO reactions (post_id, account_id, emoji, created_at) \
         SELECT p.id, ((p.author_id + $1 * (k.k + 3) - 1) % $2) + 1, '👍', p.created_at + k.k * 120000000 \
         FROM posts p, (SELECT 1 AS k UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5) k",
        &[spaces, members],
    )
    .await;
    for category in ["posts", "replies", "reactions"] {
        exec(
            db,
            &format!(
                "INSERT INTO notification_preferences (account_id, space_id, category, delivery) \
                 SELECT id, 0, '{category}', 'daily' FROM accounts"
            ),
            &[],
        )
        .await;
    }
    // What the producers made over the week; the last day's waits.
    let since = now - DAY;
    let mut made = exec(
        db,
        "INSERT INTO notifications (account_id, kind, actor_id, space_id, post_id, delivery, \
                                    created_at, updated_at, emailed_at) \
         SELECT m.account_id, 'post.new', p.author_id, p.space_id, p.id, 'daily', \
                p.created_at, p.created_at, CASE WHEN p.created_at < $1 THEN p.created_at END \
         FROM posts p JOIN memberships m ON m.space_id = p.space_id AND m.account_id <> p.author_id",
        &[since],
    )
    .await;
    made += exec(
        db,
        "INSERT INTO notifications (account_id, kind, actor_id, space_id, post_id, comment_id, \
                                    delivery, created_at, updated_at, emailed_at) \
         SELECT p.author_id, 'comment.on_post', c.author_id, p.space_id, p.id, c.id, 'daily', \
                c.created_at, c.created_at, CASE WHEN c.created_at < $1 THEN c.created_at END \
         FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.author_id <> p.author_id",
        &[since],
    )
    .await;
    made += exec(
        db,
        "INSERT INTO notifications (account_id, kind, actor_id, space_id, post_id, delivery, \
                                    created_at, updated_at, emailed_at) \
         SELECT p.author_id, 'reaction', r.account_id, p.space_id, p.id, 'daily', \
                r.created_at, r.created_at, CASE WHEN r.created_at < $1 THEN r.created_at END \
         FROM reactions r JOIN posts p ON p.id = r.post_id WHERE r.account_id <> p.author_id",
        &[since],
    )
    .await;
    // Yesterday's digest went out.
    exec(
        db,
        "INSERT INTO digest_state (account_id, daily_at) SELECT id, $1 FROM accounts",
        &[now - DAY - 3600 * 1_000_000],
    )
    .await;
    exec(db, "ANALYZE", &[]).await;
    let (waiting,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE delivery = 'daily' AND emailed_at IS NULL",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    println!("seeded {made} notifications over the week, {waiting} waiting for today's digest");
    waiting
}

#[tokio::main]
async fn main() {
    let members = knob("AGORA_BENCH_MEMBERS", 10_000);
    let spaces = knob("AGORA_BENCH_SPACES", 100);
    let dir = tempfile::tempdir().unwrap();
    let mut config = config(dir.path());
    // Digests at the hour before this one in UTC: due for every zone used.
    let hour = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .hour();
    config.email.digest_hour = ((hour + 23) % 24) as u8;
    let db = Db::connect(&config).await.unwrap();
    db.migrate().await.unwrap();
    let mailer = Mailer::new(&config).unwrap();

    let now = agora::db::now();
    let started = Instant::now();
    seed(&db, members, spaces, now).await;
    println!(
        "setup: {members} members, {spaces} spaces in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let before = peak_kib();
    let started = Instant::now();
    let run = digest::send_digests(&db, &mailer, Period::Daily, now)
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let after = peak_kib();
    let (queued, bytes): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(LENGTH(message)), 0) FROM mail_queue WHERE kind = 'digest.daily'",
    )
    .fetch_one(&db.read)
    .await
    .unwrap();
    println!(
        "daily digests: {} members looked at, {} digests queued ({queued} in the queue, {:.1} MB) in {:.2} s ({:.2} ms a digest)",
        run.members,
        run.sent,
        bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / run.sent.max(1) as f64
    );
    println!(
        "peak resident memory (VmHWM): {:.1} MiB before, {:.1} MiB after (+{:.1} MiB)",
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        after.saturating_sub(before) as f64 / 1024.0
    );
    // A second run finds nothing due: nothing is sent twice.
    let again = digest::send_digests(&db, &mailer, Period::Daily, now)
        .await
        .unwrap();
    println!("a second run right after: {} digests", again.sent);
    db.close().await;
}
