//! The HTTP/1.1 accept loop: what `axum::serve` does, plus the limits it lacks, so that idle,
//! half-sent or never-read connections cannot pile up until the process runs out of files.
//!
//! - **Header timeout** (`--header-timeout-secs`): a connection must deliver a request's whole
//!   header within this time, counted from when the server starts waiting for it: on a new
//!   connection, and again between keep-alive requests. Idle and slowloris connections close.
//! - **Write timeout** (`--write-timeout-secs`): a response that the client stops reading (the
//!   socket stays full) for this long closes the connection.
//! - **Request timeout** (`--request-timeout-secs`, in `routes`): a slow request body or a slow
//!   handler gets 408 (tus `PATCH` is exempt; it has its own per-chunk idle timeout).
//! - **Connection cap** (`--max-connections`): beyond it, new connections wait in the kernel's
//!   accept queue instead of taking file descriptors.
//! - **Open-file limit**, checked at start ([`check_open_files`]): the soft limit is raised to
//!   the hard one, and the cap is lowered (with a warning) if the files would not suffice.
use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

/// Files the process needs besides client connections: the database pool (a file, its WAL and
/// shared memory each), uploads being written or served, logs, the listener.
pub fn reserved_files(db_pool: usize) -> u64 {
    64 + 3 * db_pool as u64
}

#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_timeout: Duration,
    pub write_timeout: Duration,
    pub max_connections: usize,
}

/// What [`check_open_files`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFiles {
    /// The soft limit after raising it.
    pub limit: u64,
    /// The connection cap that fits in it.
    pub max_connections: usize,
}

/// Raises the soft open-file limit to the hard one and returns the connection cap that fits
/// beside `reserved` other files: `wanted`, or less (logged as a warning). Errors if fewer than
/// 16 connections would fit.
pub fn check_open_files(wanted: usize, reserved: u64) -> Result<OpenFiles, String> {
    let limit = raise_open_file_limit();
    let fits = limit.saturating_sub(reserved);
    if fits < 16 {
        return Err(format!(
            "the open-file limit ({limit}) leaves room for {fits} connections; raise it (ulimit -n) \
             above {}",
            reserved + 16
        ));
    }
    let max_connections = if (wanted as u64) > fits {
        tracing::warn!(
            "open-file limit {limit}: serving at most {fits} connections instead of \
             --max-connections {wanted} (raise ulimit -n to allow more)"
        );
        fits as usize
    } else {
        wanted
    };
    Ok(OpenFiles {
        limit,
        max_connections,
    })
}

#[cfg(unix)]
fn raise_open_file_limit() -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct passed by pointer.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 {
            return 1024;
        }
        if lim.rlim_cur < lim.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: lim.rlim_max,
                rlim_max: lim.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                lim.rlim_cur = lim.rlim_max;
            }
        }
    }
    // rlim_t is u64 on Linux but not on every Unix.
    #[allow(clippy::unnecessary_cast)]
    let soft = lim.rlim_cur as u64;
    soft
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> u64 {
    u64::MAX
}

/// Serves `app` on `listener` until `shutdown` completes; then requests in flight get up to
/// [`DRAIN`] to finish. Each request carries `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => p.map_err(io::Error::other)?,
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of files or a connection reset before accept: keep serving.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Guarded::new(stream, limits.write_timeout, permit));
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let app = app.clone();
            async move {
                use tower::ServiceExt;
                app.oneshot(req.map(axum::body::Body::new)).await
            }
        });
        let connection = graceful.watch(http.serve_connection(io, service));
        // Errors here are the client's doing (timeouts, resets); nothing to report.
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still running after {DRAIN:?}; stopping anyway");
    }
    Ok(())
}

/// How long requests in flight may take to finish after a shutdown signal.
pub const DRAIN: Duration = Duration::from_secs(10);

/// A client socket that holds its connection permit and gives up on a write the client has not
/// let through for `write_timeout`.
struct Guarded {
    stream: TcpStream,
    write_timeout: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
    _permit: OwnedSemaphorePermit,
}

impl Guarded {
    fn new(stream: TcpStream, write_timeout: Duration, permit: OwnedSemaphorePermit) -> Self {
        Self {
            stream,
            write_timeout,
            stalled: None,
            _permit: permit,
        }
    }

    /// After the socket said "not now": an error once it has said so for `write_timeout`.
    fn poll_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let timeout = self.write_timeout;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            )),
            Poll::Pending => Poll::Pending,
        }
    }

    fn progressed<T>(&mut self, result: Poll<T>) -> Poll<T> {
        if result.is_ready() {
            self.stalled = None;
        }
        result
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let res = Pin::new(&mut this.stream).poll_write(cx, buf);
        if res.is_pending() {
            return this.poll_stall(cx).map(Err);
        }
        this.progressed(res)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let res = Pin::new(&mut this.stream).poll_flush(cx);
        if res.is_pending() {
            return this.poll_stall(cx).map(Err);
        }
        this.progressed(res)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let res = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        if res.is_pending() {
            return this.poll_stall(cx).map(Err);
        }
        this.progressed(res)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}
