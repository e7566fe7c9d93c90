//! Case work around the pipeline, over real HTTP on `mem://`: members entering concerns and topics
//! for their council, overdue assignments flagged to the council, the printable lists, and a
//! resident finding their cases by phone with a one-time code.
use crate::common;

use app::accounts::store::NewAccount;
use app::cases::desk::api::{GetCaseQueue, GetStaffCase};
use app::cases::intake::raise::raise_concern;
use app::cases::lists::api::AddAssignment;
use app::cases::lists::AssignmentInput;
use app::cases::lookup::GetMyCases;
use app::cases::work::api::{GetWorkOverview, RaiseForCouncil};
use app::cases::work::MemberConcern;
use app::cases::{CaseSource, ConcernForm};
use common::{api, call, council_key, form, ip};
use serde_json::{json, Value};

async fn member_of(state: &app::server::state::AppState, council: &str, phone: &str) -> String {
    let member = common::member_with_role(state, council, "member").await;
    common::signed_in(
        state,
        NewAccount {
            name: format!("{council} 委员"),
            phone: Some(phone.into()),
            password_hash: common::hash("委员的密码123456"),
            member: Some(common::record("member", &member)),
            ..Default::default()
        },
    )
    .await
}

/// A system admin, who administers every council.
async fn administrator(state: &app::server::state::AppState, phone: &str) -> String {
    common::signed_in(
        state,
        NewAccount {
            name: "管理员".into(),
            phone: Some(phone.into()),
            password_hash: common::hash("管理员的密码123456"),
            system_admin: true,
            ..Default::default()
        },
    )
    .await
}

fn concern(council: &str, room: &str, source: CaseSource, submission: &str) -> RaiseForCouncil {
    RaiseForCouncil {
        input: MemberConcern {
            council: council.into(),
            room: room.into(),
            source,
            category: "公共照明".into(),
            form: ConcernForm {
                submission_id: submission.into(),
                title: "三社巷道没有路灯".into(),
                description: "走访时马大爷说，三社巷道一到晚上漆黑一片，老人不敢出门。".into(),
                resident_name: "马大爷".into(),
                resident_phone: "139 0000 5678".into(),
                consent: true,
            },
            lat: String::new(),
            lng: String::new(),
            raised_at: String::new(),
        },
    }
}

/// A case as its council's desk shows it.
fn staff_case(council: &str, code: &str) -> GetStaffCase {
    GetStaffCase {
        council: council_key(council),
        code: code.into(),
    }
}

