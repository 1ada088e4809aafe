//! `locdoc serve`: every locale of the site on one local server, rebuilt
//! as files change, with browsers reloaded over Server-Sent Events and
//! errors shown over the last good page.

pub mod http;
pub mod session;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{bail, Context as _};
use notify::{RecursiveMode, Watcher};

use crate::diag::Diagnostic;
use session::{PreviewSession, Rebuild};

pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried when it is taken.
const PORT_TRIES: u16 = 20;
/// Editors save in several steps; changes this close together are one batch.
const DEBOUNCE: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// `None`: the default port, or the next free one.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub open: bool,
    /// Poll for changes instead of using OS notifications (WSL2, Docker
    /// bind mounts and network drives deliver none).
    pub poll: bool,
    pub quiet: bool,
    pub load: crate::load::LoadOptions,
}

/// What the HTTP side needs from the rest: where the site is, the errors of
/// the last rebuild, and the browsers listening for events.
pub struct Shared {
    pub out: PathBuf,
    pub errors: Mutex<Vec<String>>,
    pub clients: Mutex<Vec<mpsc::Sender<String>>>,
}

impl Shared {
    /// Sends an event to every connected browser, forgetting closed ones.
    pub fn broadcast(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.send(message.clone()).is_ok());
        }
    }

    fn publish(&self, rebuild: &Rebuild) {
        let errors: Vec<String> = rebuild.errors.iter().map(Diagnostic::to_string).collect();
        let payload = serde_json::json!({ "errors": errors }).to_string();
        if let Ok(mut current) = self.errors.lock() {
            *current = errors.clone();
        }
        if errors.is_empty() {
            self.broadcast("reload", "{}");
        } else {
            self.broadcast("failed", &payload);
        }
    }
}

fn bind(options: &ServeOptions) -> anyhow::Result<TcpListener> {
    match options.port {
        Some(port) => TcpListener::bind(SocketAddr::new(options.bind, port)).with_context(|| {
            format!("cannot listen on {}:{port} (is another server using the port? try another --port, or leave --port out to pick a free one)", options.bind)
        }),
        None => {
            for port in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
                if let Ok(listener) = TcpListener::bind(SocketAddr::new(options.bind, port)) {
                    return Ok(listener);
                }
            }
            bail!(
                "ports {DEFAULT_PORT} to {} on {} are all in use; choose one with --port",
                DEFAULT_PORT + PORT_TRIES - 1,
                options.bind
            )
        }
    }
}

pub fn run(options: &ServeOptions) -> anyhow::Result<()> {
    let root = options
        .root
        .canonicalize()
        .with_context(|| format!("cannot open site root {}", options.root.display()))?;
    let listener = bind(options)?;
    let address = listener
        .local_addr()
        .context("cannot read the server's address")?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach; the preview is meant for this machine (127.0.0.1)",
            options.bind
        );
    }

    let out = std::env::temp_dir().join(format!("locdoc-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let (session, first) = match PreviewSession::start(&root, &out, &options.load) {
        Ok(started) => started,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&out);
            return Err(err);
        }
    };
    let shared = Arc::new(Shared {
        out: out.canonicalize().unwrap_or_else(|_| out.clone()),
        errors: Mutex::new(first.errors.iter().map(Diagnostic::to_string).collect()),
        clients: Mutex::new(Vec::new()),
    });
    report(&first, options.quiet, "built");

    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| anyhow::anyhow!("cannot start the HTTP server: {e}"))?,
    );
    let stopping = Arc::new(AtomicBool::new(false));
    {
        let server = Arc::clone(&server);
        let stopping = Arc::clone(&stopping);
        ctrlc::set_handler(move || {
            stopping.store(true, Ordering::SeqCst);
            server.unblock();
        })
        .context("cannot install the Ctrl-C handler")?;
    }

    let session = Arc::new(Mutex::new(session));
    watch(
        &root,
        options.poll,
        Arc::clone(&session),
        Arc::clone(&shared),
        options.quiet,
    )?;

    let url = format!("http://{address}/");
    eprintln!("serving {} at {url} (Ctrl-C to stop)", root.display());
    if options.open {
        open_browser(&url);
    }
    for request in server.incoming_requests() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || http::handle(request, &shared));
    }
    let _ = std::fs::remove_dir_all(&out);
    eprintln!("stopped");
    Ok(())
}

