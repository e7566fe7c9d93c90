//! Who is calling, and the one policy that says what they may do. Deny by default: an action is
//! allowed only where `can` says so. Every server function and route asks `authorize` first.

#[cfg(feature = "ssr")]
pub mod caller;
pub mod roles;
#[cfg(feature = "ssr")]
pub mod session;

use crate::base::ids::{CouncilKey, Holder};
#[cfg(feature = "ssr")]
pub mod store;

/// A signed-in account and everything it may reach, resolved from the session on each request.
/// Its `Debug` names the account key only: a name is personal data and stays out of logs.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Principal {
    pub account: String,
    pub name: String,
    pub system_admin: bool,
    /// The area a district admin holds and every area below it.
    pub admin_areas: Vec<String>,
    /// Councils this account administers: as head, deputy, rotating head or liaison, or under its area.
    pub managed_councils: Vec<String>,
    /// Councils the linked member itself leads (head, deputy, rotating head, liaison): not those
    /// reached through an area. Personal data of residents kept by members stops here.
    pub led_councils: Vec<String>,
    /// Councils the linked member belongs to, in any role.
    pub member_councils: Vec<String>,
    /// The member this account belongs to (a key of `member`), if it is a member's.
    pub member: Option<String>,
    pub department: Option<String>,
    /// The area whose CPPCC office (区政协机关) this account works in, if any.
    pub office_area: Option<String>,
    /// Every council below that office's area: what reaches its queue.
    pub office_councils: Vec<String>,
    /// The review body (a 专委会, the chairs' secretariat) whose staff this account is, if any.
    pub review_body: Option<String>,
    pub must_change_password: bool,
}

impl std::fmt::Debug for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Principal(account:{})", self.account)
    }
}

impl Principal {
    /// Has something to administer: a council, an area, or the whole system.
    pub fn is_admin(&self) -> bool {
        self.system_admin || !self.admin_areas.is_empty() || !self.managed_councils.is_empty()
    }

    fn manages(&self, council: &str) -> bool {
        self.system_admin || self.managed_councils.iter().any(|c| c == council)
    }

    fn holds_area(&self, area: &str) -> bool {
        self.system_admin || self.admin_areas.iter().any(|a| a == area)
    }

    /// Sits at a review level: as a manager of the council holding it, or on the body's staff.
    fn holds_seat(&self, holder: &Holder) -> bool {
        match holder {
            Holder::Council(council) => self.manages(council),
            Holder::Body(body) => self.review_body.as_deref() == Some(body.as_str()),
        }
    }

    /// Every holder this account sits as: the councils it manages, and its review body.
    #[cfg(feature = "ssr")]
    pub fn seats(&self) -> Vec<Holder> {
        let councils = self
            .managed_councils
            .iter()
            .map(|c| Holder::Council(CouncilKey::from_db(c.as_str())));
        let body = self
            .review_body
            .iter()
            .filter_map(|b| crate::base::ids::ReviewBodyKey::parse(b).map(Holder::Body));
        councils.chain(body).collect()
    }
}

/// The caller of a server function or page. One per request, passed by reference: its size
/// costs nothing, and boxing the principal would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A resident or any visitor without an account.
    Anonymous,
    Signed(Principal),
}

impl Actor {
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Actor::Anonymous => None,
            Actor::Signed(p) => Some(p),
        }
    }
}

