//! The member's notifications page: unread ones first, each written out in
//! their language and time zone with its link; marking one or all read.
//! The unread count in every page's header comes from `Ctx`.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::AppState;
use crate::api::extract::AppPath;
use crate::db::format_time;
use crate::error::AppResult;
use crate::notifications::{self, PAGE_SIZE, render};
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/notifications", get(notifications_page))
        .route("/notifications/read", post(read_all))
        .route("/notifications/{id}/read", post(read_one))
}

/// One notification as the page shows it.
struct Shown {
    id: i64,
    text: String,
    link: String,
    excerpt: Option<String>,
    /// A whole message (an organiser's, to an event's participants).
    message: Option<String>,
    unread: bool,
    /// RFC 3339, for `<time datetime>`.
    at: String,
    /// In words, in the reader's zone.
    when: String,
}

#[derive(Template)]
#[template(path = "notifications.html", config = "src/web/askama.toml")]
struct NotificationsPage {
    c: Ctx,
    items: Vec<Shown>,
    page: i64,
    more: bool,
}

#[derive(Deserialize, Default)]
struct PageQuery {
    #[serde(default)]
    page: i64,
}

async fn notifications_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let me = c.member()?;
    let page = q.page.clamp(0, 1000);
    let list = notifications::list(&state.db, me, false, page).await?;
    let tz = me.zone();
    let items = list
        .iter()
        .map(|n| {
            let shown = render::render(n, &c.t, &tz);
            let when = jiff::Timestamp::from_microsecond(n.updated_at)
                .map(|t| c.t.zoned(&t.to_zoned(tz.clone())))
                .unwrap_or_default();
            Shown {
                id: n.id,
                text: shown.text,
                link: shown.link,
                excerpt: shown.excerpt,
                message: shown.body,
                unread: n.is_unread(),
                at: format_time(n.updated_at),
                when,
            }
        })
        .collect::<Vec<_>>();
    let more = items.len() as i64 == PAGE_SIZE;
    html(NotificationsPage {
        c,
        items,
        page,
        more,
    })
}

#[derive(Deserialize)]
struct Back {
    /// The page to come back to.
    #[serde(default)]
    next: String,
}

fn back(next: &str) -> Response {
    if next.starts_with("/notifications") {
        see_other(next)
    } else {
        see_other("/notifications")
    }
}

async fn read_all(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    notifications::mark_read(&state.db, c.member()?, None).await?;
    Ok(see_other("/notifications"))
}

async fn read_one(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(id): AppPath<i64>,
    Submitted(form): Submitted<Back>,
) -> AppResult<Response> {
    notifications::mark_read(&state.db, c.member()?, Some(id)).await?;
    Ok(back(&form.next))
}
