//! The case pipeline over real HTTP on `mem://`: a concern screened, approved through three
//! review levels, consulted, fed back and closed; duplicates merged; forbidden steps refused;
//! two liaisons acting at once never overwrite each other; the resident's page shows the public
//! steps only; other councils cannot touch the case.
use crate::common;

use app::accounts::store::NewAccount;
use app::audit::api::AuditLog;
use app::audit::AuditFilter;
use app::base::ids::CouncilKey;
use app::cases::desk::api::{GetCaseQueue, GetStaffCase, SetCasePublic, TakeCaseStep};
use app::cases::desk::StepInput;
use app::cases::lists::api::{
    AddAssignment, AddResearch, GetMyTasks, ReportAssignment, SaveRecommendation,
};
use app::cases::lists::{AssignmentInput, AssignmentStatus, ReportInput, ResearchInput};
use app::cases::pipeline::Step;
use app::cases::public::api::CaseStatus;
use app::review::api::DecideTopic;
use app::review::DecideInput;
use app::rooms::api::RoomPage;
use app::ui::flash::GetFlash;
use common::{api, call, council_key, Call};
use serde_json::{json, Value};

struct Desk {
    state: app::server::state::AppState,
    server: common::TestServer,
    cookie: String,
}

impl Desk {
    async fn start() -> Desk {
        let state = common::demo_state(10).await;
        let server = common::serve(state.clone()).await;
        let cookie = common::signed_in(
            &state,
            NewAccount {
                name: "东风村联络员".into(),
                phone: Some("13800000097".into()),
                password_hash: common::hash("联络员的密码123"),
                system_admin: true,
                ..Default::default()
            },
        )
        .await;
        Desk {
            state,
            server,
            cookie,
        }
    }

    /// A server function, as this liaison.
    async fn call(&self, args: impl Into<Call>) -> Result<Value, Value> {
        api(&self.server.addr, &self.cookie, args).await
    }

    async fn case(&self, code: &str) -> Value {
        self.call(GetStaffCase {
            council: dongfeng(),
            code: code.into(),
        })
        .await
        .unwrap()
    }

    async fn step(&self, code: &str, step: Step, version: i64, note: &str) -> Result<Value, Value> {
        self.step_into(code, step, version, note, "").await
    }

    async fn step_into(
        &self,
        code: &str,
        step: Step,
        version: i64,
        note: &str,
        merge_into: &str,
    ) -> Result<Value, Value> {
        self.call(TakeCaseStep {
            council: dongfeng(),
            code: code.into(),
            input: StepInput {
                worth: vec!["public_interest".into()],
                ..step_input(step, version, note, merge_into)
            },
        })
        .await
    }

    /// A new signed-in account of a department.
    async fn department_staff(&self, department: &str, phone: &str) -> String {
        common::signed_in(
            &self.server.state,
            NewAccount {
                name: format!("{department} 办事员"),
                phone: Some(phone.into()),
                password_hash: common::hash("部门的密码123456"),
                department: Some(common::record("department", department)),
                ..Default::default()
            },
        )
        .await
    }

    /// The page a resident reads, as JSON.
    async fn public(&self, code: &str) -> Value {
        let r = call(&self.server.addr, None, CaseStatus { code: code.into() }).await;
        assert_eq!(r.status, 200, "{}", r.body);
        serde_json::from_str(&r.body).unwrap()
    }
}

const LAMP: &str = "SY-2026-527338";

fn dongfeng() -> CouncilKey {
    council_key("sy_dongfeng")
}

/// A step as the desk sends it, with no checklist and the default re-check day.
fn step_input(step: Step, version: i64, note: &str, merge_into: &str) -> StepInput {
    StepInput {
        step,
        version,
        note: note.into(),
        merge_into: merge_into.into(),
        worth: vec![],
        not_worth: vec![],
        recheck_on: String::new(),
    }
}

fn dongfeng_queue() -> GetCaseQueue {
    GetCaseQueue {
        council: dongfeng(),
    }
}

