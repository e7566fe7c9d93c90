//! 提案: proposals a member sends to the district CPPCC. The lead author drafts one (案由, 案据,
//! 办法) from a case, a session or nothing, invites fellow members to co-sign (联名: each confirms
//! on their own phone) and submits it while the district's window is open; it becomes 第N号.
//! The district office's staff (提案委) file it (立案), merge it into another (并案) or decline it
//! (不立案, optionally as 社情民意信息), and hand it to a lead unit and co-handling units with a
//! deadline (交办). The lead unit replies with a class (A/B/C) and its text (答复函); the lead
//! author rates the reply and may ask once for it to be handled again. Types here are shared with
//! the browser; the rules are `logic.rs`.
pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::codes::codes;
use serde::{Deserialize, Serialize};

/// Where a proposal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    /// 草稿: its authors and invited co-signers see it.
    Draft,
    /// 待审查: with the district's 提案委.
    Submitted,
    /// 已立案
    Filed,
    /// 已并案: merged into another proposal.
    Merged,
    /// 不予立案, with a reason.
    Declined,
    /// 已交办: with its units, due by the deadline.
    Assigned,
    /// 已答复: the lead unit's reply waits for the lead author's rating.
    Replied,
    /// 已办结: rated.
    Closed,
}

codes!(ProposalStatus {
    Draft = "draft",
    Submitted = "submitted",
    Filed = "filed",
    Merged = "merged",
    Declined = "declined",
    Assigned = "assigned",
    Replied = "replied",
    Closed = "closed",
});

impl ProposalStatus {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ProposalStatus::Draft => t.proposal_status_draft,
            ProposalStatus::Submitted => t.proposal_status_submitted,
            ProposalStatus::Filed => t.proposal_status_filed,
            ProposalStatus::Merged => t.proposal_status_merged,
            ProposalStatus::Declined => t.proposal_status_declined,
            ProposalStatus::Assigned => t.proposal_status_assigned,
            ProposalStatus::Replied => t.proposal_status_replied,
            ProposalStatus::Closed => t.proposal_status_closed,
        }
    }
}

/// What someone does with a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStep {
    /// The lead author submits it (提交), once no invitation waits for an answer.
    Submit,
    /// 立案
    File,
    /// 并案: into another proposal of the district, by its number.
    Merge,
    /// 不予立案, with a reason; optionally turned into 社情民意信息.
    Decline,
    /// 交办: a lead unit, co-handling units and a deadline.
    Assign,
    /// The lead unit's reply (答复): a class and its text.
    Reply,
    /// The lead author rates the reply (满意度评价).
    Rate,
    /// The lead author asks, once, for it to be handled again (要求重新办理).
    Rehandle,
}

codes!(ProposalStep {
    Submit = "submit",
    File = "file",
    Merge = "merge",
    Decline = "decline",
    Assign = "assign",
    Reply = "reply",
    Rate = "rate",
    Rehandle = "rehandle",
});

impl ProposalStep {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ProposalStep::Submit => t.proposal_step_submit,
            ProposalStep::File => t.proposal_step_file,
            ProposalStep::Merge => t.proposal_step_merge,
            ProposalStep::Decline => t.proposal_step_decline,
            ProposalStep::Assign => t.proposal_step_assign,
            ProposalStep::Reply => t.proposal_step_reply,
            ProposalStep::Rate => t.proposal_step_rate,
            ProposalStep::Rehandle => t.proposal_step_rehandle,
        }
    }
}

/// The class of a unit's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyClass {
    /// A: 已解决或采纳
    A,
    /// B: 列入计划解决
    B,
    /// C: 留作参考
    C,
}

codes!(ReplyClass {
    A = "a",
    B = "b",
    C = "c",
});

impl ReplyClass {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ReplyClass::A => t.proposal_class_a,
            ReplyClass::B => t.proposal_class_b,
            ReplyClass::C => t.proposal_class_c,
        }
    }
}

/// The lead author's rating of a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Satisfied,
    Basic,
    Unsatisfied,
}

codes!(Rating {
    Satisfied = "satisfied",
    Basic = "basic",
    Unsatisfied = "unsatisfied",
});

impl Rating {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            Rating::Satisfied => t.proposal_rating_satisfied,
            Rating::Basic => t.proposal_rating_basic,
            Rating::Unsatisfied => t.proposal_rating_unsatisfied,
        }
    }
}

/// A co-signer's answer to an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerStatus {
    Invited,
    Confirmed,
    Declined,
}

codes!(SignerStatus {
    Invited = "invited",
    Confirmed = "confirmed",
    Declined = "declined",
});