/// Everything a server function or route does on someone's behalf, with what it touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Ask who one is signed in as (anyone may; the answer is about themselves).
    WhoAmI,
    /// Sign in or out.
    SignIn,
    ListCouncils,
    ViewRoom,
    RaiseConcern,
    ViewCaseByCode,
    /// Use the signed-in screens at all: one's own account, tasks and sessions.
    UseOwnAccount,
    /// Replace one's own password: the one thing an account may do while a change is due.
    ChangeOwnPassword,
    /// Open the admin screens at all.
    OpenAdmin,
    /// Create a council in this area (an area key).
    CreateCouncil {
        area: String,
    },
    /// Edit a council and its rooms, members' roles, roster and standards.
    AdministerCouncil {
        council: CouncilKey,
    },
    /// Keep the sector list of a district.
    ManageSectors {
        district: String,
    },
    /// Create district admins and department accounts; see every account.
    ManageAllAccounts,
    /// Edit a person's details or hand their account a one-time code. A council's managers reach
    /// a person only when every council the person serves lies in their hands and the account is
    /// nothing more than a member's: otherwise they would take over another council's account.
    ManagePerson {
        /// Every council the person is a member of.
        councils: Vec<String>,
        /// The person's account also administers an area, the system, or serves a department.
        elevated: bool,
    },
    /// Browse the audit log (each admin sees the councils they administer).
    ViewAudit,
    /// See what the text-message sender has queued, sent and failed: the system's admins.
    WatchTexts,
    /// Enter a concern for a resident, or put a topic forward, at this council (its members and
    /// those who administer it).
    /// Open, attend and take notes in a council's consultation sessions: its members and admins.
    TakePartInSession {
        council: CouncilKey,
    },
    RaiseForCouncil {
        council: CouncilKey,
    },
    /// Record what a council's station did (activities, check-ins): its members and admins.
    KeepStationRecord {
        council: CouncilKey,
    },
    /// Record a reception day (委员接待日): the member on duty, or the council's managers.
    RecordReception {
        council: CouncilKey,
        /// The caller is the member the slot is for.
        on_duty: bool,
    },
    /// Read a member's duty record (履职档案): the member, and whoever administers a council
    /// the member serves (council managers, the area's district admins, the system).
    ViewDutyRecord {
        member: String,
        /// Every council the member is a member of.
        councils: Vec<String>,
    },
    /// Keep a list of linked households and log contacts with them, in this council: its members.
    KeepContacts {
        council: CouncilKey,
    },
    /// Log a contact with a household: only the member whose household it is.
    LogContact {
        council: CouncilKey,
        /// The household is on the caller's own list.
        own: bool,
    },
    /// Set a district's targets and score sheet, rank its quarters, close one, or reopen one
    /// closed: the district's admins (an area key).
    ScoreDistrict {
        district: String,
    },
    /// Add a score adjustment for a member, with a reason: whoever administers a council the
    /// member serves.
    AdjustScore {
        councils: Vec<String>,
    },
    /// Read a council's statistics and the records behind them: its members and managers.
    ViewCouncilStats {
        council: CouncilKey,
    },
    /// Read an area's statistics (every council in it): whoever holds the area.
    ViewAreaStats {
        area: String,
    },
    /// See and report on a department's assignments (its own staff).
    ReportForDepartment {
        department: String,
    },
    /// Find one's own cases by phone number after a one-time check (residents, no account).
    FindCasesByPhone,
    /// Write a 社情民意 report for this council: its members.
    WriteReport {
        council: CouncilKey,
    },
    /// Return a council's report to its authors or send it up: the council's managers.
    ReviewReport {
        council: CouncilKey,
    },
    /// Receive, issue, record the adoption of, refer or decline a report of this council: the
    /// staff of a CPPCC office above it.
    HandleReport {
        council: CouncilKey,
    },
    /// Draft a proposal (提案) for this council, or co-sign one: its members.
    WriteProposal {
        council: CouncilKey,
    },
    /// See this council's proposals once submitted: its members and managers.
    ReadProposals {
        council: CouncilKey,
    },
    /// File, merge, decline or hand over a proposal of this council: the staff of a CPPCC office
    /// above it (the district's 提案委).
    HandleProposal {
        council: CouncilKey,
    },
    /// Set a district's submission window: its office's staff.
    SetProposalWindow {
        district: String,
    },
    /// Decide on a topic at a review level (三级会审), or read one that reached it: whoever sits
    /// as the level's holder.
    ReviewTopic {
        holder: Holder,
    },
    /// Say who holds each review level of a council: whoever holds the council's area (the
    /// district above it), never the council itself, which would wave its own topics through.
    SetReviewLevels {
        /// The council's area.
        area: String,
    },
}

