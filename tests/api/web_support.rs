//! A browser stand-in for the web interface's tests: keeps cookies, echoes
//! the CSRF token in every form, and never follows redirects by itself.

use std::collections::BTreeMap;
use std::sync::Mutex;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};

use crate::support::{TestApp, User};

/// What a page request answered.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    /// Where a redirect points.
    pub fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `Set-Cookie` lines of the answer.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "the page ({}) lacks {needle:?}:\n{}",
            self.status,
            self.body
        );
    }
}

pub struct Browser {
    base: String,
    http: reqwest::Client,
    cookies: Mutex<BTreeMap<String, String>>,
    accept_language: Option<String>,
}

impl Browser {
    pub fn new(app: &TestApp) -> Browser {
        Browser {
            base: app.base.clone(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: Mutex::new(BTreeMap::new()),
            accept_language: None,
        }
    }

    pub fn with_language(mut self, accept_language: &str) -> Browser {
        self.accept_language = Some(accept_language.to_owned());
        self
    }

    /// A browser signed in as `user` (through the sign-in form).
    pub async fn signed_in(app: &TestApp, user: &User) -> Browser {
        let browser = Browser::new(app);
        browser.sign_in(&user.name).await;
        browser
    }

    pub async fn sign_in(&self, name: &str) {
        self.get("/login").await;
        let page = self
            .submit(
                "/login",
                &[("login", name), ("password", "a long enough password")],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert!(self.cookie("agora_session").is_some());
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.lock().unwrap().get(name).cloned()
    }

    /// The CSRF token forms must echo (after at least one page was seen).
    pub fn csrf(&self) -> String {
        self.cookie("agora_csrf").expect("a page was loaded first")
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&self, request: reqwest::RequestBuilder) -> Page {
        let mut request = request.header("cookie", self.cookie_header()).header(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        );
        if let Some(lang) = &self.accept_language {
            request = request.header("accept-language", lang);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        for line in headers.get_all(SET_COOKIE) {
            let line = line.to_str().unwrap_or_default();
            let pair = line.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                let mut jar = self.cookies.lock().unwrap();
                if line.contains("Max-Age=0") {
                    jar.remove(name);
                } else {
                    jar.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let body = response.text().await.expect("body");
        Page {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        self.finish(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    /// Sends a form as a browser would, with the CSRF token.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.cookie("agora_csrf").is_none() {
            self.get("/").await;
        }
        let mut all = vec![("csrf".to_owned(), self.csrf())];
        all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.submit_raw(path, &all).await
    }

    /// Sends exactly these fields (no token added).
    pub async fn submit_raw(&self, path: &str, fields: &[(String, String)]) -> Page {
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.finish(
            self.http
                .post(format!("{}{path}", self.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body),
        )
        .await
    }

    /// Sends a form as a browser would, in chunks of 16 KiB with no
    /// declared length (`Transfer-Encoding: chunked`).
    pub async fn submit_chunked(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.cookie("agora_csrf").is_none() {
            self.get("/").await;
        }
        let mut all = vec![("csrf".to_owned(), self.csrf())];
        all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let body: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&all)
            .finish();
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = body
            .into_bytes()
            .chunks(16 * 1024)
            .map(|c| Ok(c.to_vec()))
            .collect();
        let stream = futures_util::stream::iter(chunks);
        self.finish(
            self.http
                .post(format!("{}{path}", self.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(reqwest::Body::wrap_stream(stream)),
        )
        .await
    }

    /// Sends a multipart form (text fields, then one file), with the token.
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Page {
        self.upload_files(path, fields, "file", &[(file_name, bytes)])
            .await
    }

    /// Sends a multipart form: text fields, then files under one name (as
    /// an `<input type=file multiple>` sends them), with the token.
    pub async fn upload_files(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        name: &str,
        files: &[(&str, Vec<u8>)],
    ) -> Page {
        if self.cookie("agora_csrf").is_none() {
            self.get("/").await;
        }
        let boundary = "agora-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        let mut text = vec![("csrf".to_owned(), self.csrf())];
        text.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        for (field, value) in text {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        for (file_name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.finish(
            self.http
                .post(format!("{}{path}", self.base))
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(body),
        )
        .await
    }
}
