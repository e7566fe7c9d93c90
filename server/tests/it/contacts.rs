//! Linked households and contact logs over real HTTP on `mem://`: a contact is stored once
//! however often it is replayed, counts on the duty record, stays the member's own, and its
//! household's name and phone reach only the member and their council's managers.
use crate::common;

use app::contacts::api::{AddHousehold, GetContactsOverview, LogContact};
use app::contacts::{ContactInput, HouseholdInput};
use app::records::api::GetDutyRecord;
use common::{api, api_status, signed_as, Who};
use serde_json::{json, Value};

fn household(id: &str, name: &str) -> AddHousehold {
    AddHousehold {
        input: HouseholdInput {
            id: id.into(),
            council: "sy_dongfeng".into(),
            name: name.into(),
            place: "三社 12 号".into(),
            phone: "137 0000 4321".into(),
            note: String::new(),
        },
    }
}

pub fn contact(id: &str, household: &str, on_date: &str) -> LogContact {
    LogContact {
        input: ContactInput {
            id: id.into(),
            household: household.into(),
            on_date: on_date.into(),
            via: "visit".into(),
            heard: "反映巷道路灯不亮。".into(),
            case_code: String::new(),
        },
    }
}

fn contacts_count(record: &Value) -> i64 {
    record["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["counted"] == json!("Contacts"))
        .expect("a contacts count")["value"]
        .as_i64()
        .unwrap()
}

async fn held(state: &app::server::state::AppState, member: &str) -> i64 {
    let mut response = state
        .db
        .query("RETURN count(SELECT id FROM contact WHERE member = $m AND string::starts_with(on_date, '2026-'))")
        .bind(("m", common::record("member", member)))
        .await
        .unwrap();
    let n: Option<i64> = response.take(0).unwrap();
    n.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_is_stored_once_and_counted_on_the_duty_record() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let cookie = signed_as(&state, Who::Member(&member), "东风村委员").await;
    let record = GetDutyRecord {
        member: member.clone(),
        year: Some(2026),
        to_year: None,
    };
    let before = api(&server.addr, &cookie, record.clone()).await.unwrap();
    assert_eq!(contacts_count(&before), held(&state, &member).await);

    let h = "h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1h1".replace('h', "b");
    let key = api(&server.addr, &cookie, household(&h, "马大爷")).await;
    assert_eq!(key, Ok(json!(h)));
    // The same household sent again: one household.
    let households = common::count(&state, "household").await;
    assert_eq!(
        api_status(&server.addr, Some(&cookie), household(&h, "马大爷"))
            .await
            .0,
        200
    );
    assert_eq!(common::count(&state, "household").await, households);

    // A contact replayed by 100 phones' retries at once: stored once.
    let contacts = common::count(&state, "contact").await;
    let id = "c".repeat(32);
    let replays = (0..100).map(|_| {
        let (addr, cookie, h, id) = (server.addr.clone(), cookie.clone(), h.clone(), id.clone());
        tokio::spawn(async move {
            api_status(&addr, Some(&cookie), contact(&id, &h, "2026-11-20"))
                .await
                .0
        })
    });
    for replay in replays {
        assert_eq!(replay.await.unwrap(), 200);
    }
    assert_eq!(common::count(&state, "contact").await, contacts + 1);

    let after = api(&server.addr, &cookie, record).await.unwrap();
    assert_eq!(contacts_count(&after), contacts_count(&before) + 1);
    assert_eq!(contacts_count(&after), held(&state, &member).await);
    assert_eq!(
        contacts_count(&after),
        after["contacts"].as_array().unwrap().len() as i64
    );
    assert!(after["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["household_name"] == json!("马大爷")));

    // The overview lists the household with its contact, and this year's count.
    let overview = api(&server.addr, &cookie, GetContactsOverview {})
        .await
        .unwrap();
    let mine = overview["mine"].as_array().unwrap();
    let listed = mine.iter().find(|x| x["key"] == json!(h)).unwrap();
    assert_eq!(listed["phone"], json!("13700004321"));
    assert_eq!(listed["last_contact"], json!("2026-11-20"));
    assert_eq!(overview["year_target"], json!(40));

    // The audit log has the household, never its phone.
    let mut audit = state
        .db
        .query("SELECT VALUE after FROM audit WHERE action = 'household.add'")
        .await
        .unwrap();
    let entries: Vec<Value> = audit.take(0).unwrap();
    assert_eq!(entries.len(), 1);
    assert!(!entries[0].to_string().contains("13700004321"));
    assert_eq!(entries[0]["name"], json!("马大爷"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn households_stay_with_the_member_and_their_councils_managers() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let head = common::member_with_role(&state, "sy_dongfeng", "head").await;
    let other_head = common::member_with_role(&state, "ns_yuehai", "head").await;
    let cookie = signed_as(&state, Who::Member(&member), "东风村委员").await;
    let head_cookie = signed_as(&state, Who::Member(&head), "东风村站长").await;
    let other_cookie = signed_as(&state, Who::Member(&other_head), "粤海站长").await;
    let district_cookie = signed_as(&state, Who::Admin("yongjing"), "永靖县管理员").await;
    let h = "d".repeat(32);
    api(&server.addr, &cookie, household(&h, "韩阿姨"))
        .await
        .unwrap();
    api(
        &server.addr,
        &cookie,
        contact(&"e".repeat(32), &h, "2026-11-21"),
    )
    .await
    .unwrap();

    // The council's head sees the household and its phone; another council's head does not.
    let head_view = api(&server.addr, &head_cookie, GetContactsOverview {})
        .await
        .unwrap();
    assert!(head_view["managed"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["key"] == json!(h) && x["phone"] == json!("13700004321")));
    let other_view = api(&server.addr, &other_cookie, GetContactsOverview {})
        .await
        .unwrap();
    assert!(!other_view.to_string().contains("韩阿姨"));
    // The district admin reads the duty record's count, not who was contacted or what was said.
    let record = GetDutyRecord {
        member: member.clone(),
        year: Some(2026),
        to_year: None,
    };
    let district_view = api(&server.addr, &district_cookie, record.clone())
        .await
        .unwrap();
    assert!(!district_view["contacts"].as_array().unwrap().is_empty());
    let text = district_view.to_string();
    assert!(!text.contains("韩阿姨") && !text.contains("路灯"), "{text}");
    let head_record = api(&server.addr, &head_cookie, record).await.unwrap();
    assert!(head_record.to_string().contains("韩阿姨"));

    // Nobody logs a contact on someone else's household: not the head, not another council.
    let contacts = common::count(&state, "contact").await;
    for who in [&head_cookie, &other_cookie, &district_cookie] {
        let (status, _) = api_status(
            &server.addr,
            Some(who),
            contact(&"f".repeat(32), &h, "2026-11-22"),
        )
        .await;
        assert_eq!(status, 403);
    }
    let (status, _) = api_status(
        &server.addr,
        None,
        contact(&"f".repeat(32), &h, "2026-11-22"),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = api_status(
        &server.addr,
        Some(&cookie),
        contact(&"f".repeat(32), &"9".repeat(32), "2026-11-22"),
    )
    .await;
    assert_eq!(status, 404);
    // A council the member does not serve: no household for it.
    let mut elsewhere = household(&"a".repeat(32), "赵大爷");
    elsewhere.input.council = "ns_yuehai".into();
    assert_eq!(
        api_status(&server.addr, Some(&cookie), elsewhere).await.0,
        403
    );

    // Bad input: a day to come, an unknown way, a case that is not there. Nothing stored.
    let tomorrow = app::base::clock::days_from_today(1).0;
    let mut unknown_via = contact(&"1".repeat(32), &h, "2026-11-22");
    unknown_via.input.via = "letter".into();
    let mut no_case = contact(&"2".repeat(32), &h, "2026-11-22");
    no_case.input.case_code = app::base::ids::make_tracking_code("SY", 1).0;
    for (body, field) in [
        (contact(&"3".repeat(32), &h, &tomorrow), "on_date"),
        (contact(&"4".repeat(32), &h, "2019-05-01"), "on_date"),
        (unknown_via, "via"),
        (no_case, "case_code"),
    ] {
        let (status, error) = api_status(&server.addr, Some(&cookie), body).await;
        assert_eq!(status, 400, "{error}");
        assert_eq!(common::invalid_fields(&error), [field]);
    }
    let mut bad_phone = household(&"5".repeat(32), "杨师傅");
    bad_phone.input.phone = "12345".into();
    let (status, error) = api_status(&server.addr, Some(&cookie), bad_phone).await;
    assert_eq!(status, 400);
    assert_eq!(common::invalid_fields(&error), ["phone"]);
    assert_eq!(common::count(&state, "contact").await, contacts);
    // Someone else's phone id for a contact: a conflict, not a second record or an overwrite.
    let (status, _) = api_status(&server.addr, Some(&head_cookie), household(&h, "冒名")).await;
    assert_eq!(status, 409);
}
