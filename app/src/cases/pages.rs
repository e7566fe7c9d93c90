use super::api::{case_status, SubmitConcern};
use super::logic::{DESCRIPTION_MAX, NAME_MAX, TITLE_MAX};
use super::{CasePublic, ConcernForm, IntakeReceipt, IntakeStart};
use crate::base::error::AppError;
use crate::base::text::t;
use crate::ui::lookup::LookupForm;
use crate::ui::{set_status, ErrorNotice, Loading, Page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The intake form. Without JavaScript it posts to `/r/{code}/concern`; with it, the same fields go
/// to the server function and the receipt appears in place. Typed text is never cleared on error.
#[component]
pub fn ConcernFormView(room_code: String, intake: IntakeStart) -> impl IntoView {
    let text = t();
    let action = ServerAction::<SubmitConcern>::new();
    let result = action.value();
    let initial_error = intake.error.clone();
    let error = Signal::derive(move || match result.get() {
        Some(Err(error)) => Some(error),
        Some(Ok(_)) => None,
        None => initial_error.clone(),
    });
    let receipt = Signal::derive(move || result.get().and_then(Result::ok));
    // The receipt replaces the form in place: bring it into view, wherever the person had scrolled.
    Effect::new(move |_| {
        if receipt.with(Option::is_some) {
            if let Some(section) = document().get_element_by_id("concern") {
                section.scroll_into_view();
            }
        }
    });
    let pending = action.pending();

    let title = NodeRef::<leptos::html::Input>::new();
    let description = NodeRef::<leptos::html::Textarea>::new();
    let name = NodeRef::<leptos::html::Input>::new();
    let phone = NodeRef::<leptos::html::Input>::new();
    let consent = NodeRef::<leptos::html::Input>::new();

    let submission_id = intake.submission_id.clone();
    let on_submit = {
        let room_code = room_code.clone();
        let submission_id = submission_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return;
            }
            let value = |input: NodeRef<leptos::html::Input>| {
                input.get().map(|el| el.value()).unwrap_or_default()
            };
            action.dispatch(SubmitConcern {
                room_code: room_code.clone(),
                form: ConcernForm {
                    submission_id: submission_id.clone(),
                    title: value(title),
                    description: description.get().map(|el| el.value()).unwrap_or_default(),
                    resident_name: value(name),
                    resident_phone: value(phone),
                    consent: consent.get().map(|el| el.checked()).unwrap_or(false),
                },
            });
        }
    };
    let field_error = move |field: &'static str| {
        move || match error.get() {
            Some(AppError::Invalid(errors)) => errors
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| view! { <p class="field-error">{e.message}</p> }),
            _ => None,
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            let invalid = error.with(|e| e.as_ref().is_some_and(|e| e.concerns_field(field)));
            if invalid {
                "true"
            } else {
                "false"
            }
        }
    };
    let form = intake.form;
    let another_href = format!("/r/{room_code}");
    // The form's secret id proves to the server that photos come from whoever wrote the concern.
    let proof = submission_id.clone();

    view! {
        <section id="concern" class="card concern">
            {move || receipt.get().map(|receipt| view! {
                <Receipt receipt=receipt.clone() another_href=another_href.clone()/>
                <crate::attachments::pages::PhotoPicker base=format!("/c/{}/photos", receipt.tracking_code.0) proof=proof.clone()/>
            })}
            <div class:hidden=move || receipt.with(Option::is_some)>
                <h2>{text.form_heading}</h2>
                <p class="muted">{text.form_intro}</p>
                {move || error.get().map(|error| view! { <ErrorNotice error/> })}
                <form
                    data-testid="concern-form"
                    method="post"
                    action=format!("/r/{room_code}/concern")
                    on:submit=on_submit
                >
                    <input type="hidden" name="submission_id" value=submission_id/>
                    <label class="field" for="f-title">
                        <span class="label">{text.field_title}</span>
                        <span class="hint">{text.field_title_hint}</span>
                        <input
                            id="f-title" name="title" type="text" required maxlength=TITLE_MAX.to_string()
                            autocomplete="off" value=form.title node_ref=title aria-invalid=invalid("title")
                        />
                        {field_error("title")}
                    </label>
                    <label class="field" for="f-description">
                        <span class="label">{text.field_description}</span>
                        <span class="hint">{text.field_description_hint}</span>
                        <textarea
                            id="f-description" name="description" rows="6" required maxlength=DESCRIPTION_MAX.to_string()
                            node_ref=description aria-invalid=invalid("description")
                        >{form.description}</textarea>
                        {field_error("description")}
                    </label>
                    <label class="field" for="f-name">
                        <span class="label">{text.field_name}</span>
                        <input
                            id="f-name" name="resident_name" type="text" maxlength=NAME_MAX.to_string() autocomplete="name"
                            value=form.resident_name node_ref=name aria-invalid=invalid("resident_name")
                        />
                        {field_error("resident_name")}
                    </label>
                    <label class="field" for="f-phone">
                        <span class="label">{text.field_phone}</span>
                        <span class="hint">{text.field_phone_hint}</span>
                        <input
                            id="f-phone" name="resident_phone" type="tel" inputmode="tel" maxlength="20"
                            autocomplete="tel" value=form.resident_phone node_ref=phone
                            aria-invalid=invalid("resident_phone")
                        />
                        {field_error("resident_phone")}
                    </label>
                    <p class="privacy">{text.privacy_notice}</p>
                    <label class="consent" for="f-consent">
                        <input
                            id="f-consent" name="consent" type="checkbox" required checked=form.consent
                            node_ref=consent aria-invalid=invalid("consent")
                        />
                        <span>{text.consent_label}</span>
                    </label>
                    {field_error("consent")}
                    <button type="submit" class="button primary big" disabled=move || pending.get()>
                        {move || if pending.get() { text.submitting } else { text.submit }}
                    </button>
                </form>
            </div>
        </section>
    }
}

/// The tracking code, shown the moment a concern is stored.
#[component]
pub fn Receipt(receipt: IntakeReceipt, another_href: String) -> impl IntoView {
    let text = t();
    let code = receipt.tracking_code.0;
    let copied = RwSignal::new(false);
    let copy = {
        let code = code.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            {
                let _ = window().navigator().clipboard().write_text(&code);
                copied.set(true);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &code;
        }
    };
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! {
        <div class="receipt" role="status">
            <h2>{text.receipt_heading}</h2>
            <p>{text.receipt_body}</p>
            <p class="tracking-code" data-testid="tracking-code">{code.clone()}</p>
            <div class="actions js-only">
                <button type="button" class="button" on:click=copy>
                    {move || if copied.get() { text.receipt_copied } else { text.receipt_copy }}
                </button>
                <button type="button" class="button" on:click=print>{text.receipt_print}</button>
            </div>
            <div class="actions">
                <a class="button primary" href=format!("/c/{code}")>{text.receipt_track}</a>
                <a class="button" href=another_href rel="external">{text.receipt_another}</a>
            </div>
        </div>
    }
}

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
        {super::rating::can_rate(case.status).then(|| view! {
            <RatingForm code=case.tracking_code.0.clone() rating=case.rating may_rate=case.may_rate/>
        })}
    }
}

/// 您满意吗: a plain form posted to `/c/{code}/rate`, with or without JavaScript. Only the
/// resident who raised the case may rate it: others are told how to prove it is theirs.
#[component]
fn RatingForm(
    code: String,
    rating: Option<super::rating::Satisfaction>,
    may_rate: bool,
) -> impl IntoView {
    use super::rating::Satisfaction;
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
