//! Server functions of proposals: decode, ask the policy, check, store.
#[cfg(feature = "ssr")]
use super::logic::{self, Role};
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;

/// A co-signer's answer, as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignInput {
    pub proposal: String,
    pub confirm: bool,
}

/// The proposals the caller may see: their own and those they are invited to sign, their
/// councils' once submitted, the office's district, and a unit's once handed to it.
#[server(endpoint = "proposals")]
pub async fn get_proposals(filter: ProposalFilter) -> Result<ProposalsView, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    let text = crate::base::text::t();
    let status = logic::status_filter(&filter.status)?;
    let page = if filter.page == 0 { 1 } else { filter.page };
    if !(1..=1000).contains(&page) {
        return Err(AppError::invalid("page", text.err_choose));
    }
    let today = crate::base::clock::today();
    let mut councils = me.member_councils.clone();
    councils.extend(me.managed_councils.iter().cloned());
    let reader = super::store::Reader {
        me: &me,
        councils: &councils,
        office: &me.office_councils,
    };
    let wanted = super::store::Wanted {
        status,
        overdue: filter.overdue,
        page,
        limit: super::store::PAGE,
    };
    let (total, lines) = super::store::list(&state.db, &reader, wanted, &today).await?;
    let writes = if me.member.is_some() {
        crate::councils::store::councils_named(&state.db, &me.member_councils).await?
    } else {
        vec![]
    };
    let mut districts = super::store::districts_of(&state.db, &me.member_councils).await?;
    districts.extend(me.office_area.iter().cloned());
    let windows = super::store::windows(&state.db, &districts, &today).await?;
    let actor = crate::auth::Actor::Signed(me.clone());
    let sets_window = me.office_area.clone().filter(|area| {
        windows.iter().any(|w| &w.district == area)
            && crate::auth::can(
                &actor,
                &crate::auth::Action::SetProposalWindow {
                    district: area.clone(),
                },
            )
    });
    Ok(ProposalsView {
        filter: ProposalFilter { page, ..filter },
        lines,
        pages: ((total + super::store::PAGE - 1) / super::store::PAGE).max(1),
        total,
        councils: writes,
        office: me.office_area.is_some(),
        windows,
        sets_window,
    })
}

