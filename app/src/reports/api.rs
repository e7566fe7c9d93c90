//! Server functions of reports: decode, ask the policy, check, store.
#[cfg(feature = "ssr")]
use super::logic::{self, Role};
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;

/// The reports the caller may see: their own, their councils' from review on, and (for an
/// office) everything sent up from below it.
#[server(endpoint = "reports")]
pub async fn get_reports(filter: ReportFilter) -> Result<ReportsView, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    let text = crate::base::text::t();
    let status = logic::status_filter(&filter.status)?;
    let referral = logic::referral_filter(&filter.referral)?;
    let page = if filter.page == 0 { 1 } else { filter.page };
    if !(1..=1000).contains(&page) {
        return Err(AppError::invalid("page", text.err_choose));
    }
    let (total, lines) =
        visible(&state.db, &me, status, referral, page, super::store::PAGE).await?;
    let councils = if me.member.is_some() {
        crate::councils::store::councils_named(&state.db, &me.member_councils).await?
    } else {
        vec![]
    };
    Ok(ReportsView {
        filter: ReportFilter { page, ..filter },
        lines,
        pages: ((total + super::store::PAGE - 1) / super::store::PAGE).max(1),
        total,
        councils,
        office: me.office_area.is_some(),
        department: crate::auth::department_served(&me).is_some(),
    })
}

/// The reports `me` may see under a status and a referral filter, page `page` of `limit` lines,
/// and how many: the one reading behind `/reports` and its spreadsheet.
#[cfg(feature = "ssr")]
pub async fn visible(
    db: &crate::server::db::Db,
    me: &crate::auth::Principal,
    status: Option<ReportStatus>,
    referral: Option<ReferralFilter>,
    page: i64,
    limit: i64,
) -> Result<(i64, Vec<ReportLine>), AppError> {
    let department = crate::auth::department_served(me);
    let reader = super::store::Reader {
        me,
        managed: &me.managed_councils,
        office: &me.office_councils,
        department: department.as_deref(),
    };
    let today = crate::base::clock::today();
    let filter = super::store::ListFilter {
        status,
        referral,
        today: &today,
    };
    super::store::list(db, &reader, &filter, page, limit).await
}

