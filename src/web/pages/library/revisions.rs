//! Revisions from the browser: restoring an earlier one, and comparing
//! two revisions of a note.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::id;
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::library::{self, DiffLine, DiffView, ItemView};
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

/// The routes of this part of the library pages.
pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/item/{id}/diff", get(diff_page))
        .route("/item/{id}/revisions/{number}/restore", post(restore))
}

async fn restore(
    State(state): State<AppState>,
    c: Ctx,
    Path((item, number)): Path<(String, String)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let number: i64 = number.parse().map_err(|_| AppError::NotFound("revision"))?;
    let (item, access) = library::find_visible(&state.db, id(&item)?, Some(me)).await?;
    library::restore(
        &state.db,
        &state.changes,
        &state.storage,
        &item,
        &access,
        me,
        number,
        None,
    )
    .await?;
    Ok(see_other(&format!("/item/{}#revisions", item.id)))
}

#[derive(Deserialize)]
struct DiffQuery {
    from: Option<String>,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "library_diff.html", config = "src/web/askama.toml")]
struct DiffPage {
    c: Ctx,
    i: ItemView,
    d: DiffView,
}

impl DiffPage {
    fn title(&self) -> String {
        let t = &self.c.t;
        t.args(
            "library-diff-title",
            &[
                ("from", &t.number(self.d.from)),
                ("to", &t.number(self.d.to)),
            ],
        )
    }

    /// One line as `diff` writes it: a sign, the text, the line's end.
    fn line(&self, l: &DiffLine) -> String {
        let sign = match l.op {
            "insert" => '+',
            "delete" => '-',
            _ => ' ',
        };
        format!("{sign} {}\n", l.text)
    }
}

/// Two revisions of a note side by side, line by line.
async fn diff_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(item): Path<String>,
    Query(query): Query<DiffQuery>,
) -> AppResult<Response> {
    let (item, _) = library::find_visible(&state.db, id(&item)?, c.me.as_ref()).await?;
    let number = |v: Option<String>| -> AppResult<i64> {
        v.and_then(|n| n.parse().ok())
            .ok_or(AppError::NotFound("revision"))
    };
    let (from, to) = (number(query.from)?, number(query.to)?);
    let d = library::diff(&state.db, &item, from, to).await?;
    let i = library::view(&state.db, &state.changes, item.id).await?;
    html(DiffPage { c, i, d })
}
