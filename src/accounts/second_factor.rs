//! A second factor: time-based one-time codes (TOTP, RFC 6238) from an
//! authenticator app, with one-time recovery codes for a lost phone.
//!
//! Enrolment stores a fresh secret, shows it (QR code and base32) and turns
//! the factor on only once the member typed a code from their app, which
//! proves the app has it; then ten recovery codes are shown once (only
//! their SHA-256 is kept). A code works once: the time step of the last
//! accepted code is kept and only later steps are accepted after it.
//!
//! Signing in on the web is two steps: a right password opens a short-lived
//! login challenge (hashed, a few attempts), answered with a code. The API
//! takes the code with the password in the same request.

use base64::Engine;
use qrcode::QrCode;
use qrcode::render::svg;
use totp_rs::{Algorithm, Secret, TOTP};

use super::tokens::{hash_secret, new_secret};
use super::{Account, find_by_id, site};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// Seconds per code (the authenticator apps' default).
const STEP_SECS: u64 = 30;
/// Codes of the step before and after are accepted too (clocks drift).
const SKEW_STEPS: u64 = 1;
/// Recovery codes made at once.
pub const RECOVERY_CODES: usize = 10;
/// A login challenge lasts five minutes and takes five wrong codes.
const CHALLENGE_LIFETIME_SECS: i64 = 300;
const CHALLENGE_ATTEMPTS: i64 = 5;
/// Wrong codes an account may receive in [`FAILURE_WINDOW_SECS`], through
/// the web and the API together, before codes are refused for a while:
/// someone who has the password cannot try the million codes.
const MAX_FAILURES: i64 = 10;
const FAILURE_WINDOW_SECS: i64 = 900;

fn totp(secret_base32: &str, issuer: &str, account_name: &str) -> AppResult<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_owned())
        .to_bytes()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored TOTP secret: {e:?}")))?;
    // The otpauth label may not contain a colon (a port in the domain).
    TOTP::new(
        Algorithm::SHA1,
        6,
        SKEW_STEPS as u8,
        STEP_SECS,
        bytes,
        Some(issuer.replace(':', " ")),
        account_name.replace(':', " "),
    )
    .map_err(|e| AppError::Internal(anyhow::anyhow!("TOTP: {e:?}")))
}

/// What a member needs to add Agora to their authenticator app.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Enrolment {
    /// The secret in base32, to type in by hand.
    pub secret: String,
    /// The `otpauth://` URL the QR code holds.
    pub otpauth_url: String,
    /// The QR code as a `data:image/svg+xml;base64,…` URL.
    pub qr_code: String,
}

fn enrolment(secret: &str, issuer: &str, account: &Account) -> AppResult<Enrolment> {
    let otp = totp(secret, issuer, &account.username)?;
    let url = otp.get_url();
    let code = QrCode::new(url.as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    let image = code
        .render::<svg::Color>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .build();
    Ok(Enrolment {
        secret: secret.to_owned(),
        otpauth_url: url,
        qr_code: format!(
            "data:image/svg+xml;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(image)
        ),
    })
}

/// Starts (or starts again) adding a second factor: a new secret, not yet
/// in force. `issuer` names this instance in the app (its domain).
pub async fn start_enrolment(db: &Db, account: &Account, issuer: &str) -> AppResult<Enrolment> {
    if account.has_second_factor() {
        return Err(AppError::conflict(
            "a second factor is already on; turn it off first to use another app",
        ));
    }
    let secret = base32_secret();
    sqlx::query("UPDATE accounts SET totp_secret = $1, totp_last_step = NULL WHERE id = $2")
        .bind(&secret)
        .bind(account.id)
        .execute(db.writer())
        .await?;
    enrolment(&secret, issuer, account)
}

fn base32_secret() -> String {
    // 160 bits, as RFC 4226 recommends.
    let bytes = crate::random_bytes::<20>();
    Secret::Raw(bytes.to_vec()).to_encoded().to_string()
}

/// The enrolment started and not finished yet, to show it again.
pub async fn pending_enrolment(
    db: &Db,
    account: &Account,
    issuer: &str,
) -> AppResult<Option<Enrolment>> {
    if account.has_second_factor() {
        return Ok(None);
    }
    match stored_secret(db, account.id).await? {
        Some(secret) => Ok(Some(enrolment(&secret, issuer, account)?)),
        None => Ok(None),
    }
}

async fn stored_secret(db: &Db, account_id: i64) -> AppResult<Option<String>> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT totp_secret FROM accounts WHERE id = $1")
            .bind(account_id)
            .fetch_optional(db.writer())
            .await?;
    Ok(row.and_then(|(s,)| s))
}

/// A code as typed: digits only, spaces dropped.
fn as_totp_code(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// A recovery code as typed: lower case, without spaces and dashes.
fn as_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    (code.len() == 10 && code.chars().all(|c| c.is_ascii_alphanumeric())).then_some(code)
}

fn now_secs() -> u64 {
    u64::try_from(db::now() / 1_000_000).unwrap_or(0)
}

