//! Who an email is for: a member's address, name, language and time zone,
//! read once so every email to them is written the way their pages are.

use jiff::tz::TimeZone;

use super::Mailer;
use crate::error::AppResult;
use crate::i18n::Lang;

/// A member as an email addresses them.
pub struct Recipient {
    pub account_id: i64,
    pub address: String,
    /// Their display name, else their username.
    pub name: String,
    /// Their interface language, else the instance's.
    pub lang: Lang,
    /// Their time zone, else UTC.
    pub tz: TimeZone,
}

impl Recipient {
    /// Whether lettre will take the address (an account made before
    /// addresses were checked, or imported, may hold anything).
    pub fn has_valid_address(&self) -> bool {
        self.address.parse::<lettre::Address>().is_ok()
    }
}

/// The member `account_id` as an email addresses them; `None` for an
/// account that is not a member here (any more).
pub async fn recipient(
    conn: impl sqlx::Executor<'_, Database = sqlx::Any>,
    mailer: &Mailer,
    account_id: i64,
) -> AppResult<Option<Recipient>> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT email, username, display_name, ui_language, timezone FROM accounts \
         WHERE id = $1 AND domain IS NULL AND deleted_at IS NULL",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(
        |(address, username, display_name, language, timezone)| Recipient {
            account_id,
            address,
            name: if display_name.trim().is_empty() {
                username
            } else {
                display_name
            },
            lang: Lang::from_code(&language).unwrap_or(mailer.default_lang),
            tz: time_zone(&timezone),
        },
    ))
}

/// An IANA zone name as stored on an account; empty or unknown is UTC.
pub fn time_zone(name: &str) -> TimeZone {
    if name.is_empty() {
        return TimeZone::UTC;
    }
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}
