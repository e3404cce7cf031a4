//! A small LibreTranslate-compatible server for the translation tests:
//! real HTTP on 127.0.0.1, the real API shape (`POST /translate` with
//! `{q, source, target, format, api_key}`, `POST /detect`), an API key it
//! checks, and a count of the texts it was asked to translate.
//!
//! Its "translation" marks each text with the target language and, being
//! hostile on purpose, appends a `<script>` that Agora must remove.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

pub const KEY: &str = "test-key-0123456789";

/// How the server behaves for the next requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mood {
    Helpful,
    /// Answers 200 with something that is not the API's shape.
    Confused,
    /// Answers after 3 seconds.
    Slow,
}

#[derive(Clone)]
pub struct FakeLibreTranslate {
    pub url: String,
    calls: Arc<AtomicUsize>,
    /// Every text it was sent, with the source language asked for.
    received: Arc<Mutex<Vec<(String, String)>>>,
    mood: Arc<Mutex<Mood>>,
}

impl FakeLibreTranslate {
    pub async fn start() -> FakeLibreTranslate {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = FakeLibreTranslate {
            url: format!("http://{}", listener.local_addr().unwrap()),
            calls: Arc::default(),
            received: Arc::default(),
            mood: Arc::new(Mutex::new(Mood::Helpful)),
        };
        let router = axum::Router::new()
            .route("/translate", post(translate))
            .route("/detect", post(detect))
            .with_state(server.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        server
    }

    /// `/translate` requests answered so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    pub fn received(&self) -> Vec<(String, String)> {
        self.received.lock().unwrap().clone()
    }

    pub fn set_mood(&self, mood: Mood) {
        *self.mood.lock().unwrap() = mood;
    }
}

fn refuse(status: StatusCode, why: &str) -> Response {
    (status, Json(json!({"error": why}))).into_response()
}

/// French if it looks French, else English (enough for the tests).
fn guess(text: &str) -> &'static str {
    let french = ["le ", "la ", "les ", "des ", "est ", "é"];
    if french.iter().any(|w| text.contains(w)) {
        "fr"
    } else {
        "en"
    }
}

async fn translate(State(server): State<FakeLibreTranslate>, Json(body): Json<Value>) -> Response {
    if body["api_key"] != KEY {
        return refuse(StatusCode::FORBIDDEN, "Invalid API key");
    }
    let mood = *server.mood.lock().unwrap();
    server.calls.fetch_add(1, Ordering::SeqCst);
    if mood == Mood::Slow {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    if mood == Mood::Confused {
        return Json(json!({"translated": "?"})).into_response();
    }
    let (Some(source), Some(target)) = (body["source"].as_str(), body["target"].as_str()) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "Invalid request: missing source or target",
        );
    };
    if body["format"] != "html" {
        return refuse(StatusCode::BAD_REQUEST, "expected format html");
    }
    let texts: Vec<String> = match &body["q"] {
        Value::String(one) => vec![one.clone()],
        Value::Array(many) => many
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect(),
        _ => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "Invalid request: missing q parameter",
            );
        }
    };
    {
        let mut received = server.received.lock().unwrap();
        for text in &texts {
            received.push((source.to_owned(), text.clone()));
        }
    }
    let translated: Vec<Value> = texts
        .iter()
        .map(|t| Value::String(format!("[{target}] {t}<script>alert('x')</script>")))
        .collect();
    let mut answer = json!({"translatedText": translated});
    if source == "auto" {
        let detected: Vec<Value> = texts
            .iter()
            .map(|t| json!({"confidence": 90.0, "language": guess(t)}))
            .collect();
        answer["detectedLanguage"] = Value::Array(detected);
    }
    Json(answer).into_response()
}

async fn detect(State(_): State<FakeLibreTranslate>, Json(body): Json<Value>) -> Response {
    if body["api_key"] != KEY {
        return refuse(StatusCode::FORBIDDEN, "Invalid API key");
    }
    let text = body["q"].as_str().unwrap_or_default();
    Json(json!([{"confidence": 90.0, "language": guess(text)}])).into_response()
}
