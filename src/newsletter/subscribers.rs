//! Who receives a letter: members who opted in (at once: they are signed
//! in), and readers outside who subscribed on the letter's public page
//! and confirmed by the link emailed to them (double opt-in). Each has a
//! token, in every email, that confirms (readers) and unsubscribes, and
//! can do nothing else.
//!
//! Anyone may ask for a confirmation email, so its cost is bounded: one
//! per address and letter every ten minutes, and at most
//! [`PENDING_PER_HOUR`] new readers waiting for confirmation per hour on
//! the instance (429 past it). The answer is the same whether the address
//! was new, waiting or already subscribed.

use base64::Engine;

use crate::accounts::{Account, validate_language};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::i18n::{Lang, Tr};
use crate::mail::compose::Letter;
use crate::mail::{self, Email, Mailer};

/// New readers waiting for confirmation, per hour, on the instance.
pub const PENDING_PER_HOUR: i64 = 200;
const TEN_MINUTES: i64 = 600 * 1_000_000;

fn token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::random_bytes::<24>())
}

/// The language a member reads the letter in, if subscribed.
pub async fn of_member(db: &Db, account_id: i64, space: Option<i64>) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT language FROM newsletter_subscribers \
         WHERE account_id = $1 AND COALESCE(space_id, 0) = $2 AND unsubscribed_at IS NULL",
    )
    .bind(account_id)
    .bind(space.unwrap_or(0))
    .fetch_optional(&db.read)
    .await?;
    Ok(row.map(|(l,)| l))
}

