//! A real browser against `locdoc serve`: headless Chromium, driven over
//! WebDriver (chromedriver), sees a page reload by itself after its source
//! changes, and the error overlay appear and go. Screenshots of the preview
//! bar and the overlay are saved under target/screenshots/.
//!
//! Needs Debian's `chromium` and `chromium-driver`; `.ci/run` installs them.
//! Outside CI the test says it was skipped when they are absent; in CI
//! (`CI=true`) their absence fails it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::serve::{free_port, Server};
use crate::support::{tools_present, TempSite};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A minimal HTTP/1.1 exchange for the WebDriver JSON protocol.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    // Read the head, then exactly the body: chromedriver keeps the
    // connection open whatever `Connection: close` asks.
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        stream
            .read_exact(&mut byte)
            .expect("read the response head");
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let payload = match length {
        Some(length) => {
            let mut body = vec![0u8; length];
            stream
                .read_exact(&mut body)
                .expect("read the response body");
            String::from_utf8_lossy(&body).into_owned()
        }
        None => {
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest);
            let rest = String::from_utf8_lossy(&rest).into_owned();
            if head.contains("transfer-encoding: chunked") {
                dechunk(&rest)
            } else {
                rest
            }
        }
    };
    serde_json::from_str(&payload)
        .unwrap_or_else(|e| panic!("WebDriver reply is not JSON ({e}): {payload}"))
}

fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

impl Browser {
    fn start() -> Browser {
        let port = free_port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = std::env::temp_dir().join(format!("locdoc-chromium-{port}"));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    "--window-size=1100,800", format!("--user-data-dir={}", profile.display())
                ]
            }
        }}});
        let reply = http(port, "POST", "/session", Some(&capabilities));
        let session = reply["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {reply}"))
            .to_owned();
        Browser {
            driver,
            port,
            session,
        }
    }

    fn command(&self, method: &str, what: &str, body: Option<&Value>) -> Value {
        http(
            self.port,
            method,
            &format!("/session/{}/{what}", self.session),
            body,
        )["value"]
            .clone()
    }

    fn open(&self, url: &str) {
        self.command("POST", "url", Some(&json!({ "url": url })));
    }

    fn run(&self, script: &str) -> Value {
        self.command(
            "POST",
            "execute/sync",
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    /// Runs `script` until it returns true, for at most `seconds`.
    fn wait_until(&self, script: &str, seconds: u64, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while self.run(script) != json!(true) {
            assert!(Instant::now() < deadline, "the browser never saw {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn screenshot(&self, path: &Path) {
        let data = self.command("GET", "screenshot", None);
        let png = base64_decode(data.as_str().expect("base64 PNG"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, png).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | u32::from(c);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

fn screenshots() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")
}

fn browser_available() -> bool {
    tools_present(
        Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists(),
        "browser test",
        &format!("{CHROMIUM} and {CHROMEDRIVER}"),
        "apt-get install chromium chromium-driver",
    )
}

#[test]
fn open_page_reloads_by_itself_and_shows_then_clears_the_error_overlay() {
    if !browser_available() {
        return;
    }
    let server = Server::start(TempSite::new("i18n"));
    let browser = Browser::start();
    browser.open(&format!("http://127.0.0.1:{}/pt-BR/guide/", server.port));
    browser.wait_until(
        "return document.getElementById('locdoc-preview') !== null",
        10,
        "the preview bar",
    );
    // Marks this document: a reload replaces it with one without the mark.
    browser.run("window.locdocMark = 1; return true");
    std::thread::sleep(Duration::from_millis(300));

    server
        .site
        .edit("content/pt-BR/guide.md", "Intro.", "Introdução ao vivo.");
    browser.wait_until(
        "return window.locdocMark === undefined && document.querySelector('article p').textContent === 'Introdução ao vivo.'",
        5,
        "the page reload with the new text",
    );
    let bar =
        browser.run("return document.querySelector('#locdoc-preview .locdoc-state').textContent");
    assert_eq!(bar, json!("machine translation"));
    browser.screenshot(&screenshots().join("serve-preview-bar.png"));

    let ftl = server.site.read("locales/pt-BR/main.ftl");
    server
        .site
        .write("locales/pt-BR/main.ftl", &format!("{ftl}\nbroken = {{\n"));
    browser.wait_until(
        "var o = document.getElementById('locdoc-overlay'); return o !== null && o.textContent.indexOf('locales/pt-BR/main.ftl:') >= 0",
        5,
        "the error overlay",
    );
    browser.screenshot(&screenshots().join("serve-error-overlay.png"));
    // The last good page is still underneath.
    assert_eq!(
        browser.run("return document.querySelector('article p').textContent"),
        json!("Introdução ao vivo.")
    );

    server.site.write("locales/pt-BR/main.ftl", &ftl);
    browser.wait_until(
        "return document.getElementById('locdoc-overlay') === null",
        5,
        "the overlay clear",
    );
}
