//! The front page: a member's home feed, or the instance's public feed.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;

use super::{FeedPost, feed};
use crate::AppState;
use crate::accounts::site;
use crate::error::AppResult;
use crate::events::{self, EventView, Upcoming};
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
    /// For visitors, on the first page: what the network is.
    front: Option<Front>,
    /// For members, on the first page: first steps left.
    checklists: Vec<super::checklist::Checklist>,
}

/// The public face: the admins' text in the reader's language, the public
/// spaces and the upcoming public events (the recent public posts follow,
/// as the feed).
struct Front {
    text_html: Option<String>,
    spaces: Vec<SpaceView>,
    /// Each with its start in its own zone, in words.
    events: Vec<(EventView, String)>,
}

/// Public spaces on the front page (all of them are at `/spaces`).
const FRONT_SPACES: i64 = 12;
/// Upcoming events on the front page.
const FRONT_EVENTS: i64 = 5;

async fn home(
    State(state): State<AppState>,
    c: Ctx,
    headers: axum::http::HeaderMap,
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
    let front = match (&c.me, paging.before.is_none()) {
        (None, true) => Some(Front {
            text_html: site::front_page(&state.db, c.lang().code()).await?,
            spaces: spaces::list_visible(&state.db, None, false, Cursor::START, FRONT_SPACES)
                .await?
                .items,
            events: events::upcoming_first(&state.db, Upcoming::Public, None, None, FRONT_EVENTS)
                .await?
                .into_iter()
                .map(|e| {
                    let when = e
                        .starts_local
                        .parse::<jiff::Zoned>()
                        .map_or_else(|_| e.starts_local.clone(), |z| c.t.zoned(&z));
                    (e, when)
                })
                .collect(),
        }),
        _ => None,
    };
    let checklists = match (&c.me, paging.before.is_none()) {
        (Some(me), true) => {
            let hidden = crate::api::extract::cookie(&headers, super::checklist::HIDDEN).is_some();
            super::checklist::for_member(&state, me, !my_spaces.is_empty(), hidden).await?
        }
        _ => Vec::new(),
    };
    html(HomePage {
        checklists,
        c,
        posts: feed(page.items),
        next: page.next_cursor,
        my_spaces,
        invitations,
        front,
    })
}
