//! A member closes their account, confirmed by their password, choosing
//! what becomes of what they wrote: deleted (tombstones, federated like any
//! deletion) or kept without their name and profile.
//!
//! Either way the row of `accounts` stays, with `deleted_at` set: content
//! kept points at it, and its username stays taken (in `handles`) so
//! nobody can pose as the member later. Sessions and tokens go, the email
//! address is freed, the password can no longer match, every sign-in path
//! filters `deleted_at IS NULL`, and the member leaves every space.
//!
//! The `Delete` of the member's actor is federated by the front door (the
//! API or web handler), which asks federation whom to tell *before* the
//! account closes (the memberships say who knew the member) and queues the
//! activity after (`federation::farewell`). This module never names
//! federation: the content deletions it calls federate on their own.

use serde::Deserialize;

use super::{Account, InstanceRole, passwords};
use crate::AppState;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::text_enum::text_enum;
use crate::{events, library, posts, spaces};

text_enum! {
    /// What becomes of a closing member's posts, comments, reactions and
    /// library items.
    pub enum ContentChoice {
        /// Deleted: posts and comments become tombstones, reactions and
        /// the library files and notes they created go.
        Delete = "delete",
        /// Kept, shown without a profile (display name, organisation,
        /// country, languages and bio are cleared).
        Anonymise = "anonymise",
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// The member's current password.
    pub password: String,
    pub content: ContentChoice,
}

/// Checks the password and everything that would stop the account from
/// closing, without changing anything: wrong password (422), the last
/// admin (409), the last manager of spaces (409, naming them).
pub async fn check(db: &Db, me: &Account, password: &str) -> AppResult<()> {
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(me.id)
        .fetch_one(&db.read)
        .await?;
    if !db.passwords.verify(password.to_owned(), Some(hash)).await? {
        return Err(AppError::invalid("password: this is not your password"));
    }
    if me.role == InstanceRole::Admin {
        let (admins,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND domain IS NULL \
             AND deleted_at IS NULL",
        )
        .fetch_one(&db.read)
        .await?;
        if admins <= 1 {
            return Err(AppError::conflict(
                "you are the last admin of this instance; make someone else admin first",
            ));
        }
    }
    let sole = spaces::members::sole_manager_of(db, me.id).await?;
    if !sole.is_empty() {
        let names: Vec<String> = sole
            .iter()
            .map(|(slug, title)| format!("{title} ({slug})"))
            .collect();
        return Err(AppError::conflict(format!(
            "you are the only space manager of: {}; make another member space manager \
             (or leave those spaces) first",
            names.join(", ")
        )));
    }
    Ok(())
}

/// Closes the account, after [`check`] passed. The content goes first,
/// through the same functions as single deletions (so tombstones and
/// federation follow), while the member can still act in their spaces;
/// then, in one transaction, the account itself.
pub async fn close(state: &AppState, me: &Account, choice: ContentChoice) -> AppResult<()> {
    let db = &state.db;
    let changes = &state.changes;
    if choice == ContentChoice::Delete {
        let mut tx = db.begin().await?;
        let posts_of: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM posts WHERE author_id = $1 AND deleted_at IS NULL AND ap_id IS NULL",
        )
        .bind(me.id)
        .fetch_all(&mut *tx)
        .await?;
        for (id,) in posts_of {
            posts::tombstone(&mut tx, id, posts::RemovedBy::Author).await?;
        }
        let comments_of: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM comments WHERE author_id = $1 AND deleted_at IS NULL AND ap_id IS NULL",
        )
        .bind(me.id)
        .fetch_all(&mut *tx)
        .await?;
        for (id,) in comments_of {
            posts::comments::tombstone(&mut tx, id, posts::RemovedBy::Author).await?;
        }
        posts::reactions::remove_all_by(&mut tx, me.id).await?;
        tx.commit().await?;
        changes.committed();
        library::delete_created_by(db, changes, me.id).await?;
    }
    // Registrations are cancelled either way: a place on a list is for
    // someone who will come. An event no longer visible answers 404: its
    // row goes with the account's other rows below.
    let registrations: Vec<(i64,)> =
        sqlx::query_as("SELECT event_id FROM event_participants WHERE account_id = $1")
            .bind(me.id)
            .fetch_all(&db.read)
            .await?;
    for (event_id,) in registrations {
        match events::unregister(db, changes, event_id, me).await {
            Ok(()) | Err(AppError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    for follow in spaces::follows::list(db, me).await? {
        match spaces::follows::unfollow(state, me, follow.space_id).await {
            Ok(()) | Err(AppError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    close_account(db, me.id).await
}

/// The account's own rows: profile cleared, sign-in made impossible,
/// the member out of every space.
async fn close_account(db: &Db, account_id: i64) -> AppResult<()> {
    // A real hash of a random secret nobody keeps: no password matches it,
    // and code that reads hashes never meets a malformed one.
    let unusable = db.passwords.hash(passwords::generate()).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE accounts SET email = $2, password_hash = $3, deleted_at = $4, \
                closed_username = username, username = $5, \
                display_name = '', organisation = '', country = '', languages = '', bio = '', \
                ui_language = '', timezone = '', profile_visibility = 'nobody', \
                totp_secret = NULL, totp_enabled_at = NULL, email_verified_at = NULL \
         WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(account_id)
    .bind(format!("deleted-{account_id}@invalid"))
    .bind(unusable)
    .bind(db::now())
    // Kept content shows "deleted-17", not the member's name. The name
    // itself stays reserved in `handles`; a `-` never appears in a
    // username, so this one can be nobody else's.
    .bind(format!("deleted-{account_id}"))
    .execute(&mut *tx)
    .await?;
    crate::mail::forget_pending(&mut tx, account_id).await?;
    // What only made sense for a living account. These rows would go with
    // the account by `ON DELETE CASCADE`; the row stays, so they go here.
    for table in [
        "auth_tokens",
        "calendar_tokens",
        "event_participants",
        "notifications",
        "notification_preferences",
        "library_follows",
        "unsubscribe_links",
        "digest_state",
        "account_links",
        "recovery_codes",
        "login_challenges",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE account_id = $1"
        )))
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    }
    spaces::members::leave_all(&mut tx, account_id).await?;
    crate::search::index::person(&mut tx, account_id).await?;
    tx.commit().await?;
    db.auth_cache.forget_account(account_id);
    Ok(())
}