#[tokio::test]
async fn members_enter_concerns_and_topics_for_their_own_council_only() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let member = member_of(&state, "sy_dongfeng", "13800000061").await;
    let outsider = member_of(&state, "ns_shekou", "13800000062").await;

    let overview = api(&server.addr, &member, GetWorkOverview {})
        .await
        .unwrap();
    assert_eq!(overview["councils"][0]["key"], "sy_dongfeng");
    assert!(overview["councils"][0]["rooms"]
        .to_string()
        .contains("sy-dongfeng"));
    assert_eq!(overview["is_admin"], false);

    let id = "a".repeat(32);
    let visit = |submission: &str| {
        concern(
            "sy_dongfeng",
            "sy-dongfeng",
            CaseSource::MemberVisit,
            submission,
        )
    };
    let first = api(&server.addr, &member, visit(&id)).await.unwrap();
    assert_eq!(first["created"], true);
    let code = first["tracking_code"].as_str().unwrap().to_string();
    // The same form again (a resend on a weak link) is the same case.
    let again = api(&server.addr, &member, visit(&id)).await.unwrap();
    assert_eq!(
        (again["created"].clone(), again["tracking_code"].clone()),
        (json!(false), json!(code))
    );

    // The council sees who entered it, for whom, and can call the resident back.
    let liaison = administrator(&state, "13800000060").await;
    let case = api(&server.addr, &liaison, staff_case("sy_dongfeng", &code))
        .await
        .unwrap();
    assert_eq!(case["source"], "MemberVisit");
    assert_eq!(case["raised_by_name"], "sy_dongfeng 委员");
    assert_eq!(case["category"], "公共照明");
    assert_eq!(case["resident_phone"], "13900005678");

    // A place away from the room: marked, shown with directions; swapped coordinates are caught.
    let mut placed = visit(&"9".repeat(32));
    placed.input.lat = "35.9312".into();
    placed.input.lng = "103.3205".into();
    let placed = api(&server.addr, &member, placed).await.unwrap();
    let placed = api(
        &server.addr,
        &liaison,
        staff_case("sy_dongfeng", placed["tracking_code"].as_str().unwrap()),
    )
    .await
    .unwrap();
    assert_eq!(placed["place"], json!({"lat": 35.9312, "lng": 103.3205}));
    let mut swapped = visit(&"8".repeat(32));
    swapped.input.lat = "103.3205".into();
    swapped.input.lng = "35.9312".into();
    let refused = api(&server.addr, &member, swapped).await.unwrap_err();
    assert_eq!(common::invalid_fields(&refused), ["lat"]);

    // A topic carries no resident, whatever the form said.
    let topic = api(
        &server.addr,
        &member,
        concern(
            "sy_dongfeng",
            "sy-dongfeng",
            CaseSource::MemberTopic,
            &"b".repeat(32),
        ),
    )
    .await
    .unwrap();
    let topic = api(
        &server.addr,
        &liaison,
        staff_case("sy_dongfeng", topic["tracking_code"].as_str().unwrap()),
    )
    .await
    .unwrap();
    assert_eq!(
        (topic["source"].clone(), topic["resident_phone"].clone()),
        (json!("MemberTopic"), Value::Null)
    );

    // Not for another council, not at another council's room, not posing as a resident's scan.
    let r = call(&server.addr, Some(&outsider), visit(&"c".repeat(32))).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let elsewhere = api(
        &server.addr,
        &member,
        concern(
            "sy_dongfeng",
            "ns-shekou",
            CaseSource::MemberVisit,
            &"d".repeat(32),
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(common::invalid_fields(&elsewhere), ["room"]);
    let posing = api(
        &server.addr,
        &member,
        concern(
            "sy_dongfeng",
            "sy-dongfeng",
            CaseSource::RoomQr,
            &"e".repeat(32),
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(common::invalid_fields(&posing), ["source"]);
    let r = call(&server.addr, None, visit(&"f".repeat(32))).await;
    assert_eq!(r.status, 401);
    assert_eq!(common::new_cases(&state).await, 3);
}

#[tokio::test]
async fn overdue_assignments_are_flagged_to_the_council_and_the_lists_print() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let liaison = administrator(&state, "13800000050").await;
    let canal = "SY-2026-610947";
    let case = api(&server.addr, &liaison, staff_case("sy_xinjian", canal))
        .await
        .unwrap();
    assert_eq!(case["status"], "Consulting");
    assert_eq!(
        case["lists"]["recommendations"].as_array().unwrap().len(),
        2
    );
    let rec = case["lists"]["recommendations"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let assign = AddAssignment {
        council: council_key("sy_xinjian"),
        code: canal.into(),
        input: AssignmentInput {
            recommendation: rec,
            department: "sy_nongye".into(),
            owner: "张站长".into(),
            task: "修补二社支渠".into(),
            deadline: "2099-03-01".into(),
            ..Default::default()
        },
    };
    api(&server.addr, &liaison, assign).await.unwrap();
    let queue_of = |council: &str| GetCaseQueue {
        council: council_key(council),
    };
    let queue = api(&server.addr, &liaison, queue_of("sy_xinjian"))
        .await
        .unwrap();
    assert_eq!(queue["overdue"], json!([]));
    // Time passes: the deadline is behind us and the work is not done.
    state
        .db
        .query("UPDATE assignment SET deadline = '2026-01-05' WHERE task = '修补二社支渠'")
        .await
        .unwrap()
        .check()
        .unwrap();
    let queue = api(&server.addr, &liaison, queue_of("sy_xinjian"))
        .await
        .unwrap();
    assert_eq!(queue["overdue"][0]["tracking_code"], canal);
    assert_eq!(queue["overdue"][0]["department_name"], "三塬镇农业农村办");
    let case = api(&server.addr, &liaison, staff_case("sy_xinjian", canal))
        .await
        .unwrap();
    assert_eq!(case["lists"]["assignments"][0]["overdue"], true);
    // Another council's queue does not show it.
    let other = api(&server.addr, &liaison, queue_of("sy_dongfeng"))
        .await
        .unwrap();
    assert_eq!(other["overdue"], json!([]));

    // The printable page carries the three lists, research included.
    let html = common::request(
        &server.addr,
        "GET",
        &format!("/admin/councils/sy_xinjian/cases/{canal}/print"),
        Some(&liaison),
        None,
    )
    .await
    .body;
    for words in [
        "协商建议清单",
        "责任落实清单",
        "结果反馈清单",
        "成立用水户小组",
        "修补二社支渠",
        "已超期",
        "实地走访",
        "返回事项",
    ] {
        assert!(html.contains(words), "{words} on the print page");
    }
}

/// The code of the last text message queued for a phone.
async fn sms_code(state: &app::server::state::AppState, phone: &str) -> Option<String> {
    let mut r = state
        .db
        .query(
            "SELECT VALUE text FROM sms_outbox WHERE phone = $p AND kind = 'code'
             ORDER BY at DESC LIMIT 1",
        )
        .bind(("p", phone.to_string()))
        .await
        .unwrap();
    let texts: Vec<String> = r.take(0).unwrap();
    texts.first().map(|t| {
        t.chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit())
            .collect()
    })
}

fn check_cookie(response: &common::HttpResponse) -> String {
    let set = response.header("set-cookie").expect("a check cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/;"),
        "{set}"
    );
    set.split(';').next().unwrap().to_string()
}

async fn post_form(
    addr: &str,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> common::HttpResponse {
    common::request(
        addr,
        "POST",
        path,
        cookie,
        Some(("application/x-www-form-urlencoded", body.to_string())),
    )
    .await
}

#[tokio::test]
async fn residents_find_their_cases_by_phone_after_a_one_time_code() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let mut mine = Vec::new();
    for title in ["村口路灯不亮", "垃圾桶不够"] {
        let receipt = raise_concern(
            &state,
            "sy-dongfeng",
            &form(title),
            ip("10.0.0.1"),
            common::DEVICE,
        )
        .await
        .unwrap();
        mine.push(receipt.tracking_code.0);
    }
    let mut someone_else = form("别人的事");
    someone_else.resident_phone = "13700000000".into();
    let theirs = raise_concern(
        &state,
        "sy-dongfeng",
        &someone_else,
        ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();

    // Asking for a code: the same answer for a number with cases and one without; only the
    // former gets a text message.
    let sent = post_form(&server.addr, "/c/find/send", None, "phone=139-0000-1234").await;
    assert_eq!(sent.status, 303);
    assert_eq!(sent.header("location").as_deref(), Some("/c/find?sent=1"));
    let cookie = check_cookie(&sent);
    let nobody = post_form(&server.addr, "/c/find/send", None, "phone=13511112222").await;
    assert_eq!(nobody.header("location").as_deref(), Some("/c/find?sent=1"));
    assert_eq!(sms_code(&state, "13511112222").await, None);
    let code = sms_code(&state, "13900001234")
        .await
        .expect("a text message");
    assert_eq!(code.len(), 6);
    let bad_phone = post_form(&server.addr, "/c/find/send", None, "phone=abc").await;
    assert_eq!(
        bad_phone.header("location").as_deref(),
        Some("/c/find?error=phone")
    );

    // Without the check, nothing is listed.
    let none = call(&server.addr, None, GetMyCases {}).await;
    assert_eq!(none.status, 401, "{}", none.body);
    let unverified = call(&server.addr, Some(&cookie), GetMyCases {}).await;
    assert_eq!(unverified.status, 401);

    // A wrong code is told; the code from the message opens the list in this browser only.
    let wrong_code = if code == "000000" { "111111" } else { "000000" };
    let wrong = post_form(
        &server.addr,
        "/c/find/verify",
        Some(&cookie),
        &format!("code={wrong_code}"),
    )
    .await;
    assert_eq!(
        wrong.header("location").as_deref(),
        Some("/c/find?error=wrong")
    );
    let stranger = post_form(
        &server.addr,
        "/c/find/verify",
        None,
        &format!("code={code}"),
    )
    .await;
    assert_eq!(
        stranger.header("location").as_deref(),
        Some("/c/find?error=expired")
    );
    let right = post_form(
        &server.addr,
        "/c/find/verify",
        Some(&cookie),
        &format!("code={code}"),
    )
    .await;
    assert_eq!(right.header("location").as_deref(), Some("/c/mine"));
    let list = api(&server.addr, &cookie, GetMyCases {}).await.unwrap();
    assert_eq!(list["phone_masked"], "139****1234");
    let codes: Vec<&str> = list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tracking_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 2);
    assert!(mine.iter().all(|c| codes.contains(&c.as_str())));
    assert!(!codes.contains(&theirs.tracking_code.as_str()));
    // The page itself, as a browser without JavaScript gets it.
    let html = common::request(&server.addr, "GET", "/c/mine", Some(&cookie), None)
        .await
        .body;
    assert!(
        html.contains("村口路灯不亮")
            && html.contains("139****1234")
            && !html.contains("13900001234")
    );
    // The code is one-time.
    let replay = post_form(
        &server.addr,
        "/c/find/verify",
        Some(&cookie),
        &format!("code={code}"),
    )
    .await;
    assert_eq!(
        replay.header("location").as_deref(),
        Some("/c/find?error=expired")
    );
    // Leaving closes the list.
    let forget = post_form(&server.addr, "/c/find/forget", Some(&cookie), "").await;
    assert_eq!(forget.status, 303);
    let after = call(&server.addr, Some(&cookie), GetMyCases {}).await;
    assert_eq!(after.status, 401);

    // Guessing: five wrong codes close the check, the right one no longer helps.
    let sent = post_form(&server.addr, "/c/find/send", None, "phone=13700000000").await;
    let cookie = check_cookie(&sent);
    let code = sms_code(&state, "13700000000").await.unwrap();
    let wrong_code = if code == "000000" { "111111" } else { "000000" };
    let mut last = String::new();
    for _ in 0..5 {
        let r = post_form(
            &server.addr,
            "/c/find/verify",
            Some(&cookie),
            &format!("code={wrong_code}"),
        )
        .await;
        last = r.header("location").unwrap_or_default();
    }
    assert_eq!(last, "/c/find?error=tries");
    let late = post_form(
        &server.addr,
        "/c/find/verify",
        Some(&cookie),
        &format!("code={code}"),
    )
    .await;
    assert_eq!(
        late.header("location").as_deref(),
        Some("/c/find?error=tries")
    );
    // And one number gets at most three codes an hour, whoever asks.
    for _ in 0..2 {
        post_form(&server.addr, "/c/find/send", None, "phone=13700000000").await;
    }
    let limited = post_form(&server.addr, "/c/find/send", None, "phone=13700000000").await;
    assert_eq!(
        limited.header("location").as_deref(),
        Some("/c/find?error=limited")
    );

    // Twenty guesses at the same instant still get five tries between them.
    let mut third = form("第三个人的事");
    third.resident_phone = "13600000000".into();
    raise_concern(
        &state,
        "sy-dongfeng",
        &third,
        ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    let sent = post_form(&server.addr, "/c/find/send", None, "phone=13600000000").await;
    let cookie = check_cookie(&sent);
    let code = sms_code(&state, "13600000000").await.unwrap();
    let wrong_code = if code == "000000" { "111111" } else { "000000" };
    let guesses: Vec<_> = (0..20)
        .map(|_| {
            let (addr, cookie) = (server.addr.clone(), cookie.clone());
            let body = format!("code={wrong_code}");
            tokio::spawn(
                async move { post_form(&addr, "/c/find/verify", Some(&cookie), &body).await },
            )
        })
        .collect();
    for guess in guesses {
        guess.await.unwrap();
    }
    let mut r = state
        .db
        .query("SELECT VALUE tries FROM phone_check WHERE phone = '13600000000'")
        .await
        .unwrap();
    assert_eq!(r.take::<Vec<i64>>(0).unwrap(), [5]);
    let late = post_form(
        &server.addr,
        "/c/find/verify",
        Some(&cookie),
        &format!("code={code}"),
    )
    .await;
    assert_eq!(
        late.header("location").as_deref(),
        Some("/c/find?error=tries")
    );

    // Delivery hands each waiting text to the gateway once: the five codes, and the receipts
    // of the cases raised with these numbers.
    let log = std::env::temp_dir().join(format!("bandeng-sms-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let sender = app::notify::sender::Sender::new(
        state.db.clone(),
        app::notify::gateway::Gateway::File(log.clone()),
        "https://bd.example",
    );
    let round = sender
        .round(chrono::Utc::now())
        .await
        .unwrap()
        .expect("the only sender");
    let again = sender
        .round(chrono::Utc::now())
        .await
        .unwrap()
        .expect("the only sender");
    assert_eq!(again.sent, 0, "nothing is sent twice");
    let lines = std::fs::read_to_string(&log).unwrap();
    assert_eq!(lines.lines().count(), round.sent);
    let codes = lines.lines().filter(|l| l.contains("查询验证码")).count();
    assert_eq!(codes, 5, "three numbers with cases asked five times");
    for line in lines.lines() {
        let (phone, text) = line.split_once('\t').unwrap();
        assert!(
            ["13900001234", "13700000000", "13600000000"].contains(&phone),
            "{line}"
        );
        assert!(
            text.contains("查询验证码") || text.contains("已收到您反映的事"),
            "{line}"
        );
    }
    let _ = std::fs::remove_file(&log);
}

/// A JPEG-shaped body of `len` bytes whose filling depends on `seed`.
fn jpeg(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend((0..len - 6).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes.extend([0xFF, 0xD9]);
    bytes
}

async fn put_chunk(
    addr: &str,
    code: &str,
    upload: &str,
    index: usize,
    chunks: usize,
    proof: Option<&str>,
    body: &[u8],
) -> (u16, String) {
    let proof = proof.map(|p| format!("X-Submission: {p}"));
    let headers: Vec<&str> = proof.iter().map(String::as_str).collect();
    let path = format!("/c/{code}/photos/{upload}/{index}?chunks={chunks}");
    let (status, _, body) = common::send_bytes(addr, "PUT", &path, &headers, body).await;
    (status, String::from_utf8_lossy(&body).to_string())
}

#[tokio::test]
async fn photos_arrive_in_chunks_that_can_be_sent_again_and_only_the_council_sees_them() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let concern = form("村口的水沟堵了");
    let proof = concern.submission_id.clone();
    let code = raise_concern(
        &state,
        "sy-dongfeng",
        &concern,
        ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap()
    .tracking_code
    .0;
    let chunk = app::attachments::CHUNK_BYTES;
    let photo = jpeg(chunk + 30_000, 7);
    let (first, second) = photo.split_at(chunk);
    let upload = "0123456789abcdef0123456789abcdef";

    // Only whoever wrote the concern (their browser holds the form's id) may add photos. Anyone
    // else is told what an unknown code is told: no probing for codes here.
    let (status, _) = put_chunk(&server.addr, &code, upload, 0, 2, None, first).await;
    assert_eq!(status, 404);
    let (status, _) = put_chunk(
        &server.addr,
        &code,
        upload,
        0,
        2,
        Some(&"f".repeat(32)),
        first,
    )
    .await;
    assert_eq!(status, 404);

    // Out of order, sent twice: kept once. The same place with other bytes is a conflict.
    let (status, body) = put_chunk(&server.addr, &code, upload, 1, 2, Some(&proof), second).await;
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"received":[1],"done":false}"#)
    );
    let (status, body) = put_chunk(&server.addr, &code, upload, 1, 2, Some(&proof), second).await;
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"received":[1],"done":false}"#)
    );
    let (status, _) = put_chunk(
        &server.addr,
        &code,
        upload,
        1,
        2,
        Some(&proof),
        &second[1..],
    )
    .await;
    assert_eq!(status, 409);
    // The phone asks where to resume.
    let status_path = format!("/c/{code}/photos/{upload}");
    let (_, _, body) = common::send_bytes(
        &server.addr,
        "GET",
        &status_path,
        &[&format!("X-Submission: {proof}")],
        &[],
    )
    .await;
    assert_eq!(
        String::from_utf8_lossy(&body),
        r#"{"received":[1],"done":false}"#
    );
    let (status, body) = put_chunk(&server.addr, &code, upload, 0, 2, Some(&proof), first).await;
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"received":[],"done":true}"#)
    );
    // A late resend of a finished photo changes nothing.
    let (status, body) = put_chunk(&server.addr, &code, upload, 0, 2, Some(&proof), first).await;
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"received":[],"done":true}"#)
    );

    // The council sees it, byte for byte; nobody else does.
    let admin = administrator(&state, "13800000040").await;
    let case = api(&server.addr, &admin, staff_case("sy_dongfeng", &code))
        .await
        .unwrap();
    let ids = case["photos"].as_array().unwrap();
    assert_eq!(ids.len(), 1);
    let path = format!("/photos/{}", ids[0].as_str().unwrap());
    let (status, head, bytes) = common::get_bytes(&server.addr, &path, Some(&admin)).await;
    assert_eq!(status, 200);
    assert!(
        head.to_lowercase().contains("content-type: image/jpeg"),
        "{head}"
    );
    assert_eq!(bytes, photo);
    let (status, _, _) = common::get_bytes(&server.addr, &path, None).await;
    assert_eq!(status, 401);
    let outsider = member_of(&state, "ns_shekou", "13800000041").await;
    let (status, _, _) = common::get_bytes(&server.addr, &path, Some(&outsider)).await;
    assert_eq!(status, 403);
    assert!(
        !common::request(&server.addr, "GET", &format!("/c/{code}"), None, None)
            .await
            .body
            .contains("/photos/"),
        "the public page shows no photos"
    );

    // Not a photo: refused with the reason. Three photos at most.
    let (status, body) = put_chunk(
        &server.addr,
        &code,
        &"a".repeat(32),
        0,
        1,
        Some(&proof),
        b"<svg onload=alert(1)>",
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("JPEG"), "{body}");
    for (i, id) in ["b", "c", "d"].iter().enumerate() {
        let (status, body) = put_chunk(
            &server.addr,
            &code,
            &id.repeat(32),
            0,
            1,
            Some(&proof),
            &jpeg(1000, i as u8),
        )
        .await;
        if i < 2 {
            assert_eq!(status, 200, "{body}");
        } else {
            assert_eq!(status, 400);
            assert!(body.contains("最多 3 张"), "{body}");
        }
    }
}
