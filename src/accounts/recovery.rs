//! Keeping an account: changing the password, resetting a forgotten one
//! by a link (emailed, or handed out by an admin), and confirming an
//! email address by a link sent to it (at sign-up and on every change).
//!
//! Every way of setting a new password ends the member's other sessions
//! and API tokens: whoever knew the old password is out.

use super::links::{self, LinkPurpose};
use super::{Account, find_by_id, passwords, tokens, validate_email};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::mail::compose::Letter;
use crate::mail::{self, Email, Mailer};

/// Where emails go and in which language when the member chose none.
#[derive(Clone)]
pub struct Postman {
    pub mailer: Mailer,
    /// The instance's language (`config.language`).
    pub fallback: Lang,
}

impl Postman {
    pub fn new(mailer: &Mailer, instance_language: &str) -> Postman {
        Postman {
            mailer: mailer.clone(),
            fallback: Lang::from_code(instance_language).unwrap_or(Lang::En),
        }
    }

    /// The language of emails to `account`: their interface language, or
    /// the instance's.
    pub fn language(&self, account: &Account) -> Lang {
        Lang::from_code(&account.ui_language).unwrap_or(self.fallback)
    }
}

/// An email carrying one link, from the `security-mail-{what}-*` messages.
fn link_email(
    postman: &Postman,
    account: &Account,
    to: &str,
    kind: &'static str,
    what: &str,
    link: String,
    hours: i64,
) -> Email {
    let lang = postman.language(account);
    let t = Tr::new(lang);
    let name = if account.display_name.trim().is_empty() {
        account.username.clone()
    } else {
        account.display_name.clone()
    };
    let domain = postman
        .mailer
        .public_url
        .split("://")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let subject = t.with(&format!("security-mail-{what}-subject"), "domain", &domain);
    let letter = Letter {
        greeting: t.with("security-mail-greeting", "name", &name),
        paragraphs: vec![
            t.args(
                &format!("security-mail-{what}-body"),
                &[("domain", &domain), ("username", &account.username)],
            ),
            t.count(&format!("security-mail-{what}-expiry"), hours),
        ],
        action: Some((t.get(format!("security-mail-{what}-action")), link)),
        footer: vec![t.get(format!("security-mail-{what}-ignore"))],
        ..Letter::default()
    };
    Email {
        account_id: Some(account.id),
        to_address: to.to_owned(),
        to_name: name,
        kind,
        lang: lang.code(),
        html: letter.html(lang, &subject),
        text: letter.text(),
        subject,
        unsubscribe: None,
    }
}

/// Reset requests being looked up at once, at most: anyone may ask, so a
/// flood of requests must not become a flood of tasks.
const RESETS_IN_FLIGHT: usize = 16;

static RESET_SLOTS: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(tokio::sync::Semaphore::new(RESETS_IN_FLIGHT)));

/// Asks for a password reset by email. Answers the same, and as fast,
/// whether or not an account has the address: the work happens after the
/// answer, and its failures go to the log only. When [`RESETS_IN_FLIGHT`]
/// requests are already being handled, this one is dropped (and logged):
/// the asker sees the same answer and may ask again.
pub fn request_reset(db: Db, postman: Postman, email: String) {
    let Ok(slot) = RESET_SLOTS.clone().try_acquire_owned() else {
        tracing::warn!(
            "password reset requests are arriving faster than they are handled; one was dropped"
        );
        return;
    };
    tokio::spawn(async move {
        if let Err(e) = send_reset(&db, &postman, &email).await {
            tracing::warn!(error = %e, "could not send a password reset email");
        }
        drop(slot);
    });
}

