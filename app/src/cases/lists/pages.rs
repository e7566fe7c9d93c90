//! The desk's sections after screening: research records, the 协商建议清单, the 责任落实清单 with
//! what departments reported, and the 六议六不议 checklist and re-check day that steps ask for.
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::cases::lists::api::{
    AddAssignment, AddResearch, DeleteAssignment, DeleteRecommendation, ReportAssignment,
    SaveRecommendation,
};
use crate::cases::lists::{
    Assignment, AssignmentInput, AssignmentStatus, CaseLists, ReportInput, ResearchInput,
    ResearchKind,
};
use crate::ui::forms::{
    FieldMessage, FormError, FormMessage, SelectField, SubmitButton, TextField,
};
use leptos::prelude::*;

/// Runs `reload` after a council-side action succeeds; keeps its error for the form otherwise.
fn after_success<T>(
    action: ServerAction<T>,
    error: FormError,
    reload: Callback<()>,
    on_ok: impl Fn() + 'static,
) where
    T: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    T::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            on_ok();
            reload.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
}

/// The 六议六不议 rule as two groups of boxes: why it is worth consulting, and why it must not be.
#[component]
pub fn ScreeningChecks(
    worth: RwSignal<Vec<String>>,
    not_worth: RwSignal<Vec<String>>,
    error: FormError,
) -> impl IntoView {
    let text = t();
    let group = move |title: &'static str,
                      hint: &'static str,
                      items: &'static [(&'static str, &'static str)],
                      chosen: RwSignal<Vec<String>>,
                      id: &'static str| {
        view! {
            <fieldset class="checklist" data-testid=id>
                <legend>{title}</legend>
                <p class="hint">{hint}</p>
                {items.iter().map(|(key, label)| {
                    let key = key.to_string();
                    let k = key.clone();
                    view! {
                        <label class="consent">
                            <input type="checkbox" name=id value=key.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&k))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|x| *x != key);
                                        if on { c.push(key.clone()); }
                                    });
                                }/>
                            <span>{*label}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        {group(text.screening_worth_title, text.screening_worth_hint, text.screening_worth, worth, "worth")}
        {group(text.screening_not_title, text.screening_not_hint, text.screening_not_worth, not_worth, "not_worth")}
        <FieldMessage error name="screening"/>
    }
}

