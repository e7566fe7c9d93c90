//! 社情民意信息 over HTTP: written from a case, reviewed by the council, handled by the office
//! above it; each level sees a report only once it reached it; bulletins numbered without gaps.
use crate::common;
use app::reports::api::{GetReport, GetReports, NewReport, SaveReport, TakeReportStep};
use app::reports::{ReportFilter, ReportInput, StepInput};
use common::{api, api_status, signed_as, Who};
use serde_json::Value;

fn step(report: &str, step: &str, note: &str, detail: &str, bulletin: &str) -> TakeReportStep {
    TakeReportStep {
        input: StepInput {
            report: report.into(),
            step: step.into(),
            note: note.into(),
            detail: detail.into(),
            bulletin: bulletin.into(),
            ..Default::default()
        },
    }
}

/// The HTTP status of a new report's form of 东风村 from `source`.
async fn new_report_status(addr: &str, cookie: &str, source: &str) -> u16 {
    let call = NewReport {
        council: "sy_dongfeng".into(),
        source: source.into(),
    };
    api_status(addr, Some(cookie), call).await.0
}

/// A referral of `report` to `department` by `deadline` (empty for a month).
fn refer(report: &str, department: &str, deadline: &str) -> TakeReportStep {
    let mut call = step(report, "refer", "请研究办理", department, "");
    call.input.deadline = deadline.into();
    call
}