async fn send_reset(db: &Db, postman: &Postman, email: &str) -> AppResult<()> {
    let Ok(email) = validate_email(email) else {
        return Ok(());
    };
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM accounts WHERE email = $1 AND domain IS NULL \
         AND suspended_at IS NULL AND deleted_at IS NULL",
    )
    .bind(&email)
    .fetch_optional(&db.read)
    .await?;
    let Some(account) = (match row {
        Some((id,)) => find_by_id(db, id).await?,
        None => None,
    }) else {
        return Ok(());
    };
    let mut tx = db.begin().await?;
    if links::made_in_last_hour(&mut tx, account.id, LinkPurpose::PasswordReset).await?
        >= links::MAX_PER_HOUR
    {
        tracing::info!(
            account = account.id,
            "password reset asked too often; no email sent"
        );
        return Ok(());
    }
    let secret = links::create(
        &mut tx,
        account.id,
        LinkPurpose::PasswordReset,
        None,
        links::RESET_LIFETIME_SECS,
    )
    .await?;
    let link = postman.mailer.link(&format!("/reset/{secret}"));
    let letter = link_email(
        postman,
        &account,
        &account.email,
        "password_reset",
        "reset",
        link,
        links::RESET_LIFETIME_SECS / 3600,
    );
    mail::enqueue(&mut tx, &postman.mailer, letter).await?;
    tx.commit().await?;
    postman.mailer.ring();
    Ok(())
}

/// A reset link for a member, made by an admin (web, API or command
/// line) to hand over by other means: it works without a mail server.
/// Returns the absolute link.
pub async fn issue_reset_link(db: &Db, public_url: &str, username: &str) -> AppResult<String> {
    let account = super::find_by_username(db, username)
        .await?
        .ok_or(AppError::NotFound("account"))?;
    let mut tx = db.begin().await?;
    let secret = links::create(
        &mut tx,
        account.id,
        LinkPurpose::PasswordReset,
        None,
        links::ADMIN_RESET_LIFETIME_SECS,
    )
    .await?;
    tx.commit().await?;
    Ok(format!("{public_url}/reset/{secret}"))
}

/// Sets a new password with a reset link: the link is used up, and every
/// session and API token of the member ends.
pub async fn reset_password(db: &Db, secret: &str, new_password: String) -> AppResult<Account> {
    passwords::validate(&new_password)?;
    // Cheap refusal first: hashing is slow on purpose, and anyone can send
    // a made-up link.
    links::check(db, secret, LinkPurpose::PasswordReset).await?;
    let hash = db.passwords.hash(new_password).await?;
    let mut tx = db.begin().await?;
    let used = links::redeem(&mut tx, secret, LinkPurpose::PasswordReset).await?;
    set_password_hash(&mut tx, used.account_id, &hash).await?;
    tokens::revoke_all_except(&mut tx, used.account_id, None).await?;
    links::retire(&mut tx, used.account_id, LinkPurpose::PasswordReset).await?;
    tx.commit().await?;
    db.auth_cache.forget_account(used.account_id);
    tracing::info!(account = used.account_id, "password reset with a link");
    find_by_id(db, used.account_id)
        .await?
        .ok_or(AppError::NotFound("account"))
}