#[tokio::test]
async fn a_concern_goes_from_screening_to_closed_with_a_public_timeline() {
    let desk = Desk::start().await;
    let queue = desk.call(dongfeng_queue()).await.unwrap();
    let to_screen: Vec<&str> = queue["to_screen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["tracking_code"].as_str().unwrap())
        .collect();
    assert!(to_screen.contains(&LAMP), "{queue}");

    let case = desk.case(LAMP).await;
    assert_eq!(case["status"], "Received");
    assert_eq!(case["version"], 1);
    assert_eq!(
        case["steps"],
        json!([
            "Merge",
            "HandToDepartment",
            "AnswerAndClose",
            "RaiseAsTopic"
        ])
    );
    assert_eq!(case["review_levels"].as_array().unwrap().len(), 3);

    // A step the pipeline does not allow from here is refused and changes nothing.
    let refused = desk.step(LAMP, Step::Approve, 1, "").await.unwrap_err();
    assert_eq!(common::invalid_fields(&refused), ["step"]);
    assert_eq!(desk.case(LAMP).await["version"], 1);

    // Raising a topic needs the 六议六不议 checklist: a reason to consult, none not to.
    for (worth, not_worth) in [
        (vec![], vec![]),
        (vec!["public_interest".into()], vec!["litigation".into()]),
    ] {
        let refused = desk
            .call(TakeCaseStep {
                council: dongfeng(),
                code: LAMP.into(),
                input: StepInput {
                    worth,
                    not_worth,
                    ..step_input(Step::RaiseAsTopic, 1, "", "")
                },
            })
            .await
            .unwrap_err();
        assert_eq!(common::invalid_fields(&refused), ["screening"]);
    }

    // The desk raises the topic and, managing the town too, passes its screening; the county's
    // committee and chair meeting hold the two levels above and decide from their own queues.
    let mut version = 1;
    for (step, note, status) in [
        (Step::RaiseAsTopic, "", json!({"InReview": 0})),
        (Step::Approve, "村里普遍关心", json!({"InReview": 1})),
    ] {
        let after = desk.step(LAMP, step, version, note).await.unwrap();
        version += 1;
        assert_eq!(after["status"], status, "after {step:?}");
        assert_eq!(after["version"], version);
    }
    let (code, _) = common::api_status(
        &desk.server.addr,
        Some(&desk.cookie),
        TakeCaseStep {
            council: dongfeng(),
            code: LAMP.into(),
            input: step_input(Step::Approve, version, "", ""),
        },
    )
    .await;
    assert_eq!(code, 403, "the desk does not hold the committee's level");
    for (body, status) in [
        ("yongjing_shehui", json!({"InReview": 2})),
        ("yongjing_chair", json!("Researching")),
    ] {
        let cookie = common::signed_as(&desk.state, common::Who::Body(body), "审议机构干部").await;
        let decided = api(
            &desk.server.addr,
            &cookie,
            DecideTopic {
                input: DecideInput {
                    code: LAMP.into(),
                    decision: "approve".into(),
                    version,
                    note: String::new(),
                },
            },
        )
        .await;
        assert!(decided.is_ok(), "{body}: {decided:?}");
        version += 1;
        let after = desk.case(LAMP).await;
        assert_eq!(after["status"], status, "after {body}");
        assert_eq!(after["version"], version);
    }
    assert_eq!(
        desk.case(LAMP).await["screening"],
        json!(["public_interest"])
    );

    // 不调研不协商: research is recorded, with a real day.
    let research = |on_date: &str, note: &str| AddResearch {
        council: dongfeng(),
        code: LAMP.into(),
        input: ResearchInput {
            on_date: on_date.into(),
            kind: "visit".into(),
            note: note.into(),
            ..Default::default()
        },
    };
    let bad = desk.call(research("2026-02-30", "走访")).await.unwrap_err();
    assert_eq!(common::invalid_fields(&bad), ["on_date"]);
    let after = desk
        .call(research(
            "2026-11-20",
            "夜里去看了，三盏灯不亮，学生晚自习回家要经过",
        ))
        .await
        .unwrap();
    assert_eq!(after["lists"]["research"][0]["kind"], "Visit");
    let after = desk
        .step(LAMP, Step::StartConsultation, version, "")
        .await
        .unwrap();
    version += 1;
    assert_eq!(after["status"], "Consulting");

    // The 协商建议清单: nothing to publish while it is empty; written, corrected, then published.
    let empty = desk
        .step(LAMP, Step::PublishRecommendations, version, "")
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&empty), ["step"]);
    let save = |id: &str, text: &str| SaveRecommendation {
        council: dongfeng(),
        code: LAMP.into(),
        id: id.into(),
        text: text.into(),
        fresh: None,
    };
    desk.call(save("", "请供电所一周内更换三盏路灯"))
        .await
        .unwrap();
    let after = desk
        .call(save("", "村里每月巡查一次路灯 💡"))
        .await
        .unwrap();
    let recs = after["lists"]["recommendations"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(recs.len(), 2);
    assert_eq!(
        (recs[0]["number"].clone(), recs[1]["number"].clone()),
        (json!(1), json!(2))
    );
    let first = recs[0]["id"].as_str().unwrap().to_string();
    let after = desk
        .call(save(&first, "请供电所 5 天内更换三盏路灯"))
        .await
        .unwrap();
    assert_eq!(
        after["lists"]["recommendations"][0]["text"],
        "请供电所 5 天内更换三盏路灯"
    );
    assert!(desk.call(save("", " ")).await.is_err());
    // Another case's recommendation cannot be edited through this one.
    assert!(desk
        .call(save("nosuchrecommendation", "改别人的"))
        .await
        .is_err());
    let after = desk
        .step(LAMP, Step::PublishRecommendations, version, "")
        .await
        .unwrap();
    version += 1;
    assert_eq!(after["status"], "Implementing");
    // Published means fixed.
    let frozen = desk.call(save(&first, "再改一次")).await.unwrap_err();
    assert_eq!(common::invalid_fields(&frozen), ["step"]);

    // The 责任落实清单: a department of this area (not Shenzhen's), an owner, a deadline not past.
    let assign = |department: &str, deadline: &str| AddAssignment {
        council: dongfeng(),
        code: LAMP.into(),
        input: AssignmentInput {
            recommendation: first.clone(),
            department: department.into(),
            owner: "马所长".into(),
            task: "更换村口三盏路灯".into(),
            deadline: deadline.into(),
            ..Default::default()
        },
    };
    let elsewhere = desk
        .call(assign("ns_chengguan", "2099-12-31"))
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&elsewhere), ["department"]);
    let past = desk
        .call(assign("sy_nongye", "2020-01-01"))
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&past), ["deadline"]);
    let after = desk.call(assign("sy_nongye", "2099-12-31")).await.unwrap();
    let assignment = after["lists"]["assignments"][0].clone();
    assert_eq!(assignment["recommendation"], 1);
    assert_eq!(assignment["department_name"], "三塬镇农业农村办");
    assert_eq!(assignment["status"], "Assigned");
    let assignment_id = assignment["id"].as_str().unwrap().to_string();
    let departments: Vec<&str> = after["lists"]["departments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap())
        .collect();
    assert!(departments.contains(&"yj_jiaotong") && !departments.contains(&"ns_chengguan"));

    // Feedback waits until every assignment is done.
    let open = desk
        .step(LAMP, Step::PublishFeedback, version, "路灯已修好")
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&open), ["step"]);

    // The department sees its own assignment, and reports; another department cannot.
    let staff = desk.department_staff("sy_nongye", "13800000071").await;
    let other = desk.department_staff("yj_wenlv", "13800000072").await;
    let tasks = api(&desk.server.addr, &staff, GetMyTasks {}).await.unwrap();
    assert_eq!(tasks.as_array().unwrap().len(), 1);
    assert_eq!(tasks[0]["tracking_code"], LAMP);
    let others = api(&desk.server.addr, &other, GetMyTasks {}).await.unwrap();
    assert_eq!(others, json!([]));
    let report = |status: AssignmentStatus, result: &str, version: i64| ReportAssignment {
        id: assignment_id.clone(),
        input: ReportInput {
            status,
            result: result.into(),
            evidence: "更换前后照片已存档".into(),
            version,
        },
    };
    use AssignmentStatus::{Done, InProgress};
    let r = call(&desk.server.addr, Some(&other), report(Done, "修好了", 1)).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = call(&desk.server.addr, None, report(Done, "修好了", 1)).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let no_result = api(&desk.server.addr, &staff, report(Done, " ", 1))
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&no_result), ["result"]);
    api(&desk.server.addr, &staff, report(InProgress, "", 1))
        .await
        .unwrap();
    // A report on what one saw before someone else's report is a conflict, not an overwrite.
    let stale = api(&desk.server.addr, &staff, report(Done, "修好了", 1))
        .await
        .unwrap_err();
    assert_eq!(stale, json!("Conflict"));
    api(
        &desk.server.addr,
        &staff,
        report(Done, "11月22日已更换三盏路灯，恢复照明", 2),
    )
    .await
    .unwrap();
    let case = desk.case(LAMP).await;
    assert_eq!(case["lists"]["assignments"][0]["status"], "Done");
    assert_eq!(
        case["lists"]["assignments"][0]["reported_by_name"],
        "sy_nongye 办事员"
    );

    // The three lists export to a spreadsheet, for the council only.
    let path = format!("/admin/councils/sy_dongfeng/cases/{LAMP}/lists.xlsx");
    let (status, head, bytes) =
        common::get_bytes(&desk.server.addr, &path, Some(&desk.cookie)).await;
    assert_eq!(status, 200, "{head}");
    assert!(head.contains("spreadsheetml"), "{head}");
    {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            ["协商建议清单", "责任落实清单", "结果反馈清单"]
        );
        let cells = |book: &mut Xlsx<_>, sheet: &str| -> Vec<Vec<String>> {
            book.worksheet_range(sheet)
                .unwrap()
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect()
        };
        let recs = cells(&mut book, "协商建议清单");
        assert_eq!(recs[1], ["1", "请供电所 5 天内更换三盏路灯"]);
        assert_eq!(recs[2], ["2", "村里每月巡查一次路灯 💡"]);
        let duty = cells(&mut book, "责任落实清单");
        assert_eq!(duty[1][3], "三塬镇农业农村办");
        assert_eq!(duty[1][4], "马所长");
        let results = cells(&mut book, "结果反馈清单");
        assert_eq!(results[1][3], "11月22日已更换三盏路灯，恢复照明");
    }
    let (status, _, _) = common::get_bytes(&desk.server.addr, &path, Some(&staff)).await;
    assert_eq!(status, 403);
    let (status, _, _) = common::get_bytes(&desk.server.addr, &path, None).await;
    assert!(status == 401 || status == 303, "{status}");

    // 回头看: a day in the past is refused; none given means thirty days on.
    let past = desk
        .call(TakeCaseStep {
            council: dongfeng(),
            code: LAMP.into(),
            input: StepInput {
                recheck_on: "2020-01-01".into(),
                ..step_input(Step::PublishFeedback, version, "路灯已修好", "")
            },
        })
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&past), ["recheck_on"]);
    // Feedback must say what was done.
    let missing = desk
        .step(LAMP, Step::PublishFeedback, version, "  ")
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&missing), ["note"]);
    let after = desk
        .step(
            LAMP,
            Step::PublishFeedback,
            version,
            "供电所已更换三盏路灯，11月20日起恢复照明。",
        )
        .await
        .unwrap();
    version += 1;
    assert_eq!(after["status"], "FeedbackGiven");
    let expected_recheck = (chrono::Utc::now() + chrono::Duration::days(30))
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(after["recheck_on"], expected_recheck);
    let queue = desk.call(dongfeng_queue()).await.unwrap();
    assert_eq!(queue["to_recheck"][0]["tracking_code"], LAMP);
    assert_eq!(queue["to_recheck"][0]["recheck_due"], false);

    // The resident reads the recommendations and results (not who at the department), and rates.
    let page = desk.public(LAMP).await;
    assert_eq!(page["recommendations"][0], "请供电所 5 天内更换三盏路灯");
    assert_eq!(
        page["results"][0]["result"],
        "11月22日已更换三盏路灯，恢复照明"
    );
    assert_eq!(page["recheck_on"], expected_recheck);
    assert!(
        !page.to_string().contains("马所长"),
        "the owner's name stays inside"
    );
    let rated = rate_as_resident(&desk, LAMP, "2", "灯亮了，希望别再坏").await;
    assert_eq!(rated.status, 303, "{}", rated.head);
    assert_eq!(
        desk.case(LAMP).await["rating"],
        json!(["Partly", "灯亮了，希望别再坏"])
    );
    let after = desk.step(LAMP, Step::Close, version, "").await.unwrap();
    assert_eq!(after["status"], "Closed");
    assert_eq!(after["steps"], json!(["Reopen"]));
    let events = after["events"].as_array().unwrap();
    assert_eq!(events.len(), 8);
    assert_eq!(events[1]["actor_name"], "东风村联络员");

    // The resident sees every step in plain words, the feedback, never the internal note or a phone.
    let page = desk.public(LAMP).await;
    assert_eq!(page["status"], "Closed");
    let timeline = page["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 8);
    assert_eq!(
        timeline[6]["note"],
        "供电所已更换三盏路灯，11月20日起恢复照明。"
    );
    let text = page.to_string();
    assert!(
        !text.contains("村里普遍关心"),
        "internal notes stay internal"
    );
    assert!(!text.contains("1390000") && !text.contains("phone"));
    let html = common::request(&desk.server.addr, "GET", &format!("/c/{LAMP}"), None, None)
        .await
        .body;
    for words in [
        "协商建议清单",
        "结果反馈清单",
        "三塬镇农业农村办",
        "列为协商议题",
        "审议通过",
        "反馈办理结果",
        "供电所已更换三盏路灯",
        "已办结",
    ] {
        assert!(html.contains(words), "{words} on the case page");
    }
    assert!(!html.contains("村里普遍关心"));

    // Closed cases leave the queue; a reopen needs a reason and brings it back to screening.
    let queue = desk.call(dongfeng_queue()).await.unwrap();
    assert!(!queue.to_string().contains(LAMP));
    assert!(desk
        .step(LAMP, Step::Reopen, version + 1, "")
        .await
        .is_err());
    let reopened = desk
        .step(LAMP, Step::Reopen, version + 1, "居民反映又坏了一盏")
        .await
        .unwrap();
    assert_eq!(reopened["status"], "Received");
}

