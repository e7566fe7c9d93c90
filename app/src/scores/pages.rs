//! `/admin/scores?district=…&quarter=2026Q4`: a district's quarter (季考季评): councils and
//! members ranked, who is below target, adjustments with reasons, the score sheet, and closing
//! or reopening the quarter. District and quarter live in the query string (a plain GET form).
use super::api::{get_scores, AdjustScore, CloseQuarter, SaveScoreSheet};
use super::*;
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::forms::{FormError, FormMessage};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Points as the page shows them: +3, −2.
fn signed(points: i64) -> String {
    if points > 0 {
        format!("+{points}")
    } else {
        points.to_string()
    }
}

fn tenths(value: i64) -> String {
    format!("{}.{}", value / 10, (value % 10).abs())
}

#[component]
pub fn ScoresPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let adjust = ServerAction::<AdjustScore>::new();
    let close = ServerAction::<CloseQuarter>::new();
    let save = ServerAction::<SaveScoreSheet>::new();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("district"),
                q.get("quarter"),
                adjust.version().get() + close.version().get() + save.version().get(),
            )
        },
        |(district, quarter, _)| get_scores(district, quarter),
    );
    let actions = Actions {
        adjust,
        close,
        save,
    };
    view! {
        <Title text=format!("{} · {}", text.scores_title, text.app_name)/>
        <p class="crumbs"><a href="/admin">{text.admin_title}</a>" › "</p>
        <h1>{text.scores_title}</h1>
        <p class="muted">{text.scores_intro}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Scores page actions/> }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    adjust: ServerAction<AdjustScore>,
    close: ServerAction<CloseQuarter>,
    save: ServerAction<SaveScoreSheet>,
}

