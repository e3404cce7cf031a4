//! The JSON API under `/api/v1`, documented by an OpenAPI document built
//! from the handlers' annotations (served at `/api/v1/openapi.json`).

mod accounts;
mod document;
mod event_guests;
mod event_replays;
mod event_series;
mod events;
pub mod extract;
mod follows;
mod headers;
mod library;
mod library_content;
mod library_follows;
mod mail;
mod media;
mod moderation;
mod newsletter;
mod notifications;
pub mod personal_data;
mod policy;
mod posts;
mod preferences;
mod search;
mod security;
mod spaces;
mod translations;

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::config::RegistrationMode;
use crate::error::{AppError, AppResult, ErrorBody};

#[derive(OpenApi)]
#[openapi(
    info(title = "Agora API", description = "Accounts, spaces, posts, comments and feeds of one Agora instance. \
        Errors are JSON objects {\"error\": code, \"message\": text}."),
    modifiers(&SecuritySchemes),
    tags(
        (name = "accounts", description = "Registration, sign-in, profiles, API tokens, invitations"),
        (name = "spaces", description = "Public and private spaces"),
        (name = "members", description = "Membership, roles, join requests and invitations"),
        (name = "posts", description = "Posts and reactions"),
        (name = "comments", description = "Threaded comments"),
        (name = "feeds", description = "Home and public feeds"),
        (name = "federation", description = "Following spaces of other instances"),
        (name = "events", description = "Events, registrations, calendars"),
        (name = "newsletter", description = "Newsletters: issues, archive, subscriptions"),
        (name = "notifications", description = "The member's notifications, each with a stable `kind` code \
            (see GET /api/v1/notifications), written out in the member's language and time zone"),
        (name = "library", description = "Each space's shared library: folders, files and notes, revisions, comments"),
        (name = "media", description = "Pictures and files attached to posts and comments; profile pictures"),
        (name = "moderation", description = "Reports, the moderators' queue, suspensions, bans"),
        (name = "email", description = "Notification preferences: what reaches a member by email, in digests or only in the app"),
        (name = "search", description = "Full-text search over what the caller may open, in five languages"),
        (name = "translation", description = "Machine translation of posts, comments, events and notes into the reader's language"),
        (name = "admin", description = "Instance administration"),
        (name = "instance", description = "About this instance"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(extract::SESSION_COOKIE))),
        );
    }
}

/// The API routes, and the OpenAPI document describing exactly them.
/// Routes that fetch from other instances (`federated`) need
/// activitypub_federation's request data, so the caller wraps only them in
/// its middleware.
pub use events::{participants_csv_download, personal_calendar};
pub use headers::{CSP, PERSONAL, common_headers, disposition};
pub use library_content::download as library_download;

pub struct Routes {
    pub local: axum::Router<AppState>,
    pub federated: axum::Router<AppState>,
    /// Routes that stream a request body (uploads): no overall timeout.
    pub uploads: axum::Router<AppState>,
    pub openapi: utoipa::openapi::OpenApi,
}

pub fn router() -> Routes {
    let local = || {
        OpenApiRouter::with_openapi(ApiDoc::openapi())
            .merge(accounts::router())
            .merge(security::router())
            .merge(spaces::router())
            .merge(posts::router())
            .merge(policy::router())
            .merge(moderation::router())
            .merge(events::router())
            .merge(event_replays::router())
            .merge(event_guests::router())
            .merge(event_series::router())
            .merge(newsletter::router())
            .merge(notifications::router())
            .merge(library::router())
            .merge(library_content::router())
            .merge(media::router())
            .merge(personal_data::router())
            .merge(library_follows::router())
            .merge(preferences::router())
            .merge(mail::router())
            .merge(search::router())
            .merge(translations::router())
            .routes(routes!(instance))
    };
    let (_, mut openapi) = local()
        .merge(follows::router())
        .merge(library::uploads())
        .merge(media::uploads())
        .merge(personal_data::long_running())
        .split_for_parts();
    document::complete(&mut openapi);
    let (uploads, _) = library::uploads()
        .merge(media::uploads())
        .merge(personal_data::long_running())
        .split_for_parts();
    let (router, _) = local().split_for_parts();
    let (federated, _) = follows::router().split_for_parts();
    let document: Arc<[u8]> = serde_json::to_vec(&openapi).unwrap_or_default().into();
    let router = router.route(
        "/api/v1/openapi.json",
        axum::routing::get(move || {
            let document = document.clone();
            async move {
                (
                    [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
                    document.to_vec(),
                )
            }
        }),
    );
    Routes {
        local: router,
        federated,
        uploads,
        openapi,
    }
}

#[derive(Serialize, utoipa::ToSchema)]
struct InstanceStats {
    members: i64,
    /// Private spaces are never counted.
    public_spaces: i64,
    /// Posts in public spaces only.
    public_posts: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
struct InstanceView {
    domain: String,
    url: String,
    version: &'static str,
    registration: RegistrationMode,
    stats: InstanceStats,
}

/// About this instance. Counts never include private spaces or their content.
#[utoipa::path(get, path = "/api/v1/instance", tag = "instance", responses((status = 200, body = InstanceView)))]
async fn instance(State(state): State<AppState>) -> AppResult<Json<InstanceView>> {
    let (members, public_spaces, public_posts): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM accounts WHERE domain IS NULL), \
                (SELECT COUNT(*) FROM spaces WHERE visibility = 'public' AND domain IS NULL), \
                (SELECT COUNT(*) FROM posts p JOIN spaces s ON s.id = p.space_id \
                 WHERE s.visibility = 'public' AND s.domain IS NULL AND p.deleted_at IS NULL)",
    )
    .fetch_one(&state.db.read)
    .await?;
    Ok(Json(InstanceView {
        domain: state.config.domain.clone(),
        url: state.config.public_url(),
        version: env!("CARGO_PKG_VERSION"),
        registration: state.config.registration,
        stats: InstanceStats {
            members,
            public_spaces,
            public_posts,
        },
    }))
}

/// `/healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match sqlx::query("SELECT 1").execute(&state.db.read).await {
        Ok(_) => Json(serde_json::json!({"status": "ok"})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(ErrorBody {
                    error: "unavailable",
                    message: "the database does not answer".into(),
                }),
            )
                .into_response()
        }
    }
}

pub async fn not_found() -> AppError {
    AppError::NotFound("route")
}

pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed("this method is not allowed here".into())
}
