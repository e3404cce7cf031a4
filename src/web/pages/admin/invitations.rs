//! Registration invitations: single-use links to sign up, made by
//! moderators and admins, shown once and emailed when an address is given.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::{Nav, days, moderator};
use crate::AppState;
use crate::accounts::invitations::{self, CreatedInvitation, InvitationView};
use crate::error::AppResult;
use crate::web::field_errors::{FieldErrors, Refusable, answer};
use crate::web::{Ctx, Submitted};

pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new().route(
        "/admin/invitations",
        get(invitations_page).post(create_invitation),
    )
}

#[derive(Template)]
#[template(path = "admin_invitations.html", config = "src/web/askama.toml")]
struct InvitationsPage {
    c: Ctx,
    n: Nav,
    /// Just made: its link is shown this once (only its hash is kept).
    created: Option<CreatedInvitation>,
    invitations: Vec<InvitationView>,
    /// The form: empty, or as sent when refused.
    typed: Typed,
}

/// A new invitation as typed, and why it was refused.
struct Typed {
    note: String,
    email: String,
    days: String,
    errors: FieldErrors,
}

impl Default for Typed {
    fn default() -> Self {
        Typed {
            note: String::new(),
            email: String::new(),
            days: invitations::DEFAULT_LIFETIME_DAYS.to_string(),
            errors: FieldErrors::new(""),
        }
    }
}

/// What the domain refuses of a new invitation, by the form's fields.
const REFUSABLE: [Refusable; 3] = [
    ("note", "note", "form-error-too-long"),
    ("email", "email", "register-error-email"),
    (
        "expires_in_days",
        "expires_in_days",
        "admin-error-invitation-days",
    ),
];

async fn invitations_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let n = Nav::new(moderator(&c)?, "invitations");
    show(&state, c, n, None, Typed::default()).await
}

/// The page, with the link just made or the form as refused (422).
async fn show(
    state: &AppState,
    c: Ctx,
    n: Nav,
    created: Option<CreatedInvitation>,
    typed: Typed,
) -> AppResult<Response> {
    let page = InvitationsPage {
        n,
        invitations: invitations::list(&state.db).await?,
        c,
        created,
        typed,
    };
    let refused_form = !page.typed.errors.is_empty();
    answer(page, refused_form)
}

#[derive(Deserialize)]
struct InvitationForm {
    #[serde(default)]
    note: String,
    /// Empty: no email, the link is only shown.
    #[serde(default)]
    email: String,
    #[serde(default)]
    expires_in_days: String,
}

/// Creates an invitation and shows its link at once rather than
/// redirecting: the link cannot be shown again later. A refused field
/// comes back in the form, as typed.
async fn create_invitation(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<InvitationForm>,
) -> AppResult<Response> {
    let me = moderator(&c)?;
    let n = Nav::new(me, "invitations");
    let mut errors = FieldErrors::new("");
    let lifetime_days = days(
        &form.expires_in_days,
        "expires_in_days",
        "admin-error-invitation-days",
        &mut errors,
    );
    if errors.is_empty() {
        let new = invitations::NewInvitation {
            note: &form.note,
            lifetime_days,
            email: Some(&form.email),
        };
        match invitations::create(&state.db, &state.mailer, me, new).await {
            Ok(created) => return show(&state, c, n, Some(created), Typed::default()).await,
            Err(e) => errors = FieldErrors::from_refusal("", &e, &REFUSABLE).ok_or(e)?,
        }
    }
    let typed = Typed {
        note: form.note,
        email: form.email,
        days: form.expires_in_days,
        errors,
    };
    show(&state, c, n, None, typed).await
}
