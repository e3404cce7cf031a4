//! Search: finding posts, comments, events, library items, spaces and
//! people, in five languages, on both database engines.
//!
//! This module owns the `search_entries` table (migration 0013) and is the
//! only one that writes it. Domain modules call [`index`] inside the
//! transaction that changes their content, so the index is never behind
//! what it describes; `agora admin reindex` ([`rebuild`]) rebuilds it from
//! the content tables. Every word, indexed or searched for, goes through
//! one normaliser in Rust ([`normalise`]): the engines (SQLite FTS5,
//! PostgreSQL `tsvector`) only split on spaces and compare finished
//! tokens, which is why the same query finds the same entries on both.
//!
//! Who may see what is decided in the query itself ([`query`]), with the
//! spaces' own visibility rule, so results, counts and pages never depend
//! on anything the searcher could not open. See docs/search.md.

pub mod index;
pub mod normalise;
mod postgres;
pub mod query;
pub mod rank;
pub mod rebuild;
mod text;
pub mod tidy;

pub use query::{Hit, Results, SearchRequest, search};
pub(crate) use text::from_markdown;

use crate::accounts::{self, Account, validate_language};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::spaces;
use crate::text_enum::text_enum;

text_enum! {
    /// What a search result is.
    pub enum Kind {
        Post = "post",
        Comment = "comment",
        Event = "event",
        /// A library folder, file or note.
        LibraryItem = "library_item",
        Space = "space",
        Person = "person",
    }
}

/// What a searcher asks for, as they wrote it (the API's query string).
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub q: String,
    pub kind: Option<Kind>,
    /// A space's slug, `slug@domain` or id.
    pub space: Option<String>,
    /// A handle: `name` or `name@domain`.
    pub author: Option<String>,
    pub language: Option<String>,
    /// RFC 3339 or a date (`2024-05-31`, from its start, UTC).
    pub since: Option<String>,
    /// RFC 3339 or a date (up to the end of that day, UTC).
    pub until: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// The longest query read.
pub const MAX_QUERY_CHARS: usize = 500;

/// Checks and resolves `filters` for `viewer`. A space they may not see
/// is "no such space", as everywhere; an author who does not exist (or
/// whom they may not see) simply has nothing to find.
pub async fn request(
    db: &Db,
    viewer: Option<&Account>,
    filters: Filters,
) -> AppResult<SearchRequest> {
    if filters.q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::invalid(format!(
            "q: at most {MAX_QUERY_CHARS} characters"
        )));
    }
    let space_id = match filters.space.as_deref().filter(|s| !s.is_empty()) {
        Some(reference) => Some(spaces::find_visible(db, reference, viewer).await?.space.id),
        None => None,
    };
    let author_id = match filters.author.as_deref().filter(|a| !a.is_empty()) {
        Some(handle) => match accounts::find_id_by_handle(db, handle).await {
            Ok(id) => Some(Some(id)),
            Err(AppError::NotFound(_)) => Some(None),
            Err(e) => return Err(e),
        },
        None => None,
    };
    let language = filters
        .language
        .as_deref()
        .filter(|l| !l.is_empty())
        .map(|l| validate_language("language", &l.to_ascii_lowercase()))
        .transpose()?;
    Ok(SearchRequest {
        text: filters.q,
        kind: filters.kind,
        space_id,
        author_id,
        language,
        since: time("since", filters.since.as_deref(), false)?,
        until: time("until", filters.until.as_deref(), true)?,
        page: bounded("page", filters.page, 1, query::MAX_PAGE)?,
        per_page: bounded(
            "per_page",
            filters.per_page,
            query::DEFAULT_PER_PAGE,
            query::MAX_PER_PAGE,
        )?,
    })
}

/// A number from 1 to `max`, `default` when not given.
fn bounded(field: &str, value: Option<i64>, default: i64, max: i64) -> AppResult<i64> {
    match value.unwrap_or(default) {
        n if (1..=max).contains(&n) => Ok(n),
        _ => Err(AppError::invalid(format!("{field}: from 1 to {max}"))),
    }
}

/// A point in time (microseconds), from RFC 3339 or a date; a date as an
/// upper bound means the end of that day.
fn time(field: &str, raw: Option<&str>, end_of_day: bool) -> AppResult<Option<i64>> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if let Ok(at) = raw.parse::<jiff::Timestamp>() {
        return Ok(Some(at.as_microsecond()));
    }
    let date: jiff::civil::Date = raw.parse().map_err(|_| {
        AppError::invalid(format!(
            "{field}: use a date like 2024-05-31 or a time like 2024-05-31T12:00:00Z"
        ))
    })?;
    let day = if end_of_day {
        date.tomorrow().unwrap_or(date)
    } else {
        date
    };
    let at = day
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| AppError::invalid(format!("{field}: out of range")))?;
    Ok(Some(at.timestamp().as_microsecond()))
}

#[cfg(test)]
mod tests {
    use super::time;

    #[test]
    fn dates_and_times_are_read() {
        let day = 86_400_000_000;
        let since = time("since", Some("2024-05-31"), false).unwrap().unwrap();
        let until = time("until", Some("2024-05-31"), true).unwrap().unwrap();
        assert_eq!(until - since, day);
        assert_eq!(
            time("since", Some("2024-05-31T00:00:00Z"), false).unwrap(),
            Some(since)
        );
        assert_eq!(time("since", Some(" "), false).unwrap(), None);
        assert!(time("since", Some("yesterday"), false).is_err());
    }
}
