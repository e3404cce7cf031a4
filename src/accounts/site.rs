//! Instance-wide settings an admin edits in the web interface or the API
//! (table `site_settings`): free text values by key. This module owns the
//! table; each feature names its own key and reads it through [`get`].

use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// `"true"` when moderators and admins must use a second factor.
pub const REQUIRE_TOTP_FOR_STAFF: &str = "require_totp_for_staff";

/// The key of the privacy notice (markdown), shown at sign-up and on `/privacy`.
pub const PRIVACY_NOTICE: &str = "privacy_notice";

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