#[tokio::test]
async fn the_council_decides_what_shows_on_the_room_page() {
    let desk = Desk::start().await;
    let room_titles = |page: &Value| -> Vec<String> {
        page["recent"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap().to_string())
            .collect()
    };
    let room = || {
        let args = RoomPage {
            code: "sy-dongfeng".into(),
            flash: None,
        };
        call(&desk.server.addr, None, args)
    };
    let before: Value = serde_json::from_str(&room().await.body).unwrap();
    assert!(!room_titles(&before).iter().any(|t| t.contains("路灯")));
    assert_eq!(desk.case(LAMP).await["public"], false);
    let publish = |public: bool| SetCasePublic {
        council: dongfeng(),
        code: LAMP.into(),
        public,
    };
    desk.call(publish(true)).await.unwrap();
    let after: Value = serde_json::from_str(&room().await.body).unwrap();
    assert_eq!(room_titles(&after)[0], "村口路灯坏了三盏");
    assert!(
        !after["recent"].to_string().contains("13"),
        "no phone, no resident"
    );
    assert_eq!(desk.case(LAMP).await["public"], true);
    // Who decided is on the audit log.
    let log = desk
        .call(AuditLog {
            filter: AuditFilter {
                council: "sy_dongfeng".into(),
                action: "case.publish".into(),
                actor: String::new(),
            },
        })
        .await
        .unwrap();
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["actor_name"], "东风村联络员");
    // And back off.
    desk.call(publish(false)).await.unwrap();
    let hidden: Value = serde_json::from_str(&room().await.body).unwrap();
    assert!(!room_titles(&hidden).iter().any(|t| t.contains("路灯")));
}

