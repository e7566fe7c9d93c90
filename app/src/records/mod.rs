//! A member's duty record (履职档案): one page per member per year, counted from what Bandeng
//! holds (activities attended, sessions, notes, concerns raised, research, reception duty). Each
//! count leads to the records behind it. Types here are shared with the browser.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::activities::{ActivityKind, Outcome};
use crate::contacts::ContactLine;
use serde::{Deserialize, Serialize};

/// What one count of a duty record counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Counted {
    Activities,
    Served,
    Sessions,
    Notes,
    Concerns,
    Research,
    DutySlots,
    /// Reception days the member came to (recorded).
    ReceptionsKept,
    /// Residents received on those days.
    ReceptionVisitors,
    /// Reception days recorded as absent, or past and not recorded at all.
    ReceptionsMissed,
    /// Contacts with linked households (联系界别群众人次).
    Contacts,
    /// 社情民意信息 the member co-authored that their council sent up.
    Reports,
    /// Those adopted (被采用).
    ReportsAdopted,
    /// Instructions (领导批示) they drew.
    ReportInstructions,
    /// 提案 the member submitted as lead author.
    Proposals,
    /// 提案 of others the member co-signed (联名), once submitted.
    ProposalsCoSigned,
    /// Of both, those filed (立案) and handled on.
    ProposalsFiled,
    Outcome(Outcome),
}

/// One number of the record, and the section that lists what it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCount {
    pub counted: Counted,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordActivity {
    pub key: String,
    pub title: String,
    pub kind: ActivityKind,
    pub date: String,
    pub council_name: String,
    pub served: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSession {
    pub key: String,
    pub title: String,
    pub date: String,
    pub council_name: String,
    /// Notes this member wrote in it.
    pub notes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordCase {
    pub code: String,
    pub council: String,
    pub title: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordResearch {
    pub code: String,
    pub council: String,
    pub case_title: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSlot {
    pub date: String,
    pub room_name: String,
    pub starts: String,
    pub ends: String,
    /// Took over from a fellow member (a swap).
    pub swapped_in: bool,
    /// What the reception record says: came or not; none when nobody recorded it.
    pub came: Option<bool>,
    pub visitors: i64,
}

/// Everything the duty record page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyRecord {
    pub member: String,
    pub name: String,
    pub sector: String,
    /// (council name, role label)
    pub councils: Vec<(String, String)>,
    /// The first year counted, and the last: the same for a year's record, five apart for a term's.
    pub year: i32,
    pub to_year: i32,
    pub counts: Vec<RecordCount>,
    pub activities: Vec<RecordActivity>,
    pub sessions: Vec<RecordSession>,
    pub concerns: Vec<RecordCase>,
    pub research: Vec<RecordResearch>,
    pub duty_slots: Vec<RecordSlot>,
    /// Contacts with linked households; names and what was heard only for the member and
    /// their council's own managers.
    pub contacts: Vec<ContactLine>,
    pub reports: Vec<RecordReport>,
    pub proposals: Vec<RecordProposal>,
}

impl Counted {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            Counted::Activities => t.record_activities,
            Counted::Served => t.record_served,
            Counted::Sessions => t.record_sessions,
            Counted::Notes => t.record_notes,
            Counted::Concerns => t.record_concerns,
            Counted::Research => t.record_research,
            Counted::DutySlots => t.record_duty_slots,
            Counted::ReceptionsKept => t.record_receptions_kept,
            Counted::ReceptionVisitors => t.record_reception_visitors,
            Counted::ReceptionsMissed => t.record_receptions_missed,
            Counted::Contacts => t.record_contacts,
            Counted::Reports => t.record_reports,
            Counted::ReportsAdopted => t.record_reports_adopted,
            Counted::ReportInstructions => t.record_report_instructions,
            Counted::Proposals => t.record_proposals,
            Counted::ProposalsCoSigned => t.record_proposals_co_signed,
            Counted::ProposalsFiled => t.record_proposals_filed,
            Counted::Outcome(o) => o.label(),
        }
    }

    /// The section of the page that lists what this count counts.
    pub fn anchor(self) -> &'static str {
        match self {
            Counted::Activities | Counted::Served | Counted::Outcome(_) => "activities",
            Counted::Sessions | Counted::Notes => "sessions",
            Counted::Concerns => "concerns",
            Counted::Research => "research",
            Counted::DutySlots
            | Counted::ReceptionsKept
            | Counted::ReceptionVisitors
            | Counted::ReceptionsMissed => "duty",
            Counted::Contacts => "contacts",
            Counted::Reports | Counted::ReportsAdopted | Counted::ReportInstructions => "reports",
            Counted::Proposals | Counted::ProposalsCoSigned | Counted::ProposalsFiled => {
                "proposals"
            }
        }
    }
}

