//! The HTTP server loop: accepts connections up to the configured limits
//! (in total and per client address), serves each with hyper under a
//! header-read and an idle timeout, hands handlers the peer's address
//! (`ConnectInfo<SocketAddr>`), and shuts down gracefully.
//!
//! It replaces `axum::serve`, which has no limit on connections and no
//! timeouts: a few thousand slow, half-open connections used every file
//! descriptor and `/healthz` stopped answering. A connection over a limit
//! gets a short 503 and is closed at once, so it costs one accept.

mod client;
mod connection;
mod gate;

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub use client::{ClientAddr, client_address};
pub use connection::Timeouts;
use gate::{Gate, Refusal};

use crate::config::ConnectionLimits;

/// Connections at most when `http.max_connections` is 0, whatever the
/// open-file limit.
const DEFAULT_MAX_TOTAL: usize = 10_000;

/// Serves `router` on `listener` until `shutdown` completes, then stops
/// accepting and waits for the open connections' requests to finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let open_files = raise_open_file_limit();
    let max_total = limits
        .max_total
        .unwrap_or_else(|| default_max_total(open_files));
    let gate = Gate::new(max_total, limits.per_address);
    let timeouts = Timeouts {
        header: limits.header_timeout,
        idle: limits.idle_timeout,
    };
    tracing::info!(
        max_connections = gate.max_total(),
        per_address = limits.per_address,
        open_files = ?open_files,
        "accepting connections"
    );
    // Dropping `stop` tells the connections to finish; each holds an
    // `open` receiver, so `opened.closed()` waits for the last one.
    let (stop, stopped) = watch::channel(());
    let (opened, open) = watch::channel(());
    let mut refusals = Refusals::default();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let exempt = limits.is_trusted_proxy(peer.ip());
        let ticket = match gate.admit(peer.ip(), exempt) {
            Ok(ticket) => ticket,
            Err(refusal) => {
                refuse(&stream);
                refusals.count(refusal, peer);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection::serve(
            stream,
            peer,
            router.clone(),
            timeouts,
            ticket,
            stopped.clone(),
            open.clone(),
        ));
    }
    drop(listener);
    drop(stop);
    drop(open);
    opened.closed().await;
}

/// Tells a client over a limit to come back later, without waiting for
/// it: if its socket cannot take these few bytes now, it gets nothing.
fn refuse(stream: &TcpStream) {
    let _ = stream.try_write(
        b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 10\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    );
}

/// Connections refused, logged at most every ten seconds: a flood must
/// not flood the log too.
#[derive(Default)]
struct Refusals {
    total: u64,
    per_address: u64,
    logged_at: Option<Instant>,
}

impl Refusals {
    fn count(&mut self, refusal: Refusal, peer: SocketAddr) {
        match refusal {
            Refusal::Total => self.total += 1,
            Refusal::PerAddress => self.per_address += 1,
        }
        let now = Instant::now();
        if self
            .logged_at
            .is_none_or(|at| now - at >= Duration::from_secs(10))
        {
            tracing::warn!(
                over_total = self.total,
                over_per_address = self.per_address,
                last = %peer.ip(),
                "connections refused: over the configured limits (counts since the last such line)"
            );
            *self = Refusals {
                logged_at: Some(now),
                ..Refusals::default()
            };
        }
    }
}

async fn accept_failed(error: std::io::Error) {
    use std::io::ErrorKind::*;
    // The client gave up before we took the connection: nothing to do.
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | ConnectionRefused | Interrupted
    ) {
        return;
    }
    // Out of file descriptors or memory: give whatever is closing a moment.
    tracing::error!(error = %error, "cannot accept a connection");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Three quarters of the open-file limit (the rest is for the database,
/// files and outgoing requests), at most [`DEFAULT_MAX_TOTAL`].
fn default_max_total(open_files: Option<u64>) -> usize {
    match open_files {
        Some(limit) => (limit / 4 * 3).clamp(16, DEFAULT_MAX_TOTAL as u64) as usize,
        None => 1024,
    }
}

/// Raises this process's soft limit on open files to its hard limit
/// (systemd and most shells start services at 1,024, far below what the
/// kernel allows them), and returns the limit now in force.
#[cfg(unix)]
fn raise_open_file_limit() -> Option<u64> {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).ok()?;
    if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        return Some(hard);
    }
    Some(soft)
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_total_fits_under_the_open_file_limit() {
        assert_eq!(default_max_total(Some(1024)), 768);
        assert_eq!(default_max_total(Some(20_000)), 10_000);
        assert_eq!(default_max_total(Some(8)), 16);
        assert_eq!(default_max_total(None), 1024);
    }
}
