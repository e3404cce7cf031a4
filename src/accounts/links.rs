//! Single-use links sent to members (table `account_links`): password
//! resets and email verifications. The secret is in the link only; the
//! table keeps its SHA-256, so a copy of the database opens nothing.

use super::tokens::{hash_secret, new_secret};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::text_enum::text_enum;

text_enum! {
    pub enum LinkPurpose {
        PasswordReset = "password_reset",
        EmailVerification = "email_verification",
    }
}

/// An emailed reset link works for an hour.
pub const RESET_LIFETIME_SECS: i64 = 3600;
/// A link an admin hands out (by phone, by a messenger) has a day.
pub const ADMIN_RESET_LIFETIME_SECS: i64 = 24 * 3600;
/// A verification link has two days: mail can be slow to be read.
pub const VERIFICATION_LIFETIME_SECS: i64 = 48 * 3600;
/// Links of one purpose made for one member in an hour, at most: a
/// stranger cannot fill someone's mailbox by asking again and again.
pub const MAX_PER_HOUR: i64 = 5;

const SECOND: i64 = 1_000_000;

/// A link that has been used or has run out, or was never ours.
pub fn dead_link() -> AppError {
    AppError::invalid("token: this link has expired or was already used; ask for a new one")
}

/// How many links of `purpose` were made for the account in the last hour.
pub async fn made_in_last_hour(
    tx: &mut Tx,
    account_id: i64,
    purpose: LinkPurpose,
) -> AppResult<i64> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM account_links WHERE account_id = $1 AND purpose = $2 AND created_at > $3",
    )
    .bind(account_id)
    .bind(purpose)
    .bind(db::now() - 3600 * SECOND)
    .fetch_one(&mut **tx)
    .await?;
    Ok(count)
}

/// Makes a link and returns its secret. Earlier unused links of the same
/// purpose stop working: only the newest one counts.
pub async fn create(
    tx: &mut Tx,
    account_id: i64,
    purpose: LinkPurpose,
    email: Option<&str>,
    lifetime_secs: i64,
) -> AppResult<String> {
    retire(tx, account_id, purpose).await?;
    let secret = new_secret();
    let now = db::now();
    sqlx::query(
        "INSERT INTO account_links (account_id, purpose, token_hash, email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account_id)
    .bind(purpose)
    .bind(hash_secret(&secret))
    .bind(email)
    .bind(now)
    .bind(now + lifetime_secs * SECOND)
    .execute(&mut **tx)
    .await?;
    Ok(secret)
}

/// Ends every unused link of `purpose` for the account.
pub async fn retire(tx: &mut Tx, account_id: i64, purpose: LinkPurpose) -> AppResult<()> {
    let now = db::now();
    sqlx::query(
        "UPDATE account_links SET expires_at = $3 \
         WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(account_id)
    .bind(purpose)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn plausible(secret: &str) -> bool {
    !secret.is_empty() && secret.len() <= 100
}

/// Whether a link still works, without using it (to show its form).
pub async fn check(db: &Db, secret: &str, purpose: LinkPurpose) -> AppResult<()> {
    if !plausible(secret) {
        return Err(dead_link());
    }
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM account_links WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3",
    )
    .bind(hash_secret(secret))
    .bind(purpose)
    .bind(db::now())
    .fetch_optional(&db.read)
    .await?;
    row.map(|_| ()).ok_or_else(dead_link)
}

/// What a used link was for.
#[derive(sqlx::FromRow)]
pub struct Redeemed {
    pub account_id: i64,
    pub email: Option<String>,
}

/// Uses a link: it works once, and only before it expires. Two requests
/// racing with the same link: one wins, the other gets [`dead_link`].
pub async fn redeem(tx: &mut Tx, secret: &str, purpose: LinkPurpose) -> AppResult<Redeemed> {
    if !plausible(secret) {
        return Err(dead_link());
    }
    let now = db::now();
    let row: Option<Redeemed> = sqlx::query_as(
        "UPDATE account_links SET used_at = $3 WHERE token_hash = $1 AND purpose = $2 \
         AND used_at IS NULL AND expires_at > $3 RETURNING account_id, email",
    )
    .bind(hash_secret(secret))
    .bind(purpose)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    row.ok_or_else(dead_link)
}

/// The address a member asked to change to and has not confirmed yet.
pub async fn pending_email(db: &Db, account_id: i64, current: &str) -> AppResult<Option<String>> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT email FROM account_links WHERE account_id = $1 AND purpose = 'email_verification' \
         AND used_at IS NULL AND expires_at > $2 AND email <> $3 ORDER BY id DESC LIMIT 1",
    )
    .bind(account_id)
    .bind(db::now())
    .bind(current)
    .fetch_optional(&db.read)
    .await?;
    Ok(row.and_then(|(email,)| email))
}
