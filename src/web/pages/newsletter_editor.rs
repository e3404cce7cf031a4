//! Newsletters, the editors' side: a letter's issues with how far each
//! went out, writing an issue (an edition per language in fixed slots,
//! picks pasted as the addresses of posts, events and library items),
//! its preview as the email itself, a test to oneself, and sending now or
//! at a time. Plain forms; the domain functions are the API's.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderValue;
use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::newsletter::{self, Edition, IssueDraft, IssueView, Pick, PickKind, sending};
use crate::web::field_errors::{FieldErrors, Refusable, refused};
use crate::web::{Ctx, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/newsletter/issues", get(issues).post(create))
        .route("/newsletter/issues/{id}/edit", get(edit_page).post(edit))
        .route("/newsletter/issues/{id}/preview", get(preview))
        .route("/newsletter/issues/{id}/test", post(test))
        .route("/newsletter/issues/{id}/send", post(send))
        .route("/newsletter/editors", post(set_editor))
}

fn issue_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound("issue"))
}

#[derive(Deserialize, Default)]
struct LetterQuery {
    space: Option<String>,
    tested: Option<String>,
}

/// One language's slot in the form.
pub struct Slot {
    pub lang: Lang,
    pub subject: String,
    pub body: String,
}

/// An issue in the editors' list.
pub struct Row {
    pub issue: IssueView,
    pub subject: String,
    /// "12 of 40 sent", once sending began.
    pub progress: Option<String>,
}

impl Row {
    /// Not yet gone out: it can be changed, tested and sent.
    pub fn open(&self) -> bool {
        matches!(
            self.issue.state,
            newsletter::IssueState::Draft | newsletter::IssueState::Scheduled
        )
    }

    pub fn state_label(&self) -> String {
        format!("newsletter-state-{}", self.issue.state)
    }
}

#[derive(Template)]
#[template(path = "newsletter_issues.html", config = "src/web/askama.toml")]
struct IssuesPage {
    c: Ctx,
    space: String,
    rows: Vec<Row>,
    /// The form for a new issue (or the one being changed).
    editing: Option<i64>,
    slots: Vec<Slot>,
    first: String,
    picks: String,
    tested: bool,
    /// For admins, on the instance's letter: its editors.
    editors: Option<Vec<String>>,
    /// What was refused, after sending.
    errors: FieldErrors,
}

fn empty_slots() -> Vec<Slot> {
    Lang::ALL
        .iter()
        .map(|&lang| Slot {
            lang,
            subject: String::new(),
            body: String::new(),
        })
        .collect()
}

async fn issues(
    State(state): State<AppState>,
    c: Ctx,
    Query(query): Query<LetterQuery>,
) -> AppResult<Response> {
    let space = query.space.clone().unwrap_or_default();
    let page = issues_page(&state, c, space, query.tested.is_some()).await?;
    html(page)
}

/// The editors' list with an empty form.
async fn issues_page(
    state: &AppState,
    c: Ctx,
    space: String,
    tested: bool,
) -> AppResult<IssuesPage> {
    let me = c.member()?;
    let slug = Some(space.as_str()).filter(|s| !s.is_empty());
    let list = newsletter::for_editors(&state.db, me, slug).await?;
    let lang = c.lang().code();
    let mut rows = Vec::with_capacity(list.len());
    for issue in list {
        let progress = sending::progress(&state.db, issue.id, me).await?;
        let subject = newsletter::edition_for(&issue, lang)
            .map(|e| e.subject.clone())
            .unwrap_or_default();
        let progress = (progress.total > 0).then(|| {
            c.t.args(
                "newsletter-progress",
                &[
                    ("sent", &progress.sent.to_string()),
                    ("total", &progress.total.to_string()),
                ],
            )
        });
        rows.push(Row {
            issue,
            subject,
            progress,
        });
    }
    let editors = if slug.is_none() && me.role == crate::accounts::InstanceRole::Admin {
        Some(crate::accounts::editors::list(&state.db).await?)
    } else {
        None
    };
    Ok(IssuesPage {
        editors,
        first: c.lang().code().to_owned(),
        tested,
        c,
        space,
        rows,
        editing: None,
        slots: empty_slots(),
        picks: String::new(),
        errors: FieldErrors::default(),
    })
}

/// The domain's refusals of an issue the form shows next to a field.
const REFUSABLE: [Refusable; 4] = [
    ("picks", "picks", "newsletter-error-picks"),
    ("editions", "editions", "newsletter-error-editions"),
    ("editions.subject", "editions", "form-error-too-long"),
    ("editions.body", "editions", "form-error-too-long"),
];

