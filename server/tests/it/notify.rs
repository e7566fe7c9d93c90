//! Text messages over real HTTP: a resident's concern queues its receipt and each step's text
//! once, in the step's own transaction; the sender delivers them to an SMS provider's API (a
//! small HTTP server this test starts, which records what it receives and fails on purpose)
//! under quiet hours, the daily cap, retries and opt-out; two senders on one database and a
//! sender restarted mid-send never send a text twice.
use crate::common;

use app::accounts::store::NewAccount;
use app::cases::desk::api::{GetStaffCase, TakeCaseStep};
use app::cases::desk::StepInput;
use app::cases::intake::raise::raise_concern;
use app::cases::pipeline::Step;
use app::notify::gateway::{sign, Gateway, HttpGateway};
use app::notify::sender::Sender;
use chrono::{DateTime, Duration, Utc};
use common::{api, council_key, form, ip};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What the test provider received: the JSON body and whether its signature held.
#[derive(Debug, Clone)]
struct Received {
    body: Value,
    signed: bool,
}

/// A small SMS provider on localhost: it checks each request's signature, records it and
/// answers `{"code":"OK"}`, or fails the first `fail_first` requests with a 500.
struct TestGateway {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    fail_first: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

const KEY: &str = "test-key";
const SECRET: &str = "test-secret";

impl TestGateway {
    async fn start(fail_first: usize) -> TestGateway {
        use axum::http::{HeaderMap, StatusCode};
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let fail = Arc::new(AtomicUsize::new(fail_first));
        let (log, failing) = (received.clone(), fail.clone());
        let app = axum::Router::new().route(
            "/sms/send",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (log, failing) = (log.clone(), failing.clone());
                async move {
                    let header = |name: &str| {
                        headers
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_string()
                    };
                    let expected = sign(
                        SECRET,
                        &[
                            KEY,
                            &header("x-sms-timestamp"),
                            &header("x-sms-nonce"),
                            &body,
                        ],
                    );
                    log.lock().unwrap().push(Received {
                        body: serde_json::from_str(&body).unwrap_or_default(),
                        signed: header("x-sms-key") == KEY && header("x-sms-signature") == expected,
                    });
                    if failing
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok()
                    {
                        return (StatusCode::INTERNAL_SERVER_ERROR, r#"{"code":"BUSY"}"#);
                    }
                    (StatusCode::OK, r#"{"code":"OK"}"#)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/sms/send", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        TestGateway {
            url,
            received,
            fail_first: fail,
            task,
        }
    }

    fn gateway(&self) -> Gateway {
        Gateway::Http(HttpGateway::new(
            self.url.clone(),
            KEY.into(),
            SECRET.into(),
            "板凳".into(),
        ))
    }

    fn sender(&self, state: &app::server::state::AppState) -> Sender {
        Sender::new(state.db.clone(), self.gateway(), "https://bd.example")
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for TestGateway {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A Beijing wall-clock time on the day after tomorrow, as UTC: later than any text queued
/// during the test, so it is due.
fn beijing(time: &str) -> DateTime<Utc> {
    let day = (Utc::now() + Duration::days(2))
        .with_timezone(&app::base::clock::beijing())
        .format("%Y-%m-%d")
        .to_string();
    DateTime::parse_from_rfc3339(&format!("{day}T{time}+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

/// The outbox rows for `phone`: kind, status, attempts, text.
async fn outbox(
    state: &app::server::state::AppState,
    phone: &str,
) -> Vec<(String, String, i64, String)> {
    let mut r = state
        .db
        .query(
            "SELECT kind, status, attempts, text, at FROM sms_outbox WHERE phone = $p ORDER BY at, kind",
        )
        .bind(("p", phone.to_string()))
        .await
        .unwrap();
    let rows: Vec<Value> = r.take(0).unwrap();
    rows.iter()
        .map(|row| {
            (
                row["kind"].as_str().unwrap().to_string(),
                row["status"].as_str().unwrap().to_string(),
                row["attempts"].as_i64().unwrap(),
                row["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Queues a text as a domain would, `kind` for `phone`, due now.
async fn queue(state: &app::server::state::AppState, phone: &str, kind: &str, text: &str) {
    state
        .db
        .query("CREATE sms_outbox SET phone = $p, kind = $k, text = $t, not_before = time::now()")
        .bind(("p", phone.to_string()))
        .bind(("k", kind.to_string()))
        .bind(("t", text.to_string()))
        .await
        .unwrap()
        .check()
        .unwrap();
}

/// Raised at 东风村's room from the resident's browser.
async fn raise(
    state: &app::server::state::AppState,
    concern: &app::cases::ConcernForm,
) -> app::cases::IntakeReceipt {
    raise_concern(
        state,
        "sy-dongfeng",
        concern,
        ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap()
}

fn step(code: &str, step: Step, version: i64, note: &str) -> TakeCaseStep {
    TakeCaseStep {
        council: council_key("sy_dongfeng"),
        code: code.into(),
        input: StepInput {
            step,
            version,
            note: note.into(),
            merge_into: String::new(),
            worth: vec![],
            not_worth: vec![],
            recheck_on: String::new(),
        },
    }
}

#[tokio::test]
async fn a_residents_concern_is_texted_once_per_event_and_stops_when_they_ask() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let provider = TestGateway::start(0).await;
    let phone = "13900005501";
    let mut concern = form("村口水渠漏水");
    concern.resident_phone = phone.into();

    // Raised, and raised again by a phone that did not hear the answer: one case, one receipt.
    let receipt = raise(&state, &concern).await;
    let again = raise(&state, &concern).await;
    let code = receipt.tracking_code.0.clone();
    assert_eq!(again.tracking_code.0, code);
    let rows = outbox(&state, phone).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        ("case_raised", "queued")
    );
    assert!(rows[0].3.contains(&code), "{rows:?}");

    // The liaison answers it on the spot; a refused step (a stale version) queues nothing.
    let liaison = common::signed_in(
        &state,
        NewAccount {
            name: "东风村联络员".into(),
            phone: Some("13800005502".into()),
            password_hash: common::hash("联络员的密码123"),
            system_admin: true,
            ..Default::default()
        },
    )
    .await;
    let case = api(
        &server.addr,
        &liaison,
        GetStaffCase {
            council: council_key("sy_dongfeng"),
            code: code.clone(),
        },
    )
    .await
    .unwrap();
    let version = case["version"].as_i64().unwrap();
    let stale = common::call(
        &server.addr,
        Some(&liaison),
        step(
            &code,
            Step::AnswerAndClose,
            version + 5,
            "已联系水利站，本周内修好。",
        ),
    )
    .await;
    assert_eq!(stale.status, 409, "{}", stale.body);
    assert_eq!(outbox(&state, phone).await.len(), 1);
    api(
        &server.addr,
        &liaison,
        step(
            &code,
            Step::AnswerAndClose,
            version,
            "已联系水利站，本周内修好。",
        ),
    )
    .await
    .unwrap();
    let rows = outbox(&state, phone).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1].0, "case_answered");

    // The sender hands both to the provider, signed, with the code and the public address.
    let sender = provider.sender(&state);
    let round = sender.round(beijing("10:00:00")).await.unwrap().unwrap();
    assert_eq!(round.sent, 2, "{round:?}");
    assert_eq!(
        sender
            .round(beijing("10:00:05"))
            .await
            .unwrap()
            .unwrap()
            .sent,
        0
    );
    let got = provider.received();
    assert_eq!(got.len(), 2);
    for r in &got {
        assert!(r.signed, "{r:?}");
        assert_eq!(r.body["phone_numbers"], phone);
        assert_eq!(r.body["sign_name"], "板凳");
        assert!(r.body["content"].as_str().unwrap().contains(&code), "{r:?}");
    }
    assert!(got[1].body["content"]
        .as_str()
        .unwrap()
        .contains("https://bd.example/c"));
    assert_ne!(got[0].body["out_id"], got[1].body["out_id"]);
    assert!(outbox(&state, phone).await.iter().all(|r| r.1 == "sent"));

    // The system's admin sees how many texts stand where; the number only masked.
    let overview = api(&server.addr, &liaison, app::notify::api::GetTextOutbox {})
        .await
        .unwrap();
    let sent_receipts = overview["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "受理回执" && c["status"] == "已发送")
        .expect("the receipt is counted");
    assert_eq!(sent_receipts["count"], 1);
    assert!(!overview.to_string().contains(phone));

    // Stopping: someone else holding the code is refused; the resident's browser is not.
    let path = format!("/c/{code}/texts/stop");
    let stranger = common::request(&server.addr, "POST", &path, None, None).await;
    assert_eq!(stranger.status, 403, "{}", stranger.body);
    let device = format!("bandeng_device={}", common::DEVICE);
    let stopped = common::request(&server.addr, "POST", &path, Some(&device), None).await;
    assert_eq!(stopped.status, 303, "{}", stopped.body);
    assert_eq!(
        stopped.header("location").as_deref(),
        Some(format!("/c/{code}?texts=stopped#texts").as_str())
    );
    // Asked twice, nothing more is stored; a case with no number has nothing to stop.
    let twice = common::request(&server.addr, "POST", &path, Some(&device), None).await;
    assert_eq!(twice.status, 303);
    assert_eq!(common::count(&state, "sms_optout").await, 1);
    let mut silent = form("路边垃圾没人清");
    silent.resident_phone = String::new();
    let quiet = raise(&state, &silent).await;
    let none = common::request(
        &server.addr,
        "POST",
        &format!("/c/{}/texts/stop", quiet.tracking_code.0),
        Some(&device),
        None,
    )
    .await;
    assert_eq!(none.status, 404, "{}", none.body);

    // From then on that number gets no text about its concerns: not even a new receipt.
    let mut next = form("广场的灯也坏了");
    next.resident_phone = phone.into();
    raise(&state, &next).await;
    assert_eq!(outbox(&state, phone).await.len(), 2);
    sender.round(beijing("11:00:00")).await.unwrap().unwrap();
    assert_eq!(provider.received().len(), 2);
}

#[tokio::test]
async fn night_holds_texts_the_cap_folds_a_flood_into_a_digest_and_a_failing_provider_is_given_up()
{
    let state = common::demo_state(10).await;
    let provider = TestGateway::start(0).await;
    let sender = provider.sender(&state);

    // At night only what the person just asked for leaves; the rest waits for 07:30.
    queue(&state, "13900005601", "case_answered", "【板凳】答复了").await;
    queue(&state, "13900005602", "case_raised", "【板凳】已收到").await;
    let night = sender.round(beijing("23:00:00")).await.unwrap().unwrap();
    assert_eq!((night.sent, night.held), (1, 1), "{night:?}");
    let early = sender.round(beijing("07:29:00")).await.unwrap().unwrap();
    assert_eq!((early.sent, early.held), (0, 1), "{early:?}");
    let morning = sender.round(beijing("07:30:00")).await.unwrap().unwrap();
    assert_eq!(morning.sent, 1, "{morning:?}");
    assert_eq!(provider.received().len(), 2);

    // Seven progress texts to one number in a day: five leave, two fold into one digest that
    // leaves the next morning and says how many there were.
    for i in 0..7 {
        queue(
            &state,
            "13900005603",
            "case_accepted",
            &format!("【板凳】进展{i}"),
        )
        .await;
    }
    let flood = sender.round(beijing("10:00:00")).await.unwrap().unwrap();
    assert_eq!((flood.sent, flood.folded), (5, 2), "{flood:?}");
    let rows = outbox(&state, "13900005603").await;
    let digest: Vec<_> = rows.iter().filter(|r| r.0 == "digest").collect();
    assert_eq!(digest.len(), 1, "{rows:?}");
    assert!(digest[0].3.contains("2条"), "{digest:?}");
    assert_eq!(rows.iter().filter(|r| r.1 == "digested").count(), 2);
    let later = sender.round(beijing("20:00:00")).await.unwrap().unwrap();
    assert_eq!(later.sent, 0, "the digest waits for the morning");
    let next_morning = sender
        .round(beijing("07:30:00") + Duration::days(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(next_morning.sent, 1, "{next_morning:?}");
    assert_eq!(provider.received().len(), 8);

    // A provider that fails three times: tried at once, after 30 s, after 2 min, then given up,
    // always under the same id.
    let failing = TestGateway::start(3).await;
    let sender = failing.sender(&state);
    queue(&state, "13900005604", "case_feedback", "【板凳】有结果了").await;
    // Later than the first sender's lease, which this one then takes over.
    let t0 = beijing("12:00:00") + Duration::days(1);
    assert_eq!(sender.round(t0).await.unwrap().unwrap().failed, 1);
    assert_eq!(
        sender
            .round(t0 + Duration::seconds(10))
            .await
            .unwrap()
            .unwrap()
            .failed,
        0,
        "still waiting"
    );
    assert_eq!(
        sender
            .round(t0 + Duration::seconds(31))
            .await
            .unwrap()
            .unwrap()
            .failed,
        1
    );
    let last = sender
        .round(t0 + Duration::seconds(200))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.given_up, 1, "{last:?}");
    assert_eq!(
        sender
            .round(t0 + Duration::hours(1))
            .await
            .unwrap()
            .unwrap()
            .given_up,
        0
    );
    let tries = failing.received();
    assert_eq!(tries.len(), 3);
    assert!(tries
        .iter()
        .all(|t| t.body["out_id"] == tries[0].body["out_id"]));
    let rows = outbox(&state, "13900005604").await;
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("given_up", 3));
    let overview = app::notify::outbox::overview(&state.db, t0).await.unwrap();
    let given_up = &overview.problems[0];
    assert_eq!(
        (given_up.status.as_str(), given_up.phone.as_str()),
        ("已放弃", "139****5604")
    );
    assert!(given_up.error.contains("500"), "{given_up:?}");
    assert_eq!(failing.fail_first.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn two_senders_on_one_database_and_a_restart_mid_send_never_send_a_text_twice() {
    let state = common::demo_state(10).await;
    let provider = TestGateway::start(0).await;
    for i in 0..30 {
        queue(
            &state,
            &format!("139000057{i:02}"),
            "case_answered",
            "【板凳】答复了",
        )
        .await;
    }
    // A text a crashed sender had handed over without recording the answer.
    state
        .db
        .query(
            "CREATE sms_outbox SET phone = '13900005799', kind = 'case_answered', text = '半途',
                status = 'sending', attempts = 1, claimed_by = 'gone',
                claimed_until = time::now() - 1m",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let (a, b) = (provider.sender(&state), provider.sender(&state));
    let now = beijing("10:00:00");
    let mut held_back = 0;
    for second in 0..4 {
        let at = now + Duration::seconds(second);
        let (ra, rb) = tokio::join!(a.round(at), b.round(at));
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        held_back += usize::from(ra.is_none()) + usize::from(rb.is_none());
    }
    assert!(
        held_back >= 4,
        "one sender each round, the other waits: {held_back}"
    );
    let got = provider.received();
    let mut ids: Vec<String> = got.iter().map(|r| r.body["out_id"].to_string()).collect();
    assert_eq!(ids.len(), 30, "each text once");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30);
    assert!(!got.iter().any(|r| r.body["content"] == "半途"));
    let half = outbox(&state, "13900005799").await;
    assert_eq!(half[0].1, "given_up", "{half:?}");
    // Once the lease runs out, the other sender takes over.
    queue(&state, "13900005798", "case_answered", "【板凳】答复了").await;
    let later = now + Duration::seconds(60);
    let (ra, rb) = tokio::join!(a.round(later), b.round(later));
    let sent: usize = [ra.unwrap(), rb.unwrap()]
        .into_iter()
        .flatten()
        .map(|r| r.sent)
        .sum();
    assert_eq!(sent, 1);
}
