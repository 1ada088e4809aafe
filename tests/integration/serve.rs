//! `locdoc serve` over real HTTP: pages of every locale with the preview
//! bar, changes served within two seconds with a reload event, the error
//! overlay's state, path safety and a clean stop.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::TempSite;

pub struct Server {
    pub site: TempSite,
    pub port: u16,
    child: Child,
    /// What serve printed up to and including its address line.
    pub startup: Vec<String>,
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

impl Server {
    pub fn start(site: TempSite) -> Server {
        Server::start_with(site, &["--port", &free_port().to_string()])
    }

    pub fn start_with(site: TempSite, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_locdoc"))
            .arg("serve")
            .args(args)
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start locdoc serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut startup = Vec::new();
        let port = loop {
            let line = rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("serve printed no address within 30 s: {startup:#?}"));
            startup.push(line.clone());
            if let Some(address) = line.split("http://").nth(1) {
                let host_port = address.split('/').next().expect("address");
                let port = host_port.rsplit(':').next().expect("port");
                break port.parse().expect("port number");
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        Server {
            site,
            port,
            child,
            startup,
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            headers: head.to_owned(),
            body: body.to_owned(),
        }
    }

    /// Polls `path` until `wanted` holds for its body, for at most 2 s.
    pub fn wait_for(&self, path: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            let body = self.get(path).body;
            if wanted(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} did not change within 2 s; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// A live `/__locdoc/events` connection; events arrive as `event:` names.
    pub fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__locdoc/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("send");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(event) = line.strip_prefix("event: ") {
                    if tx.send(event.to_owned()).is_err() {
                        break;
                    }
                }
            }
        });
        // Let the server register the listener before anything changes.
        std::thread::sleep(Duration::from_millis(150));
        rx
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits for the exit status.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop within 10 s of Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn expect_event(events: &mpsc::Receiver<String>, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        match events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(event) if event == name => return,
            Ok(_) => {}
            Err(_) => panic!("no `{name}` event within 2 s"),
        }
    }
}

/// The batch commands turn transparent huge pages off for their process;
/// the server, which runs for hours and starts a browser that would
/// inherit the setting, keeps the system's.
#[cfg(target_os = "linux")]
#[test]
fn the_server_keeps_the_systems_huge_pages() {
    let server = Server::start(TempSite::new("i18n"));
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
        .expect("the server's /proc status");
    // Linux reports the setting there since 6.x; older kernels say nothing.
    if let Some(line) = status.lines().find(|l| l.starts_with("THP_enabled:")) {
        assert_eq!(line.split_whitespace().nth(1), Some("1"), "{line}");
    }
}

#[test]
fn serves_every_locale_with_the_preview_bar_and_reload_script() {
    let server = Server::start(TempSite::new("i18n"));
    for locale in ["en", "fr", "pt-BR", "sv", "ru"] {
        let reply = server.get(&format!("/{locale}/guide/"));
        assert_eq!(reply.status, 200, "{locale}");
        assert!(
            reply
                .headers
                .to_ascii_lowercase()
                .contains("content-type: text/html; charset=utf-8"),
            "{}",
            reply.headers
        );
        assert!(reply.body.contains("id=\"locdoc-preview\""), "{locale}");
        assert!(
            reply.body.contains("new EventSource('/__locdoc/events')"),
            "{locale}"
        );
    }
    let pt = server.get("/pt-BR/guide/").body;
    assert!(
        pt.contains("data-state=\"machine\""),
        "the bar shows the translation state"
    );
    let fr = server.get("/fr/guide/").body;
    assert!(fr.contains(
        "<span class=\"locdoc-state\">not translated: shown from the fallback locale</span>"
    ));
    let css = server.get("/style.css");
    assert!(css
        .headers
        .to_ascii_lowercase()
        .contains("content-type: text/css; charset=utf-8"));
    // A folder without its slash is redirected so relative links work.
    assert_eq!(server.get("/en/guide").status, 301);
}

#[test]
fn build_output_never_contains_the_preview() {
    let site = TempSite::new("i18n");
    site.build().expect_code(0);
    for page in [
        "en/guide/index.html",
        "index.html",
        "404.html",
        "_status/index.html",
    ] {
        let html = site.read(&format!("public/{page}"));
        assert!(
            !html.contains("EventSource") && !html.contains("locdoc-preview"),
            "{page}"
        );
    }
}

