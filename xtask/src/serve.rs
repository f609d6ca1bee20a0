//! A small static file server for dist/ on 127.0.0.1: GET and HEAD only, MIME types the page needs
//! (`application/wasm` for streaming compilation), no directory traversal, one thread per connection.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};

/// A running server; [`Server::stop`] (or dropping it) ends the accept loop.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    handle: Option<thread::JoinHandle<()>>,
}

impl Server {
    /// The site's root URL, with a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wakes the blocking accept
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Starts serving `root` on 127.0.0.1:`port` (0 picks a free port) in a background thread.
pub fn start(root: &Path, port: u16) -> Result<Server> {
    let root = root
        .canonicalize()
        .with_context(|| format!("{} does not exist; run `cargo xtask dist`", root.display()))?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (in use? try --port 8081)"))?;
    let addr = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let stop_flag = Arc::clone(&stop);
    let handle = thread::spawn(move || {
        for stream in listener.incoming() {
            if stop_flag.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let root = root.clone();
            thread::spawn(move || {
                let _ = handle_connection(stream, &root);
            });
        }
    });
    Ok(Server { addr, stop, handle: Some(handle) })
}

/// Serves `root` until the process is interrupted.
pub fn serve_forever(root: &Path, port: u16) -> Result<()> {
    let server = start(root, port)?;
    println!("Serving {} at {}  (Ctrl-C to stop)", root.display(), server.url());
    loop {
        thread::sleep(Duration::from_secs(3600));
    }
}

fn handle_connection(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let mut out = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut out,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n",
            true,
        );
    }
    let body_wanted = method == "GET";
    match resolve(root, target).and_then(|path| Some((fs::read(&path).ok()?, path))) {
        Some((body, path)) => respond(&mut out, "200 OK", mime_type(&path), &body, body_wanted),
        None => respond(&mut out, "404 Not Found", "text/plain; charset=utf-8", b"not found\n", body_wanted),
    }
}

fn respond(
    out: &mut TcpStream,
    status: &str,
    mime: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    out.write_all(head.as_bytes())?;
    if with_body {
        out.write_all(body)?;
    }
    out.flush()
}

/// The file under `root` that a request target names, or None (outside the root, missing, malformed).
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let decoded = percent_decode(path.strip_prefix('/')?)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let file = file.canonicalize().ok()?;
    (file.starts_with(root) && file.is_file()).then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of a file, by extension.
pub fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-serve-test-{}", std::process::id()));
        fs::create_dir_all(dir.join("pkg")).unwrap();
        fs::write(dir.join("index.html"), "<!doctype html>").unwrap();
        fs::write(dir.join("pkg/a b.wasm"), [0u8, 97, 115, 109]).unwrap();
        fs::write(dir.parent().unwrap().join("xtask-secret.txt"), "secret").unwrap();
        dir.canonicalize().unwrap()
    }

    #[test]
    fn resolves_files_and_index_and_refuses_traversal() {
        let root = site();
        assert_eq!(resolve(&root, "/").unwrap(), root.join("index.html"));
        assert_eq!(resolve(&root, "/index.html?x=1").unwrap(), root.join("index.html"));
        assert_eq!(resolve(&root, "/pkg/a%20b.wasm").unwrap(), root.join("pkg/a b.wasm"));
        for bad in [
            "/../xtask-secret.txt",
            "/pkg/../../xtask-secret.txt",
            "/%2e%2e/xtask-secret.txt",
            "/missing",
            "nope",
            "/%zz",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad} must not resolve");
        }
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(mime_type(Path::new("x/anomalyze_bg.wasm")), "application/wasm");
        assert_eq!(mime_type(Path::new("main.js")), "text/javascript; charset=utf-8");
        assert_eq!(mime_type(Path::new("index.html")), "text/html; charset=utf-8");
    }

    fn get(addr: SocketAddr, request: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }

    #[test]
    fn serves_over_http_with_status_and_type() {
        let root = site();
        let server = start(&root, 0).unwrap();
        let ok = get(server.addr, "GET /pkg/a%20b.wasm HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(
            ok.starts_with("HTTP/1.1 200 OK\r\n") && ok.contains("Content-Type: application/wasm\r\n"),
            "{ok}"
        );
        assert!(ok.ends_with("\0asm"));
        let missing = get(server.addr, "GET /../xtask-secret.txt HTTP/1.1\r\n\r\n");
        assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
        let post = get(server.addr, "POST / HTTP/1.1\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        server.stop();
    }
}
