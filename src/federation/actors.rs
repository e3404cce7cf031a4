//! The AS2 documents this instance serves: the instance, members, public
//! spaces, posts, comments, and their paged collections.
//!
//! A private space, its content and anything unknown answer with the same
//! 404 (`no such object`): the lookups below only ever find public things.

use activitypub_federation::config::Data;
use activitypub_federation::traits::{Actor, Object};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::publish::{self, space_actor_columns};
use super::{Federation, Urls, context};
use crate::AppState;
use crate::accounts::ProfileVisibility;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::markdown::escape_html;

const PAGE_SIZE: i64 = 20;

/// An AS2 document response.
pub struct ActivityJson(pub Value);

impl IntoResponse for ActivityJson {
    fn into_response(self) -> Response {
        let mut response = axum::Json(self.0).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(super::ACTIVITY_JSON),
        );
        response
    }
}

fn not_found() -> AppError {
    AppError::NotFound("object")
}

fn with_context(mut document: Value) -> Value {
    if let Some(map) = document.as_object_mut() {
        map.insert("@context".into(), context());
    }
    document
}

/// The instance's `Application` actor: it signs our fetches.
#[derive(Clone, Debug)]
pub struct InstanceActor {
    id: Url,
    inbox: Url,
    public_key_pem: String,
    private_key_pem: String,
}

impl InstanceActor {
    /// Reads the instance key, creating it on first start (several nodes
    /// starting at once agree on the first one stored).
    pub async fn load_or_create(db: &Db, urls: &Urls) -> anyhow::Result<Self> {
        let existing: Option<(String, String)> = sqlx::query_as(
            "SELECT public_key_pem, private_key_pem FROM instance_actor WHERE id = 1",
        )
        .fetch_optional(&db.read)
        .await?;
        let (public_key_pem, private_key_pem) = match existing {
            Some(keys) => keys,
            None => {
                let (public, private) = super::generate_keypair().await?;
                sqlx::query(
                    "INSERT INTO instance_actor (id, public_key_pem, private_key_pem, created_at) \
                     VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING",
                )
                .bind(public)
                .bind(private)
                .bind(db::now())
                .execute(db.writer())
                .await?;
                sqlx::query_as(
                    "SELECT public_key_pem, private_key_pem FROM instance_actor WHERE id = 1",
                )
                .fetch_one(db.writer())
                .await?
            }
        };
        Ok(InstanceActor {
            id: Url::parse(&urls.instance_actor())?,
            inbox: Url::parse(&urls.shared_inbox())?,
            public_key_pem,
            private_key_pem,
        })
    }

    /// The key id and private key that sign our fetches.
    pub fn signing_key(&self) -> anyhow::Result<(String, rsa::RsaPrivateKey)> {
        Ok((
            format!("{}#main-key", self.id),
            super::signatures::private_key(&self.private_key_pem)?,
        ))
    }

    fn to_json(&self, urls: &Urls) -> Value {
        json!({
            "id": self.id,
            "type": "Application",
            "preferredUsername": urls.domain(),
            "name": format!("Agora at {}", urls.domain()),
            "inbox": self.inbox,
            "outbox": format!("{}/outbox", self.id),
            "endpoints": {"sharedInbox": urls.shared_inbox()},
            "manuallyApprovesFollowers": true,
            "publicKey": key_json(self.id.as_str(), &self.public_key_pem),
        })
    }
}

#[async_trait::async_trait]
impl Object for InstanceActor {
    type DataType = AppState;
    type Kind = Value;
    type Error = AppError;

    fn id(&self) -> &Url {
        &self.id
    }

    async fn read_from_id(_: Url, _: &Data<AppState>) -> AppResult<Option<Self>> {
        Ok(None)
    }

    async fn into_json(self, data: &Data<AppState>) -> AppResult<Value> {
        Ok(self.to_json(&data.federation.urls))
    }

    async fn verify(_: &Value, _: &Url, _: &Data<AppState>) -> AppResult<()> {
        Ok(())
    }

    async fn from_json(_: Value, _: &Data<AppState>) -> AppResult<Self> {
        Err(not_found())
    }
}

impl Actor for InstanceActor {
    fn public_key_pem(&self) -> &str {
        &self.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        Some(self.private_key_pem.clone())
    }

    fn inbox(&self) -> Url {
        self.inbox.clone()
    }
}

fn key_json(owner: &str, pem: &str) -> Value {
    json!({"id": format!("{owner}#main-key"), "owner": owner, "publicKeyPem": pem})
}

pub async fn instance_actor(State(state): State<AppState>) -> AppResult<ActivityJson> {
    let actor = InstanceActor::load_or_create(&state.db, &state.federation.urls).await?;
    Ok(ActivityJson(with_context(
        actor.to_json(&state.federation.urls),
    )))
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    username: String,
    display_name: String,
    bio: String,
    public_key_pem: Option<String>,
    created_at: i64,
    profile_visibility: ProfileVisibility,
    deleted_at: Option<i64>,
}

