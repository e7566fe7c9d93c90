//! Server functions of scoring. A district's admins see and manage the whole district; a
//! council's managers see the councils' ranking and their own members, and adjust those.
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
fn this_quarter() -> Quarter {
    Quarter::of_day(&crate::base::clock::today().0).unwrap_or(Quarter { year: 2026, q: 4 })
}

/// The quarter the caller asked for: a quarter from the first year of records to this one.
#[cfg(feature = "ssr")]
fn chosen_quarter(text: &Option<String>) -> Result<Quarter, AppError> {
    let now = this_quarter();
    let first = Quarter {
        year: crate::base::clock::FIRST_YEAR,
        q: 1,
    };
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(now),
        Some(t) => Quarter::parse(t)
            .filter(|q| *q >= first && *q <= now)
            .ok_or_else(|| AppError::invalid("quarter", crate::base::text::t().score_err_quarter)),
    }
}

/// A district key the caller named, checked to be a district.
#[cfg(feature = "ssr")]
async fn district_named(db: &crate::server::db::Db, district: &str) -> Result<String, AppError> {
    if !crate::base::validate::is_record_key(district) {
        return Err(AppError::NotFound);
    }
    super::store::district_name(db, district)
        .await?
        .ok_or(AppError::NotFound)
}

/// A district's quarter, ranked, as the caller may see it.
#[server(endpoint = "scores")]
pub async fn get_scores(
    district: Option<String>,
    quarter: Option<String>,
) -> Result<ScoresPageData, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::OpenAdmin).await?;
    let state = crate::server::state::app_state()?;
    let districts = super::store::districts_for(&state.db, &me).await?;
    let district = match district.filter(|d| !d.is_empty()) {
        Some(d) => d,
        None => districts
            .first()
            .map(|(k, _)| k.clone())
            .ok_or(AppError::Forbidden)?,
    };
    district_named(&state.db, &district).await?;
    let quarter = chosen_quarter(&quarter)?;
    let signed = crate::auth::Actor::Signed(me.clone());
    let can_manage = crate::auth::can(
        &signed,
        &crate::auth::Action::ScoreDistrict {
            district: district.clone(),
        },
    );
    let in_district = super::store::councils_of_district(&state.db, &district).await?;
    // Without the district, a manager sees the councils they lead there: no one else's members.
    let own: Vec<String> = in_district
        .iter()
        .filter(|c| me.led_councils.contains(c))
        .cloned()
        .collect();
    if !can_manage && own.is_empty() {
        return Err(AppError::Forbidden);
    }
    let mut ranking = super::store::ranking(&state.db, &district, quarter).await?;
    if !can_manage {
        ranking.members.retain(|m| own.contains(&m.council));
    }
    let can_adjust = if ranking.closed {
        Vec::new()
    } else {
        ranking
            .members
            .iter()
            .filter(|m| {
                crate::auth::can(
                    &signed,
                    &crate::auth::Action::AdjustScore {
                        councils: vec![m.council.clone()],
                    },
                )
            })
            .map(|m| m.member.clone())
            .collect()
    };
    let first = Quarter {
        year: crate::base::clock::FIRST_YEAR,
        q: 1,
    };
    Ok(ScoresPageData {
        districts,
        ranking,
        can_manage,
        can_adjust,
        quarters: Quarter::range(first, this_quarter()),
    })
}

/// Sets a district's targets and score sheet: its admins.
#[server(endpoint = "save_score_sheet", input = Json)]
pub async fn save_score_sheet(district: String, sheet: ScoreSheet) -> Result<(), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::ScoreDistrict {
        district: district.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    district_named(&state.db, &district).await?;
    super::logic::check_sheet(&sheet)?;
    super::store::save_sheet(&state.db, &me, &district, &sheet).await
}

/// Adds an adjustment to a member's open quarter, with the reason.
#[server(endpoint = "adjust_score")]
pub async fn adjust_score(
    district: String,
    quarter: String,
    member: String,
    points: i64,
    reason: String,
) -> Result<(), AppError> {
    let actor = crate::auth::current_actor().await?;
    if actor.principal().is_none() {
        return Err(AppError::Unauthenticated);
    }
    let state = crate::server::state::app_state()?;
    district_named(&state.db, &district).await?;
    let quarter = chosen_quarter(&Some(quarter))?;
    let councils = if crate::base::validate::is_record_key(&member) {
        super::store::member_councils_in(&state.db, &district, &member).await?
    } else {
        Vec::new()
    };
    if councils.is_empty() {
        return Err(AppError::NotFound);
    }
    let me = crate::auth::check_signed(
        actor,
        &crate::auth::Action::AdjustScore {
            councils: councils.clone(),
        },
    )?;
    let reason = super::logic::check_adjustment(points, &reason)?;
    let council = councils
        .iter()
        .find(|c| me.system_admin || me.managed_councils.contains(c))
        .cloned()
        .unwrap_or_default();
    super::store::adjust(
        &state.db, &me, &district, quarter, &member, &council, points, reason,
    )
    .await
}

/// Closes a quarter (freezing its sheet and scores), or reopens a closed one: district admins.
#[server(endpoint = "close_quarter")]
pub async fn close_quarter(
    district: String,
    quarter: String,
    closed: bool,
) -> Result<(), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::ScoreDistrict {
        district: district.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    district_named(&state.db, &district).await?;
    let quarter = chosen_quarter(&Some(quarter))?;
    if closed {
        super::store::close(&state.db, &me, &district, quarter).await
    } else {
        super::store::reopen(&state.db, &me, &district, quarter).await
    }
}
