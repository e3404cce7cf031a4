//! Searching: one query per engine, the same conditions in both.
//!
//! Visibility is part of the SQL, not a filter over its results: an entry
//! is a candidate only when the searcher could open what it points to —
//! content of a space that `spaces::spaces_visible_to!` lets them see
//! (public spaces, ours or followed elsewhere, and the private ones they
//! are a member of; spaces of a suspended instance never), by an author
//! not hidden by the federation policy, and people whose profile they may
//! see (`Account::profile_visible_to`). Counting, ranking and paging come
//! after that, so neither the total nor the pages tell anything of the
//! rest.
//!
//! Cost: the engine returns the matching visible entries newest first and
//! stops after [`MAX_CANDIDATES`]; they are ranked in Rust
//! ([`super::rank`]), the same way on both engines, and only the page
//! asked for is read in full. So a search costs at most that many entries
//! however common its words, and nothing is counted twice. The engine is
//! also asked for the searcher's audiences (migration 0016), so that
//! what they may not open is left out inside the full-text index, and
//! costs them nothing to be refused; on PostgreSQL it reads the newest
//! entries a window at a time (see [`BUCKET`]).

use futures_util::TryStreamExt;
use serde::Serialize;

use super::Kind;
use super::normalise::{QueryTerm, query_terms};
use super::rank::{Matcher, score};
use super::text::highlight;
use crate::accounts::{Account, InstanceRole, handle_sql};
use crate::config::DatabaseKind;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::posts::AuthorView;

/// At most this many words of a query count.
pub const MAX_TERMS: usize = 8;
/// At most this many matches are ranked for one query: the newest this
/// many that the searcher may see. A word found in most of an archive
/// (`rights`, in a network about rights) would otherwise cost as much as
/// the archive is large; a second word, or a filter, narrows it.
pub const MAX_CANDIDATES: i64 = 500;
/// Results per page: the default and the most.
pub const DEFAULT_PER_PAGE: i64 = 20;
pub const MAX_PER_PAGE: i64 = 50;
/// Pages beyond this are not served (nobody reads them; deep offsets
/// cost every result before them).
pub const MAX_PAGE: i64 = 100;

/// What to search for, already checked.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub text: String,
    pub kind: Option<Kind>,
    /// A space the searcher may see (checked by the caller).
    pub space_id: Option<i64>,
    /// The author's account; `Some(None)` for a name that matches nobody
    /// (which finds nothing, exactly like an author with nothing to find).
    pub author_id: Option<Option<i64>>,
    /// A BCP 47 tag; `fr` also takes `fr-CA`.
    pub language: Option<String>,
    /// Created at or after (microseconds since the epoch).
    pub since: Option<i64>,
    /// Created before.
    pub until: Option<i64>,
    /// From 1.
    pub page: i64,
    pub per_page: i64,
}

/// The space a result belongs to.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HitSpace {
    /// How to name it in a URL (`slug`, `slug@domain`, or its id).
    pub reference: String,
    pub title: String,
}

/// One result.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub kind: Kind,
    /// The post's, comment's, event's, library item's, space's or
    /// person's id.
    pub id: i64,
    /// For a comment: its post.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_id: Option<i64>,
    pub space: Option<HitSpace>,
    /// Who wrote it; for a person, the person.
    pub author: Option<AuthorView>,
    pub title: String,
    /// The title as HTML, escaped, with the matching words in `<mark>`.
    pub title_html: String,
    /// About 30 words around the first match, as HTML, escaped, with the
    /// matching words in `<mark>`.
    pub excerpt_html: String,
    pub language: String,
    pub created_at: String,
    /// Its page on this instance.
    pub url: String,
}

/// A page of results.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Results {
    pub items: Vec<Hit>,
    /// How many results there are in all (that the searcher may see),
    /// up to 500: only the newest 500 matches are ranked.
    pub total: i64,
    /// There are more than `total` matches: the newest `total` of them
    /// were ranked; another word or a filter finds the others.
    pub more: bool,
    pub page: i64,
    pub per_page: i64,
    pub pages: i64,
}