/// The time step whose code `code` is, within the allowed drift.
fn matching_step(otp: &TOTP, code: &str, now: u64) -> Option<i64> {
    let current = now / STEP_SECS;
    (current.saturating_sub(SKEW_STEPS)..=current + SKEW_STEPS)
        .find(|step| same(&otp.generate(step * STEP_SECS), code))
        .and_then(|step| i64::try_from(step).ok())
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Accepts a TOTP code once: records its step, refusing a step not later
/// than the last one accepted.
async fn use_totp_code(db: &Db, account_id: i64, code: &str) -> AppResult<bool> {
    let Some(secret) = stored_secret(db, account_id).await? else {
        return Ok(false);
    };
    let otp = totp(&secret, "", "")?;
    let Some(step) = matching_step(&otp, code, now_secs()) else {
        return Ok(false);
    };
    let result = sqlx::query(
        "UPDATE accounts SET totp_last_step = $1 \
         WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(account_id)
    .execute(db.writer())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Finishes enrolment with a code from the app: the second factor is on,
/// and the recovery codes (shown only now) are returned.
pub async fn confirm_enrolment(db: &Db, account: &Account, code: &str) -> AppResult<Vec<String>> {
    if account.has_second_factor() {
        return Err(AppError::conflict("a second factor is already on"));
    }
    if stored_secret(db, account.id).await?.is_none() {
        return Err(AppError::conflict(
            "start adding a second factor first: no secret was made yet",
        ));
    }
    let accepted = match as_totp_code(code) {
        Some(code) => use_totp_code(db, account.id, &code).await?,
        None => false,
    };
    if !accepted {
        return Err(wrong_code());
    }
    sqlx::query("UPDATE accounts SET totp_enabled_at = $1 WHERE id = $2")
        .bind(db::now())
        .bind(account.id)
        .execute(db.writer())
        .await?;
    db.auth_cache.forget_account(account.id);
    tracing::info!(account = account.id, "second factor turned on");
    replace_recovery_codes(db, account.id).await
}

fn wrong_code() -> AppError {
    AppError::invalid(
        "code: this code is not right, or was already used; type the current code from your app",
    )
}

/// Makes new recovery codes; the old ones stop working.
async fn replace_recovery_codes(db: &Db, account_id: i64) -> AppResult<Vec<String>> {
    const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = crate::random_bytes::<10>()
                .iter()
                .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
                .collect();
            format!("{}-{}", &raw[..5], &raw[5..])
        })
        .collect();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    for code in &codes {
        let normal = as_recovery_code(code).unwrap_or_default();
        sqlx::query("INSERT INTO recovery_codes (account_id, code_hash) VALUES ($1, $2)")
            .bind(account_id)
            .bind(hash_secret(&normal))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(codes)
}

/// New recovery codes for a member who has a second factor (asks for the
/// password: whoever holds an open session should not get them).
pub async fn regenerate_recovery_codes(
    db: &Db,
    account: &Account,
    password: &str,
) -> AppResult<Vec<String>> {
    if !account.has_second_factor() {
        return Err(AppError::conflict("there is no second factor to recover"));
    }
    super::recovery::confirm_password(db, account.id, password).await?;
    replace_recovery_codes(db, account.id).await
}

/// Recovery codes not used yet.
pub async fn recovery_codes_left(db: &Db, account_id: i64) -> AppResult<i64> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL",
    )
    .bind(account_id)
    .fetch_one(&db.read)
    .await?;
    Ok(count)
}

/// Turns the second factor off (asks for the password).
pub async fn disable(db: &Db, account: &Account, password: &str) -> AppResult<()> {
    super::recovery::confirm_password(db, account.id, password).await?;
    remove(db, account.id).await
}

/// Takes a member's second factor away without their password: for an
/// admin on the command line, when the member lost their phone and their
/// recovery codes.
pub async fn remove(db: &Db, account_id: i64) -> AppResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE accounts SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL \
         WHERE id = $1",
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    db.auth_cache.forget_account(account_id);
    tracing::info!(account = account_id, "second factor turned off");
    Ok(())
}

/// [`remove`] for the member named `username` (an admin's decision; the
/// caller checks the admin).
pub async fn remove_for(db: &Db, username: &str) -> AppResult<()> {
    let account = super::find_by_username(db, username)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    remove(db, account.id).await
}

/// Whether `typed` is a valid second factor for the account: a TOTP code
/// or an unused recovery code. Either works once.
pub async fn verify(db: &Db, account_id: i64, typed: &str) -> AppResult<bool> {
    if let Some(code) = as_totp_code(typed) {
        return use_totp_code(db, account_id, &code).await;
    }
    let Some(code) = as_recovery_code(typed) else {
        return Ok(false);
    };
    let result = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 \
         WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(db::now())
    .bind(account_id)
    .bind(hash_secret(&code))
    .execute(db.writer())
    .await?;
    if result.rows_affected() > 0 {
        tracing::info!(account = account_id, "signed in with a recovery code");
    }
    Ok(result.rows_affected() > 0)
}

