//! Guests (issue 17 point 5): the form on a public event's page where
//! someone without an account registers with a name and an email address,
//! the pages their emails link to (confirm, cancel), and the organisers'
//! buttons on their guests.
//!
//! The link pages follow the unsubscribe page's rule: a GET only shows a
//! button (mail scanners open links), the POST acts, and the key in the
//! address is the authority, so those POSTs carry no CSRF token.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::events::{event_id, show_refused_guest};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::events::guests::{self, GuestState, KeyTarget, Purpose};
use crate::web::field_errors::{FieldErrors, Refusable};
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/event/{id}/guests", post(register))
        .route("/guest/confirm/{key}", get(confirm_page).post(confirm))
        .route("/guest/cancel/{key}", get(cancel_page).post(cancel))
        .route("/event/{id}/guests/{guest}/decide", post(decide))
        .route("/event/{id}/guests/{guest}/remove", post(remove))
}

#[derive(Deserialize)]
struct GuestForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

/// The guests' form on the event's page as typed, and why it was refused.
pub(super) struct Guest {
    pub(super) name: String,
    pub(super) email: String,
    pub(super) errors: FieldErrors,
}

impl Default for Guest {
    fn default() -> Self {
        Guest {
            name: String::new(),
            email: String::new(),
            errors: FieldErrors::new("guest"),
        }
    }
}

/// What the domain refuses of the guests' form, by its fields.
const GUEST_REFUSABLE: [Refusable; 2] = [
    ("name", "name", "event-guest-error-name"),
    ("email", "email", "register-error-email"),
];

#[derive(Template)]
#[template(path = "guest.html", config = "src/web/askama.toml")]
struct GuestPage {
    c: Ctx,
    /// The event's id and title.
    event_id: i64,
    title: String,
    /// `sent` (after the form), `confirm` or `cancel` (a link's page).
    step: &'static str,
    /// The link's key, for the button's form.
    key: String,
    /// Whether the button was pressed (or there is nothing left to do).
    done: bool,
    /// The guest's state after it, as a message id.
    state: Option<String>,
}

/// The form: always the same answer, "check your email", whatever the
/// address's standing (the email says what it is). A name or address that
/// is not one comes back on the event's page, in the form, as typed; the
/// domain checks the event first, so a private space's event is still
/// the page of one that does not exist.
async fn register(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(form): Submitted<GuestForm>,
) -> AppResult<Response> {
    let id = event_id(&id)?;
    if let Err(e) = guests::request(&state.db, id, &form.name, &form.email, c.lang()).await {
        let errors = FieldErrors::from_refusal("guest", &e, &GUEST_REFUSABLE).ok_or(e)?;
        let typed = Guest {
            name: form.name,
            email: form.email,
            errors,
        };
        return show_refused_guest(&state, c, id, typed).await;
    }
    let (event, _) = crate::events::find_visible(&state.db, id, None).await?;
    html(GuestPage {
        c,
        event_id: id,
        title: event.title,
        step: "sent",
        key: String::new(),
        done: true,
        state: None,
    })
}

fn page(
    c: Ctx,
    target: KeyTarget,
    step: &'static str,
    key: String,
    done: bool,
) -> AppResult<Response> {
    html(GuestPage {
        c,
        event_id: target.event.id,
        title: target.event.title,
        step,
        key,
        done,
        state: Some(format!("guest-state-{}", target.state)),
    })
}

async fn confirm_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let target = guests::find_key(&state.db, &key, Purpose::Confirm).await?;
    let done = target.state != GuestState::Unconfirmed;
    page(c, target, "confirm", key, done)
}

async fn confirm(
    State(state): State<AppState>,
    c: Ctx,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let target = guests::confirm(&state.db, &key).await?;
    page(c, target, "confirm", key, true)
}

async fn cancel_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let target = guests::find_key(&state.db, &key, Purpose::Cancel).await?;
    let done = matches!(target.state, GuestState::Cancelled | GuestState::Rejected);
    page(c, target, "cancel", key, done)
}

async fn cancel(
    State(state): State<AppState>,
    c: Ctx,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let target = guests::cancel(&state.db, &key).await?;
    page(c, target, "cancel", key, true)
}

fn guest_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound("guest"))
}

#[derive(Deserialize)]
struct DecisionForm {
    approve: String,
}

async fn decide(
    State(state): State<AppState>,
    c: Ctx,
    Path((id, guest)): Path<(String, String)>,
    Submitted(form): Submitted<DecisionForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    let approve = form.approve == "true";
    guests::decide(&state.db, id, me, guest_id(&guest)?, approve).await?;
    Ok(see_other(&format!("/event/{id}#guests")))
}

async fn remove(
    State(state): State<AppState>,
    c: Ctx,
    Path((id, guest)): Path<(String, String)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let id = event_id(&id)?;
    guests::remove(&state.db, id, me, guest_id(&guest)?).await?;
    Ok(see_other(&format!("/event/{id}#guests")))
}
