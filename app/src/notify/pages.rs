//! `/admin/texts`: for the system's admins, what the sender has done and what did not leave.
//! `/notices`: a signed-in person's own notices (站内消息).
use super::api::{get_my_notices, get_text_outbox};
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

/// `20261204` → `2026-12-04`.
fn day_text(day: &str) -> String {
    match (day.get(0..4), day.get(4..6), day.get(6..8)) {
        (Some(y), Some(m), Some(d)) => format!("{y}-{m}-{d}"),
        _ => day.to_string(),
    }
}

#[component]
pub fn TextsPage() -> impl IntoView {
    let text = t();
    let overview = Resource::new(|| (), |_| get_text_outbox());
    view! {
        <Title text=format!("{} · {}", text.admin_texts, text.app_name)/>
        <p class="crumbs"><a href="/admin">{text.admin_title}</a>" › "</p>
        <h1>{text.admin_texts}</h1>
        <p class="hint">{text.admin_texts_hint}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <p class="hint" data-testid="texts-planned">
                            {match &o.planned_day {
                                Some(day) => text.admin_texts_planned.replace("{day}", &day_text(day)),
                                None => text.admin_texts_unplanned.to_string(),
                            }}
                        </p>
                        <section class="card">
                            <h2>{text.admin_texts_counts}</h2>
                            {if o.counts.is_empty() {
                                view! { <p class="empty">{text.admin_texts_none}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="changes" data-testid="text-counts">
                                        <tbody>
                                            {o.counts.into_iter().map(|c| view! {
                                                <tr><th>{c.kind}</th><td>{c.status}</td><td class="num">{c.count}</td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                        <section class="card">
                            <h2>{text.admin_texts_problems}</h2>
                            {if o.problems.is_empty() {
                                view! { <p class="empty">{text.admin_texts_no_problems}</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="rows" data-testid="text-problems">
                                        {o.problems.into_iter().map(|p| view! {
                                            <li class="row-block">
                                                <div><strong>{p.kind}</strong>" · "{p.status}</div>
                                                <div class="small muted">
                                                    <span class="mono">{p.phone}</span>" · "{p.queued_at}" · "
                                                    {p.attempts}{text.admin_texts_attempts}
                                                </div>
                                                {(!p.error.is_empty()).then(|| view! { <div class="small warn-text">{p.error}</div> })}
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                        </section>
                    }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The caller's notices, unread ones marked; one button marks them all read (a plain form post,
/// so without scripts too).
#[component]
pub fn NoticesPage() -> impl IntoView {
    let text = t();
    let notices = Resource::new(|| (), |_| get_my_notices());
    let marked = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("read")
        .is_some_and(|v| v == "all");
    view! {
        <Title text=format!("{} · {}", text.notices_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <h1>{text.notices_title}</h1>
            {marked.then(|| view! { <p class="notice notice-ok" role="status" data-testid="notices-marked">{text.notices_marked}</p> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match notices.await {
                        Ok(n) if n.lines.is_empty() => view! {
                            <p class="empty card" data-testid="notices-empty">{text.notices_empty}</p>
                        }.into_any(),
                        Ok(n) => view! {
                            {(n.unread > 0).then(|| view! {
                                <form method="post" action="/notices/read" class="actions">
                                    <button type="submit" class="button" data-testid="mark-read">
                                        {text.notices_mark_read}" ("{n.unread}")"
                                    </button>
                                </form>
                            })}
                            <ol class="rows" data-testid="notices">
                                {n.lines.into_iter().map(|line| view! {
                                    <li class="row-block" class:unread=line.unread data-testid="notice">
                                        <div>
                                            <span class="tag">{line.kind}</span>
                                            {line.unread.then(|| view! { " "<span class="badge warn">{text.notices_unread}</span> })}
                                        </div>
                                        <p>{line.text}</p>
                                        <div class="small muted">
                                            {line.at}
                                            {line.link.map(|href| view! { " · "<a href=href>{text.notices_open}</a> })}
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}
