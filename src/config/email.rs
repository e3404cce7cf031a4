//! The `[email]` section: how email leaves this instance.

use super::ConfigError;

/// How email leaves this instance.
#[derive(Clone)]
pub struct EmailSettings {
    /// `smtp://host:port?tls=required`, `smtps://user:password@host`…
    /// (lettre's URL format; plain `smtp://` has no TLS); `None`: no mail
    /// server, so messages are written as `.eml` files under the data folder.
    pub smtp_url: Option<String>,
    /// The `From:` mailbox, e.g. `Agora <agora@example.org>`.
    pub from: String,
    /// The hour (0–23, in each member's time zone) daily and weekly digests
    /// go out.
    pub digest_hour: u8,
    /// Newsletter emails queued per minute (0: newsletters wait, for an
    /// instance whose relay must not be used for them, or for tests).
    pub newsletter_per_minute: u32,
}

impl std::fmt::Debug for EmailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The SMTP URL may carry a password.
        f.debug_struct("EmailSettings")
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "(set)"))
            .field("from", &self.from)
            .field("digest_hour", &self.digest_hour)
            .field("newsletter_per_minute", &self.newsletter_per_minute)
            .finish()
    }
}

/// A setting's check: `Err` says why the value is wrong.
type Check<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// The `[email]` section: an SMTP URL lettre accepts, a valid sender.
pub(super) fn email_settings(
    domain: &str,
    parse: &dyn Fn(&str, Check) -> Result<String, ConfigError>,
) -> Result<EmailSettings, ConfigError> {
    use lettre::AsyncSmtpTransport;
    let smtp_url = parse("email.smtp_url", &|v| {
        if v.trim().is_empty() {
            return Ok(());
        }
        AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(v.trim())
            .map(|_| ())
            .map_err(|e| {
                format!("not an SMTP URL like smtp://mail.example.org:587?tls=required ({e})")
            })
    })?;
    let host = domain.split(':').next().unwrap_or(domain).to_owned();
    let from = parse("email.from", &|v| {
        if v.trim().is_empty() {
            return Ok(());
        }
        v.trim()
            .parse::<lettre::message::Mailbox>()
            .map(|_| ())
            .map_err(|e| format!("\"{v}\" is not a sender like Agora <agora@example.org> ({e})"))
    })?;
    let from = if from.trim().is_empty() {
        format!("Agora <agora@{host}>")
    } else {
        from.trim().to_owned()
    };
    let digest_hour = parse("email.digest_hour", &|v| match v.parse::<u8>() {
        Ok(n) if n < 24 => Ok(()),
        _ => Err(format!("\"{v}\" must be an hour between 0 and 23")),
    })?
    .parse()
    .unwrap_or(7);
    let newsletter_per_minute =
        parse("email.newsletter_per_minute", &|v| match v.parse::<u32>() {
            Ok(n) if n <= 100_000 => Ok(()),
            _ => Err(format!(
                "\"{v}\" must be a number of emails between 0 and 100000"
            )),
        })?
        .parse()
        .unwrap_or(120);
    Ok(EmailSettings {
        smtp_url: Some(smtp_url.trim().to_owned()).filter(|u| !u.is_empty()),
        from,
        digest_hour,
        newsletter_per_minute,
    })
}
