//! Shared set-up for server tests: a fresh in-memory database, and a tiny HTTP/1.1 client.
#![allow(dead_code)]

use app::cases::ConcernForm;
use app::server::rate_limit::RateLimit;
use app::server::state::{AppState, Settings};
use leptos::config::LeptosOptions;
use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream};
use std::time::Duration;

pub fn settings(intake_burst: u32) -> Settings {
    Settings {
        public_url: "http://127.0.0.1:3000".into(),
        trusted_proxies: vec![],
        intake_limit: RateLimit {
            burst: intake_burst,
            refill_every: Duration::from_secs(3600),
        },
        lookup_limit: RateLimit {
            burst: 100,
            refill_every: Duration::from_secs(1),
        },
        login_ip_limit: RateLimit {
            burst: 1000,
            refill_every: Duration::from_secs(1),
        },
        refusal_limit: app::server::state::REFUSAL_LIMIT,
        chunk_limit: RateLimit {
            burst: 1000,
            refill_every: Duration::from_secs(1),
        },
        secure_cookies: false,
        tiles: app::base::geo::tiles::TileConfig::default(),
        request_timeout: Duration::from_secs(30),
        live_recheck: Duration::from_secs(1),
    }
}

/// An app on a fresh `mem://` database with the demo data.
pub async fn demo_state(intake_burst: u32) -> AppState {
    demo_state_with(|s| s.intake_limit.burst = intake_burst).await
}

/// `demo_state` with settings of the test's own: tighter limits, a trusted proxy...
pub async fn demo_state_with(change: impl FnOnce(&mut Settings)) -> AppState {
    let db = app::server::db::connect_memory()
        .await
        .expect("in-memory database");
    app::server::db::demo::load_if_empty(&db)
        .await
        .expect("demo data loads");
    let mut settings = settings(10);
    change(&mut settings);
    AppState::new(
        db,
        LeptosOptions::builder().output_name("bandeng").build(),
        settings,
    )
}

pub fn form(title: &str) -> ConcernForm {
    ConcernForm {
        submission_id: app::cases::intake::handlers::new_submission_id(),
        title: title.into(),
        description: "东风村村口的路灯坏了两个月，晚上老人走路看不见。希望尽快修好。🙏".into(),
        resident_name: "王大妈".into(),
        resident_phone: "13900001234".into(),
        consent: true,
    }
}

/// 127.0.0.1: where every test request comes from; trusted as a proxy, it may forward others.
pub fn localhost() -> IpAddr {
    IpAddr::from([127, 0, 0, 1])
}

/// Base64 of a text, as the sheet upload sends a file.
pub fn base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The client a rate limit sees for this address.
pub fn ip(s: &str) -> app::server::client_ip::ClientKey {
    app::server::client_ip::ClientKey::of(s.parse::<IpAddr>().unwrap())
}

/// A resident's browser token (`bandeng_device`), for concerns raised in tests.
pub const DEVICE: &str = "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0";

pub async fn count(state: &AppState, table: &str) -> i64 {
    let mut response = state
        .db
        .query(format!("RETURN count(SELECT id FROM {table})"))
        .await
        .unwrap()
        .check()
        .unwrap();
    response.take::<Option<i64>>(0).unwrap().unwrap_or(0)
}

pub struct HttpResponse {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// One request over a fresh connection; the server closes it after answering.
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    form_body: Option<&str>,
) -> std::io::Result<HttpResponse> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let body = form_body.unwrap_or("");
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: text/html\r\n"
    );
    if form_body.is_some() {
        request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(HttpResponse {
        status,
        head: head.to_string(),
        body: body.to_string(),
    })
}

/// A GET with a cookie over a fresh connection.
pub fn http_with_cookie(
    addr: &str,
    method: &str,
    path: &str,
    cookie: &str,
) -> std::io::Result<HttpResponse> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: text/html\r\n\
         Cookie: {cookie}\r\nContent-Length: 0\r\n\r\n"
    );
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Ok(HttpResponse {
        status: head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    })
}

/// Percent-encodes a form value (UTF-8), as a browser does.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The real router on a real socket, in this process, so tests can reach the same database.
pub struct TestServer {
    pub addr: String,
    pub state: AppState,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn serve(state: AppState) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let router = server::routes::router(state.clone());
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    TestServer { addr, state, task }
}

