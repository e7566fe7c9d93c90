//! `/admin/audit`: the audit log, newest first, filtered by council, kind of change and person.
use super::api::audit_log;
use super::{action_label, actions, AuditFilter};
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The filter lives in the query string (a plain GET form), so a filtered view can be shared.
#[component]
pub fn AuditPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        AuditFilter {
            council: q.get("council").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            actor: q.get("actor").unwrap_or_default(),
        }
    };
    let entries = Resource::new(filter, audit_log);
    let councils = Resource::new(|| (), |_| super::api::audit_councils());
    view! {
        <Title text=format!("{} · {}", text.audit_title, text.app_name)/>
        <p class="crumbs"><a href="/admin">{text.admin_title}</a>" › "</p>
        <h1>{text.audit_title}</h1>
        <form method="get" action="/admin/audit" class="card filters" data-testid="audit-filter">
            <label class="field">
                <span class="label">{text.audit_filter_council}</span>
                <select name="council">
                    <option value="">{text.audit_any}</option>
                    <Suspense>
                        {move || Suspend::new(async move {
                            let chosen = filter().council;
                            councils.await.map(|councils| councils.into_iter().map(|c| {
                                let selected = c.key == chosen;
                                view! { <option value=c.key selected=selected>{c.name}</option> }
                            }).collect_view()).ok()
                        })}
                    </Suspense>
                </select>
            </label>
            <label class="field">
                <span class="label">{text.audit_filter_action}</span>
                <select name="action">
                    <option value="">{text.audit_any}</option>
                    {move || {
                        let chosen = filter().action;
                        actions::ALL.iter().map(|a| {
                            let selected = *a == chosen;
                            view! { <option value=*a selected=selected>{action_label(a)}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            <label class="field">
                <span class="label">{text.audit_filter_actor}</span>
                <input type="text" name="actor" value=move || filter().actor maxlength="30"/>
            </label>
            <button type="submit" class="button primary">{text.audit_filter_apply}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{text.audit_empty}</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="rows audit" data-testid="audit-entries">
                            {list.into_iter().map(|e| view! {
                                <li class="row-block" data-testid="audit-entry">
                                    <div>
                                        <strong>{action_label(&e.action)}</strong>" "
                                        <span class="muted">{e.council_name.clone().unwrap_or_default()}</span>
                                    </div>
                                    <div class="small muted">{e.at}" · "{e.actor_name}" · "<span class="mono">{e.target}</span></div>
                                    {(!e.changes.is_empty()).then(|| view! {
                                        <table class="changes">
                                            <thead><tr><th></th><th>{text.audit_before}</th><th>{text.audit_after}</th></tr></thead>
                                            <tbody>
                                                {e.changes.into_iter().map(|(field, before, after)| view! {
                                                    <tr><th>{field}</th><td>{before}</td><td>{after}</td></tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    })}
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
