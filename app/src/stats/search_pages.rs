//! `/search`: a plain GET form of filters (works without JavaScript; the URL is the search) and
//! the cases found, newest first, paged.
use super::search::{search_cases, SearchFilter, SearchView};
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            let get = |k: &str| q.get(k).unwrap_or_default();
            SearchFilter::from_query(get)
        },
        search_cases,
    );
    view! {
        <Title text=format!("{} · {}", text.search_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <section class="intro">
                <h1>{text.search_title}</h1>
                <p class="muted">{text.search_intro}</p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Results view/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

/// A `<select>` of `options` (code, label) with "any" first.
fn choice(
    label: &'static str,
    name: &'static str,
    chosen: &str,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let any = t().search_any;
    let chosen = chosen.to_string();
    view! {
        <label class="field">
            <span class="label">{label}</span>
            <select name=name>
                <option value="" selected=chosen.is_empty()>{any}</option>
                {options.into_iter().map(|(code, label)| {
                    let selected = code == chosen;
                    view! { <option value=code selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

fn field(
    label: &'static str,
    name: &'static str,
    value: &str,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="label">{label}</span>
            <input type=kind name=name value=value.to_string()/>
        </label>
    }
}

#[component]
fn Results(view: SearchView) -> impl IntoView {
    let text = t();
    let f = view.filter.clone();
    let statuses: Vec<(String, String)> = text
        .case_statuses
        .iter()
        .map(|(c, l, _)| (c.to_string(), l.to_string()))
        .collect();
    let sources: Vec<(String, String)> = text
        .case_sources
        .iter()
        .map(|(c, l)| (c.to_string(), l.to_string()))
        .collect();
    let categories: Vec<(String, String)> = view
        .options
        .categories
        .iter()
        .map(|c| (c.clone(), c.clone()))
        .collect();
    let prev = (view.page > 1).then(|| f.href(view.page - 1));
    let next = (view.page < view.pages).then(|| f.href(view.page + 1));
    view! {
        <form method="get" action="/search" class="card filters" data-testid="search-form">
            {choice(text.stats_scope, "scope", &f.scope, view.scopes.clone())}
            {field(text.search_words, "q", &f.q, "search")}
            {field(text.search_code, "code", &f.code, "text")}
            {choice(text.search_room, "room", &f.room, view.options.rooms.clone())}
            {choice(text.search_category, "category", &f.category, categories)}
            {choice(text.search_status, "status", &f.status, statuses)}
            {choice(text.search_source, "source", &f.source, sources)}
            <div class="stat-range">
                {field(text.search_from, "from", &f.from, "date")}
                {field(text.search_to, "to", &f.to, "date")}
            </div>
            {choice(text.search_department, "department", &f.department, view.options.departments.clone())}
            {view.sees_phones.then(|| field(text.search_phone, "phone", &f.phone, "tel"))}
            <button type="submit" class="button primary">{text.search_submit}</button>
        </form>
        <p class="stat-total" data-testid="search-total">
            <strong>{view.scope_name.clone()}</strong>" · "
            {if view.exact { text.search_total } else { text.search_total_more }
                .replace("{n}", &view.total.to_string())}
        </p>
        <p class="no-print">
            <a class="button" rel="external" download="" data-testid="search-export"
                href=f.href(1).replacen("/search?", "/search.xlsx?", 1)>{text.stats_export}</a>
        </p>
        {view.hits.is_empty().then(|| view! { <p class="empty card">{text.search_empty}</p> })}
        <ol class="plain" data-testid="search-hits">
            {view.hits.iter().map(|hit| view! {
                <li class="card small">
                    <a href=hit.href.clone()><strong>{hit.title.clone()}</strong></a>
                    <span class="block muted">{hit.excerpt.clone()}</span>
                    <span class="block">
                        <span class="mono">{hit.code.clone()}</span>" · "{hit.status.clone()}" · "<span class="nowrap">{hit.day.clone()}</span>
                    </span>
                    <span class="block muted">
                        {hit.council_name.clone()}
                        {(!hit.room_name.is_empty()).then(|| format!(" · {}", hit.room_name))}
                        " · "{hit.source.clone()}
                        {(!hit.category.is_empty()).then(|| format!(" · {}", hit.category))}
                    </span>
                    {hit.phone.clone().map(|p| view! { <span class="block" data-testid="hit-phone">{p}</span> })}
                </li>
            }).collect_view()}
        </ol>
        {(view.pages > 1).then(|| view! {
            <nav class="pager">
                {prev.map(|href| view! { <a class="button" href=href>{text.stats_prev}</a> })}
                <span>{if view.exact { text.stats_page } else { text.search_page_open }
                    .replace("{page}", &view.page.to_string())
                    .replace("{pages}", &view.pages.to_string())}</span>
                {next.map(|href| view! { <a class="button" href=href>{text.stats_next}</a> })}
            </nav>
        })}
    }
}
