//! `/admin/mail`: the admin's outbox. With no SMTP server configured every
//! email is a `.eml` file under `DATA/mail/`; here an admin sees them all
//! (and those sent over SMTP, pending or given up, with their error) and
//! can read what each one says.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::admin::{Nav, admin};
use crate::AppState;
use crate::error::AppResult;
use crate::mail::outbox::{self, MailMessage, OutgoingMail};
use crate::web::{Ctx, html};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/admin/mail", get(outbox_page))
        .route("/admin/mail/{id}", get(message_page))
}

const PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "admin_mail.html", config = "src/web/askama.toml")]
struct OutboxPage {
    c: Ctx,
    n: Nav,
    mails: Vec<OutgoingMail>,
    failed_only: bool,
    /// Whether mail goes to files (no SMTP server configured).
    to_files: bool,
    next: Option<i64>,
}

#[derive(Deserialize, Default)]
struct OutboxQuery {
    before: Option<i64>,
    #[serde(default)]
    failed: bool,
}

async fn outbox_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<OutboxQuery>,
) -> AppResult<Response> {
    let me = admin(&c)?;
    let n = Nav::new(me, "mail");
    let mails = outbox::list(&state.db, q.before, q.failed, PAGE).await?;
    let next = (mails.len() as i64 == PAGE)
        .then(|| mails.last().map(|m| m.id))
        .flatten();
    html(OutboxPage {
        c,
        n,
        mails,
        failed_only: q.failed,
        to_files: matches!(state.mailer.transport, crate::mail::Transport::Files(_)),
        next,
    })
}

#[derive(Template)]
#[template(path = "admin_mail_message.html", config = "src/web/askama.toml")]
struct MessagePage {
    c: Ctx,
    n: Nav,
    m: MailMessage,
}

async fn message_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let me = admin(&c)?;
    let n = Nav::new(me, "mail");
    let m = outbox::show(&state.db, id).await?;
    html(MessagePage { c, n, m })
}
