//! What each figure counts, written once (`source`): the records' table and filter, and the
//! month tally SurrealDB keeps of that table (`stat_*`, migration 014) with the same filter read
//! over the tally's columns. `store.rs` builds every query from these: the figure, its splits,
//! its months and its list of records, so a figure always equals the length of its list and an
//! area's figure the sum of its councils'.
//!
//! Every record has exactly one owning council (a case's, a session's, an activity's…), and is
//! counted there only: a member serving two councils who attends a session counts once, in the
//! session's council. Only fixed SurrealQL from this file is formatted into a query.
use super::{Figure, Split};

/// When a record happened, for the period.
#[derive(Clone, Copy)]
pub enum When {
    /// A stored moment (UTC datetime); compared with the Beijing midnights of the period.
    At(&'static str),
    /// A Beijing day or `YYYY-MM-DDTHH:MM` string; compared as text.
    Day(&'static str),
}

/// Where a record's list row links to.
#[derive(Clone, Copy)]
pub enum Link {
    /// The staff page of the case, by council and tracking code.
    Case,
    Session,
    Activity,
    /// A member's duty record.
    Member,
    Report,
    Proposal,
}

/// The month tally of a figure: a table view grouped by council, Beijing month (`month`) and
/// the columns the figure's filter and splits read.
pub struct Tally {
    pub view: &'static str,
    /// The figure's filter over the tally's columns: the records' own filter where the columns
    /// are the same, less what holds for every month read from a tally (see `Source::until_now`).
    pub filter: &'static str,
    /// The tally's column summed for a sum figure.
    pub sum: Option<&'static str>,
}

/// One figure's definition as queries.
pub struct Source {
    pub table: &'static str,
    /// The owning council of a row.
    pub council: &'static str,
    pub when: When,
    /// What else a row must be, if anything.
    pub filter: &'static str,
    /// The field summed for a sum figure; a count otherwise.
    pub sum: Option<&'static str>,
    /// Counts only what has happened by now (`$now_local`, `$today` in `filter`): this month is
    /// read from the records, earlier months from the tally, where it is true of every row.
    pub until_now: bool,
    /// Not by period: as of today (assignments overdue now).
    pub as_of_today: bool,
    /// The list row: day, title, council_name, detail, amount, code, council_key, link_key.
    pub row: &'static str,
    pub link: Link,
    pub tally: Tally,
}

const CASE_ROW: &str = "time::format(created_at + 8h, '%Y-%m-%d') AS day, title,
    council.name AS council_name, status AS detail, NONE AS amount, tracking_code AS code,
    meta::id(council) AS council_key, NONE AS link_key";
const RECEIVED: &str = "status != 'merged'";
/// The statuses of a settled case; the tally `stat_settle` holds the cases in them.
const SETTLED: &str = "status IN ['answered', 'not_adopted', 'closed']";
const TOPICS: &str = "status != 'merged' AND array::len(screening) > 0";
const TOPICS_CONSULTED: &str = "array::len(screening) > 0
    AND status IN ['consulting', 'implementing', 'feedback_given', 'closed']";
const ATTENDEE_ROW: &str = "string::slice(starts_at, 0, 10) AS day,
    session.title AS title, session.council.name AS council_name,
    IF kind = 'member' THEN name ELSE kind END AS detail, NONE AS amount, NONE AS code,
    meta::id(council) AS council_key, meta::id(session) AS link_key";
const MEMBER: &str = "kind = 'member'";
const RESIDENT: &str = "kind IN ['resident', 'elder', 'stakeholder']";
const ASSIGNMENT_ROW: &str = "time::format(created_at + 8h, '%Y-%m-%d') AS day, task AS title,
    council.name AS council_name, deadline AS detail, NONE AS amount,
    case.tracking_code AS code, meta::id(council) AS council_key, NONE AS link_key";
const DONE: &str = "status = 'done'";
const OPEN: &str = "status != 'done'";
const RECEPTION_ROW: &str = "on_date AS day, member.name AS title, council.name AS council_name,
    absent_reason AS detail, visitors AS amount, NONE AS code, meta::id(council) AS council_key,
    meta::id(member) AS link_key";
const RECHECK: &str = "(step = 'close' OR (step = 'reopen' AND from_status = 'feedback_given'))";
/// A report's or a proposal's list row: both are dated by when the council sent them up.
const SENT_UP_ROW: &str = "time::format(submitted_at + 8h, '%Y-%m-%d') AS day, title,
    council.name AS council_name, status AS detail, NONE AS amount, NONE AS code,
    meta::id(council) AS council_key, meta::id(id) AS link_key";
const SUBMITTED: &str = "submitted_at != NONE";
const ADOPTED: &str = "submitted_at != NONE AND status = 'adopted'";
const INSTRUCT: &str = "step = 'instruct'";
/// A proposal filed (立案) and every status after it.
const FILED: &str = "submitted_at != NONE AND status IN ['filed', 'assigned', 'replied', 'closed']";
const CAME: &str = "came = true";
const MISSED: &str = "came = false";

/// Conditions and rows put together from the parts above (Rust has no `concat!` for consts).
mod joined {
    pub const MEMBER_AT_HELD: &str = "starts_at <= $now_local AND kind = 'member'";
    pub const RESIDENT_AT_HELD: &str =
        "starts_at <= $now_local AND kind IN ['resident', 'elder', 'stakeholder']";
    pub const OVERDUE: &str = "status != 'done' AND deadline < $today";
    pub const ACTIVITY_ROW: &str = "on_date AS day, title, council.name AS council_name,
        kind AS detail, NONE AS amount, meta::id(council) AS council_key,
        meta::id(id) AS link_key, NONE AS code";
    pub const SERVED_ROW: &str = "on_date AS day, title, council.name AS council_name,
        kind AS detail, served AS amount, meta::id(council) AS council_key,
        meta::id(id) AS link_key, NONE AS code";
    pub const DISPUTES_ROW: &str = "on_date AS day, title, council.name AS council_name,
        kind AS detail, outcomes.disputes_resolved AS amount, meta::id(council) AS council_key,
        meta::id(id) AS link_key, NONE AS code";
}

fn tally(view: &'static str, filter: &'static str) -> Tally {
    Tally {
        view,
        filter,
        sum: None,
    }
}

pub fn source(figure: Figure) -> Source {
    use Figure::*;
    let base =
        |table: &'static str, when: When, row: &'static str, link: Link, tally: Tally| Source {
            table,
            council: "council",
            when,
            filter: "",
            sum: None,
            until_now: false,
            as_of_today: false,
            row,
            link,
            tally,
        };
    let case = |filter: &'static str| Source {
        filter,
        ..base(
            "case",
            When::At("created_at"),
            CASE_ROW,
            Link::Case,
            tally("stat_case", filter),
        )
    };
    let attendee = |filter: &'static str, tally_filter: &'static str| Source {
        filter,
        until_now: true,
        ..base(
            "attendee",
            When::Day("starts_at"),
            ATTENDEE_ROW,
            Link::Session,
            tally("stat_attendee", tally_filter),
        )
    };
    let assignment = |filter: &'static str| Source {
        filter,
        ..base(
            "assignment",
            When::At("created_at"),
            ASSIGNMENT_ROW,
            Link::Case,
            tally("stat_assignment", filter),
        )
    };
    let of_case = |table: &'static str, when: When, filter: &'static str, row, tally| Source {
        council: "case.council",
        filter,
        ..base(table, when, row, Link::Case, tally)
    };
    let activity = |sum: Option<&'static str>, row: &'static str, tally_sum| Source {
        sum,
        filter: match sum {
            Some("served") => "served > 0",
            Some(_) => "outcomes.disputes_resolved > 0",
            None => "",
        },
        ..base(
            "activity",
            When::Day("on_date"),
            row,
            Link::Activity,
            Tally {
                view: "stat_activity",
                filter: "",
                sum: tally_sum,
            },
        )
    };
    let reception = |filter: &'static str| Source {
        filter,
        ..base(
            "reception",
            When::Day("on_date"),
            RECEPTION_ROW,
            Link::Member,
            tally("stat_reception", filter),
        )
    };
    let sent_up = |table: &'static str, filter: &'static str, link, view, tally_filter| Source {
        filter,
        ..base(
            table,
            When::At("submitted_at"),
            SENT_UP_ROW,
            link,
            tally(view, tally_filter),
        )
    };
    match figure {
        Sessions => Source {
            filter: "starts_at <= $now_local",
            until_now: true,
            ..base(
                "council_session",
                When::Day("starts_at"),
                "string::slice(starts_at, 0, 10) AS day, title, council.name AS council_name,
                form AS detail, NONE AS amount, NONE AS code, meta::id(council) AS council_key,
                meta::id(id) AS link_key",
                Link::Session,
                tally("stat_session", ""),
            )
        },
        MemberAttendances => attendee(joined::MEMBER_AT_HELD, MEMBER),
        ResidentAttendances => attendee(joined::RESIDENT_AT_HELD, RESIDENT),
        Concerns => case(RECEIVED),
        Settled => Source {
            row: "time::format(created_at + 8h, '%Y-%m-%d') AS day, title,
                council.name AS council_name, status AS detail,
                duration::days(updated_at - created_at) AS amount, tracking_code AS code,
                meta::id(council) AS council_key, NONE AS link_key",
            tally: tally("stat_settle", ""),
            ..case(SETTLED)
        },
        Topics => case(TOPICS),
        TopicsConsulted => case(TOPICS_CONSULTED),
        Recommendations => of_case(
            "recommendation",
            When::At("updated_at"),
            "",
            "time::format(updated_at + 8h, '%Y-%m-%d') AS day, text AS title,
                case.council.name AS council_name, case.title AS detail, NONE AS amount,
                case.tracking_code AS code, meta::id(case.council) AS council_key,
                NONE AS link_key",
            tally("stat_recommendation", ""),
        ),
        Assignments => assignment(""),
        AssignmentsDone => assignment(DONE),
        Overdue => Source {
            filter: joined::OVERDUE,
            until_now: true,
            as_of_today: true,
            when: When::Day("deadline"),
            tally: tally("stat_deadline", OPEN),
            ..assignment("")
        },
        Ratings => of_case(
            "case_rating",
            When::At("at"),
            "",
            "time::format(at + 8h, '%Y-%m-%d') AS day, case.title AS title,
                case.council.name AS council_name, <string> score AS detail, NONE AS amount,
                case.tracking_code AS code, meta::id(case.council) AS council_key,
                NONE AS link_key",
            tally("stat_rating", ""),
        ),
        Rechecks => of_case(
            "case_event",
            When::At("at"),
            RECHECK,
            "time::format(at + 8h, '%Y-%m-%d') AS day, case.title AS title,
                case.council.name AS council_name, step AS detail, NONE AS amount,
                case.tracking_code AS code, meta::id(case.council) AS council_key,
                NONE AS link_key",
            tally("stat_recheck", RECHECK),
        ),
        Activities => activity(None, joined::ACTIVITY_ROW, None),
        ActivityMembers => base(
            "activity_member",
            When::Day("on_date"),
            "on_date AS day, activity.title AS title, activity.council.name AS council_name,
                member.name AS detail, NONE AS amount, NONE AS code,
                meta::id(council) AS council_key, meta::id(activity) AS link_key",
            Link::Activity,
            tally("stat_presence", ""),
        ),
        Served => activity(Some("served"), joined::SERVED_ROW, Some("served")),
        Disputes => activity(
            Some("outcomes.disputes_resolved"),
            joined::DISPUTES_ROW,
            Some("disputes"),
        ),
        Receptions => reception(CAME),
        ReceptionsMissed => reception(MISSED),
        Visitors => Source {
            filter: "came = true AND visitors > 0",
            sum: Some("visitors"),
            tally: Tally {
                view: "stat_reception",
                filter: CAME,
                sum: Some("visitors"),
            },
            ..reception(CAME)
        },
        Contacts => base(
            "contact",
            When::Day("on_date"),
            "on_date AS day, member.name AS title, council.name AS council_name,
                via AS detail, NONE AS amount, NONE AS code, meta::id(council) AS council_key,
                meta::id(member) AS link_key",
            Link::Member,
            tally("stat_contact", ""),
        ),
        Reports => sent_up("report", SUBMITTED, Link::Report, "stat_report", ""),
        ReportsAdopted => sent_up(
            "report",
            ADOPTED,
            Link::Report,
            "stat_report",
            "status = 'adopted'",
        ),
        ReportInstructions => Source {
            filter: INSTRUCT,
            ..base(
                "report_step",
                When::At("at"),
                "time::format(at + 8h, '%Y-%m-%d') AS day, report.title AS title,
                    council.name AS council_name, detail, NONE AS amount, NONE AS code,
                    meta::id(council) AS council_key, meta::id(report) AS link_key",
                Link::Report,
                tally("stat_report_step", INSTRUCT),
            )
        },
        Proposals => sent_up("proposal", SUBMITTED, Link::Proposal, "stat_proposal", ""),
        ProposalsFiled => sent_up(
            "proposal",
            FILED,
            Link::Proposal,
            "stat_proposal",
            "status IN ['filed', 'assigned', 'replied', 'closed']",
        ),
    }
}

/// The field a split reads, on its figure's table and tally alike.
pub fn split_field(split: Split) -> &'static str {
    match split {
        Split::Form => "form",
        Split::Source => "source",
        Split::Category => "category",
        Split::Score => "<string> score",
        Split::Kind => "kind",
    }
}

/// A record's Beijing month (`YYYY-MM`), as its tally groups it.
pub fn month_of(source: &Source) -> String {
    match source.when {
        When::At(field) => format!("time::format({field} + 8h, '%Y-%m')"),
        When::Day(field) => format!("string::slice({field}, 0, 7)"),
    }
}

/// Days from a settled case's arrival to its last step, as `stat_settle` groups them.
pub const DAYS_TO_SETTLE: &str = "duration::days(updated_at - created_at)";
