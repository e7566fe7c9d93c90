//! `/reports` (the reports the caller may see, by status), `/reports/new` (a report written
//! from a case or a session) and `/reports/{key}` (the report as it is printed, its steps, and
//! the forms of the steps the caller may take). Every form is a plain POST to its server
//! function, answered by a redirect back: it works without JavaScript, and a refusal comes back
//! in the URL (`__err`) to be shown above the forms.
use super::api::{get_report, get_reports, new_report, SaveReport, TakeReportStep};
use super::*;
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::refused;
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            ReportFilter {
                status: q.get("status").unwrap_or_default(),
                referral: q.get("referral").unwrap_or_default(),
                page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
            }
        },
        get_reports,
    );
    view! {
        <Title text=format!("{} · {}", text.reports_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <section class="intro">
                <h1>{text.reports_title}</h1>
                <p class="muted">{text.reports_intro}</p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <ReportList view/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// The query of `/reports` with `status` and `referral` (empty ones left out) and a page.
fn list_query(status: &str, referral: &str, page: i64) -> String {
    let mut parts = Vec::new();
    if !status.is_empty() {
        parts.push(format!("status={status}"));
    }
    if !referral.is_empty() {
        parts.push(format!("referral={referral}"));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

#[component]
fn ReportList(view: ReportsView) -> impl IntoView {
    let text = t();
    let status = view.filter.status.clone();
    let referral = view.filter.referral.clone();
    let tab = |code: &str, label: &'static str| {
        let href = format!("/reports{}", list_query(code, &referral, 1));
        let current = (status == code).then_some("page");
        view! { <a class="chip" href=href aria-current=current>{label}</a> }
    };
    let referral_tab = |code: &str, label: &'static str| {
        // A second tap on the chosen one lets it go.
        let to = if referral == code { "" } else { code };
        let href = format!("/reports{}", list_query(&status, to, 1));
        let current = (referral == code).then_some("page");
        view! { <a class="chip" href=href aria-current=current data-testid=format!("referral-{code}")>{label}</a> }
    };
    let page_href = |page: i64| format!("/reports{}", list_query(&status, &referral, page));
    let prev = (view.filter.page > 1).then(|| page_href(view.filter.page - 1));
    let next = (view.filter.page < view.pages).then(|| page_href(view.filter.page + 1));
    let empty = if view.office {
        text.reports_empty_office
    } else if view.department {
        text.reports_empty_department
    } else {
        text.reports_empty
    };
    view! {
        {(!view.councils.is_empty()).then(|| view! {
            <p class="actions">
                {view.councils.iter().map(|(key, name)| view! {
                    <a class="button primary" href=format!("/reports/new?council={key}") data-testid="write-report">
                        {text.report_write}" · "{name.clone()}
                    </a>
                }).collect_view()}
            </p>
        })}
        <nav class="chips" data-testid="report-status">
            {tab("", text.reports_all)}
            {ReportStatus::ALL.iter().map(|s| tab(s.code(), s.label())).collect_view()}
        </nav>
        <nav class="chips" data-testid="report-referral">
            {referral_tab(ReferralFilter::Open.code(), text.reports_referral_open)}
            {referral_tab(ReferralFilter::Overdue.code(), text.reports_referral_overdue)}
        </nav>
        <p class="stat-total" data-testid="reports-total">{text.reports_total.replace("{n}", &view.total.to_string())}
            " "<a class="button small-button" rel="external" download="" data-testid="reports-xlsx"
                href=format!("/reports.xlsx{}", list_query(&status, &referral, 1))>{text.stats_export}</a>
        </p>
        {view.lines.is_empty().then(|| view! { <p class="empty card">{empty}</p> })}
        <ol class="plain" data-testid="report-lines">
            {view.lines.iter().map(|line| view! {
                <li class="card small">
                    <a href=format!("/reports/{}", line.key)><strong>{line.title.clone()}</strong></a>
                    <span class="block">
                        <span class="badge">{line.status.label()}</span>
                        {line.overdue.then(|| view! { " "<span class="badge warn" data-testid="referral-overdue">{text.report_referral_overdue}</span> })}
                        {line.bulletin.map(|n| format!(" · {}", text.report_bulletin_no.replace("{n}", &n.to_string())))}
                        " · "<span class="nowrap">{line.day.clone()}</span>
                    </span>
                    <span class="block muted">{line.council_name.clone()}" · "{line.authors.clone()}</span>
                </li>
            }).collect_view()}
        </ol>
        {(view.pages > 1).then(|| view! {
            <nav class="pager">
                {prev.map(|href| view! { <a class="button" href=href>{text.stats_prev}</a> })}
                <span>{text.stats_page.replace("{page}", &view.filter.page.to_string()).replace("{pages}", &view.pages.to_string())}</span>
                {next.map(|href| view! { <a class="button" href=href>{text.stats_next}</a> })}
            </nav>
        })}
    }
}

#[component]
pub fn NewReportPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("council").unwrap_or_default(),
                q.get("source").unwrap_or_default(),
            )
        },
        |(council, source)| new_report(council, source),
    );
    let error = refused();
    view! {
        <Title text=format!("{} · {}", text.report_write, text.app_name)/>
        <AdminPage works_without_js=true>
            <section class="intro">
                <h1>{text.report_write}</h1>
                <p class="muted">{text.report_write_intro}</p>
            </section>
            {error.map(|error| view! { <ErrorNotice error/> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(draft) => view! { <ReportForm draft/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// The fields of a report, named as the server function reads them (`input[title]`...).
#[component]
fn ReportForm(draft: ReportDraft) -> impl IntoView {
    let text = t();
    let input = draft.input;
    let area = |label: &'static str,
                hint: &'static str,
                name: &'static str,
                value: String,
                rows: u32| {
        view! {
            <label class="field">
                <span class="label">{label}</span>
                <span class="hint">{hint}</span>
                <textarea name=format!("input[{name}]") rows=rows maxlength=super::logic::MAX_CHARS required=true>{value}</textarea>
            </label>
        }
    };
    view! {
        <form method="post" action=SaveReport::url() class="card" data-testid="report-form">
            <input type="hidden" name="input[key]" value=input.key.clone()/>
            <input type="hidden" name="input[council]" value=input.council.clone()/>
            <input type="hidden" name="input[source]" value=input.source.clone()/>
            <p class="muted">{draft.council_name.clone()}</p>
            <label class="field">
                <span class="label">{text.report_field_title}</span>
                <input type="text" name="input[title]" value=input.title.clone() maxlength=super::logic::TITLE_MAX required=true/>
            </label>
            {area(text.report_field_situation, text.report_hint_situation, "situation", input.situation.clone(), 5)}
            {area(text.report_field_analysis, text.report_hint_analysis, "analysis", input.analysis.clone(), 4)}
            {area(text.report_field_suggestion, text.report_hint_suggestion, "suggestion", input.suggestion.clone(), 4)}
            <p class="hint">{text.report_hint_length}</p>
            {(!draft.members.is_empty()).then(|| view! {
                <fieldset class="field">
                    <legend class="label">{text.report_field_co_authors}</legend>
                    {draft.members.iter().enumerate().map(|(i, (key, name))| view! {
                        <label class="consent">
                            <input type="checkbox" name=format!("input[co_authors][{i}]") value=key.clone()/>
                            <span>{name.clone()}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
            })}
            <label class="consent">
                <input type="checkbox" name="input[council_author]" value="true" checked=input.council_author/>
                <span>{text.report_field_council_author}</span>
            </label>
            <button type="submit" class="button primary" data-testid="save-report">{text.report_save}</button>
        </form>
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let data = Resource::new(key, get_report);
    let error = refused();
    view! {
        <Title text=format!("{} · {}", text.reports_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <p class="no-print"><a href="/reports">{text.reports_back}</a></p>
            {error.map(|error| view! { <ErrorNotice error/> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(report) => view! { <Report report/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// A report as its A4 page reads (社情民意信息), then its steps and the caller's forms.
#[component]
fn Report(report: ReportView) -> impl IntoView {
    let text = t();
    let mut authors = report.authors.join("、");
    if report.council_author {
        authors = format!("{authors}、{}", report.council_name);
    }
    let section = |label: &'static str, body: String| {
        view! {
            <h2>{label}</h2>
            {body.lines().map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
        }
    };
    view! {
        <article class="card report-sheet" data-testid="report">
            <p class="report-masthead">
                {report.bulletin.map_or(text.report_masthead.to_string(), |n| text.report_bulletin_no.replace("{n}", &n.to_string()))}
            </p>
            <h1>{report.title.clone()}</h1>
            <p class="muted">{text.report_authors}{authors}" · "{report.council_name.clone()}</p>
            <p data-testid="report-status"><span class="badge">{report.status.label()}</span>
                {report.adopted_by.map(|a| format!(" · {}", a.label()))}
            </p>
            <crate::ui::write_up::SourceLine source=report.source.clone()/>
            {section(text.report_field_situation, report.situation.clone())}
            {section(text.report_field_analysis, report.analysis.clone())}
            {section(text.report_field_suggestion, report.suggestion.clone())}
        </article>
        <section class="no-print">
            {(!report.referrals.is_empty()).then(|| view! { <Referrals referrals=report.referrals.clone()/> })}
            <h2>{text.report_steps}</h2>
            {report.steps.is_empty().then(|| view! { <p class="empty">{text.report_no_steps}</p> })}
            <ol class="timeline" data-testid="report-steps">
                {report.steps.iter().map(|s| view! {
                    <li>
                        <strong>{s.step.label()}</strong>" · "{s.actor_name.clone()}" · "<span class="nowrap">{s.at.clone()}</span>
                        {step_detail(s)}
                        {(!s.note.is_empty()).then(|| view! { <span class="block">{s.note.clone()}</span> })}
                    </li>
                }).collect_view()}
            </ol>
            {report.allowed.iter().map(|step| view! {
                <StepForm report=report.key.clone() step=*step bulletins=report.bulletins.clone() departments=report.departments.clone()/>
            }).collect_view()}
        </section>
    }
}

/// Where it was referred: each department, its deadline, and its answer or how late it is.
#[component]
fn Referrals(referrals: Vec<ReferralLine>) -> impl IntoView {
    let text = t();
    view! {
        <h2>{text.report_referrals}</h2>
        <ul class="plain" data-testid="report-referrals">
            {referrals.into_iter().map(|r| {
                let answered = !r.answered_at.is_empty();
                let (class, label) = match (answered, r.overdue) {
                    (true, _) => ("badge", text.report_referral_answered),
                    (false, true) => ("badge warn", text.report_referral_overdue),
                    (false, false) => ("badge wait", text.report_referral_waiting),
                };
                view! {
                    <li class="card small" data-testid="referral">
                        <strong>{r.department_name.clone()}</strong>" "<span class=class>{label}</span>
                        <span class="block muted">{text.report_referral_deadline}<span class="nowrap">{r.deadline.clone()}</span></span>
                        {(!r.task.is_empty()).then(|| view! { <span class="block">{text.report_referral_task}{r.task.clone()}</span> })}
                        {answered.then(|| view! {
                            <span class="block">{text.report_referral_answer}<span data-testid="referral-answer">{r.answer.clone()}</span></span>
                            <span class="block muted">{r.answered_by.clone()}" · "<span class="nowrap">{r.answered_at.clone()}</span></span>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn step_detail(s: &StepLine) -> Option<String> {
    let text = t();
    match s.step {
        ReportStep::Issue => Some(text.report_bulletin_no.replace("{n}", &s.detail)),
        ReportStep::Adopt => AdoptedBy::from_code(&s.detail).map(|a| a.label().to_string()),
        ReportStep::Instruct => Some(format!("{}{}", text.report_instructed_by, s.detail)),
        ReportStep::Refer => Some(format!("{}{}", text.report_referred_to, s.detail)),
        _ => None,
    }
    .map(|d| format!(" · {d}"))
}

/// One step's form: what it needs, and its button.
#[component]
fn StepForm(
    report: String,
    step: ReportStep,
    bulletins: Vec<i64>,
    departments: Vec<(String, String)>,
) -> impl IntoView {
    let text = t();
    if step == ReportStep::Refer && departments.is_empty() {
        return view! { <p class="hint" data-testid="step-refer">{text.report_no_departments}</p> }
            .into_any();
    }
    let note = match step {
        ReportStep::Return => Some(text.report_note_return),
        ReportStep::Reject => Some(text.report_note_reject),
        ReportStep::Instruct => Some(text.report_note_instruct),
        ReportStep::Refer => Some(text.report_note_refer),
        ReportStep::Answer => Some(text.report_note_answer),
        ReportStep::Submit | ReportStep::Adopt => Some(text.report_note_optional),
        _ => None,
    };
    let note_max = if step == ReportStep::Answer {
        super::logic::ANSWER_MAX
    } else {
        super::logic::NOTE_MAX
    };
    let detail = match step {
        ReportStep::Instruct => Some(text.report_detail_instruct),
        _ => None,
    };
    view! {
        <form method="post" action=TakeReportStep::url() class="card small step-form" data-testid=format!("step-{}", step.code())>
            <input type="hidden" name="input[report]" value=report/>
            <input type="hidden" name="input[step]" value=step.code()/>
            {detail.map(|label| view! {
                <label class="field"><span class="label">{label}</span>
                    <input type="text" name="input[detail]" maxlength="40" required=true/></label>
            })}
            {(step == ReportStep::Refer).then(|| view! {
                <label class="field"><span class="label">{text.report_detail_refer}</span>
                    <select name="input[detail]" required=true>
                        {departments.iter().map(|(key, name)| view! { <option value=key.clone()>{name.clone()}</option> }).collect_view()}
                    </select></label>
                <label class="field"><span class="label">{text.report_detail_deadline}</span>
                    <input type="date" name="input[deadline]"/></label>
            })}
            {(step == ReportStep::Adopt).then(|| view! {
                <label class="field"><span class="label">{text.report_detail_adopt}</span>
                    <select name="input[detail]" required=true>
                        {AdoptedBy::ALL.iter().map(|a| view! { <option value=a.code()>{a.label()}</option> }).collect_view()}
                    </select></label>
            })}
            {(step == ReportStep::Issue).then(|| view! {
                <label class="field"><span class="label">{text.report_detail_bulletin}</span>
                    <select name="input[bulletin]">
                        <option value="">{text.report_bulletin_next}</option>
                        {bulletins.iter().map(|n| view! { <option value=n.to_string()>{text.report_bulletin_no.replace("{n}", &n.to_string())}</option> }).collect_view()}
                    </select></label>
            })}
            {note.map(|label| view! {
                <label class="field"><span class="label">{label}</span>
                    <textarea name="input[note]" rows={if step == ReportStep::Answer { 5 } else { 2 }} maxlength=note_max
                        required=matches!(step, ReportStep::Answer)></textarea></label>
            })}
            <button type="submit" class="button primary">{step.label()}</button>
        </form>
    }
    .into_any()
}
