//! The preview's HTTP side: files from the output folder and nothing else,
//! the event stream browsers reload on, and the current error state.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use crate::serve::Shared;

pub const EVENTS_PATH: &str = "/__locdoc/events";
pub const STATUS_PATH: &str = "/__locdoc/status";

pub fn handle(request: Request, shared: &Shared) {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    if request.method() != &tiny_http::Method::Get && request.method() != &tiny_http::Method::Head {
        let _ = request.respond(Response::from_string("only GET and HEAD\n").with_status_code(405));
        return;
    }
    match path.as_str() {
        EVENTS_PATH => events(request, shared),
        STATUS_PATH => {
            let errors = shared.errors.lock().map(|e| e.clone()).unwrap_or_default();
            let body = serde_json::json!({ "errors": errors }).to_string();
            let _ = request.respond(
                Response::from_string(body)
                    .with_header(header("Content-Type", "application/json; charset=utf-8"))
                    .with_header(header("Cache-Control", "no-store")),
            );
        }
        _ => file(request, &path, &shared.out),
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

/// The file a request path names below `out`, or `None` for anything that
/// would leave it: `..` (also percent-encoded), backslashes, NUL, and
/// symbolic links pointing outside.
pub fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut path = out.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            other => path.push(other),
        }
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    real.starts_with(out).then_some(real)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn file(request: Request, url_path: &str, out: &Path) {
    // A folder without its trailing slash: redirect, so relative links work.
    if !url_path.ends_with('/') {
        if let Some(decoded) = percent_decode(url_path) {
            let candidate = out.join(decoded.trim_start_matches('/'));
            if !decoded.contains("..") && candidate.is_dir() && resolve(out, url_path).is_some() {
                let _ = request.respond(
                    Response::empty(StatusCode(301))
                        .with_header(header("Location", &format!("{url_path}/"))),
                );
                return;
            }
        }
    }
    match resolve(out, url_path).and_then(|p| std::fs::File::open(&p).ok().map(|f| (p, f))) {
        Some((path, file)) => {
            let response = Response::from_file(file)
                .with_header(header("Content-Type", content_type(&path)))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        None => not_found(request, out),
    }
}

fn not_found(request: Request, out: &Path) {
    let page = std::fs::read(out.join("404.html")).unwrap_or_else(|_| b"not found\n".to_vec());
    let _ = request.respond(
        Response::from_data(page)
            .with_status_code(404)
            .with_header(header("Content-Type", "text/html; charset=utf-8")),
    );
}

/// Server-Sent Events: written by hand on the raw connection so each event
/// is flushed at once (a chunked body would sit in a buffer).
fn events(request: Request, shared: &Shared) {
    let (tx, rx) = mpsc::channel::<String>();
    if let Ok(mut clients) = shared.clients.lock() {
        clients.push(tx);
    }
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(message) => message,
            // A comment line keeps proxies and the browser from timing out.
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let out = tempfile::tempdir().expect("temp");
        let out = out.path().canonicalize().expect("canonical");
        std::fs::write(out.join("index.html"), "x").expect("write");
        assert!(resolve(&out, "/").is_some());
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/..%2fx",
            "/a/../../x",
            "/%5c..%5cx",
            "/%00",
        ] {
            assert!(resolve(&out, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn text_types_carry_a_charset() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.png")), "image/png");
    }
}
