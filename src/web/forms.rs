//! Submitted forms: the CSRF token checked before anything else is read.
//!
//! The token is a random value in an HttpOnly cookie that every form echoes
//! in a hidden `csrf` field ("double submit"). Another site can make a
//! browser send the cookie but cannot read it to fill the field; the
//! cookie is also SameSite=Lax, and a request whose `Origin` is not this
//! host is refused outright.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{CONTENT_TYPE, HOST, ORIGIN};
use axum::http::request::Parts;
use futures_util::TryStreamExt;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::context::expected_csrf;
use crate::AppState;
use crate::error::AppError;
use crate::library::Upload as FileBody;

fn expired() -> AppError {
    AppError::forbidden(
        "this form has expired or came from another site; reload the page and send it again",
    )
}

/// Constant time, so the comparison says nothing about the token.
pub(super) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Refuses a request sent from a page of another site, and returns the
/// token the form must carry.
pub(super) fn check_origin(parts: &Parts) -> Result<String, AppError> {
    if let Some(origin) = parts.headers.get(ORIGIN) {
        let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok());
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| url::Url::parse(o).ok())
            .map(|u| match u.port() {
                Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_owned(),
            });
        if host.is_none() || origin_host.as_deref() != host {
            return Err(expired());
        }
    }
    expected_csrf(parts).ok_or_else(expired)
}

#[derive(Deserialize)]
struct Token {
    #[serde(default)]
    csrf: String,
}

/// A form that is only a button (delete, leave…): nothing but the token.
#[derive(Deserialize)]
pub struct NoFields {}

/// A URL-encoded form whose CSRF token matched.
pub struct Submitted<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Submitted<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let (parts, body) = request.into_parts();
        let expected = check_origin(&parts)?;
        let is_form = parts.headers.get(CONTENT_TYPE).is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
        if !is_form {
            return Err(AppError::UnsupportedMediaType(
                "send this form as application/x-www-form-urlencoded".into(),
            ));
        }
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        let token: Token = serde_urlencoded::from_bytes(&bytes).map_err(|_| expired())?;
        if !same(&token.csrf, &expected) {
            return Err(expired());
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(Submitted)
            .map_err(|e| AppError::BadRequest(format!("this form is incomplete: {e}")))
    }
}

/// A file's bytes as they arrive.
pub type FileStream =
    std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<Bytes, multer::Error>> + Send>>;

/// A `multipart/form-data` upload: small text fields first (the CSRF token
/// among them), then one file, streamed and never held whole.
pub struct Upload {
    pub fields: Vec<(String, String)>,
    pub file_name: String,
    /// Multipart bodies carry no per-part length. `None`: no file was
    /// chosen, which a form may answer next to its file field.
    pub file: Option<FileBody<FileStream>>,
}

impl Upload {
    fn without_file(fields: Vec<(String, String)>) -> Self {
        Upload {
            fields,
            file_name: String::new(),
            file: None,
        }
    }

    /// The file, for a form that shows no message of its own without one.
    pub fn required_file(&mut self) -> Result<FileBody<FileStream>, AppError> {
        self.file
            .take()
            .ok_or_else(|| AppError::invalid("file: choose a file to upload"))
    }

    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Text fields before the file: a handful, each short.
const MAX_FIELDS: usize = 20;
const MAX_FIELD_BYTES: usize = 10_000;

/// The CSRF token among the fields sent before the file.
fn check_token(fields: &[(String, String)], expected: &str) -> Result<(), AppError> {
    let token = fields
        .iter()
        .find(|(n, _)| n == "csrf")
        .map_or("", |(_, v)| v.as_str());
    if same(token, expected) {
        Ok(())
    } else {
        Err(expired())
    }
}

/// A multipart form's parts, once its origin is checked, with the CSRF
/// token its fields must carry before any file.
fn open_multipart(request: Request) -> Result<(String, multer::Multipart<'static>), AppError> {
    let (parts, body) = request.into_parts();
    let expected = check_origin(&parts)?;
    let boundary = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok())
        .ok_or_else(|| {
            AppError::UnsupportedMediaType("send this form as multipart/form-data".into())
        })?;
    Ok((
        expected,
        multer::Multipart::new(body.into_data_stream(), boundary),
    ))
}

fn malformed(e: multer::Error) -> AppError {
    AppError::BadRequest(format!("this upload is malformed: {e}"))
}

impl FromRequest<AppState> for Upload {
    type Rejection = AppError;

    async fn from_request(request: Request, _: &AppState) -> Result<Self, AppError> {
        let (expected, mut multipart) = open_multipart(request)?;
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            let field = multipart.next_field().await.map_err(malformed)?;
            let Some(field) = field else {
                // No file part at all: the fields alone, once the token is
                // checked.
                check_token(&fields, &expected)?;
                return Ok(Upload::without_file(fields));
            };
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(file_name) = field.file_name().map(str::to_owned) {
                check_token(&fields, &expected)?;
                if file_name.is_empty() {
                    // What a browser sends when no file was chosen.
                    return Ok(Upload::without_file(fields));
                }
                // The rest of the body is this file; anything after it is
                // ignored. The field shares the parser's state, so keeping
                // `multipart` alive alongside it is all it needs.
                let stream = field.map_ok(move |chunk| {
                    let _ = &multipart;
                    chunk
                });
                return Ok(Upload {
                    fields,
                    file_name,
                    file: Some(FileBody {
                        length: None,
                        body: Box::pin(stream),
                    }),
                });
            }
            if fields.len() >= MAX_FIELDS {
                return Err(AppError::BadRequest("this form has too many fields".into()));
            }
            let value = field.text().await.map_err(malformed)?;
            if value.len() > MAX_FIELD_BYTES {
                return Err(AppError::invalid(format!("{name}: too long")));
            }
            fields.push((name, value));
        }
    }
}