/// A new report's form for one of the caller's councils, prefilled from `source` (a case of
/// that council by its tracking code, or one of its sessions), with a key of its own.
#[server(endpoint = "new_report")]
pub async fn new_report(council: String, source: String) -> Result<ReportDraft, AppError> {
    let key = crate::base::ids::CouncilKey::parse(&council).ok_or(AppError::NotFound)?;
    crate::auth::authorize_signed(crate::auth::Action::WriteReport { council: key }).await?;
    let state = crate::server::state::app_state()?;
    let mut input = super::store::prefill(&state.db, &council, source.trim()).await?;
    input.key = uuid::Uuid::new_v4().simple().to_string();
    let council_name = super::store::council_name(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = super::store::members_of(&state.db, &council).await?;
    Ok(ReportDraft {
        input,
        council_name,
        members,
    })
}

/// Stores a new report (its key made with the form: sent twice, stored once), or the authors'
/// changes while it is with them. Answers its key.
#[server(endpoint = "save_report")]
pub async fn save_report(input: ReportInput) -> Result<String, AppError> {
    let actor = crate::auth::current_actor().await?;
    if actor.principal().is_none() {
        return Err(AppError::Unauthenticated);
    }
    let state = crate::server::state::app_state()?;
    let text = crate::base::text::t();
    if !crate::base::validate::is_record_key(&input.key) {
        return Err(AppError::invalid("key", text.err_choose));
    }
    let existing = super::store::access(&state.db, &input.key).await?;
    // A change keeps the report's council, whatever the form says.
    let council = existing
        .as_ref()
        .map_or(input.council.clone(), |a| a.council.clone());
    let council_key = crate::base::ids::CouncilKey::parse(&council).ok_or(AppError::NotFound)?;
    let me = crate::auth::check_signed(
        actor,
        &crate::auth::Action::WriteReport {
            council: council_key,
        },
    )?;
    if let Some(access) = &existing {
        let hands = super::store::Hands {
            council: false,
            office: false,
            department: None,
        };
        let author = access.roles(&me, hands).contains(&Role::Author);
        if !author {
            return Err(AppError::Forbidden);
        }
        if !logic::editable(access.status) {
            return Err(AppError::Conflict);
        }
    }
    let member = me.member.clone().ok_or(AppError::Forbidden)?;
    let checked = logic::check_report(&input)?;
    let source = if existing.is_none() && !input.source.is_empty() {
        // Checked again: only a source of this council is kept.
        super::store::source_text(&state.db, &council, &input.source).await?;
        input.source.clone()
    } else {
        String::new()
    };
    let key = super::store::save(
        &state.db,
        &me,
        &member,
        &council,
        &source,
        &input.key,
        existing.is_none(),
        checked,
    )
    .await?;
    leptos_axum::redirect(&format!("/reports/{key}"));
    Ok(key)
}

/// The caller's roles toward a report, each asked of the policy.
#[cfg(feature = "ssr")]
fn roles_of(me: &crate::auth::Principal, access: &super::store::Access) -> Vec<Role> {
    let actor = crate::auth::Actor::Signed(me.clone());
    let council = crate::base::ids::CouncilKey::from_db(access.council.as_str());
    let council_role = crate::auth::can(
        &actor,
        &crate::auth::Action::ReviewReport {
            council: council.clone(),
        },
    );
    let office = crate::auth::can(&actor, &crate::auth::Action::HandleReport { council });
    let hands = super::store::Hands {
        council: council_role,
        office,
        department: crate::auth::department_served(me),
    };
    access.roles(me, hands)
}

/// A report, for whoever it has reached; with the steps the caller may take.
#[server(endpoint = "report")]
pub async fn get_report(key: String) -> Result<ReportView, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    if !crate::base::validate::is_record_key(&key) {
        return Err(AppError::NotFound);
    }
    let state = crate::server::state::app_state()?;
    let access = super::store::access(&state.db, &key)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_of(&me, &access);
    if !roles.iter().any(|r| logic::sees(*r, access.status)) {
        return Err(AppError::Forbidden);
    }
    let today = crate::base::clock::today();
    let mut view = super::store::view(&state.db, &key, &access, &today).await?;
    view.allowed = logic::allowed(access.status, &roles);
    view.editable = roles.contains(&Role::Author) && logic::editable(access.status);
    if roles.contains(&Role::Office) {
        if let Some(area) = &me.office_area {
            view.bulletins = super::store::bulletins(&state.db, area).await?;
            // Each department once: those it went to are left out.
            view.departments = crate::councils::store::departments_under(&state.db, area)
                .await?
                .into_iter()
                .filter(|(key, _)| !access.referrals.iter().any(|(k, _)| k == key))
                .collect();
        }
    }
    Ok(view)
}

/// Takes one step with a report: the level that holds it, from the status it is in.
#[server(endpoint = "report_step")]
pub async fn take_report_step(input: StepInput) -> Result<(), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let text = crate::base::text::t();
    if !crate::base::validate::is_record_key(&input.report) {
        return Err(AppError::NotFound);
    }
    let state = crate::server::state::app_state()?;
    let access = super::store::access(&state.db, &input.report)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_of(&me, &access);
    if !roles.iter().any(|r| logic::sees(*r, access.status)) {
        return Err(AppError::Forbidden);
    }
    let step = logic::check_step(&input, &crate::base::clock::today())?;
    if !roles.contains(&logic::taker(step.step)) {
        return Err(AppError::Forbidden);
    }
    let to = logic::after(access.status, step.step)
        .ok_or_else(|| AppError::invalid("step", text.report_err_step))?;
    super::store::take_step(
        &state.db,
        &me,
        &input.report,
        &access,
        to,
        step,
        me.office_area.as_deref(),
        crate::auth::department_served(&me).as_deref(),
    )
    .await?;
    leptos_axum::redirect(&format!("/reports/{}", input.report));
    Ok(())
}
