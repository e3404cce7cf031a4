//! Talking to a LibreTranslate-compatible server: `POST {url}/translate`
//! with `{q, source, target, format: "html", api_key?}`, answered by
//! `{translatedText, detectedLanguage?}`
//! (<https://docs.libretranslate.com/guides/api_usage/>).
//!
//! This client is not the federation client (`federation::client`), on
//! purpose: that one refuses loopback and private addresses, because the
//! URLs it fetches come from other servers; this one only ever reaches the
//! URL the admin wrote in `translation.url`, which is typically
//! `http://127.0.0.1:5000`. It follows no redirect (a redirect could lead
//! it anywhere), waits `translation.timeout_secs` at most, and reads at
//! most [`MAX_ANSWER_BYTES`] of an answer.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::TranslationSettings;

/// Answers longer than this are not read: a translation is a few times
/// its source at most, and `translation.max_chars` bounds the source.
const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

/// Why the server gave no usable translation. None of these is cached.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Not reachable, or it answered with an error status.
    #[error("the translation server is unavailable: {0}")]
    Unavailable(String),
    #[error("the translation server did not answer in time")]
    Timeout,
    /// An answer that is not what the API describes.
    #[error("the translation server answered with something unusable: {0}")]
    Garbage(String),
}

/// One request. `q` is a list, so a title and a body go in one call.
#[derive(Serialize)]
struct TranslateRequest<'a> {
    q: &'a [String],
    source: &'a str,
    target: &'a str,
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key: Option<&'a str>,
}

#[derive(Deserialize)]
struct Detected {
    language: String,
}

/// LibreTranslate answers a list `q` with lists; `detectedLanguage` is
/// there only for `source: "auto"`, one per text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TranslateAnswer {
    translated_text: Vec<String>,
    #[serde(default)]
    detected_language: Option<OneOrMany<Detected>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

/// What came back: one translated text per text sent, and the source
/// language the server detected, when asked to.
pub struct Translated {
    pub texts: Vec<String>,
    pub detected: Option<String>,
}

/// The configured server.
#[derive(Clone)]
pub struct Server {
    http: reqwest::Client,
    endpoint: url::Url,
    key: Option<String>,
}

impl Server {
    pub fn new(settings: &TranslationSettings, base: &url::Url) -> anyhow::Result<Server> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5).min(settings.timeout))
            .timeout(settings.timeout)
            .user_agent(format!("Agora/{}", env!("CARGO_PKG_VERSION")))
            .build()?;
        // `http://host:5000` and `http://host:5000/lt/` both work.
        let mut base = base.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        Ok(Server {
            http,
            endpoint: base.join("translate")?,
            key: settings.key.clone(),
        })
    }

    /// Translates `texts` (HTML) from `source` (a language code, or
    /// `auto`) into `target`.
    pub async fn translate(
        &self,
        texts: &[String],
        source: &str,
        target: &str,
    ) -> Result<Translated, ServerError> {
        let request = TranslateRequest {
            q: texts,
            source,
            target,
            format: "html",
            api_key: self.key.as_deref(),
        };
        let mut response = self
            .http
            .post(self.endpoint.clone())
            .json(&request)
            .send()
            .await
            .map_err(from_reqwest)?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(ServerError::Garbage("the answer is too large".into()));
            }
            body.extend_from_slice(&chunk);
        }
        if !status.is_success() {
            // LibreTranslate explains in `{"error": "..."}`; for the log.
            let why: String = String::from_utf8_lossy(&body)
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect();
            return Err(ServerError::Unavailable(format!("{status}: {why}")));
        }
        let answer: TranslateAnswer =
            serde_json::from_slice(&body).map_err(|e| ServerError::Garbage(e.to_string()))?;
        if answer.translated_text.len() != texts.len() {
            return Err(ServerError::Garbage(format!(
                "{} texts sent, {} translated",
                texts.len(),
                answer.translated_text.len()
            )));
        }
        let detected = match answer.detected_language {
            Some(OneOrMany::One(d)) => Some(d.language),
            Some(OneOrMany::Many(list)) => list.into_iter().next().map(|d| d.language),
            None => None,
        }
        .map(|code| code.trim().to_ascii_lowercase())
        .filter(|code| !code.is_empty() && code.len() <= 16);
        Ok(Translated {
            texts: answer.translated_text,
            detected,
        })
    }
}

fn from_reqwest(error: reqwest::Error) -> ServerError {
    if error.is_timeout() {
        ServerError::Timeout
    } else {
        // Without the URL: it may carry credentials.
        ServerError::Unavailable(error.without_url().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_both_shapes_are_read() {
        let one: TranslateAnswer = serde_json::from_str(
            r#"{"translatedText": ["a", "b"], "detectedLanguage": {"confidence": 90, "language": "fr"}}"#,
        )
        .unwrap();
        assert!(matches!(one.detected_language, Some(OneOrMany::One(_))));
        let many: TranslateAnswer = serde_json::from_str(
            r#"{"translatedText": ["a"], "detectedLanguage": [{"confidence": 90, "language": "ar"}]}"#,
        )
        .unwrap();
        assert!(matches!(many.detected_language, Some(OneOrMany::Many(_))));
        assert!(serde_json::from_str::<TranslateAnswer>(r#"{"translatedText": "a"}"#).is_err());
    }
}