/// One request: `body` is (content type, bytes); `cookie` the session cookie, if any.
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<(&str, String)>,
) -> HttpResponse {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // Server functions answer the app's own fetches with JSON; pages are for browsers.
    let accept = if path.starts_with("/api/") {
        "application/json"
    } else {
        "text/html"
    };
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: {accept}\r\n"
    );
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    let body = match body {
        Some((content_type, body)) => {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
            body
        }
        None => String::new(),
    };
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server refusing an oversized body may answer and close before reading it all.
    let _ = stream.write_all(body.as_bytes()).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    HttpResponse {
        status: head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Calls a server function: `form` bodies are url-encoded, the others JSON.
pub async fn call(addr: &str, endpoint: &str, cookie: Option<&str>, body: &Body) -> HttpResponse {
    let (kind, text) = match body {
        Body::Form(s) => ("application/x-www-form-urlencoded", s.clone()),
        Body::Json(v) => ("application/json", v.to_string()),
    };
    request(
        addr,
        "POST",
        &format!("/api/{endpoint}"),
        cookie,
        Some((kind, text)),
    )
    .await
}

#[derive(Debug, Clone)]
pub enum Body {
    Form(String),
    Json(serde_json::Value),
}

/// An account with a live session; returns the `Cookie` header value.
pub async fn signed_in(state: &AppState, account: app::accounts::store::NewAccount) -> String {
    let id = app::accounts::store::create(&state.db, account)
        .await
        .unwrap();
    let token = app::auth::store::start_session(&state.db, &id)
        .await
        .unwrap();
    format!("bandeng_session={token}")
}

/// A fresh argon2id hash of `password`.
pub fn hash(password: &str) -> String {
    app::accounts::password::hash(password).unwrap()
}

pub fn record(table: &str, key: &str) -> surrealdb::types::RecordId {
    app::server::db::record(table, key)
}

/// The first member of a council holding a role there.
pub async fn member_with_role(state: &AppState, council: &str, role: &str) -> String {
    let mut response = state
        .db
        .query("SELECT VALUE member FROM membership WHERE council = $c AND role = $r LIMIT 1")
        .bind(("c", record("council", council)))
        .bind(("r", role.to_string()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let ids: Vec<surrealdb::types::RecordId> = response.take(0).unwrap();
    app::server::db::key_text(&ids[0])
}

/// A server function's answer: its JSON value, or the error it returned. An error must come
/// with the status its kind names (400 invalid, 401, 403, 404, 409, 413, 429, 503): a refusal
/// answered as 500 fails the test here, whatever the test then checks of the body.
pub async fn api(
    addr: &str,
    cookie: &str,
    endpoint: &str,
    body: Body,
) -> Result<serde_json::Value, serde_json::Value> {
    let response = call(addr, endpoint, Some(cookie), &body).await;
    let value = serde_json::from_str(&response.body)
        .unwrap_or_else(|_| serde_json::Value::String(response.body.clone()));
    if (200..300).contains(&response.status) {
        return Ok(value);
    }
    assert_status_names_error(endpoint, response.status, &value);
    Err(value)
}

/// The status a server function answers an error with is the one the error's kind names.
pub fn assert_status_names_error(endpoint: &str, status: u16, body: &serde_json::Value) {
    let error: app::base::error::AppError = serde_json::from_value(body.clone())
        .unwrap_or_else(|_| panic!("{endpoint}: {status} without an error body: {body}"));
    assert_eq!(
        status,
        error.status(),
        "{endpoint} answered {error:?} with status {status}"
    );
}

/// A server function's status and JSON body, whatever it is.
pub async fn api_status(
    addr: &str,
    cookie: Option<&str>,
    endpoint: &str,
    body: Body,
) -> (u16, serde_json::Value) {
    let response = call(addr, endpoint, cookie, &body).await;
    let value = serde_json::from_str(&response.body)
        .unwrap_or_else(|_| serde_json::Value::String(response.body.clone()));
    (response.status, value)
}

/// A GET whose body is binary (a download): status, head and the raw bytes.
pub async fn get_bytes(addr: &str, path: &str, cookie: Option<&str>) -> (u16, String, Vec<u8>) {
    let cookie = cookie.map(|c| format!("Cookie: {c}"));
    let headers: Vec<&str> = cookie.iter().map(String::as_str).collect();
    send_bytes(addr, "GET", path, &headers, &[]).await
}

/// Any request with a binary body and raw headers (`Name: value`); answers status, head, body.
pub async fn send_bytes(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for header in headers {
        head.push_str(&format!("{header}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, raw[split + 4..].to_vec())
}

/// The fields an `AppError::Invalid` names.
pub fn invalid_fields(error: &serde_json::Value) -> Vec<String> {
    error["Invalid"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Cases raised during the test: the demo's own cases are left out.
pub async fn new_cases(state: &AppState) -> i64 {
    let mut response = state
        .db
        .query("RETURN count(SELECT id FROM case WHERE demo = false)")
        .await
        .unwrap()
        .check()
        .unwrap();
    response.take::<Option<i64>>(0).unwrap().unwrap_or(0)
}

/// The status line of a response, read without waiting for its end: a live stream never ends.
pub async fn status_only(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[String],
    body: &[u8],
) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for header in headers {
        head.push_str(&format!("{header}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let mut buffer = [0u8; 1024];
    while !raw.windows(2).any(|w| w == b"\r\n") {
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(30), stream.read(&mut buffer))
                .await
                .expect("an answer within 30 s")
                .unwrap();
        if read == 0 {
            break;
        }
        raw.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8_lossy(&raw)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}
