//! Notifications: each kind reaches the right person (never the one who
//! acted, never a non-member of a private space), written out in the
//! reader's language and time zone with a link that opens; marking read;
//! the web page and the header's unread count.
//!
//! `posts`: comments, replies, mentions, reactions, new posts, private
//! spaces, remote posts; `people`: join requests and answers, invitations,
//! reports; `events`: organisers and participants; `library`: followers;
//! `reading`: marking read, the page and the header.

mod events;
mod library;
mod people;
mod posts;
mod reading;

use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;
use agora::accounts::InstanceRole;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The member's notifications, as the API lists them.
pub(super) async fn notes(app: &TestApp, user: &User) -> Vec<Value> {
    let (status, list) = app.get("/api/v1/notifications", Some(user)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

/// Those of one kind.
pub(super) async fn of_kind(app: &TestApp, user: &User, kind: &str) -> Vec<Value> {
    notes(app, user)
        .await
        .into_iter()
        .filter(|n| n["kind"] == kind)
        .collect()
}

pub(super) async fn set_language(app: &TestApp, user: &User, language: &str) {
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(user),
            json!({"ui_language": language}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

pub(super) async fn read_all(app: &TestApp, user: &User) {
    let (status, _) = app
        .post("/api/v1/notifications/read", Some(user), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

pub(super) async fn comment(app: &TestApp, user: &User, post: i64, body: Value) -> i64 {
    let (status, c) = app
        .post(&format!("/api/v1/posts/{post}/comments"), Some(user), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    // The answer is the whole thread: the new comment is the newest (ids
    // are random, so by time).
    fn ids(thread: &Value, into: &mut Vec<(String, i64)>) {
        for c in thread.as_array().unwrap() {
            // RFC 3339 with the fraction padded, so that text order is time order.
            let created = c["created_at"].as_str().unwrap().trim_end_matches('Z');
            let (seconds, fraction) = created.split_once('.').unwrap_or((created, ""));
            let created = format!("{seconds}.{fraction:0<6}");
            into.push((created, c["id"].as_i64().unwrap()));
            ids(&c["replies"], into);
        }
    }
    let mut all = Vec::new();
    ids(&c, &mut all);
    all.into_iter().max().unwrap().1
}

/// A link from a notification opens in the web interface.
pub(super) async fn opens(app: &TestApp, user: &User, link: &str) {
    let browser = Browser::signed_in(app, user).await;
    let path = link.split('#').next().unwrap();
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{link}: {}", page.body);
}

/// The one notification of `kind`.
#[track_caller]
pub(super) fn only(list: Vec<Value>) -> Value {
    assert_eq!(list.len(), 1, "{list:?}");
    list.into_iter().next().unwrap()
}
