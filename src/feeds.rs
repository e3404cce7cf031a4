//! Feeds: newest posts first, paged by a cursor (the id of the last post
//! seen; ids only grow, so "older than the cursor" is stable while new
//! posts arrive).
//!
//! Private content reaches members only: a space's feed needs a
//! [`SpaceAccess`], which only `spaces::find_visible` grants; the home feed
//! reads the member's own memberships; the public feed reads public spaces.

use crate::accounts::Account;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::posts::{self, Page, PostRow, PostView, post_row_select};
use crate::spaces::SpaceAccess;

pub const DEFAULT_LIMIT: i64 = 20;

// Every `LIMIT` here is written `LIMIT $n + 0`. SQLite (3.51) reads a bare
// `LIMIT $n`'s bound value while planning and then recompiles the statement
// each time that parameter is bound again, that is on every execution: it
// was a third of the cost of a feed request (docs/benchmarks.md). An
// expression is evaluated at run time instead. PostgreSQL is indifferent.
pub const MAX_LIMIT: i64 = 100;

/// A checked page request.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    pub before: i64,
    pub limit: i64,
}

impl PageRequest {
    pub fn parse(cursor: Option<&str>, limit: Option<i64>) -> AppResult<Self> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(AppError::BadRequest(format!(
                "limit: between 1 and {MAX_LIMIT}"
            )));
        }
        let before = match cursor {
            None | Some("") => i64::MAX,
            Some(c) => c.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                AppError::BadRequest("cursor: not a cursor from a previous page".into())
            })?,
        };
        Ok(PageRequest { before, limit })
    }
}

/// Runs a feed query: a [`post_row_select`] with its condition, order and
/// limit, and its integer parameters; then builds the page.
async fn page(
    db: &Db,
    select: &'static str,
    binds: &[i64],
    request: PageRequest,
    viewer: Option<&Account>,
) -> AppResult<Page<PostView>> {
    let mut query = sqlx::query_as(select);
    for value in binds {
        query = query.bind(*value);
    }
    let rows: Vec<PostRow> = query.fetch_all(&db.read).await?;
    let items = posts::views(db, rows, viewer).await?;
    let next_cursor = (items.len() as i64 == request.limit)
        .then(|| items.last().map(|p| p.id.to_string()))
        .flatten();
    Ok(Page { items, next_cursor })
}

/// Posts of one space the viewer can see.
pub async fn space(
    db: &Db,
    access: &SpaceAccess,
    viewer: Option<&Account>,
    request: PageRequest,
) -> AppResult<Page<PostView>> {
    let select = concat!(
        post_row_select!(),
        "WHERE p.space_id = $1 AND p.deleted_at IS NULL AND p.id < $2 AND a.federation_state < 2 \
         ORDER BY p.id DESC LIMIT $3 + 0"
    );
    page(
        db,
        select,
        &[access.space.id, request.before, request.limit],
        request,
        viewer,
    )
    .await
}

/// Posts of every space the member belongs to.
pub async fn home(db: &Db, member: &Account, request: PageRequest) -> AppResult<Page<PostView>> {
    // Choose the page's ids first, from the index alone, then fetch what the
    // view needs for those few: joining first would build every row of the
    // member's spaces before sorting them.
    let select = concat!(
        post_row_select!(),
        "WHERE p.id IN (SELECT q.id FROM memberships m JOIN posts q ON q.space_id = m.space_id \
                        WHERE m.account_id = $1 AND q.deleted_at IS NULL AND q.id < $2 \
                        AND q.author_id NOT IN (SELECT id FROM accounts WHERE federation_state = 2) \
                        AND q.space_id NOT IN (SELECT id FROM spaces WHERE federation_state = 2) \
                        ORDER BY q.id DESC LIMIT $3 + 0) \
         ORDER BY p.id DESC"
    );
    page(
        db,
        select,
        &[member.id, request.before, request.limit],
        request,
        Some(member),
    )
    .await
}

/// Posts of the instance's public spaces: the same for everyone.
pub async fn public(
    db: &Db,
    viewer: Option<&Account>,
    request: PageRequest,
) -> AppResult<Page<PostView>> {
    let select = concat!(
        post_row_select!(),
        "WHERE s.visibility = 'public' AND p.deleted_at IS NULL AND p.id < $1 \
         AND a.federation_state = 0 AND s.federation_state = 0 \
         ORDER BY p.id DESC LIMIT $2 + 0"
    );
    page(
        db,
        select,
        &[request.before, request.limit],
        request,
        viewer,
    )
    .await
}
