//! WebFinger (`acct:name@domain` for members and public spaces) and
//! NodeInfo 2.1. Private spaces have no handle, so WebFinger cannot find
//! them, and NodeInfo counts only public content.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::accounts::{self, public::HandleKind};
use crate::config::RegistrationMode;
use crate::error::{AppError, AppResult};
use crate::{posts, spaces};

#[derive(Deserialize)]
pub struct WebfingerQuery {
    resource: Option<String>,
}

pub async fn webfinger(
    State(state): State<AppState>,
    Query(query): Query<WebfingerQuery>,
) -> AppResult<Response> {
    let resource = query
        .resource
        .ok_or_else(|| AppError::BadRequest("resource: required, e.g. acct:name@domain".into()))?;
    let urls = &state.federation.urls;
    // `acct:name@domain`, or the actor's URL itself. The instance actor is
    // `acct:DOMAIN@DOMAIN` (its preferredUsername), as GoToSocial expects
    // of the actor that signs fetches.
    let name = if resource == urls.instance_actor() {
        urls.domain().to_ascii_lowercase()
    } else if let Some(acct) = resource.strip_prefix("acct:") {
        let (name, domain) = acct
            .rsplit_once('@')
            .ok_or_else(|| AppError::BadRequest("resource: expected acct:name@domain".into()))?;
        if !domain.eq_ignore_ascii_case(urls.domain()) {
            return Err(AppError::NotFound("resource"));
        }
        name.to_ascii_lowercase()
    } else {
        match urls.parse(&resource) {
            Some(crate::urls::LocalRef::Person(name) | crate::urls::LocalRef::Space(name)) => name,
            _ => return Err(AppError::NotFound("resource")),
        }
    };
    // The handle table holds members and public spaces only.
    let kind = accounts::public::handle_kind(&state.db.read, &name).await?;
    let (href, kind) = match kind {
        Some(HandleKind::Account) => (urls.person(&name), "Person"),
        Some(HandleKind::Space) => (urls.space(&name), "Group"),
        None if name.eq_ignore_ascii_case(urls.domain()) => (urls.instance_actor(), "Service"),
        _ => return Err(AppError::NotFound("resource")),
    };
    let document = json!({
        "subject": format!("acct:{name}@{}", urls.domain()),
        "aliases": [href],
        "links": [
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": href},
            {"rel": "self", "type": super::ACTIVITY_JSON, "href": href,
             "properties": {"https://www.w3.org/ns/activitystreams#type": kind}},
        ],
    });
    let mut response = Json(document).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/jrd+json"),
    );
    Ok(response)
}

pub async fn nodeinfo_links(State(state): State<AppState>) -> Json<Value> {
    Json(json!({
        "links": [{
            "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
            "href": format!("{}/nodeinfo/2.1", state.federation.urls.base()),
        }]
    }))
}

pub async fn nodeinfo(State(state): State<AppState>) -> AppResult<Response> {
    const DAY: i64 = 24 * 3600 * 1_000_000;
    let now = crate::db::now();
    // Members, and only what public spaces of ours hold.
    let db = &state.db;
    let users = accounts::public::count_members(db).await?;
    let active_month = accounts::tokens::active_members(db, now - 30 * DAY).await?;
    let active_halfyear = accounts::tokens::active_members(db, now - 180 * DAY).await?;
    let (posts, comments) = posts::federated::count_public_ours(db).await?;
    let spaces = spaces::addresses::count_public(db).await?;
    let document = json!({
        "version": "2.1",
        "software": {
            "name": "agora",
            "version": env!("CARGO_PKG_VERSION"),
        },
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": []},
        "openRegistrations": state.config.registration == RegistrationMode::Open,
        "usage": {
            "users": {"total": users, "activeMonth": active_month, "activeHalfyear": active_halfyear},
            "localPosts": posts,
            "localComments": comments,
        },
        "metadata": {"nodeName": state.config.domain, "publicSpaces": spaces},
    });
    let mut response = Json(document).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
        ),
    );
    Ok(response)
}
