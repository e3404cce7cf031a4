//! A space's reports, for its space managers: reports about content in it,
//! and what they may do about them (dismiss, remove the content, ban its
//! author from the space). Reports about a private space's content reach
//! only them (and the fact of a report, the instance's moderators).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::admin::{REPORT_STATES, RefusedNote, ResolveForm, report_actions, resolve_as};
use super::spaces::{SpaceHeader, header, member_in};
use crate::AppState;
use crate::api::extract::{AppPath, AppQuery};
use crate::error::AppResult;
use crate::moderation::{self, Decision, ReportState, ReportView};
use crate::spaces::Action;
use crate::web::field_errors::{FieldErrors, answer};
use crate::web::{Ctx, Submitted, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/reports", get(reports_page))
        .route("/s/{space}/reports/{id}/resolve", post(resolve))
}

#[derive(Template)]
#[template(path = "space_reports.html", config = "src/web/askama.toml")]
struct SpaceReportsPage {
    c: Ctx,
    h: SpaceHeader,
    state: ReportState,
    reports: Vec<ReportView>,
    states: [ReportState; 3],
    refused: Option<RefusedNote>,
}

impl SpaceReportsPage {
    fn refused_note(&self, report: &i64) -> Option<(&str, &FieldErrors)> {
        RefusedNote::for_report(&self.refused, report)
    }

    fn chose(&self, report: &i64, decision: &Decision) -> bool {
        RefusedNote::chose(&self.refused, report, decision)
    }

    fn showing(&self, state: &ReportState) -> bool {
        self.state == *state
    }

    fn is_open(&self) -> bool {
        self.state == ReportState::Open
    }

    fn resolve_url(&self, id: &i64) -> String {
        format!("/s/{}/reports/{id}/resolve", self.h.r)
    }

    fn actions(&self, report: &ReportView) -> Vec<Decision> {
        report_actions(report)
    }
}

#[derive(Deserialize)]
struct StateQuery {
    state: Option<ReportState>,
}

async fn reports_page(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(space): AppPath<String>,
    AppQuery(query): AppQuery<StateQuery>,
) -> AppResult<Response> {
    show_reports(&state, c, &space, query.state, None).await
}

/// The space's queue, with a refused decision's note as typed (422).
async fn show_reports(
    state: &AppState,
    c: Ctx,
    space: &str,
    shown: Option<ReportState>,
    note: Option<RefusedNote>,
) -> AppResult<Response> {
    c.member()?;
    let (access, h) = header(state, &c, space, "reports").await?;
    access.require(Action::Manage)?;
    let shown = shown.unwrap_or(ReportState::Open);
    let reports = moderation::space_queue(&state.db, &access, Some(shown)).await?;
    let page = SpaceReportsPage {
        c,
        h,
        state: shown,
        reports,
        states: REPORT_STATES,
        refused: note,
    };
    let refused_form = page.refused.is_some();
    answer(page, refused_form)
}

async fn resolve(
    State(state): State<AppState>,
    c: Ctx,
    AppPath((space, id)): AppPath<(String, i64)>,
    Submitted(form): Submitted<ResolveForm>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    access.require(Action::Manage)?;
    match resolve_as(&state, me, id, form).await? {
        None => Ok(see_other(&format!("/s/{space}/reports"))),
        Some(note) => show_reports(&state, c, &space, None, Some(note)).await,
    }
}