/// The conditions both engines share, on the entry `e` alone. `$2` is
/// the searcher (0: anonymous), `$3` 1 for an instance admin, `$4`–`$10`
/// the filters. The spaces the searcher may see and the authors hidden by
/// the federation policy are sets computed once per query (the engine
/// builds them before the first row), so each candidate costs two
/// lookups in memory rather than three in tables; a person's profile is
/// looked up only for people.
macro_rules! conditions {
    () => {
        concat!(
            " WHERE ($4 = '' OR e.kind = $4) AND ($5 = 0 OR e.space_id = $5) \
               AND ($6 = 0 OR e.author_id = $6) \
               AND ($7 = '' OR e.language = $7 OR e.language LIKE $8) \
               AND e.created_at >= $9 AND e.created_at < $10 \
               AND (e.space_id IS NULL OR e.space_id IN (",
            crate::spaces::spaces_visible_to!("$2"),
            " AND vs.federation_state < 2)) \
               AND (e.author_id IS NULL OR e.author_id NOT IN \
                    (SELECT ha.id FROM accounts ha WHERE ha.federation_state >= 2)) \
               AND (e.kind <> 'person' OR EXISTS (SELECT 1 FROM accounts pa \
                    WHERE pa.id = e.author_id AND pa.deleted_at IS NULL \
                      AND pa.suspended_at IS NULL \
                      AND (pa.id = $2 OR $3 = 1 OR pa.profile_visibility = 'everyone' \
                           OR (pa.profile_visibility = 'instance' AND $2 <> 0))))"
        )
    };
}

/// The columns of a [`Row`], from `e` and its space `s` and author `a`.
macro_rules! row_columns {
    () => {
        concat!(
            "SELECT e.id, e.kind, e.ref_id, e.parent_id, e.language, e.created_at, e.title, \
                    SUBSTR(e.body, 1, 20000) AS body, \
                    CASE WHEN s.id IS NULL THEN NULL \
                         WHEN s.domain IS NOT NULL THEN s.slug || '@' || s.domain \
                         WHEN s.visibility = 'public' THEN s.slug \
                         ELSE CAST(s.id AS TEXT) END AS space_reference, \
                    s.title AS space_title, ",
            handle_sql!("a"),
            " AS author_handle, a.display_name AS author_name"
        )
    };
}

/// The candidates: every visible entry that matches, newest first (the
/// engine walks its index backwards and stops at `$11`), with what
/// ranking needs: the first `rank::SCORED_CHARS` (4,000) characters of
/// its tokens and how many tokens it has. `LIMIT $11 + 0`, not
/// `LIMIT $11`: see `feeds`.
const SQLITE_CANDIDATES: &str = concat!(
    "SELECT e.id, e.created_at, SUBSTR(e.tokens, 1, 4000), e.token_count \
     FROM search_text JOIN search_entries e ON e.id = search_text.rowid",
    conditions!(),
    " AND search_text MATCH $1 AND CAST($12 AS TEXT) IS NOT NULL AND e.id < $13 \
     ORDER BY search_text.rowid DESC LIMIT $11 + 0"
);

const POSTGRES_CANDIDATES: &str = concat!(
    "SELECT e.id, e.created_at, SUBSTR(e.tokens, 1, 4000), e.token_count \
     FROM search_entries e",
    conditions!(),
    " AND e.document @@ (to_tsquery('simple', $1) && CAST($12 AS tsquery)) AND e.id < $13 \
     ORDER BY e.id DESC LIMIT $11 + 0"
);

/// PostgreSQL's GIN index cannot walk its matches newest first, and its
/// planner cannot know how a word's matches fall between what the
/// searcher may and may not see: left to choose, it walks the primary
/// key backwards and tests every row, which for a word common only in
/// private spaces reads the whole table (700 ms on 100,000 entries) for
/// a visitor who finds nothing, and says so by the time it takes. So each
/// search reads only the rows that match inside the index (`enable_indexscan`
/// and `enable_seqscan` off for its transaction: bitmap scans over the
/// GIN index), a window of ids at a time, newest first: every entry's
/// document holds the lexeme `|b<id / BUCKET>` (migration 0016), and the
/// first rounds ask for the newest [`ROUNDS`] buckets, the last for the
/// rest. A common word is done in the first round, after reading about
/// as many rows as it returns; a rare one reaches the last round, where
/// there are few rows to read.
const BUCKET: i64 = 1024;
const ROUNDS: [i64; 3] = [2, 6, 24];

