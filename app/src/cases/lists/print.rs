//! `/admin/councils/{key}/cases/{code}/print`: the three lists of a topic on paper (A4), for the
//! council's files and the meeting table. The same tables make the .xlsx export.
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::cases::lists::{three_lists, ListTable};
use crate::ui::admin::AdminError;
use crate::ui::print::PrintSheet;
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CaseListsPrintPage() -> impl IntoView {
    let text = t();
    let params = leptos_router::hooks::use_params_map();
    let data = Resource::new(
        move || {
            let p = params.read();
            let key = p.get("key").and_then(|k| CouncilKey::parse(&k));
            (key, p.get("code").unwrap_or_default())
        },
        |(key, code)| async move {
            let key = key.ok_or(AppError::NotFound)?;
            let detail = crate::councils::admin_api::get_council_detail(key.clone()).await?;
            let case = crate::cases::desk::api::get_staff_case(key, code).await?;
            Ok::<_, AppError>((detail, case))
        },
    );
    let desk = params.with_untracked(|p| {
        format!(
            "/admin/councils/{}/cases/{}",
            p.get("key").unwrap_or_default(),
            p.get("code").unwrap_or_default()
        )
    });
    view! {
        <Title text=format!("{} · {}", text.lists_print, text.app_name)/>
        <PrintSheet hint=text.lists_print_hint back=(desk, text.lists_back)>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((detail, case)) => {
                            let tables = three_lists(&case.lists);
                            view! {
                                <article class="print-lists" data-testid="print-lists">
                                    <p class="muted">{detail.form.name.clone()}</p>
                                    <h1>{case.title.clone()}</h1>
                                    <p class="muted">
                                        {text.case_code}" "<span class="mono">{case.tracking_code.0.clone()}</span>
                                        " · "{case.status.label()}" · "{case.submitted_at.clone()}
                                    </p>
                                    {(!case.lists.research.is_empty()).then(|| view! {
                                        <h2>{text.research_title}</h2>
                                        <ul>
                                            {case.lists.research.iter().map(|r| view! {
                                                <li>{r.on_date.0.clone()}" "{r.kind.label()}"（"{r.author_name.clone()}"）："{r.note.clone()}</li>
                                            }).collect_view()}
                                        </ul>
                                    })}
                                    {tables.into_iter().map(|table| view! { <ListTableView table/> }).collect_view()}
                                </article>
                            }.into_any()
                        }
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PrintSheet>
    }
}

#[component]
fn ListTableView(table: ListTable) -> impl IntoView {
    let text = t();
    view! {
        <section class="print-list">
            <h2>{table.title}</h2>
            {if table.rows.is_empty() {
                view! { <p class="empty">{text.lists_empty}</p> }.into_any()
            } else {
                view! {
                    <table class="list-table">
                        <thead><tr>{table.header.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {table.rows.into_iter().map(|row| view! {
                                <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