/// The policy.
pub fn can(actor: &Actor, action: &Action) -> bool {
    use Action::*;
    if matches!(
        action,
        WhoAmI
            | SignIn
            | ListCouncils
            | ViewRoom
            | RaiseConcern
            | ViewCaseByCode
            | FindCasesByPhone
    ) {
        return true;
    }
    let Some(p) = actor.principal() else {
        return false;
    };
    // A one-time code only opens the door to choosing a password.
    if p.must_change_password {
        return matches!(action, ChangeOwnPassword);
    }
    match action {
        WhoAmI | SignIn | ListCouncils | ViewRoom | RaiseConcern | ViewCaseByCode
        | FindCasesByPhone | UseOwnAccount | ChangeOwnPassword => true,
        OpenAdmin | ViewAudit => p.is_admin(),
        CreateCouncil { area } => p.holds_area(area),
        AdministerCouncil { council } => p.manages(council),
        ManageSectors { district } => p.holds_area(district),
        ManageAllAccounts | WatchTexts => p.system_admin,
        // Someone who serves nowhere any more is nobody's council's to take: the system's.
        ManagePerson { councils, elevated } => {
            p.system_admin
                || (!elevated && !councils.is_empty() && councils.iter().all(|c| p.manages(c)))
        }
        RecordReception { council, on_duty } => {
            p.manages(council)
                || (*on_duty && p.member_councils.iter().any(|c| c == council.as_str()))
        }
        ViewDutyRecord { member, councils } => {
            p.member.as_deref() == Some(member.as_str())
                || p.system_admin
                || councils.iter().any(|c| p.manages(c))
        }
        RaiseForCouncil { council }
        | TakePartInSession { council }
        | KeepStationRecord { council } => {
            p.manages(council) || p.member_councils.iter().any(|c| c == council.as_str())
        }
        KeepContacts { council } => p.member_councils.iter().any(|c| c == council.as_str()),
        LogContact { council, own } => {
            *own && p.member_councils.iter().any(|c| c == council.as_str())
        }
        ScoreDistrict { district } => p.holds_area(district),
        ViewCouncilStats { council } => {
            p.manages(council) || p.member_councils.iter().any(|c| c == council.as_str())
        }
        ViewAreaStats { area } => p.holds_area(area),
        AdjustScore { councils } => councils.iter().any(|c| p.manages(c)),
        ReportForDepartment { department } => p.department.as_deref() == Some(department.as_str()),
        WriteReport { council } => {
            p.member.is_some() && p.member_councils.iter().any(|c| c == council.as_str())
        }
        ReviewReport { council } => p.manages(council),
        HandleReport { council } | HandleProposal { council } => {
            p.office_councils.iter().any(|c| c == council.as_str())
        }
        WriteProposal { council } => {
            p.member.is_some() && p.member_councils.iter().any(|c| c == council.as_str())
        }
        ReadProposals { council } => {
            p.manages(council) || p.member_councils.iter().any(|c| c == council.as_str())
        }
        SetProposalWindow { district } => {
            p.system_admin || p.office_area.as_deref() == Some(district.as_str())
        }
        ReviewTopic { holder } => p.holds_seat(holder),
        SetReviewLevels { area } => p.holds_area(area),
    }
}

/// The department `me` serves, if the policy lets them act for it (answer its assignments and
/// referrals).
pub fn department_served(me: &Principal) -> Option<String> {
    let actor = Actor::Signed(me.clone());
    me.department.clone().filter(|department| {
        can(
            &actor,
            &Action::ReportForDepartment {
                department: department.clone(),
            },
        )
    })
}

/// The caller of the current request: the account behind the session cookie, if any.
#[cfg(feature = "ssr")]
pub async fn current_actor() -> Result<Actor, crate::base::error::AppError> {
    let state = crate::server::state::app_state()?;
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()
        .ok_or(crate::base::error::AppError::Internal)?;
    caller::actor_of(&state.db, &parts.headers, &parts.extensions).await
}

/// The actor for a plain axum route, from the request's `Cookie` header.
#[cfg(feature = "ssr")]
pub async fn actor_from_headers(
    db: &crate::server::db::Db,
    headers: &axum::http::HeaderMap,
) -> Result<Actor, crate::base::error::AppError> {
    let Some(token) = crate::auth::session::token_from_headers(headers) else {
        return Ok(Actor::Anonymous);
    };
    Ok(store::principal_for_token(db, token)
        .await?
        .map_or(Actor::Anonymous, Actor::Signed))
}

/// The first line of every server function: who is calling, and may they do this?
/// Anonymous callers of a closed action get `Unauthenticated` (sign in), others `Forbidden`.
#[cfg(feature = "ssr")]
pub async fn authorize(action: Action) -> Result<Actor, crate::base::error::AppError> {
    let actor = current_actor().await?;
    check(actor, &action)
}

