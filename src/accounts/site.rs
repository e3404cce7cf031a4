//! Instance-wide settings an admin edits in the web interface or the API
//! (table `site_settings`): free text values by key. This module owns the
//! table; each feature names its own key and reads it through [`get`].

use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// `"true"` when moderators and admins must use a second factor.
pub const REQUIRE_TOTP_FOR_STAFF: &str = "require_totp_for_staff";

/// The key of the privacy notice (markdown), shown at sign-up and on `/privacy`.
pub const PRIVACY_NOTICE: &str = "privacy_notice";

/// The front page's text for visitors in one interface language
/// (`front_page.fr`, markdown as written) and the same rendered
/// (`front_page_html.fr`), so the home page does not render it for each
/// visitor.
const FRONT_PAGE: &str = "front_page.";
const FRONT_PAGE_HTML: &str = "front_page_html.";

/// Longest value kept (a privacy notice is a few pages at most).
const MAX_VALUE_BYTES: usize = 100_000;

/// The value stored under `key`, if any.
pub async fn get(db: &Db, key: &str) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM site_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(|(value,)| value))
}

/// Stores `value` under `key`, replacing what was there.
pub async fn set(db: &Db, key: &str, value: &str) -> AppResult<()> {
    if key.is_empty() || key.len() > 100 {
        return Err(AppError::invalid("key: 1 to 100 characters"));
    }
    if value.len() > MAX_VALUE_BYTES {
        return Err(AppError::invalid(format!(
            "{key}: at most {MAX_VALUE_BYTES} bytes"
        )));
    }
    sqlx::query(
        "INSERT INTO site_settings (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(value)
    .bind(db::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// A yes/no setting; absent means no.
pub async fn flag(db: &Db, key: &str) -> AppResult<bool> {
    Ok(get(db, key).await?.as_deref() == Some("true"))
}

pub async fn set_flag(db: &Db, key: &str, on: bool) -> AppResult<()> {
    set(db, key, if on { "true" } else { "false" }).await
}

/// The privacy notice as it is written (markdown) and as safe HTML; both
/// empty when the admin wrote none.
pub async fn privacy_notice(db: &Db) -> AppResult<(String, String)> {
    let source = get(db, PRIVACY_NOTICE).await?.unwrap_or_default();
    let html = if source.trim().is_empty() {
        String::new()
    } else {
        crate::markdown::render(&source, &Default::default(), &Default::default(), "")
    };
    Ok((source, html))
}

/// Replaces the privacy notice (admins; the caller checks). At most 50,000
/// characters.
pub async fn set_privacy_notice(db: &Db, source: &str) -> AppResult<()> {
    super::bounded("privacy_notice", source, 50_000)?;
    set(db, PRIVACY_NOTICE, source.trim()).await
}

/// What the home page says to visitors in `language`, as safe HTML: the
/// text written for that language, or else the English one, or else any
/// (an instance that writes only in French still says something to an
/// Arabic reader); `None` when the admins wrote none.
pub async fn front_page(db: &Db, language: &str) -> AppResult<Option<String>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, value FROM site_settings WHERE key LIKE 'front\\_page\\_html.%' ESCAPE '\\' \
         AND value <> ''",
    )
    .fetch_all(&db.read)
    .await?;
    let wanted = [
        format!("{FRONT_PAGE_HTML}{language}"),
        format!("{FRONT_PAGE_HTML}en"),
    ];
    let found = wanted
        .iter()
        .find_map(|key| rows.iter().find(|(k, _)| k == key))
        .or_else(|| rows.first());
    Ok(found.map(|(_, html)| html.clone()))
}

/// The front page's text as written (markdown) in `language`; empty when
/// none.
pub async fn front_page_source(db: &Db, language: &str) -> AppResult<String> {
    Ok(get(db, &format!("{FRONT_PAGE}{language}"))
        .await?
        .unwrap_or_default())
}

/// The most a front page's text holds, in each language.
pub const MAX_FRONT_PAGE_CHARS: usize = 20_000;

/// Replaces the front page's texts, `(language, text)` for any of the
/// interface languages (admins; the caller checks). Each at most
/// [`MAX_FRONT_PAGE_CHARS`]; empty removes it. All are checked before any
/// is written (a refusal names the language: `"fr: at most …"`), and all
/// are written in one transaction.
pub async fn set_front_pages(db: &Db, texts: &[(&str, &str)]) -> AppResult<()> {
    for (language, source) in texts {
        if crate::i18n::Lang::from_code(language).is_none() {
            return Err(AppError::invalid(
                "language: one of the interface languages (en, fr, ar, de, pt)",
            ));
        }
        super::bounded(language, source, MAX_FRONT_PAGE_CHARS)?;
    }
    let mut tx = db.begin().await?;
    for (language, source) in texts {
        let source = source.trim();
        let html = if source.is_empty() {
            String::new()
        } else {
            crate::markdown::render(source, &Default::default(), &Default::default(), "")
        };
        for (key, value) in [
            (format!("{FRONT_PAGE}{language}"), source),
            (format!("{FRONT_PAGE_HTML}{language}"), html.as_str()),
        ] {
            sqlx::query(
                "INSERT INTO site_settings (key, value, updated_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
                                                 updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(value)
            .bind(db::now())
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
