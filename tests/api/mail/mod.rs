//! Email, checked from outside: the `.eml` files the instance writes when
//! no SMTP server is configured (polled with a deadline), the API and the
//! pages; for retries, the real SMTP server of `smtp_support`.
//!
//! `delivery`: emails at once, once across workers, SMTP failures,
//! invitations, the admin's outbox; `digests`: daily and weekly;
//! `preferences`: what members choose, unsubscribing, private spaces.

mod delivery;
mod digests;
mod preferences;

use std::time::Duration;

use agora::notifications::{self, New};
use jiff::civil::Weekday;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Backend, TestApp, User};

/// One email as the instance wrote it.
#[derive(Debug, Clone)]
pub(super) struct Eml {
    pub(super) file: String,
    pub(super) to: String,
    pub(super) subject: String,
    /// The header block, as sent.
    pub(super) headers: String,
    pub(super) text: String,
    pub(super) html: String,
}

impl Eml {
    pub(super) fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
    }

    /// The one-click unsubscribe address from `List-Unsubscribe`.
    pub(super) fn unsubscribe_url(&self) -> String {
        self.header("List-Unsubscribe")
            .expect("List-Unsubscribe")
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned()
    }
}

pub(super) fn read_mail(app: &TestApp) -> Vec<Eml> {
    let folder = app.state.config.data_dir.join("mail");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let raw = std::fs::read(folder.join(&name)).expect("read .eml");
            let message = mail_parser::MessageParser::default()
                .parse(&raw)
                .expect("a parsable message");
            let raw = String::from_utf8_lossy(&raw).into_owned();
            let headers = raw
                .split("\r\n\r\n")
                .next()
                .unwrap_or_default()
                .replace("\r\n ", " ");
            Eml {
                to: message
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned(),
                subject: message.subject().unwrap_or_default().to_owned(),
                text: message.body_text(0).unwrap_or_default().into_owned(),
                html: message.body_html(0).unwrap_or_default().into_owned(),
                headers,
                file: name,
            }
        })
        .collect()
}

/// The emails of `kind` (as in the file name: `notification`,
/// `digest-daily`…) to `address`.
pub(super) fn mail_to(app: &TestApp, kind: &str, address: &str) -> Vec<Eml> {
    let suffix = format!("-{kind}.eml");
    read_mail(app)
        .into_iter()
        .filter(|m| m.file.ends_with(&suffix) && m.to == address)
        .collect()
}

/// Waits (at most 20 s) until `count` emails of `kind` reached `address`.
pub(super) async fn wait_for_mail(
    app: &TestApp,
    kind: &str,
    address: &str,
    count: usize,
) -> Vec<Eml> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let found = mail_to(app, kind, address);
        if found.len() >= count {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited 20 s for {count} {kind} email(s) to {address}; have {}: {:?}",
            found.len(),
            read_mail(app).iter().map(|m| &m.file).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(super) async fn account_id(app: &TestApp, name: &str) -> i64 {
    agora::accounts::find_by_username(&app.state.db, name)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// What a producer does: tells `to` about `new`, in a transaction.
pub(super) async fn notify(app: &TestApp, to: &str, new: New) {
    let id = account_id(app, to).await;
    let mut tx = app.state.db.begin().await.unwrap();
    notifications::notify(&mut tx, id, &new).await.unwrap();
    tx.commit().await.unwrap();
}

pub(super) async fn set_language(app: &TestApp, user: &User, lang: &str) {
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(user),
            json!({"ui_language": lang}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

pub(super) async fn prefer(app: &TestApp, user: &User, body: Value) -> Value {
    let (status, answer) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(user),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

/// What applies to `category` for all spaces, from the API.
pub(super) fn everywhere(preferences: &Value, category: &str) -> String {
    preferences["everywhere"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == category)
        .map(|c| c["delivery"].as_str().unwrap().to_owned())
        .unwrap()
}

/// The digest hour for a test: twelve hours from now, so the clock-driven
/// worker never finds a digest due while the test runs; the test passes
/// its own "now" to `send_digests`.
pub(super) fn digest_hour() -> u8 {
    let hour = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .hour();
    ((hour + 12) % 24) as u8
}

/// A minute past the next digest time (the next Monday's, for weekly).
pub(super) fn next_digest_time(hour: u8, weekly: bool) -> i64 {
    let now = jiff::Timestamp::now();
    let mut date = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    loop {
        let at = date
            .at(hour as i8, 1, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp();
        if at > now && (!weekly || date.weekday() == Weekday::Monday) {
            return at.as_microsecond();
        }
        date = date.tomorrow().unwrap();
    }
}

pub(super) async fn spawn(backend: Backend) -> (TestApp, u8) {
    let hour = digest_hour();
    let app = TestApp::spawn_with(backend, |config| config.email.digest_hour = hour).await;
    (app, hour)
}
