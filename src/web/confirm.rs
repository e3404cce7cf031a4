//! Asking before a destructive action, with or without JavaScript (issue
//! 19 point 3).
//!
//! A destructive form carries its question (`confirm`, in the reader's
//! language, the same words as its `data-confirm`) and `confirmed=0`.
//! With JavaScript, `app.js` asks in the browser's dialog and sends
//! `confirmed=1` when the answer is yes. Without it the form arrives with
//! `confirmed=0`, and this layer answers with a page that asks the
//! question and offers the same form again with `confirmed=1`: the handler
//! never sees the first request. Only a form with the right CSRF token is
//! asked about (any other goes on, to be refused as usual), so no other
//! site can put words on our pages. Forms without `confirmed` (the API,
//! scripts, tests that mean it) are untouched.

use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, REFERER};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;

use super::Ctx;
use super::forms::{check_origin, same};
use crate::AppState;
use crate::error::AppError;

/// The largest form read here (the forms asked about are buttons).
const LIMIT: usize = 64 * 1024;

#[derive(Template)]
#[template(path = "confirm.html", config = "src/web/askama.toml")]
struct ConfirmPage {
    c: Ctx,
    question: String,
    action: String,
    /// The form's fields, sent again (`csrf` among them).
    fields: Vec<(String, String)>,
    /// Where "No" leads: the page the form was on.
    back: String,
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

fn is_form(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).is_some_and(|v| {
        v.as_bytes()
            .starts_with(b"application/x-www-form-urlencoded")
    })
}

/// The page the form was on, if it is one of ours.
fn back(headers: &HeaderMap) -> String {
    headers
        .get(REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned())
}

/// What the layer read of a form: all of it, or, past [`LIMIT`], the
/// body again whole (what was read, then the rest unread) to pass on.
enum Read {
    Short(Bytes),
    Long(Body),
}

/// Reads at most [`LIMIT`] bytes of `body`, whether its length was
/// declared or it comes in chunks.
async fn read_short(body: Body) -> Result<Read, AppError> {
    let mut stream = body.into_data_stream();
    let mut read: Vec<Bytes> = Vec::new();
    let mut length = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("this form was cut short".into()))?;
        length += chunk.len();
        read.push(chunk);
        if length > LIMIT {
            let again = futures_util::stream::iter(read.into_iter().map(Ok)).chain(stream);
            return Ok(Read::Long(Body::from_stream(again)));
        }
    }
    Ok(Read::Short(read.concat().into()))
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST || !is_form(request.headers()) {
        return next.run(request).await;
    }
    // A form longer than any button (a note's text) asks no question: it
    // goes on whole, for its handler to take or refuse next to a field.
    if declared_length(request.headers()).is_some_and(|n| n > LIMIT) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let bytes = match read_short(body).await {
        Ok(Read::Short(bytes)) => bytes,
        Ok(Read::Long(body)) => return next.run(Request::from_parts(parts, body)).await,
        Err(e) => return e.into_response(),
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let asks = fields.iter().any(|(k, v)| k == "confirmed" && v == "0");
    let token_ok = asks
        && check_origin(&parts).is_ok_and(|expected| {
            fields
                .iter()
                .any(|(k, v)| k == "csrf" && same(v, &expected))
        });
    if !token_ok {
        return next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
    }
    let c = match Ctx::from_request_parts(&mut parts, &state).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let question = fields
        .iter()
        .find(|(k, _)| k == "confirm")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|q| !q.is_empty())
        .unwrap_or_else(|| c.t.get("confirm-question"));
    let fields = fields
        .into_iter()
        .filter(|(k, _)| k != "confirm" && k != "confirmed")
        .collect();
    let page = ConfirmPage {
        question,
        action: parts.uri.path().to_owned(),
        fields,
        back: back(&parts.headers),
        c,
    };
    super::html(page).into_response()
}
