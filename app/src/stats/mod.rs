//! Statistics a council can stand behind (`/stats`): figures for a council or an area over a
//! period, each one a count (or a sum) of records Bandeng holds, with one written definition and
//! the list of the records it counts. Types here are shared with the browser; each figure's one
//! definition is in `sources.rs`, the queries built from it in `store.rs`, the rules of periods
//! and shares in `logic.rs`.
pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod logic;
pub mod pages;
pub mod report;
pub mod report_pages;
pub mod search;
pub mod search_pages;
#[cfg(feature = "ssr")]
pub mod search_store;
#[cfg(feature = "ssr")]
mod sources;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::clock::Day;
use crate::base::codes::codes;
use crate::base::ids::{AreaKey, CouncilKey};
use serde::{Deserialize, Serialize};

/// One figure of the statistics screen. Each counts rows of one table (or sums one field of
/// them); its definition is `label_and_definition`, its query `sources::source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Consultation sessions held (协商议事), by form.
    Sessions,
    /// Members checked in at those sessions (人次).
    MemberAttendances,
    /// Residents, elders and stakeholders checked in at those sessions (人次).
    ResidentAttendances,
    /// Concerns and topics received, merged duplicates left out; by source and by category.
    Concerns,
    /// Of those, the ones now settled (answered, not adopted, or closed after the re-check).
    Settled,
    /// Of the concerns received, those raised as topics (screened with 六议).
    Topics,
    /// Of those topics, the ones that reached consultation.
    TopicsConsulted,
    /// Recommendations (协商建议) written.
    Recommendations,
    /// Assignments (责任落实) made.
    Assignments,
    /// Of those, the ones reported done.
    AssignmentsDone,
    /// Assignments past their deadline and not done, today.
    Overdue,
    /// Residents' ratings given; by score.
    Ratings,
    /// Re-checks (回头看) done: closed as held, or reopened as not held.
    Rechecks,
    /// Station activities, by kind.
    Activities,
    /// Members present at those activities (人次).
    ActivityMembers,
    /// Residents served by those activities (人次, a sum).
    Served,
    /// Disputes resolved at those activities (件, a sum).
    Disputes,
    /// Reception days kept (委员接待日到岗).
    Receptions,
    /// Reception days recorded as missed.
    ReceptionsMissed,
    /// Residents received on reception days (人次, a sum).
    Visitors,
    /// Contacts with linked households (联系群众人次).
    Contacts,
    /// 社情民意信息 sent up by the council.
    Reports,
    /// Of those, the ones adopted (被采用).
    ReportsAdopted,
    /// Instructions (批示) recorded on reports.
    ReportInstructions,
    /// 提案 submitted to the district.
    Proposals,
    /// Of those, the ones filed (立案) and onwards.
    ProposalsFiled,
}

codes!(Figure {
    Sessions = "sessions",
    MemberAttendances = "member_attendances",
    ResidentAttendances = "resident_attendances",
    Concerns = "concerns",
    Settled = "settled",
    Topics = "topics",
    TopicsConsulted = "topics_consulted",
    Recommendations = "recommendations",
    Assignments = "assignments",
    AssignmentsDone = "assignments_done",
    Overdue = "overdue",
    Ratings = "ratings",
    Rechecks = "rechecks",
    Activities = "activities",
    ActivityMembers = "activity_members",
    Served = "served",
    Disputes = "disputes",
    Receptions = "receptions",
    ReceptionsMissed = "receptions_missed",
    Visitors = "visitors",
    Contacts = "contacts",
    Reports = "reports",
    ReportsAdopted = "reports_adopted",
    ReportInstructions = "report_instructions",
    Proposals = "proposals",
    ProposalsFiled = "proposals_filed",
});

/// A way a figure is split: by one field of the records it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Sessions by form (板凳, 田间地头, 会议…).
    Form,
    /// Concerns by where they came from.
    Source,
    /// Concerns by category.
    Category,
    /// Ratings by score.
    Score,
    /// Activities by kind.
    Kind,
}

codes!(Split {
    Form = "form",
    Source = "source",
    Category = "category",
    Score = "score",
    Kind = "kind",
});

impl Figure {
    /// The ways this figure is split on the screen.
    pub fn splits(self) -> &'static [Split] {
        match self {
            Figure::Sessions => &[Split::Form],
            Figure::Concerns => &[Split::Source, Split::Category],
            Figure::Ratings => &[Split::Score],
            Figure::Activities => &[Split::Kind],
            _ => &[],
        }
    }

    /// Counted as of today rather than over the period (only what is overdue now).
    pub fn is_current(self) -> bool {
        matches!(self, Figure::Overdue)
    }
}

