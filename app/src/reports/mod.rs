//! 社情民意信息: reports of public sentiment that leave a station for the CPPCC office above it.
//! A member writes one from a case, a session's notes, or nothing; the council's managers return
//! it with a comment or send it up; the office (区政协机关, e.g. its 信息科) receives it, issues it
//! in a numbered bulletin (《社情民意》第N期), records who adopted it and the instructions (批示)
//! it drew, refers it to a department, or declines it with a reason. Each level sees a report only
//! once it has reached that level; the authors see every step. Types here are shared with the
//! browser; the rules are `logic.rs`.
pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::codes::codes;
use serde::{Deserialize, Serialize};

/// Where a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// 草稿: only its authors see it.
    Draft,
    /// 待审核: with the council's managers.
    Review,
    /// 退回修改: back with the authors, with the council's comment.
    Returned,
    /// 已报送: sent up, in the office's queue.
    Submitted,
    /// 已接收
    Received,
    /// 已编发: in a numbered bulletin.
    Issued,
    /// 被采用
    Adopted,
    /// 不予采用, with a reason.
    Rejected,
}

codes!(ReportStatus {
    Draft = "draft",
    Review = "review",
    Returned = "returned",
    Submitted = "submitted",
    Received = "received",
    Issued = "issued",
    Adopted = "adopted",
    Rejected = "rejected",
});

impl ReportStatus {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ReportStatus::Draft => t.report_status_draft,
            ReportStatus::Review => t.report_status_review,
            ReportStatus::Returned => t.report_status_returned,
            ReportStatus::Submitted => t.report_status_submitted,
            ReportStatus::Received => t.report_status_received,
            ReportStatus::Issued => t.report_status_issued,
            ReportStatus::Adopted => t.report_status_adopted,
            ReportStatus::Rejected => t.report_status_rejected,
        }
    }
}

/// What someone does with a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStep {
    /// The authors ask their council to review it (送审).
    SendForReview,
    /// The council returns it with a comment (退回).
    Return,
    /// The council sends it up (报送).
    Submit,
    /// The office takes it into its queue (接收).
    Receive,
    /// The office issues it in a bulletin (编发).
    Issue,
    /// Adopted, by whom (采用).
    Adopt,
    /// An instruction it drew, and who gave it (领导批示). Keeps the status.
    Instruct,
    /// Referred to a department to handle by a deadline (转有关部门办理). Keeps the status.
    Refer,
    /// The department's answer to its referral (部门答复). Keeps the status.
    Answer,
    /// Declined, with a reason (不予采用).
    Reject,
}

codes!(ReportStep {
    SendForReview = "send_for_review",
    Return = "return",
    Submit = "submit",
    Receive = "receive",
    Issue = "issue",
    Adopt = "adopt",
    Instruct = "instruct",
    Refer = "refer",
    Answer = "answer",
    Reject = "reject",
});

impl ReportStep {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ReportStep::SendForReview => t.report_step_send_for_review,
            ReportStep::Return => t.report_step_return,
            ReportStep::Submit => t.report_step_submit,
            ReportStep::Receive => t.report_step_receive,
            ReportStep::Issue => t.report_step_issue,
            ReportStep::Adopt => t.report_step_adopt,
            ReportStep::Instruct => t.report_step_instruct,
            ReportStep::Refer => t.report_step_refer,
            ReportStep::Answer => t.report_step_answer,
            ReportStep::Reject => t.report_step_reject,
        }
    }
}

/// Who adopted a report (采用单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptedBy {
    District,
    City,
    Province,
    National,
    /// A Party committee or government office.
    PartyGovernment,
}

codes!(AdoptedBy {
    District = "district",
    City = "city",
    Province = "province",
    National = "national",
    PartyGovernment = "party_government",
});

impl AdoptedBy {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            AdoptedBy::District => t.report_adopted_district,
            AdoptedBy::City => t.report_adopted_city,
            AdoptedBy::Province => t.report_adopted_province,
            AdoptedBy::National => t.report_adopted_national,
            AdoptedBy::PartyGovernment => t.report_adopted_party_government,
        }
    }
}

