//! Browser sessions and API tokens: random secrets shown once, stored only
//! as SHA-256 hashes, looked up on every authenticated request.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Account;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::text_enum::text_enum;

text_enum! {
    pub enum TokenKind {
        /// A browser session, carried in the `agora_session` cookie.
        Session = "session",
        /// An API token, sent as `Authorization: Bearer …`.
        Api = "api",
    }
}

/// How long a browser session lasts without being renewed.
pub const SESSION_LIFETIME_SECS: i64 = 30 * 24 * 3600;

/// `last_used_at` is refreshed at most this often, so reads stay reads.
const LAST_USED_RESOLUTION_MICROS: i64 = 60 * 1_000_000;

/// How long a verified secret is trusted without asking the database again.
pub const AUTH_CACHE_TTL: Duration = Duration::from_secs(10);
/// Entries kept at most; past that the cache starts afresh.
const AUTH_CACHE_CAPACITY: usize = 10_000;

/// Secrets verified in the last [`AUTH_CACHE_TTL`], by hash, so that a busy
/// client costs one token lookup every few seconds rather than one per
/// request (the lookup was a third of a feed request's cost, see
/// docs/benchmarks.md). Revoking a token, signing out, and changing an
/// account's role or profile clear the affected entries at once in this
/// process; other `agora serve` processes sharing PostgreSQL see such a
/// change within the TTL.
#[derive(Debug, Default)]
pub struct AuthCache {
    entries: Mutex<HashMap<String, CachedAuth>>,
}

#[derive(Debug, Clone)]
struct CachedAuth {
    account: Account,
    token_id: i64,
    kind: TokenKind,
    expires_at: Option<i64>,
    verified: Instant,
}

impl AuthCache {
    fn get(&self, hash: &str, kind: TokenKind, now: i64) -> Option<(Account, i64)> {
        let entries = self.entries.lock().ok()?;
        let hit = entries.get(hash)?;
        let fresh = hit.kind == kind
            && hit.verified.elapsed() < AUTH_CACHE_TTL
            && hit.expires_at.is_none_or(|e| e > now);
        fresh.then(|| (hit.account.clone(), hit.token_id))
    }

    fn put(&self, hash: String, entry: CachedAuth) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= AUTH_CACHE_CAPACITY {
                entries.clear();
            }
            entries.insert(hash, entry);
        }
    }

    /// Forgets every secret of one account (after a role or profile change).
    pub fn forget_account(&self, account_id: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, e| e.account.id != account_id);
        }
    }

    fn forget_token(&self, token_id: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, e| e.token_id != token_id);
        }
    }
}

pub fn new_secret() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::random_bytes::<32>())
}

