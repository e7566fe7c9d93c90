//! Activities (活动) a station holds: inspections, lectures, visits, legal aid, disputes resolved…
//! Each is recorded on a member's phone in a minute (kind, when, where, who came, how many were
//! served, what came of it) and counts toward every present member's duty record. A council's
//! managers choose which ones its room pages list under 工作动态. Types here are shared with the
//! browser; rules live in `logic`.
pub mod api;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod photos;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::codes::codes;
use serde::{Deserialize, Serialize};

/// The kinds of activity the articles name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    /// 视察调研
    Inspection,
    /// 委员讲堂
    Lecture,
    /// 走访探视
    Visit,
    /// 公益服务
    Service,
    /// 法律咨询/援助
    Legal,
    /// 矛盾纠纷化解
    Dispute,
    /// 读书学习
    Reading,
    /// 联谊
    Fellowship,
}

codes!(ActivityKind {
    Inspection = "inspection",
    Lecture = "lecture",
    Visit = "visit",
    Service = "service",
    Legal = "legal",
    Dispute = "dispute",
    Reading = "reading",
    Fellowship = "fellowship",
});

/// What an activity achieved, counted: which counts a kind asks for is `logic::outcomes_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 咨询人次
    Consultations,
    /// 援助件数
    AidCases,
    /// 援助人次
    AidPeople,
    /// 意见建议条数
    Suggestions,
    /// 化解纠纷件数
    DisputesResolved,
}

codes!(Outcome {
    Consultations = "consultations",
    AidCases = "aid_cases",
    AidPeople = "aid_people",
    Suggestions = "suggestions",
    DisputesResolved = "disputes_resolved",
});

/// Others present, by kind: members check in by name, everyone else is a head count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherKind {
    /// 部门人员
    Department,
    /// 乡贤、社会贤达
    Elder,
    /// 专家、律师等
    Expert,
    /// 志愿者
    Volunteer,
}

codes!(OtherKind {
    Department = "department",
    Elder = "elder",
    Expert = "expert",
    Volunteer = "volunteer",
});

/// The form that records an activity, as the page sends it: numbers are typed text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityInput {
    /// Made by the phone (32 hex digits) when the form was drawn: sent twice, stored once.
    pub id: String,
    pub council: String,
    pub kind: String,
    pub title: String,
    /// `YYYY-MM-DDTHH:MM`, Beijing time, as a datetime-local input gives it.
    pub starts_at: String,
    /// A room code of the council, or empty.
    pub room: String,
    /// Where, when not in a room: "东风村3组晒场".
    pub place: String,
    /// A point on the map (WGS-84), typed or tapped; both empty for none.
    pub lat: String,
    pub lng: String,
    /// A work team (工作专班) of the council that organised it; empty: the council itself.
    pub work_team: String,
    /// Member keys of those present.
    pub members: Vec<String>,
    /// (kind code, count) of others present.
    pub others: Vec<(String, String)>,
    /// Residents served: a head count.
    pub served: String,
    /// (outcome code, count).
    pub outcomes: Vec<(String, String)>,
    pub report: String,
}

/// A line in a list of activities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    pub key: String,
    pub title: String,
    pub kind: ActivityKind,
    pub council_name: String,
    pub starts_at: String,
    pub members: i64,
    pub served: i64,
    pub published: bool,
}

/// Everything the activity page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub key: String,
    pub council: String,
    pub council_name: String,
    pub kind: ActivityKind,
    pub title: String,
    pub starts_at: String,
    pub room_name: String,
    pub place: String,
    pub organiser: String,
    /// (member key, name) of those present.
    pub members: Vec<(String, String)>,
    pub others: Vec<(OtherKind, i64)>,
    pub served: i64,
    pub outcomes: Vec<(Outcome, i64)>,
    pub report: String,
    pub published: bool,
    pub recorded_by: String,
    /// Photo ids, for `/photos/{id}`.
    pub photos: Vec<String>,
    /// The caller is a member of the council and not yet among those present.
    pub can_check_in: bool,
    /// The caller administers the council: may choose it for the room pages.
    pub can_publish: bool,
    /// Concerns raised there: (tracking code, title).
    pub concerns: Vec<(String, String)>,
}

/// What a new activity can name, per council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityChoices {
    pub council: String,
    pub council_name: String,
    /// (room code, name)
    pub rooms: Vec<(String, String)>,
    /// (work team key, name)
    pub work_teams: Vec<(String, String)>,
    /// (member key, name)
    pub members: Vec<(String, String)>,
}

/// An activity as a room page shows it under 工作动态.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicActivity {
    pub title: String,
    pub kind: ActivityKind,
    /// e.g. "2026年11月20日".
    pub date: String,
    pub place: String,
    pub members: i64,
    pub served: i64,
    pub outcomes: Vec<(Outcome, i64)>,
    pub report: String,
    /// Photo ids, for `/photos/{id}`.
    pub photos: Vec<String>,
}

impl ActivityKind {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ActivityKind::Inspection => t.activity_kind_inspection,
            ActivityKind::Lecture => t.activity_kind_lecture,
            ActivityKind::Visit => t.activity_kind_visit,
            ActivityKind::Service => t.activity_kind_service,
            ActivityKind::Legal => t.activity_kind_legal,
            ActivityKind::Dispute => t.activity_kind_dispute,
            ActivityKind::Reading => t.activity_kind_reading,
            ActivityKind::Fellowship => t.activity_kind_fellowship,
        }
    }
}

impl Outcome {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            Outcome::Consultations => t.outcome_consultations,
            Outcome::AidCases => t.outcome_aid_cases,
            Outcome::AidPeople => t.outcome_aid_people,
            Outcome::Suggestions => t.outcome_suggestions,
            Outcome::DisputesResolved => t.outcome_disputes_resolved,
        }
    }
}

impl OtherKind {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            OtherKind::Department => t.other_department,
            OtherKind::Elder => t.other_elder,
            OtherKind::Expert => t.other_expert,
            OtherKind::Volunteer => t.other_volunteer,
        }
    }
}