/// And no JIT compilation: turning a scan off makes its plan's cost
/// count as huge (10^10), which would have PostgreSQL compile each search
/// with optimisation and inlining, some 400 ms, to save microseconds.
const POSTGRES_PLAN: &str = "SELECT set_config('enable_indexscan', 'off', true), \
     set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)";
/// Back to the planner's own choice, for the page's rows by id (through
/// the primary key, which a bitmap scan would not use for so few).
const POSTGRES_PLAN_AGAIN: &str = "SELECT set_config('enable_indexscan', 'on', true), \
     set_config('enable_seqscan', 'on', true)";

/// One page's rows, by id (`$11`, a JSON array), under the same
/// conditions again: the page is read after the candidates, and what
/// became invisible in between is not shown. `$1` is not needed here but
/// bound, so that the filters keep their numbers.
macro_rules! page_rows {
    ($ids:literal) => {
        concat!(
            row_columns!(),
            " FROM search_entries e LEFT JOIN spaces s ON s.id = e.space_id \
              LEFT JOIN accounts a ON a.id = e.author_id",
            conditions!(),
            " AND CAST($1 AS TEXT) IS NOT NULL AND e.id IN (",
            $ids,
            ")"
        )
    };
}

const SQLITE_PAGE: &str = page_rows!("SELECT value FROM json_each($11)");

const POSTGRES_PAGE: &str =
    page_rows!("SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($11 AS JSON))");

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    kind: Kind,
    ref_id: i64,
    parent_id: Option<i64>,
    language: String,
    created_at: i64,
    title: String,
    body: String,
    space_reference: Option<String>,
    space_title: Option<String>,
    author_handle: Option<String>,
    author_name: Option<String>,
}

/// The engine's query: every term must match, each by any of its
/// variants, in the entry's tokens. Tokens are letters and digits only,
/// so they need no quoting beyond FTS5's double quotes. On SQLite the
/// audiences (see migration 0016) are part of it; PostgreSQL takes them
/// as a tsquery of their own ([`audience_query`]), since its parser
/// would take the `|` out of them.
fn match_expression(kind: DatabaseKind, terms: &[QueryTerm], audiences: &[String]) -> String {
    let (quote, or, and) = match kind {
        DatabaseKind::Sqlite => ("\"", " OR ", " AND "),
        DatabaseKind::Postgres => ("", " | ", " & "),
    };
    let words = terms
        .iter()
        .map(|term| {
            let variants: Vec<String> = term
                .variants
                .iter()
                .map(|v| format!("{quote}{v}{quote}"))
                .collect();
            format!("({})", variants.join(or))
        })
        .collect::<Vec<_>>()
        .join(and);
    match kind {
        DatabaseKind::Sqlite => {
            let audiences: Vec<String> = audiences.iter().map(|a| format!("\"{a}\"")).collect();
            format!(
                "tokens : ({words}) AND audience : ({})",
                audiences.join(" OR ")
            )
        }
        DatabaseKind::Postgres => words,
    }
}

