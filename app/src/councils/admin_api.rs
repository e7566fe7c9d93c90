//! Server functions of the council admin screens: authorize, validate, store. Thin.
use super::admin::{AdminOverview, CouncilDetail, CouncilFormOptions, CouncilInput, StandardRow};
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The admin home: who I am and the councils I may administer.
#[server(endpoint = "admin_overview")]
pub async fn get_admin_overview() -> Result<AdminOverview, AppError> {
    use crate::auth::Action;
    let me = crate::auth::authorize_signed(Action::OpenAdmin).await?;
    let state = crate::server::state::app_state()?;
    let councils = super::admin_store::admin_rows(&state.db, &me).await?;
    let roles = crate::auth::store::role_labels(&state.db, &me).await?;
    Ok(AdminOverview {
        name: me.name.clone(),
        roles,
        system_admin: me.system_admin,
        can_create_council: me.system_admin || !me.admin_areas.is_empty(),
        councils,
    })
}

/// Areas and sectors for the council form: those the caller may use, plus the council's own.
#[server(endpoint = "council_form_options")]
pub async fn get_council_form_options(
    council: Option<CouncilKey>,
) -> Result<CouncilFormOptions, AppError> {
    use crate::auth::Action;
    let me = match &council {
        Some(key) => {
            crate::auth::authorize_signed(Action::AdministerCouncil {
                council: key.clone(),
            })
            .await?
        }
        None => crate::auth::authorize_signed(Action::OpenAdmin).await?,
    };
    let state = crate::server::state::app_state()?;
    let mut allowed = me.admin_areas.clone();
    if let Some(key) = &council {
        let area = super::admin_store::council_area(&state.db, key)
            .await?
            .ok_or(AppError::NotFound)?;
        allowed.push(area);
    }
    let scope = (!me.system_admin).then_some(allowed.as_slice());
    let (areas, sectors) = super::admin_store::form_options(&state.db, scope).await?;
    Ok(CouncilFormOptions { areas, sectors })
}

/// Creates a council in an area the caller holds; returns its key.
#[server(endpoint = "create_council", input = Json)]
pub async fn create_council(input: CouncilInput) -> Result<String, AppError> {
    use crate::auth::Action;
    let me = crate::auth::authorize_signed(Action::CreateCouncil {
        area: input.area.trim().to_string(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let valid = super::admin::validate_council(&input)?;
    super::admin_store::create(&state.db, &me, &valid).await
}

#[server(endpoint = "council_detail")]
pub async fn get_council_detail(council: CouncilKey) -> Result<CouncilDetail, AppError> {
    crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    super::admin_store::detail(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)
}

/// Saves a council's fields; moving it to another area needs the right to create councils there.
#[server(endpoint = "update_council", input = Json)]
pub async fn update_council(council: CouncilKey, input: CouncilInput) -> Result<(), AppError> {
    use crate::auth::{check, Action};
    let actor = crate::auth::authorize(Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let current = super::admin_store::council_area(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let valid = super::admin::validate_council(&input)?;
    let actor = if valid.area != current {
        check(
            actor,
            &Action::CreateCouncil {
                area: valid.area.clone(),
            },
        )?
    } else {
        actor
    };
    let me = actor.principal().ok_or(AppError::Unauthenticated)?;
    super::admin_store::update(&state.db, me, &council, &valid).await
}

/// Marks a standards checklist item (五有/六有) met or not, with evidence.
#[server(endpoint = "set_council_standard", input = Json)]
pub async fn set_council_standard(council: CouncilKey, row: StandardRow) -> Result<(), AppError> {
    use crate::auth::Action;
    let me = crate::auth::authorize_signed(Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    if !super::admin::STANDARD_ITEMS.contains(&row.item.as_str()) {
        return Err(AppError::invalid("item", crate::base::text::t().err_choose));
    }
    let evidence = crate::base::validate::note(&row.evidence, 500)
        .map_err(|m| AppError::invalid("evidence", m))?;
    super::admin_store::council_area(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = StandardRow { evidence, ..row };
    super::admin_store::set_standard(&state.db, &me, &council, &row).await
}
