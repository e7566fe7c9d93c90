//! What the server plans by itself, over real HTTP and the real database: a department hears of
//! a new assignment, of its deadline three days before and on the day, and 催办 follows when it
//! passes (the council's liaison, then the district), each step recorded on the assignment and
//! shown on it; the member on duty hears the day before; heads and liaisons get a morning digest;
//! a resident hears of the re-check. Planning twice, or after a restart, adds nothing; at night
//! nothing is planned. Signed-in people read the same in the app and mark it read, no script
//! needed, and nobody else's.
use crate::common;

use app::accounts::store::NewAccount;
use app::cases::desk::api::GetStaffCase;
use app::cases::lists::api::AddAssignment;
use app::cases::lists::AssignmentInput;
use app::notify::api::GetMyNotices;
use app::reminders::{plan, plan_now};
use chrono::{DateTime, Duration, Utc};
use common::{api, council_key, record};
use serde_json::Value;

const CANAL: &str = "SY-2026-610947";
const DEPARTMENT_PHONE: &str = "13900007701";
const LIAISON_PHONE: &str = "13900007702";
const DISTRICT_PHONE: &str = "13900007703";
const ON_DUTY_PHONE: &str = "13900007704";
const RESIDENT_PHONE: &str = "13900007705";

/// 09:00 Beijing, `days` after today, as UTC.
fn morning(days: i64) -> DateTime<Utc> {
    let day = (Utc::now() + Duration::days(days))
        .with_timezone(&app::base::clock::beijing())
        .format("%Y-%m-%d")
        .to_string();
    DateTime::parse_from_rfc3339(&format!("{day}T09:00:00+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

fn day(days: i64) -> String {
    app::base::clock::days_from_today(days).0
}

/// The texts queued for `phone`: (kind, text), oldest first.
async fn texts(state: &app::server::state::AppState, phone: &str) -> Vec<(String, String)> {
    let mut r = state
        .db
        .query("SELECT kind, text, at FROM sms_outbox WHERE phone = $p ORDER BY at, kind")
        .bind(("p", phone.to_string()))
        .await
        .unwrap();
    let rows: Vec<Value> = r.take(0).unwrap();
    rows.iter()
        .map(|row| {
            (
                row["kind"].as_str().unwrap().to_string(),
                row["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn of_kind<'a>(texts: &'a [(String, String)], kind: &str) -> Vec<&'a str> {
    texts
        .iter()
        .filter(|(k, _)| k == kind)
        .map(|(_, t)| t.as_str())
        .collect()
}

/// Rows of every table planning writes to: unchanged by planning the same day again.
async fn written(state: &app::server::state::AppState) -> [i64; 3] {
    [
        common::count(state, "sms_outbox").await,
        common::count(state, "notice").await,
        common::count(state, "assignment_urge").await,
    ]
}

async fn set(state: &app::server::state::AppState, sql: &str) {
    state.db.query(sql).await.unwrap().check().unwrap();
}

#[tokio::test]
async fn deadlines_remind_the_department_then_urge_the_liaison_and_the_district_once_each() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    // 新建村's liaison signs in with the number on their member card.
    let liaison_member = common::member_with_role(&state, "sy_xinjian", "liaison").await;
    set(
        &state,
        &format!("UPDATE member:{liaison_member} SET phone = '{LIAISON_PHONE}'"),
    )
    .await;
    let liaison = common::signed_in(
        &state,
        NewAccount {
            name: "新建村联络员".into(),
            password_hash: common::hash("联络员的密码123"),
            member: Some(record("member", &liaison_member)),
            ..Default::default()
        },
    )
    .await;
    let department = common::signed_in(
        &state,
        NewAccount {
            name: "农业农村办 小马".into(),
            phone: Some(DEPARTMENT_PHONE.into()),
            password_hash: common::hash("农业办的密码123"),
            department: Some(record("department", "sy_nongye")),
            ..Default::default()
        },
    )
    .await;
    common::signed_in(
        &state,
        NewAccount {
            name: "永靖县政协 督办员".into(),
            phone: Some(DISTRICT_PHONE.into()),
            password_hash: common::hash("督办员的密码123"),
            admin_area: Some(record("area", "yongjing")),
            ..Default::default()
        },
    )
    .await;

    // A new assignment: the department hears at once, in the same transaction.
    let add = AddAssignment {
        council: council_key("sy_xinjian"),
        code: CANAL.into(),
        input: AssignmentInput {
            department: "sy_nongye".into(),
            owner: "马站长".into(),
            task: "修补二社支渠渗漏段并清淤".into(),
            deadline: day(3),
            ..Default::default()
        },
    };
    api(&server.addr, &liaison, add).await.unwrap();
    let queued = texts(&state, DEPARTMENT_PHONE).await;
    let new = of_kind(&queued, "assignment_new");
    assert_eq!(new.len(), 1, "{queued:?}");
    assert!(
        new[0].contains(CANAL) && new[0].contains("新建村协商议事会"),
        "{new:?}"
    );

    // Three days before the deadline: one reminder; planning again changes nothing.
    let planned = plan(&state.db, morning(0)).await.unwrap().unwrap();
    assert!(planned.deadlines >= 1, "{planned:?}");
    let after_first = written(&state).await;
    assert_eq!(
        plan(&state.db, morning(0)).await.unwrap(),
        None,
        "planned once a day"
    );
    plan_now(&state.db, morning(0)).await.unwrap();
    assert_eq!(written(&state).await, after_first);
    let queued = texts(&state, DEPARTMENT_PHONE).await;
    let reminders = of_kind(&queued, "deadlines");
    assert_eq!(reminders.len(), 1, "{queued:?}");
    assert!(reminders[0].contains("1项3天后到期"), "{reminders:?}");

    // At night nothing is planned.
    let night = morning(1) + Duration::hours(14);
    assert_eq!(plan(&state.db, night).await.unwrap(), None);

    // On the day: the second reminder.
    plan(&state.db, morning(3)).await.unwrap().unwrap();
    let queued = texts(&state, DEPARTMENT_PHONE).await;
    let reminders = of_kind(&queued, "deadlines");
    assert_eq!(reminders.len(), 2, "{queued:?}");
    assert!(reminders[1].contains("1项今天到期"), "{reminders:?}");
    assert!(of_kind(&texts(&state, LIAISON_PHONE).await, "urge_council").is_empty());

    // A day past it: 催办 at the council's level, once, recorded on the assignment.
    plan(&state.db, morning(4)).await.unwrap().unwrap();
    plan_now(&state.db, morning(4)).await.unwrap();
    let queued = texts(&state, DEPARTMENT_PHONE).await;
    let reminders = of_kind(&queued, "deadlines");
    assert_eq!(reminders.len(), 3, "{queued:?}");
    assert!(reminders[2].contains("已超期"), "{reminders:?}");
    let liaison_texts = texts(&state, LIAISON_PHONE).await;
    let urged = of_kind(&liaison_texts, "urge_council");
    assert_eq!(urged.len(), 1, "{liaison_texts:?}");
    assert!(urged[0].contains(CANAL), "{urged:?}");
    // The district hears of other councils' long-overdue work (the demo has some), not yet of this.
    let district = texts(&state, DISTRICT_PHONE).await;
    assert!(
        of_kind(&district, "urge_district")
            .iter()
            .all(|t| !t.contains(CANAL)),
        "{district:?}"
    );
    // A day later: no second 催办 at the same level.
    plan(&state.db, morning(5)).await.unwrap().unwrap();
    assert_eq!(
        of_kind(&texts(&state, LIAISON_PHONE).await, "urge_council").len(),
        1
    );

    // Three days past: up to the district, once.
    plan(&state.db, morning(6)).await.unwrap().unwrap();
    plan_now(&state.db, morning(6)).await.unwrap();
    let district = texts(&state, DISTRICT_PHONE).await;
    let urged: Vec<&str> = of_kind(&district, "urge_district")
        .into_iter()
        .filter(|t| t.contains(CANAL))
        .collect();
    assert_eq!(urged.len(), 1, "{district:?}");
    assert!(
        urged[0].contains("新建村协商议事会") && urged[0].contains(CANAL),
        "{urged:?}"
    );

    // Both steps stand on the assignment, on the council's screen.
    let case = api(
        &server.addr,
        &liaison,
        GetStaffCase {
            council: council_key("sy_xinjian"),
            code: CANAL.into(),
        },
    )
    .await
    .unwrap();
    let ours = case["lists"]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["owner"] == "马站长")
        .expect("the new assignment")
        .clone();
    let urges = ours["urges"].as_array().unwrap();
    assert_eq!(urges.len(), 2, "{ours}");
    assert_eq!(urges[0]["district"], false);
    assert_eq!(urges[0]["days_over"], 1);
    assert_eq!(urges[1]["district"], true);
    assert_eq!(urges[1]["days_over"], 3);
    // The liaison was told at the council's level; the department by its own reminder.
    assert!(urges[0]["told"].as_i64().unwrap() >= 1, "{ours}");

    // Done: nothing more is planned for it.
    set(
        &state,
        "UPDATE assignment SET status = 'done' WHERE owner = '马站长'",
    )
    .await;
    let before = texts(&state, DEPARTMENT_PHONE).await.len();
    plan(&state.db, morning(7)).await.unwrap().unwrap();
    assert_eq!(texts(&state, DEPARTMENT_PHONE).await.len(), before);

    // The department reads the same news in the app, marks it read; the liaison's stay unread.
    let notices = api(&server.addr, &department, GetMyNotices {})
        .await
        .unwrap();
    let lines = notices["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 4, "{notices}");
    assert_eq!(notices["unread"], 4);
    assert!(
        lines
            .iter()
            .all(|l| !l["text"].as_str().unwrap().contains("{url}") && l["link"] == "/work"),
        "{notices}"
    );
    let anonymous = common::request(&server.addr, "POST", "/notices/read", None, None).await;
    assert_eq!(anonymous.status, 401, "{}", anonymous.body);
    let read = common::request(
        &server.addr,
        "POST",
        "/notices/read",
        Some(&department),
        None,
    )
    .await;
    assert_eq!(read.status, 303, "{}", read.body);
    assert_eq!(
        read.header("location").as_deref(),
        Some("/notices?read=all")
    );
    let notices = api(&server.addr, &department, GetMyNotices {})
        .await
        .unwrap();
    assert_eq!(notices["unread"], 0);
    let theirs = api(&server.addr, &liaison, GetMyNotices {}).await.unwrap();
    assert!(theirs["unread"].as_i64().unwrap() >= 1, "{theirs}");
    // The page itself, without scripts: the notices are in the HTML.
    let page = common::request(&server.addr, "GET", "/notices", Some(&department), None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("交办事项提醒"), "{}", page.body);
    let signed_out = common::call(&server.addr, None, GetMyNotices {}).await;
    assert_eq!(signed_out.status, 401, "{}", signed_out.body);
}

#[tokio::test]
async fn the_member_on_duty_heads_and_residents_hear_of_their_day() {
    let state = common::demo_state(10).await;
    // The demo shows 催办 already taken on its longest-overdue assignments.
    assert!(common::count(&state, "assignment_urge").await >= 2);
    // Tomorrow 东风村's room is kept by a member with a mobile on their card.
    set(
        &state,
        &format!(
            "UPDATE member:sy_07 SET phone = '{ON_DUTY_PHONE}';
             UPDATE duty_slot:demo_dongfeng_1 SET date = '{}', member = member:sy_07;",
            day(1)
        ),
    )
    .await;
    // A resident's result is checked again today.
    set(
        &state,
        &format!(
            "UPDATE case:ns_c2 SET resident_phone = '{RESIDENT_PHONE}', recheck_on = '{}'",
            day(0)
        ),
    )
    .await;
    // 新建村's liaison hears each morning what waits.
    let liaison_member = common::member_with_role(&state, "sy_xinjian", "liaison").await;
    set(
        &state,
        &format!("UPDATE member:{liaison_member} SET phone = '{LIAISON_PHONE}'"),
    )
    .await;
    app::cases::intake::raise::raise_concern(
        &state,
        "sy-xinjian",
        &common::form("渠边护栏松动"),
        common::ip("10.0.0.7"),
        common::DEVICE,
    )
    .await
    .unwrap();

    let planned = plan(&state.db, morning(0)).await.unwrap().unwrap();
    assert!(
        planned.receptions >= 1 && planned.mornings >= 1,
        "{planned:?}"
    );
    assert_eq!(planned.rechecks, 1, "{planned:?}");
    // The system's admins see which day was planned last.
    let server = common::serve(state.clone()).await;
    let admin = common::signed_in(
        &state,
        NewAccount {
            name: "系统管理员".into(),
            password_hash: common::hash("管理员的密码123"),
            system_admin: true,
            ..Default::default()
        },
    )
    .await;
    let overview = api(&server.addr, &admin, app::notify::api::GetTextOutbox {})
        .await
        .unwrap();
    assert_eq!(overview["planned_day"], day(0).replace('-', ""));
    let again = written(&state).await;
    plan_now(&state.db, morning(0)).await.unwrap();
    assert_eq!(written(&state).await, again);

    let duty = texts(&state, ON_DUTY_PHONE).await;
    let eve = of_kind(&duty, "reception_eve");
    assert_eq!(eve.len(), 1, "{duty:?}");
    assert!(eve[0].contains("09:00-11:30"), "{eve:?}");

    let liaison = texts(&state, LIAISON_PHONE).await;
    let digest = of_kind(&liaison, "morning_digest");
    assert_eq!(digest.len(), 1, "{liaison:?}");
    assert!(
        digest[0].contains("新建村协商议事会") && digest[0].contains("待初筛"),
        "{digest:?}"
    );

    let resident = texts(&state, RESIDENT_PHONE).await;
    let recheck = of_kind(&resident, "case_recheck");
    assert_eq!(recheck.len(), 1, "{resident:?}");
    let code: String = state
        .db
        .query("SELECT VALUE tracking_code FROM ONLY case:ns_c2")
        .await
        .unwrap()
        .take::<Option<String>>(0)
        .unwrap()
        .unwrap();
    assert!(recheck[0].contains(&code), "{recheck:?}");
    // Nothing of the resident's goes to anyone else: their number is in no one else's text.
    let mut r = state
        .db
        .query("SELECT VALUE text FROM sms_outbox WHERE phone != $p")
        .bind(("p", RESIDENT_PHONE))
        .await
        .unwrap();
    let others: Vec<String> = r.take(0).unwrap();
    assert!(others.iter().all(|t| !t.contains(RESIDENT_PHONE)));
}
