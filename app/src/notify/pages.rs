//! `/admin/texts`: for the system's admins, what the sender has done and what did not leave.
use super::api::get_text_outbox;
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

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
