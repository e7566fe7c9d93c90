//! Server functions of reception records.
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The caller's slots to record, and (for a council's managers) the slots nobody recorded.
#[server(endpoint = "receptions_overview")]
pub async fn get_receptions_overview() -> Result<ReceptionsOverview, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    super::store::overview(&state.db, &me, &me.managed_councils).await
}

/// Records a reception day: the member on duty, or the council's managers.
#[server(endpoint = "record_reception", input = Json)]
pub async fn record_reception(input: ReceptionInput) -> Result<(), AppError> {
    let actor = crate::auth::current_actor().await?;
    let Some(me) = actor.principal().cloned() else {
        return Err(AppError::Unauthenticated);
    };
    let state = crate::server::state::app_state()?;
    let info = if crate::base::validate::is_record_key(&input.slot) {
        super::store::slot_info(&state.db, &input.slot).await?
    } else {
        None
    };
    let info = info.ok_or(AppError::NotFound)?;
    let council = crate::base::ids::CouncilKey::from_db(crate::server::db::key_text(&info.council));
    let on_duty = me.member.as_deref() == Some(crate::server::db::key_text(&info.member).as_str());
    let me = crate::auth::check_signed(
        actor,
        &crate::auth::Action::RecordReception { council, on_duty },
    )?;
    let checked =
        super::logic::check_reception(&input, &info.date, &crate::base::clock::today().0)?;
    super::store::record_reception(&state.db, &me, &input.slot, &info, checked).await
}
