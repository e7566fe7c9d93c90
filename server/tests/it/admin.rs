//! Council administration over real HTTP as a system admin: a council set up end to end, hostile
//! input refused with nothing stored, member sheets imported all-or-nothing, and an audit entry
//! for every kind of change.
use crate::common;

use app::accounts::api::{CreateAccount, ListAccounts, ResetPassword, SetAccountDisabled};
use app::accounts::store::NewAccount;
use app::accounts::AccountInput;
use app::audit::api::AuditLog;
use app::audit::AuditFilter;
use app::councils::admin::{CouncilInput, StandardRow};
use app::councils::admin_api::{
    CreateCouncil, GetCouncilDetail, SetCouncilStandard, UpdateCouncil,
};
use app::members::api::{
    AddMember, CommitImport, CreateWorkTeam, GetCouncilMembers, IssueMemberLogin, PreviewImport,
    RemoveMember, SetMemberRole, UpdateMember,
};
use app::members::{MemberInput, SheetUpload, TeamInput};
use app::rooms::admin::RoomInput;
use app::rooms::admin_api::{CouncilRooms, CreateRoom, UpdateRoom};
use app::roster::api::{CreateDutyPattern, GetRoomRoster, StopDutyPattern, SwapDuty};
use app::roster::PatternInput;
use app::sectors::api::{AddSectors, GetDistrictSectors};
use common::{api, council_key, count, invalid_fields, request, Call};
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

    /// A server function, as this admin.
    async fn call(&self, args: impl Into<Call>) -> Result<Value, Value> {
        api(&self.server.addr, &self.cookie, args).await
    }

    async fn count(&self, table: &str) -> i64 {
        count(&self.server.state, table).await
    }
}

fn council(name: &str, prefix: &str) -> CouncilInput {
    CouncilInput {
        name: name.into(),
        kind: "village_council".into(),
        area: "sanyuan".into(),
        new_area_name: "新联村".into(),
        sector: "".into(),
        case_prefix: prefix.into(),
        supervisor: "王副主席".into(),
        staff_liaison: "镇政府 李干事".into(),
    }
}

fn room(code: &str, name: &str) -> RoomInput {
    RoomInput {
        code: code.into(),
        name: name.into(),
        address: "新联村村委会".into(),
        lat: "35.95".into(),
        lng: "103.30".into(),
        hours: "每周五上午".into(),
        active: true,
    }
}

fn member(name: &str, phone: &str, role: &str) -> MemberInput {
    MemberInput {
        name: name.into(),
        sector: "yongjing_jiaoyu".into(),
        level: "district".into(),
        phone: phone.into(),
        contact_public: !phone.is_empty(),
        specialties: "教育、调解".into(),
        role: role.into(),
    }
}