/// A refused issue: the page again with what was typed, and why next to
/// the field (the list of issues for a new one; the form alone when
/// changing one, as on its page).
async fn refused_issue(
    state: &AppState,
    c: Ctx,
    form: IssueForm,
    editing: Option<i64>,
    error: AppError,
) -> AppResult<Response> {
    let errors = FieldErrors::from_refusal("", &error, &REFUSABLE).ok_or(error)?;
    let space = form.space.trim().to_owned();
    let mut page = match editing {
        None => issues_page(state, c, space, false).await?,
        Some(_) => IssuesPage {
            first: String::new(),
            tested: false,
            c,
            space,
            rows: Vec::new(),
            editing,
            slots: Vec::new(),
            picks: String::new(),
            editors: None,
            errors: FieldErrors::default(),
        },
    };
    page.slots = Lang::ALL
        .iter()
        .map(|&lang| {
            let typed = |name: &str| {
                form.fields
                    .get(&format!("{name}_{}", lang.code()))
                    .cloned()
                    .unwrap_or_default()
            };
            Slot {
                lang,
                subject: typed("subject"),
                body: typed("body"),
            }
        })
        .collect();
    page.first = form.first;
    page.picks = form.picks;
    page.errors = errors;
    refused(page)
}

/// The form as sent: `subject_{lang}`, `body_{lang}` for each language,
/// `first` (the edition sent where no other fits), `picks` (addresses).
#[derive(Deserialize)]
struct IssueForm {
    #[serde(default)]
    space: String,
    #[serde(default)]
    first: String,
    #[serde(default)]
    picks: String,
    #[serde(flatten)]
    fields: std::collections::HashMap<String, String>,
}

/// Picks from pasted addresses, one a line: `…/post/12`, `…/event/3`,
/// `…/item/7`.
fn picks(text: &str) -> AppResult<Vec<Pick>> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let path = line
            .split(['?', '#'])
            .next()
            .unwrap_or(line)
            .trim_end_matches('/');
        let mut parts = path.rsplit('/');
        let (id, kind) = (parts.next(), parts.next());
        let kind = match kind {
            Some("post") => PickKind::Post,
            Some("event") => PickKind::Event,
            Some("item") => PickKind::Library,
            _ => None.ok_or_else(|| bad_pick(line))?,
        };
        let id = id
            .and_then(|i| i.parse().ok())
            .ok_or_else(|| bad_pick(line))?;
        out.push(Pick { kind, id });
    }
    Ok(out)
}

fn bad_pick(line: &str) -> AppError {
    AppError::invalid(format!(
        "picks: \"{line}\" is not the address of a post, event or library item"
    ))
}

impl IssueForm {
    fn draft(&self) -> AppResult<IssueDraft> {
        let mut editions: Vec<Edition> = Lang::ALL
            .iter()
            .filter_map(|lang| {
                let code = lang.code();
                let subject = self.fields.get(&format!("subject_{code}"))?.trim();
                (!subject.is_empty()).then(|| Edition {
                    language: code.to_owned(),
                    subject: subject.to_owned(),
                    body: self
                        .fields
                        .get(&format!("body_{code}"))
                        .cloned()
                        .unwrap_or_default(),
                })
            })
            .collect();
        if let Some(at) = editions.iter().position(|e| e.language == self.first) {
            let first = editions.remove(at);
            editions.insert(0, first);
        }
        Ok(IssueDraft {
            space: Some(self.space.trim().to_owned()).filter(|s| !s.is_empty()),
            editions,
            picks: picks(&self.picks)?,
        })
    }

    /// The editors' list the form came from.
    fn page(&self) -> String {
        match self.space.trim() {
            "" => "/newsletter/issues".to_owned(),
            s => format!("/newsletter/issues?space={s}"),
        }
    }
}

async fn create(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<IssueForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let created = match form.draft() {
        Ok(draft) => newsletter::create(&state.db, me, draft).await,
        Err(e) => Err(e),
    };
    match created {
        Ok(_) => Ok(see_other(&form.page())),
        Err(e) => refused_issue(&state, c, form, None, e).await,
    }
}

