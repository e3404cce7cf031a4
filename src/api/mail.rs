//! `/api/v1/admin/mail`: the admin's outbox, every email queued, sent,
//! written as a file or given up.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppPath, AppQuery, CurrentAccount};
use crate::AppState;
use crate::accounts::{Account, InstanceRole};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::mail::outbox::{self, MailMessage, OutgoingMail};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_mail))
        .routes(routes!(show_mail))
}

fn require_admin(me: &Account) -> AppResult<()> {
    if me.role == InstanceRole::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden("only admins may read the outbox"))
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
struct OutboxQuery {
    /// Only emails older than this id (the last one of the previous page).
    before: Option<i64>,
    /// Only emails given up.
    #[serde(default)]
    failed: bool,
    /// At most this many (default 50, at most 200).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// Outgoing emails, newest first (admins).
#[utoipa::path(get, path = "/api/v1/admin/mail", tag = "admin", params(OutboxQuery),
    responses((status = 200, body = [OutgoingMail]), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody)))]
async fn list_mail(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<OutboxQuery>,
) -> AppResult<Json<Vec<OutgoingMail>>> {
    require_admin(&me)?;
    let list = outbox::list(
        &state.db,
        query.before,
        query.failed,
        query.limit.unwrap_or(50),
    )
    .await?;
    Ok(Json(list))
}

/// One outgoing email with its text (admins).
#[utoipa::path(get, path = "/api/v1/admin/mail/{id}", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, body = MailMessage), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
async fn show_mail(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<MailMessage>> {
    require_admin(&me)?;
    Ok(Json(outbox::show(&state.db, id).await?))
}