/// Keys of the reports a caller's list shows under a referral filter.
async fn listed_by_referral(addr: &str, cookie: &str, referral: &str) -> Vec<(String, bool)> {
    let view = api(
        addr,
        cookie,
        GetReports {
            filter: ReportFilter {
                referral: referral.into(),
                ..Default::default()
            },
        },
    )
    .await
    .unwrap();
    view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["key"].as_str().unwrap().to_string(),
                l["overdue"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Each `(caller, step, status)` in turn answers that HTTP status.
async fn expect_steps(addr: &str, calls: Vec<(&str, TakeReportStep, u16)>) {
    for (cookie, call, expected) in calls {
        let label = format!("{} {}", call.input.step, call.input.report);
        let (status, body) = api_status(addr, Some(cookie), call).await;
        assert_eq!(status, expected, "{label}: {body}");
    }
}

fn status_of(view: &Value) -> &str {
    view["status"].as_str().unwrap()
}

/// Keys of the reports a caller's list shows.
async fn listed(addr: &str, cookie: &str) -> Vec<String> {
    let lines = listed_by_referral(addr, cookie, "").await;
    lines.into_iter().map(|(key, _)| key).collect()
}

/// A new report of 东风村 from the demo's street-lamp case, saved by `cookie`; its key.
async fn written(addr: &str, cookie: &str) -> String {
    let draft = api(
        addr,
        cookie,
        NewReport {
            council: "sy_dongfeng".into(),
            source: "case:SY-2026-527338".into(),
        },
    )
    .await
    .unwrap();
    let mut input: ReportInput = serde_json::from_value(draft["input"].clone()).unwrap();
    input.analysis = "路灯线路老化，村里没有维修资金。".into();
    if input.suggestion.is_empty() {
        input.suggestion = "请镇里统一更换线路。".into();
    }
    api(addr, cookie, SaveReport { input })
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_goes_from_a_case_through_the_council_to_the_bulletin_and_an_adoption() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let member_key = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let head_key = common::member_with_role(&state, "sy_dongfeng", "head").await;
    let member = signed_as(&state, Who::Member(&member_key), "写信息的委员").await;
    let head = signed_as(&state, Who::Member(&head_key), "审核的站长").await;
    let office = signed_as(&state, Who::Office("yongjing"), "县政协信息科").await;
    let elsewhere = signed_as(&state, Who::Office("nanshan"), "南山区政协信息科").await;

    // Prefilled from the case: its title and description.
    let draft = api(
        addr,
        &member,
        NewReport {
            council: "sy_dongfeng".into(),
            source: "case:SY-2026-527338".into(),
        },
    )
    .await
    .unwrap();
    let mut r = state
        .db
        .query("SELECT VALUE [title, description] FROM case WHERE tracking_code = 'SY-2026-527338'")
        .await
        .unwrap();
    let case: Vec<Vec<String>> = r.take(0).unwrap();
    assert!(draft["input"]["title"]
        .as_str()
        .unwrap()
        .contains(&case[0][0]));
    assert_eq!(draft["input"]["situation"], case[0][1]);
    // Another council's case, or one that is not there: 404; another council's report: 403.
    for source in [
        "case:NS-2026-000001",
        "case:nothing",
        "session:nothing",
        "fly:x",
    ] {
        assert_eq!(
            new_report_status(addr, &member, source).await,
            404,
            "{source}"
        );
    }
    let (status, _) = api_status(
        addr,
        Some(&member),
        NewReport {
            council: "ns_yuehai".into(),
            source: "".into(),
        },
    )
    .await;
    assert_eq!(status, 403);

    let key = written(addr, &member).await;
    let get = |cookie: &str| {
        let cookie = cookie.to_string();
        let key = key.clone();
        async move { api_status(addr, Some(&cookie), GetReport { key }).await }
    };
    // A draft is the authors' own.
    assert_eq!(get(&member).await.0, 200);
    assert_eq!(get(&head).await.0, 403);
    assert_eq!(get(&office).await.0, 403);
    assert!(listed(addr, &member).await.contains(&key));
    assert!(!listed(addr, &head).await.contains(&key));
    // Too long, or a co-author from nowhere: refused, nothing changed.
    let long = SaveReport {
        input: ReportInput {
            key: key.clone(),
            title: "一事".into(),
            situation: "长".repeat(1000),
            analysis: "长".repeat(600),
            suggestion: "建议".into(),
            ..Default::default()
        },
    };
    let (status, body) = api_status(addr, Some(&member), long).await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["suggestion".to_string()])
    );
    let stranger = SaveReport {
        input: ReportInput {
            key: "fresh_report_1".into(),
            council: "sy_dongfeng".into(),
            title: "一事".into(),
            situation: "情况".into(),
            analysis: "分析".into(),
            suggestion: "建议".into(),
            co_authors: vec!["ns_nobody".into()],
            ..Default::default()
        },
    };
    let (status, body) = api_status(addr, Some(&member), stranger).await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["co_authors".to_string()])
    );
    let mut r = state
        .db
        .query("RETURN count(SELECT id FROM report WHERE demo = false)")
        .await
        .unwrap();
    let stored: Option<i64> = r.take(0).unwrap();
    assert_eq!(stored, Some(1));

    // Sent for review: the council sees it, the office not yet; the head may not take the
    // office's steps, nor the author the council's.
    expect_steps(
        addr,
        vec![(&member, step(&key, "send_for_review", "", "", ""), 200)],
    )
    .await;
    assert_eq!(get(&head).await.0, 200);
    assert_eq!(get(&office).await.0, 403);
    expect_steps(
        addr,
        vec![
            (&member, step(&key, "submit", "", "", ""), 403),
            (&head, step(&key, "receive", "", "", ""), 403),
        ],
    )
    .await;
    // Returned with a comment (none is refused), changed by the author, sent again, sent up.
    let (status, body) = api_status(addr, Some(&head), step(&key, "return", "", "", "")).await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["note".to_string()])
    );
    expect_steps(
        addr,
        vec![(&head, step(&key, "return", "请补充涉及的户数", "", ""), 200)],
    )
    .await;
    // The head serves the council too, but is no author: the text is the authors'.
    let change = |title: &str| SaveReport {
        input: ReportInput {
            key: key.clone(),
            title: title.into(),
            situation: "村口三盏路灯坏了半年，涉及 80 户。".into(),
            analysis: "线路老化。".into(),
            suggestion: "统一更换线路。".into(),
            ..Default::default()
        },
    };
    assert_eq!(
        api_status(addr, Some(&head), change("站长改的")).await.0,
        403
    );
    assert_eq!(
        api_status(addr, Some(&member), change("关于村口路灯的情况反映"))
            .await
            .0,
        200
    );
    expect_steps(
        addr,
        vec![
            (&member, step(&key, "send_for_review", "", "", ""), 200),
            (&head, step(&key, "submit", "", "", ""), 200),
        ],
    )
    .await;
    // Sent up: in the office's queue, and in no other office's.
    assert!(listed(addr, &office).await.contains(&key));
    assert!(!listed(addr, &elsewhere).await.contains(&key));
    assert_eq!(get(&elsewhere).await.0, 403);
    expect_steps(
        addr,
        vec![(&elsewhere, step(&key, "receive", "", "", ""), 403)],
    )
    .await;
    // Once sent up, the authors' text is fixed.
    assert_eq!(api_status(addr, Some(&member), change("再改")).await.0, 409);

    // The office: received, issued in a new bulletin (第1期), adopted by the city, instructed.
    expect_steps(
        addr,
        vec![
            (&office, step(&key, "receive", "", "", ""), 200),
            (&office, step(&key, "issue", "", "", ""), 200),
        ],
    )
    .await;
    let (status, body) = api_status(addr, Some(&office), step(&key, "adopt", "", "town", "")).await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["detail".to_string()])
    );
    expect_steps(
        addr,
        vec![
            (&office, step(&key, "adopt", "", "city", ""), 200),
            (
                &office,
                step(&key, "instruct", "请县住建局抓紧落实", "县委书记", ""),
                200,
            ),
        ],
    )
    .await;
    // A step from the wrong status: refused, nothing changed.
    let (status, body) = api_status(addr, Some(&office), step(&key, "receive", "", "", "")).await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["step".to_string()])
    );

    // The author sees every step, by whom, with its note.
    let (status, view) = get(&member).await;
    assert_eq!(status, 200);
    assert_eq!(status_of(&view), "adopted");
    // The demo's office issued two bulletins already: this is the third.
    assert_eq!(view["bulletin"], 3);
    assert_eq!(view["adopted_by"], "city");
    assert_eq!(view["title"], "关于村口路灯的情况反映");
    let steps: Vec<(&str, &str)> = view["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap(),
                s["actor_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("send_for_review", "写信息的委员"),
            ("return", "审核的站长"),
            ("send_for_review", "写信息的委员"),
            ("submit", "审核的站长"),
            ("receive", "县政协信息科"),
            ("issue", "县政协信息科"),
            ("adopt", "县政协信息科"),
            ("instruct", "县政协信息科"),
        ]
    );
    assert_eq!(view["steps"][1]["note"], "请补充涉及的户数");
    assert_eq!(view["steps"][7]["detail"], "县委书记");
    assert!(view["allowed"].as_array().unwrap().is_empty());

    // A second report goes into the same issue; an issue that is not there is refused.
    let second = written(addr, &member).await;
    for (who, what) in [
        (&member, "send_for_review"),
        (&head, "submit"),
        (&office, "receive"),
    ] {
        assert_eq!(
            api_status(addr, Some(who), step(&second, what, "", "", ""))
                .await
                .0,
            200
        );
    }
    let (status, body) = api_status(addr, Some(&office), step(&second, "issue", "", "", "7")).await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["bulletin".to_string()])
    );
    expect_steps(
        addr,
        vec![(&office, step(&second, "issue", "", "", "3"), 200)],
    )
    .await;
    let (_, view) = api_status(
        addr,
        Some(&office),
        GetReport {
            key: second.clone(),
        },
    )
    .await;
    assert_eq!(view["bulletin"], 3);
    let mut r = state
        .db
        .query("RETURN count(SELECT id FROM bulletin WHERE area = area:yongjing)")
        .await
        .unwrap();
    let bulletins: Option<i64> = r.take(0).unwrap();
    assert_eq!(bulletins, Some(3));
    // A third is declined with a reason.
    let third = written(addr, &member).await;
    for (who, what) in [(&member, "send_for_review"), (&head, "submit")] {
        assert_eq!(
            api_status(addr, Some(who), step(&third, what, "", "", ""))
                .await
                .0,
            200
        );
    }
    expect_steps(
        addr,
        vec![
            (&office, step(&third, "reject", "", "", ""), 400),
            (&office, step(&third, "reject", "已有部门在办", "", ""), 200),
        ],
    )
    .await;
    // The member's duty record counts what was sent up, adopted and instructed, and lists it:
    // three more than the demo's reports of this member.
    let record = api(
        addr,
        &member,
        app::records::api::GetDutyRecord {
            member: member_key.clone(),
            year: None,
            to_year: None,
        },
    )
    .await
    .unwrap();
    let count = |label: &str| {
        record["counts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["counted"] == label)
            .map(|c| c["value"].as_i64().unwrap())
            .unwrap()
    };
    let mut r = state
        .db
        .query(
            "LET $mine = SELECT status, (SELECT id FROM report_step WHERE report = $parent.id
                    AND step = 'instruct') AS instructions FROM report
                WHERE demo = true AND type::record('member', $member) IN authors
                    AND submitted_at != NONE
                    AND time::year(submitted_at + 8h) = time::year(time::now() + 8h);
             RETURN [count($mine), count($mine[WHERE status = 'adopted']),
                math::sum($mine.map(|$m| count($m.instructions)))];",
        )
        .bind(("member", member_key.clone()))
        .await
        .unwrap();
    let demo: Vec<i64> = r.take(1).unwrap();
    assert_eq!(
        [
            count("Reports"),
            count("ReportsAdopted"),
            count("ReportInstructions")
        ],
        [demo[0] + 3, demo[1] + 1, demo[2] + 1]
    );
    assert_eq!(
        record["reports"].as_array().unwrap().len() as i64,
        demo[0] + 3
    );
    // Every change is in the audit log.
    let mut r = state
        .db
        .query("RETURN count(SELECT id FROM audit WHERE action IN ['report.save', 'report.step'])")
        .await
        .unwrap();
    let audited: Option<i64> = r.take(0).unwrap();
    assert_eq!(audited, Some(4 + 8 + 4 + 3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_reports_issued_at_once_take_the_next_fifty_bulletin_numbers() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let office = signed_as(&state, Who::Office("yongjing"), "县政协信息科").await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    state
        .db
        .query(
            "FOR $i IN 0..50 {
                CREATE type::record('report', 'many' + <string> $i) SET council = council:sy_dongfeng,
                    title = '第' + <string> $i + '篇', situation = '情况', analysis = '分析',
                    suggestion = '建议', authors = [type::record('member', $member)],
                    source_kind = 'none', status = 'received', created_by = account:nobody;
            };",
        )
        .bind(("member", member))
        .await
        .unwrap()
        .check()
        .unwrap();
    let calls = (0..50).map(|i| {
        let office = office.clone();
        let addr = addr.to_string();
        tokio::spawn(async move {
            api_status(
                &addr,
                Some(&office),
                step(&format!("many{i}"), "issue", "", "", ""),
            )
            .await
            .0
        })
    });
    let statuses: Vec<u16> = futures::future::join_all(calls)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let mut r = state
        .db
        .query(
            "SELECT VALUE number FROM bulletin WHERE area = area:yongjing AND demo = false
;
             SELECT VALUE bulletin.number FROM report WHERE status = 'issued' AND demo = false;",
        )
        .await
        .unwrap();
    let mut numbers: Vec<i64> = r.take(0).unwrap();
    let mut issued: Vec<i64> = r.take(1).unwrap();
    numbers.sort();
    issued.sort();
    // After the demo's two: 3 to 52, each once, none skipped.
    assert_eq!(numbers, (3..=52).collect::<Vec<_>>());
    assert_eq!(issued, numbers);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_pages_and_forms_work_without_javascript() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let member_key = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let member = signed_as(&state, Who::Member(&member_key), "写信息的委员").await;
    let form = "application/x-www-form-urlencoded";
    let page = common::request(
        addr,
        "GET",
        "/reports/new?council=sy_dongfeng&source=case%3ASY-2026-527338",
        Some(&member),
        None,
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-testid=\"report-form\""));
    // The form as a browser without scripts sends it: answered by a redirect to the report.
    let body = "input%5Bkey%5D=nojs_report&input%5Bcouncil%5D=sy_dongfeng&input%5Bsource%5D=&input%5Btitle%5D=%E6%9D%91%E5%8F%A3%E8%B7%AF%E7%81%AF&input%5Bsituation%5D=%E5%9D%8F%E4%BA%86&input%5Banalysis%5D=%E8%80%81%E5%8C%96&input%5Bsuggestion%5D=%E6%9B%B4%E6%8D%A2&input%5Bcouncil_author%5D=true";
    let sent = common::send(
        addr,
        "POST",
        "/api/save_report",
        &[
            "Accept: text/html",
            &format!("Cookie: {member}"),
            &format!("Content-Type: {form}"),
            "Referer: http://127.0.0.1:3000/reports/new?council=sy_dongfeng",
        ],
        body.as_bytes().to_vec(),
    )
    .await;
    assert!(matches!(sent.status, 302 | 303), "{}", sent.status);
    let to = sent.header("location").unwrap();
    assert!(to.ends_with("/reports/nojs_report"), "{to}");
    let page = common::request(addr, "GET", "/reports/nojs_report", Some(&member), None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("村口路灯")
            && page.body.contains("data-testid=\"step-send_for_review\"")
    );
    assert!(!page.body.contains("data-testid=\"form-error\""));
    // A refused step comes back to the page, which says why.
    let sent = common::send(
        addr,
        "POST",
        "/api/report_step",
        &[
            "Accept: text/html",
            &format!("Cookie: {member}"),
            &format!("Content-Type: {form}"),
            "Referer: http://127.0.0.1:3000/reports/nojs_report",
        ],
        b"input%5Breport%5D=nojs_report&input%5Bstep%5D=submit".to_vec(),
    )
    .await;
    assert!(matches!(sent.status, 302 | 303), "{}", sent.status);
    let back = sent.header("location").unwrap();
    assert!(back.contains("__err="), "{back}");
    let path = back.trim_start_matches("http://127.0.0.1:3000");
    let page = common::request(addr, "GET", path, Some(&member), None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-testid=\"form-error\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_referral_goes_to_a_department_of_the_district_which_answers_it_once() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    // demo_r5 of 东风村, received by 永靖县's office, written by sy_09.
    let report = "demo_r5";
    let author = signed_as(&state, Who::Member("sy_09"), "写信息的委员").await;
    let office = signed_as(&state, Who::Office("yongjing"), "县政协信息科").await;
    let elsewhere = signed_as(&state, Who::Office("nanshan"), "南山区政协研究室").await;
    let traffic = signed_as(&state, Who::Unit("yj_jiaotong"), "交通局的同志").await;
    let tourism = signed_as(&state, Who::Unit("yj_wenlv"), "文旅局的同志").await;
    let other_city = signed_as(&state, Who::Unit("ns_chengguan"), "南山城管").await;
    let get = |cookie: &str| {
        let cookie = cookie.to_string();
        async move { api_status(addr, Some(&cookie), GetReport { key: report.into() }).await }
    };
    let referrals = || async {
        let mut r = state
            .db
            .query("RETURN count(SELECT id FROM report_referral WHERE report = report:demo_r5)")
            .await
            .unwrap();
        let n: Option<i64> = r.take(0).unwrap();
        n.unwrap()
    };
    // Before any referral no department sees it.
    assert_eq!(get(&traffic).await.0, 403);
    // The office's form offers the district's departments and its towns'.
    let (status, view) = get(&office).await;
    assert_eq!(status, 200);
    let offered: Vec<&str> = view["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[0].as_str().unwrap())
        .collect();
    assert!(offered.contains(&"yj_jiaotong") && offered.contains(&"sy_nongye"));
    assert!(!offered.contains(&"ns_chengguan"));

    // Another district's department, a day gone by, no department, another district's office,
    // the author: refused, nothing stored.
    for (cookie, call, expected, field) in [
        (
            &office,
            refer(report, "ns_chengguan", ""),
            400,
            Some("detail"),
        ),
        (
            &office,
            refer(report, "yj_jiaotong", "2020-01-01"),
            400,
            Some("deadline"),
        ),
        (&office, refer(report, "", ""), 400, Some("detail")),
        (&elsewhere, refer(report, "ns_chengguan", ""), 403, None),
        (&author, refer(report, "yj_jiaotong", ""), 403, None),
    ] {
        let label = format!("{} {}", call.input.detail, call.input.deadline);
        let (status, body) = api_status(addr, Some(cookie), call).await;
        assert_eq!(status, expected, "{label}: {body}");
        if let Some(field) = field {
            assert_eq!(
                common::invalid_fields(&body),
                vec![field.to_string()],
                "{label}"
            );
        }
    }
    assert_eq!(referrals().await, 0);

    // Referred to the traffic bureau, a month from today unless set; a second time is refused.
    expect_steps(addr, vec![(&office, refer(report, "yj_jiaotong", ""), 200)]).await;
    let (status, body) = api_status(addr, Some(&office), refer(report, "yj_jiaotong", "")).await;
    assert_eq!(
        (status, common::invalid_fields(&body)),
        (400, vec!["detail".to_string()])
    );
    assert_eq!(referrals().await, 1);
    let mut r = state
        .db
        .query(
            "SELECT VALUE [deadline, time::format(time::now() + 8h, '%Y-%m-%d')] FROM report_referral
                WHERE report = report:demo_r5",
        )
        .await
        .unwrap();
    let days: Vec<Vec<String>> = r.take(0).unwrap();
    let today = app::base::clock::Day::parse(&days[0][1]).unwrap();
    assert_eq!(days[0][0], today.months_later(1).to_string());
    // It is no longer offered to refer to.
    let (_, view) = get(&office).await;
    assert!(!view["departments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d[0] == "yj_jiaotong"));

    // The traffic bureau sees it and may answer; the tourism bureau and another city's may not.
    let (status, view) = get(&traffic).await;
    assert_eq!(status, 200);
    assert_eq!(view["allowed"], serde_json::json!(["answer"]));
    assert_eq!(view["referrals"][0]["department_name"], "永靖县交通运输局");
    assert!(listed(addr, &traffic).await.contains(&report.to_string()));
    assert_eq!(get(&tourism).await.0, 403);
    assert_eq!(get(&other_city).await.0, 403);
    assert!(!listed(addr, &tourism).await.contains(&report.to_string()));
    let answer = "已安排在村口增设公交招呼站，每天两班车到卫生院。";
    expect_steps(
        addr,
        vec![
            (&tourism, step(report, "answer", answer, "", ""), 403),
            (&other_city, step(report, "answer", answer, "", ""), 403),
            (&office, step(report, "answer", answer, "", ""), 403),
            (&traffic, step(report, "answer", "", "", ""), 400),
            (&traffic, step(report, "answer", answer, "", ""), 200),
            // Answered once: a second answer is not theirs to give.
            (&traffic, step(report, "answer", "再答一次", "", ""), 403),
        ],
    )
    .await;
    // The author sees the referral and its answer, and both steps, by whom.
    let (status, view) = get(&author).await;
    assert_eq!(status, 200);
    assert_eq!(status_of(&view), "received");
    let line = &view["referrals"][0];
    assert_eq!(line["answer"], answer);
    assert_eq!(line["answered_by"], "交通局的同志");
    assert_eq!(line["overdue"], false);
    let steps: Vec<(&str, &str)> = view["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["step"].as_str().unwrap(), s["detail"].as_str().unwrap()))
        .filter(|(s, _)| ["refer", "answer"].contains(s))
        .collect();
    assert_eq!(
        steps,
        [
            ("refer", "永靖县交通运输局"),
            ("answer", "永靖县交通运输局")
        ]
    );

    // Referred to the tourism bureau too, by today; a day later it is overdue, flagged in the
    // office's list and on the bureau's screen, and found by the overdue filter.
    let today_text = today.to_string();
    expect_steps(
        addr,
        vec![(&office, refer(report, "yj_wenlv", &today_text), 200)],
    )
    .await;
    let open = listed_by_referral(addr, &office, "open").await;
    assert!(open.contains(&(report.to_string(), false)), "{open:?}");
    let overview = |cookie: &str| {
        let cookie = cookie.to_string();
        async move {
            let view = api(addr, &cookie, app::cases::work::api::GetWorkOverview {})
                .await
                .unwrap();
            view["referrals_waiting"].clone()
        }
    };
    let before = overview(&tourism).await;
    state
        .db
        .query(
            "UPDATE report_referral SET deadline = time::format(time::now() + 8h - 1d, '%Y-%m-%d')
                WHERE report = report:demo_r5 AND department = department:yj_wenlv",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let overdue = listed_by_referral(addr, &office, "overdue").await;
    assert!(overdue.contains(&(report.to_string(), true)), "{overdue:?}");
    assert!(overdue.iter().all(|(_, late)| *late));
    assert!(!listed_by_referral(addr, &elsewhere, "overdue")
        .await
        .iter()
        .any(|(k, _)| k == report));
    let after = overview(&tourism).await;
    assert_eq!(after[0], before[0]);
    assert_eq!(after[1].as_i64().unwrap(), before[1].as_i64().unwrap() + 1);
    let (_, view) = get(&author).await;
    assert_eq!(view["referrals"][1]["overdue"], true);
    // The spreadsheet takes the same filter; a filter that is none is refused.
    let (status, _, bytes) =
        common::get_bytes(addr, "/reports.xlsx?referral=overdue", Some(&office)).await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"PK"));
    let (status, _, _) =
        common::get_bytes(addr, "/reports.xlsx?referral=soon", Some(&office)).await;
    assert_eq!(status, 400);
    let (status, _) = api_status(
        addr,
        Some(&office),
        GetReports {
            filter: ReportFilter {
                referral: "soon".into(),
                ..Default::default()
            },
        },
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reception_days_record_is_written_up_as_a_report() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    // A recorded reception day of 东风村 whose visitors raised something, and one of another
    // council.
    let mut r = state
        .db
        .query(
            "SELECT VALUE [record::id(id), on_date, member.name, visits[WHERE note != ''][0].note,
                    record::id(member)]
                FROM reception WHERE council = council:sy_dongfeng
                AND array::len(visits[WHERE note != '']) > 0 LIMIT 1;
             SELECT VALUE record::id(id) FROM reception WHERE council != council:sy_dongfeng LIMIT 1;",
        )
        .await
        .unwrap();
    let found: Vec<Vec<String>> = r.take(0).unwrap();
    let other: Vec<String> = r.take(1).unwrap();
    let [slot, date, member_name, note, member_key] = &found[0][..] else {
        panic!("{found:?}")
    };
    let member = signed_as(&state, Who::Member(member_key), "接待的委员").await;
    let (status, draft) = api_status(
        addr,
        Some(&member),
        NewReport {
            council: "sy_dongfeng".into(),
            source: format!("reception:{slot}"),
        },
    )
    .await;
    assert_eq!(status, 200, "{draft}");
    let title = draft["input"]["title"].as_str().unwrap();
    assert!(
        title.contains(date.as_str()) && title.contains(member_name.as_str()),
        "{title}"
    );
    assert!(draft["input"]["situation"]
        .as_str()
        .unwrap()
        .contains(note.as_str()));
    // Another council's reception day, or one that is not there: 404.
    for source in [
        format!("reception:{}", other[0]),
        "reception:nothing".into(),
    ] {
        assert_eq!(
            new_report_status(addr, &member, &source).await,
            404,
            "{source}"
        );
    }
    // Saved, it names where it came from.
    let mut input: ReportInput = serde_json::from_value(draft["input"].clone()).unwrap();
    input.analysis = "接待日群众集中反映，村里无力解决。".into();
    input.suggestion = "请镇里协调解决。".into();
    let (status, key) = api_status(addr, Some(&member), SaveReport { input }).await;
    assert_eq!(status, 200, "{key}");
    let view = api(
        addr,
        &member,
        GetReport {
            key: key.as_str().unwrap().into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(view["source"][0], "来自一次委员接待日");
}
