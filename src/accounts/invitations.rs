//! Single-use invitation links for registering on an instance whose
//! registration mode is `invite` (they work in `open` mode too).

use serde::Serialize;

use super::Account;
use super::tokens::{hash_secret, new_secret};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::mail::{self, Mailer};

pub const DEFAULT_LIFETIME_DAYS: i64 = 14;

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedInvitation {
    pub id: i64,
    /// The secret, shown only now.
    pub token: String,
    /// The link to hand to the invitee.
    pub url: String,
    pub expires_at: String,
    /// The address the link was emailed to, if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emailed_to: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InvitationView {
    pub id: i64,
    pub note: String,
    pub created_at: String,
    pub expires_at: String,
    /// Username of whoever registered with it, once used.
    pub used_by: Option<String>,
}

/// What an invitation is for and who it goes to.
pub struct NewInvitation<'a> {
    /// For the inviter's memory, e.g. who it is for.
    pub note: &'a str,
    /// Days it stays valid; defaults to [`DEFAULT_LIFETIME_DAYS`].
    pub lifetime_days: Option<i64>,
    /// An address to email the link to (in the instance's language).
    pub email: Option<&'a str>,
}

/// Makes a single-use link to register, and emails it when an address is
/// given (queued in the same transaction: no link is mailed that was not
/// made, none made that was meant to be mailed and was not).
pub async fn create(
    db: &Db,
    mailer: &Mailer,
    inviter: &Account,
    new: NewInvitation<'_>,
) -> AppResult<CreatedInvitation> {
    let days = new.lifetime_days.unwrap_or(DEFAULT_LIFETIME_DAYS);
    if !(1..=365).contains(&days) {
        return Err(AppError::invalid("expires_in_days: between 1 and 365"));
    }
    super::bounded("note", new.note, 500)?;
    let address = match new.email.map(str::trim).filter(|a| !a.is_empty()) {
        Some(address) => {
            super::bounded("email", address, 254)?;
            address.parse::<lettre::Address>().map_err(|_| {
                AppError::invalid("email: not an email address like name@example.org")
            })?;
            Some(address)
        }
        None => None,
    };
    let token = new_secret();
    let now = db::now();
    let expires = now + days * 24 * 3600 * 1_000_000;
    let url = mailer.link(&format!("/register?invitation={token}"));
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO invitations (token_hash, created_by, note, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(hash_secret(&token))
    .bind(inviter.id)
    .bind(new.note.trim())
    .bind(now)
    .bind(expires)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(address) = address {
        let name = if inviter.display_name.trim().is_empty() {
            &inviter.username
        } else {
            &inviter.display_name
        };
        let email = mail::invitations::instance_invitation(
            mailer,
            address,
            name,
            &mailer.instance,
            &url,
            expires,
        );
        mail::enqueue(&mut tx, mailer, email).await?;
    }
    tx.commit().await?;
    if address.is_some() {
        mailer.ring();
    }
    Ok(CreatedInvitation {
        id,
        url,
        token,
        expires_at: format_time(expires),
        emailed_to: address.map(str::to_owned),
    })
}

pub async fn list(db: &Db) -> AppResult<Vec<InvitationView>> {
    let rows: Vec<(i64, String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT i.id, i.note, i.created_at, i.expires_at, a.username \
         FROM invitations i LEFT JOIN accounts a ON a.id = i.used_by ORDER BY i.id DESC",
    )
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, note, created, expires, used_by)| InvitationView {
            id,
            note,
            created_at: format_time(created),
            expires_at: format_time(expires),
            used_by,
        })
        .collect())
}

/// The refusal for a link that does not work.
fn dead_invitation() -> AppError {
    AppError::forbidden("this invitation is unknown, expired or already used")
}

/// Whether an invitation still works, without using it: a cheap refusal
/// before the slow work of creating an account ([`consume`] decides).
pub async fn check(db: &Db, token: &str) -> AppResult<()> {
    let token = token.trim();
    if token.is_empty() || token.len() > 100 {
        return Err(dead_invitation());
    }
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(hash_secret(token))
    .bind(db::now())
    .fetch_optional(&db.read)
    .await?;
    row.map(|_| ()).ok_or_else(dead_invitation)
}

/// Marks an invitation used by `account_id`, inside the registration's
/// transaction: if anything later fails, the invitation stays unused.
pub async fn consume(tx: &mut Tx, token: &str, account_id: i64) -> AppResult<()> {
    let result = sqlx::query(
        "UPDATE invitations SET used_by = $1, used_at = $2 \
         WHERE token_hash = $3 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(account_id)
    .bind(db::now())
    .bind(hash_secret(token.trim()))
    .execute(&mut **tx)
    .await?;
    if result.rows_affected() != 1 {
        return Err(dead_invitation());
    }
    Ok(())
}
