//! Paged collections: a group's outbox, followers and moderators; a
//! member's outbox and followers.

use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Federation;
use super::publish::{self};
use crate::AppState;
use crate::error::{AppError, AppResult};

const PAGE_SIZE: i64 = 20;
use super::{ActivityJson, find_group, find_member, with_context};

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

/// An `OrderedCollection` (no `page`) or one `OrderedCollectionPage`.
fn collection(
    id: &str,
    total: i64,
    page: Option<i64>,
    items: impl FnOnce() -> Vec<Value>,
) -> Value {
    match page {
        None => json!({
            "id": id,
            "type": "OrderedCollection",
            "totalItems": total,
            "first": format!("{id}?page=1"),
        }),
        Some(n) => {
            let mut page = json!({
                "id": format!("{id}?page={n}"),
                "type": "OrderedCollectionPage",
                "partOf": id,
                "totalItems": total,
                "orderedItems": items(),
            });
            if n * PAGE_SIZE < total {
                page["next"] = json!(format!("{id}?page={}", n + 1));
            }
            if n > 1 {
                page["prev"] = json!(format!("{id}?page={}", n - 1));
            }
            page
        }
    }
}

fn page_number(query: &PageQuery) -> AppResult<Option<i64>> {
    match query.page {
        Some(n) if !(1..=100_000).contains(&n) => Err(AppError::BadRequest(
            "page: must be between 1 and 100000".into(),
        )),
        other => Ok(other),
    }
}

pub async fn group_outbox(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<ActivityJson> {
    let space = find_group(&state.db, &slug).await?;
    let fed = &state.federation;
    let id = format!("{}/outbox", fed.urls.space(&space.slug));
    let (total,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM posts WHERE space_id = $1 AND deleted_at IS NULL")
            .bind(space.id)
            .fetch_one(&state.db.read)
            .await?;
    let page = page_number(&query)?;
    let mut items = Vec::new();
    if let Some(n) = page {
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM posts WHERE space_id = $1 AND deleted_at IS NULL \
             ORDER BY created_at DESC, id DESC LIMIT $2 + 0 OFFSET $3 + 0",
        )
        .bind(space.id)
        .bind(PAGE_SIZE)
        .bind((n - 1) * PAGE_SIZE)
        .fetch_all(&state.db.read)
        .await?;
        let mut tx = state.db.read.begin().await?;
        for (post_id,) in ids {
            if let Some(post) = publish::load_post(&mut tx, post_id).await? {
                items.push(announced_create(fed, &post));
            }
        }
        tx.rollback().await?;
    }
    Ok(ActivityJson(with_context(collection(
        &id,
        total,
        page,
        || items,
    ))))
}

/// A post as it appears in its group's outbox: the group's Announce of the
/// author's Create.
fn announced_create(fed: &Federation, post: &publish::PostObject) -> Value {
    let page = post.to_json(fed);
    let group = post.space.id(fed);
    let post_url = post.url(fed);
    json!({
        "id": format!("{}/outbox/announce/{}", group, post.id),
        "type": "Announce",
        "actor": group,
        "to": [super::super::PUBLIC],
        "cc": [post.space.followers(fed)],
        "object": {
            "id": format!("{post_url}#create"),
            "type": "Create",
            "actor": page.get("attributedTo").cloned().unwrap_or(Value::Null),
            "to": [group, super::super::PUBLIC],
            "object": page,
        },
    })
}

pub async fn group_followers(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<ActivityJson> {
    let space = find_group(&state.db, &slug).await?;
    let id = format!("{}/followers", state.federation.urls.space(&space.slug));
    let (total,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM space_followers WHERE space_id = $1")
            .bind(space.id)
            .fetch_one(&state.db.read)
            .await?;
    let page = page_number(&query)?;
    let mut items = Vec::new();
    if let Some(n) = page {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT a.ap_id FROM space_followers f JOIN accounts a ON a.id = f.account_id \
             WHERE f.space_id = $1 AND a.ap_id IS NOT NULL ORDER BY f.created_at, a.id \
             LIMIT $2 + 0 OFFSET $3 + 0",
        )
        .bind(space.id)
        .bind(PAGE_SIZE)
        .bind((n - 1) * PAGE_SIZE)
        .fetch_all(&state.db.read)
        .await?;
        items = rows.into_iter().map(|(id,)| json!(id)).collect();
    }
    Ok(ActivityJson(with_context(collection(
        &id,
        total,
        page,
        || items,
    ))))
}

pub async fn group_moderators(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<ActivityJson> {
    let space = find_group(&state.db, &slug).await?;
    let urls = &state.federation.urls;
    let id = format!("{}/moderators", urls.space(&space.slug));
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT a.username FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.space_id = $1 AND m.role = 'space_manager' AND a.domain IS NULL ORDER BY a.id",
    )
    .bind(space.id)
    .fetch_all(&state.db.read)
    .await?;
    let total = rows.len() as i64;
    let page = page_number(&query)?;
    let items = || {
        let start = ((page.unwrap_or(1) - 1) * PAGE_SIZE) as usize;
        rows.iter()
            .skip(start)
            .take(PAGE_SIZE as usize)
            .map(|(name,)| json!(urls.person(name)))
            .collect()
    };
    Ok(ActivityJson(with_context(collection(
        &id, total, page, items,
    ))))
}

pub async fn person_outbox(
    State(state): State<AppState>,
    Path(username): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<ActivityJson> {
    let member = find_member(&state.db, &username).await?;
    let fed = &state.federation;
    let id = format!("{}/outbox", fed.urls.person(&member.username));
    let (total,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE p.author_id = $1 AND p.deleted_at IS NULL AND s.visibility = 'public'",
    )
    .bind(member.id)
    .fetch_one(&state.db.read)
    .await?;
    let page = page_number(&query)?;
    let mut items = Vec::new();
    if let Some(n) = page {
        let ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT p.id FROM posts p JOIN spaces s ON s.id = p.space_id \
             WHERE p.author_id = $1 AND p.deleted_at IS NULL AND s.visibility = 'public' \
             ORDER BY p.created_at DESC, p.id DESC LIMIT $2 + 0 OFFSET $3 + 0",
        )
        .bind(member.id)
        .bind(PAGE_SIZE)
        .bind((n - 1) * PAGE_SIZE)
        .fetch_all(&state.db.read)
        .await?;
        let mut tx = state.db.read.begin().await?;
        for (post_id,) in ids {
            if let Some(post) = publish::load_post(&mut tx, post_id).await? {
                let page = post.to_json(fed);
                items.push(json!({
                    "id": format!("{}#create", post.url(fed)),
                    "type": "Create",
                    "actor": fed.urls.person(&member.username),
                    "to": page.get("to").cloned().unwrap_or(Value::Null),
                    "object": page,
                }));
            }
        }
        tx.rollback().await?;
    }
    Ok(ActivityJson(with_context(collection(
        &id,
        total,
        page,
        || items,
    ))))
}

/// Members cannot be followed yet: an empty collection.
pub async fn person_followers(
    State(state): State<AppState>,
    Path(username): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<ActivityJson> {
    let member = find_member(&state.db, &username).await?;
    let id = format!(
        "{}/followers",
        state.federation.urls.person(&member.username)
    );
    let page = page_number(&query)?;
    Ok(ActivityJson(with_context(collection(
        &id,
        0,
        page,
        Vec::new,
    ))))
}