/// What figures are about: one council, or every council in an area.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scope {
    Council(CouncilKey),
    Area(AreaKey),
}

impl Scope {
    /// `council:ns_yuehai` or `area:nanshan`, as the URL carries it.
    pub fn parse(text: &str) -> Option<Scope> {
        let (kind, key) = text.split_once(':')?;
        match kind {
            "council" => CouncilKey::parse(key).map(Scope::Council),
            "area" => AreaKey::parse(key).map(Scope::Area),
            _ => None,
        }
    }

    pub fn code(&self) -> String {
        match self {
            Scope::Council(c) => format!("council:{c}"),
            Scope::Area(a) => format!("area:{a}"),
        }
    }
}

/// A span of Beijing days, both ends included: a month, a quarter, a year, or any range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// `2026-11`, `2026Q4`, `2026`, or `2026-01-05~2026-02-10`.
    pub code: String,
    pub from: Day,
    pub to: Day,
}

/// One part of a split figure: `room_qr` → 居民扫码反映, 12.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartValue {
    pub part: String,
    pub label: String,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitValues {
    pub split: Split,
    pub parts: Vec<PartValue>,
}

/// A figure's value for the scope and period, and its splits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureValue {
    pub figure: Figure,
    pub value: i64,
    pub splits: Vec<SplitValues>,
}

/// A council's figures, in the order of `Figure::ALL`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilRow {
    pub council: String,
    pub name: String,
    pub values: Vec<i64>,
}

/// A figure month by month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    pub figure: Figure,
    /// `YYYY-MM` and the figure for that month, oldest first.
    pub months: Vec<(String, i64)>,
}

/// Figures that are ratios of others: shown with the figures they come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derived {
    /// Settled of received, in tenths of a percent; none when nothing was received.
    pub settled_permille: Option<i64>,
    /// Median days from receipt to settlement of the settled ones.
    pub median_days_to_settle: Option<f64>,
    /// 满意 and 基本满意 of the ratings, in tenths of a percent.
    pub satisfied_permille: Option<i64>,
}

/// How far an area's network reaches, as of today: each village or community and whether a
/// council there has a room; each council's members, rooms and standards met (of six).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub villages: Vec<(String, bool)>,
    pub councils: Vec<CoverageRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub name: String,
    pub members: i64,
    pub rooms: i64,
    pub standards_met: i64,
}

/// A station has three to ten members (the articles' size for a 委员工作站).
pub const STATION_MEMBERS: std::ops::RangeInclusive<i64> = 3..=10;
/// The items of the standard (五有/六有): all met is compliance.
pub const STANDARD_ITEMS: i64 = 6;

impl Coverage {
    pub fn villages_with_room(&self) -> usize {
        self.villages.iter().filter(|(_, room)| *room).count()
    }

    pub fn councils_of_station_size(&self) -> usize {
        self.councils
            .iter()
            .filter(|c| STATION_MEMBERS.contains(&c.members))
            .count()
    }

    pub fn councils_meeting_standard(&self) -> usize {
        self.councils
            .iter()
            .filter(|c| c.standards_met >= STANDARD_ITEMS)
            .count()
    }
}

/// Everything the statistics screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub scope: Scope,
    pub scope_name: String,
    pub period: Period,
    /// The scopes the caller may choose: code and name.
    pub scopes: Vec<(String, String)>,
    /// Periods offered in the chooser: code and label.
    pub periods: Vec<(String, String)>,
    pub figures: Vec<FigureValue>,
    pub derived: Derived,
    /// Every council of an area, sorted as asked (empty for one council's scope).
    pub councils: Vec<CouncilRow>,
    pub sort: Option<Figure>,
    pub trends: Vec<Trend>,
    pub coverage: Coverage,
}

/// One record a figure counts, as its list shows it. No resident's name or phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    pub day: String,
    pub title: String,
    pub council_name: String,
    pub detail: String,
    /// What the record adds to a summed figure, or days to settle.
    pub amount: Option<i64>,
    pub href: Option<String>,
}

/// The records behind one figure (or one part of a split figure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRecords {
    pub scope: Scope,
    pub scope_name: String,
    pub period: Period,
    pub figure: Figure,
    /// The split and part asked for, with the part's label.
    pub part: Option<(Split, String, String)>,
    /// How many records the list holds: the figure, when it is a count.
    pub total: i64,
    /// The figure, when it is a sum of `amount`.
    pub sum: Option<i64>,
    pub page: i64,
    pub pages: i64,
    pub rows: Vec<RecordRow>,
}

/// Records per page of a figure's list.
pub const PAGE_SIZE: i64 = 50;
