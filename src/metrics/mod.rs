//! What an operator watches: counters and histograms in the Prometheus text
//! format, served at `/metrics` when `[metrics] enabled` ([`http`]).
//!
//! Each instance has its own [`Metrics`] (one `prometheus-client` registry
//! in [`crate::AppState`]), so several instances in one process, as in the
//! tests, never count each other's requests. Every label value comes from a
//! bounded set: route *templates* (`/api/v1/posts/{id}`, never the path
//! asked for), a fixed list of methods, status codes, fixed reason words,
//! and remote host names capped at [`MAX_HOSTS`].
//!
//! Recording is cheap: a request costs one look-up of its route template in
//! a small interned set, two label look-ups and a few atomic additions; no
//! allocation once a route has been seen. The counters that do not depend on
//! requests (logins, emails, deliveries) are plain atomics that cost nothing
//! when `/metrics` is off.

pub mod http;

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use crate::error::AppError;

/// Distinct remote hosts named in host-labelled series; the rest are
/// counted under `(other)`, so a flood of new hosts cannot grow the output
/// without bound.
pub const MAX_HOSTS: usize = 200;
const OTHER_HOSTS: &str = "(other)";
/// The route label of requests no route matched (404s of unknown paths).
const UNMATCHED: &str = "(unmatched)";

/// Upper bounds of the latency buckets, in seconds: 1 ms to a minute (the
/// request timeout).
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 60.0,
];

/// A route template, shared: cloning it copies a pointer.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Route(Arc<str>);

impl EncodeLabelValue for Route {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        std::fmt::Write::write_str(encoder, &self.0)
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: Route,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: Route,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct HostLabels {
    host: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FailureLabels {
    host: String,
    /// `retry` (will be tried again) or `dropped` (refused for good).
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// One instance's metrics; cloning shares them.
#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    /// Route templates seen so far, so a request's label is a pointer copy.
    routes: RwLock<HashSet<Arc<str>>>,
    delivery_failures: Family<FailureLabels, Counter>,
    /// Hosts named in `delivery_failures` so far (at most [`MAX_HOSTS`]).
    failing_hosts: Mutex<HashSet<String>>,
    queue_depth: Family<HostLabels, Gauge>,
    inbox_accepted: Counter,
    inbox_refused: Family<ReasonLabels, Counter>,
    logins_failed: Counter,
    logins_throttled: Counter,
    emails: Family<OutcomeLabels, Counter>,
    /// One scrape at a time: the queue depth is rewritten by each.
    scrape: tokio::sync::Mutex<()>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("agora");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer HTTP requests, by method and route template",
            latency.clone(),
        );
        let queue_depth = Family::<HostLabels, Gauge>::default();
        registry.register(
            "federation_delivery_queue_depth",
            "Deliveries waiting in the outbox, by remote host (read at scrape time)",
            queue_depth.clone(),
        );
        let delivery_failures = Family::<FailureLabels, Counter>::default();
        registry.register(
            "federation_delivery_failures",
            "Failed delivery attempts, by remote host and outcome (retry or dropped)",
            delivery_failures.clone(),
        );
        let inbox_accepted = Counter::default();
        registry.register(
            "federation_inbox_accepted",
            "Activities received from other instances and accepted",
            inbox_accepted.clone(),
        );
        let inbox_refused = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "federation_inbox_refused",
            "Activities received from other instances and refused, by reason",
            inbox_refused.clone(),
        );
        let logins_failed = Counter::default();
        registry.register(
            "logins_failed",
            "Sign-ins refused: wrong login or password, or a suspended account",
            logins_failed.clone(),
        );
        let logins_throttled = Counter::default();
        registry.register(
            "logins_throttled",
            "Sign-ins turned away by throttling before the password was checked",
            logins_throttled.clone(),
        );
        let emails = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "emails",
            "Emails handled by the mail queue, by outcome (sent, written, retry, failed)",
            emails.clone(),
        );
        Metrics(Arc::new(Inner {
            registry,
            requests,
            latency,
            routes: RwLock::default(),
            delivery_failures,
            failing_hosts: Mutex::default(),
            queue_depth,
            inbox_accepted,
            inbox_refused,
            logins_failed,
            logins_throttled,
            emails,
            scrape: tokio::sync::Mutex::new(()),
        }))
    }

    /// The shared copy of a route template (or of `(unmatched)`).
    fn route(&self, template: Option<&str>) -> Route {
        let template = template.unwrap_or(UNMATCHED);
        let routes = &self.0.routes;
        if let Some(known) = routes
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(template)
        {
            return Route(known.clone());
        }
        let mut routes = routes.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = routes.get(template) {
            return Route(known.clone());
        }
        let shared: Arc<str> = Arc::from(template);
        routes.insert(shared.clone());
        Route(shared)
    }

    /// One answered request. `route` is the matched route's template.
    pub fn request(
        &self,
        method: &axum::http::Method,
        route: Option<&str>,
        status: u16,
        elapsed: Duration,
    ) {
        let method = method_label(method);
        let route = self.route(route);
        self.0
            .latency
            .get_or_create(&RouteLabels {
                method,
                route: route.clone(),
            })
            .observe(elapsed.as_secs_f64());
        self.0
            .requests
            .get_or_create(&RequestLabels {
                method,
                route,
                status,
            })
            .inc();
    }

    /// A delivery attempt to `host` failed; `dropped` when it will not be
    /// tried again.
    pub fn delivery_failed(&self, host: &str, dropped: bool) {
        let host = self.capped_host(host);
        let outcome = if dropped { "dropped" } else { "retry" };
        self.0
            .delivery_failures
            .get_or_create(&FailureLabels { host, outcome })
            .inc();
    }

    fn capped_host(&self, host: &str) -> String {
        let mut hosts = self
            .0
            .failing_hosts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if hosts.contains(host) {
            host.to_owned()
        } else if hosts.len() < MAX_HOSTS {
            hosts.insert(host.to_owned());
            host.to_owned()
        } else {
            OTHER_HOSTS.to_owned()
        }
    }

    /// Replaces the queue depth by `rows` (host, waiting deliveries), the
    /// largest first: beyond [`MAX_HOSTS`] they are summed as `(other)`.
    fn set_queue_depth(&self, mut rows: Vec<(String, i64)>) {
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let depth = &self.0.queue_depth;
        depth.clear();
        let mut other = 0;
        for (i, (host, count)) in rows.into_iter().enumerate() {
            if i < MAX_HOSTS {
                depth.get_or_create(&HostLabels { host }).set(count);
            } else {
                other += count;
            }
        }
        if other > 0 {
            depth
                .get_or_create(&HostLabels {
                    host: OTHER_HOSTS.to_owned(),
                })
                .set(other);
        }
    }

    /// An activity from another instance was accepted (stored, or
    /// acknowledged and ignored).
    pub fn inbox_accepted(&self) {
        self.0.inbox_accepted.inc();
    }

    /// An activity from another instance was refused with `error`.
    pub fn inbox_refused(&self, error: &AppError) {
        self.0
            .inbox_refused
            .get_or_create(&ReasonLabels {
                reason: refusal_reason(error),
            })
            .inc();
    }

    /// A sign-in failed: wrong login or password, or a suspended account.
    pub fn login_failed(&self) {
        self.0.logins_failed.inc();
    }

    /// A sign-in was turned away by throttling.
    pub fn login_throttled(&self) {
        self.0.logins_throttled.inc();
    }

    /// The mail queue handled a message: `sent` (SMTP), `written` (an
    /// `.eml` file, no mail server), `retry` (temporary failure) or
    /// `failed` (given up).
    pub fn email(&self, outcome: &'static str) {
        self.0
            .emails
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
    }

    /// Everything, in the Prometheus text format (version 0.0.4).
    fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::with_capacity(16 * 1024);
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.0.registry)?;
        Ok(text)
    }
}

