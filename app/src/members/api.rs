//! Server functions of a council's members page.
use super::{CouncilMembers, ImportPreview, MemberInput, SheetUpload, TeamInput};
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
async fn authorize_council(council: &CouncilKey) -> Result<crate::auth::Principal, AppError> {
    crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await
}

#[server(endpoint = "council_members")]
pub async fn get_council_members(council: CouncilKey) -> Result<CouncilMembers, AppError> {
    authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    let council_name = super::store::council_name(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = super::store::council_members(&state.db, &council).await?;
    let teams = super::store::council_teams(&state.db, &council).await?;
    let sectors = super::store::sector_names(&state.db, &council)
        .await?
        .into_iter()
        .map(|(name, key)| crate::councils::admin::SectorOption {
            key,
            name,
            district: String::new(),
        })
        .collect();
    Ok(CouncilMembers {
        council_name,
        members,
        teams,
        sectors,
    })
}

/// Adds one member with a role; a phone number already known links that member.
#[server(endpoint = "add_member", input = Json)]
pub async fn add_member(council: CouncilKey, input: MemberInput) -> Result<(), AppError> {
    use crate::base::text::t;
    let me = authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    let valid = super::logic::validate_member(&input)?;
    let sectors = super::store::sector_names(&state.db, &council).await?;
    if !sectors.iter().any(|(_, key)| *key == valid.sector) {
        return Err(AppError::invalid("sector", t().err_choose));
    }
    let current = super::store::council_members(&state.db, &council).await?;
    let held: Vec<super::Role> = current.iter().map(|m| m.role).collect();
    super::logic::check_role(&held, valid.role)
        .map_err(|m| AppError::invalid("role", &format!("{}{m}", valid.role.label())))?;
    if valid.phone.is_some() && current.iter().any(|m| m.phone == valid.phone) {
        return Err(AppError::invalid("phone", t().err_already_member));
    }
    super::store::add_members(
        &state.db,
        &me,
        &council,
        &[valid],
        crate::audit::actions::MEMBERSHIP_ADD,
    )
    .await
}

/// Changes a member's role in this council, within the limits (one head, two liaisons...).
#[server(endpoint = "set_member_role")]
pub async fn set_member_role(
    council: CouncilKey,
    member: String,
    role: String,
) -> Result<(), AppError> {
    use super::Role;
    let me = authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    let role =
        Role::from_db(&role).ok_or(AppError::invalid("role", crate::base::text::t().err_choose))?;
    let (membership, current) = super::store::membership(&state.db, &council, &member)
        .await?
        .ok_or(AppError::NotFound)?;
    if current == role {
        return Ok(());
    }
    let others: Vec<Role> = super::store::council_members(&state.db, &council)
        .await?
        .into_iter()
        .filter(|m| m.key != member)
        .map(|m| m.role)
        .collect();
    super::logic::check_role(&others, role)
        .map_err(|m| AppError::invalid("role", &format!("{}{m}", role.label())))?;
    super::store::set_role(&state.db, &me, &council, membership, role).await
}

#[server(endpoint = "remove_member")]
pub async fn remove_member(council: CouncilKey, member: String) -> Result<(), AppError> {
    let me = authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    let (membership, _) = super::store::membership(&state.db, &council, &member)
        .await?
        .ok_or(AppError::NotFound)?;
    super::store::remove(&state.db, &me, &council, membership).await
}

/// Reads and checks a sheet without storing anything: what would be added, and every row's problems.
#[cfg(feature = "ssr")]
async fn check_sheet(
    state: &crate::server::state::AppState,
    me: &crate::auth::Principal,
    council: &str,
    upload: &SheetUpload,
) -> Result<(ImportPreview, Vec<super::ValidMember>), AppError> {
    use super::import::{SheetError, MAX_BYTES};
    use base64::Engine;
    if upload.data_base64.len() > MAX_BYTES / 3 * 4 + 8 {
        return Err(AppError::invalid("file", &SheetError::TooLarge.message()));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(upload.data_base64.as_bytes())
        .map_err(|_| AppError::invalid("file", crate::base::text::t().import_unreadable))?;
    let sheet = super::import::read_sheet_off_thread(upload.file_name.clone(), bytes)
        .await
        .map_err(|e| AppError::invalid("file", &e.message()))?;
    let raw = super::import::members_from_sheet(&sheet)
        .map_err(|e| AppError::invalid("file", &e.message()))?;
    let sectors = super::store::sector_names(&state.db, council).await?;
    let current = super::store::council_members(&state.db, council).await?;
    let held: Vec<super::Role> = current.iter().map(|m| m.role).collect();
    let phones: Vec<String> = current.iter().filter_map(|m| m.phone.clone()).collect();
    let (mut rows, mut valid) = super::logic::check_import(&raw, &sectors, &held, &phones);
    // A person who serves where the caller has no say is not linked from a sheet either.
    let sheet_phones: Vec<String> = valid.iter().filter_map(|m| m.phone.clone()).collect();
    let elsewhere = super::store::phones_out_of_reach(&state.db, me, &sheet_phones).await?;
    if !elsewhere.is_empty() {
        for (raw, row) in raw.iter().zip(rows.iter_mut()) {
            let phone = crate::base::phone::parse_phone(&raw.phone).map(|p| p.0);
            if phone.is_some_and(|p| elsewhere.contains(&p)) {
                row.errors
                    .push(crate::base::text::t().err_member_elsewhere.to_string());
            }
        }
        valid.retain(|m| m.phone.as_ref().is_none_or(|p| !elsewhere.contains(p)));
    }
    let bad = rows.iter().filter(|r| !r.errors.is_empty()).count();
    Ok((
        ImportPreview {
            good: rows.len() - bad,
            bad,
            rows,
        },
        valid,
    ))
}

#[server(endpoint = "preview_import", input = Json)]
pub async fn preview_import(
    council: CouncilKey,
    upload: SheetUpload,
) -> Result<ImportPreview, AppError> {
    let me = authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    super::store::council_name(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(check_sheet(&state, &me, &council, &upload).await?.0)
}

/// Imports a sheet: all rows or, if any row has a problem, none. Returns how many were added.
#[server(endpoint = "commit_import", input = Json)]
pub async fn commit_import(council: CouncilKey, upload: SheetUpload) -> Result<usize, AppError> {
    let me = authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    super::store::council_name(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let (preview, valid) = check_sheet(&state, &me, &council, &upload).await?;
    if preview.bad > 0 {
        return Err(AppError::invalid(
            "file",
            crate::base::text::t().import_has_errors,
        ));
    }
    super::store::add_members(
        &state.db,
        &me,
        &council,
        &valid,
        crate::audit::actions::MEMBERS_IMPORT,
    )
    .await?;
    Ok(valid.len())
}

/// Creates a work team (工作专班) of the council's members, with one of them as leader.
#[server(endpoint = "create_work_team", input = Json)]
pub async fn create_work_team(council: CouncilKey, input: TeamInput) -> Result<(), AppError> {
    use crate::base::text::t;
    use crate::base::validate::Problems;
    let me = authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    let current = super::store::council_members(&state.db, &council).await?;
    let is_member = |key: &String| current.iter().any(|m| m.key == *key);
    let mut p = Problems::default();
    let name = p.check("name", crate::base::validate::name(&input.name, 40));
    let leader = (!input.leader.is_empty()).then(|| input.leader.clone());
    if leader.as_ref().is_some_and(|l| !is_member(l)) {
        p.add("leader", t().err_choose);
    }
    let mut members: Vec<String> = Vec::new();
    for key in input.members.iter().chain(leader.iter()) {
        if !is_member(key) {
            p.add("members", t().err_choose);
            break;
        }
        if !members.contains(key) {
            members.push(key.clone());
        }
    }
    p.into_result()?;
    super::store::create_team(
        &state.db,
        &me,
        &council,
        &name.unwrap_or_default(),
        leader.as_deref(),
        &members,
    )
    .await
}

/// Corrects a member's details; the role stays as it is in this council.
#[server(endpoint = "update_member", input = Json)]
pub async fn update_member(
    council: CouncilKey,
    member: String,
    input: MemberInput,
) -> Result<(), AppError> {
    use crate::base::text::t;
    let me = authorize_council(&council).await?;
    let state = crate::server::state::app_state()?;
    let current = super::store::council_members(&state.db, &council)
        .await?
        .into_iter()
        .find(|m| m.key == member)
        .ok_or(AppError::NotFound)?;
    // The details are the person's, shared by every council they serve.
    crate::auth::check(
        crate::auth::Actor::Signed(me.clone()),
        &super::store::person_reach(&state.db, &member).await?,
    )?;
    let valid = super::logic::validate_member(&MemberInput {
        role: current.role.as_db().to_string(),
        ..input
    })?;
    let sectors = super::store::sector_names(&state.db, &council).await?;
    if !sectors.iter().any(|(_, key)| *key == valid.sector) {
        return Err(AppError::invalid("sector", t().err_choose));
    }
    super::store::update_member(&state.db, &me, &council, &member, &valid).await
}

/// Gives a member of the council a sign-in (their phone number and a one-time code), or a new
/// code if they have one. Admin accounts are left to the system admin.
#[server(endpoint = "issue_member_login")]
pub async fn issue_member_login(
    council: CouncilKey,
    member: String,
) -> Result<crate::accounts::IssuedCode, AppError> {
    use crate::audit::actions;
    use crate::base::text::t;
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let found = super::store::council_members(&state.db, &council)
        .await?
        .into_iter()
        .find(|m| m.key == member)
        .ok_or(AppError::NotFound)?;
    // A code opens the person's account wherever they serve: only for a caller who manages
    // every one of those councils, and never for an admin's or a department's account.
    crate::auth::check(
        crate::auth::Actor::Signed(me.clone()),
        &super::store::person_reach(&state.db, &member).await?,
    )?;
    let phone = found
        .phone
        .filter(|p| p.starts_with('1'))
        .ok_or(AppError::invalid("phone", t().err_member_needs_mobile))?;
    let member_id = crate::server::db::record("member", &member);
    let council_id = Some(crate::server::db::record("council", &council));
    let (code, hash) = crate::accounts::password::fresh_code().await?;
    match crate::accounts::store::account_of_member(&state.db, &member_id).await? {
        Some(account) => {
            crate::accounts::store::set_password(&state.db, &account, hash, true).await?;
            crate::auth::store::end_sessions_of(&state.db, &account, None).await?;
            crate::accounts::store::audit_account(
                &state.db,
                &me,
                actions::ACCOUNT_RESET,
                &account,
                council_id,
            )
            .await?;
        }
        None => {
            let account = crate::accounts::store::create(
                &state.db,
                crate::accounts::store::NewAccount {
                    name: found.name.clone(),
                    phone: Some(phone.clone()),
                    password_hash: hash,
                    member: Some(member_id),
                    must_change_password: true,
                    ..Default::default()
                },
            )
            .await?;
            crate::accounts::store::audit_account(
                &state.db,
                &me,
                actions::ACCOUNT_CREATE,
                &account,
                council_id,
            )
            .await?;
        }
    }
    Ok(crate::accounts::IssuedCode { login: phone, code })
}
