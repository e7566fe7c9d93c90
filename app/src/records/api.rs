//! The duty record's server function.
use super::DutyRecord;
use crate::base::error::AppError;
use leptos::prelude::*;

/// The years a record page offers: from the first year of records to this one.
pub const FIRST_YEAR: i32 = 2020;

/// Member `member`'s record of `year` (this year when none is given). The member reads their
/// own; a council's managers their members'; a district admin those of the area's councils.
#[server(endpoint = "duty_record")]
pub async fn get_duty_record(member: String, year: Option<i32>) -> Result<DutyRecord, AppError> {
    let actor = crate::auth::current_actor().await?;
    if actor.principal().is_none() {
        return Err(AppError::Unauthenticated);
    }
    let state = crate::server::state::app_state()?;
    let councils = if crate::base::validate::is_record_key(&member) {
        super::store::councils_of(&state.db, &member).await?
    } else {
        None
    };
    let councils = councils.ok_or(AppError::NotFound)?;
    crate::auth::check(
        actor,
        &crate::auth::Action::ViewDutyRecord {
            member: member.clone(),
            councils,
        },
    )?;
    let this_year = crate::base::clock::today()
        .0
        .get(0..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(2026);
    let year = year.unwrap_or(this_year);
    if !(FIRST_YEAR..=this_year).contains(&year) {
        return Err(AppError::invalid(
            "year",
            crate::base::text::t().record_err_year,
        ));
    }
    super::store::duty_record(&state.db, &member, year).await
}
