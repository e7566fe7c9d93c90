//! The duty record's server function.
use super::DutyRecord;
use crate::base::error::AppError;
use leptos::prelude::*;

pub use crate::base::clock::FIRST_YEAR;

/// Years a record may span: a term (届) of the CPPCC is five.
pub const TERM_YEARS: i32 = 5;

/// Member `member`'s record of `year` (this year when none is given), or of the years `year` to
/// `to_year` (a term). The member reads their own; a council's managers their members'; a
/// district admin those of the area's councils.
#[server(endpoint = "duty_record")]
pub async fn get_duty_record(
    member: String,
    year: Option<i32>,
    to_year: Option<i32>,
) -> Result<DutyRecord, AppError> {
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
    let me = crate::auth::check(
        actor,
        &crate::auth::Action::ViewDutyRecord {
            member: member.clone(),
            councils: councils.clone(),
        },
    )?;
    // Households are personal data: the member and their council's own managers see who.
    let sees_households = me.principal().is_some_and(|p| {
        p.member.as_deref() == Some(member.as_str())
            || councils.iter().any(|c| p.led_councils.contains(c))
    });
    let this_year = crate::base::clock::today()
        .0
        .get(0..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(2026);
    let year = year.unwrap_or(this_year);
    let to_year = to_year.unwrap_or(year);
    let years = FIRST_YEAR..=this_year;
    if !years.contains(&year)
        || !years.contains(&to_year)
        || !(0..TERM_YEARS).contains(&(to_year - year))
    {
        return Err(AppError::invalid(
            "year",
            crate::base::text::t().record_err_year,
        ));
    }
    let mut record = super::store::duty_record(&state.db, &member, year, to_year).await?;
    if !sees_households {
        for contact in &mut record.contacts {
            contact.household_name = crate::base::text::t().record_contact_hidden.to_string();
            contact.heard.clear();
            contact.household.clear();
        }
    }
    Ok(record)
}
