//! `/stats`: a scope's figures over a period, each a link to its records; the councils of an
//! area in a table sortable by any figure; month-by-month charts drawn on the server as SVG.
//! `/stats/records`: the records one figure counts, 共 N 条, paged. Both are plain GET pages
//! that work without JavaScript and print.
use super::api::{get_stat_records, get_stats};
use super::logic::{label_and_definition, percent_label, records_href, unit};
use super::*;
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The figures, as the screen groups them: a heading and the figures under it.
type Group = (fn() -> &'static str, &'static [Figure]);

pub(super) const GROUPS: [Group; 5] = [
    (
        || t().stats_group_consult,
        &[
            Figure::Sessions,
            Figure::MemberAttendances,
            Figure::ResidentAttendances,
        ],
    ),
    (
        || t().stats_group_concerns,
        &[
            Figure::Concerns,
            Figure::Settled,
            Figure::Topics,
            Figure::TopicsConsulted,
            Figure::Ratings,
        ],
    ),
    (
        || t().stats_group_follow,
        &[
            Figure::Recommendations,
            Figure::Assignments,
            Figure::AssignmentsDone,
            Figure::Overdue,
            Figure::Rechecks,
        ],
    ),
    (
        || t().stats_group_station,
        &[
            Figure::Activities,
            Figure::ActivityMembers,
            Figure::Served,
            Figure::Disputes,
            Figure::Receptions,
            Figure::ReceptionsMissed,
            Figure::Visitors,
            Figure::Contacts,
        ],
    ),
    (
        || t().stats_group_outputs,
        &[
            Figure::Reports,
            Figure::ReportsAdopted,
            Figure::ReportInstructions,
            Figure::Proposals,
            Figure::ProposalsFiled,
        ],
    ),
];