/// A 社情民意 report the member co-authored, sent up in the years of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordReport {
    pub key: String,
    pub title: String,
    /// The day it was sent up.
    pub date: String,
    pub status: crate::reports::ReportStatus,
    pub bulletin: Option<i64>,
    pub instructions: i64,
}

/// The counts of the reports section, from its list.
pub fn report_counts(reports: &[RecordReport]) -> [RecordCount; 3] {
    let adopted = reports
        .iter()
        .filter(|r| r.status == crate::reports::ReportStatus::Adopted)
        .count();
    [
        RecordCount {
            counted: Counted::Reports,
            value: i64::try_from(reports.len()).unwrap_or(i64::MAX),
        },
        RecordCount {
            counted: Counted::ReportsAdopted,
            value: i64::try_from(adopted).unwrap_or(i64::MAX),
        },
        RecordCount {
            counted: Counted::ReportInstructions,
            value: reports.iter().map(|r| r.instructions).sum(),
        },
    ]
}

/// A 提案 the member submitted or co-signed, submitted in the years of the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordProposal {
    pub key: String,
    pub title: String,
    /// The day it was submitted.
    pub date: String,
    pub number: Option<i64>,
    pub status: crate::proposals::ProposalStatus,
    /// The member is its lead author (else a co-signer).
    pub lead: bool,
}

/// The counts of the proposals section, from its list.
pub fn proposal_counts(proposals: &[RecordProposal]) -> [RecordCount; 3] {
    use crate::proposals::ProposalStatus as S;
    let count = |keep: &dyn Fn(&RecordProposal) -> bool| {
        i64::try_from(proposals.iter().filter(|p| keep(p)).count()).unwrap_or(i64::MAX)
    };
    [
        RecordCount {
            counted: Counted::Proposals,
            value: count(&|p| p.lead),
        },
        RecordCount {
            counted: Counted::ProposalsCoSigned,
            value: count(&|p| !p.lead),
        },
        RecordCount {
            counted: Counted::ProposalsFiled,
            value: count(&|p| matches!(p.status, S::Filed | S::Assigned | S::Replied | S::Closed)),
        },
    ]
}

