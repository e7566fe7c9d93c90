use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::intake::pages::Receipt;
use crate::cases::public::api::case_status;
use crate::cases::{CasePublic, IntakeReceipt};
use crate::ui::lookup::LookupForm;
use crate::ui::{set_status, ErrorNotice, Loading, Page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/c/{code}` and `/c?code=…`: a case's public status.
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        params
            .read()
            .get("code")
            .or_else(|| query.read().get("code"))
            .unwrap_or_default()
    };
    let is_new = move || query.read().get("new").as_deref() == Some("1");
    let case = Resource::new(code, |code| async move {
        if code.trim().is_empty() {
            None
        } else {
            Some(case_status(code).await)
        }
    });
    view! {
        <Page>
            <Title text=format!("{} · {}", t().case_heading, t().app_name)/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match case.await {
                        None => view! { <LookupForm code=String::new()/> }.into_any(),
                        Some(Ok(case)) => view! { <CaseView case is_new=is_new()/> }.into_any(),
                        Some(Err(AppError::NotFound)) => {
                            set_status(404);
                            view! {
                                <p class="notice notice-error" role="alert">{t().case_not_found}</p>
                                <LookupForm code=code()/>
                            }.into_any()
                        }
                        Some(Err(error)) => {
                            set_status(error.status());
                            view! { <ErrorNotice error/> <LookupForm code=code()/> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn CaseView(case: CasePublic, is_new: bool) -> impl IntoView {
    let text = t();
    let another_href = format!("/r/{}", case.room_code);
    view! {
        {is_new.then(|| view! {
            <section class="card">
                <Receipt
                    receipt=IntakeReceipt { tracking_code: case.tracking_code.clone(), created: true }
                    another_href=another_href.clone()
                />
            </section>
        })}
        <section class="card case">
            <h1>{text.case_heading}</h1>
            <p class="muted">{text.case_code}" "<span class="mono">{case.tracking_code.0.clone()}</span></p>
            <h2 data-testid="case-title">{case.title}</h2>
            <p class="status-line">
                {text.case_status}" "
                <span class="badge" data-testid="case-status">{case.status.label()}</span>
            </p>
            {if case.description_hidden {
                view! {
                    <p class="notice small" data-testid="case-description-hidden">
                        {text.case_description_hidden}" "<a href="/c/find">{text.rating_prove_by_phone}</a>
                    </p>
                }.into_any()
            } else {
                view! { <p class="description" data-testid="case-description">{case.description}</p> }.into_any()
            }}
            <dl class="facts">
                <dt>{text.case_submitted_at}</dt>
                <dd>{case.submitted_at.clone()}</dd>
                <dt>{text.case_place}</dt>
                <dd><a href=another_href>{case.room_name}</a>" · "{case.council_name}</dd>
            </dl>
            <h3>{text.case_timeline}</h3>
            <ol class="timeline" data-testid="case-timeline">
                <li class="done">
                    <span class="when">{case.submitted_at}</span>
                    <span class="what">{text.case_timeline_received}</span>
                </li>
                {case.timeline.into_iter().map(|entry| view! {
                    <li class="done">
                        <span class="when">{entry.at}</span>
                        <span class="what">{entry.step.label()}</span>
                        {(!entry.note.is_empty()).then(|| view! { <span class="detail note">{entry.note}</span> })}
                    </li>
                }).collect_view()}
                <li class="now" data-testid="case-now">
                    <span class="what">{case.status.label()}</span>
                    <span class="detail">{case.status.detail()}</span>
                </li>
            </ol>
            <p class="muted small">{text.case_privacy}</p>
        </section>
        {(!case.recommendations.is_empty()).then(|| view! {
            <section class="card" data-testid="public-recommendations">
                <h2>{text.recommendations_title}</h2>
                <ol class="numbered">
                    {case.recommendations.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ol>
            </section>
        })}
        {(!case.results.is_empty()).then(|| view! {
            <section class="card" data-testid="public-results">
                <h2>{text.results_title}</h2>
                <ul class="plain case-lines">
                    {case.results.into_iter().map(|r| view! {
                        <li>
                            <strong class="block">{r.task}</strong>
                            <span class="muted small block">{text.results_department}"："{r.department_name}</span>
                            {(!r.result.is_empty()).then(|| view! { <span class="block">{text.assignment_result}"："{r.result}</span> })}
                            {(!r.evidence.is_empty()).then(|| view! { <span class="block small muted">{text.assignment_evidence}"："{r.evidence}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {case.recheck_on.map(|day| view! {
            <p class="notice" data-testid="public-recheck">{text.results_recheck.replace("{day}", &day.0)}</p>
        })}
        {crate::cases::public::rating::can_rate(case.status).then(|| view! {
            <RatingForm code=case.tracking_code.0.clone() rating=case.rating may_rate=case.may_rate/>
        })}
        {case.texts.map(|texts| view! {
            <crate::cases::public::texts::TextsCard code=case.tracking_code.0.clone() texts/>
        })}
    }
}

/// 您满意吗: a plain form posted to `/c/{code}/rate`, with or without JavaScript. Only the
/// resident who raised the case may rate it: others are told how to prove it is theirs.
#[component]
fn RatingForm(
    code: String,
    rating: Option<crate::cases::public::rating::Satisfaction>,
    may_rate: bool,
) -> impl IntoView {
    use crate::cases::public::rating::Satisfaction;
    let text = t();
    let query = use_query_map();
    let rated = query.read_untracked().get("rated").is_some();
    let flash = crate::ui::flash::sent_back(query.read_untracked().get("flash"));

    let action = format!("/c/{code}/rate");
    view! {
        <section class="card" id="rating" data-testid="rating">
            <h2>{text.rating_title}</h2>
            {rating.map(|r| view! {
                <p class="notice" data-testid="rating-given">{text.rating_yours}<strong>{r.label()}</strong>" "{may_rate.then_some(text.rating_change)}</p>
            })}
            {rated.then(|| view! {
                <p class="notice notice-ok" role="status" data-testid="rating-thanks">{text.rating_thanks}</p>
            })}
            {(!may_rate).then(|| view! {
                <p class="notice" data-testid="rating-not-yours">
                    {text.rating_only_resident}
                    <a href="/c/find">{text.rating_prove_by_phone}</a>
                </p>
            })}
            {may_rate.then(move || view! {
                <Suspense fallback=|| ()>
                    {move || {
                    let action = action.clone();
                    Suspend::new(async move {
                        let flash = crate::base::flash::Flash::of(flash.await, "rating");
                        let comment = flash.as_ref().and_then(|f| f.field("comment")).unwrap_or_default().to_string();
                        let chosen = flash.as_ref().and_then(|f| f.field("score")).and_then(|s| s.parse::<i64>().ok());
                        view! {
                            {flash.map(|f| view! { <ErrorNotice error=f.error/> })}
                            <form method="post" action=action data-testid="rating-form">
                                <fieldset class="field choices">
                                    <legend class="label">{text.rating_hint}</legend>
                                    {Satisfaction::ALL.into_iter().map(|s| view! {
                                        <label class="choice">
                                            <input type="radio" name="score" value=(s as i64).to_string() required=true
                                                checked=chosen.map_or(rating == Some(s), |c| c == s as i64)/>
                                            <span>{s.label()}</span>
                                        </label>
                                    }).collect_view()}
                                </fieldset>
                                <label class="field">
                                    <span class="label">{text.rating_comment}</span>
                                    <textarea name="comment" rows="3" maxlength="300">{comment}</textarea>
                                </label>
                                <button type="submit" class="button primary big">{text.rating_submit}</button>
                            </form>
                        }
                    })}}
                </Suspense>
            })}
        </section>
    }
}
