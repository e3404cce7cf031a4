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
//! also asked for the searcher's audiences (migrations 0016 and 0025), so that
//! what they may not open is left out inside the full-text index, and
//! costs them nothing to be refused; on PostgreSQL it reads the newest
//! entries a window at a time (see [`BUCKET`]).

use serde::Serialize;

use super::Kind;
use super::normalise::{QueryTerm, query_terms};
use super::rank::{Matcher, score};
use super::text::Highlighter;
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
pub const MAX_CANDIDATES: i64 = 250;
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
    /// up to 250: only the newest 250 matches are ranked.
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

pub(super) use conditions;

/// The columns of a [`Row`], from `e` and its space `s` and author `a`.
macro_rules! row_columns {
    () => {
        concat!(
            "SELECT e.id, e.kind, e.ref_id, e.parent_id, e.language, e.created_at, e.title, \
                    CASE WHEN OCTET_LENGTH(e.body) <= 20000 THEN e.body \
                         ELSE SUBSTR(e.body, 1, 20000) END AS body, \
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
/// engine walks its index forwards, the full-text table's rowids being
/// the entries' ids negated: migration 0024; and stops at `$11`), with what
/// ranking needs: the first `rank::SCORED_BYTES` (4,000) bytes of its
/// tokens and how many tokens it has. `LIMIT $11 + 0`, not `LIMIT $11`:
/// see `feeds`.
///
/// On SQLite they come back as one row, one candidate a line
/// ([`candidate_lines`]), as bytes: sqlx runs each SQLite connection on a
/// thread of its own and hands rows over one at a time, and hundreds of
/// hand-overs cost more than the query (a tenth of a search's time in a
/// profile); bytes, because the tokens are cut at a byte count (a cut
/// inside a letter only spoils the last token). Tokens are letters,
/// digits, spaces and `|` (see [`super::rank::TITLE_END`]), so a line
/// break cannot be part of them.
const SQLITE_CANDIDATES: &str = concat!(
    "SELECT COUNT(*), CAST(COALESCE(group_concat(c.id || ' ' || c.created_at || ' ' \
                                                 || c.token_count || ' ' || c.head, char(10)), '') \
                           AS BLOB) FROM (\
     SELECT e.id, e.created_at, SUBSTR(CAST(e.tokens AS BLOB), 1, 4000) AS head, e.token_count \
     FROM search_text JOIN search_entries e ON e.id = -search_text.rowid",
    conditions!(),
    " AND search_text MATCH $1 AND CAST($12 AS TEXT) IS NOT NULL AND e.id < $13 \
     ORDER BY search_text.rowid LIMIT $11 + 0) c"
);

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
/// variants, in the entry's tokens, and only in what the searcher's
/// audiences may open. Tokens are letters and digits only, so they need
/// no quoting beyond FTS5's double quotes or a tsquery's single ones.
/// FTS5 keeps the audience in a column of its own (migration 0016);
/// PostgreSQL has it in each word's lexeme (`public|droit`, migration
/// 0025), so each variant is named once for each audience.
fn match_expression(kind: DatabaseKind, terms: &[QueryTerm], audiences: &[String]) -> String {
    let variants = |term: &QueryTerm| -> Vec<String> {
        match kind {
            DatabaseKind::Sqlite => term.variants.iter().map(|v| format!("\"{v}\"")).collect(),
            DatabaseKind::Postgres => audiences
                .iter()
                .flat_map(|a| term.variants.iter().map(move |v| format!("'{a}|{v}'")))
                .collect(),
        }
    };
    let (or, and) = match kind {
        DatabaseKind::Sqlite => (" OR ", " AND "),
        DatabaseKind::Postgres => (" | ", " & "),
    };
    let words = terms
        .iter()
        .map(|term| format!("({})", variants(term).join(or)))
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

/// The filters of a search, bound as `$1`–`$10` of every statement
/// ([`bind_filters!`]).
pub(super) struct Bound {
    pub(super) expression: String,
    pub(super) viewer_id: i64,
    pub(super) admin: i64,
    pub(super) kind: &'static str,
    pub(super) space: i64,
    pub(super) author: i64,
    pub(super) language: String,
    pub(super) language_prefix: String,
    pub(super) since: i64,
    pub(super) until: i64,
}

/// `$query` with the filters of `$bound` as `$1`–`$10`.
macro_rules! bind_filters {
    ($query:expr, $bound:expr) => {
        $query
            .bind(&$bound.expression)
            .bind($bound.viewer_id)
            .bind($bound.admin)
            .bind($bound.kind)
            .bind($bound.space)
            .bind($bound.author)
            .bind(&$bound.language)
            .bind(&$bound.language_prefix)
            .bind($bound.since)
            .bind($bound.until)
    };
}
pub(super) use bind_filters;

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
    let language = request
        .language
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    let bound = Bound {
        expression: match_expression(db.kind, &terms, &audiences),
        viewer_id: viewer.map_or(0, |v| v.id),
        admin: i64::from(viewer.is_some_and(|v| v.role == InstanceRole::Admin)),
        kind: request.kind.map_or("", Kind::as_str),
        space: request.space_id.unwrap_or(0),
        // No account has id -1: an unknown author finds nothing.
        author: request.author_id.map_or(0, |id| id.unwrap_or(-1)),
        language_prefix: format!("{language}-%"),
        language,
        since: request.since.unwrap_or(i64::MIN),
        until: request.until.unwrap_or(i64::MAX),
    };
    let matcher = Matcher::new(&terms);
    let now = db::now();
    let page_ids = |mut ranked: Vec<Ranked>| {
        let more = ranked.len() as i64 > MAX_CANDIDATES;
        ranked.truncate(MAX_CANDIDATES as usize);
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.created_at.cmp(&a.created_at))
                .then(b.id.cmp(&a.id))
        });
        let wanted: Vec<i64> = ranked
            .iter()
            .skip(((page - 1) * per_page) as usize)
            .take(per_page as usize)
            .map(|r| r.id)
            .collect();
        (ranked.len() as i64, more, wanted)
    };
    let (total, more, wanted, mut found) = match db.kind {
        DatabaseKind::Sqlite => {
            // No transaction: the page's rows are read under the same
            // conditions again, so a snapshot across both adds nothing.
            let mut conn = db.read.acquire().await?;
            let (_, lines): (i64, Vec<u8>) =
                bind_filters!(sqlx::query_as(SQLITE_CANDIDATES), bound)
                    .bind(MAX_CANDIDATES + 1)
                    .bind("")
                    .bind(i64::MAX)
                    .fetch_one(&mut *conn)
                    .await?;
            let (total, more, wanted) = page_ids(candidate_lines(&lines, &matcher, now)?);
            let found = page_rows(&mut conn, SQLITE_PAGE, &bound, &wanted).await?;
            (total, more, wanted, found)
        }
        DatabaseKind::Postgres => {
            let mut tx = db.read.begin().await?;
            let ranked =
                super::postgres::candidates(&mut tx, &bound, |id, created_at, tokens, length| {
                    Ranked {
                        score: score(matcher.relevance(tokens, length), created_at, now),
                        created_at,
                        id,
                    }
                })
                .await?;
            let (total, more, wanted) = page_ids(ranked);
            let found = page_rows(&mut tx, POSTGRES_PAGE, &bound, &wanted).await?;
            tx.commit().await?;
            (total, more, wanted, found)
        }
    };
    let mut items = Vec::with_capacity(found.len());
    let mut highlighter = Highlighter::new(&terms);
    for id in wanted {
        if let Some(i) = found.iter().position(|row| row.id == id) {
            items.push(hit(found.swap_remove(i), &mut highlighter));
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

/// The candidates of [`SQLITE_CANDIDATES`]' one row, ranked: a line each,
/// `id created_at token_count tokens…`.
fn candidate_lines(lines: &[u8], matcher: &Matcher<'_>, now: i64) -> AppResult<Vec<Ranked>> {
    let mut ranked = Vec::new();
    for line in lines.split(|b| *b == b'\n').filter(|line| !line.is_empty()) {
        let mut fields = line.splitn(4, |b| *b == b' ');
        let mut number = || {
            fields
                .next()
                .and_then(|field| std::str::from_utf8(field).ok())
                .and_then(|field| field.parse::<i64>().ok())
                .ok_or_else(|| {
                    AppError::Internal(anyhow::anyhow!(
                        "a search candidate: {}",
                        String::from_utf8_lossy(line)
                    ))
                })
        };
        let (id, created_at, length) = (number()?, number()?, number()?);
        let tokens = fields.next().unwrap_or_default();
        ranked.push(Ranked {
            score: score(matcher.relevance(tokens, length), created_at, now),
            created_at,
            id,
        });
    }
    Ok(ranked)
}

/// The rows of the page's entries (`ids`), which are still visible. A
/// prepared statement, as every one of a search (on PostgreSQL see
/// `search::postgres::PLAN_AGAIN`).
async fn page_rows(
    conn: &mut sqlx::AnyConnection,
    sql: &'static str,
    bound: &Bound,
    ids: &[i64],
) -> AppResult<Vec<Row>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    Ok(bind_filters!(sqlx::query_as(sql), bound)
        .bind(format!("[{}]", ids.join(",")))
        .fetch_all(conn)
        .await?)
}

/// A candidate, ranked.
pub(super) struct Ranked {
    pub(super) score: f64,
    pub(super) created_at: i64,
    pub(super) id: i64,
}

fn hit(row: Row, highlighter: &mut Highlighter<'_>) -> Hit {
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
                avatar: None,
            }),
        title_html: highlighter.highlight(&row.title, &row.language, false),
        excerpt_html: highlighter.highlight(&row.body, &row.language, true),
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
        assert!(postgres.starts_with("('everyone|droit' | "), "{postgres}");
        assert_eq!(postgres.matches(") & (").count(), 1, "{postgres}");
        assert!(!postgres.contains('"'), "{postgres}");
        // Each variant of each word once for each audience, and nothing
        // else: no word is asked for without its audience.
        let variants: usize = terms.iter().map(|t| t.variants.len()).sum();
        let quoted: Vec<&str> = postgres.split('\'').skip(1).step_by(2).collect();
        assert_eq!(quoted.len(), variants * audiences.len(), "{postgres}");
        assert!(quoted.contains(&"s7|droit"), "{postgres}");
        assert!(
            quoted.iter().all(|l| ["everyone|", "public|", "s7|"]
                .iter()
                .any(|a| l.starts_with(a))),
            "{postgres}"
        );
    }
}
