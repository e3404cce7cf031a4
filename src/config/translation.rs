//! The `[translation]` section: the LibreTranslate-compatible server that
//! translates content for readers (see `crate::translation`).

use std::time::Duration;

use super::{ConfigError, parse_bool};

/// Where and how content is translated. Off when `url` is empty.
#[derive(Clone)]
pub struct TranslationSettings {
    /// The server's base URL, e.g. `http://127.0.0.1:5000`; `None`: no
    /// translation, and no Translate button anywhere.
    pub url: Option<url::Url>,
    /// The server's API key, if it asks for one.
    pub key: Option<String>,
    /// Whether content of private spaces may be sent: only for a server the
    /// admin runs themselves.
    pub private_content: bool,
    /// The most characters sent for one piece of content.
    pub max_chars: usize,
    /// How long one answer may take.
    pub timeout: Duration,
    /// Texts one member may have translated (not counting those already
    /// translated for someone) per hour.
    pub per_account_per_hour: u32,
}

impl std::fmt::Debug for TranslationSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TranslationSettings")
            .field("url", &self.url.as_ref().map(url::Url::as_str))
            .field("key", &self.key.as_ref().map(|_| "(set)"))
            .field("private_content", &self.private_content)
            .field("max_chars", &self.max_chars)
            .field("timeout", &self.timeout)
            .field("per_account_per_hour", &self.per_account_per_hour)
            .finish()
    }
}

/// A setting's check: `Err` says why the value is wrong.
type Check<'a> = &'a dyn Fn(&str) -> Result<(), String>;

fn parse_url(value: &str) -> Result<Option<url::Url>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let url = url::Url::parse(value)
        .map_err(|_| format!("\"{value}\" is not a URL like http://127.0.0.1:5000"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("\"{value}\" must be an http:// or https:// URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("\"{value}\" must have no ?query or #fragment"));
    }
    Ok(Some(url))
}

fn number(min: u64, max: u64) -> impl Fn(&str) -> Result<(), String> {
    move |v| match v.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(()),
        _ => Err(format!("\"{v}\" must be a number between {min} and {max}")),
    }
}

pub(super) fn translation_settings(
    parse: &dyn Fn(&str, Check) -> Result<String, ConfigError>,
) -> Result<TranslationSettings, ConfigError> {
    let url = parse_url(&parse("translation.url", &|v| parse_url(v).map(|_| ()))?)
        .map_err(ConfigError)?;
    let key = parse("translation.key", &|v| {
        if v.chars().any(char::is_control) {
            Err("must be one line".into())
        } else {
            Ok(())
        }
    })?;
    let key = Some(key.trim().to_owned()).filter(|k| !k.is_empty());
    let private_content = parse_bool(&parse("translation.private_content", &|v| {
        parse_bool(v).map(|_| ())
    })?)
    .unwrap_or(false);
    let read = |key: &str, min, max| -> Result<u64, ConfigError> {
        parse(key, &number(min, max))?
            .parse()
            .map_err(|_| ConfigError(key.into()))
    };
    let max_chars = read("translation.max_chars", 100, 1_000_000)? as usize;
    let timeout = Duration::from_secs(read("translation.timeout_secs", 1, 300)?);
    let per_account_per_hour = read("translation.per_account_per_hour", 1, 100_000)? as u32;
    Ok(TranslationSettings {
        url,
        key,
        private_content,
        max_chars,
        timeout,
        per_account_per_hour,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked() {
        assert_eq!(parse_url("").unwrap(), None);
        assert!(parse_url("http://127.0.0.1:5000").unwrap().is_some());
        assert!(
            parse_url("https://translate.example.org/lt/")
                .unwrap()
                .is_some()
        );
        for bad in [
            "127.0.0.1:5000",
            "ftp://x.org",
            "http://x.org/?k=1",
            "nonsense",
        ] {
            assert!(parse_url(bad).is_err(), "{bad}");
        }
    }
}
