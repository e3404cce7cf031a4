//! Paged collections: a group's outbox, followers and moderators; a
//! member's outbox and followers.

use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::Federation;
use super::publish::{self};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::{posts, spaces};

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
    let total = posts::federated::count_in_space(&state.db, space.id).await?;
    let page = page_number(&query)?;
    let mut items = Vec::new();
    if let Some(n) = page {
        let ids =
            posts::federated::ids_in_space(&state.db, space.id, PAGE_SIZE, (n - 1) * PAGE_SIZE)
                .await?;
        let mut tx = state.db.read.begin().await?;
        for post_id in ids {
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
        "id": format!("{}/outbox/announce/{}", group, post.post.id),
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
    let total = spaces::federation::follower_count(&state.db, space.id).await?;
    let page = page_number(&query)?;
    let mut items = Vec::new();
    if let Some(n) = page {
        let ids =
            spaces::federation::follower_ids(&state.db, space.id, PAGE_SIZE, (n - 1) * PAGE_SIZE)
                .await?;
        items = ids.into_iter().map(|id| json!(id)).collect();
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
    let rows = spaces::addresses::manager_names(&state.db, space.id).await?;
    let total = rows.len() as i64;
    let page = page_number(&query)?;
    let items = || {
        let start = ((page.unwrap_or(1) - 1) * PAGE_SIZE) as usize;
        rows.iter()
            .skip(start)
            .take(PAGE_SIZE as usize)
            .map(|name| json!(urls.person(name)))
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
    let total = posts::federated::count_public_by(&state.db, member.id).await?;
    let page = page_number(&query)?;
    let mut items = Vec::new();
    if let Some(n) = page {
        let ids =
            posts::federated::public_ids_by(&state.db, member.id, PAGE_SIZE, (n - 1) * PAGE_SIZE)
                .await?;
        let mut tx = state.db.read.begin().await?;
        for post_id in ids {
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
