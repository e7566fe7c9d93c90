//! Text messages that tell people their matter moved. Domains queue a text in the same
//! transaction as the change that causes it (`outbox`), so a change rolled back sends nothing;
//! one sender per database drains the queue through a gateway (`sender`, `gateway`) under the
//! rules that protect people (`rules`): quiet hours, a daily cap, opt-out, retries. Signed-in
//! people read the same news in the app (`notices`). The day's reminders are planned above the
//! domains, in the `reminders` module.
pub mod api;
#[cfg(feature = "ssr")]
pub mod gateway;
#[cfg(feature = "ssr")]
pub mod notices;
#[cfg(feature = "ssr")]
pub mod outbox;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod sender;

use serde::{Deserialize, Serialize};

/// `/admin/texts`: how many texts stand where, and the newest that did not leave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxOverview {
    pub counts: Vec<OutboxCount>,
    /// Failed, given up or waiting past their time: newest first.
    pub problems: Vec<OutboxLine>,
    /// The last day (`YYYYMMDD`, Beijing) whose reminders were planned, if any.
    #[serde(default)]
    pub planned_day: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxCount {
    pub kind: String,
    pub status: String,
    pub count: i64,
}

/// One text as an admin sees it: the number masked, never the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxLine {
    pub kind: String,
    pub status: String,
    pub phone: String,
    pub queued_at: String,
    pub attempts: i64,
    pub error: String,
}

/// A signed-in person's notices (站内消息), newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Notices {
    pub lines: Vec<NoticeLine>,
    pub unread: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeLine {
    /// What it is about, in words: 办理期限提醒, 催办…
    pub kind: String,
    pub text: String,
    /// Where to act on it, inside the app.
    pub link: Option<String>,
    pub at: String,
    pub unread: bool,
}

/// What a text is about. Stored as `kind` on `sms_outbox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// A one-time code the person asked for (找回查询码).
    Code,
    /// The tracking code of a concern just raised.
    CaseRaised,
    CaseAccepted,
    CaseHanded,
    CaseAnswered,
    CaseMerged,
    CaseRejected,
    CaseFeedback,
    /// The council checks again that the result held (回头看).
    CaseRecheck,
    /// Texts over the day's cap, folded into one.
    Digest,
    /// A department's staff: a new assignment.
    AssignmentNew,
    /// A department's staff: the day's deadlines (soon, today, passed).
    Deadlines,
    /// A council's liaisons: assignments past their deadline (催办).
    UrgeCouncil,
    /// The district: assignments long past their deadline (催办).
    UrgeDistrict,
    /// A member: their reception day is tomorrow.
    ReceptionEve,
    /// A council's head and liaisons: what waits, each morning.
    MorningDigest,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 16] = [
        NoticeKind::Code,
        NoticeKind::CaseRaised,
        NoticeKind::CaseAccepted,
        NoticeKind::CaseHanded,
        NoticeKind::CaseAnswered,
        NoticeKind::CaseMerged,
        NoticeKind::CaseRejected,
        NoticeKind::CaseFeedback,
        NoticeKind::CaseRecheck,
        NoticeKind::Digest,
        NoticeKind::AssignmentNew,
        NoticeKind::Deadlines,
        NoticeKind::UrgeCouncil,
        NoticeKind::UrgeDistrict,
        NoticeKind::ReceptionEve,
        NoticeKind::MorningDigest,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            NoticeKind::Code => "code",
            NoticeKind::CaseRaised => "case_raised",
            NoticeKind::CaseAccepted => "case_accepted",
            NoticeKind::CaseHanded => "case_handed",
            NoticeKind::CaseAnswered => "case_answered",
            NoticeKind::CaseMerged => "case_merged",
            NoticeKind::CaseRejected => "case_rejected",
            NoticeKind::CaseFeedback => "case_feedback",
            NoticeKind::CaseRecheck => "case_recheck",
            NoticeKind::Digest => "digest",
            NoticeKind::AssignmentNew => "assignment_new",
            NoticeKind::Deadlines => "deadlines",
            NoticeKind::UrgeCouncil => "urge_council",
            NoticeKind::UrgeDistrict => "urge_district",
            NoticeKind::ReceptionEve => "reception_eve",
            NoticeKind::MorningDigest => "morning_digest",
        }
    }

    pub fn from_db(text: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_db() == text)
    }

    /// Sent at any hour: the person just asked for it (a code, the receipt of what they raised).
    pub fn urgent(self) -> bool {
        matches!(self, NoticeKind::Code | NoticeKind::CaseRaised)
    }

    /// Counted against the day's cap and folded into a digest past it. What the person asked
    /// for, and the digests themselves, never are.
    pub fn capped(self) -> bool {
        !matches!(
            self,
            NoticeKind::Code
                | NoticeKind::CaseRaised
                | NoticeKind::Digest
                | NoticeKind::MorningDigest
        )
    }

    /// Texts to people who work for a council or a department, not to residents: a fold of
    /// them speaks of work to do, not of a concern's progress.
    pub fn to_staff(self) -> bool {
        matches!(
            self,
            NoticeKind::AssignmentNew
                | NoticeKind::Deadlines
                | NoticeKind::UrgeCouncil
                | NoticeKind::UrgeDistrict
                | NoticeKind::ReceptionEve
                | NoticeKind::MorningDigest
        )
    }

    pub fn label(self) -> &'static str {
        let text = crate::base::text::t();
        match self {
            NoticeKind::Code => text.sms_kind_code,
            NoticeKind::CaseRaised => text.sms_kind_raised,
            NoticeKind::CaseAccepted => text.sms_kind_accepted,
            NoticeKind::CaseHanded => text.sms_kind_handed,
            NoticeKind::CaseAnswered => text.sms_kind_answered,
            NoticeKind::CaseMerged => text.sms_kind_merged,
            NoticeKind::CaseRejected => text.sms_kind_rejected,
            NoticeKind::CaseFeedback => text.sms_kind_feedback,
            NoticeKind::CaseRecheck => text.sms_kind_recheck,
            NoticeKind::Digest => text.sms_kind_digest,
            NoticeKind::AssignmentNew => text.sms_kind_assignment,
            NoticeKind::Deadlines => text.sms_kind_deadlines,
            NoticeKind::UrgeCouncil => text.sms_kind_urge_council,
            NoticeKind::UrgeDistrict => text.sms_kind_urge_district,
            NoticeKind::ReceptionEve => text.sms_kind_reception,
            NoticeKind::MorningDigest => text.sms_kind_morning,
        }
    }

    /// The template, from the text module.
    pub fn template(self) -> &'static str {
        let text = crate::base::text::t();
        match self {
            NoticeKind::Code => text.find_sms,
            NoticeKind::CaseRaised => text.sms_case_raised,
            NoticeKind::CaseAccepted => text.sms_case_accepted,
            NoticeKind::CaseHanded => text.sms_case_handed,
            NoticeKind::CaseAnswered => text.sms_case_answered,
            NoticeKind::CaseMerged => text.sms_case_merged,
            NoticeKind::CaseRejected => text.sms_case_rejected,
            NoticeKind::CaseFeedback => text.sms_case_feedback,
            NoticeKind::CaseRecheck => text.sms_case_recheck,
            NoticeKind::Digest => text.sms_digest,
            NoticeKind::AssignmentNew => text.sms_assignment_new,
            NoticeKind::Deadlines => text.sms_deadlines,
            NoticeKind::UrgeCouncil => text.sms_urge_council,
            NoticeKind::UrgeDistrict => text.sms_urge_district,
            NoticeKind::ReceptionEve => text.sms_reception_eve,
            NoticeKind::MorningDigest => text.sms_morning,
        }
    }
}

