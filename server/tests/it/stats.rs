//! Statistics over real HTTP on `mem://`: each figure equals hand-counted records at the month,
//! quarter and year borders of Beijing time; every figure equals the length of its list; an
//! area's figures are the sums of its councils'; and only those who may see a scope see it.
use crate::common;

use app::accounts::store::NewAccount;
use app::stats::api::{GetStatRecords, GetStats};
use app::stats::Figure;
use common::{api, api_status, signed_as, Who};
use serde_json::Value;

fn stats(scope: &str, period: &str) -> GetStats {
    GetStats {
        scope: Some(scope.into()),
        period: Some(period.into()),
        from: None,
        to: None,
        sort: None,
    }
}

fn records(scope: &str, period: &str, figure: &str, part: Option<(&str, &str)>) -> GetStatRecords {
    GetStatRecords {
        scope: Some(scope.into()),
        period: Some(period.into()),
        figure: figure.into(),
        split: part.map(|(s, _)| s.into()),
        part: part.map(|(_, p)| p.into()),
        page: None,
    }
}

fn figure<'a>(view: &'a Value, code: &str) -> &'a Value {
    view["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["figure"] == Value::String(code.into()))
        .unwrap_or_else(|| panic!("no figure {code}"))
}

fn value(view: &Value, code: &str) -> i64 {
    figure(view, code)["value"].as_i64().unwrap()
}