/// The resident's browser raised `code` (its token's hash goes on the case) and rates it there.
async fn rate_as_resident(
    desk: &Desk,
    code: &str,
    score: &str,
    comment: &str,
) -> common::HttpResponse {
    desk.server
        .state
        .db
        .query("UPDATE case SET raised_device = $h WHERE tracking_code = $code")
        .bind(("h", app::auth::session::token_hash(common::DEVICE)))
        .bind(("code", code.to_string()))
        .await
        .unwrap()
        .check()
        .unwrap();
    common::request(
        &desk.server.addr,
        "POST",
        &format!("/c/{code}/rate"),
        Some(&format!("bandeng_device={}", common::DEVICE)),
        Some((
            "application/x-www-form-urlencoded",
            format!("score={score}&comment={}", common::urlencode(comment)),
        )),
    )
    .await
}

#[tokio::test]
async fn residents_rate_a_result_they_raised_only_once_it_is_fed_back() {
    let desk = Desk::start().await;
    let rate = |code: &'static str, score: &'static str, comment: String| {
        let desk = &desk;
        async move { rate_as_resident(desk, code, score, &comment).await }
    };
    // The refusal a flash keeps for the resident's browser, as the page would show it.
    let refusal = |answer: common::HttpResponse| {
        let addr = desk.server.addr.clone();
        async move {
            let location = answer.header("location").unwrap_or_default();
            let key = location
                .split("flash=")
                .nth(1)
                .and_then(|k| k.split('#').next())
                .unwrap_or_else(|| panic!("no flash: {location}"))
                .to_string();
            let device = format!("bandeng_device={}", common::DEVICE);
            call(&addr, Some(&device), GetFlash { key }).await.body
        }
    };
    // Not yet: the street lamps are only received.
    let early = rate(LAMP, "3", String::new()).await;
    assert_eq!(early.status, 303);
    assert!(
        refusal(early)
            .await
            .contains("议事会反馈办理结果以后才能评价"),
        "told why"
    );
    // The demo's shared-bike case has feedback: its resident rates it, with no account.
    let bikes = "NS-2026-273153";
    assert_eq!(
        desk.public(bikes).await["timeline"][1]["note"],
        "城管局已在工业八路地铁口划定共享单车停放区，早晚高峰安排专人调度。"
    );
    for (score, comment) in [("0", ""), ("4", ""), ("x", ""), ("2", &*"字".repeat(301))] {
        let bad = rate(bikes, score, comment.to_string()).await;
        assert_eq!(bad.status, 303, "{score}");
        assert!(
            bad.header("location").unwrap().contains("flash="),
            "{score}"
        );
    }
    assert_eq!(desk.public(bikes).await["rating"], Value::Null);
    assert_eq!(rate(bikes, "1", "早高峰还是堵 😟".into()).await.status, 303);
    assert_eq!(desk.public(bikes).await["rating"], "Dissatisfied");
    // Rating again replaces the first: one rating per case.
    assert_eq!(rate(bikes, "3", "现在好多了".into()).await.status, 303);
    assert_eq!(desk.public(bikes).await["rating"], "Satisfied");
    let mut r = desk
        .server
        .state
        .db
        .query("RETURN count(SELECT id FROM case_rating WHERE case.tracking_code = $code)")
        .bind(("code", bikes))
        .await
        .unwrap();
    assert_eq!(r.take::<Option<i64>>(0).unwrap(), Some(1));
    // A code that does not exist rates nothing.
    assert_eq!(rate("NS-2026-000002", "3", String::new()).await.status, 404);
}

