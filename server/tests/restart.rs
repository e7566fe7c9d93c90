//! The real `bandeng` binary on the embedded on-disk engine: a concern raised by a plain form POST
//! (no JavaScript) survives a restart, demo data is not loaded twice, bad configuration is explained.
mod common;

use common::{http, urlencode};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_bandeng");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server process, stopped by its pid when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(db_url: &str, extra: &[&str]) -> Server {
        let addr = format!("127.0.0.1:{}", free_port());
        let child = Command::new(BIN)
            .args([
                "serve",
                "--db",
                db_url,
                "--addr",
                &addr,
                "--site-root",
                "/nonexistent",
            ])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("bandeng starts");
        let server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if http(&server.addr, "GET", "/healthz", None).is_ok_and(|r| r.status == 200) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("server on {} did not become healthy", server.addr);
    }

    /// SIGTERM, then wait: a clean shutdown releases the database lock.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bandeng-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn post_concern(addr: &str, submission_id: &str, title: &str) -> common::HttpResponse {
    let body = format!(
        "submission_id={submission_id}&title={}&description={}&resident_name=&resident_phone={}&consent=on",
        urlencode(title),
        urlencode("村里的水渠堵了，下雨就淹地。"),
        urlencode("139 0000 5678"),
    );
    http(addr, "POST", "/r/sy-dongfeng/concern", Some(&body)).unwrap()
}

fn count_rooms_on_home(addr: &str) -> usize {
    let home = http(addr, "GET", "/", None).unwrap();
    assert_eq!(home.status, 200);
    home.body.matches("href=\"/r/").count()
}

#[test]
fn a_concern_survives_a_restart_and_demo_data_loads_once() {
    let dir = temp_dir("restart");
    let url = format!("rocksdb://{}", dir.join("db").display());

    let server = Server::start(&url, &["--demo"]);
    assert_eq!(count_rooms_on_home(&server.addr), 28);
    let submission_id = "00112233445566778899aabbccddeeff";
    let posted = post_concern(&server.addr, submission_id, "水渠堵塞 🌧");
    assert_eq!(posted.status, 303, "{}", posted.head);
    let location = posted.header("location").unwrap();
    assert!(
        location.starts_with("/c/SY-") && location.ends_with("?new=1"),
        "{location}"
    );
    server.stop();

    let server = Server::start(&url, &["--demo"]);
    assert_eq!(
        count_rooms_on_home(&server.addr),
        28,
        "demo data was loaded a second time"
    );
    let case = http(&server.addr, "GET", &location, None).unwrap();
    assert_eq!(case.status, 200);
    assert!(case.body.contains("水渠堵塞 🌧"));
    assert!(case.body.contains("受理中"));
    assert!(!case.body.contains("13900005678") && !case.body.contains("139 0000 5678"));
    // The same form posted again after the restart finds its case.
    let again = post_concern(&server.addr, submission_id, "水渠堵塞 🌧");
    assert_eq!(again.header("location").as_deref(), Some(location.as_str()));
    server.stop();
    assert!(Path::new(&dir).join("db").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pages_answer_without_javascript_and_errors_keep_the_text() {
    let server = Server::start("mem://", &["--demo"]);
    let room = http(&server.addr, "GET", "/r/sy-dongfeng", None).unwrap();
    assert_eq!(room.status, 200);
    assert!(room.body.contains("东风村协商议事室"));
    assert!(room.body.contains("name=\"submission_id\""));

    // Missing consent: back to the form, with the text and the reason.
    let body = format!(
        "submission_id=ffeeddccbbaa99887766554433221100&title={}&description={}&resident_name=&resident_phone=",
        urlencode("路灯不亮"),
        urlencode("晚上看不见路")
    );
    let refused = http(&server.addr, "POST", "/r/sy-dongfeng/concern", Some(&body)).unwrap();
    assert_eq!(refused.status, 303);
    let back = refused.header("location").unwrap();
    assert!(
        back.starts_with("/r/sy-dongfeng?draft=ffeeddccbbaa99887766554433221100"),
        "{back}"
    );
    let form = http(&server.addr, "GET", back.split('#').next().unwrap(), None).unwrap();
    assert!(form.body.contains("路灯不亮") && form.body.contains("晚上看不见路"));
    assert!(form.body.contains("隐私说明"));
    assert!(form.body.contains("data-testid=\"form-error\""));

    let missing = http(&server.addr, "GET", "/r/no-such-room", None).unwrap();
    assert_eq!(missing.status, 404);
    let missing_case = http(&server.addr, "GET", "/c/SY-2026-000000", None).unwrap();
    assert!(missing_case.body.contains("查询码有误") || missing_case.body.contains("找不到"));
    let health = http(&server.addr, "GET", "/healthz", None).unwrap();
    assert_eq!(health.body, "ok");
    server.stop();
}

#[test]
fn bad_configuration_is_explained() {
    let run = |args: &[&str]| {
        let out = Command::new(BIN).arg("serve").args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, err) = run(&["--db", "postgres://x", "--addr", "127.0.0.1:0"]);
    assert!(!ok && err.contains("unsupported database URL"), "{err}");
    let (ok, err) = run(&["--db", "ws://127.0.0.1:9", "--addr", "127.0.0.1:0"]);
    assert!(!ok && err.contains("127.0.0.1:9"), "{err}");
    let (ok, err) = run(&[
        "--db",
        "mem://",
        "--ns",
        "bad name",
        "--addr",
        "127.0.0.1:0",
    ]);
    assert!(!ok && err.contains("namespace"), "{err}");
    let (ok, err) = run(&[
        "--db",
        "mem://",
        "--public-url",
        "example.cn",
        "--addr",
        "127.0.0.1:0",
    ]);
    assert!(!ok && err.contains("public-url"), "{err}");
}

#[test]
fn responses_carry_protective_headers_and_oversized_forms_are_refused() {
    let server = Server::start("mem://", &["--demo"]);
    let room = http(&server.addr, "GET", "/r/sy-dongfeng", None).unwrap();
    assert_eq!(room.header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(
        room.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        room.header("referrer-policy").as_deref(),
        Some("same-origin")
    );

    let huge = format!(
        "submission_id=00112233445566778899aabbccddeeff&title=x&description={}&consent=on",
        "a".repeat(100 * 1024)
    );
    let refused = http(&server.addr, "POST", "/r/sy-dongfeng/concern", Some(&huge)).unwrap();
    assert_eq!(refused.status, 413);
    server.stop();
}
