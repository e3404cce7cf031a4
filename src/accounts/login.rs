//! The two doors anyone may knock at: signing in and registering, both
//! throttled (`throttle`) and logged with the client's address.

use std::net::IpAddr;

use super::throttle::{LoginKey, Throttles};
use super::{Account, NewAccount, Registration, create_account, find_by_id, invitations};
use crate::config::RegistrationMode;
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Longer than any email address: such a login names nobody.
const MAX_LOGIN_BYTES: usize = 320;

/// Checks a login (username or email) and password from `client`.
/// Refused with 429 while the account or the address must wait after
/// wrong passwords; every refusal and failure is logged at `warn`.
pub async fn verify_login(
    db: &Db,
    throttles: &Throttles,
    client: IpAddr,
    login: &str,
    password: &str,
) -> AppResult<Account> {
    let login = login.trim().to_lowercase();
    let row: Option<(i64, String, String, Option<i64>)> = if login.len() > MAX_LOGIN_BYTES {
        None
    } else {
        sqlx::query_as(
            "SELECT id, username, password_hash, suspended_at FROM accounts \
             WHERE (username = $1 OR email = $1) AND domain IS NULL AND deleted_at IS NULL",
        )
        .bind(&login)
        .fetch_optional(&db.read)
        .await?
    };
    let key = match &row {
        Some((id, ..)) => LoginKey::Account(*id),
        None => LoginKey::Unknown(&login),
    };
    let account_name = row
        .as_ref()
        .map_or("(unknown)", |(_, name, ..)| name.as_str());
    if let Err(refused) = throttles.check_login(client, key) {
        // Counted for /metrics where the refusal is answered (api, web).
        tracing::warn!(
            client = %client,
            account = account_name,
            "login refused: too many wrong passwords for this account or from this address"
        );
        return Err(refused);
    }
    // Verify against a dummy hash when the login is unknown, so the answer
    // takes as long as for a wrong password.
    let hash = row.as_ref().map(|(_, _, hash, _)| hash.clone());
    let matches = match db.passwords.verify(password.to_owned(), hash).await {
        Ok(matches) => matches,
        Err(e) => {
            if matches!(e, AppError::Busy { .. }) {
                tracing::warn!(
                    client = %client,
                    account = account_name,
                    "login refused: every password worker is busy"
                );
            }
            return Err(e);
        }
    };
    match row {
        Some((id, _, _, suspended)) if matches => {
            throttles.login_succeeded(key);
            if suspended.is_some() {
                // Said only to whoever knows the password.
                return Err(AppError::forbidden(
                    "this account is suspended; contact the instance's moderators",
                ));
            }
            find_by_id(db, id)
                .await?
                .ok_or_else(|| AppError::Unauthorized("wrong username or password".into()))
        }
        _ => {
            throttles.login_failed(client, key);
            tracing::warn!(
                client = %client,
                account = account_name,
                "login failed: wrong username or password"
            );
            Err(AppError::Unauthorized("wrong username or password".into()))
        }
    }
}

/// Creates an account for a visitor (API or web page), as the instance's
/// registration mode allows. Refused with 429 while `client` must wait
/// after too many registrations or bad invitation links; an invitation is
/// checked before the slow part (hashing, a key pair).
pub async fn register(
    db: &Db,
    throttles: &Throttles,
    client: IpAddr,
    new: NewAccount,
    mode: RegistrationMode,
    invitation: Option<&str>,
) -> AppResult<Account> {
    if let Err(refused) = throttles.check_registration(client) {
        tracing::warn!(
            client = %client,
            "registration refused: too many attempts from this address"
        );
        return Err(refused);
    }
    throttles.registration_attempted(client);
    if let Some(token) = invitation
        && mode != RegistrationMode::Closed
        && let Err(e) = invitations::check(db, token).await
    {
        throttles.invitation_failed(client);
        tracing::warn!(
            client = %client,
            "registration with an unknown, expired or used invitation"
        );
        return Err(e);
    }
    create_account(db, new, Registration::Api { mode, invitation }).await
}