impl SignerStatus {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            SignerStatus::Invited => t.proposal_signer_invited,
            SignerStatus::Confirmed => t.proposal_signer_confirmed,
            SignerStatus::Declined => t.proposal_signer_declined,
        }
    }
}

/// A proposal as its form sends it. `key` is empty for a new one; for a new one `source` may name
/// what it was written from: `case:NS-2026-000123` or `session:KEY`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalInput {
    pub key: String,
    pub council: String,
    pub source: String,
    /// 案由
    pub title: String,
    /// 案据
    pub basis: String,
    /// 办法
    pub method: String,
    /// Fellow members invited to co-sign (keys of `member`).
    pub co_signers: Vec<String>,
}

/// One step as its form sends it: `note` the reason, the reply's text or the request; `detail`
/// the number merged into, the reply's class or the rating; `lead` and `co_units` departments;
/// `deadline` a day; `to_report` turns a declined proposal into 社情民意信息.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub proposal: String,
    pub step: String,
    pub note: String,
    pub detail: String,
    pub lead: String,
    pub co_units: Vec<String>,
    pub deadline: String,
    pub to_report: bool,
}

/// A district's submission window, as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowInput {
    pub district: String,
    pub opens: String,
    pub closes: String,
}

/// The filters of `/proposals`, as the URL carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalFilter {
    /// A status code, or empty for all.
    pub status: String,
    /// Only those past their deadline without a reply.
    pub overdue: bool,
    pub page: i64,
}

/// A proposal in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalLine {
    pub key: String,
    pub number: Option<i64>,
    pub title: String,
    pub council_name: String,
    /// The lead author, then the co-signers who confirmed.
    pub authors: String,
    pub status: ProposalStatus,
    /// `YYYY-MM-DD`, Beijing: the last change.
    pub day: String,
    pub deadline: Option<String>,
    pub lead_unit: Option<String>,
    pub overdue: bool,
}

/// A district's window, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowView {
    pub district: String,
    pub district_name: String,
    pub opens: String,
    pub closes: String,
    /// Today lies in it.
    pub open: bool,
}

/// What `/proposals` shows its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalsView {
    pub filter: ProposalFilter,
    pub lines: Vec<ProposalLine>,
    pub total: i64,
    pub pages: i64,
    /// Councils the caller may draft a proposal for, as a member: (key, name).
    pub councils: Vec<(String, String)>,
    /// The caller works in the district office's queue.
    pub office: bool,
    /// The windows of the districts the caller writes for or works in.
    pub windows: Vec<WindowView>,
    /// The caller may set this district's window (its office).
    pub sets_window: Option<String>,
}

/// A co-signer, as the proposal shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerLine {
    pub name: String,
    pub status: SignerStatus,
}

/// One step a proposal took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepLine {
    pub step: ProposalStep,
    pub actor_name: String,
    pub note: String,
    pub detail: String,
    /// `YYYY-MM-DD HH:MM`, Beijing.
    pub at: String,
}

/// A proposal, whole, with what the caller may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalView {
    pub key: String,
    pub council: String,
    pub council_name: String,
    pub district_name: String,
    pub number: Option<i64>,
    pub title: String,
    pub basis: String,
    pub method: String,
    pub author_name: String,
    pub signers: Vec<SignerLine>,
    /// Where it came from, and its page.
    pub source: Option<(String, String)>,
    pub status: ProposalStatus,
    pub merged_into: Option<i64>,
    pub lead_unit: Option<String>,
    pub co_units: Vec<String>,
    pub deadline: Option<String>,
    pub overdue: bool,
    pub reply_class: Option<ReplyClass>,
    pub reply_text: Option<String>,
    /// `YYYY-MM-DD`, Beijing.
    pub replied_on: Option<String>,
    pub rating: Option<Rating>,
    pub rehandled: bool,
    pub steps: Vec<StepLine>,
    /// Steps the caller may take now.
    pub allowed: Vec<ProposalStep>,
    /// The caller may change the text (the lead author, while a draft).
    pub editable: bool,
    /// The caller is invited to co-sign and has not answered.
    pub invited: bool,
    /// Units the office may hand it to: (key, name).
    pub departments: Vec<(String, String)>,
    /// The deadline a hand-over gets unless set: three months from today.
    pub default_deadline: String,
}

/// A proposal's form: the council it is for, prefilled from its source or the draft as it is;
/// the fellow members who may co-sign it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalDraft {
    pub input: ProposalInput,
    pub council_name: String,
    pub members: Vec<(String, String)>,
}
