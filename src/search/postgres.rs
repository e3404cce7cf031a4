//! How a search finds its candidates on PostgreSQL.
//!
//! PostgreSQL's GIN index cannot walk its matches newest first, and its
//! planner cannot know how a word's matches fall between what the
//! searcher may and may not see: left to choose, it walks the primary
//! key backwards and tests every row, which for a word common only in
//! private spaces reads the whole table (700 ms on 100,000 entries) for a
//! visitor who finds nothing, and says so by the time it takes. So a
//! search reads only the rows that match inside the index (index and
//! sequential scans off for its transaction: bitmap scans over the GIN
//! index), a window of ids at a time, newest first: every entry's
//! document holds the lexeme `|b<id / BUCKET>` (migration 0016), and the
//! first windows are the newest [`ROUNDS`] buckets, the last the rest. A
//! common word is done in the first window, after reading about as many
//! rows as it returns; a rare one reaches the last, where there are few
//! rows to read. What the searcher may not see is not read at all: each
//! word's lexeme carries its audience (`public|court`, migration 0025)
//! and the words' tsquery names only the searcher's, so a word found only
//! in others' private spaces has nothing in the index to walk.
//!
//! The windows are the branches of one `UNION ALL` under a `LIMIT`:
//! PostgreSQL runs the branches in order and stops as soon as the limit
//! is reached, so a window is read only when the ones before it did not
//! find enough. They read only ids, dates and lengths: every row a window
//! matches is read before its newest are kept, and taking the tokens out
//! of each (decompressed, then cut) cost 25 µs a row, 100 ms for a word
//! with 4,000 matches in the last window. The tokens are read afterwards,
//! for the candidates only.

use std::collections::HashMap;

use sqlx::AnyConnection;

use super::query::{Bound, MAX_CANDIDATES, Ranked, bind_filters, conditions};
use crate::error::AppResult;

const BUCKET: i64 = 1024;
/// How many buckets each window but the last takes, newest first. A
/// window's cost is the matches it reads, and for a word more common
/// than any one bucket, its buckets' ids walked one by one inside the
/// index (its tsquery ORs them): a window of 16 buckets cost 1.6 ms of
/// index scan for words that then filled the 251 from a fraction of it.
/// With 3, 6 and 12 the windows' statement took 2.6 ms on average
/// instead of 5.4 (the same 200 searches from the benchmark's log, one
/// client, the same ids found); more windows beyond the twentieth bucket
/// cost more in index lookups than they saved (docs/benchmarks.md).
const ROUNDS: [i64; 3] = [3, 6, 12];

/// The newest id, through the primary key, and the settings of the
/// windows for the rest of the transaction, in one statement: it is
/// planned before the settings change.
///
/// - No JIT compilation: turning a scan off makes its plan's cost count
///   as huge (10^10), which would have PostgreSQL compile each search
///   with optimisation and inlining, some 400 ms, to save microseconds.
/// - No parallel workers: on a busy server they only take the cores of
///   other searches.
/// - The windows' statement planned once for all words (a generic plan):
///   with these scans off, a bitmap over the GIN index is its only plan
///   whatever the words, and planning its branches took 2–9 ms a search,
///   more than running them.
const NEWEST_AND_PLAN: &str = "SELECT CAST(COALESCE((SELECT MAX(id) FROM search_entries), 0) \
     AS BIGINT), set_config('enable_indexscan', 'off', true), \
     set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true), \
     set_config('max_parallel_workers_per_gather', '0', true), \
     set_config('plan_cache_mode', 'force_generic_plan', true)";

/// Back to the planner's own choice, for the candidates' tokens and the
/// page's rows by id (through the primary key, which a bitmap scan would
/// not use for so few). Both are prepared: PostgreSQL plans them for
/// their ids five times, then keeps one generic plan if it costs no more
/// (0.55 ms for the page's rows against 0.97 ms planned each time), and
/// plans again whenever `ANALYZE` (autovacuum's, as the table grows)
/// changes the table's statistics.
const PLAN_AGAIN: &str = "SELECT set_config('enable_indexscan', 'on', true), \
     set_config('enable_seqscan', 'on', true), set_config('plan_cache_mode', 'auto', true)";

/// One window: `$Q` is replaced by its tsquery (the words, `$1`, and
/// for all but the last window its buckets), `$B` by the id its entries
/// are below. `e.id + 0`: a condition on the rows the index found, not a
/// second bitmap over the primary key, which the plan made for any bound
/// would build for all ids below it (8 ms on 100,000 entries, for a bound
/// that is most often "all").
const WINDOW: &str = concat!(
    "(SELECT e.id, e.created_at, e.token_count FROM search_entries e",
    conditions!(),
    " AND e.document @@ $Q AND e.id + 0 < $B ORDER BY e.id DESC LIMIT $11 + 0)"
);

