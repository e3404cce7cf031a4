//! Feeds: newest posts first, paged by a cursor (the time and id of the
//! last post seen, so "older than the cursor" is stable while new posts
//! arrive). Ids are random (`db::new_id`), so order is by time, then id.
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

/// Where a newest-first page starts: strictly before this creation time
/// and id. Written `TIME_ID` in URLs (`next_cursor`, `?before=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: i64,
    pub id: i64,
}

impl Cursor {
    /// Before everything: the first page.
    pub const START: Cursor = Cursor {
        created_at: i64::MAX,
        id: i64::MAX,
    };

    /// The cursor of the page after the row `(created_at, id)`.
    pub fn after(created_at: i64, id: i64) -> String {
        format!("{created_at}_{id}")
    }

    /// `TIME_ID`, both in ASCII digits (what the OpenAPI document says).
    fn well_formed(text: &str) -> bool {
        text.split_once('_').is_some_and(|(time, id)| {
            [time, id]
                .iter()
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        })
    }

    fn parse(text: &str) -> Option<Cursor> {
        let (time, id) = text.split_once('_')?;
        let (created_at, id) = (time.parse::<i64>().ok()?, id.parse::<i64>().ok()?);
        (created_at >= 0 && id > 0).then_some(Cursor { created_at, id })
    }
}

/// A checked page request.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    pub before: Cursor,
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
        // Not `TIME_ID` in digits is a malformed request (400); digits
        // that no page could have given (id 0, too large) are 422.
        let before = match cursor {
            None | Some("") => Cursor::START,
            Some(c) if !Cursor::well_formed(c) => {
                return Err(AppError::BadRequest(
                    "cursor: not a cursor from a previous page".into(),
                ));
            }
            Some(c) => Cursor::parse(c)
                .ok_or_else(|| AppError::invalid("cursor: not a cursor from a previous page"))?,
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
    let next_cursor = (rows.len() as i64 == request.limit)
        .then(|| rows.last().map(|p| Cursor::after(p.created_at, p.id)))
        .flatten();
    let items = posts::views(db, rows, viewer).await?;
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
        "WHERE p.space_id = $1 AND p.deleted_at IS NULL AND (p.created_at, p.id) < ($2, $3) \
         AND a.federation_state < 2 \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $4 + 0"
    );
    page(
        db,
        select,
        &[
            access.space.id,
            request.before.created_at,
            request.before.id,
            request.limit,
        ],
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
                        WHERE m.account_id = $1 AND q.deleted_at IS NULL \
                        AND (q.created_at, q.id) < ($2, $3) \
                        AND q.author_id NOT IN (SELECT id FROM accounts WHERE federation_state = 2) \
                        AND q.space_id NOT IN (SELECT id FROM spaces WHERE federation_state = 2) \
                        ORDER BY q.created_at DESC, q.id DESC LIMIT $4 + 0) \
         ORDER BY p.created_at DESC, p.id DESC"
    );
    page(
        db,
        select,
        &[
            member.id,
            request.before.created_at,
            request.before.id,
            request.limit,
        ],
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
        "WHERE s.visibility = 'public' AND p.deleted_at IS NULL \
         AND (p.created_at, p.id) < ($1, $2) \
         AND a.federation_state = 0 AND s.federation_state = 0 \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $3 + 0"
    );
    page(
        db,
        select,
        &[request.before.created_at, request.before.id, request.limit],
        request,
        viewer,
    )
    .await
}
