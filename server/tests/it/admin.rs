//! Council administration over real HTTP as a system admin: a council set up end to end, hostile
//! input refused with nothing stored, member sheets imported all-or-nothing, and an audit entry
//! for every kind of change.
use crate::common;

use app::accounts::store::NewAccount;
use common::{api, count, invalid_fields, request, Body};
use serde_json::{json, Value};

struct Admin {
    server: common::TestServer,
    cookie: String,
}

impl Admin {
    async fn start() -> Admin {
        let state = common::demo_state(100).await;
        let server = common::serve(state.clone()).await;
        let cookie = common::signed_in(
            &state,
            NewAccount {
                name: "区政协办公室".into(),
                phone: Some("13800000099".into()),
                password_hash: common::hash("管理员的密码123"),
                system_admin: true,
                ..Default::default()
            },
        )
        .await;
        Admin { server, cookie }
    }

    async fn json(&self, endpoint: &str, body: Value) -> Result<Value, Value> {
        api(&self.server.addr, &self.cookie, endpoint, Body::Json(body)).await
    }

    async fn form(&self, endpoint: &str, body: &str) -> Result<Value, Value> {
        api(
            &self.server.addr,
            &self.cookie,
            endpoint,
            Body::Form(body.to_string()),
        )
        .await
    }

    async fn count(&self, table: &str) -> i64 {
        count(&self.server.state, table).await
    }
}

fn council(name: &str, prefix: &str) -> Value {
    json!({"name": name, "kind": "village_council", "area": "sanyuan", "new_area_name": "新联村",
        "sector": "", "case_prefix": prefix, "supervisor": "王副主席", "staff_liaison": "镇政府 李干事"})
}

fn room(code: &str, name: &str) -> Value {
    json!({"code": code, "name": name, "address": "新联村村委会", "lat": "35.95", "lng": "103.30",
        "hours": "每周五上午", "active": true})
}

