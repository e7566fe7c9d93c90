//! `cargo bench -p server --bench texts`: the demo's first week of texts, and how fast the
//! sender delivers to an SMS provider's HTTP API (a small server on localhost answering OK).
//!
//! The week: the demo data in an embedded (RocksDB) database, one account with a mobile for
//! each demo department, and the day's plan made at 09:00 Beijing on seven days from today.
//! Prints one line per kind, `texts: kind=.. queued=..`, and `notices=..` for the app's list.
//! Then `sender: texts=N rounds=.. seconds=.. texts_per_s=..` for N texts to distinct numbers.
use chrono::{DateTime, Duration, Utc};
use std::time::Instant;

const DAYS: i64 = 7;
const SENT: usize = 1_000;

#[path = "support.rs"]
#[allow(dead_code)]
mod support;
use support::BenchDb;

/// 09:00 Beijing, `days` after today, as UTC.
fn morning(days: i64) -> DateTime<Utc> {
    let day = (Utc::now() + Duration::days(days))
        .with_timezone(&app::base::clock::beijing())
        .format("%Y-%m-%d")
        .to_string();
    DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00"))
        .expect("a time")
        .with_timezone(&Utc)
}

/// A provider that answers every text with OK, on a free localhost port.
async fn provider() -> String {
    let app = axum::Router::new().route(
        "/sms/send",
        axum::routing::post(|| async { r#"{"code":"OK"}"# }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}/sms/send", listener.local_addr().expect("bound"));
    tokio::spawn(async move {
        axum::serve(listener, app)
            .await
            .expect("the provider serves");
    });
    url
}

fn main() {
    support::runtime().block_on(async {
        let bench = BenchDb::temporary("texts").await;
        let db = bench.db.clone();
        app::server::db::demo::load_if_empty(&db)
            .await
            .expect("demo data loads");
        db.query(
            "FOR $d IN (SELECT VALUE id FROM department) {
                 CREATE account SET name = '演示部门经办人', password_hash = '$argon2id$demo',
                     department = $d, phone = '1370000' + string::slice(<string>(1000 +
                        count((SELECT id FROM account WHERE department != NONE))), 0, 4);
             };",
        )
        .await
        .and_then(|r| r.check())
        .expect("department accounts");

        let started = Instant::now();
        for day in 0..DAYS {
            app::reminders::plan(&db, morning(day))
                .await
                .expect("a plan")
                .expect("09:00 is in the day");
        }
        let planned_ms = started.elapsed().as_millis();
        let mut response = db
            .query(
                "SELECT kind, count() AS n FROM sms_outbox GROUP BY kind ORDER BY kind;
                 RETURN count((SELECT id FROM notice));",
            )
            .await
            .and_then(|r| r.check())
            .expect("counts");
        let kinds: Vec<serde_json::Value> = response.take(0).expect("rows");
        for row in &kinds {
            println!("texts: kind={} queued={}", row["kind"].as_str().unwrap_or("?"), row["n"]);
        }
        let notices: Option<i64> = response.take(1).expect("a count");
        println!(
            "notices={} days={DAYS} plan_ms_total={planned_ms}",
            notices.unwrap_or(0)
        );

        // Throughput: SENT texts to distinct numbers, due now, through the HTTP gateway.
        db.query("DELETE sms_outbox; DELETE sms_lease;")
            .await
            .and_then(|r| r.check())
            .expect("emptied");
        db.query(
            "FOR $i IN 0..$n {
                 CREATE sms_outbox SET phone = '139' + string::slice(<string>(100000000 + $i), 1),
                     kind = 'case_answered', text = '【板凳】您反映的事已答复。', event = 'bench:' + <string>$i,
                     not_before = time::now() - 1m;
             };",
        )
        .bind(("n", SENT as i64))
        .await
        .and_then(|r| r.check())
        .expect("queued");
        let gateway = app::notify::gateway::Gateway::Http(app::notify::gateway::HttpGateway::new(
            provider().await,
            "bench".into(),
            "bench-secret".into(),
            "板凳".into(),
        ));
        let sender = app::notify::sender::Sender::new(db.clone(), gateway, "https://bd.example");
        let started = Instant::now();
        let (mut sent, mut rounds) = (0, 0);
        while sent < SENT && rounds < SENT {
            let round = sender
                .round(morning(1))
                .await
                .expect("a round")
                .expect("the lease");
            sent += round.sent;
            rounds += 1;
        }
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "sender: texts={sent} rounds={rounds} seconds={seconds:.2} texts_per_s={:.0}",
            sent as f64 / seconds
        );
        bench.done();
    });
}
