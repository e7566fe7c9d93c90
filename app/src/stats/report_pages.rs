//! The period report and the compilation of typical cases, laid out for A4: drawn on the
//! server, read and printed without JavaScript.
use super::pages::{CouncilTable, CoverageView, TrendChart, GROUPS};
use super::report::{get_stats_report, StatsReport, TypicalCase};
use super::*;
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::print::PrintSheet;
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The report's data from the URL (`scope`, `period`, `from`, `to`), drawn by `draw`.
fn report_page(title: &'static str, draw: fn(StatsReport) -> AnyView) -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (q.get("scope"), q.get("period"), q.get("from"), q.get("to"))
        },
        |(scope, period, from, to)| get_stats_report(scope, period, from, to),
    );
    let back = move || {
        let q = query.read();
        let pairs = [
            ("scope", q.get("scope").unwrap_or_default()),
            ("period", q.get("period").unwrap_or_default()),
        ];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("/stats?{}", crate::base::url::query_string(&pairs))
    };
    view! {
        <Title text=format!("{title} · {}", text.app_name)/>
        <PrintSheet hint=text.report_print_hint back=(back(), text.stats_back)>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(report) => draw(report),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PrintSheet>
    }
}

#[component]
pub fn StatsReportPage() -> impl IntoView {
    report_page(t().report_title, |report| {
        view! { <Report report/> }.into_any()
    })
}

#[component]
pub fn CaseCompilationPage() -> impl IntoView {
    report_page(t().compilation_title, |report| {
        view! { <Compilation report/> }.into_any()
    })
}

#[component]
fn Report(report: StatsReport) -> impl IntoView {
    let text = t();
    let stats = report.stats.clone();
    let value = |f: Figure| {
        stats
            .figures
            .iter()
            .find(|v| v.figure == f)
            .map_or(0, |v| v.value)
    };
    let derived = stats.derived.clone();
    let ratio = |v: Option<i64>| v.map_or("—".to_string(), super::logic::percent_label);
    let median = derived
        .median_days_to_settle
        .map_or("—".to_string(), |d| format!("{d:.1} {}", text.stats_days));
    view! {
        <article class="report" data-testid="stats-report">
            <h1>{format!("{}{}{}", stats.scope_name, stats.period.label(), text.report_heading)}</h1>
            <p class="muted">{text.report_drawn_at}{report.drawn_at.clone()}</p>
            <table class="list-table report-figures" data-testid="report-figures">
                <thead><tr>
                    <th>{text.stats_figure_column}</th><th>{text.stats_value_column}</th><th>{text.stats_definition}</th>
                </tr></thead>
                {GROUPS.iter().map(|(title, figures)| view! {
                    <tbody>
                        <tr class="report-group"><th colspan="3">{title()}</th></tr>
                        {figures.iter().map(|f| {
                            let (label, definition) = super::logic::label_and_definition(*f);
                            view! {
                                <tr>
                                    <td>{label}</td>
                                    <td class="num">{format!("{} {}", value(*f), super::logic::unit(*f))}</td>
                                    <td class="small">{definition}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                }).collect_view()}
                <tbody>
                    <tr><td>{text.stats_settled_share}</td><td class="num">{ratio(derived.settled_permille)}</td><td class="small">{text.stats_settled_share_def}</td></tr>
                    <tr><td>{text.stats_median_days}</td><td class="num">{median}</td><td class="small">{text.stats_median_days_def}</td></tr>
                    <tr><td>{text.stats_satisfied_share}</td><td class="num">{ratio(derived.satisfied_permille)}</td><td class="small">{text.stats_satisfied_share_def}</td></tr>
                </tbody>
            </table>
            <h2>{text.stats_trends}</h2>
            <div class="stat-trends">
                {stats.trends.iter().cloned().map(|trend| view! { <TrendChart trend/> }).collect_view()}
            </div>
            {(!stats.councils.is_empty()).then(|| view! { <CouncilTable stats=stats.clone()/> })}
            <CoverageView coverage=stats.coverage.clone()/>
            <h2>{format!("{}（{}）", text.report_typical, report.typical.len())}</h2>
            {report.typical.is_empty().then(|| view! { <p class="empty">{text.report_no_typical}</p> })}
            <TypicalCases cases=report.typical.clone()/>
        </article>
    }
}

#[component]
fn Compilation(report: StatsReport) -> impl IntoView {
    let text = t();
    let stats = report.stats;
    view! {
        <article class="report" data-testid="case-compilation">
            <h1>{format!("{}{}{}", stats.scope_name, stats.period.label(), text.compilation_heading)}</h1>
            <p class="muted">{text.report_drawn_at}{report.drawn_at.clone()}</p>
            {report.typical.is_empty().then(|| view! { <p class="empty">{text.report_no_typical}</p> })}
            <TypicalCases cases=report.typical/>
        </article>
    }
}

#[component]
fn TypicalCases(cases: Vec<TypicalCase>) -> impl IntoView {
    let text = t();
    view! {
        <ol class="typical-cases">
            {cases.into_iter().map(|c| view! {
                <li class="typical-case">
                    <h3>{c.title.clone()}</h3>
                    <p class="muted">
                        {c.council_name.clone()}" · "{c.day.clone()}" · "{c.status.clone()}" · "
                        <span class="mono">{c.code.clone()}</span>
                    </p>
                    <p>{c.description.clone()}</p>
                    {(!c.recommendations.is_empty()).then(|| view! {
                        <h4>{text.report_recommendations}</h4>
                        <ol>{c.recommendations.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ol>
                    })}
                    {(!c.answers.is_empty()).then(|| view! {
                        <h4>{text.report_answers}</h4>
                        <ul>{c.answers.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
}
