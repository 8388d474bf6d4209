//! The preview's connections: each served by hyper with a deadline for its request headers,
//! closed when nothing moves on it for a while, and capped in number, so that connections that
//! never send a request (a port scanner, a stuck client, a flood) cannot keep the site from its
//! writer: when the cap is reached, the oldest connection makes room for the new one.

use std::collections::BTreeMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::time::Instant;

/// How many connections are served at once; the oldest is closed for a new one beyond that.
/// Far below the usual limit of 1,024 open files, and far above what the browsers of one writer
/// open (about six per site, plus one event stream per open page).
pub const MAX_CONNECTIONS: usize = 256;

/// How long a client may take to send a request's headers, and how long a kept-alive
/// connection may wait for its next request.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a connection may go without a byte read or written. Open pages' event streams send
/// a keep-alive message every 15 seconds, well within it.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The open connections by the order they came in, each with the means to close it.
type Open = Arc<Mutex<BTreeMap<u64, oneshot::Sender<()>>>>;

/// Serves `app` on every connection `listener` accepts, for ever.
pub async fn serve(listener: TcpListener, app: Router) {
    let open: Open = Arc::default();
    let mut next_id = 0u64;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file handles, or a connection reset before it was accepted: try again
            // shortly rather than spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let id = next_id;
        next_id += 1;
        let (close, closed) = oneshot::channel();
        {
            let mut open = open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            while open.len() >= MAX_CONNECTIONS {
                if let Some((_, oldest)) = open.pop_first() {
                    let _ = oldest.send(());
                }
            }
            open.insert(id, close);
        }
        let open = Arc::clone(&open);
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            serve_connection(stream, service, closed).await;
            open.lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .remove(&id);
        });
    }
}

async fn serve_connection(
    stream: TcpStream,
    service: TowerToHyperService<Router>,
    mut closed: oneshot::Receiver<()>,
) {
    let started = Instant::now();
    let last_activity = Arc::new(AtomicU64::new(0));
    let io = TokioIo::new(Watched {
        stream,
        started,
        last_activity: Arc::clone(&last_activity),
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    loop {
        let idle_since = started + Duration::from_millis(last_activity.load(Ordering::Relaxed));
        tokio::select! {
            _ = connection.as_mut() => return,
            // Made room for a newer connection: dropping the connection closes it.
            _ = &mut closed => return,
            () = tokio::time::sleep_until(idle_since + IDLE_TIMEOUT) => {
                let last = Duration::from_millis(last_activity.load(Ordering::Relaxed));
                if started.elapsed() >= last + IDLE_TIMEOUT {
                    return;
                }
            }
        }
    }
}

/// A connection's stream that notes when bytes last moved either way.
struct Watched {
    stream: TcpStream,
    started: Instant,
    /// Milliseconds from `started`.
    last_activity: Arc<AtomicU64>,
}

impl Watched {
    fn moved(&self) {
        let millis = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_activity.store(millis, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.moved();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, bytes);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
