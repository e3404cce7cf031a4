//! One connection: HTTP/1.1 served by hyper, closed when its client takes
//! too long to send a request's headers, or leaves it idle too long.
//!
//! hyper's own `header_read_timeout` starts when a connection becomes idle,
//! so it would also be the keep-alive time; the two are kept apart here by
//! watching the bytes that come in and the requests under way.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;
use tower::ServiceExt;

use super::gate::Ticket;

/// How long a client may take.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// From the first byte of a request to the end of its headers.
    pub header: Duration,
    /// With no request under way and nothing sent or received.
    pub idle: Duration,
}

const NOT_STARTED: u64 = u64::MAX;

/// The most a connection buffers while reading a request's headers.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// What a connection is doing, shared by its reader and its service.
struct Activity {
    epoch: Instant,
    /// Requests whose answer has not started yet.
    in_flight: AtomicUsize,
    /// Milliseconds after `epoch` of the last byte read or written.
    last_io: AtomicU64,
    /// Milliseconds after `epoch` of the first byte of a request whose
    /// headers have not all come yet, or [`NOT_STARTED`].
    head_since: AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            epoch: Instant::now(),
            in_flight: AtomicUsize::new(0),
            last_io: AtomicU64::new(0),
            head_since: AtomicU64::new(NOT_STARTED),
        }
    }

    fn now(&self) -> u64 {
        self.epoch
            .elapsed()
            .as_millis()
            .min(u128::from(NOT_STARTED - 1)) as u64
    }

    fn read(&self, bytes: usize) {
        if bytes == 0 {
            return;
        }
        let now = self.now();
        self.last_io.store(now, Ordering::Relaxed);
        if self.in_flight.load(Ordering::Acquire) == 0 {
            // The first byte of a request: its headers' clock starts.
            let _ = self.head_since.compare_exchange(
                NOT_STARTED,
                now,
                Ordering::AcqRel,
                Ordering::Relaxed,
            );
        }
    }

    fn wrote(&self) {
        self.last_io.store(self.now(), Ordering::Relaxed);
    }

    fn request_started(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        self.head_since.store(NOT_STARTED, Ordering::Release);
        InFlight(self.clone())
    }

    /// When the connection is to be closed if nothing changes.
    fn deadline(&self, timeouts: Timeouts) -> Instant {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            // A handler is at work (with its own time limits): look again later.
            return Instant::now() + timeouts.idle;
        }
        let since = |ms: u64| self.epoch + Duration::from_millis(ms);
        match self.head_since.load(Ordering::Acquire) {
            NOT_STARTED => since(self.last_io.load(Ordering::Relaxed)) + timeouts.idle,
            head => since(head) + timeouts.header,
        }
    }
}

/// A request under way; when it is answered, the idle clock starts.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.wrote();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The socket, telling [`Activity`] what goes through it.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = polled {
            this.activity.read(buf.filled().len() - before);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = polled
            && n > 0
        {
            this.activity.wrote();
        }
        polled
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = polled
            && n > 0
        {
            this.activity.wrote();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// The router, given the peer's address (`ConnectInfo<SocketAddr>`) and
/// counting requests under way.
#[derive(Clone)]
struct Tracked {
    router: Router,
    peer: SocketAddr,
    activity: Arc<Activity>,
}

type Answer = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl hyper::service::Service<hyper::Request<Incoming>> for Tracked {
    type Response = Response;
    type Error = Infallible;
    type Future = Answer;

    fn call(&self, mut request: hyper::Request<Incoming>) -> Answer {
        request.extensions_mut().insert(ConnectInfo(self.peer));
        let in_flight = self.activity.request_started();
        let answer = self.router.clone().oneshot(request);
        Box::pin(async move {
            let response = answer.await;
            drop(in_flight);
            response
        })
    }
}

/// Serves one connection until it ends, times out, or the server shuts
/// down (then in-flight requests finish first). `_open` tells the server
/// this connection still runs; `ticket` holds its place in the limits.
pub async fn serve(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    timeouts: Timeouts,
    ticket: Ticket,
    mut shutdown: watch::Receiver<()>,
    _open: watch::Receiver<()>,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        stream,
        activity: activity.clone(),
    });
    let service = Tracked {
        router,
        peer,
        activity: activity.clone(),
    };
    let connection = http1::Builder::new()
        // Timeouts are ours (above); hyper's would need its timer.
        .header_read_timeout(None)
        // A request's headers in at most 64 KiB (else hyper buffers up to
        // 400 KiB per connection); more gets 431 and the end.
        .max_header_size(MAX_HEADER_BYTES)
        .serve_connection(io, service);
    tokio::pin!(connection);
    let mut shutting_down = false;
    loop {
        let deadline = activity.deadline(timeouts);
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(e) = served {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                break;
            }
            () = tokio::time::sleep_until(deadline) => {
                if activity.deadline(timeouts) <= Instant::now() {
                    tracing::debug!(%peer, "closing a connection: headers too slow, or idle");
                    break;
                }
            }
            _ = shutdown.changed(), if !shutting_down => {
                connection.as_mut().graceful_shutdown();
                shutting_down = true;
            }
        }
    }
    drop(ticket);
}
