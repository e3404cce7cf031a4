//! Instance-wide texts and switches an admin edits (table `site_settings`):
//! the privacy notice (`privacy_notice`), and others added by their owners.

use crate::db::{self, Db};
use crate::error::AppResult;

/// The key of the privacy notice (markdown), shown at sign-up and on `/privacy`.
pub const PRIVACY_NOTICE: &str = "privacy_notice";

/// A setting's value, or `None` when it was never set.
pub async fn get(db: &Db, key: &str) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM site_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(|(value,)| value))
}

/// Sets (or replaces) a setting.
pub async fn set(db: &Db, key: &str, value: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO site_settings (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = $3",
    )
    .bind(key)
    .bind(value)
    .bind(db::now())
    .execute(db.writer())
    .await?;
    Ok(())
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