/// The audiences as a PostgreSQL tsquery of lexemes taken as they are.
fn audience_query(audiences: &[String]) -> String {
    audiences
        .iter()
        .map(|a| format!("'|{a}'"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Whose content `viewer` may find, at most (the conditions decide):
/// entries without a space, public spaces, and their private spaces.
async fn audiences(db: &Db, viewer: Option<&Account>) -> AppResult<Vec<String>> {
    let mut audiences = vec!["everyone".to_owned(), "public".to_owned()];
    if let Some(viewer) = viewer {
        for id in crate::spaces::private_ids_of(db, viewer.id).await? {
            audiences.push(format!("s{id}"));
        }
    }
    Ok(audiences)
}

/// PostgreSQL's rounds (see [`BUCKET`]): the tsquery each adds to the
/// words (the audiences, and the round's buckets but in the last), and
/// the id its entries are below (the last round's: those the others
/// covered).
fn windows(audiences: &str, newest_bucket: i64) -> Vec<(String, i64)> {
    let mut rounds = Vec::new();
    let mut newest = newest_bucket;
    for size in ROUNDS {
        let oldest = (newest - size + 1).max(0);
        let buckets: Vec<String> = (oldest..=newest)
            .rev()
            .map(|b| format!("'|b{b}'"))
            .collect();
        rounds.push((
            format!("({audiences}) & ({})", buckets.join(" | ")),
            i64::MAX,
        ));
        if oldest == 0 {
            return rounds;
        }
        newest = oldest - 1;
    }
    rounds.push((audiences.to_owned(), (newest + 1) * BUCKET));
    rounds
}

/// Searches as `viewer` may see. Bad input (no word to look for) is a 422.
pub async fn search(
    db: &Db,
    viewer: Option<&Account>,
    request: SearchRequest,
) -> AppResult<Results> {
    let terms = query_terms(&request.text, MAX_TERMS);
    if terms.is_empty() {
        return Err(AppError::invalid("q: give at least one word to look for"));
    }
    let per_page = request.per_page.clamp(1, MAX_PER_PAGE);
    let page = request.page.clamp(1, MAX_PAGE);
    let audiences = audiences(db, viewer).await?;
    let expression = match_expression(db.kind, &terms, &audiences);
    let (candidates_sql, page_sql) = match db.kind {
        DatabaseKind::Sqlite => (SQLITE_CANDIDATES, SQLITE_PAGE),
        DatabaseKind::Postgres => (POSTGRES_CANDIDATES, POSTGRES_PAGE),
    };
    let viewer_id = viewer.map_or(0, |v| v.id);
    let admin = i64::from(viewer.is_some_and(|v| v.role == InstanceRole::Admin));
    let kind = request.kind.map_or("", Kind::as_str);
    let space = request.space_id.unwrap_or(0);
    // No account has id -1: an unknown author finds nothing.
    let author = request.author_id.map_or(0, |id| id.unwrap_or(-1));
    let language = request
        .language
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let language_prefix = format!("{language}-%");
    let since = request.since.unwrap_or(i64::MIN);
    let until = request.until.unwrap_or(i64::MAX);
    macro_rules! bind_filters {
        ($query:expr) => {
            $query
                .bind(&expression)
                .bind(viewer_id)
                .bind(admin)
                .bind(kind)
                .bind(space)
                .bind(author)
                .bind(&language)
                .bind(&language_prefix)
                .bind(since)
                .bind(until)
        };
    }

    // Ranked as they arrive: one candidate's tokens in memory at a time.
    let matcher = Matcher::new(&terms);
    let now = db::now();
    let mut ranked: Vec<Ranked> = Vec::new();
    let mut tx = db.read.begin().await?;
    let windows = match db.kind {
        DatabaseKind::Sqlite => vec![(String::new(), i64::MAX)],
        DatabaseKind::Postgres => {
            // The newest id first, through the primary key (before index
            // scans are turned off).
            let (newest,): (i64,) =
                sqlx::query_as("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM search_entries")
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(POSTGRES_PLAN).execute(&mut *tx).await?;
            windows(&audience_query(&audiences), newest / BUCKET)
        }
    };
    for (filter, below) in windows {
        let wanted = MAX_CANDIDATES + 1 - ranked.len() as i64;
        if wanted <= 0 {
            break;
        }
        let mut rows = bind_filters!(sqlx::query_as::<_, (i64, i64, String, i64)>(candidates_sql))
            .bind(wanted)
            .bind(filter)
            .bind(below)
            // Planned for these words each time on PostgreSQL (an
            // unnamed statement), with what its statistics say of them.
            .persistent(db.kind == DatabaseKind::Sqlite)
            .fetch(&mut *tx);
        while let Some((id, created_at, tokens, length)) = rows.try_next().await? {
            ranked.push(Ranked {
                score: score(matcher.relevance(&tokens, length), created_at, now),
                created_at,
                id,
            });
        }
    }
    if db.kind == DatabaseKind::Postgres {
        sqlx::query(POSTGRES_PLAN_AGAIN).execute(&mut *tx).await?;
    }
    let more = ranked.len() as i64 > MAX_CANDIDATES;
    ranked.truncate(MAX_CANDIDATES as usize);
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.created_at.cmp(&a.created_at))
            .then(b.id.cmp(&a.id))
    });
    let total = ranked.len() as i64;

    let wanted: Vec<i64> = ranked
        .iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|r| r.id)
        .collect();
    let mut found: Vec<Row> = if wanted.is_empty() {
        Vec::new()
    } else {
        bind_filters!(sqlx::query_as(page_sql))
            .bind(serde_json::to_string(&wanted).unwrap_or_default())
            .persistent(db.kind == DatabaseKind::Sqlite)
            .fetch_all(&mut *tx)
            .await?
    };
    tx.commit().await?;
    let mut items = Vec::with_capacity(found.len());
    for id in wanted {
        if let Some(i) = found.iter().position(|row| row.id == id) {
            items.push(hit(found.swap_remove(i), &terms));
        }
    }
    Ok(Results {
        items,
        total,
        more,
        page,
        per_page,
        pages: (total + per_page - 1) / per_page,
    })
}