fn part(view: &Value, code: &str, split: &str, part: &str) -> i64 {
    figure(view, code)["splits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["split"] == Value::String(split.into()))
        .unwrap()["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["part"] == Value::String(part.into()))
        .map_or(0, |p| p["value"].as_i64().unwrap())
}

async fn system_admin(state: &app::server::state::AppState) -> String {
    common::signed_in(
        state,
        NewAccount {
            name: "统计管理员".into(),
            password_hash: common::hash("统计测试密码123"),
            system_admin: true,
            ..Default::default()
        },
    )
    .await
}

/// A council of its own in a town of its own under 南山区, with records placed on the borders.
const BORDERS: &str = "
    CREATE area:st_town SET name = '统计测试街道', level = 'town', parent = area:nanshan;
    CREATE council:st_test SET name = '统计测试工作站', kind = 'street_station', area = area:st_town,
        case_prefix = 'NS';
    CREATE room:st_room SET code = 'st-room', council = council:st_test, name = '统计测试议事室',
        address = '', lat = 22.5, lng = 113.9, hours = '';
    -- Beijing 2026-09-30 23:59:59, 2026-10-01 00:00:00, 2026-11-15, 2026-12-31 23:59:59.
    CREATE case:st1 SET tracking_code = 'NS-2026-900015', submission_id = 'f1000000000000000000000000000000',
        room = room:st_room, council = council:st_test, source = 'room_qr', title = '九月最后一秒',
        description = '边界', consent = true, status = 'received', created_at = d'2026-09-30T15:59:59Z';
    CREATE case:st2 SET tracking_code = 'NS-2026-900028', submission_id = 'f2000000000000000000000000000000',
        room = room:st_room, council = council:st_test, source = 'room_qr', title = '十月第一秒',
        description = '边界', consent = true, status = 'answered', category = '交通',
        created_at = d'2026-09-30T16:00:00Z';
    UPDATE case:st2 SET updated_at = d'2026-10-04T16:00:00Z';
    CREATE case:st3 SET tracking_code = 'NS-2026-900031', submission_id = 'f3000000000000000000000000000000',
        room = room:st_room, council = council:st_test, source = 'room_qr', title = '十一月办结',
        description = '边界', consent = true, status = 'closed', category = '交通',
        screening = ['hot_issue'], created_at = d'2026-11-15T02:00:00Z';
    UPDATE case:st3 SET updated_at = d'2026-11-25T02:00:00Z';
    CREATE case:st4 SET tracking_code = 'NS-2026-900044', submission_id = 'f4000000000000000000000000000000',
        room = room:st_room, council = council:st_test, source = 'member_topic', title = '年末最后一秒',
        description = '边界', consent = true, status = 'consulting', screening = ['public_interest'],
        created_at = d'2026-12-31T15:59:59Z';
    CREATE case:st5 SET tracking_code = 'NS-2026-900053', submission_id = 'f5000000000000000000000000000000',
        room = room:st_room, council = council:st_test, source = 'room_qr', title = '合并的重复件',
        description = '边界', consent = true, status = 'merged', created_at = d'2026-10-10T00:00:00Z';
    CREATE case_rating:st2 SET case = case:st2, score = 3, at = d'2026-10-20T00:00:00Z';
    CREATE case_rating:st3 SET case = case:st3, score = 1, at = d'2026-11-30T00:00:00Z';
    CREATE activity:st_a1 SET council = council:st_test, kind = 'visit', title = '九月走访',
        starts_at = '2026-09-30T20:00', on_date = '2026-09-30', served = 3;
    CREATE activity:st_a2 SET council = council:st_test, kind = 'dispute', title = '十月调解',
        starts_at = '2026-10-01T00:00', on_date = '2026-10-01', served = 15,
        outcomes = { disputes_resolved: 2 };
    CREATE activity:st_a3 SET council = council:st_test, kind = 'visit', title = '年末走访',
        starts_at = '2026-12-31T23:00', on_date = '2026-12-31', served = 5;
    CREATE council_session:st_s1 SET council = council:st_test, title = '十月协商', form = 'bench',
        starts_at = '2026-10-05T09:00', created_by = account:nobody;
    CREATE council_session:st_s2 SET council = council:st_test, title = '九月协商', form = 'field',
        starts_at = '2026-09-30T20:00', created_by = account:nobody;
    CREATE attendee:st_t1 SET session = council_session:st_s1, name = '王委员', kind = 'member';
    CREATE attendee:st_t2 SET session = council_session:st_s1, name = '李大妈', kind = 'resident';
    CREATE attendee:st_t3 SET session = council_session:st_s2, name = '王委员', kind = 'member';
    -- Sent up a second apart across the September border; a draft never counts.
    CREATE report:st_r1 SET council = council:st_test, title = '九月报送', situation = '', analysis = '',
        suggestion = '', authors = [member:st_w], source_kind = 'none', status = 'adopted',
        created_by = account:nobody, submitted_at = d'2026-09-30T15:59:59Z';
    CREATE report:st_r2 SET council = council:st_test, title = '十月报送', situation = '', analysis = '',
        suggestion = '', authors = [member:st_w], source_kind = 'none', status = 'submitted',
        created_by = account:nobody, submitted_at = d'2026-09-30T16:00:00Z';
    CREATE report:st_r3 SET council = council:st_test, title = '草稿', situation = '', analysis = '',
        suggestion = '', authors = [member:st_w], source_kind = 'none', status = 'draft',
        created_by = account:nobody;
    CREATE proposal:st_p1 SET council = council:st_test, district = area:nanshan, title = '十月提案',
        basis = '', method = '', author = member:st_w, source_kind = 'none', status = 'filed',
        number = 9001, created_by = account:nobody, submitted_at = d'2026-10-10T00:00:00Z';
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_equal_hand_counted_records_at_beijing_borders() {
    let state = common::demo_state(100).await;
    state.db.query(BORDERS).await.unwrap().check().unwrap();
    let server = common::serve(state.clone()).await;
    let cookie = system_admin(&state).await;
    let scope = "council:st_test";

    let september = api(&server.addr, &cookie, stats(scope, "2026-09"))
        .await
        .unwrap();
    assert_eq!(
        value(&september, "concerns"),
        1,
        "23:59:59 on 30 September is September's"
    );
    assert_eq!(value(&september, "activities"), 1);
    assert_eq!(value(&september, "sessions"), 1);
    assert_eq!(value(&september, "reports"), 1);
    assert_eq!(value(&september, "reports_adopted"), 1);

    let october = api(&server.addr, &cookie, stats(scope, "2026-10"))
        .await
        .unwrap();
    assert_eq!(
        value(&october, "concerns"),
        1,
        "midnight on 1 October is October's; merged not counted"
    );
    assert_eq!(value(&october, "settled"), 1);

    let q4 = api(&server.addr, &cookie, stats(scope, "2026Q4"))
        .await
        .unwrap();
    let expected = [
        ("concerns", 3),
        ("settled", 2),
        ("topics", 2),
        ("topics_consulted", 2),
        ("ratings", 2),
        ("sessions", 1),
        ("member_attendances", 1),
        ("resident_attendances", 1),
        ("activities", 2),
        ("served", 20),
        ("disputes", 2),
        ("activity_members", 0),
        ("contacts", 0),
        ("reports", 1),
        ("reports_adopted", 0),
        ("report_instructions", 0),
        ("proposals", 1),
        ("proposals_filed", 1),
    ];
    for (code, n) in expected {
        assert_eq!(value(&q4, code), n, "{code}");
    }
    assert_eq!(part(&q4, "concerns", "source", "room_qr"), 2);
    assert_eq!(part(&q4, "concerns", "source", "member_topic"), 1);
    assert_eq!(part(&q4, "concerns", "category", "交通"), 2);
    assert_eq!(part(&q4, "concerns", "category", ""), 1);
    assert_eq!(part(&q4, "ratings", "score", "3"), 1);
    assert_eq!(part(&q4, "activities", "kind", "visit"), 1);
    assert_eq!(part(&q4, "sessions", "form", "bench"), 1);
    // Coverage today: the council, its one room, no members yet.
    assert_eq!(q4["coverage"]["councils"][0]["rooms"], 1);
    assert_eq!(q4["coverage"]["councils"][0]["members"], 0);
    // 2 of 3 settled; 4 and 10 days to settle; 1 of 2 ratings satisfied.
    assert_eq!(q4["derived"]["settled_permille"], 667);
    assert_eq!(q4["derived"]["median_days_to_settle"], 7.0);
    assert_eq!(q4["derived"]["satisfied_permille"], 500);
    // The months of the trend: December holds the last second of the year.
    let concerns_trend = q4["trends"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["figure"] == "concerns")
        .unwrap();
    let months: Vec<(String, i64)> =
        serde_json::from_value(concerns_trend["months"].clone()).unwrap();
    assert_eq!(months.len(), 12);
    assert!(months.contains(&("2026-09".into(), 1)));
    assert!(months.contains(&("2026-12".into(), 1)));

    let year = api(&server.addr, &cookie, stats(scope, "2026"))
        .await
        .unwrap();
    assert_eq!(value(&year, "concerns"), 4);
    assert_eq!(value(&year, "activities"), 3);

    // A range across the border: 30 September to 1 October.
    let mut range = stats(scope, "custom");
    range.from = Some("2026-09-30".into());
    range.to = Some("2026-10-01".into());
    let range = api(&server.addr, &cookie, range).await.unwrap();
    assert_eq!(value(&range, "concerns"), 2);
    assert_eq!(range["period"]["code"], "2026-09-30~2026-10-01");

    // The settled list shows the days each took, and says how many it holds.
    let settled = api(
        &server.addr,
        &cookie,
        records(scope, "2026Q4", "settled", None),
    )
    .await
    .unwrap();
    assert_eq!(settled["total"], 2);
    let mut days: Vec<i64> = settled["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount"].as_i64().unwrap())
        .collect();
    days.sort();
    assert_eq!(days, [4, 10]);
    // A sum's list: its records and the sum.
    let served = api(
        &server.addr,
        &cookie,
        records(scope, "2026Q4", "served", None),
    )
    .await
    .unwrap();
    assert_eq!(
        (served["total"].as_i64(), served["sum"].as_i64()),
        (Some(2), Some(20))
    );

    // The spreadsheets say what the screen says: the list's rows, the figures with definitions.
    use calamine::{Reader, Xlsx};
    let rows_of = |bytes: Vec<u8>, sheet: &str| -> Vec<Vec<String>> {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        book.worksheet_range(sheet)
            .unwrap()
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let path = "/stats/records.xlsx?scope=council%3Ast_test&period=2026Q4&figure=concerns";
    let (status, head, bytes) = common::get_bytes(&server.addr, path, Some(&cookie)).await;
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("concerns-st_test-2026Q4.xlsx"), "{head}");
    let cells = rows_of(bytes, "收到诉求");
    assert_eq!(cells.len(), 1 + 3, "a header and the three concerns");
    assert!(cells
        .iter()
        .any(|r| r[1] == "年末最后一秒" && r[0] == "2026-12-31"));
    let path = "/stats/export.xlsx?scope=council%3Ast_test&period=2026Q4";
    let (status, _, bytes) = common::get_bytes(&server.addr, path, Some(&cookie)).await;
    assert_eq!(status, 200);
    let figures = rows_of(bytes, "统计");
    let concerns = figures.iter().find(|r| r[1] == "收到诉求").unwrap();
    assert_eq!(
        (concerns[2].as_str(), concerns[0].as_str()),
        ("3", "统计测试工作站 · 2026年第四季度")
    );
    assert!(concerns[4].contains("合并的重复件不计"));
    // Signed out: sent to sign in.
    let (status, _, _) = common::get_bytes(&server.addr, path, None).await;
    assert_eq!(status, 303);

    // October is a whole month, read from the month tallies: they follow records that change
    // and go. Its answered case goes back to a department, its rating is withdrawn, a member
    // checks in late to its session (the attendee takes the session's council and start). Its
    // report is adopted and draws an instruction; its proposal is declined after all.
    state
        .db
        .query(
            "UPDATE case:st2 SET status = 'with_department';
             DELETE case_rating:st2;
             CREATE attendee:st_t4 SET session = council_session:st_s1, name = '赵委员', kind = 'member';
             UPDATE report:st_r2 SET status = 'adopted';
             CREATE report_step SET report = report:st_r2, council = council:st_test, step = 'instruct',
                 detail = '区长', at = d'2026-10-20T00:00:00Z';
             UPDATE proposal:st_p1 SET status = 'declined';",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let october = api(&server.addr, &cookie, stats(scope, "2026-10"))
        .await
        .unwrap();
    let expected = [
        ("concerns", 1),
        ("settled", 0),
        ("ratings", 0),
        ("member_attendances", 2),
        ("resident_attendances", 1),
        ("reports", 1),
        ("reports_adopted", 1),
        ("report_instructions", 1),
        ("proposals", 1),
        ("proposals_filed", 0),
    ];
    for (code, n) in expected {
        assert_eq!(value(&october, code), n, "{code} after the changes");
        let list = api(&server.addr, &cookie, records(scope, "2026-10", code, None))
            .await
            .unwrap();
        assert_eq!(list["total"], n, "{code}'s list after the changes");
    }
    assert_eq!(part(&october, "concerns", "category", "交通"), 1);
    assert_eq!(
        october["derived"]["median_days_to_settle"],
        serde_json::Value::Null
    );
}

/// Every record the list holds, over all its pages.
async fn all_rows(addr: &str, cookie: &str, mut call: GetStatRecords) -> (i64, usize) {
    let first = api(addr, cookie, call.clone()).await.unwrap();
    let total = first["total"].as_i64().unwrap();
    let pages = first["pages"].as_i64().unwrap();
    let mut rows = first["rows"].as_array().unwrap().len();
    for page in 2..=pages {
        call.page = Some(page);
        let next = api(addr, cookie, call.clone()).await.unwrap();
        rows += next["rows"].as_array().unwrap().len();
    }
    (total, rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_is_its_list_and_an_area_the_sum_of_its_councils() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let cookie = system_admin(&state).await;
    let today = app::base::clock::today();
    let from = app::base::clock::days_from_today(-364);
    let period = format!("{}~{}", from.0, today.0);
    for area in ["area:nanshan", "area:yongjing"] {
        let view = api(&server.addr, &cookie, stats(area, &period))
            .await
            .unwrap();
        let councils = view["councils"].as_array().unwrap();
        assert!(!councils.is_empty(), "{area}");
        let mut nonzero = 0;
        for (column, f) in Figure::ALL.iter().enumerate() {
            let code = f.code();
            let total = value(&view, code);
            nonzero += i64::from(total > 0);
            // The area is the sum of its councils.
            let sum: i64 = councils
                .iter()
                .map(|c| c["values"][column].as_i64().unwrap())
                .sum();
            assert_eq!(sum, total, "{area} {code}: councils add up");
            // The figure is its list, whether counted or summed.
            let list = api(&server.addr, &cookie, records(area, &period, code, None))
                .await
                .unwrap();
            let shown = list["sum"]
                .as_i64()
                .unwrap_or(list["total"].as_i64().unwrap());
            assert_eq!(shown, total, "{area} {code}: the list says the figure");
            let (listed, rows) =
                all_rows(&server.addr, &cookie, records(area, &period, code, None)).await;
            assert_eq!(
                listed as usize, rows,
                "{area} {code}: 共 N 条 is the rows' number"
            );
            // Each part is its own list, and the parts add up to the figure.
            for split in figure(&view, code)["splits"].as_array().unwrap() {
                let split_code = split["split"].as_str().unwrap();
                let mut parts_sum = 0;
                for p in split["parts"].as_array().unwrap() {
                    let (name, n) = (p["part"].as_str().unwrap(), p["value"].as_i64().unwrap());
                    parts_sum += n;
                    let list = api(
                        &server.addr,
                        &cookie,
                        records(area, &period, code, Some((split_code, name))),
                    )
                    .await
                    .unwrap();
                    assert_eq!(
                        list["total"].as_i64().unwrap(),
                        n,
                        "{area} {code} {split_code}={name}"
                    );
                }
                assert_eq!(parts_sum, total, "{area} {code} by {split_code}");
            }
        }
        assert!(
            nonzero >= 10,
            "{area}: the demo fills most figures ({nonzero})"
        );
        // A council's own scope says what its row says.
        let row = &councils[0];
        let scope = format!("council:{}", row["council"].as_str().unwrap());
        let own = api(&server.addr, &cookie, stats(&scope, &period))
            .await
            .unwrap();
        for (column, f) in Figure::ALL.iter().enumerate() {
            assert_eq!(
                value(&own, f.code()),
                row["values"][column].as_i64().unwrap(),
                "{scope} {f:?}"
            );
        }
    }
    // Coverage: 永靖县's villages, and which have a room of one of its councils, counted by hand.
    let view = api(&server.addr, &cookie, stats("area:yongjing", &period))
        .await
        .unwrap();
    let villages = view["coverage"]["villages"].as_array().unwrap();
    let mut r = state
        .db
        .query(
            "RETURN count(SELECT id FROM area WHERE level = 'village' AND parent.parent = area:yongjing);
             RETURN count(array::distinct(SELECT VALUE council.area FROM room WHERE active = true
                 AND council.area.level = 'village' AND council.area.parent.parent = area:yongjing));",
        )
        .await
        .unwrap();
    let (all, with_room): (Option<i64>, Option<i64>) = (r.take(0).unwrap(), r.take(1).unwrap());
    assert_eq!(Some(villages.len() as i64), all);
    let counted = villages.iter().filter(|v| v[1] == true).count() as i64;
    assert_eq!(Some(counted), with_room);
    assert!(counted > 0);
    // Sorted by a figure: largest first.
    let mut sorted = stats("area:nanshan", &period);
    sorted.sort = Some("concerns".into());
    let view = api(&server.addr, &cookie, sorted).await.unwrap();
    let column = Figure::ALL
        .iter()
        .position(|f| *f == Figure::Concerns)
        .unwrap();
    let values: Vec<i64> = view["councils"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["values"][column].as_i64().unwrap())
        .collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "{values:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_is_seen_only_by_those_who_hold_it_and_bad_input_is_refused() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let member_cookie = signed_as(&state, Who::Member(&member), "东风村委员").await;
    let district = signed_as(&state, Who::Admin("nanshan"), "南山区管理员").await;
    let addr = server.addr.as_str();

    // Signed out: 401. A member: their council yes, the town and another council no. A district
    // admin: their district and its towns, not another district or its councils.
    let signed_out = None;
    let a_member = Some(member_cookie.as_str());
    let admin_of_nanshan = Some(district.as_str());
    for (caller, scope, expected) in [
        (signed_out, "council:sy_dongfeng", 401),
        (a_member, "council:sy_dongfeng", 200),
        (a_member, "area:sanyuan", 403),
        (a_member, "council:sy_xinjian", 403),
        (admin_of_nanshan, "area:nanshan", 200),
        (admin_of_nanshan, "area:ns_yuehai", 200),
        (admin_of_nanshan, "area:yongjing", 403),
        (admin_of_nanshan, "council:sy_dongfeng", 403),
    ] {
        let status = api_status(addr, caller, stats(scope, "2026")).await.0;
        assert_eq!(status, expected, "{scope}");
    }
    let theirs = records("council:sy_xinjian", "2026", "concerns", None);
    assert_eq!(api_status(addr, a_member, theirs).await.0, 403);
    // With no scope asked, the first the caller may open; the choices are only theirs.
    let mut none = stats("", "2026");
    none.scope = None;
    let view = api(addr, &district, none).await.unwrap();
    assert!(view["scopes"].as_array().unwrap().iter().all(|s| {
        let code = s[0].as_str().unwrap();
        code.starts_with("area:") || code.starts_with("council:ns_")
    }));

    // Bad input: a clear 400 naming the field.
    for (call, field) in [
        (stats("council:sy_dongfeng", "2026-13"), "period"),
        (stats("council:sy_dongfeng", "2099"), "period"),
        (stats("nowhere", "2026"), "scope"),
    ] {
        let (status, body) = api_status(addr, Some(&member_cookie), call).await;
        assert_eq!(status, 400);
        assert_eq!(common::invalid_fields(&body), [field]);
    }
    let (status, body) = api_status(
        addr,
        Some(&member_cookie),
        records("council:sy_dongfeng", "2026", "everything", None),
    )
    .await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["figure".to_string()])
    );
    let (status, _) = api_status(
        addr,
        Some(&member_cookie),
        records(
            "council:sy_dongfeng",
            "2026",
            "contacts",
            Some(("source", "room_qr")),
        ),
    )
    .await;
    assert_eq!(status, 400, "contacts have no split by source");
    let mut deep = records("council:sy_dongfeng", "2026", "concerns", None);
    deep.page = Some(0);
    assert_eq!(api_status(addr, Some(&member_cookie), deep).await.0, 400);
    // An area that does not exist, for the system admin: 404.
    let admin = system_admin(&state).await;
    assert_eq!(
        api_status(addr, Some(&admin), stats("area:atlantis", "2026"))
            .await
            .0,
        404
    );
    // A part is a bound value, never SurrealQL.
    let injected = api(
        addr,
        &admin,
        records(
            "area:nanshan",
            "2026",
            "concerns",
            Some(("category", "' OR true OR '")),
        ),
    )
    .await
    .unwrap();
    assert_eq!(injected["total"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_work_without_javascript() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let cookie = system_admin(&state).await;
    let page = common::request(
        &server.addr,
        "GET",
        "/stats?scope=area%3Ananshan&period=2026&sort=concerns",
        Some(&cookie),
        None,
    )
    .await;
    let (status, body) = (page.status, page.body);
    assert_eq!(status, 200);
    assert!(
        body.contains("data-testid=\"council-table\""),
        "the table is drawn on the server"
    );
    assert!(body.contains("<svg"), "charts are drawn on the server");
    assert!(
        body.contains("/stats/records?scope=area%3Ananshan&amp;period=2026&amp;figure=concerns")
    );
    let page = common::request(
        &server.addr,
        "GET",
        "/stats/records?scope=area%3Ananshan&period=2026&figure=concerns",
        Some(&cookie),
        None,
    )
    .await;
    let (status, body) = (page.status, page.body);
    assert_eq!(status, 200);
    assert!(body.contains("data-testid=\"records-total\""));
    // Signed out: sent to sign in, and back here after.
    let page = common::request(&server.addr, "GET", "/stats", None, None).await;
    assert_eq!(page.status, 303);
}

/// A search as the page sends it.
fn search(
    scope: &str,
    change: impl FnOnce(&mut app::stats::search::SearchFilter),
) -> app::stats::search::SearchCases {
    let mut filter = app::stats::search::SearchFilter {
        scope: scope.into(),
        page: 1,
        ..Default::default()
    };
    change(&mut filter);
    app::stats::search::SearchCases { filter }
}

fn codes(view: &Value) -> Vec<String> {
    view["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["code"].as_str().unwrap().to_string())
        .collect()
}

const SEARCHED: &str = "
    CREATE member:st_head SET name = '统计站长', sector = sector:nanshan_zhonggong, level = 'district';
    CREATE member:st_member SET name = '统计委员', sector = sector:nanshan_zhonggong, level = 'district';
    CREATE membership SET member = member:st_head, council = council:st_test, role = 'head';
    CREATE membership SET member = member:st_member, council = council:st_test, role = 'member';
    CREATE case:st6 SET tracking_code = 'NS-2026-900066', submission_id = 'f6000000000000000000000000000000',
        room = room:st_room, council = council:st_test, source = 'member_visit', title = '村口积水',
        description = '村口的老槐树下一下雨就积水严重，老人出门要绕远路。', consent = true,
        status = 'closed', category = '基础设施', resident_phone = '13900005678',
        created_at = d'2026-11-20T02:00:00Z';
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_chinese_words_inside_longer_text_and_shows_phones_only_to_managers() {
    let state = common::demo_state(100).await;
    state.db.query(BORDERS).await.unwrap().check().unwrap();
    state.db.query(SEARCHED).await.unwrap().check().unwrap();
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let head = signed_as(&state, Who::Member("st_head"), "统计站长").await;
    let member = signed_as(&state, Who::Member("st_member"), "统计委员").await;
    let scope = "council:st_test";

    // A word inside a longer sentence, closed cases included; words together; a word not there.
    for (q, expected) in [
        ("槐树", vec!["NS-2026-900066"]),
        ("树下一下雨", vec!["NS-2026-900066"]),
        ("积水 老人", vec!["NS-2026-900066"]),
        ("积水 路灯", vec![]),
        (
            "边界",
            vec![
                "NS-2026-900044",
                "NS-2026-900031",
                "NS-2026-900053",
                "NS-2026-900028",
                "NS-2026-900015",
            ],
        ),
    ] {
        let view = api(addr, &head, search(scope, |f| f.q = q.into()))
            .await
            .unwrap();
        assert_eq!(codes(&view), expected, "{q}");
        assert_eq!(view["total"], expected.len(), "{q}");
    }
    // Fields: code, status, source, category, dates (Beijing days).
    let by = |change: fn(&mut app::stats::search::SearchFilter)| search(scope, change);
    let cases = [
        (
            by(|f| f.code = "ns-2026-900031".into()),
            vec!["NS-2026-900031"],
        ),
        (
            by(|f| f.status = "closed".into()),
            vec!["NS-2026-900066", "NS-2026-900031"],
        ),
        (
            by(|f| f.source = "member_topic".into()),
            vec!["NS-2026-900044"],
        ),
        (
            by(|f| f.category = "交通".into()),
            vec!["NS-2026-900031", "NS-2026-900028"],
        ),
        (
            by(|f| {
                f.from = "2026-10-01".into();
                f.to = "2026-10-31".into();
            }),
            vec!["NS-2026-900053", "NS-2026-900028"],
        ),
        (
            by(|f| f.room = "st-room".into()),
            vec![
                "NS-2026-900044",
                "NS-2026-900066",
                "NS-2026-900031",
                "NS-2026-900053",
                "NS-2026-900028",
                "NS-2026-900015",
            ],
        ),
    ];
    for (call, expected) in cases {
        let view = api(addr, &head, call.clone()).await.unwrap();
        assert_eq!(codes(&view), expected, "{:?}", call.filter);
    }

    // The phone: the head sees it and may search by it; a member of the council sees neither.
    let found = api(addr, &head, search(scope, |f| f.q = "槐树".into()))
        .await
        .unwrap();
    assert_eq!(found["hits"][0]["phone"], "13900005678");
    assert_eq!(found["sees_phones"], true);
    let by_phone = api(
        addr,
        &head,
        search(scope, |f| f.phone = "139 0000 5678".into()),
    )
    .await
    .unwrap();
    assert_eq!(codes(&by_phone), ["NS-2026-900066"]);
    let seen = api(addr, &member, search(scope, |f| f.q = "槐树".into()))
        .await
        .unwrap();
    assert_eq!(codes(&seen), ["NS-2026-900066"]);
    assert_eq!(seen["hits"][0]["phone"], Value::Null);
    assert_eq!(seen["sees_phones"], false);
    let (status, _) = api_status(
        addr,
        Some(&member),
        search(scope, |f| f.phone = "13900005678".into()),
    )
    .await;
    assert_eq!(status, 403, "a member may not find residents by phone");
    // Another council's member: 403; signed out: 401; bad filters: 400 naming the field.
    let other = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let other = signed_as(&state, Who::Member(&other), "东风村委员").await;
    assert_eq!(
        api_status(addr, Some(&other), search(scope, |_| {}))
            .await
            .0,
        403
    );
    assert_eq!(api_status(addr, None, search(scope, |_| {})).await.0, 401);
    for (call, field) in [
        (by(|f| f.code = "NS-2026".into()), "code"),
        (by(|f| f.status = "lost".into()), "status"),
        (by(|f| f.from = "2026-02-30".into()), "from"),
        (by(|f| f.q = "一 二 三 四".into()), "q"),
        (by(|f| f.department = "a b".into()), "department"),
    ] {
        let (status, body) = api_status(addr, Some(&head), call).await;
        assert_eq!(
            (status, common::invalid_fields(&body)),
            (400, vec![field.to_string()])
        );
    }
    // Words are bound, never SurrealQL.
    let injected = api(addr, &head, search(scope, |f| f.q = "'OR true--".into()))
        .await
        .unwrap();
    assert_eq!(injected["total"], 0);

    // The search as a spreadsheet: the same cases; the phone column only for the head.
    use calamine::{Reader, Xlsx};
    let sheet = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        book.worksheet_range("查找诉求")
            .unwrap()
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let path = "/search.xlsx?scope=council%3Ast_test&q=%E6%A7%90%E6%A0%91";
    let (status, _, bytes) = common::get_bytes(addr, path, Some(&head)).await;
    assert_eq!(status, 200);
    let rows = sheet(bytes);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].last().map(String::as_str), Some("群众电话"));
    assert_eq!(rows[1].last().map(String::as_str), Some("13900005678"));
    let (status, _, bytes) = common::get_bytes(addr, path, Some(&member)).await;
    assert_eq!(status, 200);
    let rows = sheet(bytes);
    assert!(
        !rows[0].iter().any(|h| h == "群众电话") && !rows[1].iter().any(|c| c == "13900005678")
    );

    // An area: the demo's cases with 路灯 in title or description, counted by hand.
    let admin = system_admin(&state).await;
    let view = api(
        addr,
        &admin,
        search("area:nanshan", |f| f.q = "路灯".into()),
    )
    .await
    .unwrap();
    let councils = app::stats::store::resolve(
        &state.db,
        &app::stats::Scope::parse("area:nanshan").unwrap(),
    )
    .await
    .unwrap()
    .unwrap()
    .councils;
    let keys: Vec<_> = councils
        .iter()
        .map(|(k, _)| common::record("council", k))
        .collect();
    let mut r = state
        .db
        .query("RETURN count(SELECT id FROM case WHERE council IN $c AND (string::contains(title, '路灯') OR string::contains(description, '路灯')))")
        .bind(("c", keys))
        .await
        .unwrap();
    let by_hand: Option<i64> = r.take(0).unwrap();
    assert!(by_hand.unwrap() > 5);
    assert_eq!(view["total"].as_i64(), by_hand);
}

/// Forty cases with 路面, newer than every other case of the council, and two older ones.
const MANY: &str = "
    FOR $i IN 0..40 {
        CREATE type::record('case', 'road' + <string> $i) SET
            tracking_code = 'NS-2027-' + <string> (910000 + $i),
            submission_id = 'e0000000000000000000000' + <string> (100000000 + $i),
            room = room:st_room, council = council:st_test, source = 'room_qr',
            title = '巷口路面破损（' + <string> $i + '）', description = '路面坑洼，电动车容易摔倒。',
            consent = true, status = 'received', created_at = d'2027-01-01T00:00:00Z' + <duration> (<string> $i + 'm');
    };
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_pages_from_the_newest_cases_and_counts_every_match_past_them() {
    let state = common::demo_state_with(|s| s.search_window = 35).await;
    state.db.query(BORDERS).await.unwrap().check().unwrap();
    state.db.query(SEARCHED).await.unwrap().check().unwrap();
    state.db.query(MANY).await.unwrap().check().unwrap();
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let head = signed_as(&state, Who::Member("st_head"), "统计站长").await;
    let scope = "council:st_test";
    let newest_first: Vec<String> = (0..40)
        .rev()
        .map(|i| format!("NS-2027-{}", 910000 + i))
        .collect();

    // The newest 35 hold the first page: counted among them only, and a page more to go on.
    let first = api(addr, &head, search(scope, |f| f.q = "路面".into()))
        .await
        .unwrap();
    assert_eq!(codes(&first), newest_first[..30]);
    assert_eq!(
        (&first["total"], &first["exact"], &first["pages"]),
        (&Value::from(35), &Value::from(false), &Value::from(2))
    );
    // Past them the indexes answer, and count every match: the pages join without a gap.
    let second = api(
        addr,
        &head,
        search(scope, |f| {
            f.q = "路面".into();
            f.page = 2;
        }),
    )
    .await
    .unwrap();
    assert_eq!(codes(&second), newest_first[30..]);
    assert_eq!(
        (&second["total"], &second["exact"], &second["pages"]),
        (&Value::from(40), &Value::from(true), &Value::from(2))
    );
    // A word only older cases hold: the newest have none, so every case is searched.
    let older = api(addr, &head, search(scope, |f| f.q = "槐树".into()))
        .await
        .unwrap();
    assert_eq!(codes(&older), vec!["NS-2026-900066"]);
    assert_eq!(older["exact"], true);

    // Without JavaScript the page says so, and links on.
    let page = common::request(
        addr,
        "GET",
        "/search?scope=council%3Ast_test&q=%E8%B7%AF%E9%9D%A2",
        Some(&head),
        None,
    )
    .await;
    assert_eq!(page.status, 200);
    let text = app::base::text::t();
    assert!(page
        .body
        .contains(&text.search_total_more.replace("{n}", "35")));
    assert!(page
        .body
        .contains(&text.search_page_open.replace("{page}", "1")));
    assert!(page.body.contains("page=2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typical_cases_make_the_compilation_and_the_report() {
    let state = common::demo_state(100).await;
    state.db.query(BORDERS).await.unwrap().check().unwrap();
    state.db.query(SEARCHED).await.unwrap().check().unwrap();
    state
        .db
        .query(
            "CREATE case_event SET case = case:st3, actor_name = '统计测试工作站', step = 'publish_feedback',
                 from_status = 'implementing', to_status = 'feedback_given', note = '积水已排除，路面已修好。',
                 note_public = true;
             CREATE recommendation SET case = case:st3, number = 1, text = '加装排水管';",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let head = signed_as(&state, Who::Member("st_head"), "统计站长").await;
    let member = signed_as(&state, Who::Member("st_member"), "统计委员").await;
    let council = common::council_key("st_test");
    let mark = |typical: bool| app::cases::desk::api::SetCaseTypical {
        council: council.clone(),
        code: "NS-2026-900031".into(),
        typical,
    };
    // The council's head marks it; a member may not.
    assert_eq!(api_status(addr, Some(&member), mark(true)).await.0, 403);
    api(addr, &head, mark(true)).await.unwrap();
    let report = app::stats::report::GetStatsReport {
        scope: Some("council:st_test".into()),
        period: Some("2026Q4".into()),
        from: None,
        to: None,
    };
    let got = api(addr, &member, report.clone()).await.unwrap();
    let typical = got["typical"].as_array().unwrap();
    assert_eq!(typical.len(), 1);
    assert_eq!(typical[0]["code"], "NS-2026-900031");
    assert_eq!(typical[0]["answers"][0], "积水已排除，路面已修好。");
    assert_eq!(typical[0]["recommendations"][0], "加装排水管");
    assert_eq!(
        value(&got["stats"], "concerns"),
        4,
        "the border cases and the search case"
    );
    // A case received in another period is not in this one's compilation.
    let earlier = app::stats::report::GetStatsReport {
        period: Some("2026Q3".into()),
        ..report.clone()
    };
    assert_eq!(
        api(addr, &member, earlier).await.unwrap()["typical"],
        serde_json::json!([])
    );
    // Taken off again: gone; both changes are in the audit log.
    api(addr, &head, mark(false)).await.unwrap();
    assert_eq!(
        api(addr, &member, report).await.unwrap()["typical"],
        serde_json::json!([])
    );
    let mut r = state
        .db
        .query("RETURN count(SELECT id FROM audit WHERE action = 'case.typical' AND target = 'case:st3')")
        .await
        .unwrap();
    assert_eq!(r.take::<Option<i64>>(0).unwrap(), Some(2));
    // The printed pages, drawn on the server.
    api(addr, &head, mark(true)).await.unwrap();
    for path in [
        "/stats/report?scope=council%3Ast_test&period=2026Q4",
        "/stats/cases?scope=council%3Ast_test&period=2026Q4",
    ] {
        let page = common::request(addr, "GET", path, Some(&member), None).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.contains("十一月办结") && page.body.contains("积水已排除"),
            "{path}"
        );
    }
}
