//! The front page: a member's home feed, or the instance's public feed.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;

use super::{FeedPost, feed};
use crate::AppState;
use crate::error::AppResult;
use crate::feeds::{self, Cursor};
use crate::spaces::members::{self, SpaceInvitationView};
use crate::spaces::{self, SpaceView};
use crate::web::{Ctx, Paging, html};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/", get(home))
}

/// Posts on one page of a feed.
pub const FEED_PAGE: i64 = 20;

#[derive(Template)]
#[template(path = "home.html", config = "src/web/askama.toml")]
struct HomePage {
    c: Ctx,
    posts: Vec<FeedPost>,
    next: Option<String>,
    my_spaces: Vec<SpaceView>,
    invitations: Vec<SpaceInvitationView>,
}

async fn home(
    State(state): State<AppState>,
    c: Ctx,
    Query(paging): Query<Paging>,
) -> AppResult<Response> {
    let request = paging.request(FEED_PAGE)?;
    let (page, my_spaces, invitations) = match &c.me {
        Some(me) => (
            feeds::home(&state.db, me, request).await?,
            spaces::list_visible(&state.db, Some(me), true, Cursor::START, 50)
                .await?
                .items,
            members::my_invitations(&state.db, me).await?,
        ),
        None => (
            feeds::public(&state.db, None, request).await?,
            Vec::new(),
            Vec::new(),
        ),
    };
    html(HomePage {
        c,
        posts: feed(page.items),
        next: page.next_cursor,
        my_spaces,
        invitations,
    })
}
