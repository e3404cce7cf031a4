//! Newsletters (issue 17 point 7), the public side: a letter's page (its
//! archive, and subscribing: a member at once, a reader by email with
//! double opt-in), each issue's page in its languages, and the pages the
//! emails link to. The confirm and unsubscribe links follow the guests'
//! rule: a GET shows a button (mail scanners open links), the POST acts,
//! and the token in the address is the authority, so those POSTs carry no
//! CSRF token (and a mail client's RFC 8058 one-click POST works).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::newsletter::{self, Edition, IssueView, sending, subscribers};
use crate::web::field_errors::{FieldErrors, Refusable, answer};
use crate::web::{Ctx, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/newsletter", get(instance_letter))
        .route("/s/{space}/newsletter", get(space_letter))
        .route("/newsletter/{id}", get(issue_page))
        .route("/newsletter/subscribe", post(subscribe))
        .route(
            "/newsletter/confirm/{token}",
            get(confirm_page).post(confirm),
        )
        .route(
            "/newsletter/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

/// An issue in a list: its subject in the reader's language where there
/// is one.
pub struct Listed {
    pub id: i64,
    pub subject: String,
    pub sent_at: String,
}

#[derive(Template)]
#[template(path = "newsletter.html", config = "src/web/askama.toml")]
struct LetterPage {
    c: Ctx,
    /// The space's slug, for a space's letter.
    space: Option<String>,
    name: String,
    issues: Vec<Listed>,
    /// A member: the language they receive it in, if they do.
    member_language: Option<String>,
    /// After the readers' form.
    sent: bool,
    /// The viewer writes this letter.
    can_edit: bool,
    /// The readers' form: empty, or as sent when refused.
    reader: Reader,
}

/// A reader's subscription as typed, and why it was refused.
struct Reader {
    email: String,
    /// A language code; empty: the reader's interface language.
    language: String,
    errors: FieldErrors,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            email: String::new(),
            language: String::new(),
            errors: FieldErrors::new(PREFIX),
        }
    }
}

/// Before the readers' form's element ids.
const PREFIX: &str = "subscribe";

impl LetterPage {
    /// Whether the readers' form shows `code` chosen.
    fn language_is(&self, code: &str) -> bool {
        match self.reader.language.as_str() {
            "" => self.c.lang().code() == code,
            typed => typed == code,
        }
    }
}

/// What the domain refuses of a reader's subscription. Only the address's
/// shape: whether it is subscribed already is never said.
const READER_REFUSABLE: [Refusable; 2] = [
    ("email", "email", "register-error-email"),
    ("language", "language", "form-error-choice"),
];

#[derive(Deserialize, Default)]
struct SentQuery {
    sent: Option<String>,
}

async fn letter(
    state: &AppState,
    c: Ctx,
    space: Option<String>,
    sent: bool,
    reader: Reader,
) -> AppResult<Response> {
    let id = newsletter::letter_of(&state.db, space.as_deref(), c.me.as_ref()).await?;
    let name = sending::letter_name(&state.db, &state.mailer, id).await?;
    let lang = c.lang().code();
    let issues = newsletter::archive(&state.db, id, 50)
        .await?
        .into_iter()
        .filter_map(|issue| {
            let edition = newsletter::edition_for(&issue, lang)?;
            Some(Listed {
                id: issue.id,
                subject: edition.subject.clone(),
                sent_at: issue.sent_at.clone().unwrap_or_default(),
            })
        })
        .collect();
    let member_language = match &c.me {
        Some(me) => subscribers::of_member(&state.db, me.id, id).await?,
        None => None,
    };
    let can_edit = match &c.me {
        Some(me) => newsletter::require_editor(&state.db, me, id).await.is_ok(),
        None => false,
    };
    let page = LetterPage {
        c,
        space,
        name,
        issues,
        member_language,
        sent,
        can_edit,
        reader,
    };
    let refused_form = !page.reader.errors.is_empty();
    answer(page, refused_form)
}

async fn instance_letter(
    State(state): State<AppState>,
    c: Ctx,
    Query(query): Query<SentQuery>,
) -> AppResult<Response> {
    letter(&state, c, None, query.sent.is_some(), Reader::default()).await
}

async fn space_letter(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Query(query): Query<SentQuery>,
) -> AppResult<Response> {
    let sent = query.sent.is_some();
    letter(&state, c, Some(space), sent, Reader::default()).await
}