async fn edit_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let me = c.member()?;
    let issue = newsletter::editable(&state.db, issue_id(&id)?, me).await?;
    let shown = newsletter::view(&state.db, &issue).await?;
    let slots = Lang::ALL
        .iter()
        .map(|&lang| {
            let e = shown.editions.iter().find(|e| e.language == lang.code());
            Slot {
                lang,
                subject: e.map(|e| e.subject.clone()).unwrap_or_default(),
                body: e.map(|e| e.body.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let picks = shown
        .picks
        .iter()
        .map(|p| format!("{}{}", state.changes.urls.base(), p.path))
        .collect::<Vec<_>>()
        .join("\n");
    let space = match issue.space_id {
        Some(id) => crate::spaces::find_visible_by_id(&state.db, id, Some(me))
            .await?
            .space
            .slug
            .clone(),
        None => String::new(),
    };
    html(IssuesPage {
        first: shown
            .editions
            .first()
            .map(|e| e.language.clone())
            .unwrap_or_default(),
        c,
        space,
        rows: Vec::new(),
        editing: Some(issue.id),
        slots,
        picks,
        tested: false,
        editors: None,
        errors: FieldErrors::default(),
    })
}

async fn edit(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<IssueForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = issue_id(&id)?;
    let updated = match form.draft() {
        Ok(draft) => newsletter::update(&state.db, id, me, draft).await,
        Err(e) => Err(e),
    };
    match updated {
        Ok(_) => Ok(see_other(&form.page())),
        Err(e) => refused_issue(&state, c, form, Some(id), e).await,
    }
}

#[derive(Deserialize, Default)]
struct PreviewQuery {
    lang: Option<String>,
}

/// The email's HTML itself, as a page (no scripts, nothing fetched).
async fn preview(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(query): Query<PreviewQuery>,
) -> AppResult<Response> {
    let me = c.member()?;
    let language = query.lang.unwrap_or_else(|| c.lang().code().to_owned());
    let (_, body) =
        sending::preview(&state.db, &state.mailer, issue_id(&id)?, me, &language).await?;
    let mut response = axum::response::Html(body).into_response();
    response.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    Ok(response)
}

#[derive(Deserialize)]
struct NoSpace {
    #[serde(default)]
    space: String,
}

async fn test(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<NoSpace>,
) -> AppResult<Response> {
    let me = c.member()?;
    sending::send_test(&state.db, &state.mailer, issue_id(&id)?, me).await?;
    let space = Some(form.space).filter(|s| !s.is_empty());
    Ok(see_other(&match space {
        Some(s) => format!("/newsletter/issues?space={s}&tested=1"),
        None => "/newsletter/issues?tested=1".to_owned(),
    }))
}

#[derive(Deserialize)]
struct SendForm {
    #[serde(default)]
    space: String,
    /// `datetime-local`, in the editor's time zone; empty: now.
    #[serde(default)]
    at: String,
}

async fn send(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<SendForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let at = match form.at.trim() {
        "" => None,
        local => {
            let zone = crate::mail::recipient::time_zone(&me.timezone);
            let at = local
                .parse::<jiff::civil::DateTime>()
                .ok()
                .and_then(|d| d.to_zoned(zone).ok())
                .ok_or_else(|| {
                    AppError::invalid(format!(
                        "at: \"{local}\" is not a date and time such as 2027-01-05T08:00"
                    ))
                })?;
            Some(at.timestamp().as_microsecond())
        }
    };
    sending::send(&state.db, &state.mailer, issue_id(&id)?, me, at).await?;
    let space = Some(form.space).filter(|s| !s.is_empty());
    Ok(see_other(&match space {
        Some(s) => format!("/newsletter/issues?space={s}"),
        None => "/newsletter/issues".to_owned(),
    }))
}

#[derive(Deserialize)]
struct EditorForm {
    #[serde(default)]
    username: String,
    /// `add` or `remove`.
    #[serde(default)]
    action: String,
}

/// Admins make a member an editor of the instance's letter, or no longer.
async fn set_editor(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<EditorForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    if me.role != crate::accounts::InstanceRole::Admin {
        return Err(AppError::forbidden("only admins may make editors"));
    }
    let username = form
        .username
        .trim()
        .trim_start_matches('@')
        .to_ascii_lowercase();
    crate::accounts::editors::set(&state.db, &username, form.action != "remove").await?;
    Ok(see_other("/newsletter/issues"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_are_read_from_pasted_addresses() {
        let read =
            picks("https://a.test/post/12\n\n /event/3/ \nhttps://a.test/item/7?x=1#c").unwrap();
        let read: Vec<(PickKind, i64)> = read.into_iter().map(|p| (p.kind, p.id)).collect();
        assert_eq!(
            read,
            [
                (PickKind::Post, 12),
                (PickKind::Event, 3),
                (PickKind::Library, 7)
            ]
        );
        assert!(picks("https://a.test/s/news").is_err());
        assert!(picks("/post/twelve").is_err());
    }
}
