//! Shared set-up for server tests: a fresh in-memory database, and a tiny HTTP/1.1 client.
#![allow(dead_code)]

use app::cases::ConcernForm;
use app::rate_limit::RateLimit;
use app::state::{AppState, Settings};
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
        secure_cookies: false,
    }
}

/// An app on a fresh `mem://` database with the demo data.
pub async fn demo_state(intake_burst: u32) -> AppState {
    let db = app::db::connect_memory().await.expect("in-memory database");
    app::db::demo::load_if_empty(&db)
        .await
        .expect("demo data loads");
    AppState::new(
        db,
        LeptosOptions::builder().output_name("bandeng").build(),
        settings(intake_burst),
    )
}

pub fn form(title: &str) -> ConcernForm {
    ConcernForm {
        submission_id: app::cases::form_post::new_submission_id(),
        title: title.into(),
        description: "东风村村口的路灯坏了两个月，晚上老人走路看不见。希望尽快修好。🙏".into(),
        resident_name: "王大妈".into(),
        resident_phone: "13900001234".into(),
        consent: true,
    }
}

pub fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

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
