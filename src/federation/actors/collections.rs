//! Paged collections: a group's outbox, followers and moderators; a
//! member's outbox and followers.

use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::publish::{self};
use super::{Document, Federation, document, find_group, find_member};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::federation::objects::collection::{
    CountedCollection, OrderedCollection, OrderedCollectionPage, OutboxAnnounce, OutboxCreate,
};
use crate::{posts, spaces};

const PAGE_SIZE: i64 = 20;

#[derive(Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

/// A collection (no `?page`) or one of its pages.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Paged<T> {
    Collection(OrderedCollection<T>),
    Counted(CountedCollection),
    Page(OrderedCollectionPage<T>),
}

/// The collection at `id` with its first page's `items` inline, or its
/// page `page` of `items`.
fn collection<T: Serialize>(
    id: &str,
    total: i64,
    page: Option<i64>,
    items: impl FnOnce() -> Vec<T>,
) -> Document<Paged<T>> {
    document(match page {
        None => Paged::Collection(OrderedCollection::sent(id, total, items())),
        Some(n) => Paged::Page(OrderedCollectionPage::sent(
            id,
            n,
            PAGE_SIZE,
            total,
            items(),
        )),
    })
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
) -> AppResult<Document<Paged<OutboxAnnounce>>> {
    let space = find_group(&state.db, &slug).await?;
    let fed = &state.federation;
    let id = format!("{}/outbox", fed.urls.space(&space.slug));
    let total = posts::federated::count_in_space(&state.db, space.id).await?;
    let page = page_number(&query)?;
    let n = page.unwrap_or(1);
    let mut items = Vec::new();
    let ids =
        posts::federated::ids_in_space(&state.db, space.id, PAGE_SIZE, (n - 1) * PAGE_SIZE).await?;
    let mut tx = state.db.read.begin().await?;
    for post_id in ids {
        if let Some(post) = publish::load_post(&mut tx, post_id).await? {
            items.push(announced_create(fed, &post));
        }
    }
    tx.rollback().await?;
    Ok(collection(&id, total, page, || items))
}

/// A post as it appears in its group's outbox: the group's Announce of the
/// author's Create.
fn announced_create(fed: &Federation, post: &publish::PostObject) -> OutboxAnnounce {
    let page = post.to_json(fed);
    let group = post.space.id(fed);
    OutboxAnnounce {
        id: format!("{}/outbox/announce/{}", group, post.post.id),
        kind: Default::default(),
        to: vec![super::super::PUBLIC.to_owned()],
        cc: post.space.followers(fed).into_iter().collect(),
        object: OutboxCreate {
            id: format!("{}#create", post.url(fed)),
            kind: Default::default(),
            actor: text(&page, "attributedTo"),
            to: Some(vec![group.clone(), super::super::PUBLIC.to_owned()]),
            object: page,
        },
        actor: group,
    }
}

/// A member's post as their outbox lists it: their Create, addressed as
/// the post is.
fn created(fed: &Federation, post: &publish::PostObject, author: String) -> OutboxCreate {
    let page = post.to_json(fed);
    OutboxCreate {
        id: format!("{}#create", post.url(fed)),
        kind: Default::default(),
        actor: Some(author),
        to: page
            .get("to")
            .and_then(|to| serde_json::from_value(to.clone()).ok()),
        object: page,
    }
}

/// A text field of a document `publish` built.
fn text(document: &Value, key: &str) -> Option<String> {
    document.get(key).and_then(Value::as_str).map(str::to_owned)
}

pub async fn group_followers(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<Document<Paged<String>>> {
    let space = find_group(&state.db, &slug).await?;
    let id = format!("{}/followers", state.federation.urls.space(&space.slug));
    let total = spaces::federation::follower_count(&state.db, space.id).await?;
    let Some(n) = page_number(&query)? else {
        return Ok(document(Paged::Counted(CountedCollection::sent(
            &id, total,
        ))));
    };
    let items =
        spaces::federation::follower_ids(&state.db, space.id, PAGE_SIZE, (n - 1) * PAGE_SIZE)
            .await?;
    Ok(collection(&id, total, Some(n), || items))
}

pub async fn group_moderators(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<Document<Paged<String>>> {
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
            .map(|name| urls.person(name))
            .collect()
    };
    Ok(collection(&id, total, page, items))
}

pub async fn person_outbox(
    State(state): State<AppState>,
    Path(username): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<Document<Paged<OutboxCreate>>> {
    let member = find_member(&state.db, &username).await?;
    let fed = &state.federation;
    let id = format!("{}/outbox", fed.urls.person(&member.username));
    let total = posts::federated::count_public_by(&state.db, member.id).await?;
    let page = page_number(&query)?;
    let n = page.unwrap_or(1);
    let mut items = Vec::new();
    let ids = posts::federated::public_ids_by(&state.db, member.id, PAGE_SIZE, (n - 1) * PAGE_SIZE)
        .await?;
    let mut tx = state.db.read.begin().await?;
    for post_id in ids {
        if let Some(post) = publish::load_post(&mut tx, post_id).await? {
            items.push(created(fed, &post, fed.urls.person(&member.username)));
        }
    }
    tx.rollback().await?;
    Ok(collection(&id, total, page, || items))
}

/// Members cannot be followed yet: an empty collection.
pub async fn person_followers(
    State(state): State<AppState>,
    Path(username): Path<String>,
    Query(query): Query<PageQuery>,
) -> AppResult<Document<Paged<String>>> {
    let member = find_member(&state.db, &username).await?;
    let id = format!(
        "{}/followers",
        state.federation.urls.person(&member.username)
    );
    let page = page_number(&query)?;
    Ok(collection(&id, 0, page, Vec::<String>::new))
}

/// The instance actor publishes nothing (it signs fetches and answers
/// instance-level follows), but strict servers expect its `outbox` to
/// exist: an empty collection.
pub async fn instance_outbox(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> AppResult<Document<Paged<String>>> {
    let id = format!("{}/outbox", state.federation.urls.instance_actor());
    let page = page_number(&query)?;
    Ok(collection(&id, 0, page, Vec::<String>::new))
}