/// Where a text stands. Stored as `status` on `sms_outbox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Queued,
    /// Handed to the gateway, answer not yet recorded.
    Sending,
    Sent,
    /// The last try failed; it is tried again after a wait.
    Failed,
    /// Tried as often as it may be, or interrupted mid-send (never sent twice).
    GivenUp,
    /// Folded into the next morning's digest.
    Digested,
    /// The number asked for no more texts.
    Stopped,
}

impl Delivery {
    pub const ALL: [Delivery; 7] = [
        Delivery::Queued,
        Delivery::Sending,
        Delivery::Sent,
        Delivery::Failed,
        Delivery::GivenUp,
        Delivery::Digested,
        Delivery::Stopped,
    ];

    pub fn from_db(text: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.as_db() == text)
    }

    pub fn label(self) -> &'static str {
        let text = crate::base::text::t();
        match self {
            Delivery::Queued => text.sms_status_queued,
            Delivery::Sending => text.sms_status_sending,
            Delivery::Sent => text.sms_status_sent,
            Delivery::Failed => text.sms_status_failed,
            Delivery::GivenUp => text.sms_status_given_up,
            Delivery::Digested => text.sms_status_digested,
            Delivery::Stopped => text.sms_status_stopped,
        }
    }

    pub fn as_db(self) -> &'static str {
        match self {
            Delivery::Queued => "queued",
            Delivery::Sending => "sending",
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
            Delivery::GivenUp => "given_up",
            Delivery::Digested => "digested",
            Delivery::Stopped => "stopped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_what_is_stored() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_db(kind.as_db()), Some(kind));
            assert!(!kind.label().is_empty());
        }
        for status in Delivery::ALL {
            assert_eq!(Delivery::from_db(status.as_db()), Some(status));
        }
        assert_eq!(NoticeKind::from_db("other"), None);
    }

    /// One SMS is 70 characters of Chinese. With a tracking code of 20 characters and a short
    /// address every text about a case fits in one.
    #[test]
    fn case_texts_fit_one_message_with_a_short_address() {
        for kind in NoticeKind::ALL {
            if matches!(kind, NoticeKind::Code | NoticeKind::Digest) || kind.to_staff() {
                continue;
            }
            let text = kind
                .template()
                .replace("{code}", "SY-28461-93015-27365")
                .replace("{other}", "SY-28461-93015-27366")
                .replace("{url}", "https://bd.gov.cn");
            let length = text.chars().count();
            let limit = if matches!(kind, NoticeKind::CaseFeedback | NoticeKind::CaseRecheck) {
                90
            } else {
                70
            };
            assert!(length <= limit, "{kind:?} is {length} characters: {text}");
        }
    }
}