async fn find_member(db: &Db, username: &str) -> AppResult<MemberRow> {
    sqlx::query_as(
        "SELECT id, username, display_name, bio, public_key_pem, created_at, profile_visibility, \
                deleted_at FROM accounts \
         WHERE username = $1 AND domain IS NULL",
    )
    .bind(username)
    .fetch_optional(&db.read)
    .await?
    .ok_or_else(not_found)
}

pub async fn person(
    State(state): State<AppState>,
    Path(username): Path<String>,
) -> AppResult<ActivityJson> {
    let member = match find_member(&state.db, &username).await {
        // A closed account gave up its name but keeps it reserved: its
        // actor is gone, not missing.
        Err(AppError::NotFound(_))
            if crate::accounts::is_closed_name(&state.db, &username).await? =>
        {
            return Err(AppError::Gone("account"));
        }
        found => found?,
    };
    if member.deleted_at.is_some() {
        // The member closed their account (`federation::farewell`).
        return Err(AppError::Gone("account"));
    }
    let urls = &state.federation.urls;
    let id = urls.person(&member.username);
    // Other servers see the profile's text only when the member shows it
    // to everyone; the rest is what federation cannot work without.
    let summary = if member.profile_visibility == ProfileVisibility::Everyone {
        escape_html(&member.bio)
    } else {
        String::new()
    };
    let name = if member.display_name.is_empty() {
        &member.username
    } else {
        &member.display_name
    };
    Ok(ActivityJson(with_context(json!({
        "id": id,
        "type": "Person",
        "preferredUsername": member.username,
        "name": name,
        "summary": summary,
        "url": id,
        "inbox": format!("{id}/inbox"),
        "outbox": format!("{id}/outbox"),
        "followers": format!("{id}/followers"),
        "endpoints": {"sharedInbox": urls.shared_inbox()},
        "manuallyApprovesFollowers": false,
        "published": format_time(member.created_at),
        "publicKey": key_json(&id, member.public_key_pem.as_deref().unwrap_or_default()),
    }))))
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: i64,
    slug: String,
    title: String,
    description: String,
    language: String,
    public_key_pem: Option<String>,
    created_at: i64,
}

/// A public space of ours, or "no such object".
async fn find_group(db: &Db, slug: &str) -> AppResult<GroupRow> {
    sqlx::query_as(
        "SELECT id, slug, title, description, language, public_key_pem, created_at FROM spaces \
         WHERE slug = $1 AND visibility = 'public' AND domain IS NULL",
    )
    .bind(slug)
    .fetch_optional(&db.read)
    .await?
    .ok_or_else(not_found)
}

pub async fn group(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<ActivityJson> {
    let space = find_group(&state.db, &slug).await?;
    let urls = &state.federation.urls;
    let id = urls.space(&space.slug);
    Ok(ActivityJson(with_context(json!({
        "id": id,
        "type": "Group",
        "preferredUsername": space.slug,
        "name": space.title,
        "summary": escape_html(&space.description),
        "contentMap": {space.language: escape_html(&space.description)},
        "url": id,
        "inbox": format!("{id}/inbox"),
        "outbox": format!("{id}/outbox"),
        "followers": format!("{id}/followers"),
        "moderators": format!("{id}/moderators"),
        "attributedTo": format!("{id}/moderators"),
        "endpoints": {"sharedInbox": urls.shared_inbox()},
        "manuallyApprovesFollowers": false,
        "postingRestrictedToMods": false,
        "published": format_time(space.created_at),
        "publicKey": key_json(&id, space.public_key_pem.as_deref().unwrap_or_default()),
    }))))
}

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
        "to": [super::PUBLIC],
        "cc": [post.space.followers(fed)],
        "object": {
            "id": format!("{post_url}#create"),
            "type": "Create",
            "actor": page.get("attributedTo").cloned().unwrap_or(Value::Null),
            "to": [group, super::PUBLIC],
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

/// A post of ours in a public space (ours or followed): its `Page`, or a
/// `Tombstone` with 410 once deleted.
pub async fn post(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(
        &state.db,
        "SELECT p.id FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE p.id = $1 AND p.ap_id IS NULL AND s.visibility = 'public'",
        id,
    )
    .await?;
    let mut tx = state.db.read.begin().await?;
    let post = publish::load_post(&mut tx, id).await?;
    tx.rollback().await?;
    let post = post
        .filter(|p| p.ap_id.is_none() && p.space.visibility == crate::spaces::Visibility::Public)
        .ok_or_else(not_found)?;
    let document = with_context(post.to_json(&state.federation));
    Ok(tombstone_status(post.deleted_at.is_some(), document))
}

pub async fn comment(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(
        &state.db,
        "SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id \
         JOIN spaces s ON s.id = p.space_id \
         WHERE c.id = $1 AND c.ap_id IS NULL AND s.visibility = 'public'",
        id,
    )
    .await?;
    let mut tx = state.db.read.begin().await?;
    let comment = publish::load_comment(&mut tx, id).await?;
    tx.rollback().await?;
    let comment = comment
        .filter(|c| c.ap_id.is_none() && c.space.visibility == crate::spaces::Visibility::Public)
        .ok_or_else(not_found)?;
    let document = with_context(comment.to_json(&state.federation));
    Ok(tombstone_status(comment.deleted_at.is_some(), document))
}

/// Answers "no such object" unless `sql` finds row `id` as ours and public.
/// Asked first and alone, so that a private object costs one query, like a
/// missing one, before anything else is loaded.
async fn public_and_ours(db: &Db, sql: &'static str, id: i64) -> AppResult<()> {
    let found: Option<(i64,)> = sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
    found.map(|_| ()).ok_or_else(not_found)
}

fn tombstone_status(deleted: bool, document: Value) -> Response {
    let mut response = ActivityJson(document).into_response();
    if deleted {
        *response.status_mut() = axum::http::StatusCode::GONE;
    }
    response
}

/// A public space of ours as federation sees it, by slug.
pub async fn local_group(db: &Db, slug: &str) -> AppResult<Option<publish::SpaceActor>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        space_actor_columns!(),
        " FROM spaces s WHERE s.slug = $1 AND s.visibility = 'public' AND s.domain IS NULL"
    ))
    .bind(slug)
    .fetch_optional(&db.read)
    .await?)
}

