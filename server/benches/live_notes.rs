//! `cargo bench -p server --bench live_notes`: the real router on a real socket over an embedded
//! (RocksDB) database; N subscribers follow one session over Server-Sent Events, as browsers do;
//! notes are posted through the same server function the phones call. Prints one line per N:
//! `subscribers=N p50_ms=.. p99_ms=.. notes_per_s=.. lost=.. duplicated=..`
//! Latency is from the start of a note's POST to its arrival at a subscriber.
use app::accounts::store::NewAccount;
use app::server::state::{AppState, Settings};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const NOTES: usize = 50;
/// Notes in flight at once: a room of members writing together.
const WRITERS: usize = 4;

type Arrivals = Arc<Mutex<Vec<(String, Instant)>>>;

fn settings() -> Settings {
    let generous = app::server::rate_limit::RateLimit {
        burst: 1_000_000,
        refill_every: Duration::from_millis(1),
    };
    Settings {
        public_url: "http://127.0.0.1:3000".into(),
        trusted_proxies: vec![],
        intake_limit: generous,
        lookup_limit: generous,
        login_ip_limit: generous,
        chunk_limit: generous,
        refusal_limit: generous,
        secure_cookies: false,
        tiles: app::base::geo::tiles::TileConfig::default(),
        request_timeout: Duration::from_secs(30),
        live_recheck: app::server::state::LIVE_RECHECK,
        max_flashes: app::server::state::MAX_FLASHES,
        search_window: app::server::state::SEARCH_WINDOW,
    }
}

async fn post(addr: &str, cookie: &str, endpoint: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.expect("server reachable");
    let head = format!(
        "POST /api/{endpoint} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: application/json\r\n\
         Cookie: {cookie}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// One SSE subscriber: records each note id as it arrives. Returns once the stream is open.
async fn subscribe(
    addr: &str,
    session: &str,
    cookie: &str,
    arrivals: Arrivals,
) -> tokio::task::JoinHandle<()> {
    let mut stream = TcpStream::connect(addr).await.expect("subscriber connects");
    let head = format!(
        "GET /s/{session}/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut text = String::new();
    let mut buffer = vec![0u8; 16 * 1024];
    while !text.contains("\r\n\r\n") {
        let n = stream.read(&mut buffer).await.unwrap();
        assert!(n > 0, "stream refused");
        text.push_str(&String::from_utf8_lossy(&buffer[..n]));
    }
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    tokio::spawn(async move {
        const MARK: &str = "data: {\"id\":\"";
        let mut seen = 0;
        loop {
            while let Some(at) = text[seen..].find(MARK) {
                let start = seen + at + MARK.len();
                if text.len() < start + 32 {
                    break;
                }
                let id = text[start..start + 32].to_string();
                arrivals.lock().unwrap().push((id, Instant::now()));
                seen = start + 32;
            }
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => text.push_str(&String::from_utf8_lossy(&buffer[..n])),
            }
        }
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn run(addr: &str, cookie: &str, subscribers: usize) {
    let input = serde_json::json!({"input": {"council": "sy_xinjian", "topic": "", "title": format!("压测 {subscribers}"),
        "form": "bench", "room": "", "place": "", "starts_at": "2026-11-25T09:30", "invited_members": "",
        "invited_departments": "", "invited_residents": "", "invited_elders": "", "invited_stakeholders": ""}});
    let (status, body) = post(addr, cookie, "create_session", &input.to_string()).await;
    assert_eq!(status, 200, "{body}");
    let session: String = serde_json::from_str(&body).unwrap();

    let mut all = Vec::new();
    let mut readers = Vec::new();
    for _ in 0..subscribers {
        let arrivals: Arrivals = Arc::default();
        readers.push(subscribe(addr, &session, cookie, arrivals.clone()).await);
        all.push(arrivals);
    }

    let ids: Vec<String> = (0..NOTES)
        .map(|i| format!("{:032x}", (subscribers as u128) << 64 | i as u128))
        .collect();
    let sent: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let started = Instant::now();
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (addr, cookie, session, sent) = (
            addr.to_string(),
            cookie.to_string(),
            session.clone(),
            sent.clone(),
        );
        let mine: Vec<String> = ids.iter().skip(w).step_by(WRITERS).cloned().collect();
        writers.push(tokio::spawn(async move {
            for id in mine {
                let draft = serde_json::json!({"key": session, "draft": {"id": id, "kind": "statement",
                    "speaker_kind": "resident", "speaker_name": "王大妈", "text": "村口路灯坏了两个月，晚上看不见路。",
                    "written_at": chrono::Utc::now().to_rfc3339()}});
                sent.lock().unwrap().insert(id.clone(), Instant::now());
                let (status, body) = post(&addr, &cookie, "session_note", &draft.to_string()).await;
                assert_eq!(status, 200, "{body}");
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    // Wait until every subscriber has every note, or give up after 30 s and count what is missing.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let complete = all.iter().all(|a| a.lock().unwrap().len() >= NOTES);
        if complete || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    // Let late duplicates show up, if there are any.
    tokio::time::sleep(Duration::from_millis(200)).await;
    for r in &readers {
        r.abort();
    }

    let sent = sent.lock().unwrap();
    let (mut latencies, mut lost, mut duplicated) = (Vec::new(), 0, 0);
    for arrivals in &all {
        let arrivals = arrivals.lock().unwrap();
        let mut first: HashMap<&str, Instant> = HashMap::new();
        for (id, at) in arrivals.iter() {
            if first.insert(id, *at).is_some() {
                duplicated += 1;
            }
        }
        for id in &ids {
            match first.get(id.as_str()) {
                Some(at) => latencies.push(at.duration_since(sent[id]).as_secs_f64() * 1000.0),
                None => lost += 1,
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    println!(
        "subscribers={subscribers} p50_ms={:.1} p99_ms={:.1} notes_per_s={:.1} lost={lost} duplicated={duplicated}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        NOTES as f64 / elapsed,
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("bandeng-bench-{}", std::process::id()));
        let config = app::server::db::DbConfig {
            url: format!("rocksdb://{}", dir.display()),
            namespace: "bandeng".into(),
            database: "bench".into(),
            username: None,
            password: None,
            query_timeout: app::server::db::QUERY_TIMEOUT,
        };
        let db = app::server::db::connect(&config).await.expect("embedded database opens");
        app::server::db::demo::load_if_empty(&db).await.expect("demo data");
        let state = AppState::new(db.clone(), leptos::config::LeptosOptions::builder().output_name("bandeng").build(), settings());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let router = server::routes::router(state);
        let serving = tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
                .await
                .unwrap();
        });

        let member = {
            let mut response = db
                .query("SELECT VALUE member FROM membership WHERE council = council:sy_xinjian AND role = 'member' LIMIT 1")
                .await
                .unwrap();
            let ids: Vec<surrealdb::types::RecordId> = response.take(0).unwrap();
            ids[0].clone()
        };
        let account = app::accounts::store::create(
            &db,
            NewAccount {
                name: "压测委员".into(),
                phone: Some("13700009999".into()),
                password_hash: app::accounts::password::hash("压测用的密码123456").unwrap(),
                member: Some(member),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let token = app::auth::store::start_session(&db, &account).await.unwrap();
        let cookie = format!("bandeng_session={token}");

        println!("# {NOTES} notes per run, {WRITERS} writers, embedded RocksDB at {}", dir.display());
        for subscribers in [10, 100, 1000] {
            run(&addr, &cookie, subscribers).await;
        }
        serving.abort();
        drop(db);
        let _ = std::fs::remove_dir_all(&dir);
    });
}
