//! The station's record over real HTTP on `mem://`: activities recorded once however often they
//! are sent, refused when they cannot be true, counted on every present member's duty record,
//! shown on the room page when the council chooses; and who may read a duty record.
use crate::common;

use app::accounts::store::NewAccount;
use app::activities::api::{CheckInActivity, GetActivity, PublishActivity, RecordActivity};
use app::activities::ActivityInput;
use app::receptions::api::{GetReceptionsOverview, RecordReception};
use app::receptions::{ReceptionInput, VisitInput};
use app::records::api::GetDutyRecord;
use common::{api, api_status, request};
use serde_json::{json, Value};

async fn account_for(state: &app::server::state::AppState, member: &str, name: &str) -> String {
    common::signed_in(
        state,
        NewAccount {
            name: name.into(),
            password_hash: common::hash("委员的密码123456"),
            member: Some(common::record("member", member)),
            ..Default::default()
        },
    )
    .await
}

/// A legal-aid morning at 东风村's room, with `members` present.
fn activity(id: &str, members: &[&str]) -> RecordActivity {
    let s = |v: &str| v.to_string();
    RecordActivity {
        input: ActivityInput {
            id: s(id),
            council: s("sy_dongfeng"),
            kind: s("legal"),
            title: s("法律咨询进村"),
            starts_at: s("2026-11-20T09:30"),
            room: s("sy-dongfeng"),
            members: members.iter().map(|m| s(m)).collect(),
            others: vec![(s("expert"), s("2"))],
            served: s("30"),
            outcomes: vec![
                (s("consultations"), s("24")),
                (s("aid_cases"), s("2")),
                (s("aid_people"), s("3")),
            ],
            report: s("律师委员解答土地流转、赡养等问题。"),
            ..Default::default()
        },
    }
}