/// `authorize` for a plain axum route, which has no Leptos context.
#[cfg(feature = "ssr")]
pub async fn authorize_route(
    db: &crate::server::db::Db,
    headers: &axum::http::HeaderMap,
    action: Action,
) -> Result<Actor, crate::base::error::AppError> {
    let actor = actor_from_headers(db, headers).await?;
    check(actor, &action)
}

#[cfg(feature = "ssr")]
pub fn check(actor: Actor, action: &Action) -> Result<Actor, crate::base::error::AppError> {
    if can(&actor, action) {
        return Ok(actor);
    }
    let account = actor.principal().map_or("", |p| p.account.as_str());
    tracing::warn!(account, ?action, "denied");
    let error = match actor {
        Actor::Anonymous => crate::base::error::AppError::Unauthenticated,
        Actor::Signed(_) => crate::base::error::AppError::Forbidden,
    };
    Err(error)
}

/// `check` for an action only a signed-in caller may take: answers who it is.
#[cfg(feature = "ssr")]
pub fn check_signed(
    actor: Actor,
    action: &Action,
) -> Result<Principal, crate::base::error::AppError> {
    match check(actor, action)? {
        Actor::Signed(me) => Ok(me),
        Actor::Anonymous => Err(crate::base::error::AppError::Unauthenticated),
    }
}

/// Access to something that belongs to a council (a session, an activity), found as `council`
/// by its key: signed out is 401, an unknown key 404, and then the policy decides `action`.
#[cfg(feature = "ssr")]
pub fn check_for_council(
    actor: Actor,
    council: Option<String>,
    action: impl FnOnce(CouncilKey) -> Action,
) -> Result<(Principal, String), crate::base::error::AppError> {
    use crate::base::error::AppError;
    if actor.principal().is_none() {
        return Err(AppError::Unauthenticated);
    }
    let council = council.ok_or(AppError::NotFound)?;
    let me = check_signed(actor, &action(CouncilKey::from_db(council.as_str())))?;
    Ok((me, council))
}