#[tokio::test]
async fn two_liaisons_at_once_one_wins_and_the_other_is_told() {
    let desk = Desk::start().await;
    let (a, b) = tokio::join!(
        desk.step(LAMP, Step::AnswerAndClose, 1, "已转告村委会，下周修好。"),
        desk.step(LAMP, Step::RaiseAsTopic, 1, ""),
    );
    let outcomes = [a.is_ok(), b.is_ok()];
    assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{a:?} {b:?}");
    let loser = if a.is_ok() { b } else { a }.unwrap_err();
    assert_eq!(loser, json!("Conflict"));
    let case = desk.case(LAMP).await;
    assert_eq!(case["version"], 2);
    assert_eq!(
        case["events"].as_array().unwrap().len(),
        1,
        "one step recorded, not two"
    );
    // A step quoting the old version is a conflict too, however long after.
    assert_eq!(
        desk.step(LAMP, Step::Reopen, 1, "再看看")
            .await
            .unwrap_err(),
        json!("Conflict")
    );
}

#[tokio::test]
async fn duplicates_merge_into_a_case_of_the_same_council_only() {
    let desk = Desk::start().await;
    // The demo's repeated parking concern: the screen suggests the earlier one first.
    let parking = desk.case("SY-2026-704127").await;
    let suggested = parking["duplicates"].as_array().unwrap();
    assert_eq!(suggested[0]["tracking_code"], "SY-2026-312073", "{parking}");
    assert!(suggested[0]["likeness"].as_u64().unwrap() >= 20);
    assert!(
        suggested
            .iter()
            .all(|d| d["tracking_code"] != "SY-2026-527338"),
        "the street lamps are another matter"
    );
    let merged = desk
        .step_into("SY-2026-704127", Step::Merge, 1, "", "SY-2026-312073")
        .await
        .unwrap();
    assert_eq!(merged["status"], "Merged");
    assert_eq!(merged["duplicates"], json!([]));

    let (dup, keep) = ("SY-2026-405186", "SY-2026-312073");
    for bad in ["", dup, "NS-2026-128402", "SY-2026-000000", "<script>"] {
        let refused = desk
            .step_into(dup, Step::Merge, 1, "", bad)
            .await
            .unwrap_err();
        assert_eq!(common::invalid_fields(&refused), ["merge_into"], "{bad}");
    }
    let merged = desk
        .step_into(dup, Step::Merge, 1, "", "sy-2026-312073")
        .await
        .unwrap();
    assert_eq!(merged["status"], "Merged");
    assert_eq!(merged["merged_into"], keep);
    assert_eq!(merged["steps"], json!([]));
    // Nothing can be merged into a merged case.
    let refused = desk
        .step_into(LAMP, Step::Merge, 1, "", dup)
        .await
        .unwrap_err();
    assert_eq!(common::invalid_fields(&refused), ["merge_into"]);
}