/// The tokens ranking reads, of the candidates (`$1`, a JSON array of
/// ids), through the primary key. Prepared, and planned after
/// [`PLAN_AGAIN`].
const TOKENS: &str = "SELECT id, CASE WHEN OCTET_LENGTH(tokens) <= 4000 THEN tokens \
     ELSE SUBSTR(tokens, 1, 4000) END FROM search_entries \
     WHERE id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON)))";

/// The newest [`MAX_CANDIDATES`] + 1 visible entries that match, each
/// ranked by `rank` from its date, tokens and length. `tx` must be a
/// transaction: the settings are its own.
pub(super) async fn candidates(
    tx: &mut AnyConnection,
    bound: &Bound,
    rank: impl Fn(i64, i64, &[u8], i64) -> Ranked,
) -> AppResult<Vec<Ranked>> {
    let (newest, ..): (i64, String, String, String, String, String) =
        sqlx::query_as(NEWEST_AND_PLAN).fetch_one(&mut *tx).await?;
    let windows = windows(newest / BUCKET);
    let mut parameter = 11;
    let mut next = || {
        parameter += 1;
        format!("${parameter}")
    };
    let sql = windows
        .iter()
        .map(|(buckets, _)| {
            let words = match buckets {
                Some(_) => format!("(CAST($1 AS tsquery) && CAST({} AS tsquery))", next()),
                None => "CAST($1 AS tsquery)".to_owned(),
            };
            WINDOW.replace("$Q", &words).replace("$B", &next())
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    // Only this module's constants and parameter numbers: the words and
    // windows are bound.
    let sql = sqlx::AssertSqlSafe(format!("SELECT * FROM ({sql}) w LIMIT $11 + 0"));
    let mut query =
        bind_filters!(sqlx::query_as::<_, (i64, i64, i64)>(sql), bound).bind(MAX_CANDIDATES + 1);
    for (buckets, below) in windows {
        if let Some(buckets) = buckets {
            query = query.bind(buckets);
        }
        query = query.bind(below);
    }
    // A prepared statement (one for each number of windows), planned
    // once: see `NEWEST_AND_PLAN`.
    let found = query.fetch_all(&mut *tx).await?;
    sqlx::query(PLAN_AGAIN).execute(&mut *tx).await?;
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = found.iter().map(|(id, ..)| id.to_string()).collect();
    let mut tokens: HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>(TOKENS)
        .bind(format!("[{}]", ids.join(",")))
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .collect();
    Ok(found
        .into_iter()
        .map(|(id, created_at, length)| {
            let text = tokens.remove(&id).unwrap_or_default();
            rank(id, created_at, text.as_bytes(), length)
        })
        .collect())
}

/// The windows (see [`BUCKET`]): the tsquery of each one's buckets (none
/// for the last), and the id its entries are below (the last window's:
/// those the others covered).
fn windows(newest_bucket: i64) -> Vec<(Option<String>, i64)> {
    let mut rounds = Vec::new();
    let mut newest = newest_bucket;
    for size in ROUNDS {
        let oldest = (newest - size + 1).max(0);
        let buckets: Vec<String> = (oldest..=newest)
            .rev()
            .map(|b| format!("'|b{b}'"))
            .collect();
        rounds.push((Some(buckets.join(" | ")), i64::MAX));
        if oldest == 0 {
            return rounds;
        }
        newest = oldest - 1;
    }
    rounds.push((None, (newest + 1) * BUCKET));
    rounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_id_once_newest_first() {
        let rounds = windows(100);
        assert_eq!(rounds.len(), 4);
        assert_eq!(
            rounds[0],
            (Some("'|b100' | '|b99' | '|b98'".to_owned()), i64::MAX)
        );
        let bucket = |i: usize| rounds[i].0.clone().unwrap_or_default();
        assert!(bucket(1).starts_with("'|b97' |") && bucket(1).ends_with("'|b92'"));
        assert_eq!(bucket(1).matches("'|b").count(), 6);
        assert!(bucket(2).starts_with("'|b91' |") && bucket(2).ends_with("'|b80'"));
        assert_eq!(bucket(2).matches("'|b").count(), 12);
        // The rest: every id of bucket 79 and below.
        assert_eq!(rounds[3], (None, 80 * BUCKET));
        // A small archive is done in the windows it has.
        assert_eq!(
            windows(4),
            vec![
                (Some("'|b4' | '|b3' | '|b2'".to_owned()), i64::MAX),
                (Some("'|b1' | '|b0'".to_owned()), i64::MAX)
            ]
        );
    }
}