/// `authorize` for actions that need a signed-in caller: returns who it is.
#[cfg(feature = "ssr")]
pub async fn authorize_signed(action: Action) -> Result<Principal, crate::base::error::AppError> {
    check_signed(current_actor().await?, &action)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(council: &str) -> CouncilKey {
        CouncilKey::parse(council).unwrap()
    }

    fn signed(f: impl FnOnce(&mut Principal)) -> Actor {
        let mut p = Principal {
            account: "a".into(),
            name: "测试".into(),
            ..Default::default()
        };
        f(&mut p);
        Actor::Signed(p)
    }

    /// Every kind of action, as every kind of caller: the table grows with each role or action.
    #[test]
    fn the_policy_table() {
        let anonymous = Actor::Anonymous;
        let system = signed(|p| p.system_admin = true);
        let district = signed(|p| {
            p.admin_areas = vec!["nanshan".into(), "yuehai".into()];
            p.managed_councils = vec!["ns_yuehai".into()];
        });
        let head = signed(|p| {
            p.managed_councils = vec!["sy_dongfeng".into()];
            p.member_councils = vec!["sy_dongfeng".into()];
        });
        let member = signed(|p| {
            p.member_councils = vec!["sy_dongfeng".into()];
            p.member = Some("sy_01".into());
        });
        let staff = signed(|p| p.department = Some("water".into()));
        let callers = [&anonymous, &system, &district, &head, &member, &staff];

        let own = |c: &str| Action::AdministerCouncil { council: key(c) };
        let area = |a: &str| Action::CreateCouncil { area: a.into() };
        let sectors = |a: &str| Action::ManageSectors { district: a.into() };
        let raise = |c: &str| Action::RaiseForCouncil { council: key(c) };
        let report = |d: &str| Action::ReportForDepartment {
            department: d.into(),
        };
        let station = |c: &str| Action::KeepStationRecord { council: key(c) };
        let reception = |c: &str, on_duty: bool| Action::RecordReception {
            council: key(c),
            on_duty,
        };
        let record = |m: &str, councils: &[&str]| Action::ViewDutyRecord {
            member: m.into(),
            councils: councils.iter().map(|c| c.to_string()).collect(),
        };
        let contacts = |c: &str| Action::KeepContacts { council: key(c) };
        let contact = |c: &str, own: bool| Action::LogContact {
            council: key(c),
            own,
        };
        let score = |d: &str| Action::ScoreDistrict { district: d.into() };
        let adjust = |councils: &[&str]| Action::AdjustScore {
            councils: councils.iter().map(|c| c.to_string()).collect(),
        };
        let council_stats = |c: &str| Action::ViewCouncilStats { council: key(c) };
        let area_stats = |a: &str| Action::ViewAreaStats { area: a.into() };
        let person = |councils: &[&str], elevated: bool| Action::ManagePerson {
            councils: councils.iter().map(|c| c.to_string()).collect(),
            elevated,
        };
        #[rustfmt::skip]
        let expected: Vec<(Action, [bool; 6])> = vec![
            //                         anon   system district head   member staff
            (Action::WhoAmI,           [true, true,  true,    true,  true,  true]),
            (Action::SignIn,           [true, true,  true,    true,  true,  true]),
            (Action::ListCouncils,     [true, true,  true,    true,  true,  true]),
            (Action::ViewRoom,         [true, true,  true,    true,  true,  true]),
            (Action::RaiseConcern,     [true, true,  true,    true,  true,  true]),
            (Action::ViewCaseByCode,   [true, true,  true,    true,  true,  true]),
            (Action::UseOwnAccount,    [false, true, true,    true,  true,  true]),
            (Action::OpenAdmin,        [false, true, true,    true,  false, false]),
            (Action::ViewAudit,        [false, true, true,    true,  false, false]),
            (own("sy_dongfeng"),       [false, true, false,   true,  false, false]),
            (own("ns_yuehai"),         [false, true, true,    false, false, false]),
            (area("yuehai"),           [false, true, true,    false, false, false]),
            (area("sanyuan"),          [false, true, false,   false, false, false]),
            (sectors("nanshan"),       [false, true, true,    false, false, false]),
            (Action::ManageAllAccounts,[false, true, false,   false, false, false]),
            (Action::WatchTexts,       [false, true, false,   false, false, false]),
            (raise("sy_dongfeng"),     [false, true, false,   true,  true,  false]),
            (raise("ns_yuehai"),       [false, true, true,    false, false, false]),
            (report("water"),          [false, false, false,  false, false, true]),
            (report("roads"),          [false, false, false,  false, false, false]),
            (station("sy_dongfeng"),   [false, true, false,   true,  true,  false]),
            (station("ns_yuehai"),     [false, true, true,    false, false, false]),
            // The member on duty records their slot; a fellow member may not, the managers may.
            (reception("sy_dongfeng", true),  [false, true, false, true,  true,  false]),
            (reception("sy_dongfeng", false), [false, true, false, true,  false, false]),
            (reception("ns_yuehai", false),   [false, true, true,  false, false, false]),
            // One's own record; a fellow member's only for those who administer their council.
            (record("sy_01", &["sy_dongfeng"]), [false, true, false, true, true,  false]),
            (record("sy_02", &["sy_dongfeng"]), [false, true, false, true, false, false]),
            (record("ns_09", &["ns_yuehai"]),   [false, true, true,  false, false, false]),
            // Households are the member's own list: no admin keeps one for them.
            (contacts("sy_dongfeng"),       [false, false, false, true,  true,  false]),
            (contacts("ns_yuehai"),         [false, false, false, false, false, false]),
            (contact("sy_dongfeng", true),  [false, false, false, true,  true,  false]),
            (contact("sy_dongfeng", false), [false, false, false, false, false, false]),
            // A district's scores are its admins'; adjustments come from a council's managers.
            (score("nanshan"),              [false, true, true,    false, false, false]),
            (score("yongjing"),             [false, true, false,   false, false, false]),
            (adjust(&["sy_dongfeng"]),      [false, true, false,   true,  false, false]),
            (adjust(&["ns_yuehai"]),        [false, true, true,    false, false, false]),
            // A council's figures for its members and managers; an area's for who holds it.
            (council_stats("sy_dongfeng"),  [false, true, false,   true,  true,  false]),
            (council_stats("ns_yuehai"),    [false, true, true,    false, false, false]),
            (area_stats("nanshan"),         [false, true, true,    false, false, false]),
            (area_stats("sanyuan"),         [false, true, false,   false, false, false]),
            (Action::FindCasesByPhone, [true, true,  true,    true,  true,  true]),
            (Action::ChangeOwnPassword,[false, true, true,    true,  true,  true]),
            // A person serving only where the caller manages, with a member's account.
            (person(&["sy_dongfeng"], false),              [false, true, false, true,  false, false]),
            // The same person also serving in another council: only the system admin.
            (person(&["sy_dongfeng", "ns_yuehai"], false), [false, true, false, false, false, false]),
            (person(&["ns_yuehai"], false),                [false, true, true,  false, false, false]),
            // Someone who serves nowhere any more: only the system admin.
            (person(&[], false),                           [false, true, false, false, false, false]),
            // A district admin's or department's account: only the system admin.
            (person(&["sy_dongfeng"], true),               [false, true, false, false, false, false]),
        ];
        for (action, row) in &expected {
            for (caller, allowed) in callers.iter().zip(row) {
                assert_eq!(can(caller, action), *allowed, "{caller:?} {action:?}");
            }
        }
    }

    /// A report's three levels: its council's members write, its managers review, the office
    /// above it handles; nobody beside them does any of it.
    #[test]
    fn each_level_of_a_report_is_held_by_its_own_people() {
        let member = signed(|p| {
            p.member_councils = vec!["sy_dongfeng".into()];
            p.member = Some("sy_01".into());
        });
        let head = signed(|p| {
            p.managed_councils = vec!["sy_dongfeng".into()];
        });
        let office = signed(|p| {
            p.office_area = Some("yongjing".into());
            p.office_councils = vec!["sy_dongfeng".into()];
        });
        let system = signed(|p| p.system_admin = true);
        let write = Action::WriteReport {
            council: key("sy_dongfeng"),
        };
        let review = Action::ReviewReport {
            council: key("sy_dongfeng"),
        };
        let handle = |c: &str| Action::HandleReport { council: key(c) };
        #[rustfmt::skip]
        let expected = [
            //                         member head   office system anonymous
            (write.clone(),            [true,  false, false, false, false]),
            (review.clone(),           [false, true,  false, true,  false]),
            (handle("sy_dongfeng"),    [false, false, true,  false, false]),
            (handle("ns_yuehai"),      [false, false, false, false, false]),
            // A proposal: members draft and co-sign, members and managers read it once
            // submitted, the office above files and hands it over and sets its window.
            (Action::WriteProposal { council: key("sy_dongfeng") }, [true, false, false, false, false]),
            (Action::ReadProposals { council: key("sy_dongfeng") }, [true, true, false, true, false]),
            (Action::HandleProposal { council: key("sy_dongfeng") }, [false, false, true, false, false]),
            (Action::HandleProposal { council: key("ns_yuehai") }, [false, false, false, false, false]),
            (Action::SetProposalWindow { district: "yongjing".into() }, [false, false, true, true, false]),
            (Action::SetProposalWindow { district: "nanshan".into() }, [false, false, false, true, false]),
        ];
        for (action, row) in expected {
            for (caller, allowed) in [&member, &head, &office, &system, &Actor::Anonymous]
                .iter()
                .zip(row)
            {
                assert_eq!(can(caller, &action), allowed, "{caller:?} {action:?}");
            }
        }
    }

    #[test]
    fn a_password_change_due_allows_nothing_else() {
        let due = signed(|p| {
            p.system_admin = true;
            p.managed_councils = vec!["sy_dongfeng".into()];
            p.must_change_password = true;
        });
        assert!(can(&due, &Action::ChangeOwnPassword));
        for action in [
            Action::UseOwnAccount,
            Action::OpenAdmin,
            Action::ManageAllAccounts,
            Action::AdministerCouncil {
                council: key("sy_dongfeng"),
            },
            Action::TakePartInSession {
                council: key("sy_dongfeng"),
            },
        ] {
            assert!(!can(&due, &action), "{action:?}");
        }
        // What anyone may do, a resident included, stays open.
        assert!(can(&due, &Action::ViewRoom) && can(&due, &Action::WhoAmI));
    }

    #[test]
    fn a_principal_is_logged_by_its_key_only() {
        let p = Principal {
            account: "k1".into(),
            name: "王大妈".into(),
            ..Default::default()
        };
        assert_eq!(format!("{p:?}"), "Principal(account:k1)");
    }
}