/// A report as its form sends it. `key` is empty for a new one; for a new one `source` may name
/// what it was written from: `case:NS-2026-000123`, `session:KEY` or `reception:KEY` (a
/// reception day's record, keyed by its duty slot).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportInput {
    pub key: String,
    pub council: String,
    pub source: String,
    pub title: String,
    /// 基本情况
    pub situation: String,
    /// 分析
    pub analysis: String,
    /// 建议
    pub suggestion: String,
    /// Fellow members of the council who co-author it (keys of `member`), besides the writer.
    pub co_authors: Vec<String>,
    /// The council signs too.
    pub council_author: bool,
}

/// One step as its form sends it: `note` is the comment, reason, instruction's text, what a
/// department is asked to do, or its answer; `detail` the adoption's level (an `AdoptedBy`
/// code), the instruction's author, or the department's key; `bulletin` an issue's number, or
/// empty for a new issue; `deadline` a referral's (`YYYY-MM-DD`, empty for a month from today).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub report: String,
    pub step: String,
    pub note: String,
    pub detail: String,
    pub bulletin: String,
    pub deadline: String,
}

/// The filters of `/reports`, as the URL carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportFilter {
    /// A status code, or empty for all.
    pub status: String,
    /// `open` (referred, waiting for an answer), `overdue` (waiting past the deadline), or empty.
    pub referral: String,
    pub page: i64,
}

/// Which reports a list keeps by their referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralFilter {
    /// A department has not answered yet.
    Open,
    /// A department has not answered by its deadline.
    Overdue,
}

codes!(ReferralFilter {
    Open = "open",
    Overdue = "overdue",
});

/// A report in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub key: String,
    pub title: String,
    pub council_name: String,
    pub authors: String,
    pub status: ReportStatus,
    /// `YYYY-MM-DD`, Beijing: the last change.
    pub day: String,
    pub bulletin: Option<i64>,
    /// A department has not answered by its deadline.
    pub overdue: bool,
}

/// What `/reports` shows its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportsView {
    pub filter: ReportFilter,
    pub lines: Vec<ReportLine>,
    pub total: i64,
    pub pages: i64,
    /// Councils the caller may write a report for, as a member: (key, name).
    pub councils: Vec<(String, String)>,
    /// The caller works in an office's queue.
    pub office: bool,
    /// The caller answers referrals for a department.
    pub department: bool,
}

/// One step a report took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepLine {
    pub step: ReportStep,
    pub actor_name: String,
    pub note: String,
    pub detail: String,
    /// `YYYY-MM-DD HH:MM`, Beijing.
    pub at: String,
}

/// A report, whole, with what the caller may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub key: String,
    pub council: String,
    pub council_name: String,
    pub title: String,
    pub situation: String,
    pub analysis: String,
    pub suggestion: String,
    pub authors: Vec<String>,
    pub council_author: bool,
    /// Where it came from, and its page.
    pub source: Option<(String, String)>,
    pub status: ReportStatus,
    pub bulletin: Option<i64>,
    pub adopted_by: Option<AdoptedBy>,
    pub steps: Vec<StepLine>,
    /// Steps the caller may take now.
    pub allowed: Vec<ReportStep>,
    /// The caller may change the text (an author, while it is with the authors).
    pub editable: bool,
    /// The office's latest bulletin numbers, to issue into (newest first).
    pub bulletins: Vec<i64>,
    /// Where it was referred, oldest first.
    pub referrals: Vec<ReferralLine>,
    /// The departments the caller's office may refer it to: (key, name), those it went to left out.
    pub departments: Vec<(String, String)>,
}

/// A referral to a department and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralLine {
    pub department_name: String,
    /// What the office asked of it.
    pub task: String,
    /// `YYYY-MM-DD`
    pub deadline: String,
    /// Empty until the department answers.
    pub answer: String,
    pub answered_by: String,
    /// `YYYY-MM-DD HH:MM`, Beijing; empty until answered.
    pub answered_at: String,
    /// Not answered, and its deadline has passed.
    pub overdue: bool,
}

/// A new report's form: the council it is for, prefilled from its source; the fellow members
/// who may co-author it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDraft {
    pub input: ReportInput,
    pub council_name: String,
    pub members: Vec<(String, String)>,
}
