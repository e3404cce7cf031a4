//! Personal data: the export archive, closing an account (content deleted
//! or anonymised), profile visibility, and the privacy notice.
//!
//! `export`: the archive; `closing`: deleting an account either way, the
//! hand-over rules, the actor's `Delete`; `visibility`: who sees a profile,
//! the privacy notice, the settings pages.

mod closing;
mod export;
mod visibility;

use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::Read;
use std::time::{Duration, Instant};

const PASSWORD: &str = "a long enough password";

impl TestApp {
    async fn upload_file(&self, user: &User, space: &str, name: &str, bytes: &[u8]) -> Value {
        let response = self
            .client
            .post(format!(
                "{}/api/v1/spaces/{space}/library/files?filename={name}&title={name}",
                self.base
            ))
            .bearer_auth(&user.token)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    async fn comment_on(&self, user: &User, post: i64, body: &str) -> i64 {
        let (status, comment) = self
            .post(
                &format!("/api/v1/posts/{post}/comments"),
                Some(user),
                json!({ "body": body }),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{comment}");
        // The answer is the thread: top-level comments, newest last.
        comment
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["body"] == body)
            .and_then(|c| c["id"].as_i64())
            .unwrap()
    }

    async fn close_account(
        &self,
        user: &User,
        password: &str,
        content: &str,
    ) -> (StatusCode, Value) {
        self.request(
            reqwest::Method::DELETE,
            "/api/v1/accounts/me",
            Some(user),
            Some(json!({ "password": password, "content": content })),
        )
        .await
    }

    async fn export(&self, user: &User) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
        let response = self
            .client
            .get(format!("{}/api/v1/accounts/me/export", self.base))
            .bearer_auth(&user.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/zip");
        let disposition = response.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"agora-"),
            "{disposition}"
        );
        let bytes = response.bytes().await.unwrap().to_vec();
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap()
    }

    async fn sign_in_status(&self, login: &str) -> StatusCode {
        self.post(
            "/api/v1/sessions",
            None,
            json!({ "login": login, "password": PASSWORD }),
        )
        .await
        .0
    }
}

pub(super) fn entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    name: &str,
) -> Vec<u8> {
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is in the archive"));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

pub(super) fn json_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>,
    name: &str,
) -> Value {
    serde_json::from_slice(&entry(archive, name)).unwrap()
}
