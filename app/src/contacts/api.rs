//! Server functions of households and contacts: decode, ask the policy, check, store.
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The caller's households and contacts, and (for a council's managers) their members'.
#[server(endpoint = "contacts_overview")]
pub async fn get_contacts_overview() -> Result<ContactsOverview, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    let councils = crate::councils::store::councils_named(&state.db, &me.member_councils).await?;
    let target = crate::scores::store::contacts_target(&state.db, &me.member_councils).await?;
    super::store::overview(&state.db, &me, councils, target).await
}

/// Adds a household to the calling member's list. Sent twice under the same id, stored once.
#[server(endpoint = "add_household", input = Json)]
pub async fn add_household(input: HouseholdInput) -> Result<String, AppError> {
    let council = crate::base::ids::CouncilKey::parse(&input.council).ok_or(AppError::Forbidden)?;
    let me = crate::auth::authorize_signed(crate::auth::Action::KeepContacts {
        council: council.clone(),
    })
    .await?;
    let member = me.member.clone().ok_or(AppError::Forbidden)?;
    let checked = super::logic::check_household(&input)?;
    let state = crate::server::state::app_state()?;
    super::store::add_household(&state.db, &me, &member, &council, checked).await
}

/// Logs a contact with one of the caller's households.
#[server(endpoint = "log_contact", input = Json)]
pub async fn log_contact(input: ContactInput) -> Result<(), AppError> {
    let actor = crate::auth::current_actor().await?;
    let Some(me) = actor.principal().cloned() else {
        return Err(AppError::Unauthenticated);
    };
    let state = crate::server::state::app_state()?;
    let owner = if crate::base::validate::is_record_key(&input.household) {
        super::store::owner_of(&state.db, &input.household).await?
    } else {
        None
    };
    let owner = owner.ok_or(AppError::NotFound)?;
    let council = crate::server::db::key_text(&owner.council);
    let own = me.member.as_deref() == Some(crate::server::db::key_text(&owner.member).as_str());
    let me = crate::auth::check_signed(
        actor,
        &crate::auth::Action::LogContact {
            council: crate::base::ids::CouncilKey::from_db(&council),
            own,
        },
    )?;
    let earliest = crate::activities::store::earliest_day(&state.db, &council).await?;
    let checked = super::logic::check_contact(&input, &crate::base::clock::today().0, &earliest)?;
    super::store::log_contact(&state.db, &me, &input.household, &owner, checked).await
}