/// Authorized fetch: with `federation.signed_fetch`, an AS2 GET must be
/// signed by a remote actor whose key verifies (401 otherwise), on an
/// instance the policy allows (403 otherwise).
pub async fn require_signed_fetch(
    data: Data<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if !data.config.signed_fetch {
        return next.run(request).await;
    }
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    let pending = match super::signatures::parse(
        request.method(),
        &path,
        request.headers(),
        data.federation.urls.base(),
        false,
    ) {
        Ok(p) => p,
        Err(e) => {
            return AppError::Unauthorized(format!("this instance requires signed fetches: {e}"))
                .into_response();
        }
    };
    // A blocked instance is refused before its key is even fetched.
    if !data.federation.policy.allows_url(pending.key_id()) {
        return AppError::forbidden("this instance does not federate with yours").into_response();
    }
    let owner = match super::keys::key_owner(&data, pending.key_id()).await {
        Ok(owner) => owner,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = pending.verify(&owner.public_key_pem) {
        return AppError::Unauthorized(e.to_string()).into_response();
    }
    next.run(request).await
}

/// An event of ours in a public space: its `Event`.
pub async fn event(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    public_and_ours(
        &state.db,
        "SELECT e.id FROM events e JOIN spaces s ON s.id = e.space_id \
         WHERE e.id = $1 AND e.ap_id IS NULL AND s.visibility = 'public'",
        id,
    )
    .await?;
    let mut tx = state.db.read.begin().await?;
    let found = publish::load_event(&mut tx, id, &state.federation).await?;
    tx.rollback().await?;
    let (event, space, json) = found.ok_or_else(not_found)?;
    if event.ap_id.is_some() || space.visibility != crate::spaces::Visibility::Public {
        return Err(not_found());
    }
    Ok(ActivityJson(with_context(json)).into_response())
}

/// A file or note of ours in a public space: its `Document`, or a
/// `Tombstone` with 410 once deleted. Folders and private items are
/// missing objects.
pub async fn library_item(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let row: Option<(String, Option<i64>, Option<String>, String)> = sqlx::query_as(
        "SELECT s.visibility, i.deleted_at, i.ap_id, i.kind FROM library_items i \
         JOIN spaces s ON s.id = i.space_id \
         WHERE i.id = $1 AND s.domain IS NULL AND s.visibility = 'public'",
    )
    .bind(id)
    .fetch_optional(&state.db.read)
    .await?;
    let Some((visibility, deleted_at, None, kind)) = row else {
        return Err(not_found());
    };
    if visibility != "public" || kind == "folder" {
        return Err(not_found());
    }
    if deleted_at.is_some() {
        let url = state.federation.urls.library_item(id);
        let tombstone =
            serde_json::json!({"id": url, "type": "Tombstone", "formerType": "Document"});
        return Ok(tombstone_status(true, with_context(tombstone)));
    }
    let mut tx = state.db.read.begin().await?;
    let found = publish::load_library_item(&mut tx, &state.federation, id).await?;
    tx.rollback().await?;
    let (_, document) = found.ok_or_else(not_found)?;
    Ok(ActivityJson(with_context(document)).into_response())
}
