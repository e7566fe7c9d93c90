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
        },
    }
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
    let view = api(
        addr,
        cookie,
        GetReports {
            filter: ReportFilter::default(),
        },
    )
    .await
    .unwrap();
    view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap().to_string())
        .collect()
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
        let (status, _) = api_status(
            addr,
            Some(&member),
            NewReport {
                council: "sy_dongfeng".into(),
                source: source.into(),
            },
        )
        .await;
        assert_eq!(status, 404, "{source}");
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