#[derive(Deserialize)]
struct SubscribeForm {
    #[serde(default)]
    space: String,
    /// A reader's address; absent for a member.
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
    /// A member: `subscribe` or `unsubscribe`.
    #[serde(default)]
    action: String,
}

async fn subscribe(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<SubscribeForm>,
) -> AppResult<Response> {
    let space = Some(form.space.trim().to_owned()).filter(|s| !s.is_empty());
    let id = newsletter::letter_of(&state.db, space.as_deref(), c.me.as_ref()).await?;
    let page = match &space {
        Some(slug) => format!("/s/{slug}/newsletter"),
        None => "/newsletter".to_owned(),
    };
    let language = match form.language.trim() {
        "" => c.lang().code().to_owned(),
        other => other.to_owned(),
    };
    if let Some(me) = &c.me {
        match form.action.as_str() {
            "unsubscribe" => subscribers::unsubscribe_member(&state.db, me, id).await?,
            _ => subscribers::subscribe_member(&state.db, me, id, &language).await?,
        }
        return Ok(see_other(&page));
    }
    let name = sending::letter_name(&state.db, &state.mailer, id).await?;
    let subscribed =
        subscribers::subscribe_reader(&state.db, &state.mailer, id, &name, &form.email, &language)
            .await;
    match subscribed {
        Ok(()) => Ok(see_other(&format!("{page}?sent=1"))),
        Err(e) => {
            // An address that is not one comes back by its field, kept.
            let errors = FieldErrors::from_refusal(PREFIX, &e, &READER_REFUSABLE).ok_or(e)?;
            let reader = Reader {
                email: form.email,
                language: form.language,
                errors,
            };
            letter(&state, c, space, false, reader).await
        }
    }
}

#[derive(Template)]
#[template(path = "newsletter_issue.html", config = "src/web/askama.toml")]
struct IssuePage {
    c: Ctx,
    issue: IssueView,
    edition: Edition,
    paragraphs: Vec<String>,
    /// The letter's page and name.
    letter_page: String,
    name: String,
}

#[derive(Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
}

async fn issue_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(query): Query<LangQuery>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound("issue"))?;
    let issue = newsletter::published(&state.db, id).await?;
    let language = query.lang.unwrap_or_else(|| c.lang().code().to_owned());
    let edition = newsletter::edition_for(&issue, &language)
        .cloned()
        .ok_or(AppError::NotFound("issue"))?;
    let name = sending::letter_name(&state.db, &state.mailer, issue.space_id).await?;
    let letter_page = match issue.space_id {
        Some(space) => {
            let access = crate::spaces::find_visible_by_id(&state.db, space, None).await?;
            format!("/s/{}/newsletter", access.space.slug)
        }
        None => "/newsletter".to_owned(),
    };
    html(IssuePage {
        c,
        paragraphs: sending::paragraphs(&edition.body),
        edition,
        issue,
        letter_page,
        name,
    })
}

#[derive(Template)]
#[template(path = "newsletter_link.html", config = "src/web/askama.toml")]
struct LinkPage {
    c: Ctx,
    /// `confirm` or `unsubscribe`.
    step: &'static str,
    token: String,
    name: String,
    done: bool,
}

async fn link_page(
    state: &AppState,
    c: Ctx,
    step: &'static str,
    token: String,
    target: subscribers::Target,
    done: bool,
) -> AppResult<Response> {
    let name = sending::letter_name(&state.db, &state.mailer, target.space_id).await?;
    html(LinkPage {
        c,
        step,
        token,
        name,
        done,
    })
}

async fn confirm_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let target = subscribers::find(&state.db, &token).await?;
    let done = target.confirmed;
    link_page(&state, c, "confirm", token, target, done).await
}

async fn confirm(
    State(state): State<AppState>,
    c: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let target = subscribers::confirm(&state.db, &token).await?;
    link_page(&state, c, "confirm", token, target, true).await
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let target = subscribers::find(&state.db, &token).await?;
    let done = !target.subscribed && target.confirmed;
    link_page(&state, c, "unsubscribe", token, target, done).await
}

/// RFC 8058 one-click, and the page's button.
async fn unsubscribe(
    State(state): State<AppState>,
    c: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let target = subscribers::unsubscribe(&state.db, &token).await?;
    link_page(&state, c, "unsubscribe", token, target, true).await
}
