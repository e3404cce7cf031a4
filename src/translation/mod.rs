//! Machine translation of posts, comments, events and library notes into
//! the reader's language, through a LibreTranslate-compatible server the
//! admin configures (`[translation]`; docs/admin.md, "Translation").
//!
//! - Who may ask: signed-in members only, for content they can open (each
//!   domain module's visibility check, in [`source`]). A request that
//!   reaches the server counts against the member's hourly allowance
//!   ([`limiter`]); one answered from the cache does not.
//! - What may leave: content of private spaces only when the admin has
//!   declared the server their own (`translation.private_content`). That
//!   rule is [`Translator::may_send`], used both to offer the button and to
//!   refuse the request.
//! - What comes back is untrusted HTML: it is sanitised with the same
//!   cleaner as members' own markdown before it is stored or shown.
//! - Each translation is kept ([`cache`]) per text version (a hash of what
//!   was sent) and language: the same text is translated once; an edit is
//!   a new text. Failures are never cached.

mod cache;
mod client;
mod limiter;
pub mod source;

use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::AppState;
use crate::accounts::Account;
use crate::config::TranslationSettings;
use crate::error::AppError;
use crate::markdown::{escape_html, plain_text, sanitize_html};
use crate::spaces::{SpaceAccess, Visibility};
use crate::text_enum::text_enum;
pub use client::ServerError;

text_enum! {
    /// What can be translated.
    pub enum Translatable {
        Post = "post",
        Comment = "comment",
        Event = "event",
        /// A library item of kind `note`.
        LibraryNote = "library_note",
    }
}

/// The translation server, its rules and the members' allowances.
pub struct Translator {
    settings: TranslationSettings,
    /// `None`: translation is off.
    server: Option<client::Server>,
    limiter: limiter::Limiter,
}

/// Why nothing was translated. Each has its own message in the reader's
/// language on the web, and its own status in the API.
#[derive(Debug, thiserror::Error)]
pub enum TranslationError {
    #[error("translation is not configured on this instance")]
    Off,
    #[error(
        "content of private spaces is not sent to this instance's translation server \
         (translation.private_content is false)"
    )]
    Private,
    #[error("this text is already in {0}")]
    SameLanguage(String),
    #[error("this text is too long to be translated here (more than {0} characters)")]
    TooLong(usize),
    #[error("you have asked for many translations this hour")]
    TooMany(Duration),
    #[error(transparent)]
    Server(#[from] ServerError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<TranslationError> for AppError {
    fn from(error: TranslationError) -> AppError {
        match error {
            TranslationError::Off => AppError::NotFound("translation server"),
            TranslationError::Private => AppError::forbidden(error.to_string()),
            TranslationError::SameLanguage(_) => AppError::invalid(error.to_string()),
            TranslationError::TooLong(_) => AppError::TooLarge(error.to_string()),
            TranslationError::TooMany(retry_after) => AppError::TooManyRequests { retry_after },
            TranslationError::Server(e) => AppError::BadGateway(e.to_string()),
            TranslationError::App(e) => e,
        }
    }
}

/// A text in the reader's language.
#[derive(Clone, Debug)]
pub struct Translation {
    pub kind: Translatable,
    pub id: i64,
    /// Plain text; empty for comments.
    pub title: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// The original's language, as its author gave it or as the server
    /// detected it (`und` when neither said).
    pub source_language: String,
    pub target: String,
    /// The page of the original.
    pub page: String,
    /// Whether it came from the cache.
    pub cached: bool,
}

impl Translator {
    pub fn new(settings: &TranslationSettings) -> anyhow::Result<Translator> {
        let server = match &settings.url {
            Some(url) => Some(client::Server::new(settings, url)?),
            None => None,
        };
        Ok(Translator {
            settings: settings.clone(),
            server,
            limiter: limiter::Limiter::new(settings.per_account_per_hour),
        })
    }

    pub fn enabled(&self) -> bool {
        self.server.is_some()
    }

    /// The one rule for what may be sent: public content always, private
    /// content only to a server the admin declared their own.
    pub fn may_send(&self, access: &SpaceAccess) -> bool {
        access.space.visibility == Visibility::Public || self.settings.private_content
    }

    /// Whether a page shows the Translate button on content of `language`
    /// (`None`: the content does not say) in this space, for a reader of
    /// `reader` (an interface language code; `None`: signed out).
    pub fn offers(
        &self,
        access: &SpaceAccess,
        language: Option<&str>,
        reader: Option<&str>,
    ) -> bool {
        let Some(reader) = reader else {
            return false;
        };
        self.enabled()
            && self.may_send(access)
            && language.and_then(source::server_language).as_deref() != Some(reader)
    }
}

/// Translates content `kind`/`id` into `target` (one of the interface
/// languages) for `reader`, from the cache when this version of the text
/// was translated into it before.
pub async fn translate(
    state: &AppState,
    reader: &Account,
    kind: Translatable,
    id: i64,
    target: &str,
) -> Result<Translation, TranslationError> {
    let translator = &state.translator;
    let Some(server) = &translator.server else {
        return Err(TranslationError::Off);
    };
    let content = source::load(state, kind, id, reader).await?;
    if !translator.may_send(&content.access) {
        return Err(TranslationError::Private);
    }
    if content.language.as_deref() == Some(target) {
        return Err(TranslationError::SameLanguage(target.to_owned()));
    }
    let mut texts = Vec::with_capacity(2);
    if !content.title.is_empty() {
        texts.push(escape_html(&content.title));
    }
    texts.push(content.body_html.clone());
    let length: usize = texts.iter().map(|t| t.chars().count()).sum();
    if length > translator.settings.max_chars {
        return Err(TranslationError::TooLong(translator.settings.max_chars));
    }
    let source_language = content.language.clone().unwrap_or_else(|| "auto".into());
    let hash = version(&source_language, &texts);
    let done = |stored: cache::Cached, cached| Translation {
        kind,
        id,
        title: stored.title,
        body_html: stored.body_html,
        source_language: stored.source_language,
        target: target.to_owned(),
        page: content.page.clone(),
        cached,
    };
    if let Some(stored) = cache::find(&state.db, kind, id, &hash, target).await? {
        return Ok(done(stored, true));
    }
    translator
        .limiter
        .take(reader.id, Instant::now())
        .map_err(TranslationError::TooMany)?;
    let answer = server
        .translate(&texts, &source_language, target)
        .await
        .inspect_err(|e| tracing::warn!(error = %e, %kind, id, "translation failed"))?;
    let mut translated = answer.texts.into_iter();
    let title = if content.title.is_empty() {
        String::new()
    } else {
        plain_text(&sanitize_html(&translated.next().unwrap_or_default()))
    };
    let body_html = sanitize_html(&translated.next().unwrap_or_default());
    if body_html.trim().is_empty() && !content.body_html.trim().is_empty() {
        return Err(ServerError::Garbage("an empty translation".into()).into());
    }
    let stored = cache::Cached {
        source_language: content
            .language
            .clone()
            .or(answer.detected)
            .unwrap_or_else(|| "und".into()),
        title,
        body_html,
    };
    cache::store(&state.db, kind, id, &hash, target, &stored).await?;
    Ok(done(stored, false))
}

/// The version of a text: what was sent, hashed.
fn version(source_language: &str, texts: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(source_language.as_bytes());
    for text in texts {
        hasher.update([0]);
        hasher.update(text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
