//! `/admin/councils/{key}/cases`: a council's work queue; `…/cases/{code}`: one case, its history,
//! and the next step. Phone first: one column, big buttons.
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::cases::desk::api::{
    get_case_queue, get_staff_case, SetCasePublic, SetCaseTypical, TakeCaseStep,
};
use crate::cases::desk::{CaseQueue, QueueLine, StaffCase, StepInput};
use crate::cases::pipeline::Step;
use crate::councils::admin::CouncilScreen;
use crate::ui::admin::AdminError;
use crate::ui::forms::{FieldMessage, FormError, FormMessage};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CouncilCasesPage() -> impl IntoView {
    let text = t();
    let screen = CouncilScreen::get();
    let data = Resource::new(
        move || screen.key.get(),
        |key| async move {
            let key = CouncilScreen::key_or_not_found(key)?;
            let queue = get_case_queue(key.clone()).await?;
            Ok::<_, AppError>((key, queue))
        },
    );
    view! {
        <Title text=format!("{} · {}", text.tab_cases, text.app_name)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((council, queue)) => view! {
                        <Queue council queue/>
                    }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(council: CouncilKey, queue: CaseQueue) -> impl IntoView {
    let text = t();
    let overdue = queue.overdue.clone();
    let overdue_council = council.clone();
    let overdue_view = (!overdue.is_empty()).then(move || view! {
        <section class="card warn-card" data-testid="queue-overdue">
            <h2>{text.cases_overdue}" "<span class="count">{overdue.len()}</span></h2>
            <ul class="rows">
                {overdue.into_iter().map(|o| view! {
                    <li>
                        <a class="room-link" href=format!("/admin/councils/{overdue_council}/cases/{}", o.tracking_code.as_str())>
                            <span class="room-name">{o.task}</span>
                            <span class="room-address">
                                {o.department_name}" · "{text.assignment_deadline}"："{o.deadline.0}" · "{o.title}
                            </span>
                            <span class="badge warn">{text.assignment_overdue}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    });
    let lists = [
        (text.cases_to_screen, "to-screen", queue.to_screen),
        (text.cases_in_review, "in-review", queue.in_review),
        (text.cases_in_progress, "in-progress", queue.in_progress),
        (text.cases_to_recheck, "to-recheck", queue.to_recheck),
    ];
    let sections = lists
        .into_iter()
        .map(|(title, id, lines)| {
            let council = council.clone();
            view! {
                <section class="card" data-testid=format!("queue-{id}")>
                    <h2>{title}" "<span class="count">{lines.len()}</span></h2>
                    {if lines.is_empty() {
                        view! { <p class="empty">{text.cases_none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="rows">
                                {lines.into_iter().map(|line| view! { <QueueItem council=council.clone() line/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    view! { {overdue_view} {sections} }
}

#[component]
fn QueueItem(council: CouncilKey, line: QueueLine) -> impl IntoView {
    let href = format!(
        "/admin/councils/{council}/cases/{}",
        line.tracking_code.as_str()
    );
    view! {
        <li>
            <a class="room-link" href=href data-testid="queue-case">
                <span class="room-name">{line.title}</span>
                <span class="room-address">
                    <span class="mono">{line.tracking_code.0}</span>" · "{line.room_name}" · "{line.submitted_at}
                </span>
                <span class="tag">{line.status.label()}</span>
                {line.recheck_on.map(|day| view! {
                    <span class="small" class:warn-text=line.recheck_due data-testid="recheck">
                        {crate::base::text::t().case_recheck_on}"："{day.0}
                        {line.recheck_due.then_some(crate::base::text::t().case_recheck_due)}
                    </span>
                })}
            </a>
        </li>
    }
}

#[component]
pub fn StaffCasePage() -> impl IntoView {
    let text = t();
    let screen = CouncilScreen::get();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            (
                screen.key.get(),
                params.read().get("code").unwrap_or_default(),
            )
        },
        |(key, code)| async move {
            let key = CouncilScreen::key_or_not_found(key)?;
            let case = get_staff_case(key.clone(), code).await?;
            Ok::<_, AppError>((key, case))
        },
    );
    view! {
        <Title text=format!("{} · {}", text.tab_cases, text.app_name)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((council, case)) => view! {
                        <CaseDesk council case reload=Callback::new(move |_| data.refetch())/>
                    }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CaseDesk(council: CouncilKey, case: StaffCase, reload: Callback<()>) -> impl IntoView {
    let text = t();
    let level_name = |level: u8| {
        case.review_levels
            .get(level as usize)
            .cloned()
            .unwrap_or_default()
    };
    let stage = match case.status {
        crate::cases::pipeline::Stage::InReview(level) => {
            format!("{}：{}", case.status.label(), level_name(level))
        }
        other => other.label().to_string(),
    };
    view! {
        <section class="card case">
            <p class="muted"><span class="mono">{case.tracking_code.0.clone()}</span>" · "{case.room_name.clone()}" · "{case.submitted_at.clone()}</p>
            <h2>{case.title.clone()}</h2>
            <p class="status-line"><span class="badge" data-testid="staff-case-status">{stage}</span></p>
            {case.reviewer.as_ref().filter(|h| **h != crate::base::ids::Holder::Council(council.clone())).map(|_| view! {
                <p class="muted" data-testid="staff-case-reviewer">{text.review_waits_at}{case.reviewer_name.clone()}</p>
            })}
            <p class="description">{case.description.clone()}</p>
            <dl class="facts">
                <dt>{text.case_resident}</dt>
                <dd>{case.resident_name.clone().unwrap_or_else(|| text.case_resident_anonymous.to_string())}</dd>
                {case.resident_phone.clone().map(|phone| view! {
                    <dt>{text.case_phone}</dt>
                    <dd><a href=format!("tel:{phone}")>{phone.clone()}</a></dd>
                })}
                <dt>{text.case_source}</dt>
                <dd>{case.source.label()}
                    {(!case.raised_by_name.is_empty()).then(|| format!("（{}）", case.raised_by_name))}
                    {case.raised_at.clone().map(|at| view! { <a class="block" href=at.href data-testid="raised-at">{at.label}</a> })}</dd>
                {case.place.map(|at| view! {
                    <dt>{text.case_place_marked}</dt>
                    <dd data-testid="case-place">
                        <a href=crate::base::geo::navigate_url(&case.title, at) rel="external">
                            {format!("{:.5}, {:.5}", at.lat, at.lng)}
                        </a>
                    </dd>
                })}
                {(!case.category.is_empty()).then(|| view! {
                    <dt>{text.case_category}</dt>
                    <dd>{case.category.clone()}</dd>
                })}
                {(!case.screening.is_empty()).then(|| view! {
                    <dt>{text.screening_worth_title}</dt>
                    <dd data-testid="screening">{crate::cases::screening_labels(&case.screening).join("；")}</dd>
                })}
                {case.recheck_on.clone().map(|day| view! {
                    <dt>{text.case_recheck_on}</dt>
                    <dd>{day.0}</dd>
                })}
                {case.rating.clone().map(|(score, comment)| view! {
                    <dt>{text.case_rating}</dt>
                    <dd data-testid="staff-rating">{score.label()}{(!comment.is_empty()).then(|| format!("：{comment}"))}</dd>
                })}
                {case.merged_into.clone().map(|into| view! {
                    <dt>{text.case_merged_into}</dt>
                    <dd><a href=format!("/admin/councils/{council}/cases/{}", into.as_str())>{into.0.clone()}</a></dd>
                })}
            </dl>
        </section>
        {(!case.photos.is_empty()).then(|| view! {
            <section class="card" data-testid="case-photos">
                <h2>{text.case_photos}</h2>
                <div class="photo-grid">
                    {case.photos.iter().map(|id| view! {
                        <a href=format!("/photos/{id}") rel="external" target="_blank">
                            <img src=format!("/photos/{id}") alt=text.case_photos loading="lazy" width="160" height="120"/>
                        </a>
                    }).collect_view()}
                </div>
            </section>
        })}
        {(!case.duplicates.is_empty()).then(|| view! {
            <section class="card" data-testid="duplicates">
                <h2>{text.case_duplicates}</h2>
                <p class="hint">{text.case_duplicates_hint}</p>
                <ul class="plain case-lines">
                    {case.duplicates.iter().map(|d| view! {
                        <li>
                            <a href=format!("/admin/councils/{council}/cases/{}", d.tracking_code.as_str())>{d.title.clone()}</a>
                            <span class="muted small">
                                <span class="mono">{d.tracking_code.0.clone()}</span>" · "{d.status.label()}" · "
                                {format!("{} {}%", text.case_likeness, d.likeness)}
                            </span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <StepForm council=council.clone() case=case.clone() reload/>
        <crate::cases::lists::pages::ResearchSection council=council.clone() code=case.tracking_code.0.clone()
            lists=case.lists.clone() open=crate::cases::lists::research_open(case.status) reload/>
        <crate::cases::lists::pages::RecommendationsSection council=council.clone() code=case.tracking_code.0.clone()
            lists=case.lists.clone() open=crate::cases::lists::recommendations_open(case.status) reload/>
        <crate::cases::lists::pages::AssignmentsSection council=council.clone() code=case.tracking_code.0.clone()
            lists=case.lists.clone() open=crate::cases::lists::assignments_open(case.status) reload/>
        {(!case.lists.recommendations.is_empty() || !case.lists.assignments.is_empty()).then(|| {
            let base = format!("/admin/councils/{council}/cases/{}", case.tracking_code.as_str());
            view! {
                <section class="card actions" data-testid="exports">
                    <a class="button" href=format!("{base}/print") rel="external" target="_blank">{text.lists_print}</a>
                    <a class="button" href=format!("{base}/lists.xlsx") rel="external" download="">{text.lists_xlsx}</a>
                </section>
            }
        })}
        <PublicSwitch council=council.clone() code=case.tracking_code.0.clone() public=case.public reload/>
        <TypicalSwitch council=council.clone() code=case.tracking_code.0.clone() typical=case.typical reload/>
        <crate::ui::write_up::WriteUp council=council.as_str().to_string() source=format!("case:{}", case.tracking_code.0)/>
        <section class="card">
            <h2>{text.case_history}</h2>
            <ol class="timeline" data-testid="staff-history">
                {case.events.into_iter().map(|e| view! {
                    <li class="done">
                        <span class="when">{e.at}" · "{e.actor_name}</span>
                        <span class="what">{e.step.label()}</span>
                        {(!e.note.is_empty()).then(|| view! {
                            <span class="detail note">
                                {if e.note_public { text.case_note_shown } else { text.case_note_hidden }}" "{e.note}
                            </span>
                        })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The next step: one button per step the pipeline allows, then what that step needs.
#[component]
fn StepForm(council: CouncilKey, case: StaffCase, reload: Callback<()>) -> impl IntoView {
    let text = t();
    let chosen = RwSignal::new(None::<Step>);
    let note = RwSignal::new(String::new());
    let merge_into = RwSignal::new(String::new());
    let worth = RwSignal::new(Vec::<String>::new());
    let not_worth = RwSignal::new(Vec::<String>::new());
    let recheck_on = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let take = ServerAction::<TakeCaseStep>::new();
    Effect::new(move |_| match take.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            chosen.set(None);
            note.set(String::new());
            reload.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    if case.steps.is_empty() {
        return view! { <section class="card"><p class="empty">{text.case_no_steps}</p></section> }
            .into_any();
    }
    let code = case.tracking_code.0.clone();
    let version = case.version;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(step) = chosen.get_untracked() else {
            return;
        };
        take.dispatch(TakeCaseStep {
            council: council.clone(),
            code: code.clone(),
            input: StepInput {
                step,
                version,
                note: note.get_untracked(),
                merge_into: merge_into.get_untracked(),
                worth: worth.get_untracked(),
                not_worth: not_worth.get_untracked(),
                recheck_on: recheck_on.get_untracked(),
            },
        });
    };
    let conflict = move || matches!(error.get(), Some(AppError::Conflict));
    view! {
        <section class="card">
            <h2>{text.case_next}</h2>
            <div class="step-buttons" role="group" aria-label=text.case_next>
                {case.steps.into_iter().map(|step| view! {
                    <button type="button" class="button" class:primary=move || chosen.get() == Some(step)
                        aria-pressed=move || if chosen.get() == Some(step) { "true" } else { "false" }
                        on:click=move |_| { chosen.set(Some(step)); error.set(None); }>
                        {step.label()}
                    </button>
                }).collect_view()}
            </div>
            <Show when=move || chosen.get().is_some()>
                <form on:submit=on_submit.clone() data-testid="step-form">
                    <FormMessage error fields=&["note", "merge_into", "screening", "recheck_on"]/>
                    <Show when=conflict>
                        <button type="button" class="button" on:click=move |_| reload.run(())>{text.case_refresh}</button>
                    </Show>
                    <Show when=move || chosen.get() == Some(Step::Merge)>
                        <label class="field">
                            <span class="label">{text.case_merge_into}</span>
                            <input type="text" name="merge_into" autocapitalize="characters"
                                prop:value=move || merge_into.get()
                                on:input=move |ev| merge_into.set(event_target_value(&ev))/>
                            <FieldMessage error name="merge_into"/>
                        </label>
                    </Show>
                    <Show when=move || chosen.get() == Some(Step::RaiseAsTopic)>
                        <crate::cases::lists::pages::ScreeningChecks worth not_worth error/>
                    </Show>
                    <Show when=move || chosen.get() == Some(Step::PublishFeedback)>
                        <crate::ui::forms::TextField label=text.case_recheck_on name="recheck_on" value=recheck_on error
                            kind="date" hint=text.case_recheck_hint/>
                    </Show>
                    <label class="field">
                        <span class="label">{move || match chosen.get() {
                            Some(step) if step.note_is_public() => text.case_note_public,
                            _ => text.case_note_internal,
                        }}</span>
                        <textarea name="note" rows="4" maxlength="1000"
                            prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <FieldMessage error name="note"/>
                    </label>
                    <button type="submit" class="button primary big" disabled=move || take.pending().get()>
                        {move || format!("{}：{}", text.case_confirm, chosen.get().map(|s| s.label()).unwrap_or_default())}
                    </button>
                </form>
            </Show>
        </section>
    }
    .into_any()
}

/// Whether neighbours see this case on the room page: the council decides, case by case.
#[component]
fn PublicSwitch(
    council: CouncilKey,
    code: String,
    public: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let text = t();
    let set = ServerAction::<SetCasePublic>::new();
    view! {
        <CaseSwitch testid="public-switch" reload
            pending=set.pending().into() done=set.value().into()
            said=if public { text.case_is_public } else { text.case_is_private }
            button=if public { text.case_unpublish } else { text.case_publish }
            toggle=Callback::new(move |_| {
                set.dispatch(SetCasePublic { council: council.clone(), code: code.clone(), public: !public });
            })/>
    }
}

/// Whether the case is a typical one (典型案例), for the compilation and the reports.
#[component]
fn TypicalSwitch(
    council: CouncilKey,
    code: String,
    typical: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let text = t();
    let set = ServerAction::<SetCaseTypical>::new();
    view! {
        <CaseSwitch testid="typical-switch" reload
            pending=set.pending().into() done=set.value().into()
            said=if typical { text.case_is_typical } else { text.case_is_not_typical }
            button=if typical { text.case_unmark_typical } else { text.case_mark_typical }
            toggle=Callback::new(move |_| {
                set.dispatch(SetCaseTypical { council: council.clone(), code: code.clone(), typical: !typical });
            })/>
    }
}

/// One yes-or-no of a case the council sets with a tap: what it is now, and the button.
#[component]
fn CaseSwitch(
    testid: &'static str,
    said: &'static str,
    button: &'static str,
    pending: Signal<bool>,
    done: Signal<Option<Result<(), AppError>>>,
    toggle: Callback<()>,
    reload: Callback<()>,
) -> impl IntoView {
    let error: FormError = RwSignal::new(None);
    Effect::new(move |_| match done.get() {
        Some(Ok(())) => reload.run(()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        <section class="card" data-testid=testid>
            <p>{said}</p>
            <FormMessage error fields=&[]/>
            <button type="button" class="button" disabled=move || pending.get()
                on:click=move |_| toggle.run(())>
                {button}
            </button>
        </section>
    }
}