/// 不调研不协商: what the members saw and heard before consulting.
#[component]
pub fn ResearchSection(
    council: CouncilKey,
    code: String,
    lists: CaseLists,
    open: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let text = t();
    if lists.research.is_empty() && !open {
        return ().into_any();
    }
    let add = ServerAction::<AddResearch>::new();
    let error: FormError = RwSignal::new(None);
    let on_date = RwSignal::new(crate::base::clock::today_in_browser());
    let kind = RwSignal::new(ResearchKind::Visit.as_db().to_string());
    let note = RwSignal::new(String::new());
    let submission = StoredValue::new(crate::ui::fresh_id());
    after_success(add, error, reload, move || {
        note.set(String::new());
        submission.set_value(crate::ui::fresh_id());
    });
    let kinds: Vec<(String, String)> = ResearchKind::ALL
        .iter()
        .map(|k| (k.as_db().to_string(), k.label().to_string()))
        .collect();
    view! {
        <section class="card" data-testid="research">
            <h2>{text.research_title}</h2>
            {if lists.research.is_empty() {
                view! { <p class="empty">{text.research_none}</p> }.into_any()
            } else {
                view! {
                    <ol class="plain case-lines">
                        {lists.research.into_iter().map(|r| view! {
                            <li>
                                <span class="muted small">{r.on_date.0}" · "{r.kind.label()}" · "{r.author_name}</span>
                                <span class="block">{r.note}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {open.then(|| view! {
                <form data-testid="research-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    add.dispatch(AddResearch {
                        council: council.clone(),
                        code: code.clone(),
                        input: ResearchInput { id: submission.get_value(), on_date: on_date.get_untracked(), kind: kind.get_untracked(), note: note.get_untracked() },
                    });
                }>
                    <FormMessage error fields=&["on_date", "kind", "note"]/>
                    <TextField label=text.research_date name="on_date" value=on_date error kind="date"/>
                    <SelectField label=text.research_kind name="kind" value=kind error options=kinds/>
                    <NoteField label=text.research_note name="note" value=note error max=crate::cases::lists::RESEARCH_MAX/>
                    <SubmitButton label=text.research_add pending=add.pending().into()/>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// A multi-line text field with its label and the server's message.
#[component]
pub fn NoteField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    error: FormError,
    max: usize,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="label">{label}</span>
            <textarea name=name rows="3" maxlength=max.to_string() aria-label=label
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <FieldMessage error name/>
        </label>
    }
}

/// The 协商建议清单: numbered, edited while consulting, fixed once published.
#[component]
pub fn RecommendationsSection(
    council: CouncilKey,
    code: String,
    lists: CaseLists,
    open: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let text = t();
    if lists.recommendations.is_empty() && !open {
        return ().into_any();
    }
    let save = ServerAction::<SaveRecommendation>::new();
    let delete = ServerAction::<DeleteRecommendation>::new();
    let error: FormError = RwSignal::new(None);
    let editing = RwSignal::new(String::new());
    let draft = RwSignal::new(String::new());
    let fresh = StoredValue::new(crate::ui::fresh_id());
    after_success(save, error, reload, move || {
        draft.set(String::new());
        editing.set(String::new());
        fresh.set_value(crate::ui::fresh_id());
    });
    after_success(delete, error, reload, || {});
    let (c1, k1) = (council.clone(), code.clone());
    view! {
        <section class="card" data-testid="recommendations">
            <h2>{text.recommendations_title}</h2>
            <p class="hint">{if open { text.recommendations_hint_open } else { text.recommendations_hint_fixed }}</p>
            <FormMessage error fields=&["text"]/>
            {if lists.recommendations.is_empty() {
                view! { <p class="empty">{text.recommendations_none}</p> }.into_any()
            } else {
                view! {
                    <ol class="numbered">
                        {lists.recommendations.into_iter().map(|r| {
                            let (council, code) = (council.clone(), code.clone());
                            let id = r.id.clone();
                            let (edit_id, edit_text) = (r.id.clone(), r.text.clone());
                            view! {
                                <li data-testid="recommendation">
                                    <span class="rec-text">{r.text.clone()}</span>
                                    {open.then(|| view! {
                                        <span class="row-actions">
                                            <button type="button" class="link-button" on:click=move |_| {
                                                editing.set(edit_id.clone());
                                                draft.set(edit_text.clone());
                                            }>{text.edit}</button>
                                            <button type="button" class="link-button danger" on:click=move |_| {
                                                if crate::ui::confirm(text.recommendation_delete_confirm) {
                                                    delete.dispatch(DeleteRecommendation { council: council.clone(), code: code.clone(), id: id.clone() });
                                                }
                                            }>{text.delete}</button>
                                        </span>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {open.then(|| view! {
                <form data-testid="recommendation-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    save.dispatch(SaveRecommendation { council: c1.clone(), code: k1.clone(), id: editing.get_untracked(), text: draft.get_untracked(), fresh: Some(fresh.get_value()) });
                }>
                    <NoteField label=text.recommendation_text name="text" value=draft error max=crate::cases::lists::RECOMMENDATION_MAX/>
                    <div class="actions">
                        <SubmitButton label=text.recommendation_save pending=save.pending().into()/>
                        <Show when=move || !editing.get().is_empty()>
                            <button type="button" class="button" on:click=move |_| { editing.set(String::new()); draft.set(String::new()); }>
                                {text.cancel}
                            </button>
                        </Show>
                    </div>
                </form>
            })}
        </section>
    }
    .into_any()
}

/// The 责任落实清单: each line a department, an owner, a deadline and where it stands, with what
/// the department reported (the 结果反馈清单).
#[component]
pub fn AssignmentsSection(
    council: CouncilKey,
    code: String,
    lists: CaseLists,
    open: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let text = t();
    if lists.assignments.is_empty() && !open {
        return ().into_any();
    }
    let add = ServerAction::<AddAssignment>::new();
    let delete = ServerAction::<DeleteAssignment>::new();
    let error: FormError = RwSignal::new(None);
    let form = AssignmentFields::default();
    after_success(add, error, reload, move || form.clear());
    after_success(delete, error, reload, || {});
    let recommendation_choices: Vec<(String, String)> = lists
        .recommendations
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                format!("{}. {}", r.number, short(&r.text, 24)),
            )
        })
        .collect();
    let has_recommendations = !recommendation_choices.is_empty();
    let departments: Vec<(String, String)> = lists
        .departments
        .iter()
        .map(|d| (d.key.clone(), format!("{}（{}）", d.name, d.area_name)))
        .collect();
    let no_departments = departments.is_empty();
    let (c1, k1) = (council.clone(), code.clone());
    view! {
        <section class="card" data-testid="assignments">
            <h2>{text.assignments_title}</h2>
            {if lists.assignments.is_empty() {
                view! { <p class="empty">{text.assignments_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain case-lines">
                        {lists.assignments.into_iter().map(|a| {
                            let (council, code, id) = (council.clone(), code.clone(), a.id.clone());
                            let removable = open && a.status != AssignmentStatus::Done;
                            view! {
                                <li data-testid="assignment">
                                    <AssignmentLine assignment=a.clone()/>
                                    {removable.then(|| view! {
                                        <button type="button" class="link-button danger" on:click=move |_| {
                                            if crate::ui::confirm(text.assignment_delete_confirm) {
                                                delete.dispatch(DeleteAssignment { council: council.clone(), code: code.clone(), id: id.clone() });
                                            }
                                        }>{text.assignment_withdraw}</button>
                                    })}
                                    {(a.status != AssignmentStatus::Done).then(|| view! {
                                        <details class="report-for">
                                            <summary>{text.assignment_report_for}</summary>
                                            <ReportForm assignment=a.clone() reload/>
                                        </details>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {open.then(|| view! {
                <form data-testid="assignment-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    add.dispatch(AddAssignment { council: c1.clone(), code: k1.clone(), input: form.input() });
                }>
                    <h3>{text.assignment_new}</h3>
                    <FormMessage error fields=&["recommendation", "department", "owner", "task", "deadline"]/>
                    {no_departments.then(|| view! { <p class="notice">{text.assignment_no_departments}</p> })}
                    {has_recommendations.then(|| view! {
                        <SelectField label=text.assignment_recommendation name="recommendation" value=form.recommendation error
                            options=recommendation_choices.clone() empty_label=text.assignment_whole_case/>
                    })}
                    <SelectField label=text.assignment_department name="department" value=form.department error options=departments/>
                    <TextField label=text.assignment_owner name="owner" value=form.owner error maxlength=crate::cases::lists::OWNER_MAX
                        hint=text.assignment_owner_hint/>
                    <NoteField label=text.assignment_task name="task" value=form.task error max=crate::cases::lists::TASK_MAX/>
                    <TextField label=text.assignment_deadline name="deadline" value=form.deadline error kind="date"/>
                    <SubmitButton label=text.assignment_add pending=add.pending().into()/>
                </form>
            })}
        </section>
    }
    .into_any()
}

#[derive(Clone, Copy)]
struct AssignmentFields {
    /// This filling-in of the form: sent twice, one assignment.
    submission: StoredValue<String>,
    recommendation: RwSignal<String>,
    department: RwSignal<String>,
    owner: RwSignal<String>,
    task: RwSignal<String>,
    deadline: RwSignal<String>,
}

impl Default for AssignmentFields {
    fn default() -> Self {
        AssignmentFields {
            submission: StoredValue::new(crate::ui::fresh_id()),
            recommendation: RwSignal::new(String::new()),
            department: RwSignal::new(String::new()),
            owner: RwSignal::new(String::new()),
            task: RwSignal::new(String::new()),
            deadline: RwSignal::new(String::new()),
        }
    }
}

impl AssignmentFields {
    fn input(&self) -> AssignmentInput {
        AssignmentInput {
            id: self.submission.get_value(),
            recommendation: self.recommendation.get_untracked(),
            department: self.department.get_untracked(),
            owner: self.owner.get_untracked(),
            task: self.task.get_untracked(),
            deadline: self.deadline.get_untracked(),
        }
    }

    fn clear(&self) {
        self.owner.set(String::new());
        self.task.set(String::new());
        self.submission.set_value(crate::ui::fresh_id());
    }
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// One assignment: what, who, by when, where it stands, and what was reported.
#[component]
pub fn AssignmentLine(assignment: Assignment) -> impl IntoView {
    let text = t();
    let a = assignment;
    view! {
        <span class="block">
            {a.recommendation.map(|n| view! { <span class="tag">{format!("{} {n}", text.assignment_for_recommendation)}</span>" " })}
            {a.task.clone()}
        </span>
        <span class="muted small block">
            {a.department_name.clone()}" · "{text.assignment_owner}"："{a.owner.clone()}" · "{text.assignment_deadline}"："{a.deadline.0.clone()}
        </span>
        <span class="block">
            <span class="badge" data-testid="assignment-status">{a.status.label()}</span>
            {a.overdue.then(|| view! { " "<span class="badge warn" data-testid="overdue">{text.assignment_overdue}</span> })}
        </span>
        {(!a.result.is_empty()).then(|| view! {
            <span class="block small">{text.assignment_result}"："{a.result.clone()}</span>
        })}
        {(!a.evidence.is_empty()).then(|| view! {
            <span class="block small muted">{text.assignment_evidence}"："{a.evidence.clone()}</span>
        })}
        {(!a.reported_by_name.is_empty()).then(|| view! {
            <span class="block small muted">{text.assignment_reported_by}" "{a.reported_by_name.clone()}</span>
        })}
        {(!a.urges.is_empty()).then(|| view! {
            <span class="block small urges" data-testid="urges">
                {text.assignment_urges}"："
                {a.urges.iter().map(|u| view! { <span class="block">{u.line()}</span> }).collect_view()}
            </span>
        })}
    }
}

/// A report on an assignment: in progress, or done with what was done and the evidence.
#[component]
pub fn ReportForm(assignment: Assignment, reload: Callback<()>) -> impl IntoView {
    let text = t();
    let report = ServerAction::<ReportAssignment>::new();
    let error: FormError = RwSignal::new(None);
    let status = RwSignal::new(AssignmentStatus::Done.as_db().to_string());
    let result = RwSignal::new(assignment.result.clone());
    let evidence = RwSignal::new(assignment.evidence.clone());
    after_success(report, error, reload, || {});
    let statuses: Vec<(String, String)> = [AssignmentStatus::InProgress, AssignmentStatus::Done]
        .iter()
        .map(|s| (s.as_db().to_string(), s.label().to_string()))
        .collect();
    let (id, version) = (assignment.id.clone(), assignment.version);
    view! {
        <form class="report-form" data-testid="report-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(status) = AssignmentStatus::from_db(&status.get_untracked()) else { return };
            report.dispatch(ReportAssignment {
                id: id.clone(),
                input: ReportInput { status, result: result.get_untracked(), evidence: evidence.get_untracked(), version },
            });
        }>
            <FormMessage error fields=&["status", "result", "evidence"]/>
            <Show when=move || matches!(error.get(), Some(AppError::Conflict))>
                <button type="button" class="button" on:click=move |_| reload.run(())>{text.case_refresh}</button>
            </Show>
            <SelectField label=text.assignment_status name="status" value=status error options=statuses/>
            <NoteField label=text.assignment_result name="result" value=result error max=crate::cases::lists::REPORT_MAX/>
            <NoteField label=text.assignment_evidence name="evidence" value=evidence error max=crate::cases::lists::REPORT_MAX/>
            <SubmitButton label=text.assignment_report pending=report.pending().into()/>
        </form>
    }
}
