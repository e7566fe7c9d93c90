//! `/proposals` (the proposals the caller may see, by status, overdue ones apart, and the
//! district's submission window), `/proposals/new` (a draft, new or changed) and
//! `/proposals/{key}` (the proposal as it is printed, with its co-signers and the unit's reply
//! letter, its steps, and the forms the caller may use). Every form is a plain POST to its server
//! function, answered by a redirect back: it works without JavaScript, and a refusal comes back
//! in the URL (`__err`) to be shown above the forms.
use super::api::{
    draft_proposal, get_proposal, get_proposals, SaveProposal, SetProposalWindow, SignProposal,
    TakeProposalStep,
};
use super::*;
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::refused;
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `第N号`, or nothing before a number is given.
fn numbered(number: Option<i64>) -> Option<String> {
    number.map(|n| t().proposal_number.replace("{n}", &n.to_string()))
}

#[component]
pub fn ProposalsPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            ProposalFilter {
                status: q.get("status").unwrap_or_default(),
                overdue: q.get("overdue").is_some_and(|v| v == "1"),
                page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
            }
        },
        get_proposals,
    );
    let error = refused();
    view! {
        <Title text=format!("{} · {}", text.proposals_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <section class="intro">
                <h1>{text.proposals_title}</h1>
                <p class="muted">{text.proposals_intro}</p>
            </section>
            {error.map(|error| view! { <ErrorNotice error/> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <ProposalList view/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// The URL of `/proposals` with these filters.
fn list_href(status: &str, overdue: bool, page: i64) -> String {
    let mut parts = Vec::new();
    if !status.is_empty() {
        parts.push(format!("status={status}"));
    }
    if overdue {
        parts.push("overdue=1".to_string());
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/proposals".to_string()
    } else {
        format!("/proposals?{}", parts.join("&"))
    }
}

#[component]
fn ProposalList(view: ProposalsView) -> impl IntoView {
    let text = t();
    let filter = view.filter.clone();
    let tab = |code: &str, label: &'static str| {
        let current = (filter.status == code && !filter.overdue).then_some("page");
        view! { <a class="chip" href=list_href(code, false, 1) aria-current=current>{label}</a> }
    };
    let prev =
        (filter.page > 1).then(|| list_href(&filter.status, filter.overdue, filter.page - 1));
    let next = (filter.page < view.pages)
        .then(|| list_href(&filter.status, filter.overdue, filter.page + 1));
    let window_form = view.sets_window.clone().map(|district| {
        let current = view
            .windows
            .iter()
            .find(|w| w.district == district)
            .cloned();
        view! { <WindowForm district current/> }
    });
    view! {
        <ul class="plain" data-testid="proposal-windows">
            {view.windows.iter().map(|w| view! {
                <li class="card small">
                    <strong>{w.district_name.clone()}</strong>" · "
                    {if w.opens.is_empty() {
                        text.proposal_window_none.to_string()
                    } else {
                        text.proposal_window_days.replace("{opens}", &w.opens).replace("{closes}", &w.closes)
                    }}
                    " "<span class="badge">{if w.open { text.proposal_window_open } else { text.proposal_window_closed }}</span>
                </li>
            }).collect_view()}
        </ul>
        {window_form}
        {(!view.councils.is_empty()).then(|| view! {
            <p class="actions">
                {view.councils.iter().map(|(key, name)| view! {
                    <a class="button primary" href=format!("/proposals/new?council={key}") data-testid="write-proposal">
                        {text.proposal_write}" · "{name.clone()}
                    </a>
                }).collect_view()}
            </p>
        })}
        <nav class="chips" data-testid="proposal-status">
            {tab("", text.reports_all)}
            {ProposalStatus::ALL.iter().map(|s| tab(s.code(), s.label())).collect_view()}
            <a class="chip" href=list_href("", true, 1) aria-current=filter.overdue.then_some("page")>{text.proposal_overdue}</a>
        </nav>
        <p class="stat-total" data-testid="proposals-total">{text.proposals_total.replace("{n}", &view.total.to_string())}
            " "<a class="button small-button" rel="external" download="" data-testid="proposals-xlsx"
                href=list_href(&filter.status, filter.overdue, 1).replacen("/proposals", "/proposals.xlsx", 1)>{text.stats_export}</a>
        </p>
        {view.lines.is_empty().then(|| view! {
            <p class="empty card">{if view.office { text.proposals_empty_office } else { text.proposals_empty }}</p>
        })}
        <ol class="plain" data-testid="proposal-lines">
            {view.lines.iter().map(|line| view! {
                <li class="card small">
                    <a href=format!("/proposals/{}", line.key)>
                        {numbered(line.number).map(|n| format!("{n} "))}<strong>{line.title.clone()}</strong>
                    </a>
                    <span class="block">
                        <span class="badge">{line.status.label()}</span>
                        {line.overdue.then(|| view! { " "<span class="badge warn">{text.proposal_overdue}</span> })}
                        " · "<span class="nowrap">{line.day.clone()}</span>
                    </span>
                    <span class="block muted">{line.council_name.clone()}" · "{line.authors.clone()}</span>
                    {line.lead_unit.clone().map(|unit| view! {
                        <span class="block muted">{text.proposal_lead_unit}{unit}
                            {line.deadline.clone().map(|d| format!(" · {}{d}", text.proposal_deadline))}
                        </span>
                    })}
                </li>
            }).collect_view()}
        </ol>
        {(view.pages > 1).then(|| view! {
            <nav class="pager">
                {prev.map(|href| view! { <a class="button" href=href>{text.stats_prev}</a> })}
                <span>{text.stats_page.replace("{page}", &filter.page.to_string()).replace("{pages}", &view.pages.to_string())}</span>
                {next.map(|href| view! { <a class="button" href=href>{text.stats_next}</a> })}
            </nav>
        })}
    }
}

/// The office sets the days its district takes proposals in.
#[component]
fn WindowForm(district: String, current: Option<WindowView>) -> impl IntoView {
    let text = t();
    let (opens, closes) = current.map_or_else(Default::default, |w| (w.opens, w.closes));
    view! {
        <details class="card small report-for">
        <summary>{text.proposal_window_set}</summary>
        <form method="post" action=SetProposalWindow::url() data-testid="window-form">
            <input type="hidden" name="input[district]" value=district/>
            <label class="field"><span class="label">{text.proposal_window_opens}</span>
                <input type="date" name="input[opens]" value=opens required=true/></label>
            <label class="field"><span class="label">{text.proposal_window_closes}</span>
                <input type="date" name="input[closes]" value=closes required=true/></label>
            <button type="submit" class="button">{text.proposal_window_save}</button>
        </form>
        </details>
    }
}

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("council").unwrap_or_default(),
                q.get("source").unwrap_or_default(),
                q.get("key").unwrap_or_default(),
            )
        },
        |(council, source, key)| draft_proposal(council, source, key),
    );
    let error = refused();
    view! {
        <Title text=format!("{} · {}", text.proposal_write, text.app_name)/>
        <AdminPage works_without_js=true>
            <section class="intro">
                <h1>{text.proposal_write}</h1>
                <p class="muted">{text.proposal_write_intro}</p>
            </section>
            {error.map(|error| view! { <ErrorNotice error/> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(draft) => view! { <ProposalForm draft/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// The fields of a proposal, named as the server function reads them (`input[title]`...).
#[component]
fn ProposalForm(draft: ProposalDraft) -> impl IntoView {
    let text = t();
    let input = draft.input;
    let area = |label: &'static str, hint: &'static str, name: &'static str, value: String| {
        view! {
            <label class="field">
                <span class="label">{label}</span>
                <span class="hint">{hint}</span>
                <textarea name=format!("input[{name}]") rows="6" maxlength=super::logic::PART_MAX required=true>{value}</textarea>
            </label>
        }
    };
    let invited = input.co_signers.clone();
    view! {
        <form method="post" action=SaveProposal::url() class="card" data-testid="proposal-form">
            <input type="hidden" name="input[key]" value=input.key.clone()/>
            <input type="hidden" name="input[council]" value=input.council.clone()/>
            <input type="hidden" name="input[source]" value=input.source.clone()/>
            <p class="muted">{draft.council_name.clone()}</p>
            <label class="field">
                <span class="label">{text.proposal_field_title}</span>
                <span class="hint">{text.proposal_hint_title}</span>
                <input type="text" name="input[title]" value=input.title.clone() maxlength=super::logic::TITLE_MAX required=true/>
            </label>
            {area(text.proposal_field_basis, text.proposal_hint_basis, "basis", input.basis.clone())}
            {area(text.proposal_field_method, text.proposal_hint_method, "method", input.method.clone())}
            {(!draft.members.is_empty()).then(|| view! {
                <fieldset class="field">
                    <legend class="label">{text.proposal_field_co_signers}</legend>
                    <span class="hint">{text.proposal_hint_co_signers}</span>
                    {draft.members.iter().enumerate().map(|(i, (key, name))| view! {
                        <label class="consent">
                            <input type="checkbox" name=format!("input[co_signers][{i}]") value=key.clone() checked=invited.contains(key)/>
                            <span>{name.clone()}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
            })}
            <button type="submit" class="button primary" data-testid="save-proposal">{text.proposal_save}</button>
        </form>
    }
}

#[component]
pub fn ProposalPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let data = Resource::new(key, get_proposal);
    let error = refused();
    view! {
        <Title text=format!("{} · {}", text.proposals_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <p class="no-print"><a href="/proposals">{text.proposals_back}</a></p>
            {error.map(|error| view! { <ErrorNotice error/> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(proposal) => view! { <Proposal proposal/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// A proposal as its A4 page reads (提案), the unit's reply letter (答复函), then its steps and
/// the caller's forms.
#[component]
fn Proposal(proposal: ProposalView) -> impl IntoView {
    let text = t();
    let section = |label: &'static str, body: String| {
        view! {
            <h2>{label}</h2>
            {body.lines().map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
        }
    };
    let confirmed: Vec<String> = proposal
        .signers
        .iter()
        .filter(|s| s.status == SignerStatus::Confirmed)
        .map(|s| s.name.clone())
        .collect();
    let key = proposal.key.clone();
    view! {
        <article class="card report-sheet" data-testid="proposal">
            <p class="report-masthead">
                {text.proposal_masthead.replace("{district}", &proposal.district_name)}
                {numbered(proposal.number).map(|n| format!(" {n}"))}
            </p>
            <h1>{proposal.title.clone()}</h1>
            <p class="muted">{text.proposal_author}{proposal.author_name.clone()}" · "{proposal.council_name.clone()}</p>
            {(!confirmed.is_empty()).then(|| view! {
                <p class="muted" data-testid="proposal-co-signers">{text.proposal_co_signed}{confirmed.join("、")}</p>
            })}
            <p data-testid="proposal-status"><span class="badge">{proposal.status.label()}</span>
                {proposal.overdue.then(|| view! { " "<span class="badge warn">{text.proposal_overdue}</span> })}
                {proposal.merged_into.map(|n| format!(" · {}{}", text.proposal_merged_into, t().proposal_number.replace("{n}", &n.to_string())))}
            </p>
            <crate::ui::write_up::SourceLine source=proposal.source.clone()/>
            {section(text.proposal_field_basis, proposal.basis.clone())}
            {section(text.proposal_field_method, proposal.method.clone())}
            {proposal.lead_unit.clone().map(|unit| view! {
                <p class="muted" data-testid="proposal-units">{text.proposal_lead_unit}{unit}
                    {(!proposal.co_units.is_empty()).then(|| format!(" · {}{}", text.proposal_co_units, proposal.co_units.join("、")))}
                    {proposal.deadline.clone().map(|d| format!(" · {}{d}", text.proposal_deadline))}
                </p>
            })}
        </article>
        {proposal.reply_text.clone().map(|reply| view! {
            <article class="card report-sheet" data-testid="proposal-reply">
                <p class="report-masthead">{text.proposal_reply_heading}</p>
                <p><strong>{proposal.lead_unit.clone()}</strong>
                    {proposal.reply_class.map(|c| view! { " · "<span class="badge">{c.label()}</span> })}
                    {proposal.replied_on.clone().map(|d| format!(" · {d}"))}
                </p>
                {reply.lines().map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}
                {proposal.rating.map(|r| view! { <p data-testid="proposal-rating">{text.proposal_rated}{r.label()}</p> })}
            </article>
        })}
        <section class="no-print">
            {(!proposal.signers.is_empty()).then(|| view! {
                <h2>{text.proposal_field_co_signers}</h2>
                <ul class="plain" data-testid="proposal-signers">
                    {proposal.signers.iter().map(|s| view! {
                        <li>{s.name.clone()}" · "<span class="badge">{s.status.label()}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {proposal.invited.then(|| view! {
                <form method="post" action=SignProposal::url() class="card small" data-testid="sign-form">
                    <p>{text.proposal_invited}</p>
                    <input type="hidden" name="input[proposal]" value=key.clone()/>
                    <button type="submit" class="button primary" name="input[confirm]" value="true">{text.proposal_sign_confirm}</button>
                    " "
                    <button type="submit" class="button" name="input[confirm]" value="false">{text.proposal_sign_decline}</button>
                </form>
            })}
            {proposal.editable.then(|| view! {
                <p><a class="button" href=format!("/proposals/new?key={}", key) data-testid="edit-proposal">{text.proposal_edit}</a></p>
            })}
            <h2>{text.report_steps}</h2>
            {proposal.steps.is_empty().then(|| view! { <p class="empty">{text.proposal_no_steps}</p> })}
            <ol class="timeline" data-testid="proposal-steps">
                {proposal.steps.iter().map(|s| view! {
                    <li>
                        <strong>{s.step.label()}</strong>" · "{s.actor_name.clone()}" · "<span class="nowrap">{s.at.clone()}</span>
                        {step_detail(s)}
                        {(!s.note.is_empty()).then(|| view! { <span class="block">{s.note.clone()}</span> })}
                    </li>
                }).collect_view()}
            </ol>
            {proposal.allowed.iter().map(|step| view! {
                <StepForm proposal=key.clone() step=*step departments=proposal.departments.clone() deadline=proposal.default_deadline.clone()/>
            }).collect_view()}
        </section>
    }
}

fn step_detail(s: &StepLine) -> Option<String> {
    let text = t();
    let number = |n: &str| text.proposal_number.replace("{n}", n);
    match s.step {
        ProposalStep::Submit => Some(number(&s.detail)),
        ProposalStep::Merge => Some(match s.detail.strip_prefix('+') {
            Some(from) => format!("{}{}", number(from), text.proposal_merged_here),
            None => format!("{}{}", text.proposal_merged_into, number(&s.detail)),
        }),
        ProposalStep::Assign | ProposalStep::Rehandle => {
            Some(format!("{}{}", text.proposal_deadline, s.detail))
        }
        ProposalStep::Reply => ReplyClass::from_code(&s.detail).map(|c| c.label().to_string()),
        ProposalStep::Rate => Rating::from_code(&s.detail).map(|r| r.label().to_string()),
        _ => None,
    }
    .filter(|d| !d.is_empty())
    .map(|d| format!(" · {d}"))
}

/// One step's form: what it needs, and its button.
#[component]
fn StepForm(
    proposal: String,
    step: ProposalStep,
    departments: Vec<(String, String)>,
    deadline: String,
) -> impl IntoView {
    let text = t();
    let note = match step {
        ProposalStep::Decline => Some((text.proposal_note_decline, true)),
        ProposalStep::Reply => Some((text.proposal_note_reply, true)),
        ProposalStep::Rehandle => Some((text.proposal_note_rehandle, true)),
        ProposalStep::Submit => None,
        _ => Some((text.report_note_optional, false)),
    };
    let rows = if step == ProposalStep::Reply { 6 } else { 2 };
    let max = if step == ProposalStep::Reply {
        super::logic::PART_MAX
    } else {
        super::logic::NOTE_MAX
    };
    let choice = |label: &'static str, options: Vec<(&'static str, &'static str)>| {
        view! {
            <fieldset class="field">
                <legend class="label">{label}</legend>
                {options.into_iter().map(|(code, name)| view! {
                    <label class="consent">
                        <input type="radio" name="input[detail]" value=code required=true/>
                        <span>{name}</span>
                    </label>
                }).collect_view()}
            </fieldset>
        }
    };
    view! {
        <form method="post" action=TakeProposalStep::url() class="card small step-form" data-testid=format!("step-{}", step.code())>
            <input type="hidden" name="input[proposal]" value=proposal/>
            <input type="hidden" name="input[step]" value=step.code()/>
            {(step == ProposalStep::Merge).then(|| view! {
                <label class="field"><span class="label">{text.proposal_detail_merge}</span>
                    <input type="number" name="input[detail]" min="1" inputmode="numeric" required=true/></label>
            })}
            {(step == ProposalStep::Assign).then(|| view! {
                <label class="field"><span class="label">{text.proposal_lead_unit}</span>
                    <select name="input[lead]" required=true>
                        {departments.iter().map(|(k, n)| view! { <option value=k.clone()>{n.clone()}</option> }).collect_view()}
                    </select></label>
                <fieldset class="field">
                    <legend class="label">{text.proposal_co_units}</legend>
                    {departments.iter().enumerate().map(|(i, (k, n))| view! {
                        <label class="consent">
                            <input type="checkbox" name=format!("input[co_units][{i}]") value=k.clone()/>
                            <span>{n.clone()}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <label class="field"><span class="label">{text.proposal_deadline}</span>
                    <input type="date" name="input[deadline]" value=deadline.clone()/></label>
            })}
            {(step == ProposalStep::Reply).then(|| choice(
                text.proposal_detail_class,
                ReplyClass::ALL.iter().map(|c| (c.code(), c.label())).collect(),
            ))}
            {(step == ProposalStep::Rate).then(|| choice(
                text.proposal_detail_rating,
                Rating::ALL.iter().map(|r| (r.code(), r.label())).collect(),
            ))}
            {note.map(|(label, required)| view! {
                <label class="field"><span class="label">{label}</span>
                    <textarea name="input[note]" rows=rows maxlength=max required=required></textarea></label>
            })}
            {(step == ProposalStep::Decline).then(|| view! {
                <label class="consent">
                    <input type="checkbox" name="input[to_report]" value="true"/>
                    <span>{text.proposal_to_report}</span>
                </label>
            })}
            <button type="submit" class="button primary">{step.label()}</button>
        </form>
    }
}
