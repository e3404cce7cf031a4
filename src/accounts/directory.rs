//! The member directory: members of this instance found by name,
//! organisation, country or language, for other members. A profile shows
//! up only where the viewer could open it (`Account::profile_visible_to`):
//! "nobody" profiles are left out, except for admins and the member
//! themself.

use serde::{Deserialize, Serialize};

use super::{Account, InstanceRole};
use crate::db::Db;
use crate::error::AppResult;

/// At most this many people a page.
pub const PAGE: i64 = 50;

#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// Words of a name, username or organisation.
    #[serde(default)]
    pub q: String,
    /// ISO 3166 code, e.g. `CD`.
    #[serde(default)]
    pub country: String,
    /// A language code, e.g. `fr`.
    #[serde(default)]
    pub language: String,
    /// How many to skip (pages of 50).
    #[serde(default)]
    pub offset: i64,
}

#[derive(Serialize, Clone, Debug, sqlx::FromRow, utoipa::ToSchema)]
pub struct Person {
    pub username: String,
    pub display_name: String,
    pub organisation: String,
    pub country: String,
    pub languages: String,
    /// Their profile picture's thumbnail.
    pub avatar: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    username: String,
    display_name: String,
    organisation: String,
    country: String,
    languages: String,
    avatar: Option<i64>,
}

/// `text` for a `LIKE … ESCAPE '\'` pattern that finds it anywhere.
fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// One page of the people `viewer` may find with `filter`, by name.
/// Every word of `q` must appear in the name, the username or the
/// organisation.
pub async fn search(db: &Db, viewer: &Account, filter: &Filter) -> AppResult<Vec<Person>> {
    let words: Vec<String> = filter
        .q
        .split_whitespace()
        .take(5)
        .map(|w| contains_pattern(&w.chars().take(50).collect::<String>()))
        .collect();
    let mut sql = String::from(
        "SELECT username, display_name, organisation, country, languages, \
                (SELECT m.id FROM media m WHERE m.avatar_of = accounts.id) AS avatar \
         FROM accounts WHERE domain IS NULL AND deleted_at IS NULL AND suspended_at IS NULL \
         AND (profile_visibility <> 'nobody' OR id = $1 OR $2 = 1)",
    );
    let mut next = 3;
    for _ in &words {
        sql.push_str(&format!(
            " AND (LOWER(display_name) LIKE ${next} ESCAPE '\\' OR LOWER(username) LIKE ${next} ESCAPE '\\' \
              OR LOWER(organisation) LIKE ${next} ESCAPE '\\')"
        ));
        next += 1;
    }
    let country = filter.country.trim().to_ascii_uppercase();
    if !country.is_empty() {
        sql.push_str(&format!(" AND UPPER(country) = ${next}"));
        next += 1;
    }
    let language = filter.language.trim().to_ascii_lowercase();
    if !language.is_empty() {
        sql.push_str(&format!(
            " AND (',' || LOWER(languages) || ',') LIKE ${next} ESCAPE '\\'"
        ));
        next += 1;
    }
    sql.push_str(&format!(
        " ORDER BY LOWER(CASE WHEN display_name = '' THEN username ELSE display_name END), username \
          LIMIT ${} + 0 OFFSET ${} + 0",
        next,
        next + 1
    ));
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql))
        .bind(viewer.id)
        .bind(i64::from(viewer.role == InstanceRole::Admin));
    for word in &words {
        query = query.bind(word.clone());
    }
    if !country.is_empty() {
        query = query.bind(country);
    }
    if !language.is_empty() {
        query = query.bind(format!(
            "%,{},%",
            contains_pattern(&language).trim_matches('%')
        ));
    }
    let rows = query
        .bind(PAGE)
        .bind(filter.offset.clamp(0, 100_000))
        .fetch_all(&db.read)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Person {
            username: r.username,
            display_name: r.display_name,
            organisation: r.organisation,
            country: r.country,
            languages: r.languages,
            avatar: r.avatar.map(|id| format!("/media/{id}/thumb")),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn patterns_escape_wildcards() {
        assert_eq!(contains_pattern("Avocats_Sans%"), "%avocats\\_sans\\%%");
    }
}