/// A candidate, ranked.
struct Ranked {
    score: f64,
    created_at: i64,
    id: i64,
}

fn hit(row: Row, terms: &[QueryTerm]) -> Hit {
    let url = match row.kind {
        Kind::Post => format!("/post/{}", row.ref_id),
        Kind::Comment => format!(
            "/post/{}#comment-{}",
            row.parent_id.unwrap_or_default(),
            row.ref_id
        ),
        Kind::Event => format!("/event/{}", row.ref_id),
        Kind::LibraryItem => format!("/item/{}", row.ref_id),
        Kind::Space => format!("/s/{}", row.space_reference.as_deref().unwrap_or_default()),
        Kind::Person => format!(
            "/people/{}",
            row.author_handle.as_deref().unwrap_or_default()
        ),
    };
    Hit {
        kind: row.kind,
        id: row.ref_id,
        post_id: row.parent_id.filter(|_| row.kind == Kind::Comment),
        space: row
            .space_reference
            .zip(row.space_title)
            .map(|(reference, title)| HitSpace { reference, title }),
        author: row
            .author_handle
            .zip(row.author_name)
            .map(|(username, display_name)| AuthorView {
                username,
                display_name,
            }),
        title_html: highlight(&row.title, &row.language, terms, false),
        excerpt_html: highlight(&row.body, &row.language, terms, true),
        title: row.title,
        language: row.language,
        created_at: format_time(row.created_at),
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_need_every_term_and_any_variant() {
        let terms = query_terms("droits humains", MAX_TERMS);
        let audiences = ["everyone".to_owned(), "public".to_owned(), "s7".to_owned()];
        let sqlite = match_expression(DatabaseKind::Sqlite, &terms, &audiences);
        assert!(sqlite.starts_with("tokens : ((\"droit\" OR "), "{sqlite}");
        assert_eq!(sqlite.matches(") AND (").count(), 1, "{sqlite}");
        assert!(
            sqlite.ends_with(") AND audience : (\"everyone\" OR \"public\" OR \"s7\")"),
            "{sqlite}"
        );
        let postgres = match_expression(DatabaseKind::Postgres, &terms, &audiences);
        assert!(postgres.contains(") & ("), "{postgres}");
        assert!(!postgres.contains('"'), "{postgres}");
        assert_eq!(
            audience_query(&audiences),
            "'|everyone' | '|public' | '|s7'"
        );
    }

    #[test]
    fn postgres_rounds_cover_every_id_once_newest_first() {
        let rounds = windows("'|public'", 40);
        assert_eq!(rounds.len(), 4);
        assert_eq!(rounds[0].0, "('|public') & ('|b40' | '|b39')");
        assert!(rounds[1].0.ends_with("'|b33')"), "{}", rounds[1].0);
        assert!(rounds[2].0.contains("'|b32'") && rounds[2].0.ends_with("'|b9')"));
        // The rest: every id of bucket 8 and below.
        assert_eq!(rounds[3], ("'|public'".to_owned(), 9 * BUCKET));
        // A small archive is done in the rounds it has.
        let small = windows("'|public'", 1);
        assert_eq!(
            small,
            vec![("('|public') & ('|b1' | '|b0')".to_owned(), i64::MAX)]
        );
    }
}