pub fn hash_secret(secret: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(secret.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

/// A token as listed to its owner: never the secret.
#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    #[serde(skip)]
    pub created: i64,
    #[serde(skip)]
    pub last_used: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

impl From<TokenInfo> for TokenView {
    fn from(t: TokenInfo) -> Self {
        TokenView {
            id: t.id,
            name: t.name,
            created_at: format_time(t.created),
            last_used_at: t.last_used.map(format_time),
        }
    }
}

/// Creates a session or API token and returns its id and secret.
pub async fn create(
    db: &Db,
    account_id: i64,
    kind: TokenKind,
    name: &str,
) -> AppResult<(i64, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid("name: 1 to 100 characters"));
    }
    let secret = new_secret();
    let now = db::now();
    let expires = match kind {
        TokenKind::Session => Some(now + SESSION_LIFETIME_SECS * 1_000_000),
        TokenKind::Api => None,
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO auth_tokens (account_id, kind, name, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(account_id)
    .bind(kind)
    .bind(name)
    .bind(hash_secret(&secret))
    .bind(now)
    .bind(expires)
    .fetch_one(db.writer())
    .await?;
    Ok((id, secret))
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    token_id: i64,
    last_used_at: Option<i64>,
    expires_at: Option<i64>,
    #[sqlx(flatten)]
    account: Account,
}

/// The account a secret belongs to, if the secret is valid and unexpired.
pub async fn authenticate(
    db: &Db,
    secret: &str,
    kind: TokenKind,
) -> AppResult<Option<(Account, i64)>> {
    if secret.is_empty() || secret.len() > 200 {
        return Ok(None);
    }
    let now = db::now();
    let hash = hash_secret(secret);
    if let Some(hit) = db.auth_cache.get(&hash, kind, now) {
        return Ok(Some(hit));
    }
    let row: Option<TokenRow> = sqlx::query_as(
        "SELECT t.id AS token_id, t.last_used_at, t.expires_at, a.id, a.username, a.email, a.role, \
                a.display_name, a.organisation, a.country, a.languages, a.bio, a.created_at, a.ui_language, \
                a.email_verified_at, a.totp_enabled_at, a.profile_visibility, a.timezone \
         FROM auth_tokens t JOIN accounts a ON a.id = t.account_id \
         WHERE t.token_hash = $1 AND t.kind = $2 AND (t.expires_at IS NULL OR t.expires_at > $3) \
           AND a.suspended_at IS NULL AND a.deleted_at IS NULL",
    )
    .bind(&hash)
    .bind(kind)
    .bind(now)
    .fetch_optional(&db.read)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if row
        .last_used_at
        .is_none_or(|t| now - t > LAST_USED_RESOLUTION_MICROS)
    {
        // Best effort and off the request path: a lost update only makes the
        // "last used" time a minute older.
        let db = db.clone();
        let token_id = row.token_id;
        tokio::spawn(async move {
            let result = sqlx::query("UPDATE auth_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(token_id)
                .execute(db.writer())
                .await;
            if let Err(e) = result {
                tracing::warn!(error = %e, "could not record token use");
            }
        });
    }
    db.auth_cache.put(
        hash,
        CachedAuth {
            account: row.account.clone(),
            token_id: row.token_id,
            kind,
            expires_at: row.expires_at,
            verified: Instant::now(),
        },
    );
    Ok(Some((row.account, row.token_id)))
}

pub async fn list_api_tokens(db: &Db, account_id: i64) -> AppResult<Vec<TokenView>> {
    let rows: Vec<TokenInfo> = sqlx::query_as(
        "SELECT id, name, created_at AS created, last_used_at AS last_used FROM auth_tokens \
         WHERE account_id = $1 AND kind = 'api' ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(TokenView::from).collect())
}

/// What a session is called in its owner's list: the browser and system
/// named by its `User-Agent`, e.g. "Firefox on Android"; "browser" when
/// neither is recognised. Only these few words are kept, not the header.
pub fn device_label(user_agent: &str) -> String {
    let ua = user_agent.to_ascii_lowercase();
    let browser = [
        ("edg/", "Edge"),
        ("opr/", "Opera"),
        ("samsungbrowser", "Samsung Internet"),
        ("firefox", "Firefox"),
        ("fxios", "Firefox"),
        ("chrome", "Chrome"),
        ("crios", "Chrome"),
        ("safari", "Safari"),
        ("curl", "curl"),
    ]
    .into_iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| name);
    let system = [
        ("android", "Android"),
        ("iphone", "iPhone"),
        ("ipad", "iPad"),
        ("windows", "Windows"),
        ("mac os", "macOS"),
        ("cros", "ChromeOS"),
        ("linux", "Linux"),
    ]
    .into_iter()
    .find(|(needle, _)| ua.contains(needle))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => "browser".to_owned(),
    }
}

/// A browser session as listed to its owner.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub id: i64,
    /// The browser and system it was opened with, e.g. "Firefox on Android".
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub expires_at: Option<String>,
    /// The session this request was made with.
    pub current: bool,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    name: String,
    created_at: i64,
    last_used_at: Option<i64>,
    expires_at: Option<i64>,
}

/// One's browser sessions that have not expired, newest first.
pub async fn list_sessions(
    db: &Db,
    account_id: i64,
    current: Option<i64>,
) -> AppResult<Vec<SessionView>> {
    let rows: Vec<SessionRow> = sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, expires_at FROM auth_tokens \
         WHERE account_id = $1 AND kind = 'session' AND (expires_at IS NULL OR expires_at > $2) \
         ORDER BY id DESC",
    )
    .bind(account_id)
    .bind(db::now())
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SessionView {
            id: r.id,
            name: r.name,
            created_at: format_time(r.created_at),
            last_used_at: r.last_used_at.map(format_time),
            expires_at: r.expires_at.map(format_time),
            current: Some(r.id) == current,
        })
        .collect())
}

/// Ends every session and API token of an account but `keep` (the one
/// making the request, if any), in the caller's transaction. Call
/// [`AuthCache::forget_account`] after committing.
pub async fn revoke_all_except(
    tx: &mut db::Tx,
    account_id: i64,
    keep: Option<i64>,
) -> AppResult<u64> {
    let result = sqlx::query("DELETE FROM auth_tokens WHERE account_id = $1 AND id <> $2")
        .bind(account_id)
        .bind(keep.unwrap_or(0))
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected())
}

/// Revokes one of the account's own tokens; someone else's is "not found".
pub async fn revoke(db: &Db, account_id: i64, token_id: i64, kind: TokenKind) -> AppResult<()> {
    let result =
        sqlx::query("DELETE FROM auth_tokens WHERE id = $1 AND account_id = $2 AND kind = $3")
            .bind(token_id)
            .bind(account_id)
            .bind(kind)
            .execute(db.writer())
            .await?;
    if result.rows_affected() == 0 {
        return Err(AppError::NotFound("token"));
    }
    db.auth_cache.forget_token(token_id);
    Ok(())
}

/// How many members used a session or token after `since` (µs).
pub async fn active_members(db: &Db, since: i64) -> AppResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT account_id) FROM auth_tokens WHERE last_used_at > $1",
    )
    .bind(since)
    .fetch_one(&db.read)
    .await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sessions_are_named_by_browser_and_system() {
        assert_eq!(
            super::device_label(
                "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
            ),
            "Firefox on Android"
        );
        assert_eq!(
            super::device_label(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
            ),
            "Safari on iPhone"
        );
        assert_eq!(
            super::device_label(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"
            ),
            "Edge on Windows"
        );
        assert_eq!(super::device_label(""), "browser");
    }

    #[test]
    fn secrets_hash_to_lowercase_hex_sha256() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            super::hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