#[component]
fn Scores(page: ScoresPageData, actions: Actions) -> impl IntoView {
    let text = t();
    let ranking = page.ranking;
    let district = ranking.district.clone();
    let quarter = ranking.quarter;
    let below: Vec<MemberScore> = ranking
        .members
        .iter()
        .filter(|m| !m.below.is_empty())
        .cloned()
        .collect();
    let can_adjust = StoredValue::new(page.can_adjust);
    let error: FormError = RwSignal::new(None);
    Effect::new(move |_| {
        let done = [
            actions.adjust.value().get(),
            actions.close.value().get(),
            actions.save.value().get(),
        ];
        if let Some(Err(e)) = done.into_iter().flatten().find(Result::is_err) {
            error.set(Some(e));
        }
    });
    let close_district = district.clone();
    view! {
        <form method="get" action="/admin/scores" class="card filters" data-testid="scores-filter">
            <label class="field">
                <span class="label">{text.scores_district}</span>
                <select name="district">
                    {page.districts.iter().map(|(key, name)| {
                        let selected = *key == district;
                        view! { <option value=key.clone() selected=selected>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="label">{text.scores_quarter}</span>
                <select name="quarter">
                    {page.quarters.iter().map(|q| {
                        let selected = *q == quarter;
                        view! { <option value=q.code() selected=selected>{q.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button primary">{text.scores_show}</button>
        </form>
        <section class="card" data-testid="quarter-state">
            <h2>{format!("{} · {}", ranking.district_name, quarter.label())}</h2>
            <p>{if ranking.closed { text.scores_closed } else { text.scores_open }}</p>
            {page.can_manage.then(|| {
                let (label, closing) = if ranking.closed {
                    (text.scores_reopen, false)
                } else {
                    (text.scores_close, true)
                };
                let district = close_district.clone();
                view! {
                    <button type="button" class="button" data-testid="close-quarter"
                        on:click=move |_| {
                            let question = if closing { t().scores_close_confirm } else { t().scores_reopen_confirm };
                            if crate::ui::confirm(question) {
                                actions.close.dispatch(CloseQuarter {
                                    district: district.clone(),
                                    quarter: quarter.code(),
                                    closed: closing,
                                });
                            }
                        }>{label}</button>
                }
            })}
            <FormMessage error fields=&["points", "reason", "base", "targets", "items"]/>
        </section>

        <h2>{text.scores_councils}</h2>
        <table class="list-table" data-testid="council-ranking">
            <thead><tr><th>{text.scores_rank}</th><th>{text.scores_council}</th><th>{text.scores_average}</th><th>{text.scores_below_count}</th></tr></thead>
            <tbody>
                {ranking.councils.iter().map(|c| view! {
                    <tr><td>{c.rank}</td><td>{c.name.clone()}</td><td>{tenths(c.average_tenths)}</td>
                        <td>{format!("{}/{}", c.below_target, c.members)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>

        <h2>{text.scores_members}</h2>
        {ranking.members.is_empty().then(|| view! { <p class="empty">{text.scores_empty}</p> })}
        <ol class="plain" data-testid="member-ranking">
            {ranking.members.iter().cloned().map(|m| {
                let adjustable = can_adjust.with_value(|a| a.contains(&m.member));
                view! { <MemberItem m adjustable district=district.clone() quarter actions/> }
            }).collect_view()}
        </ol>

        <h2>{text.scores_below}" ("{below.len()}")"</h2>
        <ul class="plain" data-testid="below-target">
            {below.into_iter().map(|m| view! {
                <li class="card small">
                    <strong>{m.name.clone()}</strong>" · "{m.council_name.clone()}
                    <span class="block">{m.below.iter().map(|s| format!("{} {}/{}", s.kind.label(), s.done, s.target)).collect::<Vec<_>>().join("；")}</span>
                </li>
            }).collect_view()}
        </ul>

        <SheetView sheet=ranking.sheet.clone() editable=page.can_manage && !ranking.closed district=district.clone() actions/>
    }
}

#[component]
fn MemberItem(
    m: MemberScore,
    adjustable: bool,
    district: String,
    quarter: Quarter,
    actions: Actions,
) -> impl IntoView {
    let text = t();
    let points = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let member = m.member.clone();
    let on_adjust = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(n) = points.get_untracked().trim().parse::<i64>() else {
            return;
        };
        actions.adjust.dispatch(AdjustScore {
            district: district.clone(),
            quarter: quarter.code(),
            member: member.clone(),
            points: n,
            reason: reason.get_untracked(),
        });
        points.set(String::new());
        reason.set(String::new());
    };
    view! {
        <li class="card score-line" data-testid="member-score">
            <div class="score-head">
                <span class="rank">{m.rank}</span>
                <span><strong>{m.name.clone()}</strong><span class="small muted block">{m.council_name.clone()}</span></span>
                <span class="total" data-testid="score-total">{m.total}</span>
            </div>
            {(!m.below.is_empty()).then(|| view! { <span class="badge warn">{text.scores_below_badge}</span> })}
            <details>
                <summary>{text.scores_details}</summary>
                <ul class="small">
                    {m.lines.iter().map(|(kind, n, p)| view! {
                        <li>{format!("{}：{} → {}", kind.label(), n, signed(*p))}</li>
                    }).collect_view()}
                    {m.adjustments.iter().map(|a| view! {
                        <li>{format!("{}{}：{}（{} {}）", text.scores_adjustment, signed(a.points), a.reason, a.by, a.date)}</li>
                    }).collect_view()}
                </ul>
                <a href=format!("/members/{}/record?year={}", m.member, quarter.year)>{text.record_title}</a>
                {adjustable.then(|| view! {
                    <form class="adjust" on:submit=on_adjust data-testid="adjust-form">
                        <label class="field"><span class="label">{text.scores_points}</span>
                            <input type="number" min="-20" max="20" inputmode="numeric" bind:value=points aria-label=text.scores_points/></label>
                        <label class="field"><span class="label">{text.scores_reason}</span>
                            <input type="text" maxlength="100" bind:value=reason aria-label=text.scores_reason/></label>
                        <button type="submit" class="button">{text.scores_adjust}</button>
                    </form>
                })}
            </details>
        </li>
    }
}

/// The district's sheet: read-only, or a form for its admins while the quarter is open.
#[component]
fn SheetView(
    sheet: ScoreSheet,
    editable: bool,
    district: String,
    actions: Actions,
) -> impl IntoView {
    let text = t();
    let field = |v: i64| RwSignal::new(v.to_string());
    let base = field(sheet.base);
    let rpm = field(sheet.targets.receptions_per_month);
    let dpq = field(sheet.targets.disputes_per_quarter);
    let cpy = field(sheet.targets.contacts_per_year);
    let items: Vec<(ScoreKind, RwSignal<String>, RwSignal<String>)> = sheet
        .items
        .iter()
        .map(|i| (i.kind, field(i.points), field(i.cap)))
        .collect();
    let sent = items.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = |s: RwSignal<String>| s.get_untracked().trim().parse::<i64>().unwrap_or(-1000);
        actions.save.dispatch(SaveScoreSheet {
            district: district.clone(),
            sheet: ScoreSheet {
                base: n(base),
                items: sent
                    .iter()
                    .map(|(kind, points, cap)| ScoreItem {
                        kind: *kind,
                        points: n(*points),
                        cap: n(*cap),
                    })
                    .collect(),
                targets: Targets {
                    receptions_per_month: n(rpm),
                    disputes_per_quarter: n(dpq),
                    contacts_per_year: n(cpy),
                },
            },
        });
    };
    let number = move |label: &'static str, value: RwSignal<String>| {
        view! {
            <label class="field"><span class="label">{label}</span>
                <input type="number" inputmode="numeric" bind:value=value aria-label=label disabled=!editable/></label>
        }
    };
    view! {
        <form class="card sheet" on:submit=on_save data-testid="score-sheet">
            <h2>{text.scores_sheet}</h2>
            <p class="hint">{text.scores_sheet_hint}</p>
            {number(text.scores_base, base)}
            {number(text.scores_target_receptions, rpm)}
            {number(text.scores_target_disputes, dpq)}
            {number(text.scores_target_contacts, cpy)}
            <table class="list-table">
                <thead><tr><th></th><th>{text.scores_points_each}</th><th>{text.scores_cap}</th></tr></thead>
                <tbody>
                    {items.into_iter().map(|(kind, points, cap)| view! {
                        <tr><td>{kind.label()}</td>
                            <td><input type="number" bind:value=points aria-label=format!("{} {}", kind.label(), text.scores_points_each) disabled=!editable/></td>
                            <td><input type="number" bind:value=cap aria-label=format!("{} {}", kind.label(), text.scores_cap) disabled=!editable/></td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {editable.then(|| view! { <button type="submit" class="button primary">{text.scores_save_sheet}</button> })}
        </form>
    }
}