fn count_of(record: &Value, label: &str) -> i64 {
    record["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["counted"] == json!(label))
        .unwrap_or_else(|| panic!("no count {label}: {record}"))["value"]
        .as_i64()
        .unwrap()
}

async fn duty_record(addr: &str, cookie: &str, member: &str) -> Value {
    api(
        addr,
        cookie,
        GetDutyRecord {
            member: member.to_string(),
            year: Some(2026),
            to_year: None,
        },
    )
    .await
    .expect("the duty record")
}

/// What the database holds for a member in 2026: the figures a record must show.
async fn held_for(state: &app::server::state::AppState, member: &str) -> (i64, i64) {
    let mut response = state
        .db
        .query(
            "RETURN [
                count(SELECT id FROM activity WHERE members CONTAINS $m AND string::starts_with(on_date, '2026-')),
                math::sum(SELECT VALUE served FROM activity WHERE members CONTAINS $m AND string::starts_with(on_date, '2026-'))
            ]",
        )
        .bind(("m", common::record("member", member)))
        .await
        .unwrap();
    let pair: Vec<i64> = response.take(0).unwrap();
    (pair[0], pair[1])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_counts_once_on_every_present_members_duty_record() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let head = common::member_with_role(&state, "sy_dongfeng", "head").await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let cookie = account_for(&state, &member, "东风村委员").await;
    let head_cookie = account_for(&state, &head, "东风村站长").await;

    let before = duty_record(&server.addr, &cookie, &member).await;
    let head_before = duty_record(&server.addr, &head_cookie, &head).await;
    // Before anything is recorded here, the record already equals what the demo year holds.
    assert_eq!(
        (count_of(&before, "Activities"), count_of(&before, "Served")),
        held_for(&state, &member).await
    );
    let activities = common::count(&state, "activity").await;

    let id = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
    let key = api(&server.addr, &cookie, activity(id, &[&member, &head]))
        .await
        .expect("a member records an activity");
    assert_eq!(key, json!(id), "the activity is kept under the phone's id");
    // Sent again after a lost answer: the same activity, nothing more stored.
    let again = api(&server.addr, &cookie, activity(id, &[&member, &head]))
        .await
        .expect("the same form again");
    assert_eq!(again, key);
    assert_eq!(common::count(&state, "activity").await, activities + 1);

    let after = duty_record(&server.addr, &cookie, &member).await;
    assert_eq!(
        count_of(&after, "Activities"),
        count_of(&before, "Activities") + 1
    );
    assert_eq!(count_of(&after, "Served"), count_of(&before, "Served") + 30);
    assert_eq!(
        (count_of(&after, "Activities"), count_of(&after, "Served")),
        held_for(&state, &member).await
    );
    // Each count is the list the page shows beneath it.
    assert_eq!(
        count_of(&after, "Activities"),
        after["activities"].as_array().unwrap().len() as i64
    );
    assert!(after["activities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["key"] == json!(id)));
    let head_after = duty_record(&server.addr, &head_cookie, &head).await;
    assert_eq!(
        count_of(&head_after, "Activities"),
        count_of(&head_before, "Activities") + 1
    );
    let aid = |r: &Value| {
        r["counts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["counted"] == json!({"Outcome": "aid_cases"}))
            .unwrap()["value"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(aid(&head_after), aid(&head_before) + 2);

    // The page itself, drawn on the server without JavaScript, shows the figure and the record.
    let page = request(
        &server.addr,
        "GET",
        &format!("/members/{member}/record?year=2026"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("履职档案") && page.body.contains("法律咨询进村"));
    assert!(page.body.contains(&format!("href=\"/activities/{id}\"")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_replays_at_once_store_one_activity() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let cookie = account_for(&state, &member, "东风村委员").await;
    let activities = common::count(&state, "activity").await;
    let id = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2";
    let mut replays = Vec::new();
    for _ in 0..100 {
        let (addr, cookie, member) = (server.addr.clone(), cookie.clone(), member.clone());
        replays.push(tokio::spawn(async move {
            api_status(&addr, Some(&cookie), activity(id, &[&member])).await
        }));
    }
    for replay in replays {
        let (status, body) = replay.await.unwrap();
        assert_eq!((status, body), (200, json!(id)));
    }
    assert_eq!(common::count(&state, "activity").await, activities + 1);
    let mut audit = state
        .db
        .query("RETURN count(SELECT id FROM audit WHERE action = 'activity.record')")
        .await
        .unwrap();
    let audited: Option<i64> = audit.take(0).unwrap();
    assert_eq!(audited, Some(1), "one activity, one audit entry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_cannot_be_true_is_refused_and_stores_nothing() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let elsewhere = common::member_with_role(&state, "sy_xinjian", "member").await;
    let cookie = account_for(&state, &member, "东风村委员").await;
    let activities = common::count(&state, "activity").await;
    let refused = |change: &dyn Fn(&mut ActivityInput)| {
        let mut body = activity("c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3", &[&member]);
        change(&mut body.input);
        body
    };
    let cases: Vec<(&str, RecordActivity, u16, &str)> = vec![
        (
            "in the future",
            refused(&|i| i.starts_at = "2099-01-01T09:00".into()),
            400,
            "starts_at",
        ),
        (
            "before the council was founded",
            refused(&|i| i.starts_at = "2020-05-01T09:00".into()),
            400,
            "starts_at",
        ),
        (
            "a negative head count",
            refused(&|i| i.served = "-5".into()),
            400,
            "served",
        ),
        (
            "an absurd count",
            refused(&|i| i.outcomes = vec![("aid_cases".into(), "99999".into())]),
            400,
            "outcome_aid_cases",
        ),
        (
            "another council's member",
            refused(&|i| i.members = vec![elsewhere.clone()]),
            400,
            "members",
        ),
        (
            "another council's room",
            refused(&|i| i.room = "sy-xinjian".into()),
            400,
            "room",
        ),
        (
            "a point outside China",
            refused(&|i| {
                i.lat = "103.8".into();
                i.lng = "36.0".into();
            }),
            400,
            "lat",
        ),
        (
            "an empty title",
            refused(&|i| i.title = "  ".into()),
            400,
            "title",
        ),
        (
            "a council the member does not serve",
            refused(&|i| i.council = "sy_xinjian".into()),
            403,
            "",
        ),
        (
            "a malformed council key",
            refused(&|i| i.council = "sy_xinjian'".into()),
            403,
            "",
        ),
    ];
    for (what, body, status, field) in cases {
        let (got, answer) = api_status(&server.addr, Some(&cookie), body).await;
        assert_eq!(got, status, "{what}: {answer}");
        if !field.is_empty() {
            assert!(
                answer
                    .to_string()
                    .contains(&format!("\"field\":\"{field}\"")),
                "{what}: {answer}"
            );
            // The message is Chinese, for the member to read.
            assert!(
                answer
                    .to_string()
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{what}: {answer}"
            );
        }
    }
    assert_eq!(common::count(&state, "activity").await, activities);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_check_in_once_and_managers_choose_what_the_room_page_shows() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let head = common::member_with_role(&state, "sy_dongfeng", "head").await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let cookie = account_for(&state, &member, "东风村委员").await;
    let head_cookie = account_for(&state, &head, "东风村站长").await;
    let id = "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4";
    api(&server.addr, &head_cookie, activity(id, &[&head]))
        .await
        .expect("the head records an activity");

    // The member was there too: one tap, and a second tap changes nothing.
    let view = api(
        &server.addr,
        &cookie,
        GetActivity {
            key: id.to_string(),
        },
    )
    .await
    .unwrap();
    assert_eq!(view["can_check_in"], json!(true));
    assert_eq!(view["can_publish"], json!(false));
    api(
        &server.addr,
        &cookie,
        CheckInActivity {
            key: id.to_string(),
        },
    )
    .await
    .expect("check in");
    let (status, _) = api_status(
        &server.addr,
        Some(&cookie),
        CheckInActivity {
            key: id.to_string(),
        },
    )
    .await;
    assert_eq!(status, 400, "checked in twice");
    let view = api(
        &server.addr,
        &cookie,
        GetActivity {
            key: id.to_string(),
        },
    )
    .await
    .unwrap();
    assert_eq!(view["members"].as_array().unwrap().len(), 2);

    // A member adds a photo; until the activity is shown on the room pages, it is the council's.
    let jpeg: Vec<u8> = [
        &[0xFF, 0xD8, 0xFF, 0xE0][..],
        &[7u8; 200][..],
        &[0xFF, 0xD9][..],
    ]
    .concat();
    let upload = "e5".repeat(16);
    let cookie_header = format!("Cookie: {cookie}");
    let (status, _, _) = common::send_bytes(
        &server.addr,
        "PUT",
        &format!("/activities/{id}/photos/{upload}/0?chunks=1"),
        &[&cookie_header],
        &jpeg,
    )
    .await;
    assert_eq!(status, 200, "a member adds a photo");
    let photo = {
        let mut r = state
            .db
            .query("SELECT VALUE id FROM photo WHERE case = $a")
            .bind(("a", common::record("activity", id)))
            .await
            .unwrap();
        let ids: Vec<surrealdb::types::RecordId> = r.take(0).unwrap();
        assert_eq!(ids.len(), 1);
        app::server::db::key_text(&ids[0])
    };
    let photo_path = format!("/photos/{photo}");
    assert_eq!(
        common::get_bytes(&server.addr, &photo_path, None).await.0,
        401
    );
    let (status, _, bytes) = common::get_bytes(&server.addr, &photo_path, Some(&cookie)).await;
    assert_eq!((status, bytes), (200, jpeg.clone()));

    // Not on the room page until the council's managers choose it; a member may not.
    let room =
        |addr: String| async move { request(&addr, "GET", "/r/sy-dongfeng", None, None).await };
    let page = room(server.addr.clone()).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("工作动态"),
        "demo activities of 东风村 are shown"
    );
    assert!(!page.body.contains("律师委员解答土地流转"));
    let (status, _) = api_status(
        &server.addr,
        Some(&cookie),
        PublishActivity {
            key: id.to_string(),
            published: true,
        },
    )
    .await;
    assert_eq!(status, 403);
    api(
        &server.addr,
        &head_cookie,
        PublishActivity {
            key: id.to_string(),
            published: true,
        },
    )
    .await
    .expect("the head publishes it");
    let page = room(server.addr.clone()).await;
    assert!(
        page.body.contains("律师委员解答土地流转"),
        "published on the room page"
    );
    // Never who was there by name on the public page: counts only. Its photo is public now.
    assert!(!page.body.contains("东风村委员"));
    assert!(page.body.contains(&photo_path));
    assert_eq!(
        common::get_bytes(&server.addr, &photo_path, None).await.0,
        200
    );

    // Another council's members and admins cannot read or touch it.
    let stranger = common::member_with_role(&state, "sy_xinjian", "head").await;
    let stranger_cookie = account_for(&state, &stranger, "新建村站长").await;
    let (status, _) = api_status(
        &server.addr,
        Some(&stranger_cookie),
        GetActivity {
            key: id.to_string(),
        },
    )
    .await;
    assert_eq!(status, 403, "read another council's activity");
    let (status, _) = api_status(
        &server.addr,
        Some(&stranger_cookie),
        CheckInActivity {
            key: id.to_string(),
        },
    )
    .await;
    assert_eq!(status, 403, "check in to another council's activity");
    let (status, _) = api_status(
        &server.addr,
        Some(&stranger_cookie),
        PublishActivity {
            key: id.to_string(),
            published: false,
        },
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = api_status(
        &server.addr,
        Some(&cookie),
        GetActivity {
            key: "nothing_here".to_string(),
        },
    )
    .await;
    assert_eq!(status, 404);
    let mut audit = state
        .db
        .query("RETURN count(SELECT id FROM audit WHERE action IN ['activity.check_in', 'activity.publish'])")
        .await
        .unwrap();
    let audited: Option<i64> = audit.take(0).unwrap();
    assert_eq!(audited, Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duty_record_is_for_the_member_and_those_who_administer_their_council() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let fellow = common::member_with_role(&state, "sy_dongfeng", "liaison").await;
    let stranger = common::member_with_role(&state, "sy_xinjian", "head").await;
    let cookie = account_for(&state, &member, "东风村委员").await;
    let fellow_cookie = account_for(&state, &fellow, "东风村联络员").await;
    let stranger_cookie = account_for(&state, &stranger, "新建村站长").await;
    let record = |who: &str| GetDutyRecord {
        member: who.to_string(),
        year: Some(2026),
        to_year: None,
    };
    assert_eq!(
        api_status(&server.addr, Some(&cookie), record(&member))
            .await
            .0,
        200
    );
    // The liaison administers 东风村: may read its members' records.
    assert_eq!(
        api_status(&server.addr, Some(&fellow_cookie), record(&member))
            .await
            .0,
        200
    );
    // A plain member may not read a fellow's; another council's head may not either.
    assert_eq!(
        api_status(&server.addr, Some(&cookie), record(&fellow))
            .await
            .0,
        403
    );
    assert_eq!(
        api_status(&server.addr, Some(&stranger_cookie), record(&member))
            .await
            .0,
        403
    );
    assert_eq!(api_status(&server.addr, None, record(&member)).await.0, 401);
    assert_eq!(
        api_status(&server.addr, Some(&cookie), record("nobody"))
            .await
            .0,
        404
    );
    assert_eq!(
        api_status(
            &server.addr,
            Some(&cookie),
            GetDutyRecord {
                member: member.to_string(),
                year: Some(1999),
                to_year: None,
            }
        )
        .await
        .0,
        400
    );
    // A term: five years at most, and none before records began.
    let term = |from: i32, to: i32| GetDutyRecord {
        member: member.to_string(),
        year: Some(from),
        to_year: Some(to),
    };
    let year = api(&server.addr, &cookie, record(&member)).await.unwrap();
    let five = api(&server.addr, &cookie, term(2022, 2026)).await.unwrap();
    assert_eq!(
        (five["year"].clone(), five["to_year"].clone()),
        (json!(2022), json!(2026))
    );
    assert!(
        five["activities"].as_array().unwrap().len()
            >= year["activities"].as_array().unwrap().len()
    );
    for (from, to) in [(2020, 2026), (2026, 2025), (2019, 2022)] {
        assert_eq!(
            api_status(&server.addr, Some(&cookie), term(from, to))
                .await
                .0,
            400,
            "{from}-{to}"
        );
    }
    // Without JavaScript the page answers with the same statuses.
    let page = request(
        &server.addr,
        "GET",
        &format!("/members/{fellow}/record"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(page.status, 403);
}

/// A duty slot of 东风村's room for `member`, `days` from today (negative: past).
async fn slot_for(
    state: &app::server::state::AppState,
    key: &str,
    member: &str,
    days: i64,
) -> String {
    state
        .db
        .query(
            "CREATE type::record('duty_slot', $key) SET pattern = duty_pattern:demo_dongfeng,
                room = room:sy_dongfeng, date = $date, starts = '15:00', ends = '17:00',
                member = type::record('member', $member)",
        )
        .bind(("key", key.to_string()))
        .bind(("member", member.to_string()))
        .bind(("date", app::base::clock::days_from_today(days).0))
        .await
        .unwrap()
        .check()
        .unwrap();
    key.to_string()
}

fn reception(slot: &str, visitors: &str, visits: &[(&str, &str)]) -> RecordReception {
    RecordReception {
        input: ReceptionInput {
            slot: slot.to_string(),
            came: true,
            absent_reason: String::new(),
            visitors: visitors.to_string(),
            visits: visits
                .iter()
                .map(|(o, n)| VisitInput {
                    outcome: o.to_string(),
                    note: n.to_string(),
                })
                .collect(),
        },
    }
}

/// A day the member on duty did not come, and why (empty: no reason given).
fn absence(slot: &str, reason: &str) -> RecordReception {
    RecordReception {
        input: ReceptionInput {
            slot: slot.to_string(),
            came: false,
            absent_reason: reason.to_string(),
            ..Default::default()
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reception_day_is_recorded_once_by_whoever_was_on_duty_or_a_manager() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let fellow = common::member_with_role(&state, "sy_dongfeng", "liaison").await;
    let cookie = account_for(&state, &member, "东风村委员").await;
    let liaison_cookie = account_for(&state, &fellow, "东风村联络员").await;
    let yesterday = slot_for(&state, "t_yesterday", &member, -1).await;
    let last_week = slot_for(&state, "t_last_week", &member, -7).await;
    let tomorrow = slot_for(&state, "t_tomorrow", &member, 1).await;
    let before = duty_record(&server.addr, &cookie, &member).await;
    let receptions = common::count(&state, "reception").await;

    // The member on duty: three people came, two matters noted.
    let kept = reception(
        &yesterday,
        "3",
        &[("answered", "医保缴费"), ("case", "路灯不亮")],
    );
    assert_eq!(
        api_status(&server.addr, Some(&cookie), kept.clone())
            .await
            .0,
        200
    );
    // Sent again: nothing more; a different record of the same day: a conflict, nothing overwritten.
    assert_eq!(api_status(&server.addr, Some(&cookie), kept).await.0, 200);
    let (status, _) = api_status(
        &server.addr,
        Some(&liaison_cookie),
        reception(&yesterday, "9", &[]),
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(common::count(&state, "reception").await, receptions + 1);

    // Refused, and nothing stored: a day not yet come, more matters than people, a missing reason.
    let refusals = [
        (reception(&tomorrow, "1", &[]), "slot"),
        (
            reception(&last_week, "1", &[("answered", "甲"), ("referred", "乙")]),
            "visitors",
        ),
        (absence(&last_week, ""), "absent_reason"),
    ];
    for (body, field) in refusals {
        let (status, answer) = api_status(&server.addr, Some(&cookie), body).await;
        assert_eq!(status, 400, "{answer}");
        assert!(
            answer
                .to_string()
                .contains(&format!("\"field\":\"{field}\"")),
            "{answer}"
        );
    }
    assert_eq!(common::count(&state, "reception").await, receptions + 1);

    // The liaison sees last week's slot nobody recorded, and records the absence.
    let overview = api(&server.addr, &liaison_cookie, GetReceptionsOverview {})
        .await
        .unwrap();
    assert!(overview["unrecorded"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["slot"] == json!(last_week)));
    assert!(!overview["unrecorded"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["slot"] == json!(yesterday)));
    let absent = absence(&last_week, "住院");
    assert_eq!(
        api_status(&server.addr, Some(&liaison_cookie), absent)
            .await
            .0,
        200
    );

    // A fellow member who was not on duty may not record it; another council's head neither.
    let other_day = slot_for(&state, "t_other", &fellow, -2).await;
    assert_eq!(
        api_status(&server.addr, Some(&cookie), reception(&other_day, "1", &[]))
            .await
            .0,
        403
    );
    let stranger = common::member_with_role(&state, "sy_xinjian", "head").await;
    let stranger_cookie = account_for(&state, &stranger, "新建村站长").await;
    assert_eq!(
        api_status(
            &server.addr,
            Some(&stranger_cookie),
            reception(&other_day, "1", &[])
        )
        .await
        .0,
        403
    );
    assert_eq!(
        api_status(
            &server.addr,
            Some(&cookie),
            reception("no_such_slot", "1", &[])
        )
        .await
        .0,
        404
    );

    // The duty record counts the kept day, its visitors, and the absence as missed.
    let after = duty_record(&server.addr, &cookie, &member).await;
    assert_eq!(
        count_of(&after, "ReceptionsKept"),
        count_of(&before, "ReceptionsKept") + 1
    );
    assert_eq!(
        count_of(&after, "ReceptionVisitors"),
        count_of(&before, "ReceptionVisitors") + 3
    );
    // Both days were on the roster before: yesterday moved from unrecorded to kept, last week's
    // from unrecorded to absent (still missed).
    assert_eq!(
        count_of(&after, "DutySlots"),
        count_of(&before, "DutySlots")
    );
    assert_eq!(
        count_of(&after, "ReceptionsMissed"),
        count_of(&before, "ReceptionsMissed") - 1
    );
    assert_eq!(
        count_of(&after, "DutySlots"),
        count_of(&after, "ReceptionsKept") + count_of(&after, "ReceptionsMissed")
    );
    let mut audit = state
        .db
        .query("RETURN count(SELECT id FROM audit WHERE action = 'reception.record')")
        .await
        .unwrap();
    let audited: Option<i64> = audit.take(0).unwrap();
    assert_eq!(audited, Some(2));
}

/// A concern a member enters for a resident met at `raised_at` (an activity, a reception day).
fn raised_at(raised_at: &str, submission: &str) -> app::cases::work::api::RaiseForCouncil {
    app::cases::work::api::RaiseForCouncil {
        input: app::cases::work::MemberConcern {
            council: "sy_dongfeng".into(),
            room: "sy-dongfeng".into(),
            source: app::cases::CaseSource::MemberVisit,
            category: String::new(),
            form: app::cases::ConcernForm {
                submission_id: submission.into(),
                title: "村道坑洼需要修补".into(),
                description: "法律咨询时群众说，三社村道坑洼，雨天积水。".into(),
                resident_name: "马大爷".into(),
                resident_phone: "139 0000 5678".into(),
                consent: true,
            },
            lat: String::new(),
            lng: String::new(),
            raised_at: raised_at.into(),
        },
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concern_raised_at_an_activity_is_linked_both_ways() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let head = common::member_with_role(&state, "sy_dongfeng", "head").await;
    let cookie = account_for(&state, &member, "东风村委员").await;
    let head_cookie = account_for(&state, &head, "东风村站长").await;
    let id = "c0ffee00c0ffee00c0ffee00c0ffee00";
    api(&server.addr, &cookie, activity(id, &[&member]))
        .await
        .unwrap();

    let receipt = api(
        &server.addr,
        &cookie,
        raised_at(&format!("activity:{id}"), &"1".repeat(32)),
    )
    .await
    .expect("a concern raised at the activity");
    let code = receipt["tracking_code"].as_str().unwrap().to_string();
    // The activity lists it; the case points back at the activity.
    let view = api(&server.addr, &cookie, GetActivity { key: id.into() })
        .await
        .unwrap();
    assert_eq!(view["concerns"][0][0], json!(code));
    let case = api(
        &server.addr,
        &head_cookie,
        app::cases::desk::api::GetStaffCase {
            council: common::council_key("sy_dongfeng"),
            code: code.clone(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        case["raised_at"]["href"],
        json!(format!("/activities/{id}"))
    );

    // Another council's activity, or something that is no activity: refused, nothing stored.
    state
        .db
        .query(
            "CREATE activity:elsewhere SET council = council:ns_yuehai, kind = 'visit', title = '粤海走访',
                starts_at = '2026-11-20T09:30', on_date = '2026-11-20'",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let cases = common::count(&state, "case").await;
    for (at, n) in [
        ("activity:elsewhere", "2"),
        ("account:admin", "3"),
        ("activity:nothing_here", "4"),
    ] {
        let (status, error) =
            api_status(&server.addr, Some(&cookie), raised_at(at, &n.repeat(32))).await;
        assert_eq!(status, 400, "{at}: {error}");
        assert_eq!(common::invalid_fields(&error), ["raised_at"]);
    }
    assert_eq!(common::count(&state, "case").await, cases);
}