/// Methods outside the usual few are one label, so a client inventing
/// methods adds no series.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Why the inbox refused an activity, in one of a few words.
fn refusal_reason(error: &AppError) -> &'static str {
    match error {
        // Unsigned, badly signed, or signed with a key that is not the actor's.
        AppError::Unauthorized(_) => "signature",
        // The federation policy (a suspended or unlisted host), or an actor
        // banned from the space.
        AppError::Forbidden(_) => "forbidden",
        AppError::PayloadTooLarge | AppError::TooLarge(_) => "too_large",
        // Not JSON, missing fields, ids on the wrong host, a bad digest.
        AppError::BadRequest(_) | AppError::Invalid(_) | AppError::BadGateway(_) => "malformed",
        AppError::NotFound(_) | AppError::Gone(_) => "unknown_object",
        AppError::Internal(_) => "internal_error",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    #[test]
    fn series_are_labelled_by_template_and_capped() {
        let metrics = Metrics::new();
        metrics.request(
            &Method::GET,
            Some("/api/v1/posts/{id}"),
            200,
            Duration::from_millis(3),
        );
        metrics.request(
            &Method::GET,
            Some("/api/v1/posts/{id}"),
            200,
            Duration::from_millis(30),
        );
        metrics.request(
            &Method::from_bytes(b"BREW").unwrap(),
            None,
            404,
            Duration::from_millis(1),
        );
        for i in 0..(MAX_HOSTS + 5) {
            metrics.delivery_failed(&format!("h{i}.example"), false);
        }
        metrics.set_queue_depth(
            (0..(MAX_HOSTS + 2))
                .map(|i| (format!("q{i}.example"), 1))
                .collect(),
        );
        let text = metrics.encode().unwrap();
        assert!(
            text.contains(
                "agora_http_requests_total{method=\"GET\",route=\"/api/v1/posts/{id}\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains(
            "agora_http_requests_total{method=\"other\",route=\"(unmatched)\",status=\"404\"} 1"
        ));
        assert!(
            text.contains(
                "agora_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/posts/{id}\",le=\"0.005\"} 1"
            ),
            "{text}"
        );
        assert!(text.contains(
            "agora_federation_delivery_failures_total{host=\"(other)\",outcome=\"retry\"} 5"
        ));
        assert!(text.contains("agora_federation_delivery_queue_depth{host=\"(other)\"} 2"));
    }
}