fn member(name: &str, phone: &str, role: &str) -> Value {
    json!({"name": name, "sector": "yongjing_jiaoyu", "level": "district", "phone": phone,
        "contact_public": !phone.is_empty(), "specialties": "教育、调解", "role": role})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_council_is_set_up_end_to_end_and_every_change_is_audited() {
    let a = Admin::start().await;
    let key = a
        .json(
            "create_council",
            json!({"input": council("新联村协商议事会", "xl")}),
        )
        .await
        .unwrap();
    let key = key.as_str().unwrap().to_string();
    let detail = a
        .form("council_detail", &format!("council={key}"))
        .await
        .unwrap();
    assert_eq!(detail["form"]["case_prefix"], "XL");
    assert!(
        detail["area_path"]
            .as_str()
            .unwrap()
            .ends_with("三塬镇 › 新联村"),
        "{detail}"
    );

    for (code, name) in [("xl-hall", "新联村议事厅"), ("xl-yard", "新联村院坝")] {
        a.json(
            "create_room",
            json!({"council": key, "input": room(code, name)}),
        )
        .await
        .unwrap();
    }
    // A code is never used twice, not even by another council's room.
    for code in ["xl-hall", "sy-dongfeng"] {
        let err = a
            .json(
                "create_room",
                json!({"council": key, "input": room(code, "重复")}),
            )
            .await
            .unwrap_err();
        assert_eq!(invalid_fields(&err), vec!["code"], "{err}");
    }
    let rooms = a
        .form("council_rooms", &format!("council={key}"))
        .await
        .unwrap();
    assert_eq!(rooms.as_array().unwrap().len(), 2);
    let hall = rooms[0]["key"].as_str().unwrap().to_string();

    // Sectors come from the district; the sector list of 永靖县 has 教育.
    let page = a
        .form("council_members", &format!("council={key}"))
        .await
        .unwrap();
    assert!(
        page["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["key"] == "yongjing_jiaoyu"),
        "{page}"
    );
    for (name, phone, role) in [
        ("张站长", "13811110001", "head"),
        ("李联络", "13811110002", "liaison"),
        ("王委员", "", "member"),
    ] {
        a.json(
            "add_member",
            json!({"council": key, "input": member(name, phone, role)}),
        )
        .await
        .unwrap();
    }
    let err = a
        .json(
            "add_member",
            json!({"council": key, "input": member("赵第二", "13811110003", "head")}),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["role"], "one head per council");
    let err = a
        .json(
            "add_member",
            json!({"council": key, "input": member("张站长", "13811110001", "member")}),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["phone"], "already a member");
    let members = a
        .form("council_members", &format!("council={key}"))
        .await
        .unwrap()["members"]
        .clone();
    let members = members.as_array().unwrap().clone();
    assert_eq!(members.len(), 3);
    assert_eq!(members[0]["name"], "张站长", "heads first");
    let keys: Vec<String> = members
        .iter()
        .map(|m| m["key"].as_str().unwrap().to_string())
        .collect();

    // A weekly pattern: every day of the week so that "today" is covered whatever today is.
    let today = app::base::clock::today_naive();
    let weekday = chrono::Datelike::weekday(&today).number_from_monday();
    a.json(
        "create_duty_pattern",
        json!({"council": key, "room": hall, "input": {"weekday": weekday,
        "starts": "09:00", "ends": "12:00", "first_date": today.format("%Y-%m-%d").to_string(),
        "rotation": [keys[1], keys[0]]}}),
    )
    .await
    .unwrap();
    let err = a
        .json(
            "create_duty_pattern",
            json!({"council": key, "room": hall, "input": {"weekday": weekday,
        "starts": "09:00", "ends": "12:00", "first_date": "", "rotation": [keys[0]]}}),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["weekday"], "same slot twice");
    let roster = a
        .form("room_roster", &format!("council={key}&room={hall}"))
        .await
        .unwrap();
    let slots = roster["slots"].as_array().unwrap();
    assert_eq!(slots.len(), app::roster::WEEKS_AHEAD);
    let names: Vec<&str> = slots
        .iter()
        .map(|s| s["member_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        &names[..4],
        &["李联络", "张站长", "李联络", "张站长"],
        "turns rotate weekly"
    );
    assert_eq!(slots[0]["date_label"], "今天");

    // The public room page names who is on duty, with the phone they agreed to show.
    let public = request(&a.server.addr, "GET", "/r/xl-hall", None, None).await;
    assert_eq!(public.status, 200);
    assert!(
        public.body.contains("今天值班委员") && public.body.contains("李联络"),
        "{}",
        public.body
    );
    assert!(public.body.contains("13811110002"));

    // A swap keeps who was planned and why; the room page follows.
    let slot = slots[0]["key"].as_str().unwrap();
    let err = a
        .form(
            "swap_duty",
            &format!("council={key}&slot={slot}&member={}&reason=", keys[2]),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["reason"]);
    a.form(
        "swap_duty",
        &format!(
            "council={key}&slot={slot}&member={}&reason={}",
            keys[2],
            common::urlencode("李联络住院")
        ),
    )
    .await
    .unwrap();
    let public = request(&a.server.addr, "GET", "/r/xl-hall", None, None).await;
    assert!(public.body.contains("王委员"));
    assert!(!public.body.contains("13811110002"));

    // The other kinds of change.
    a.json("update_council", json!({"council": key, "input": council("新联村协商议事会（新）", "XL")
        .as_object().unwrap().clone().into_iter().map(|(k, v)| if k == "new_area_name" { (k, json!("")) } else if k == "area" { (k, detail["form"]["area"].clone()) } else { (k, v) }).collect::<serde_json::Map<_, _>>()})).await.unwrap();
    a.json(
        "update_room",
        json!({"council": key, "room": hall, "input": room("ignored", "新联村议事厅（一楼）")}),
    )
    .await
    .unwrap();
    let rooms = a
        .form("council_rooms", &format!("council={key}"))
        .await
        .unwrap();
    assert_eq!(
        rooms[0]["form"]["code"], "xl-hall",
        "a room's code never changes"
    );
    a.json(
        "set_council_standard",
        json!({"council": key, "row": {"item": "sign", "met": true, "evidence": "门口挂牌 🙂"}}),
    )
    .await
    .unwrap();
    let mut corrected = member("王委员", "", "member");
    corrected["specialties"] = json!("水利、调解");
    corrected["level"] = json!("city");
    a.json(
        "update_member",
        json!({"council": key, "member": keys[2], "input": corrected}),
    )
    .await
    .unwrap();
    let mut bad = member("<b>王</b>", "", "member");
    bad["sector"] = json!("nanshan_jiaoyu");
    let err = a
        .json(
            "update_member",
            json!({"council": key, "member": keys[2], "input": bad}),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["name"]);
    let after = a
        .form("council_members", &format!("council={key}"))
        .await
        .unwrap();
    let wang = after["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == keys[2].as_str())
        .unwrap()
        .clone();
    assert_eq!(wang["specialties"], json!(["水利", "调解"]));
    assert_eq!(wang["level"], "City");
    assert_eq!(
        wang["role"], "Member",
        "the role is not touched by a details edit"
    );
    a.form(
        "set_member_role",
        &format!("council={key}&member={}&role=deputy", keys[2]),
    )
    .await
    .unwrap();
    let issued = a
        .form(
            "issue_member_login",
            &format!("council={key}&member={}", keys[1]),
        )
        .await
        .unwrap();
    assert_eq!(issued["login"], "13811110002");
    assert_eq!(issued["code"].as_str().unwrap().len(), 12);
    let err = a
        .form(
            "issue_member_login",
            &format!("council={key}&member={}", keys[2]),
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["phone"], "no mobile, no login");
    let team = json!({"council": key, "input": {"name": "法律援助专班", "leader": keys[0], "members": [keys[1]]}});
    a.json("create_work_team", team.clone()).await.unwrap();
    let err = a.json("create_work_team", team).await.unwrap_err();
    assert_eq!(
        invalid_fields(&err),
        vec!["name"],
        "team names are unique in a council"
    );
    let outsider =
        json!({"council": key, "input": {"name": "外人专班", "leader": "sy_01", "members": []}});
    let err = a.json("create_work_team", outsider).await.unwrap_err();
    assert_eq!(
        invalid_fields(&err),
        vec!["leader", "members"],
        "only the council's members"
    );
    let teams = a
        .form("council_members", &format!("council={key}"))
        .await
        .unwrap()["teams"]
        .clone();
    assert_eq!(
        teams,
        json!([{"name": "法律援助专班", "leader": "张站长", "members": ["李联络", "张站长"]}])
    );
    a.form(
        "remove_member",
        &format!("council={key}&member={}", keys[2]),
    )
    .await
    .unwrap();
    let created = a
        .json(
            "create_account",
            json!({"input": {"name": "水务局小陈", "phone": "13811110009", "username": "",
        "kind": "department", "area": "yongjing", "department": "县水务局"}}),
        )
        .await
        .unwrap();
    let accounts = a.form("list_accounts", "").await.unwrap();
    let staff = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["login"] == "13811110009")
        .unwrap();
    assert_eq!(staff["kind"], "部门（县水务局）");
    let staff_key = staff["key"].as_str().unwrap();
    assert_ne!(created["code"], issued["code"]);
    a.form("reset_password", &format!("account={staff_key}"))
        .await
        .unwrap();
    a.form(
        "set_account_disabled",
        &format!("account={staff_key}&disabled=true"),
    )
    .await
    .unwrap();
    a.form(
        "set_account_disabled",
        &format!("account={staff_key}&disabled=false"),
    )
    .await
    .unwrap();
    a.json(
        "commit_import",
        json!({"council": key, "upload": {"file_name": "名单.csv",
        "data_base64": b64("姓名,界别,职务\n陈新,教育,委员\n")}}),
    )
    .await
    .unwrap();

    // A pattern set up by mistake is stopped: its coming dates go, the room page no longer shows them.
    let yard = rooms[1]["key"].as_str().unwrap().to_string();
    a.json(
        "create_duty_pattern",
        json!({"council": key, "room": yard, "input": {"weekday": weekday,
        "starts": "14:00", "ends": "16:00", "first_date": "", "rotation": [keys[0]]}}),
    )
    .await
    .unwrap();
    let roster = a
        .form("room_roster", &format!("council={key}&room={yard}"))
        .await
        .unwrap();
    let pattern = roster["patterns"][0]["key"].as_str().unwrap().to_string();
    assert_eq!(
        roster["slots"].as_array().unwrap().len(),
        app::roster::WEEKS_AHEAD
    );
    a.form(
        "stop_duty_pattern",
        &format!("council={key}&pattern={pattern}"),
    )
    .await
    .unwrap();
    let roster = a
        .form("room_roster", &format!("council={key}&room={yard}"))
        .await
        .unwrap();
    assert!(
        roster["patterns"].as_array().unwrap().is_empty()
            && roster["slots"].as_array().unwrap().is_empty()
    );
    let err = a
        .form(
            "stop_duty_pattern",
            &format!("council=sy_dongfeng&pattern={pattern}"),
        )
        .await
        .unwrap_err();
    assert_eq!(err, json!("NotFound"));
    let err = a
        .form(
            "add_sectors",
            "district=yongjing&name=%3Cb%3E&defaults=false",
        )
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["name"]);
    let one = format!(
        "district=yongjing&name={}&defaults=false",
        common::urlencode("乡村振兴")
    );
    assert_eq!(a.form("add_sectors", &one).await.unwrap(), 1);
    assert_eq!(
        a.form("add_sectors", &one).await.unwrap(),
        0,
        "a name the district has is skipped"
    );
    let defaults = a
        .form("add_sectors", "district=yongjing&name=&defaults=true")
        .await
        .unwrap();
    assert_eq!(
        defaults,
        27 - 11,
        "defaults fill in what is missing (11 of them it has)"
    );
    let districts = a.form("district_sectors", "").await.unwrap();
    let yongjing = districts
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["district"] == "yongjing")
        .unwrap();
    assert_eq!(yongjing["sectors"].as_array().unwrap().len(), 12 + 1 + 16);
    let log = a
        .form(
            "audit_log",
            "filter[council]=&filter[action]=&filter[actor]=",
        )
        .await
        .unwrap();
    let log = log.as_array().unwrap();
    for action in app::audit::actions::ALL {
        if action == "account.password"
            || action == "case.publish"
            || action.starts_with("activity.")
            || action == "reception.record"
        {
            continue; // in tests/accounts.rs, tests/pipeline.rs and tests/records.rs
        }
        let entry = log.iter().find(|e| e["action"] == action);
        assert!(
            entry.is_some(),
            "no audit entry for {action}: {} entries, {} in the table",
            log.len(),
            a.count(&format!("audit WHERE action = '{action}'")).await
        );
        assert_eq!(entry.unwrap()["actor_name"], "区政协办公室");
    }
    let room_update = log.iter().find(|e| e["action"] == "room.update").unwrap();
    let changes = room_update["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "only the name changed: {changes:?}");
    assert_eq!(changes[0][0], "name");
    assert_eq!(changes[0][1], "\"新联村议事厅\"");
    assert!(
        !log.iter().any(|e| e.to_string().contains("argon2")),
        "no password hashes in the log"
    );

    // Filters.
    let only = a
        .form(
            "audit_log",
            &format!("filter[council]={key}&filter[action]=roster.swap&filter[actor]="),
        )
        .await
        .unwrap();
    assert_eq!(only.as_array().unwrap().len(), 1);
    let nobody = a
        .form(
            "audit_log",
            "filter[council]=&filter[action]=&filter[actor]=某人",
        )
        .await
        .unwrap();
    assert!(nobody.as_array().unwrap().is_empty());
}

fn b64(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_is_refused_and_stores_nothing() {
    let a = Admin::start().await;
    let tables = [
        "council",
        "area",
        "room",
        "member",
        "membership",
        "account",
        "audit",
        "duty_pattern",
    ];
    let mut before = Vec::new();
    for t in tables {
        before.push(a.count(t).await);
    }
    let long = "长".repeat(61);
    let hostile = [
        "",
        "   ",
        "\u{3000}\t",
        "<script>alert(1)</script>",
        "议事会🎉",
        long.as_str(),
        "a\u{0}b",
    ];
    for bad in hostile {
        let mut c = council(bad, "XL");
        let err = a
            .json("create_council", json!({"input": c.clone()}))
            .await
            .unwrap_err();
        assert!(
            invalid_fields(&err).contains(&"name".to_string()),
            "{bad:?}: {err}"
        );
        c["name"] = json!("好名字");
        c["new_area_name"] = json!(bad);
        c["case_prefix"] = json!(bad);
        let err = a
            .json("create_council", json!({"input": c}))
            .await
            .unwrap_err();
        assert!(
            invalid_fields(&err).contains(&"case_prefix".to_string()),
            "{bad:?}: {err}"
        );

        let err = a
            .json(
                "create_room",
                json!({"council": "sy_dongfeng", "input": room(bad, bad)}),
            )
            .await
            .unwrap_err();
        let fields = invalid_fields(&err);
        assert!(
            fields.contains(&"code".to_string()) && fields.contains(&"name".to_string()),
            "{bad:?}: {err}"
        );

        let err = a
            .json(
                "add_member",
                json!({"council": "sy_dongfeng", "input": member(bad, bad, "member")}),
            )
            .await
            .unwrap_err();
        assert!(
            invalid_fields(&err).contains(&"name".to_string()),
            "{bad:?}: {err}"
        );

        let err = a
            .json(
                "create_account",
                json!({"input": {"name": bad, "phone": bad, "username": bad,
            "kind": "system", "area": "", "department": ""}}),
            )
            .await
            .unwrap_err();
        assert!(
            invalid_fields(&err).contains(&"name".to_string()),
            "{bad:?}: {err}"
        );
    }
    // Coordinates: not numbers, swapped, out of China.
    for (lat, lng) in [
        ("abc", "103"),
        ("103.3", "35.9"),
        ("inf", "NaN"),
        ("-33.9", "151.2"),
    ] {
        let mut r = room("xl-new", "新议事室");
        r["lat"] = json!(lat);
        r["lng"] = json!(lng);
        let err = a
            .json("create_room", json!({"council": "sy_dongfeng", "input": r}))
            .await
            .unwrap_err();
        assert!(!invalid_fields(&err).is_empty(), "{lat},{lng}: {err}");
    }
    // An unknown area, a sector of another district, a council that does not exist.
    let mut c = council("好名字", "XL");
    c["area"] = json!("atlantis");
    assert!(a.json("create_council", json!({"input": c})).await.is_err());
    let mut m = member("好名字", "", "member");
    m["sector"] = json!("nanshan_jiaoyu");
    m["contact_public"] = json!(false);
    let err = a
        .json("add_member", json!({"council": "sy_dongfeng", "input": m}))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["sector"], "{err}");
    let err = a
        .json(
            "create_room",
            json!({"council": "nope", "input": room("xl-nope", "好名字")}),
        )
        .await
        .unwrap_err();
    assert_eq!(err, json!("NotFound"));
    // Oversized bodies never reach the function.
    let huge = json!({"council": "sy_dongfeng", "input": room("xl-big", &"长".repeat(3_000_000))});
    assert!(a.json("create_room", huge).await.is_err());

    for (t, n) in tables.iter().zip(before) {
        assert_eq!(a.count(t).await, n, "{t} changed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_with_bad_rows_is_previewed_and_imports_nothing_then_imports_whole() {
    let a = Admin::start().await;
    let members_before = a.count("membership").await;
    let bad = "\u{feff}姓名,界别,级别,手机,公开联系方式,专长,职务\n\
        刘一,教育,区,13822220001,是,法律,委员\n\
        ,教育,,,,,\n\
        陈二,水利,,13822220002,否,,\n\
        周三,教育,市,1234,,,\n\
        吴四,教育,,13822220001,,,\n\
        郑五,教育,,,,,站长\n";
    let upload = |name: &str, data: String| json!({"council": "sy_dongfeng", "upload": {"file_name": name, "data_base64": data}});
    let preview = a
        .json("preview_import", upload("名单.csv", b64(bad)))
        .await
        .unwrap();
    assert_eq!(preview["good"], 1, "{preview}");
    assert_eq!(preview["bad"], 5);
    let errors = |line: u64| -> String {
        preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["line"] == line)
            .unwrap()["errors"]
            .to_string()
    };
    assert_eq!(errors(2), "[]");
    assert!(errors(3).contains("必须填写"));
    assert!(errors(4).contains("水利"));
    assert!(errors(5).contains("手机号格式"));
    assert!(errors(6).contains("重复"));
    assert!(
        errors(7).contains("站长"),
        "东风村 already has a head: {}",
        errors(7)
    );
    let err = a
        .json("commit_import", upload("名单.csv", b64(bad)))
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["file"]);
    assert_eq!(
        a.count("membership").await,
        members_before,
        "nothing half-imported"
    );

    // In GBK, as Excel saves CSV on a Chinese Windows, and with every row right.
    let good = "姓名,界别,手机\n刘一,教育,13822220001\n陈二,经济,13822220002\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(good);
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(&gbk);
    let n = a
        .json("commit_import", upload("名单.csv", data))
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(a.count("membership").await, members_before + 2);

    // A real .xlsx workbook (built by scripts/make-xlsx-fixture.py).
    let xlsx = include_bytes!("../fixtures/members.xlsx");
    let data = base64::engine::general_purpose::STANDARD.encode(xlsx);
    let preview = a
        .json("preview_import", upload("members.xlsx", data.clone()))
        .await
        .unwrap();
    assert_eq!(preview["bad"], 0, "{preview}");
    assert_eq!(preview["good"], 3);
    assert_eq!(
        a.json("commit_import", upload("members.xlsx", data))
            .await
            .unwrap(),
        3
    );
    let members = a
        .form("council_members", "council=sy_dongfeng")
        .await
        .unwrap();
    let phones: Vec<String> = members["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["phone"].as_str().map(str::to_string))
        .collect();
    assert!(
        phones.contains(&"13833330001".to_string()),
        "numbers typed as numbers in Excel stay whole: {phones:?}"
    );

    // Not a sheet at all.
    let err = a
        .json("preview_import", upload("photo.jpg", b64("xx")))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("xlsx"), "{err}");
}
