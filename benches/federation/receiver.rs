//! The other servers: one HTTP server on loopback that answers every
//! request to any path under any host name with 202, after an optional
//! delay, and notes when each arrived and for which host.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::StatusCode;

#[derive(Clone, Default)]
pub struct Arrivals(Arc<Mutex<Vec<(Instant, String)>>>);

impl Arrivals {
    pub fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }

    /// Every arrival so far, in order, and forgets them.
    pub fn take(&self) -> Vec<(Instant, String)> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

struct Receiver {
    delay: Duration,
    arrivals: Arrivals,
}

async fn receive(State(receiver): State<Arc<Receiver>>, request: Request) -> StatusCode {
    let at = Instant::now();
    let host = request
        .headers()
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_owned();
    // Read the whole body, as a real inbox would.
    let _ = axum::body::to_bytes(request.into_body(), 1 << 20).await;
    receiver.arrivals.0.lock().unwrap().push((at, host));
    if !receiver.delay.is_zero() {
        tokio::time::sleep(receiver.delay).await;
    }
    StatusCode::ACCEPTED
}

/// Starts a receiver on a free port of 127.0.0.1 (in the current runtime).
pub async fn start(delay: Duration) -> (SocketAddr, Arrivals) {
    let arrivals = Arrivals::default();
    let state = Arc::new(Receiver {
        delay,
        arrivals: arrivals.clone(),
    });
    let router = axum::Router::new().fallback(receive).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (addr, arrivals)
}

/// `AGORA_FEDERATION_RESOLVE` sending every one of `hosts` to `addr`.
pub fn resolve_setting(hosts: &[String], addr: SocketAddr) -> String {
    hosts
        .iter()
        .map(|h| format!("{h}={addr}"))
        .collect::<Vec<_>>()
        .join(",")
}
