//! Email: messages in the recipient's language, through a persistent queue.
//!
//! Whatever wants to email someone builds an [`Email`] and calls
//! [`enqueue`] inside its own transaction, so a message exists exactly when
//! the change that caused it does. The message is formatted then (RFC 5322,
//! plain text and HTML, with `List-Unsubscribe` where it applies), so every
//! attempt sends the same bytes with the same `Message-ID`. The worker
//! ([`queue::run`]) sends due messages over SMTP with lettre, or, when no
//! SMTP server is configured, writes them as `.eml` files under the data
//! folder for an admin to see (`/admin/mail`): the embedded default never
//! loses a message.

pub mod compose;
pub mod invitations;
pub mod outbox;
pub mod queue;
pub mod recipient;

pub use recipient::{Recipient, recipient};

use std::path::PathBuf;
use std::sync::Arc;

use lettre::message::header::{self, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::config::Config;
use crate::db::{self, Tx};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

/// How this instance sends email; part of `AppState`.
#[derive(Clone)]
pub struct Mailer {
    pub from: Mailbox,
    /// `https://domain`, for links in messages.
    pub public_url: String,
    pub transport: Transport,
    /// Rung after a message is queued, so the worker sends it at once.
    pub bell: Arc<Notify>,
    /// The hour digests go out, in each member's time zone.
    pub digest_hour: u8,
    /// The language of members who chose none (`instance.language`).
    pub default_lang: Lang,
    /// The instance's domain, to name it in emails.
    pub instance: String,
}

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// No SMTP server: messages become files in this folder.
    Files(PathBuf),
}

impl Mailer {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .email
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("email.from: {e}"))?;
        let transport = match &config.email.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| anyhow::anyhow!("email.smtp_url: {e}"))?
                    .build(),
            ),
            None => Transport::Files(config.data_dir.join("mail")),
        };
        Ok(Mailer {
            from,
            public_url: config.public_url(),
            transport,
            bell: Arc::new(Notify::new()),
            digest_hour: config.email.digest_hour,
            default_lang: Lang::from_code(&config.language).unwrap_or(Lang::En),
            instance: config.domain.clone(),
        })
    }

    /// An absolute link to a path of ours.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Wakes the worker (after the transaction that queued a message).
    pub fn ring(&self) {
        self.bell.notify_one();
    }
}

/// One message to one person.
pub struct Email {
    /// The member it is for, if it is for a member (kept for the admin's
    /// list and so a deleted account's queue goes with it).
    pub account_id: Option<i64>,
    pub to_address: String,
    /// The recipient's name as shown in `To:` (may be empty).
    pub to_name: String,
    /// What it is, e.g. `notification`, `digest.weekly`, `password_reset`.
    pub kind: &'static str,
    /// The language it is written in (`Content-Language`).
    pub lang: &'static str,
    pub subject: String,
    pub text: String,
    /// A complete HTML document, escaped by whoever built it.
    pub html: String,
    /// A one-click unsubscribe URL (RFC 8058), for notification emails.
    pub unsubscribe: Option<String>,
}

/// `List-Unsubscribe: <https://…>` (RFC 2369).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): mail
/// clients may unsubscribe with one POST, without opening a page.
#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// `Content-Language` (RFC 3282).
#[derive(Clone)]
struct ContentLanguage(&'static str);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Err("not parsed".into())
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.to_owned())
    }
}

/// Formats `email` and queues it, in the caller's transaction. Returns the
/// queue row's id. Call [`Mailer::ring`] after committing.
pub async fn enqueue(tx: &mut Tx, mailer: &Mailer, email: Email) -> AppResult<i64> {
    let address = email
        .to_address
        .parse()
        .map_err(|_| AppError::invalid("email: not an email address like name@example.org"))?;
    let name = Some(email.to_name.clone()).filter(|n| !n.trim().is_empty());
    // `<random@our-host>`: fixed here, so a retry is recognisably the same
    // message to the receiving server and to the reader's client.
    let host = mailer
        .public_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split([':', '/']).next())
        .unwrap_or("localhost");
    let id = crate::accounts::tokens::hash_secret(&crate::accounts::tokens::new_secret());
    let mut builder = Message::builder()
        .message_id(Some(format!("<{}@{host}>", &id[..32])))
        .from(mailer.from.clone())
        .to(Mailbox::new(name, address))
        .subject(email.subject.clone())
        .header(ContentLanguage(email.lang))
        .header(header::MIME_VERSION_1_0);
    if let Some(url) = &email.unsubscribe {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    let message = builder
        .multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            email.html.clone(),
        ))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot build an email: {e}")))?;
    // lettre encodes non-ASCII headers and bodies, so the message is ASCII.
    let formatted = String::from_utf8(message.formatted())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("email is not ASCII: {e}")))?;
    let now = db::now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO mail_queue (account_id, recipient, kind, subject, message, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(email.account_id)
    .bind(&email.to_address)
    .bind(email.kind)
    .bind(&email.subject)
    .bind(&formatted)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Drops the messages still waiting for a member whose account is closing
/// (a digest must not reach an address that is no longer theirs to us).
pub async fn forget_pending(tx: &mut Tx, account_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM mail_queue WHERE account_id = $1 AND state = 'pending'")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