fn report(rebuild: &Rebuild, quiet: bool, what: &str) {
    for e in &rebuild.errors {
        eprintln!("{e}");
    }
    if !quiet {
        if rebuild.errors.is_empty() {
            eprintln!("{what} {} pages in {:.1?}", rebuild.pages, rebuild.elapsed);
        } else {
            eprintln!(
                "{} errors; the preview keeps the last good pages ({} pages written in {:.1?})",
                rebuild.errors.len(),
                rebuild.pages,
                rebuild.elapsed
            );
        }
    }
}

/// The folders and files a site is made of; `target/`, `public/` and the
/// like are not watched, so builds next to the site don't cause rebuilds.
const WATCHED: &[&str] = crate::load::SOURCE_FOLDERS;

enum Watching {
    Native(notify_debouncer_mini::Debouncer<notify::RecommendedWatcher>),
    Poll(notify_debouncer_mini::Debouncer<notify::PollWatcher>),
}

impl Watching {
    fn watcher(&mut self) -> &mut dyn Watcher {
        match self {
            Watching::Native(d) => d.watcher(),
            Watching::Poll(d) => d.watcher(),
        }
    }
}

fn watch(
    root: &Path,
    poll: bool,
    session: Arc<Mutex<PreviewSession>>,
    shared: Arc<Shared>,
    quiet: bool,
) -> anyhow::Result<()> {
    // Taken before watching starts, so no change can fall between the two.
    let mut snapshot = Snapshot::of(root);
    let (tx, rx) = mpsc::channel();
    let config = notify_debouncer_mini::Config::default().with_timeout(DEBOUNCE);
    let mut watching = if poll {
        let config = config.with_notify_config(
            notify::Config::default().with_poll_interval(Duration::from_millis(250)),
        );
        Watching::Poll(
            notify_debouncer_mini::new_debouncer_opt(config, tx)
                .context("cannot start polling for changes")?,
        )
    } else {
        Watching::Native(
            notify_debouncer_mini::new_debouncer_opt(config, tx)
                .context("cannot watch for changes")?,
        )
    };
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watching
                .watcher()
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    // The root itself, not recursively: site.yaml, and folders created later.
    watching
        .watcher()
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;

    let root = root.to_path_buf();
    // The thread owns the watcher: it lives as long as the server, and can
    // start watching a site folder created while serving.
    std::thread::spawn(move || {
        let mut watched: Vec<&str> = WATCHED
            .iter()
            .copied()
            .filter(|d| root.join(d).is_dir())
            .collect();

        for batch in rx {
            let mut changed: Vec<String> = Vec::new();
            for dir in WATCHED {
                let path = root.join(dir);
                if !watched.contains(dir)
                    && path.is_dir()
                    && watching
                        .watcher()
                        .watch(&path, RecursiveMode::Recursive)
                        .is_ok()
                {
                    // Its files may have been written before the watch began.
                    watched.push(dir);
                    changed.push((*dir).to_owned());
                }
            }
            let Ok(events) = batch else { continue };
            changed.extend(
                events
                    .iter()
                    .filter(|e| snapshot.changed(&e.path))
                    .filter_map(|e| e.path.strip_prefix(&root).ok())
                    .map(crate::diag::display_path),
            );
            changed.sort();
            changed.dedup();
            if changed
                .iter()
                .all(|p| session::classify(p) == session::Change::Ignored)
            {
                continue;
            }
            let Ok(mut session) = session.lock() else {
                break;
            };
            match session.apply(&changed) {
                Ok(rebuild) => {
                    report(&rebuild, quiet, "rebuilt");
                    shared.publish(&rebuild);
                }
                Err(err) => eprintln!("error: {err:#}"),
            }
        }
    });
    Ok(())
}

/// Size and modification time of every file of the site. The watcher also
/// reports files being opened (our own rebuild reads them), so an event
/// counts only when the file really changed, appeared or went away.
struct Snapshot {
    files: std::collections::HashMap<PathBuf, Option<(std::time::SystemTime, u64)>>,
}

impl Snapshot {
    fn of(root: &Path) -> Snapshot {
        let files = crate::load::input_files(root)
            .into_iter()
            .map(|path| {
                let state = stat(&path);
                (path, state)
            })
            .collect();
        Snapshot { files }
    }

    fn changed(&mut self, path: &Path) -> bool {
        if path.is_dir() {
            return false;
        }
        let now = stat(path);
        let before = self.files.insert(path.to_path_buf(), now);
        match before {
            Some(before) => before != now,
            None => now.is_some(),
        }
    }
}

fn stat(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {err}); open {url} yourself");
    }
}