async fn set_password_hash(tx: &mut db::Tx, account_id: i64, hash: &str) -> AppResult<()> {
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Fails unless `password` is the member's password (a sensitive change
/// asks for it again).
pub async fn confirm_password(db: &Db, account_id: i64, password: &str) -> AppResult<()> {
    let row: Option<(String,)> = sqlx::query_as("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&db.read)
        .await?;
    if password.len() > 1024
        || !db
            .passwords
            .verify(password.to_owned(), row.map(|(h,)| h))
            .await?
    {
        return Err(AppError::Forbidden(
            "current_password: this is not your current password".into(),
        ));
    }
    Ok(())
}

/// Changes the password of a signed-in member who knows the current one.
/// Every other session and API token ends; `keep` (the one making the
/// request) stays.
pub async fn change_password(
    db: &Db,
    account: &Account,
    current: &str,
    new_password: String,
    keep: Option<i64>,
) -> AppResult<()> {
    passwords::validate(&new_password)?;
    confirm_password(db, account.id, current).await?;
    let hash = db.passwords.hash(new_password).await?;
    let mut tx = db.begin().await?;
    set_password_hash(&mut tx, account.id, &hash).await?;
    tokens::revoke_all_except(&mut tx, account.id, keep).await?;
    links::retire(&mut tx, account.id, LinkPurpose::PasswordReset).await?;
    tx.commit().await?;
    db.auth_cache.forget_account(account.id);
    tracing::info!(account = account.id, "password changed");
    Ok(())
}

/// Sends a link to `address` that confirms it as the member's address.
pub async fn send_verification(
    postman: &Postman,
    db: &Db,
    account: &Account,
    address: &str,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    if links::made_in_last_hour(&mut tx, account.id, LinkPurpose::EmailVerification).await?
        >= links::MAX_PER_HOUR
    {
        return Err(AppError::conflict(
            "email: several links were sent in the last hour; wait a little and try again",
        ));
    }
    let secret = links::create(
        &mut tx,
        account.id,
        LinkPurpose::EmailVerification,
        Some(address),
        links::VERIFICATION_LIFETIME_SECS,
    )
    .await?;
    let link = postman.mailer.link(&format!("/verify/{secret}"));
    let letter = link_email(
        postman,
        account,
        address,
        "email_verification",
        "verify",
        link,
        links::VERIFICATION_LIFETIME_SECS / 3600,
    );
    mail::enqueue(&mut tx, &postman.mailer, letter).await?;
    tx.commit().await?;
    postman.mailer.ring();
    Ok(())
}

/// Sends the link confirming the member's current address again.
pub async fn resend_verification(postman: &Postman, db: &Db, account: &Account) -> AppResult<()> {
    if account.email_verified_at.is_some() {
        return Err(AppError::conflict(
            "email: this address is already confirmed",
        ));
    }
    send_verification(postman, db, account, &account.email).await
}

/// Asks to change the member's address: nothing changes until the link
/// sent to the new address is followed.
pub async fn request_email_change(
    postman: &Postman,
    db: &Db,
    account: &Account,
    raw: &str,
) -> AppResult<()> {
    let email = validate_email(raw)?;
    if email == account.email {
        return match account.email_verified_at {
            Some(_) => Ok(()),
            None => send_verification(postman, db, account, &email).await,
        };
    }
    let taken: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM accounts WHERE email = $1 AND id <> $2")
            .bind(&email)
            .bind(account.id)
            .fetch_optional(&db.read)
            .await?;
    if taken.is_some() {
        return Err(AppError::conflict(
            "email: an account with this email already exists",
        ));
    }
    send_verification(postman, db, account, &email).await
}

/// Follows a verification link: the address it was sent to becomes the
/// member's address, confirmed.
pub async fn verify_email(db: &Db, secret: &str) -> AppResult<Account> {
    let mut tx = db.begin().await?;
    let used = links::redeem(&mut tx, secret, LinkPurpose::EmailVerification).await?;
    let email = used
        .email
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("verification link without address")))?;
    sqlx::query("UPDATE accounts SET email = $1, email_verified_at = $2 WHERE id = $3")
        .bind(&email)
        .bind(db::now())
        .bind(used.account_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                AppError::conflict("email: an account with this email already exists")
            } else {
                e.into()
            }
        })?;
    links::retire(&mut tx, used.account_id, LinkPurpose::EmailVerification).await?;
    tx.commit().await?;
    db.auth_cache.forget_account(used.account_id);
    find_by_id(db, used.account_id)
        .await?
        .ok_or(AppError::NotFound("account"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The emails' messages are named by parts, which the catalogue scan
    /// cannot see: check each here, in every language.
    #[test]
    fn every_email_message_exists_in_every_language() {
        let mut ids = vec!["security-mail-greeting".to_owned()];
        for what in ["reset", "verify"] {
            for part in ["subject", "body", "expiry", "action", "ignore"] {
                ids.push(format!("security-mail-{what}-{part}"));
            }
        }
        for lang in Lang::ALL {
            for id in &ids {
                assert_ne!(Tr::new(lang).get(id), *id, "{} lacks {id}", lang.code());
            }
        }
        let fr = Tr::new(Lang::Fr).count("security-mail-reset-expiry", 1_i64);
        assert!(fr.contains("une heure"), "{fr}");
    }
}
