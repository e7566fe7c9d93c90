//! `/work`: a member's or department's own screen. Members enter a resident's concern met on a
//! visit, or put a topic forward; department staff see their assignments and report on them.
use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::lists::api::get_my_tasks;
use crate::cases::lists::pages::{AssignmentLine, ReportForm};
use crate::cases::lists::AssignmentStatus;
use crate::cases::work::api::{get_work_overview, RaiseForCouncil};
use crate::cases::work::{MemberConcern, WorkCouncil};
use crate::cases::{CaseSource, ConcernForm};
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::{CheckField, FormError, FormMessage, SelectField, SubmitButton, TextField};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn WorkPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(
        || (),
        |_| async move {
            let overview = get_work_overview().await?;
            let tasks = if overview.department_name.is_some() {
                get_my_tasks().await?
            } else {
                Vec::new()
            };
            Ok::<_, AppError>((overview, tasks))
        },
    );
    let reload = Callback::new(move |_| data.refetch());
    view! {
        <Title text=format!("{} · {}", text.work_title, text.app_name)/>
        <AdminPage>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((overview, tasks)) => {
                            let nothing = overview.councils.is_empty() && overview.department_name.is_none();
                            view! {
                                <section class="intro">
                                    <h1 data-testid="work-name">{overview.name.clone()}</h1>
                                    <p class="muted">{text.work_intro}</p>
                                </section>
                                <p class="actions">
                                    {overview.is_admin.then(|| view! { <a class="button" href="/admin">{text.nav_admin}</a> })}
                                    <a class="button" href="/notices" data-testid="to-notices">
                                        {text.notices_title}
                                        {(overview.unread_notices > 0).then(|| view! { " "<span class="count">{overview.unread_notices}</span> })}
                                    </a>
                                    {(!overview.councils.is_empty()).then(|| view! {
                                        <a class="button" href="/activities" data-testid="to-activities">{text.activities_new}</a>
                                    })}
                                    {overview.member.clone().map(|m| view! {
                                        <a class="button" href=format!("/members/{m}/record") data-testid="to-record">{text.work_my_record}</a>
                                    })}
                                </p>
                                {overview.department_name.clone().map(|name| view! {
                                    <DepartmentTasks name tasks=tasks.clone() reload/>
                                    <Referrals waiting=overview.referrals_waiting/>
                                })}
                                {(!overview.councils.is_empty()).then(|| view! {
                                    <RaiseForm councils=overview.councils.clone()/>
                                })}
                                {nothing.then(|| view! { <p class="empty card">{text.work_nothing}</p> })}
                            }.into_any()
                        }
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// A department's assignments: open ones with a report form, then the finished ones.
#[component]
fn DepartmentTasks(
    name: String,
    tasks: Vec<crate::cases::lists::DepartmentTask>,
    reload: Callback<()>,
) -> impl IntoView {
    let text = t();
    let (done, open): (Vec<_>, Vec<_>) = tasks
        .into_iter()
        .partition(|task| task.assignment.status == AssignmentStatus::Done);
    let line = move |task: crate::cases::lists::DepartmentTask, report: bool| {
        view! {
            <li data-testid="task">
                <span class="muted small block">
                    {task.council_name.clone()}" · "<span class="mono">{task.tracking_code.0.clone()}</span>
                </span>
                <strong class="block">{task.case_title.clone()}</strong>
                {(!task.recommendation_text.is_empty()).then(|| view! {
                    <span class="block small muted">{text.assignment_for_recommendation}"："{task.recommendation_text.clone()}</span>
                })}
                <AssignmentLine assignment=task.assignment.clone()/>
                {report.then(|| view! { <ReportForm assignment=task.assignment.clone() reload/> })}
            </li>
        }
    };
    view! {
        <section class="card" data-testid="department-tasks">
            <h2>{text.work_department_tasks}" · "{name}</h2>
            {if open.is_empty() {
                view! { <p class="empty">{text.work_no_open_tasks}</p> }.into_any()
            } else {
                view! { <ul class="plain case-lines">{open.into_iter().map(|t| line(t, true)).collect_view()}</ul> }.into_any()
            }}
            {(!done.is_empty()).then(|| view! {
                <details>
                    <summary>{format!("{}（{}）", text.work_done_tasks, done.len())}</summary>
                    <ul class="plain case-lines">{done.into_iter().map(|t| line(t, false)).collect_view()}</ul>
                </details>
            })}
        </section>
    }
}

/// 社情民意信息 the office referred to the department: how many wait for its answer, and where
/// to answer them.
#[component]
fn Referrals(waiting: (i64, i64)) -> impl IntoView {
    let text = t();
    let (open, overdue) = waiting;
    let line = if open == 0 {
        text.work_referrals_none.to_string()
    } else {
        let mut line = text
            .work_referrals_waiting
            .replace("{n}", &open.to_string());
        if overdue > 0 {
            line.push_str(
                &text
                    .work_referrals_overdue
                    .replace("{n}", &overdue.to_string()),
            );
        }
        line
    };
    view! {
        <section class="card" data-testid="department-referrals">
            <h2>{text.work_referrals}</h2>
            <p class={if overdue > 0 { "warn-text" } else { "" }}>{line}</p>
            <p class="actions">
                <a class="button" href={if open > 0 { "/reports?referral=open" } else { "/reports" }} data-testid="to-referrals">{text.work_referrals_open}</a>
            </p>
        </section>
    }
}

/// Entering a resident's concern met on a visit, or a topic: the same intake rules as the room page.
#[component]
fn RaiseForm(councils: Vec<WorkCouncil>) -> impl IntoView {
    let text = t();
    let raise = ServerAction::<RaiseForCouncil>::new();
    let error: FormError = RwSignal::new(None);
    // Opened from an activity or a reception day: `?council=…&at=activity:KEY&title=…`.
    let query = leptos_router::hooks::use_query_map();
    let (asked_council, raised_at, asked_title) = query.with_untracked(|q| {
        (
            q.get("council").unwrap_or_default(),
            q.get("at").unwrap_or_default(),
            q.get("title").unwrap_or_default(),
        )
    });
    let first = if councils.iter().any(|c| c.key == asked_council) {
        asked_council
    } else {
        councils.first().map(|c| c.key.clone()).unwrap_or_default()
    };
    let council = RwSignal::new(first);
    let raised_at = RwSignal::new(raised_at);
    let room = RwSignal::new(String::new());
    let source = RwSignal::new(CaseSource::MemberVisit.as_db().to_string());
    let category = RwSignal::new(String::new());
    let title = RwSignal::new(asked_title.chars().take(60).collect::<String>());
    let description = RwSignal::new(String::new());
    let resident_name = RwSignal::new(String::new());
    let resident_phone = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let lat = RwSignal::new(String::new());
    let lng = RwSignal::new(String::new());
    let picking = RwSignal::new(false);
    // One id per case being written: a resend after a dropped answer finds the same case.
    let submission = RwSignal::new(new_submission_id());
    // The case just entered, with the id that lets this browser add its photos.
    let receipt = RwSignal::new(None::<(crate::cases::TrackingCode, String)>);
    Effect::new(move |_| match raise.value().get() {
        Some(Ok(r)) => {
            error.set(None);
            receipt.set(Some((r.tracking_code, submission.get_untracked())));
            for field in [
                title,
                description,
                resident_name,
                resident_phone,
                category,
                lat,
                lng,
            ] {
                field.set(String::new());
            }
            consent.set(false);
            raised_at.set(String::new());
            submission.set(new_submission_id());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let council_choices: Vec<(String, String)> = councils
        .iter()
        .map(|c| (c.key.clone(), c.name.clone()))
        .collect();
    let all = StoredValue::new(councils);
    let room_choices = Signal::derive(move || {
        let key = council.get();
        all.with_value(|cs| {
            cs.iter()
                .find(|c| c.key == key)
                .map(|c| c.rooms.clone())
                .unwrap_or_default()
        })
    });
    let sources: Vec<(String, String)> = CaseSource::BY_MEMBERS
        .iter()
        .map(|s| (s.as_db().to_string(), s.label().to_string()))
        .collect();
    let is_topic = move || CaseSource::from_db(&source.get()).is_some_and(CaseSource::is_topic);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = CaseSource::from_db(&source.get_untracked()) else {
            return;
        };
        raise.dispatch(RaiseForCouncil {
            input: MemberConcern {
                council: council.get_untracked(),
                room: room.get_untracked(),
                source: chosen,
                category: category.get_untracked(),
                form: ConcernForm {
                    submission_id: submission.get_untracked(),
                    title: title.get_untracked(),
                    description: description.get_untracked(),
                    resident_name: resident_name.get_untracked(),
                    resident_phone: resident_phone.get_untracked(),
                    consent: consent.get_untracked(),
                },
                lat: lat.get_untracked(),
                lng: lng.get_untracked(),
                raised_at: raised_at.get_untracked(),
            },
        });
    };
    view! {
        <section class="card" id="raise" data-testid="raise-for-council">
            <h2>{text.work_raise_title}</h2>
            <p class="hint">{text.work_raise_hint}</p>
            {move || {
                let at = raised_at.get();
                let note = if at.starts_with("activity:") {
                    Some(text.work_raised_at_activity)
                } else if at.starts_with("reception:") {
                    Some(text.work_raised_at_reception)
                } else {
                    None
                };
                note.map(|n| view! { <p class="notice" data-testid="raised-at">{n}</p> })
            }}
            {move || receipt.get().map(|(code, proof)| view! {
                <p class="notice notice-ok" role="status" data-testid="raised">
                    {text.work_raised}" "<a class="mono" href=format!("/c/{}", code.as_str())>{code.0.clone()}</a>
                </p>
                <crate::attachments::pages::PhotoPicker base=format!("/c/{}/photos", code.0) proof/>
            })}
            <form on:submit=on_submit>
                <FormMessage error fields=&["raised_at", "room", "source", "category", "title", "description", "resident_name", "resident_phone", "consent", "lat", "lng"]/>
                <SelectField label=text.work_council name="council" value=council error options=council_choices/>
                <SelectField label=text.work_room name="room" value=room error options=room_choices/>
                <SelectField label=text.case_source name="source" value=source error options=sources/>
                <TextField label=text.case_category name="category" value=category error maxlength=crate::cases::work::CATEGORY_MAX
                    hint=text.work_category_hint/>
                <TextField label=text.field_title name="title" value=title error maxlength=60/>
                <crate::cases::lists::pages::NoteField label=text.field_description name="description" value=description error max=2000/>
                <p class="label">{text.work_place}</p>
                <p class="hint">{text.work_place_hint}</p>
                <div class="pair">
                    <TextField label=text.room_lat name="lat" value=lat error inputmode="decimal"/>
                    <TextField label=text.room_lng name="lng" value=lng error inputmode="decimal"/>
                </div>
                <button type="button" class="button small-button js-only" on:click=move |_| picking.update(|p| *p = !*p)>
                    {move || if picking.get() { text.map_pick_close } else { text.map_pick_open }}
                </button>
                <Show when=move || picking.get()>
                    <crate::ui::map::view::PointPicker lat lng/>
                </Show>
                <Show when=move || !is_topic()>
                    <TextField label=text.field_name name="resident_name" value=resident_name error maxlength=30/>
                    <TextField label=text.field_phone name="resident_phone" value=resident_phone error kind="tel" inputmode="tel"/>
                    <CheckField label=text.work_consent name="consent" value=consent error/>
                </Show>
                <SubmitButton label=text.work_raise_submit pending=raise.pending().into()/>
            </form>
        </section>
    }
}

/// A fresh 32-hex-digit id for one case being written.
fn new_submission_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        (0..4)
            .map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32))
            .collect()
    }
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    {
        crate::cases::intake::handlers::new_submission_id()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        String::new()
    }
}