#[test]
fn page_message_and_template_edits_are_served_within_two_seconds() {
    let server = Server::start(TempSite::new("i18n"));
    let events = server.events();

    server
        .site
        .edit("content/en/guide.md", "Intro.", "Intro, edited.");
    server.wait_for("/en/guide/", |b| b.contains("Intro, edited."));
    expect_event(&events, "reload");
    // The page is the fallback of fr: it changes there too.
    server.wait_for("/fr/guide/", |b| b.contains("Intro, edited."));

    server
        .site
        .edit("locales/fr/main.ftl", "Une semaine", "Une seule semaine");
    server.wait_for("/fr/guide/", |b| b.contains("Une seule semaine"));
    expect_event(&events, "reload");

    server.site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{% endblock main %}",
    );
    server.wait_for("/sv/guide/", |b| {
        b.contains("<h1 class=\"custom\">Guide sv</h1>")
    });
    expect_event(&events, "reload");
}

#[test]
fn a_broken_ftl_shows_the_overlay_until_fixed_and_keeps_the_last_good_page() {
    let server = Server::start(TempSite::new("i18n"));
    let events = server.events();
    let good = server.get("/ru/guide/").body;
    let ftl = server.site.read("locales/ru/main.ftl");

    server
        .site
        .write("locales/ru/main.ftl", &format!("{ftl}\nbroken = {{\n"));
    let status = server.wait_for("/__locdoc/status", |b| b.contains("ftl-syntax"));
    assert!(status.contains("locales/ru/main.ftl:"), "{status}");
    expect_event(&events, "failed");
    let during = server.get("/ru/guide/");
    assert_eq!(during.status, 200);
    assert_eq!(during.body, good, "the last good page stays underneath");

    server.site.write("locales/ru/main.ftl", &ftl);
    server.wait_for("/__locdoc/status", |b| b.contains("\"errors\":[]"));
    expect_event(&events, "reload");
}

#[test]
fn edits_made_while_broken_appear_once_fixed() {
    let server = Server::start(TempSite::new("i18n"));
    let ftl = server.site.read("locales/sv/main.ftl");
    server
        .site
        .write("locales/sv/main.ftl", &format!("{ftl}\nbroken = {{\n"));
    server.wait_for("/__locdoc/status", |b| b.contains("ftl-syntax"));
    server.site.edit("content/en/other.md", "See", "Now see");
    std::thread::sleep(Duration::from_millis(300));
    server.site.write("locales/sv/main.ftl", &ftl);
    server.wait_for("/en/other/", |b| b.contains("Now see"));
}

#[test]
fn paths_outside_the_site_get_404() {
    let server = Server::start(TempSite::new("i18n"));
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/..%2fsite.yaml",
        "/en/%2e%2e/%2e%2e/site.yaml",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/nope/",
    ] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
}

#[test]
fn ctrl_c_stops_the_server_and_removes_its_folder() {
    let server = Server::start(TempSite::new("i18n"));
    let folder = std::env::temp_dir().join(format!("locdoc-serve-{}", server.pid()));
    assert!(folder.is_dir(), "{}", folder.display());
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(!folder.exists(), "{} was left behind", folder.display());
}

#[test]
fn a_port_in_use_is_an_error_when_given_and_skipped_when_not() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let site = TempSite::new("i18n");
    let run = site.run(&["serve", "--port", &port.to_string()]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        run.stderr
    );

    // Without --port, a taken default moves on to the next free port.
    let _default = TcpListener::bind("127.0.0.1:1111");
    let server = Server::start_with(TempSite::new("i18n"), &[]);
    assert_ne!(server.port, 1111);
    assert_eq!(server.get("/en/guide/").status, 200);
}

#[test]
fn a_non_loopback_bind_warns() {
    let server = Server::start_with(
        TempSite::new("i18n"),
        &["--bind", "0.0.0.0", "--port", &free_port().to_string()],
    );
    assert!(
        server
            .startup
            .iter()
            .any(|l| l.starts_with("warning: serving on 0.0.0.0")),
        "{:#?}",
        server.startup
    );
    assert_eq!(server.get("/en/guide/").status, 200);
}
