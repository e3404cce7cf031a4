//! Agora: a self-hosted, federated collaboration server for networks of
//! human-rights and access-to-justice organisations.
//!
//! [`Application::build`] turns a [`Config`] into a bound, migrated, ready
//! server; `main.rs` only parses the command line (see [`cli`]).

pub mod accounts;
pub mod api;
pub mod backup;
pub mod changes;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod federation;
pub mod feeds;
pub mod i18n;
pub mod integer;
pub mod library;
pub mod mail;
pub mod markdown;
pub mod media;
pub mod metrics;
pub mod moderation;
pub mod newsletter;
pub mod notifications;
pub mod posts;
pub mod search;
pub mod serving;
pub mod spaces;
mod text_enum;
pub mod translation;
pub mod urls;
pub mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use activitypub_federation::config::{FederationConfig, FederationMiddleware};
pub use config::Config;
use db::Db;
use federation::{Federation, HostOverrides};

/// Everything a request handler needs; complete before the first request.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    /// Where domain functions record changes for other servers, and the
    /// instance's URLs.
    pub changes: changes::Changes,
    pub federation: Federation,
    /// Where library files live.
    pub storage: library::storage::Storage,
    /// How email goes out.
    pub mailer: mail::Mailer,
    /// This instance's counters, served at `/metrics` when enabled.
    pub metrics: metrics::Metrics,
    /// Wrong passwords, registrations and invitation links, counted per
    /// account and per client address (in this process's memory).
    pub throttles: Arc<accounts::throttle::Throttles>,
    /// The translation server (off when `[translation] url` is unset), its
    /// rules and each member's hourly allowance.
    pub translator: Arc<translation::Translator>,
}

/// A migrated database and a bound listener, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "cannot create the data folder {}",
                config.data_dir.display()
            )
        })?;
        let db = Db::connect(&config).await?;
        db.migrate().await?;
        let listener = TcpListener::bind(config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let federation = Federation::new(&config)?;
        let state = AppState {
            changes: federation.changes.clone(),
            federation,
            storage: library::storage::Storage::new(&config)?,
            mailer: mail::Mailer::new(&config)?,
            metrics: metrics::Metrics::new(),
            throttles: Arc::new(accounts::throttle::Throttles::new(&config.logins)),
            translator: Arc::new(translation::Translator::new(&config.translation)?),
            config: Arc::new(config),
            db,
        };
        state.federation.policy.reload(&state.db).await?;
        let federation_config = federation::federation_config(state.clone()).await?;
        Ok(Application {
            listener,
            router: router(state.clone(), federation_config),
            state,
        })
    }

    /// Fixed addresses for other instances' host names (test networks).
    pub fn host_overrides(&self) -> &HostOverrides {
        &self.state.federation.host_overrides
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or(self.state.config.bind)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let state = &self.state;
        let deliveries = tokio::spawn(federation::outbox::run(
            state.db.clone(),
            state.federation.clone(),
            state.config.deliveries_per_host,
            state.metrics.clone(),
        ));
        let reminders = tokio::spawn(events::reminders::run(state.db.clone()));
        let series = tokio::spawn(events::series::run(state.db.clone(), state.changes.clone()));
        let mail = tokio::spawn(mail::queue::run(
            state.db.clone(),
            state.mailer.clone(),
            state.metrics.clone(),
        ));
        let notification_mail = tokio::spawn(notifications::email::run(
            state.db.clone(),
            state.mailer.clone(),
        ));
        let newsletters = tokio::spawn(newsletter::sending::run(
            state.db.clone(),
            state.mailer.clone(),
            state.config.email.newsletter_per_minute,
        ));
        let guest_mail = tokio::spawn(events::guests::emails::run(
            state.db.clone(),
            state.mailer.clone(),
        ));
        let collector = tokio::spawn(library::storage::run_collector(
            state.db.clone(),
            state.storage.clone(),
        ));
        let extraction = tokio::spawn(library::extraction::run(
            state.db.clone(),
            state.storage.clone(),
        ));
        let search_tidy = tokio::spawn(search::tidy::run(state.db.clone()));
        let pictures = tokio::spawn(federation::pictures::run(
            state.db.clone(),
            state.storage.clone(),
            state.federation.clone(),
        ));
        // Rules changed elsewhere (the CLI, another node) and expiries.
        let policy = {
            let (db, policy) = (state.db.clone(), state.federation.policy.clone());
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    if let Err(e) = policy.reload(&db).await {
                        tracing::warn!(error = %e, "cannot reload the federation policy");
                    }
                }
            })
        };
        serving::serve(
            self.listener,
            self.router,
            &self.state.config.connections,
            shutdown,
        )
        .await;
        // Deliveries still leased are retried at the next start.
        deliveries.abort();
        policy.abort();
        reminders.abort();
        series.abort();
        mail.abort();
        notification_mail.abort();
        guest_mail.abort();
        newsletters.abort();
        collector.abort();
        extraction.abort();
        pictures.abort();
        search_tidy.abort();
        self.state.db.close().await;
        Ok(())
    }
}

/// The whole HTTP surface of an instance.
pub fn router(state: AppState, federation: FederationConfig<AppState>) -> Router {
    let api = api::router();
    let web = web::router(&state);
    // Only the routes that talk to other instances carry activitypub_federation's
    // request data: cloning it into every request cost the feed ~10 %.
    let federated = federation::routes()
        .layer(axum::middleware::from_fn(web::send_browsers_to_pages))
        .merge(api.federated)
        .merge(web.federated)
        .layer(FederationMiddleware::new(federation));
    // Every request has 60 seconds to be answered, except uploads: a 200 MB
    // file on a slow line takes longer, so they stop only when the client
    // sends nothing for a minute (`library::storage`). The personal-data
    // export, which may pack that much, goes with them.
    let timed = Router::new()
        .merge(api.local)
        .merge(web.local)
        .merge(federated)
        .route("/healthz", axum::routing::get(api::healthz))
        .route(
            "/calendar/{file}",
            axum::routing::get(api::personal_calendar),
        )
        .route(
            "/library/{id}/download",
            axum::routing::get(api::library_download),
        )
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ));
    let mut app = Router::new()
        .merge(timed)
        .merge(api.uploads)
        .merge(web.uploads)
        .fallback_service(web::fallback(&state))
        .method_not_allowed_fallback(api::method_not_allowed);
    if state.config.metrics.enabled {
        // Recording runs after routing (each route carries it), so it knows
        // the matched route's template.
        app = app
            .layer(axum::middleware::from_fn_with_state(
                state.metrics.clone(),
                metrics::http::record,
            ))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                metrics::http::endpoint,
            ));
    }
    app.layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn(api::common_headers))
        .layer(axum::middleware::from_fn(error::log_internal_errors))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// `N` bytes from the operating system's secure random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    if let Err(e) = getrandom::fill(&mut bytes) {
        // Without randomness no secret we make would be safe: stop.
        panic!("the operating system's random source failed: {e}");
    }
    bytes
}