/// A member subscribes to letter `space` in `language` (or changes it).
pub async fn subscribe_member(
    db: &Db,
    who: &Account,
    space: Option<i64>,
    language: &str,
) -> AppResult<()> {
    let language = validate_language("language", language)?;
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE newsletter_subscribers SET language = $1, unsubscribed_at = NULL \
         WHERE account_id = $2 AND COALESCE(space_id, 0) = $3",
    )
    .bind(&language)
    .bind(who.id)
    .bind(space.unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    let now = db::now();
    if changed.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO newsletter_subscribers \
                 (space_id, account_id, language, token, confirmed_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(space)
        .bind(who.id)
        .bind(&language)
        .bind(token())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A member stops receiving letter `space`.
pub async fn unsubscribe_member(db: &Db, who: &Account, space: Option<i64>) -> AppResult<()> {
    sqlx::query(
        "UPDATE newsletter_subscribers SET unsubscribed_at = $3 \
         WHERE account_id = $1 AND COALESCE(space_id, 0) = $2 AND unsubscribed_at IS NULL",
    )
    .bind(who.id)
    .bind(space.unwrap_or(0))
    .bind(db::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// A reader outside asks to receive letter `space` (named `letter`) at
/// `email` in `language`: a confirmation email, within the limits.
pub async fn subscribe_reader(
    db: &Db,
    mailer: &Mailer,
    space: Option<i64>,
    letter: &str,
    email: &str,
    language: &str,
) -> AppResult<()> {
    let email = email.trim().to_lowercase();
    crate::accounts::bounded("email", &email, 254)?;
    if email.parse::<lettre::Address>().is_err() {
        return Err(AppError::invalid(
            "email: not an email address like name@example.org",
        ));
    }
    let language = validate_language("language", language)?;
    let now = db::now();
    let mut tx = db.begin().await?;
    let existing: Option<(i64, Option<i64>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, confirmed_at, created_at, unsubscribed_at FROM newsletter_subscribers \
         WHERE email = $1 AND COALESCE(space_id, 0) = $2",
    )
    .bind(&email)
    .bind(space.unwrap_or(0))
    .fetch_optional(&mut *tx)
    .await?;
    match existing {
        // Subscribed already: nothing to do, and nothing said.
        Some((_, Some(_), _, None)) => return Ok(()),
        // Asked a moment ago: the email is on its way.
        Some((_, None, created, None)) if now - created < TEN_MINUTES => return Ok(()),
        _ => {}
    }
    let (pending,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM newsletter_subscribers \
         WHERE confirmed_at IS NULL AND created_at > $1",
    )
    .bind(now - 3600 * 1_000_000)
    .fetch_one(&mut *tx)
    .await?;
    if pending >= PENDING_PER_HOUR {
        return Err(AppError::TooManyRequests {
            retry_after: std::time::Duration::from_secs(600),
        });
    }
    let fresh = token();
    match existing {
        // Waiting too long, or unsubscribed since: confirm again.
        Some((id, ..)) => {
            sqlx::query(
                "UPDATE newsletter_subscribers SET token = $1, language = $2, created_at = $3, \
                        confirmed_at = NULL, unsubscribed_at = NULL \
                 WHERE id = $4",
            )
            .bind(&fresh)
            .bind(&language)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query(
                "INSERT INTO newsletter_subscribers (space_id, email, language, token, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(space)
            .bind(&email)
            .bind(&language)
            .bind(&fresh)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    let lang = Lang::from_code(&language).unwrap_or(mailer.default_lang);
    let t = Tr::new(lang);
    let confirm = mailer.link(&format!("/newsletter/confirm/{fresh}"));
    let letter_text = Letter {
        paragraphs: vec![t.with("newsletter-confirm-body", "letter", letter)],
        action: Some((t.get("newsletter-confirm-action"), confirm)),
        footer: vec![t.get("newsletter-confirm-footer")],
        ..Letter::default()
    };
    let subject = t.with("newsletter-confirm-subject", "letter", letter);
    mail::enqueue(
        &mut tx,
        mailer,
        Email {
            account_id: None,
            to_address: email.clone(),
            to_name: String::new(),
            kind: "newsletter.confirm",
            lang: lang.code(),
            html: letter_text.html(lang, &subject),
            text: letter_text.text(),
            subject,
            unsubscribe: None,
        },
    )
    .await?;
    tx.commit().await?;
    mailer.ring();
    Ok(())
}

/// What a token stands for.
pub struct Target {
    pub space_id: Option<i64>,
    pub confirmed: bool,
    /// Still receiving it (confirmed, not unsubscribed).
    pub subscribed: bool,
    pub language: String,
}

fn plausible(token: &str) -> AppResult<()> {
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::NotFound("subscription"));
    }
    Ok(())
}

pub async fn find(db: &Db, token: &str) -> AppResult<Target> {
    plausible(token)?;
    let row: Option<Row> = sqlx::query_as(
        "SELECT space_id, confirmed_at, unsubscribed_at, language FROM newsletter_subscribers \
         WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(&db.read)
    .await?;
    let row = row.ok_or(AppError::NotFound("subscription"))?;
    Ok(Target {
        space_id: row.space_id,
        confirmed: row.confirmed_at.is_some(),
        subscribed: row.confirmed_at.is_some() && row.unsubscribed_at.is_none(),
        language: row.language,
    })
}

#[derive(sqlx::FromRow)]
struct Row {
    space_id: Option<i64>,
    confirmed_at: Option<i64>,
    unsubscribed_at: Option<i64>,
    language: String,
}

/// A reader confirms their subscription (twice changes nothing; after
/// unsubscribing, the old link does not subscribe again).
pub async fn confirm(db: &Db, token: &str) -> AppResult<Target> {
    let target = find(db, token).await?;
    if target.confirmed {
        return Ok(target);
    }
    sqlx::query(
        "UPDATE newsletter_subscribers SET confirmed_at = $1 \
         WHERE token = $2 AND confirmed_at IS NULL",
    )
    .bind(db::now())
    .bind(token)
    .execute(db.writer())
    .await?;
    Ok(Target {
        confirmed: true,
        subscribed: true,
        ..target
    })
}

/// Unsubscribes whoever the token is for (members and readers alike;
/// twice changes nothing).
pub async fn unsubscribe(db: &Db, token: &str) -> AppResult<Target> {
    let target = find(db, token).await?;
    sqlx::query(
        "UPDATE newsletter_subscribers SET unsubscribed_at = $1 \
         WHERE token = $2 AND unsubscribed_at IS NULL",
    )
    .bind(db::now())
    .bind(token)
    .execute(db.writer())
    .await?;
    Ok(Target {
        subscribed: false,
        ..target
    })
}