/// The form of a proposal: a new one for one of the caller's councils, prefilled from `source`
/// (a case or a session of that council) with a key of its own; or, given `key`, the caller's
/// own draft as it is.
#[server(endpoint = "draft_proposal")]
pub async fn draft_proposal(
    council: String,
    source: String,
    key: String,
) -> Result<ProposalDraft, AppError> {
    let state = crate::server::state::app_state()?;
    let existing = if key.is_empty() {
        None
    } else if crate::base::validate::is_record_key(&key) {
        Some(
            super::store::access(&state.db, &key)
                .await?
                .ok_or(AppError::NotFound)?,
        )
    } else {
        return Err(AppError::NotFound);
    };
    let council = existing.as_ref().map_or(council, |a| a.council.clone());
    let council_key = crate::base::ids::CouncilKey::parse(&council).ok_or(AppError::NotFound)?;
    let me = crate::auth::authorize_signed(crate::auth::Action::WriteProposal {
        council: council_key,
    })
    .await?;
    let input = match &existing {
        Some(access) => {
            let hands = super::store::Hands::default();
            if !access.roles(&me, hands).contains(&Role::Author) {
                return Err(AppError::Forbidden);
            }
            if !logic::editable(access.status) {
                return Err(AppError::Conflict);
            }
            super::store::draft(&state.db, &key).await?
        }
        None => {
            let mut input = super::store::prefill(&state.db, &council, source.trim()).await?;
            input.key = uuid::Uuid::new_v4().simple().to_string();
            input
        }
    };
    let council_name = crate::reports::store::council_name(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = me.member.clone().unwrap_or_default();
    let members = crate::reports::store::members_of(&state.db, &council)
        .await?
        .into_iter()
        .filter(|(key, _)| *key != mine)
        .collect();
    Ok(ProposalDraft {
        input,
        council_name,
        members,
    })
}

/// Stores a new draft (its key made with the form: sent twice, stored once), or the lead
/// author's changes to it. Answers its key.
#[server(endpoint = "save_proposal")]
pub async fn save_proposal(input: ProposalInput) -> Result<String, AppError> {
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
    // A change keeps the proposal's council, whatever the form says.
    let council = existing
        .as_ref()
        .map_or(input.council.clone(), |a| a.council.clone());
    let council_key = crate::base::ids::CouncilKey::parse(&council).ok_or(AppError::NotFound)?;
    let me = crate::auth::check_signed(
        actor,
        &crate::auth::Action::WriteProposal {
            council: council_key,
        },
    )?;
    if let Some(access) = &existing {
        if !access
            .roles(&me, super::store::Hands::default())
            .contains(&Role::Author)
        {
            return Err(AppError::Forbidden);
        }
        if !logic::editable(access.status) {
            return Err(AppError::Conflict);
        }
    }
    let member = me.member.clone().ok_or(AppError::Forbidden)?;
    let checked = logic::check_proposal(&input)?;
    let district = match &existing {
        Some(access) => access.district.clone(),
        None => crate::scores::store::district_of(&state.db, &council)
            .await?
            .ok_or(AppError::NotFound)?,
    };
    let source = if existing.is_none() && !input.source.is_empty() {
        // Checked again: only a source of this council is kept.
        crate::reports::store::source_text(&state.db, &council, &input.source).await?;
        input.source.clone()
    } else {
        String::new()
    };
    let origin = super::store::Origin {
        council: &council,
        district: &district,
        source: &source,
    };
    let key = super::store::save(
        &state.db,
        &me,
        &member,
        origin,
        &input.key,
        existing.is_none(),
        checked,
    )
    .await?;
    leptos_axum::redirect(&format!("/proposals/{key}"));
    Ok(key)
}

/// The caller's roles toward a proposal, each asked of the policy.
#[cfg(feature = "ssr")]
fn roles_of(me: &crate::auth::Principal, access: &super::store::Access) -> Vec<Role> {
    use crate::auth::{can, Action};
    let actor = crate::auth::Actor::Signed(me.clone());
    let council = crate::base::ids::CouncilKey::from_db(access.council.as_str());
    let unit = |department: &String| {
        can(
            &actor,
            &Action::ReportForDepartment {
                department: department.clone(),
            },
        )
    };
    let hands = super::store::Hands {
        member: can(
            &actor,
            &Action::ReadProposals {
                council: council.clone(),
            },
        ),
        office: can(&actor, &Action::HandleProposal { council }),
        lead: access.lead_unit.as_ref().is_some_and(unit),
        co: access.co_units.iter().any(unit),
    };
    access.roles(me, hands)
}

/// A proposal, for whoever it has reached; with the steps the caller may take.
#[server(endpoint = "proposal")]
pub async fn get_proposal(key: String) -> Result<ProposalView, AppError> {
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
    view.allowed = logic::allowed(access.status, &roles, access.rehandled);
    view.editable = roles.contains(&Role::Author) && logic::editable(access.status);
    view.invited = access.status == ProposalStatus::Draft
        && me.member.as_ref().is_some_and(|m| {
            access
                .signers
                .iter()
                .any(|(s, status)| s == m && *status == SignerStatus::Invited)
        });
    if view.allowed.contains(&ProposalStep::Assign) {
        view.departments =
            crate::councils::store::departments_under(&state.db, &access.district).await?;
        view.default_deadline = logic::three_months_after(&today).to_string();
    }
    Ok(view)
}

/// A co-signer confirms or declines an invitation, once, while the proposal is a draft.
#[server(endpoint = "sign_proposal")]
pub async fn sign_proposal(input: SignInput) -> Result<(), AppError> {
    if !crate::base::validate::is_record_key(&input.proposal) {
        return Err(AppError::NotFound);
    }
    let state = crate::server::state::app_state()?;
    let access = super::store::access(&state.db, &input.proposal)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = crate::auth::authorize_signed(crate::auth::Action::WriteProposal {
        council: crate::base::ids::CouncilKey::from_db(access.council.as_str()),
    })
    .await?;
    let member = me.member.clone().ok_or(AppError::Forbidden)?;
    if !access.signers.iter().any(|(m, _)| *m == member) {
        return Err(AppError::Forbidden);
    }
    super::store::sign(
        &state.db,
        &me,
        &input.proposal,
        &access,
        &member,
        input.confirm,
    )
    .await?;
    leptos_axum::redirect(&format!("/proposals/{}", input.proposal));
    Ok(())
}

/// Takes one step with a proposal: the hand that holds it, from the status it is in.
#[server(endpoint = "proposal_step")]
pub async fn take_proposal_step(input: StepInput) -> Result<(), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let text = crate::base::text::t();
    if !crate::base::validate::is_record_key(&input.proposal) {
        return Err(AppError::NotFound);
    }
    let state = crate::server::state::app_state()?;
    let access = super::store::access(&state.db, &input.proposal)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_of(&me, &access);
    if !roles.iter().any(|r| logic::sees(*r, access.status)) {
        return Err(AppError::Forbidden);
    }
    let today = crate::base::clock::today();
    let mut step = logic::check_step(&input, &today)?;
    if !roles.contains(&logic::taker(step.step)) {
        return Err(AppError::Forbidden);
    }
    let to = match logic::after(access.status, step.step, access.rehandled) {
        Some(to) => to,
        None if step.step == ProposalStep::Rate && access.status == ProposalStatus::Closed => {
            return Err(AppError::invalid("detail", text.proposal_err_rated));
        }
        None if step.step == ProposalStep::Rehandle && access.rehandled => {
            return Err(AppError::invalid("step", text.proposal_err_rehandled));
        }
        None => return Err(AppError::invalid("step", text.proposal_err_step)),
    };
    let mut report = None;
    match step.step {
        ProposalStep::Submit => {
            let window =
                super::store::windows(&state.db, std::slice::from_ref(&access.district), &today)
                    .await?
                    .into_iter()
                    .next();
            if !window.as_ref().is_some_and(|w| w.open) {
                let message = match window.filter(|w| !w.opens.is_empty()) {
                    Some(w) => text
                        .proposal_err_window
                        .replace("{opens}", &w.opens)
                        .replace("{closes}", &w.closes),
                    None => text.proposal_err_no_window.to_string(),
                };
                return Err(AppError::invalid("step", &message));
            }
            if access.pending() > 0 {
                return Err(AppError::invalid("step", text.proposal_err_pending));
            }
        }
        // Handled again within a month.
        ProposalStep::Rehandle => step.deadline = Some(crate::base::clock::days_from_today(30)),
        ProposalStep::Decline if step.to_report => {
            let view = super::store::view(&state.db, &input.proposal, &access, &today).await?;
            let mut authors = vec![access.author.clone()];
            authors.extend(
                access
                    .signers
                    .iter()
                    .filter(|(_, s)| *s == SignerStatus::Confirmed)
                    .map(|(m, _)| m.clone()),
            );
            authors.truncate(crate::reports::logic::AUTHORS_MAX);
            report = Some(super::store::AsReport {
                key: uuid::Uuid::new_v4().simple().to_string(),
                title: view.title,
                situation: view.basis.chars().take(900).collect(),
                suggestion: view.method.chars().take(500).collect(),
                authors,
            });
        }
        _ => {}
    }
    super::store::take_step(&state.db, &me, &input.proposal, &access, to, step, report).await?;
    leptos_axum::redirect(&format!("/proposals/{}", input.proposal));
    Ok(())
}

/// Sets the days a district takes proposals in: its office.
#[server(endpoint = "proposal_window")]
pub async fn set_proposal_window(input: WindowInput) -> Result<(), AppError> {
    if !crate::base::validate::is_record_key(&input.district) {
        return Err(AppError::NotFound);
    }
    let me = crate::auth::authorize_signed(crate::auth::Action::SetProposalWindow {
        district: input.district.clone(),
    })
    .await?;
    let (opens, closes) = logic::check_window(&input.opens, &input.closes)?;
    let state = crate::server::state::app_state()?;
    super::store::set_window(&state.db, &me, &input.district, &opens, &closes).await?;
    leptos_axum::redirect("/proposals");
    Ok(())
}
