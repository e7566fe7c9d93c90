//! `/members/{key}/record?year=YYYY`: a member's duty record (履职档案) for a year. Drawn on the
//! server (works without JavaScript) and laid out for A4, for the annual evaluation.
use super::api::get_duty_record;
use super::*;
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::print::PrintSheet;
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DutyRecordPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("key").unwrap_or_default(),
                query.read().get("year").and_then(|y| y.parse::<i32>().ok()),
                query.read().get("to").and_then(|y| y.parse::<i32>().ok()),
            )
        },
        |(member, year, to_year)| get_duty_record(member, year, to_year),
    );
    view! {
        <Title text=format!("{} · {}", text.record_title, text.app_name)/>
        <PrintSheet hint=text.record_print_hint back=("/work".to_string(), text.nav_work)>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(record) => view! { <RecordView record/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PrintSheet>
    }
}

#[component]
fn RecordView(record: DutyRecord) -> impl IntoView {
    let text = t();
    let this_year = record.year;
    let link = |year: i32| format!("/members/{}/record?year={year}", record.member);
    // The term (届) ending with the year shown: five years, or as many as there are records of.
    let term_first = (record.to_year - super::api::TERM_YEARS + 1).max(super::api::FIRST_YEAR);
    let term_link = format!(
        "/members/{}/record?year={term_first}&to={}",
        record.member, record.to_year
    );
    let span = if record.to_year == record.year {
        format!("{this_year}{}", text.year_suffix)
    } else {
        format!("{}–{}{}", record.year, record.to_year, text.year_suffix)
    };
    let councils = record
        .councils
        .iter()
        .map(|(name, role)| format!("{name}（{role}）"))
        .collect::<Vec<_>>()
        .join("、");
    view! {
        <article class="print-lists duty-record" data-testid="duty-record">
            <nav class="no-print year-nav">
                {(this_year > super::api::FIRST_YEAR).then(|| view! {
                    <a class="button small-button" href=link(this_year - 1)>{format!("{}{}", this_year - 1, text.year_suffix)}</a>
                })}
                <a class="button small-button" href=link(this_year + 1)>{format!("{}{}", this_year + 1, text.year_suffix)}</a>
                {(record.to_year == record.year && term_first < record.year).then(|| view! {
                    <a class="button small-button" href=term_link.clone() data-testid="term-record">
                        {format!("{}（{}–{}）", text.record_term, term_first, record.to_year)}</a>
                })}
            </nav>
            <h1>{record.name.clone()}" · "{span}{text.record_title}</h1>
            <p class="muted">{record.sector.clone()}" · "{councils}</p>
            <table class="list-table record-counts" data-testid="record-counts">
                <tbody>
                    {record.counts.iter().map(|c| view! {
                        <tr>
                            <th scope="row">{c.counted.label()}</th>
                            <td><a href=format!("#{}", c.counted.anchor()) data-count=c.counted.label()>{c.value}</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Section id="activities" title=text.record_activities empty=record.activities.is_empty()>
                <table class="list-table">
                    <thead><tr><th scope="col">{text.record_date}</th><th scope="col">{text.activity_field_title}</th>
                        <th scope="col">{text.activity_field_kind}</th><th scope="col">{text.activity_field_served}</th></tr></thead>
                    <tbody>
                        {record.activities.iter().map(|a| view! {
                            <tr>
                                <td>{a.date.clone()}</td>
                                <td><a href=format!("/activities/{}", a.key)>{a.title.clone()}</a>
                                    <span class="small muted block">{a.council_name.clone()}</span></td>
                                <td>{a.kind.label()}</td>
                                <td>{a.served}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Section>
            <Section id="sessions" title=text.record_sessions empty=record.sessions.is_empty()>
                <table class="list-table">
                    <thead><tr><th scope="col">{text.record_date}</th><th scope="col">{text.session_field_title}</th>
                        <th scope="col">{text.record_notes}</th></tr></thead>
                    <tbody>
                        {record.sessions.iter().map(|s| view! {
                            <tr>
                                <td>{s.date.clone()}</td>
                                <td><a href=format!("/s/{}", s.key)>{s.title.clone()}</a>
                                    <span class="small muted block">{s.council_name.clone()}</span></td>
                                <td>{s.notes}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </Section>
            <Section id="concerns" title=text.record_concerns empty=record.concerns.is_empty()>
                <ul>
                    {record.concerns.iter().map(|c| view! {
                        <li>{c.date.clone()}" "
                            <a href=format!("/admin/councils/{}/cases/{}", c.council, c.code)>{c.title.clone()}</a>
                            " "<span class="mono small">{c.code.clone()}</span></li>
                    }).collect_view()}
                </ul>
            </Section>
            <Section id="research" title=text.record_research empty=record.research.is_empty()>
                <ul>
                    {record.research.iter().map(|r| view! {
                        <li>{r.date.clone()}" "
                            <a href=format!("/admin/councils/{}/cases/{}", r.council, r.code)>{r.case_title.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </Section>
            <Section id="duty" title=text.record_duty_slots empty=record.duty_slots.is_empty()>
                <p class="hint">{text.record_duty_hint}</p>
                <ul>
                    {record.duty_slots.iter().map(|s| {
                        let state = match s.came {
                            Some(true) => format!("{}{}{}", text.reception_came, s.visitors, text.reception_people),
                            Some(false) => text.reception_came_no.to_string(),
                            None => text.record_reception_unrecorded.to_string(),
                        };
                        view! {
                            <li>{s.date.clone()}" "{s.room_name.clone()}" "{format!("{}–{}", s.starts, s.ends)}
                                {s.swapped_in.then_some(text.record_swapped_in)}" · "{state}</li>
                        }
                    }).collect_view()}
                </ul>
            </Section>
            <Section id="contacts" title=text.record_contacts empty=record.contacts.is_empty()>
                <p class="hint">{text.record_contacts_hint}</p>
                <ul>
                    {record.contacts.iter().map(|c| view! {
                        <li>{c.date.clone()}" "{c.household_name.clone()}" · "{c.via.label()}
                            {(!c.heard.is_empty()).then(|| format!("：{}", c.heard))}
                            {c.case.clone().map(|(council, code)| view! {
                                " "<a href=format!("/admin/councils/{council}/cases/{code}")>{code.clone()}</a>
                            })}</li>
                    }).collect_view()}
                </ul>
            </Section>
            <Section id="reports" title=text.record_reports empty=record.reports.is_empty()>
                <ul data-testid="record-reports">
                    {record.reports.iter().map(|r| view! {
                        <li>{r.date.clone()}" "
                            <a href=format!("/reports/{}", r.key)>{r.title.clone()}</a>
                            " · "{r.status.label()}
                            {r.bulletin.map(|n| format!(" · {}", text.report_bulletin_no.replace("{n}", &n.to_string())))}
                            {(r.instructions > 0).then(|| format!(" · {}{}", text.record_report_instructions, r.instructions))}</li>
                    }).collect_view()}
                </ul>
            </Section>
            <Section id="proposals" title=text.record_proposals_section empty=record.proposals.is_empty()>
                <ul data-testid="record-proposals">
                    {record.proposals.iter().map(|p| view! {
                        <li>{p.date.clone()}" "
                            {p.number.map(|n| format!("{} ", text.proposal_number.replace("{n}", &n.to_string())))}
                            <a href=format!("/proposals/{}", p.key)>{p.title.clone()}</a>
                            " · "{if p.lead { text.record_proposal_lead } else { text.record_proposal_co_signed }}
                            " · "{p.status.label()}</li>
                    }).collect_view()}
                </ul>
            </Section>
        </article>
    }
}

#[component]
fn Section(
    id: &'static str,
    title: &'static str,
    empty: bool,
    children: Children,
) -> impl IntoView {
    let text = t();
    view! {
        <section class="print-list" id=id>
            <h2>{title}</h2>
            {if empty {
                view! { <p class="empty">{text.record_none}</p> }.into_any()
            } else {
                children().into_any()
            }}
        </section>
    }
}