/// The counts of a record, from its lists: every number is the length or the sum of what the
/// page lists under it, so the figure and its records cannot disagree.
pub fn counts_of(
    activities: &[RecordActivity],
    outcomes: &[(Outcome, i64)],
    sessions: &[RecordSession],
    concerns: &[RecordCase],
    research: &[RecordResearch],
    duty_slots: &[RecordSlot],
    contacts: &[ContactLine],
) -> Vec<RecordCount> {
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    let mut counts = vec![
        RecordCount {
            counted: Counted::Activities,
            value: n(activities.len()),
        },
        RecordCount {
            counted: Counted::Served,
            value: activities.iter().map(|a| a.served).sum(),
        },
    ];
    counts.extend(Outcome::ALL.iter().map(|o| {
        RecordCount {
            counted: Counted::Outcome(*o),
            value: outcomes
                .iter()
                .filter(|(k, _)| k == o)
                .map(|(_, v)| v)
                .sum(),
        }
    }));
    counts.extend([
        RecordCount {
            counted: Counted::Sessions,
            value: n(sessions.len()),
        },
        RecordCount {
            counted: Counted::Notes,
            value: sessions.iter().map(|s| s.notes).sum(),
        },
        RecordCount {
            counted: Counted::Concerns,
            value: n(concerns.len()),
        },
        RecordCount {
            counted: Counted::Research,
            value: n(research.len()),
        },
        RecordCount {
            counted: Counted::DutySlots,
            value: n(duty_slots.len()),
        },
        RecordCount {
            counted: Counted::ReceptionsKept,
            value: n(duty_slots.iter().filter(|s| s.came == Some(true)).count()),
        },
        RecordCount {
            counted: Counted::ReceptionVisitors,
            value: duty_slots
                .iter()
                .filter(|s| s.came == Some(true))
                .map(|s| s.visitors)
                .sum(),
        },
        RecordCount {
            counted: Counted::ReceptionsMissed,
            value: n(duty_slots.iter().filter(|s| s.came != Some(true)).count()),
        },
        RecordCount {
            counted: Counted::Contacts,
            value: n(contacts.len()),
        },
    ]);
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_the_lengths_and_sums_of_the_lists() {
        let activity = |served| RecordActivity {
            key: "a".into(),
            title: "走访".into(),
            kind: ActivityKind::Visit,
            date: "2026-03-01".into(),
            council_name: "东风村协商议事会".into(),
            served,
        };
        let session = |notes| RecordSession {
            key: "s".into(),
            title: "议事".into(),
            date: "2026-03-02".into(),
            council_name: "东风村协商议事会".into(),
            notes,
        };
        let slot = |came, visitors| RecordSlot {
            date: "2026-03-06".into(),
            room_name: "东风村协商议事室".into(),
            starts: "09:00".into(),
            ends: "11:30".into(),
            swapped_in: false,
            came,
            visitors,
        };
        let contact = || ContactLine {
            key: "k".into(),
            household: "h".into(),
            household_name: "马大爷".into(),
            date: "2026-03-09".into(),
            via: crate::contacts::ContactVia::Visit,
            heard: String::new(),
            case: None,
        };
        let counts = counts_of(
            &[activity(12), activity(30)],
            &[
                (Outcome::DisputesResolved, 2),
                (Outcome::DisputesResolved, 1),
            ],
            &[session(4), session(0), session(3)],
            &[],
            &[],
            &[
                slot(Some(true), 5),
                slot(Some(false), 0),
                slot(None, 0),
                slot(Some(true), 2),
            ],
            &[contact(), contact()],
        );
        let value = |c: Counted| counts.iter().find(|x| x.counted == c).unwrap().value;
        assert_eq!(value(Counted::Activities), 2);
        assert_eq!(value(Counted::Served), 42);
        assert_eq!(value(Counted::Outcome(Outcome::DisputesResolved)), 3);
        assert_eq!(value(Counted::Outcome(Outcome::AidCases)), 0);
        assert_eq!(value(Counted::Sessions), 3);
        assert_eq!(value(Counted::Notes), 7);
        assert_eq!(value(Counted::Concerns), 0);
        assert_eq!(value(Counted::DutySlots), 4);
        assert_eq!(value(Counted::ReceptionsKept), 2);
        assert_eq!(value(Counted::ReceptionVisitors), 7);
        // An absence and a day nobody recorded both count as missed.
        assert_eq!(value(Counted::ReceptionsMissed), 2);
        assert_eq!(value(Counted::Contacts), 2);
    }

    #[test]
    fn proposal_counts_are_those_of_the_list() {
        use crate::proposals::ProposalStatus as S;
        let proposal = |status, lead| RecordProposal {
            key: "p".into(),
            title: "提案".into(),
            date: "2026-12-01".into(),
            number: Some(1),
            status,
            lead,
        };
        let counts = proposal_counts(&[
            proposal(S::Closed, true),
            proposal(S::Submitted, true),
            proposal(S::Assigned, false),
            proposal(S::Declined, false),
        ]);
        assert_eq!(
            counts.map(|c| (c.counted, c.value)),
            [
                (Counted::Proposals, 2),
                (Counted::ProposalsCoSigned, 2),
                (Counted::ProposalsFiled, 2)
            ]
        );
    }

    #[test]
    fn report_counts_are_those_of_the_list() {
        use crate::reports::ReportStatus;
        let report = |status, instructions| RecordReport {
            key: "r".into(),
            title: "关于村口路灯的情况反映".into(),
            date: "2026-03-01".into(),
            status,
            bulletin: None,
            instructions,
        };
        let counts = report_counts(&[
            report(ReportStatus::Adopted, 2),
            report(ReportStatus::Submitted, 0),
            report(ReportStatus::Adopted, 0),
        ]);
        let values: Vec<(Counted, i64)> = counts.iter().map(|c| (c.counted, c.value)).collect();
        assert_eq!(
            values,
            [
                (Counted::Reports, 3),
                (Counted::ReportsAdopted, 2),
                (Counted::ReportInstructions, 2)
            ]
        );
    }
}