/// The API's check after a right password: members with a second factor
/// must send a code with it.
pub async fn check_login(db: &Db, account: &Account, code: Option<&str>) -> AppResult<()> {
    if !account.has_second_factor() {
        return Ok(());
    }
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Err(AppError::SecondFactorRequired);
    };
    if too_many_failures(db, account.id).await? {
        return Err(locked());
    }
    if verify(db, account.id, code).await? {
        return Ok(());
    }
    record_failure(db, account.id).await?;
    Err(AppError::Unauthorized(
        "totp: this code is not right, or was already used".into(),
    ))
}

fn locked() -> AppError {
    AppError::Unauthorized(
        "totp: too many wrong codes for this account; wait 15 minutes and try again".into(),
    )
}

/// Whether the account received too many wrong codes lately. Each login
/// challenge counts its attempts; a wrong code sent to the API is kept as
/// a spent challenge, so both doors share one count.
async fn too_many_failures(db: &Db, account_id: i64) -> AppResult<bool> {
    let (failures,): (i64,) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(attempts), 0) AS BIGINT) FROM login_challenges \
         WHERE account_id = $1 AND expires_at > $2",
    )
    .bind(account_id)
    .bind(db::now())
    .fetch_one(db.writer())
    .await?;
    Ok(failures >= MAX_FAILURES)
}

async fn record_failure(db: &Db, account_id: i64) -> AppResult<()> {
    let now = db::now();
    sqlx::query(
        "INSERT INTO login_challenges (account_id, token_hash, attempts, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(account_id)
    // Nobody holds this secret: the row only counts.
    .bind(hash_secret(&new_secret()))
    .bind(1_i64)
    .bind(now)
    .bind(now + FAILURE_WINDOW_SECS * 1_000_000)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Whether the account may do nothing but add a second factor: staff
/// must have one when the admin requires it.
pub async fn enrolment_required(db: &Db, account: &Account) -> AppResult<bool> {
    Ok(account.is_moderator()
        && !account.has_second_factor()
        && site::flag(db, site::REQUIRE_TOTP_FOR_STAFF).await?)
}

/// After a right password on the web: a challenge to answer with a code.
/// Returns its secret, carried by the second step's form.
pub async fn start_challenge(db: &Db, account_id: i64) -> AppResult<String> {
    let now = db::now();
    let secret = new_secret();
    let mut tx = db.begin().await?;
    // Old challenges go as new ones come: the table stays small.
    sqlx::query("DELETE FROM login_challenges WHERE expires_at < $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO login_challenges (account_id, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(account_id)
    .bind(hash_secret(&secret))
    .bind(now)
    .bind(now + CHALLENGE_LIFETIME_SECS * 1_000_000)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(secret)
}

/// How answering a login challenge went.
pub enum Answer {
    SignedIn(Box<Account>),
    /// Try again (attempts are left).
    WrongCode,
    /// Too old, too many wrong codes, or unknown: start from the password.
    Expired,
    /// Too many wrong codes for the account lately: wait.
    Locked,
}

pub async fn answer_challenge(db: &Db, secret: &str, code: &str) -> AppResult<Answer> {
    if secret.is_empty() || secret.len() > 100 {
        return Ok(Answer::Expired);
    }
    let hash = hash_secret(secret);
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT id, account_id FROM login_challenges \
         WHERE token_hash = $1 AND expires_at > $2 AND attempts < $3",
    )
    .bind(&hash)
    .bind(db::now())
    .bind(CHALLENGE_ATTEMPTS)
    .fetch_optional(db.writer())
    .await?;
    let Some((id, account_id)) = row else {
        return Ok(Answer::Expired);
    };
    if too_many_failures(db, account_id).await? {
        return Ok(Answer::Locked);
    }
    // Count the attempt before checking it, so parallel guesses are counted.
    sqlx::query("UPDATE login_challenges SET attempts = attempts + 1 WHERE id = $1")
        .bind(id)
        .execute(db.writer())
        .await?;
    if !verify(db, account_id, code).await? {
        return Ok(Answer::WrongCode);
    }
    sqlx::query("DELETE FROM login_challenges WHERE id = $1")
        .bind(id)
        .execute(db.writer())
        .await?;
    match find_by_id(db, account_id).await? {
        Some(account) => Ok(Answer::SignedIn(Box::new(account))),
        None => Ok(Answer::Expired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(as_totp_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(as_totp_code("12345"), None);
        assert_eq!(
            as_recovery_code("ABCDE-fgh23").as_deref(),
            Some("abcdefgh23")
        );
        assert_eq!(as_recovery_code("123456"), None);
    }

    #[test]
    fn a_code_matches_its_step_and_its_neighbours_only() {
        let secret = base32_secret();
        let otp = totp(&secret, "agora.test", "ada").unwrap_or_else(|e| panic!("{e}"));
        let now = 1_800_000_000;
        let step = i64::try_from(now / STEP_SECS).unwrap_or(0);
        assert_eq!(matching_step(&otp, &otp.generate(now), now), Some(step));
        assert_eq!(
            matching_step(&otp, &otp.generate(now - 30), now),
            Some(step - 1)
        );
        assert_eq!(matching_step(&otp, &otp.generate(now - 90), now), None);
    }
}