fn sheet(file_name: &str, data_base64: String) -> SheetUpload {
    SheetUpload {
        file_name: file_name.into(),
        data_base64,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_council_is_set_up_end_to_end_and_every_change_is_audited() {
    let a = Admin::start().await;
    let key = a
        .call(CreateCouncil {
            input: council("新联村协商议事会", "xl"),
        })
        .await
        .unwrap();
    let key = key.as_str().unwrap().to_string();
    let ck = council_key(&key);
    let detail = a
        .call(GetCouncilDetail {
            council: ck.clone(),
        })
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
        a.call(CreateRoom {
            council: ck.clone(),
            input: room(code, name),
        })
        .await
        .unwrap();
    }
    // A code is never used twice, not even by another council's room.
    for code in ["xl-hall", "sy-dongfeng"] {
        let err = a
            .call(CreateRoom {
                council: ck.clone(),
                input: room(code, "重复"),
            })
            .await
            .unwrap_err();
        assert_eq!(invalid_fields(&err), vec!["code"], "{err}");
    }
    let rooms = a
        .call(CouncilRooms {
            council: ck.clone(),
        })
        .await
        .unwrap();
    assert_eq!(rooms.as_array().unwrap().len(), 2);
    let hall = rooms[0]["key"].as_str().unwrap().to_string();

    // Sectors come from the district; the sector list of 永靖县 has 教育.
    let page = a
        .call(GetCouncilMembers {
            council: ck.clone(),
        })
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
        a.call(AddMember {
            council: ck.clone(),
            input: member(name, phone, role),
        })
        .await
        .unwrap();
    }
    let err = a
        .call(AddMember {
            council: ck.clone(),
            input: member("赵第二", "13811110003", "head"),
        })
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["role"], "one head per council");
    let err = a
        .call(AddMember {
            council: ck.clone(),
            input: member("张站长", "13811110001", "member"),
        })
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["phone"], "already a member");
    let members = a
        .call(GetCouncilMembers {
            council: ck.clone(),
        })
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
    let weekday = chrono::Datelike::weekday(&today).number_from_monday() as u8;
    let pattern =
        |starts: &str, ends: &str, first_date: String, rotation: Vec<String>| PatternInput {
            weekday,
            starts: starts.into(),
            ends: ends.into(),
            first_date,
            rotation,
        };
    a.call(CreateDutyPattern {
        council: ck.clone(),
        room: hall.clone(),
        input: pattern(
            "09:00",
            "12:00",
            today.format("%Y-%m-%d").to_string(),
            vec![keys[1].clone(), keys[0].clone()],
        ),
    })
    .await
    .unwrap();
    let err = a
        .call(CreateDutyPattern {
            council: ck.clone(),
            room: hall.clone(),
            input: pattern("09:00", "12:00", String::new(), vec![keys[0].clone()]),
        })
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["weekday"], "same slot twice");
    let roster = a
        .call(GetRoomRoster {
            council: ck.clone(),
            room: hall.clone(),
        })
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
    let swap = |reason: &str| SwapDuty {
        council: ck.clone(),
        slot: slot.into(),
        member: keys[2].clone(),
        reason: reason.into(),
    };
    let err = a.call(swap("")).await.unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["reason"]);
    a.call(swap("李联络住院")).await.unwrap();
    let public = request(&a.server.addr, "GET", "/r/xl-hall", None, None).await;
    assert!(public.body.contains("王委员"));
    assert!(!public.body.contains("13811110002"));

    // The other kinds of change.
    a.call(UpdateCouncil {
        council: ck.clone(),
        input: CouncilInput {
            new_area_name: String::new(),
            area: detail["form"]["area"].as_str().unwrap().into(),
            ..council("新联村协商议事会（新）", "XL")
        },
    })
    .await
    .unwrap();
    a.call(UpdateRoom {
        council: ck.clone(),
        room: hall.clone(),
        input: room("ignored", "新联村议事厅（一楼）"),
    })
    .await
    .unwrap();
    let rooms = a
        .call(CouncilRooms {
            council: ck.clone(),
        })
        .await
        .unwrap();
    assert_eq!(
        rooms[0]["form"]["code"], "xl-hall",
        "a room's code never changes"
    );
    a.call(SetCouncilStandard {
        council: ck.clone(),
        row: StandardRow {
            item: "sign".into(),
            met: true,
            evidence: "门口挂牌 🙂".into(),
        },
    })
    .await
    .unwrap();
    let corrected = MemberInput {
        specialties: "水利、调解".into(),
        level: "city".into(),
        ..member("王委员", "", "member")
    };
    a.call(UpdateMember {
        council: ck.clone(),
        member: keys[2].clone(),
        input: corrected,
    })
    .await
    .unwrap();
    let bad = MemberInput {
        sector: "nanshan_jiaoyu".into(),
        ..member("<b>王</b>", "", "member")
    };
    let err = a
        .call(UpdateMember {
            council: ck.clone(),
            member: keys[2].clone(),
            input: bad,
        })
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["name"]);
    let after = a
        .call(GetCouncilMembers {
            council: ck.clone(),
        })
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
    a.call(SetMemberRole {
        council: ck.clone(),
        member: keys[2].clone(),
        role: "deputy".into(),
    })
    .await
    .unwrap();
    let login = |member: &str| IssueMemberLogin {
        council: ck.clone(),
        member: member.into(),
    };
    let issued = a.call(login(&keys[1])).await.unwrap();
    assert_eq!(issued["login"], "13811110002");
    assert_eq!(issued["code"].as_str().unwrap().len(), 12);
    let err = a.call(login(&keys[2])).await.unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["phone"], "no mobile, no login");
    let team = |name: &str, leader: &str, members: Vec<String>| CreateWorkTeam {
        council: ck.clone(),
        input: TeamInput {
            name: name.into(),
            leader: leader.into(),
            members,
        },
    };
    let legal = team("法律援助专班", &keys[0], vec![keys[1].clone()]);
    a.call(legal.clone()).await.unwrap();
    let err = a.call(legal).await.unwrap_err();
    assert_eq!(
        invalid_fields(&err),
        vec!["name"],
        "team names are unique in a council"
    );
    let outsider = team("外人专班", "sy_01", vec![]);
    let err = a.call(outsider).await.unwrap_err();
    assert_eq!(
        invalid_fields(&err),
        vec!["leader", "members"],
        "only the council's members"
    );
    let teams = a
        .call(GetCouncilMembers {
            council: ck.clone(),
        })
        .await
        .unwrap()["teams"]
        .clone();
    assert_eq!(
        teams,
        json!([{"name": "法律援助专班", "leader": "张站长", "members": ["李联络", "张站长"]}])
    );
    a.call(RemoveMember {
        council: ck.clone(),
        member: keys[2].clone(),
    })
    .await
    .unwrap();
    let created = a
        .call(CreateAccount {
            input: AccountInput {
                name: "水务局小陈".into(),
                phone: "13811110009".into(),
                username: "".into(),
                kind: "department".into(),
                area: "yongjing".into(),
                department: "县水务局".into(),
            },
        })
        .await
        .unwrap();
    let accounts = a.call(ListAccounts {}).await.unwrap();
    let staff = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["login"] == "13811110009")
        .unwrap();
    assert_eq!(staff["kind"], "部门（县水务局）");
    let staff_key = staff["key"].as_str().unwrap();
    assert_ne!(created["code"], issued["code"]);
    a.call(ResetPassword {
        account: staff_key.into(),
    })
    .await
    .unwrap();
    for disabled in [true, false] {
        a.call(SetAccountDisabled {
            account: staff_key.into(),
            disabled,
        })
        .await
        .unwrap();
    }
    a.call(CommitImport {
        council: ck.clone(),
        upload: sheet("名单.csv", b64("姓名,界别,职务\n陈新,教育,委员\n")),
    })
    .await
    .unwrap();

    // A pattern set up by mistake is stopped: its coming dates go, the room page no longer shows them.
    let yard = rooms[1]["key"].as_str().unwrap().to_string();
    a.call(CreateDutyPattern {
        council: ck.clone(),
        room: yard.clone(),
        input: pattern("14:00", "16:00", String::new(), vec![keys[0].clone()]),
    })
    .await
    .unwrap();
    let yard_roster = || GetRoomRoster {
        council: ck.clone(),
        room: yard.clone(),
    };
    let roster = a.call(yard_roster()).await.unwrap();
    let pattern = roster["patterns"][0]["key"].as_str().unwrap().to_string();
    assert_eq!(
        roster["slots"].as_array().unwrap().len(),
        app::roster::WEEKS_AHEAD
    );
    a.call(StopDutyPattern {
        council: ck.clone(),
        pattern: pattern.clone(),
    })
    .await
    .unwrap();
    let roster = a.call(yard_roster()).await.unwrap();
    assert!(
        roster["patterns"].as_array().unwrap().is_empty()
            && roster["slots"].as_array().unwrap().is_empty()
    );
    let err = a
        .call(StopDutyPattern {
            council: council_key("sy_dongfeng"),
            pattern,
        })
        .await
        .unwrap_err();
    assert_eq!(err, json!("NotFound"));
    let sectors = |name: &str, defaults: bool| AddSectors {
        district: "yongjing".into(),
        name: name.into(),
        defaults,
    };
    let err = a.call(sectors("<b>", false)).await.unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["name"]);
    assert_eq!(a.call(sectors("乡村振兴", false)).await.unwrap(), 1);
    assert_eq!(
        a.call(sectors("乡村振兴", false)).await.unwrap(),
        0,
        "a name the district has is skipped"
    );
    let defaults = a.call(sectors("", true)).await.unwrap();
    assert_eq!(
        defaults,
        27 - 11,
        "defaults fill in what is missing (11 of them it has)"
    );
    let districts = a.call(GetDistrictSectors {}).await.unwrap();
    let yongjing = districts
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["district"] == "yongjing")
        .unwrap();
    assert_eq!(yongjing["sectors"].as_array().unwrap().len(), 12 + 1 + 16);
    let audit = |council: &str, action: &str, actor: &str| AuditLog {
        filter: AuditFilter {
            council: council.into(),
            action: action.into(),
            actor: actor.into(),
        },
    };
    let log = a.call(audit("", "", "")).await.unwrap();
    let log = log.as_array().unwrap();
    for action in app::audit::actions::ALL {
        if action == "account.password"
            || action == "case.publish"
            || action == "case.typical"
            || action.starts_with("activity.")
            || action == "reception.record"
            || action.starts_with("household.")
            || action.starts_with("contact.")
            || action.starts_with("score.")
            || action.starts_with("quarter.")
            || action.starts_with("report.")
            || action.starts_with("proposal.")
            || action.starts_with("review.")
        {
            // In tests/accounts.rs, tests/pipeline.rs, tests/records.rs, tests/contacts.rs,
            // tests/scores.rs, tests/stats.rs, tests/reports.rs, tests/proposals.rs and
            // tests/review.rs.
            continue;
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
    let only = a.call(audit(&key, "roster.swap", "")).await.unwrap();
    assert_eq!(only.as_array().unwrap().len(), 1);
    let nobody = a.call(audit("", "", "某人")).await.unwrap();
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
    let dongfeng = council_key("sy_dongfeng");
    for bad in hostile {
        let mut c = council(bad, "XL");
        let err = a
            .call(CreateCouncil { input: c.clone() })
            .await
            .unwrap_err();
        assert!(
            invalid_fields(&err).contains(&"name".to_string()),
            "{bad:?}: {err}"
        );
        c.name = "好名字".into();
        c.new_area_name = bad.into();
        c.case_prefix = bad.into();
        let err = a.call(CreateCouncil { input: c }).await.unwrap_err();
        assert!(
            invalid_fields(&err).contains(&"case_prefix".to_string()),
            "{bad:?}: {err}"
        );

        let err = a
            .call(CreateRoom {
                council: dongfeng.clone(),
                input: room(bad, bad),
            })
            .await
            .unwrap_err();
        let fields = invalid_fields(&err);
        assert!(
            fields.contains(&"code".to_string()) && fields.contains(&"name".to_string()),
            "{bad:?}: {err}"
        );

        let err = a
            .call(AddMember {
                council: dongfeng.clone(),
                input: member(bad, bad, "member"),
            })
            .await
            .unwrap_err();
        assert!(
            invalid_fields(&err).contains(&"name".to_string()),
            "{bad:?}: {err}"
        );

        let err = a
            .call(CreateAccount {
                input: AccountInput {
                    name: bad.into(),
                    phone: bad.into(),
                    username: bad.into(),
                    kind: "system".into(),
                    area: "".into(),
                    department: "".into(),
                },
            })
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
        let r = RoomInput {
            lat: lat.into(),
            lng: lng.into(),
            ..room("xl-new", "新议事室")
        };
        let err = a
            .call(CreateRoom {
                council: dongfeng.clone(),
                input: r,
            })
            .await
            .unwrap_err();
        assert!(!invalid_fields(&err).is_empty(), "{lat},{lng}: {err}");
    }
    // An unknown area, a sector of another district, a council that does not exist.
    let c = CouncilInput {
        area: "atlantis".into(),
        ..council("好名字", "XL")
    };
    assert!(a.call(CreateCouncil { input: c }).await.is_err());
    let m = MemberInput {
        sector: "nanshan_jiaoyu".into(),
        contact_public: false,
        ..member("好名字", "", "member")
    };
    let err = a
        .call(AddMember {
            council: dongfeng.clone(),
            input: m,
        })
        .await
        .unwrap_err();
    assert_eq!(invalid_fields(&err), vec!["sector"], "{err}");
    let err = a
        .call(CreateRoom {
            council: council_key("nope"),
            input: room("xl-nope", "好名字"),
        })
        .await
        .unwrap_err();
    assert_eq!(err, json!("NotFound"));
    // Oversized bodies never reach the function.
    let huge = CreateRoom {
        council: dongfeng.clone(),
        input: room("xl-big", &"长".repeat(3_000_000)),
    };
    let huge = common::api_oversized(&a.server.addr, &a.cookie, huge).await;
    assert!(huge.is_err());

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
    let dongfeng = council_key("sy_dongfeng");
    let preview_of = |upload: SheetUpload| PreviewImport {
        council: dongfeng.clone(),
        upload,
    };
    let commit = |upload: SheetUpload| CommitImport {
        council: dongfeng.clone(),
        upload,
    };
    let preview = a
        .call(preview_of(sheet("名单.csv", b64(bad))))
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
        .call(commit(sheet("名单.csv", b64(bad))))
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
    let n = a.call(commit(sheet("名单.csv", data))).await.unwrap();
    assert_eq!(n, 2);
    assert_eq!(a.count("membership").await, members_before + 2);

    // A real .xlsx workbook (built by scripts/make-xlsx-fixture.py).
    let xlsx = include_bytes!("../fixtures/members.xlsx");
    let data = base64::engine::general_purpose::STANDARD.encode(xlsx);
    let preview = a
        .call(preview_of(sheet("members.xlsx", data.clone())))
        .await
        .unwrap();
    assert_eq!(preview["bad"], 0, "{preview}");
    assert_eq!(preview["good"], 3);
    assert_eq!(
        a.call(commit(sheet("members.xlsx", data))).await.unwrap(),
        3
    );
    let members = a
        .call(GetCouncilMembers {
            council: dongfeng.clone(),
        })
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
        .call(preview_of(sheet("photo.jpg", b64("xx"))))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("xlsx"), "{err}");
}