#[tokio::test]
async fn other_councils_and_plain_members_cannot_touch_the_case() {
    let desk = Desk::start().await;
    let state = &desk.server.state;
    // The head of a Shenzhen council, and a plain member of 东风村.
    let mut cookies = Vec::new();
    for (council, role, phone) in [
        ("ns_shekou", "head", "13800000081"),
        ("sy_dongfeng", "member", "13800000082"),
    ] {
        let member = common::member_with_role(state, council, role).await;
        cookies.push(
            common::signed_in(
                state,
                NewAccount {
                    name: format!("{council} {role}"),
                    phone: Some(phone.into()),
                    password_hash: common::hash("另一个人的密码123"),
                    member: Some(common::record("member", &member)),
                    ..Default::default()
                },
            )
            .await,
        );
    }
    let answer = |council: &str| TakeCaseStep {
        council: council_key(council),
        code: LAMP.into(),
        input: step_input(Step::AnswerAndClose, 1, "越权答复", ""),
    };
    for cookie in &cookies {
        let r = call(&desk.server.addr, Some(cookie), answer("sy_dongfeng")).await;
        assert_eq!(r.status, 403, "{}", r.body);
    }
    // Naming their own council does not reach a case of another.
    let r = call(&desk.server.addr, Some(&cookies[0]), answer("ns_shekou")).await;
    assert!(r.body.contains("NotFound"), "{}", r.body);
    assert_eq!(desk.case(LAMP).await["version"], 1, "nothing changed");
}
