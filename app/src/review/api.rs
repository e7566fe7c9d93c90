//! Server functions for 三级会审: a seat's queue, a topic as a reviewer reads it, a decision, and
//! a council's chain. Every form is a plain POST answered by a redirect: it works without
//! JavaScript.
use super::{ChainInput, ChainView, DecideInput, ReviewQueue, ReviewTopic};
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use leptos::prelude::*;

/// What waits at the caller's seats, and what they decided lately. Refused to those who sit
/// nowhere.
#[server(endpoint = "review_queue")]
pub async fn get_review_queue() -> Result<ReviewQueue, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let seats = me.seats();
    if seats.is_empty() {
        return Err(AppError::Forbidden);
    }
    let state = crate::server::state::app_state()?;
    super::store::queue(&state.db, &seats).await
}

/// A topic the caller may read: it waits at their seat, or their seat decided on it. Anything
/// else is not found, so that a code from elsewhere tells nothing.
#[cfg(feature = "ssr")]
async fn readable(code: &str) -> Result<(crate::auth::Actor, super::store::Found), AppError> {
    use crate::auth::{can, Action};
    let actor = crate::auth::authorize(Action::UseOwnAccount).await?;
    let code =
        crate::cases::intake::logic::parse_tracking_code(code).map_err(|_| AppError::NotFound)?;
    let state = crate::server::state::app_state()?;
    let found = super::store::topic(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let sees = found.reviewer.iter().chain(&found.deciders).any(|holder| {
        can(
            &actor,
            &Action::ReviewTopic {
                holder: holder.clone(),
            },
        )
    });
    if !sees {
        return Err(AppError::NotFound);
    }
    Ok((actor, found))
}

#[cfg(feature = "ssr")]
fn sits_at_current(actor: &crate::auth::Actor, found: &super::store::Found) -> bool {
    found.reviewer.as_ref().is_some_and(|holder| {
        crate::auth::can(
            actor,
            &crate::auth::Action::ReviewTopic {
                holder: holder.clone(),
            },
        )
    })
}

#[server(endpoint = "review_topic")]
pub async fn get_review_topic(code: String) -> Result<ReviewTopic, AppError> {
    let (actor, found) = readable(&code).await?;
    let may_decide = sits_at_current(&actor, &found);
    Ok(ReviewTopic {
        may_decide,
        ..found.topic
    })
}

/// Approves a topic at the level it waits at (the last level sends it to research) or turns it
/// down with a reason. Only the level's holder; a decision on a version someone else has moved
/// on from is a conflict.
#[server(endpoint = "decide_topic")]
pub async fn decide_topic(input: DecideInput) -> Result<(), AppError> {
    let text = crate::base::text::t();
    let (actor, found) = readable(&input.code).await?;
    let Some(me) = actor.principal().cloned() else {
        return Err(AppError::Unauthenticated);
    };
    let step = super::logic::decision(&input.decision)
        .ok_or_else(|| AppError::invalid("decision", text.err_choose))?;
    let Some(reviewer) = found.reviewer.clone() else {
        return Err(AppError::invalid("decision", text.review_err_moved_on));
    };
    if !sits_at_current(&actor, &found) {
        return Err(AppError::Forbidden);
    }
    if input.version != found.topic.version {
        return Err(AppError::Conflict);
    }
    let note = crate::cases::desk::check_note(&crate::cases::desk::StepInput {
        step,
        version: input.version,
        note: input.note.clone(),
        merge_into: String::new(),
        worth: Vec::new(),
        not_worth: Vec::new(),
        recheck_on: String::new(),
    })?;
    let to = crate::cases::pipeline::next(found.topic.status, step, found.levels)
        .map_err(|_| AppError::invalid("decision", text.err_step_not_allowed))?;
    let state = crate::server::state::app_state()?;
    crate::cases::desk::store::take(
        &state.db,
        &me,
        crate::cases::desk::store::Taken {
            case: found.id,
            from: found.topic.status,
            to,
            step,
            version: input.version,
            note: &note,
            merged_into: None,
            screening: None,
            recheck_on: None,
            holder: Some(crate::server::db::holder_record(&reviewer)),
        },
    )
    .await?;
    leptos_axum::redirect(&format!("/review/{}", found.topic.tracking_code));
    Ok(())
}

/// A council's chain: its managers read it; whoever holds its area may change it.
#[server(endpoint = "review_chain")]
pub async fn get_review_chain(council: CouncilKey) -> Result<ChainView, AppError> {
    let actor = crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let (area, mut view) = super::store::chain(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    view.editable = crate::auth::can(&actor, &crate::auth::Action::SetReviewLevels { area });
    Ok(view)
}

/// Replaces a council's chain: every level names a holder the council may send topics to.
#[server(endpoint = "save_review_chain")]
pub async fn save_review_chain(input: ChainInput) -> Result<(), AppError> {
    use crate::base::ids::Holder;
    let council = CouncilKey::parse(&input.council).ok_or(AppError::NotFound)?;
    let actor = crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let (area, view) = super::store::chain(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = crate::auth::check_signed(actor, &crate::auth::Action::SetReviewLevels { area })?;
    let own = Holder::Council(council.clone());
    let open: Vec<Holder> = view
        .holders
        .iter()
        .filter_map(|(code, _)| Holder::parse(code))
        .collect();
    let levels = super::logic::check_chain(&input.levels, &own, &open)?;
    super::store::save_chain(&state.db, &me, &council, &levels).await?;
    leptos_axum::redirect(&format!("/admin/councils/{council}/review"));
    Ok(())
}
