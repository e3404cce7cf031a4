//! Drafts (`/drafts`): the posts a member started and saved, to finish
//! and publish, or delete. Saving happens from the composer itself
//! (`posts::create_post`, the "Save as draft" button).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::post_form::{Composer, Described};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::posts::drafts::{self, DraftView};
use crate::web::field_errors::refused;
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/drafts", get(list_page))
        .route("/drafts/{id}", get(draft_page))
        .route("/drafts/{id}/delete", post(delete))
}

fn draft_id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound("draft"))
}

#[derive(Template)]
#[template(path = "drafts.html", config = "src/web/askama.toml")]
struct ListPage {
    c: Ctx,
    drafts: Vec<DraftView>,
}

async fn list_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let me = c.member()?;
    let drafts = drafts::mine(&state.db, me, None).await?;
    html(ListPage { c, drafts })
}

#[derive(Template)]
#[template(path = "draft.html", config = "src/web/askama.toml")]
struct DraftPage {
    c: Ctx,
    d: DraftView,
    saved: bool,
    /// The draft's form: the draft, or as sent when refused.
    composer: Composer,
    /// A picture's description refused, as typed.
    described: Described,
}

/// The draft's form as it was saved last.
fn as_saved(d: &DraftView) -> Composer {
    Composer {
        title: d.title.clone(),
        body: d.body.clone(),
        language: Some(d.language.clone()),
        ..Composer::default()
    }
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn draft_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    let me = c.member()?;
    let d = drafts::find(&state.db, draft_id(&id)?, me).await?;
    let composer = as_saved(&d);
    html(DraftPage {
        c,
        d,
        saved: q.saved.is_some(),
        composer,
        described: Described::default(),
    })
}

/// The draft's page again with its form as sent and what was refused: 422.
/// The draft itself is as it was saved last.
pub(super) async fn show_draft(
    state: &AppState,
    c: Ctx,
    id: i64,
    composer: Composer,
) -> AppResult<Response> {
    show_refused(state, c, id, Some(composer), Described::default()).await
}

/// The draft's page again with a picture's description refused: 422.
pub(super) async fn show_described(
    state: &AppState,
    c: Ctx,
    id: i64,
    described: Described,
) -> AppResult<Response> {
    show_refused(state, c, id, None, described).await
}

/// The draft's page with what was refused; `composer`: the form as sent
/// (`None`: as saved).
async fn show_refused(
    state: &AppState,
    c: Ctx,
    id: i64,
    composer: Option<Composer>,
    described: Described,
) -> AppResult<Response> {
    let d = drafts::find(&state.db, id, c.member()?).await?;
    let composer = composer.unwrap_or_else(|| as_saved(&d));
    refused(DraftPage {
        c,
        d,
        saved: false,
        composer,
        described,
    })
}

async fn delete(
    State(state): State<AppState>,
    c: Ctx,
    Path(id): Path<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    drafts::delete(&state.db, draft_id(&id)?, me).await?;
    Ok(see_other("/drafts"))
}
