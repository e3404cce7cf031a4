//! One-click unsubscribe links (RFC 8058): every notification email and
//! digest carries one in `List-Unsubscribe` and in its footer.
//!
//! A link is one per member, space and scope, made the first time an email
//! needs it and reused ever after, so a member's mail does not fill the
//! table. The scope is a category (`mentions`, `posts`…), for an email about
//! one notification, or a digest (`digest.daily`, `digest.weekly`). The
//! token is the only authority: a mail client POSTs to it without a session
//! or CSRF token, so all it can ever do is turn email off.

use base64::Engine;

use super::kinds::{Category, Delivery};
use super::prefs;
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::mail::Mailer;

/// What a link unsubscribes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One category, in one space or (space 0) everywhere.
    Category(Category),
    /// Everything a digest brings (`Daily` or `Weekly`).
    Digest(Delivery),
}

impl Scope {
    pub fn code(self) -> String {
        match self {
            Scope::Category(category) => category.as_str().to_owned(),
            Scope::Digest(delivery) => format!("digest.{delivery}"),
        }
    }

    fn parse(code: &str) -> Option<Scope> {
        match code {
            "digest.daily" => Some(Scope::Digest(Delivery::Daily)),
            "digest.weekly" => Some(Scope::Digest(Delivery::Weekly)),
            other => other.parse().ok().map(Scope::Category),
        }
    }
}

/// The link for `account_id`'s `scope` in `space_id` (absent: every
/// space), made if it does not exist yet, in the caller's transaction.
pub async fn link(
    tx: &mut Tx,
    mailer: &Mailer,
    account_id: i64,
    space_id: Option<i64>,
    scope: Scope,
) -> AppResult<String> {
    let space = space_id.unwrap_or(0);
    let fresh =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::random_bytes::<24>());
    sqlx::query(
        "INSERT INTO unsubscribe_links (token, account_id, space_id, category, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_id, space_id, category) DO NOTHING",
    )
    .bind(&fresh)
    .bind(account_id)
    .bind(space)
    .bind(scope.code())
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    let (token,): (String,) = sqlx::query_as(
        "SELECT token FROM unsubscribe_links WHERE account_id = $1 AND space_id = $2 AND category = $3",
    )
    .bind(account_id)
    .bind(space)
    .bind(scope.code())
    .fetch_one(&mut **tx)
    .await?;
    Ok(mailer.link(&format!("/unsubscribe/{token}")))
}

/// What a link turns off, for its confirmation page.
#[derive(Clone, Debug)]
pub struct Target {
    pub account_id: i64,
    pub space_id: Option<i64>,
    /// The space's title, when the link is about one space.
    pub space_title: Option<String>,
    pub scope: Scope,
}

/// The link's target; an unknown token is "not found".
pub async fn find(db: &Db, token: &str) -> AppResult<Target> {
    // Tokens are 32 characters; anything much longer is not one (and is
    // not worth a query).
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::NotFound("unsubscribe link"));
    }
    let row: Option<(i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT u.account_id, u.space_id, u.category, s.title FROM unsubscribe_links u \
         LEFT JOIN spaces s ON s.id = u.space_id WHERE u.token = $1",
    )
    .bind(token)
    .fetch_optional(&db.read)
    .await?;
    let (account_id, space, code, space_title) =
        row.ok_or(AppError::NotFound("unsubscribe link"))?;
    let scope = Scope::parse(&code).ok_or(AppError::NotFound("unsubscribe link"))?;
    Ok(Target {
        account_id,
        space_id: (space != 0).then_some(space),
        space_title,
        scope,
    })
}

/// Unsubscribes from email: the category stays on the notifications page
/// but no longer comes by email, for the link's space (or every space); a
/// digest's link does the same for everything that went to that digest,
/// everywhere. (Stopping emails is what the link promises; a member who
/// wants nothing at all sets `off` in the settings.) Using a link twice
/// changes nothing more.
pub async fn apply(db: &Db, token: &str) -> AppResult<Target> {
    let target = find(db, token).await?;
    match target.scope {
        Scope::Category(category) => {
            prefs::email_off(db, target.account_id, target.space_id, category).await?;
        }
        Scope::Digest(delivery) => {
            for category in Category::ALL {
                if prefs::effective(&db.read, target.account_id, None, category).await? == delivery
                {
                    prefs::email_off(db, target.account_id, None, category).await?;
                }
            }
            // Spaces set apart to the same digest.
            sqlx::query(
                "UPDATE notification_preferences SET delivery = 'app' \
                 WHERE account_id = $1 AND delivery = $2",
            )
            .bind(target.account_id)
            .bind(delivery.as_str())
            .execute(db.writer())
            .await?;
        }
    }
    tracing::info!(account = target.account_id, scope = %target.scope.code(),
        space = ?target.space_id, "unsubscribed by link");
    Ok(target)
}