#[component]
pub fn StatsPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("scope"),
                q.get("period"),
                q.get("from"),
                q.get("to"),
                q.get("sort"),
            )
        },
        |(scope, period, from, to, sort)| get_stats(scope, period, from, to, sort),
    );
    view! {
        <Title text=format!("{} · {}", text.stats_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <section class="intro">
                <h1>{text.stats_title}</h1>
                <p class="muted">{text.stats_intro}</p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(stats) => view! { <Stats stats/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

#[component]
fn Chooser(stats: StatsView) -> impl IntoView {
    let text = t();
    let scope = stats.scope.code();
    let custom = stats.period.code.contains('~');
    view! {
        <form method="get" action="/stats" class="card filters" data-testid="stats-filter">
            <label class="field">
                <span class="label">{text.stats_scope}</span>
                <select name="scope">
                    {stats.scopes.iter().map(|(code, name)| {
                        let selected = *code == scope;
                        view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="label">{text.stats_period}</span>
                <select name="period">
                    {stats.periods.iter().map(|(code, label)| {
                        let selected = *code == stats.period.code;
                        view! { <option value=code.clone() selected=selected>{label.clone()}</option> }
                    }).collect_view()}
                    <option value="custom" selected=custom>{text.stats_period_custom}</option>
                </select>
            </label>
            <div class="stat-range">
                <label class="field">
                    <span class="label">{text.stats_from}</span>
                    <input type="date" name="from" value=stats.period.from.0.clone()/>
                </label>
                <label class="field">
                    <span class="label">{text.stats_to}</span>
                    <input type="date" name="to" value=stats.period.to.0.clone()/>
                </label>
            </div>
            <button type="submit" class="button primary">{text.stats_show}</button>
        </form>
    }
}

#[component]
fn Stats(stats: StatsView) -> impl IntoView {
    let text = t();
    let scope = stats.scope.clone();
    let period = stats.period.clone();
    let value = |f: Figure| stats.figures.iter().find(|v| v.figure == f).cloned();
    let groups = GROUPS
        .iter()
        .map(|(title, figures)| {
            let items: Vec<FigureValue> = figures.iter().filter_map(|f| value(*f)).collect();
            view! {
                <section class="stat-group">
                    <h2>{title()}</h2>
                    <div class="stat-grid">
                        {items.into_iter().map(|v| view! {
                            <FigureCard value=v scope=scope.clone() period=period.clone()/>
                        }).collect_view()}
                    </div>
                </section>
            }
        })
        .collect_view();
    let derived = stats.derived.clone();
    let median = derived
        .median_days_to_settle
        .map(|d| format!("{} {}", trim_float(d), text.stats_days));
    view! {
        <Chooser stats=stats.clone()/>
        <p class="stat-heading" data-testid="stats-heading">
            <strong>{stats.scope_name.clone()}</strong>" · "{stats.period.label()}
        </p>
        <section class="card stat-derived" data-testid="stats-derived">
            <Ratio label=text.stats_settled_share definition=text.stats_settled_share_def
                value=derived.settled_permille.map(percent_label)/>
            <Ratio label=text.stats_median_days definition=text.stats_median_days_def value=median/>
            <Ratio label=text.stats_satisfied_share definition=text.stats_satisfied_share_def
                value=derived.satisfied_permille.map(percent_label)/>
        </section>
        {groups}
        <h2>{text.stats_trends}</h2>
        <div class="stat-trends">
            {stats.trends.iter().cloned().map(|trend| view! { <TrendChart trend/> }).collect_view()}
        </div>
        {(!stats.councils.is_empty()).then(|| view! { <CouncilTable stats=stats.clone()/> })}
        <CoverageView coverage=stats.coverage.clone()/>
        <p class="no-print stat-actions">
            <a class="button" rel="external" download="" data-testid="stats-export" href=export_href(&stats)>
                {text.stats_export}
            </a>
            <a class="button" data-testid="stats-report" href=page_href("/stats/report", &stats)>{text.stats_report_link}</a>
            <a class="button" data-testid="stats-compilation" href=page_href("/stats/cases", &stats)>{text.stats_compilation_link}</a>
        </p>
    }
}

/// The report or compilation of the scope and period on screen.
fn page_href(path: &str, stats: &StatsView) -> String {
    let scope = stats.scope.code();
    format!(
        "{path}?{}",
        crate::base::url::query_string(&[
            ("scope", scope.as_str()),
            ("period", stats.period.code.as_str()),
        ])
    )
}

/// The spreadsheet of what the screen shows: the same scope, period and order.
fn export_href(stats: &StatsView) -> String {
    let scope = stats.scope.code();
    let sort = stats.sort.map(|f| f.code()).unwrap_or("");
    format!(
        "/stats/export.xlsx?{}",
        crate::base::url::query_string(&[
            ("scope", scope.as_str()),
            ("period", stats.period.code.as_str()),
            ("sort", sort),
        ])
    )
}

/// The network's reach today: each figure over its whole, with the rows it is counted from.
#[component]
pub(super) fn CoverageView(coverage: Coverage) -> impl IntoView {
    let text = t();
    let of = |n: usize, all: usize| format!("{n} / {all}");
    view! {
        <section class="stat-group" data-testid="coverage">
            <h2>{text.stats_coverage}</h2>
            <div class="card stat-derived">
                {(!coverage.villages.is_empty()).then(|| view! {
                    <Ratio label=text.stats_villages_with_room definition=text.stats_villages_with_room_def
                        value=Some(of(coverage.villages_with_room(), coverage.villages.len()))/>
                })}
                <Ratio label=text.stats_station_size definition=text.stats_station_size_def
                    value=Some(of(coverage.councils_of_station_size(), coverage.councils.len()))/>
                <Ratio label=text.stats_standard_met definition=text.stats_standard_met_def
                    value=Some(of(coverage.councils_meeting_standard(), coverage.councils.len()))/>
            </div>
            <div class="table-scroll">
                <table class="list-table stat-table" data-testid="coverage-table">
                    <thead><tr>
                        <th>{text.stats_council}</th><th>{text.stats_members_column}</th>
                        <th>{text.stats_rooms_column}</th><th>{text.stats_standards_column}</th>
                    </tr></thead>
                    <tbody>
                        {coverage.councils.iter().map(|c| view! {
                            <tr>
                                <th scope="row">{c.name.clone()}</th>
                                <td>{c.members}</td><td>{c.rooms}</td>
                                <td>{format!("{}/{}", c.standards_met, STANDARD_ITEMS)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!coverage.villages.is_empty()).then(|| view! {
                <details class="card">
                    <summary>{format!("{}（{}）", text.stats_villages_list, coverage.villages.len())}</summary>
                    <ul class="stat-parts">
                        {coverage.villages.iter().map(|(name, room)| view! {
                            <li class="stat-village">
                                <span>{name.clone()}</span>
                                <strong>{if *room { text.stats_has_room } else { text.stats_no_room }}</strong>
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}

fn trim_float(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[component]
fn Ratio(label: &'static str, definition: &'static str, value: Option<String>) -> impl IntoView {
    view! {
        <p class="stat-ratio">
            <span class="stat-label">{label}</span>
            <strong class="stat-value">{value.unwrap_or_else(|| "—".to_string())}</strong>
            <small class="muted block">{definition}</small>
        </p>
    }
}

#[component]
fn FigureCard(value: FigureValue, scope: Scope, period: Period) -> impl IntoView {
    let text = t();
    let (label, definition) = label_and_definition(value.figure);
    let href = records_href(&scope, &period, value.figure, None);
    let splits = value.splits.clone();
    let split = !splits.is_empty();
    view! {
        <article class="card stat" class:stat-split=split data-testid=format!("figure-{}", value.figure.code())>
            <a class="stat-link" href=href>
                <span class="stat-label">{label}</span>
                <strong class="stat-value" data-testid="figure-value">{value.value}</strong>
                <span class="stat-unit">{unit(value.figure)}</span>
            </a>
            <details class="stat-definition">
                <summary>{text.stats_definition}</summary>
                <p>{definition}</p>
            </details>
            {splits.into_iter().enumerate().map(|(i, split)| {
                let scope = scope.clone();
                let period = period.clone();
                view! {
                    <details class="stat-parts-of" open=i == 0>
                    <summary>{split_label(split.split)}</summary>
                    <ul class="stat-parts">
                        {split.parts.into_iter().map(|p| {
                            let href = records_href(&scope, &period, value.figure, Some((split.split, p.part.as_str())));
                            view! {
                                <li><a href=href>
                                    <span>{p.label.clone()}</span>
                                    <strong>{p.value}</strong>
                                </a></li>
                            }
                        }).collect_view()}
                    </ul>
                    </details>
                }
            }).collect_view()}
        </article>
    }
}

fn split_label(split: Split) -> &'static str {
    let text = t();
    match split {
        Split::Form => text.stats_by_form,
        Split::Source => text.stats_by_source,
        Split::Category => text.stats_by_category,
        Split::Score => text.stats_by_score,
        Split::Kind => text.stats_by_kind,
    }
}

/// Bars of one figure month by month, drawn as SVG on the server: readable without scripts and
/// on paper.
#[component]
pub(super) fn TrendChart(trend: Trend) -> impl IntoView {
    let (label, _) = label_and_definition(trend.figure);
    let width = 320.0_f64;
    let height = 150.0_f64;
    let (top, bottom) = (18.0, 20.0);
    let n = trend.months.len().max(1) as f64;
    let slot = width / n;
    let max = trend
        .months
        .iter()
        .map(|(_, v)| *v)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let bars = trend
        .months
        .iter()
        .enumerate()
        .map(|(i, (month, v))| {
            let h = (height - top - bottom) * (*v as f64) / max;
            let x = slot * i as f64 + slot * 0.15;
            let y = height - bottom - h;
            let month_number = month
                .get(5..7)
                .unwrap_or("")
                .trim_start_matches('0')
                .to_string();
            view! {
                <g>
                    <title>{format!("{month}: {v}")}</title>
                    <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", slot * 0.7)
                        height=format!("{h:.1}") class="bar"/>
                    <text x=format!("{:.1}", x + slot * 0.35) y=format!("{:.1}", y - 3.0)
                        text-anchor="middle" class="bar-value">{v.to_string()}</text>
                    <text x=format!("{:.1}", x + slot * 0.35) y=format!("{:.1}", height - 5.0)
                        text-anchor="middle" class="bar-month">{month_number}</text>
                </g>
            }
        })
        .collect_view();
    let first = trend
        .months
        .first()
        .map(|(m, _)| m.clone())
        .unwrap_or_default();
    let last = trend
        .months
        .last()
        .map(|(m, _)| m.clone())
        .unwrap_or_default();
    view! {
        <figure class="card trend" data-testid=format!("trend-{}", trend.figure.code())>
            <figcaption>{format!("{label} · {first} — {last}")}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=label
                xmlns="http://www.w3.org/2000/svg">
                {bars}
            </svg>
        </figure>
    }
}

#[component]
pub(super) fn CouncilTable(stats: StatsView) -> impl IntoView {
    let text = t();
    let sort_href = |figure: Option<Figure>| {
        let scope = stats.scope.code();
        let sort = figure.map(|f| f.code()).unwrap_or("");
        format!(
            "/stats?{}",
            crate::base::url::query_string(&[
                ("scope", scope.as_str()),
                ("period", stats.period.code.as_str()),
                ("sort", sort),
            ])
        )
    };
    let totals: Vec<i64> = Figure::ALL
        .iter()
        .map(|f| {
            stats
                .figures
                .iter()
                .find(|v| v.figure == *f)
                .map_or(0, |v| v.value)
        })
        .collect();
    view! {
        <h2>{text.stats_councils}</h2>
        <p class="hint">{text.stats_sort_hint}</p>
        <div class="table-scroll">
            <table class="list-table stat-table" data-testid="council-table">
                <thead><tr>
                    <th><a href=sort_href(None)>{text.stats_council}</a></th>
                    {Figure::ALL.iter().map(|f| {
                        let sorted = stats.sort == Some(*f);
                        view! {
                            <th class:sorted=sorted>
                                <a href=sort_href(Some(*f)) data-testid=format!("sort-{}", f.code())>
                                    {label_and_definition(*f).0}{if sorted { " ↓" } else { "" }}
                                </a>
                            </th>
                        }
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {stats.councils.iter().map(|row| {
                        let scope = Scope::Council(crate::base::ids::CouncilKey::parse(&row.council).unwrap_or_default());
                        view! {
                            <tr>
                                <th scope="row">{row.name.clone()}</th>
                                {row.values.iter().zip(Figure::ALL).map(|(v, f)| view! {
                                    <td><a href=records_href(&scope, &stats.period, *f, None)>{*v}</a></td>
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th scope="row">{text.stats_total}</th>
                    {totals.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}
                </tr></tfoot>
            </table>
        </div>
    }
}

#[component]
pub fn StatRecordsPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("scope"),
                q.get("period"),
                q.get("figure").unwrap_or_default(),
                q.get("split"),
                q.get("part"),
                q.get("page").and_then(|p| p.parse::<i64>().ok()),
            )
        },
        |(scope, period, figure, split, part, page)| {
            get_stat_records(scope, period, figure, split, part, page)
        },
    );
    view! {
        <Title text=format!("{} · {}", text.stats_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(records) => view! { <Records records/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

#[component]
fn Records(records: FigureRecords) -> impl IntoView {
    let text = t();
    let (label, definition) = label_and_definition(records.figure);
    let back = format!(
        "/stats?{}",
        crate::base::url::query_string(&[
            ("scope", records.scope.code().as_str()),
            ("period", records.period.code.as_str()),
        ])
    );
    let title = match &records.part {
        Some((_, _, part_label)) => format!("{label} · {part_label}"),
        None => label.to_string(),
    };
    let export = {
        let scope = records.scope.code();
        let mut pairs = vec![
            ("scope", scope.as_str()),
            ("period", records.period.code.as_str()),
            ("figure", records.figure.code()),
        ];
        if let Some((split, part, _)) = &records.part {
            pairs.push(("split", split.code()));
            pairs.push(("part", part.as_str()));
        }
        format!(
            "/stats/records.xlsx?{}",
            crate::base::url::query_string(&pairs)
        )
    };
    let amount_unit = if records.figure == Figure::Settled {
        text.stats_days
    } else {
        unit(records.figure)
    };
    let page_href = |page: i64| {
        let scope = records.scope.code();
        let page = page.to_string();
        let mut pairs = vec![
            ("scope", scope.as_str()),
            ("period", records.period.code.as_str()),
            ("figure", records.figure.code()),
            ("page", page.as_str()),
        ];
        if let Some((split, part, _)) = &records.part {
            pairs.push(("split", split.code()));
            pairs.push(("part", part.as_str()));
        }
        format!("/stats/records?{}", crate::base::url::query_string(&pairs))
    };
    let (page, pages) = (records.page, records.pages);
    let rows = records.rows.clone();
    let prev = (page > 1).then(|| page_href(page - 1));
    let next = (page < pages).then(|| page_href(page + 1));
    view! {
        <p class="crumbs"><a href=back>{text.stats_back}</a></p>
        <h1 data-testid="records-title">{title}</h1>
        <p class="stat-heading"><strong>{records.scope_name.clone()}</strong>" · "{records.period.label()}</p>
        <p class="muted"><strong>{text.stats_definition}"："</strong>{definition}</p>
        <p class="stat-total" data-testid="records-total">
            {text.stats_records_total.replace("{n}", &records.total.to_string())}
            {records.sum.map(|s| format!(" · {}{}", text.stats_records_sum.replace("{n}", &s.to_string()), unit(records.figure)))}
        </p>
        {records.rows.is_empty().then(|| view! { <p class="empty card">{text.stats_records_empty}</p> })}
        <ol class="plain stat-records" data-testid="records" start=((page - 1) * PAGE_SIZE + 1).to_string()>
            {rows.into_iter().map(|row| {
                let title = match row.href.clone() {
                    Some(href) => view! { <a href=href>{row.title.clone()}</a> }.into_any(),
                    None => view! { <span>{row.title.clone()}</span> }.into_any(),
                };
                view! {
                    <li class="card small">
                        <strong>{title}</strong>
                        <span class="block muted">
                            {row.day.clone()}" · "{row.council_name.clone()}
                            {(!row.detail.is_empty()).then(|| format!(" · {}", row.detail))}
                            {row.amount.map(|a| format!(" · {a} {amount_unit}"))}
                        </span>
                    </li>
                }
            }).collect_view()}
        </ol>
        <p class="no-print">
            <a class="button" rel="external" download="" data-testid="records-export" href=export>{text.stats_export}</a>
        </p>
        {(pages > 1).then(|| view! {
            <nav class="pager">
                {prev.map(|href| view! { <a class="button" href=href>{text.stats_prev}</a> })}
                <span>{text.stats_page.replace("{page}", &page.to_string()).replace("{pages}", &pages.to_string())}</span>
                {next.map(|href| view! { <a class="button" href=href>{text.stats_next}</a> })}
            </nav>
        })}
    }
}