/// A form that may carry files (a post or a comment with pictures): as
/// `multipart/form-data`, its text fields and up to
/// [`media::MAX_ATTACHMENTS`] files, each read whole up to
/// [`media::MAX_BYTES`] (pictures are decoded whole anyway); or, with no
/// files, as URL-encoded. The CSRF token is checked before any file is
/// read.
pub struct WithFiles {
    pub fields: Vec<(String, String)>,
    /// `(file name, bytes)` in the order sent.
    pub files: Vec<(String, Bytes)>,
    /// Files that could not be taken (too large, too many): the rest of
    /// the form is still read, so that it can come back as typed.
    pub refused: Option<FilesRefused>,
}

/// Why the files of a [`WithFiles`] form were not taken.
#[derive(Clone, Debug)]
pub enum FilesRefused {
    /// This file is larger than [`crate::media::MAX_BYTES`].
    TooLarge(String),
    /// More than [`crate::media::MAX_ATTACHMENTS`] files.
    TooMany,
}

impl FilesRefused {
    /// The refusal, worded as the domain words it.
    pub fn error(&self) -> AppError {
        use crate::media::{MAX_ATTACHMENTS, MAX_BYTES};
        match self {
            FilesRefused::TooLarge(file_name) => AppError::TooLarge(format!(
                "{file_name}: attachments may be at most {}",
                crate::library::human_bytes(MAX_BYTES as u64)
            )),
            FilesRefused::TooMany => {
                AppError::invalid(format!("files: at most {MAX_ATTACHMENTS} attachments"))
            }
        }
    }
}

impl WithFiles {
    pub fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(String::new, |(_, v)| v.clone())
    }

    /// Makes the text fields a typed form, as [`Submitted`] would.
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        let encoded = serde_urlencoded::to_string(&self.fields)
            .map_err(|e| AppError::BadRequest(format!("this form is incomplete: {e}")))?;
        serde_urlencoded::from_str(&encoded)
            .map_err(|e| AppError::BadRequest(format!("this form is incomplete: {e}")))
    }
}

impl FromRequest<AppState> for WithFiles {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        use crate::media::{MAX_ATTACHMENTS, MAX_BYTES};
        let is_multipart = request
            .headers()
            .get(CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"multipart/form-data"));
        if !is_multipart {
            let Submitted(fields) =
                Submitted::<Vec<(String, String)>>::from_request(request, state).await?;
            return Ok(WithFiles {
                fields,
                files: Vec::new(),
                refused: None,
            });
        }
        let (expected, mut multipart) = open_multipart(request)?;
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut files = Vec::new();
        let mut refused = None;
        let mut checked = false;
        while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(file_name) = field.file_name().map(str::to_owned) {
                if !checked {
                    check_token(&fields, &expected)?;
                    checked = true;
                }
                if refused.is_some() {
                    skip(&mut field).await?;
                    continue;
                }
                let Some(bytes) = read_at_most(&mut field, MAX_BYTES).await? else {
                    skip(&mut field).await?;
                    refused = Some(FilesRefused::TooLarge(file_name));
                    continue;
                };
                // A file input left empty still sends a part, without a name.
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                if files.len() >= MAX_ATTACHMENTS {
                    refused = Some(FilesRefused::TooMany);
                    continue;
                }
                files.push((file_name, bytes));
                continue;
            }
            if fields.len() >= MAX_FIELDS {
                return Err(AppError::BadRequest("this form has too many fields".into()));
            }
            // A text too long comes back to be shortened: read it whole,
            // up to what the instance would take of a URL-encoded form.
            let limit = if name == "body" {
                (crate::posts::MAX_BODY_CHARS * 4).max(state.config.max_body_bytes)
            } else {
                MAX_FIELD_BYTES
            };
            let value = read_at_most(&mut field, limit)
                .await?
                .ok_or_else(|| AppError::invalid(format!("{name}: too long")))?;
            let value = String::from_utf8(value.to_vec())
                .map_err(|_| AppError::BadRequest(format!("{name}: not UTF-8 text")))?;
            fields.push((name, value));
        }
        check_token(&fields, &expected)?;
        if refused.is_some() {
            // Nothing of a form whose files were refused is kept.
            files.clear();
        }
        Ok(WithFiles {
            fields,
            files,
            refused,
        })
    }
}

/// Reads the rest of a part without keeping it, to get to the fields
/// after it.
async fn skip(field: &mut multer::Field<'_>) -> Result<(), AppError> {
    while field.chunk().await.map_err(malformed)?.is_some() {}
    Ok(())
}

/// A part's bytes, or `None` when there are more than `limit`.
async fn read_at_most(
    field: &mut multer::Field<'_>,
    limit: usize,
) -> Result<Option<Bytes>, AppError> {
    let mut bytes = bytes::BytesMut::new();
    while let Some(chunk) = field.chunk().await.map_err(malformed)? {
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes.freeze()))
}
