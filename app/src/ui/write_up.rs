//! The links that turn a case or a session into 社情民意信息 or a 提案, prefilled from it.
use crate::base::text::t;
use leptos::prelude::*;

/// `source` is `case:CODE`, `session:KEY` or `reception:KEY` of `council`: the forms open with
/// its text.
/// Where a report or a proposal was written from: a link to it, or its label when it has no page.
#[component]
pub fn SourceLine(source: Option<(String, String)>) -> impl IntoView {
    source.map(|(label, href)| {
        let body = if href.is_empty() {
            view! { <span data-testid="source">{label}</span> }.into_any()
        } else {
            view! { <a href=href data-testid="source">{label}</a> }.into_any()
        };
        view! { <p class="no-print">{body}</p> }
    })
}

/// Small links under a record that is no page of its own (a reception day's): write it up.
#[component]
pub fn WriteUpLinks(council: String, source: String) -> impl IntoView {
    let text = t();
    let query = query(&council, &source);
    view! {
        <p class="actions no-print write-up-links" data-testid="write-up-links">
            <a href=format!("/reports/new?{query}") data-testid="write-up-report">{text.write_up_report}</a>
            " · "
            <a href=format!("/proposals/new?{query}") data-testid="write-up-proposal">{text.write_up_proposal}</a>
        </p>
    }
}

#[component]
pub fn WriteUp(council: String, source: String) -> impl IntoView {
    let text = t();
    let query = query(&council, &source);
    view! {
        <section class="card small no-print" data-testid="write-up">
            <h2>{text.write_up_title}</h2>
            <p class="hint">{text.write_up_hint}</p>
            <p class="actions">
                <a class="button" href=format!("/reports/new?{query}") data-testid="write-up-report">{text.write_up_report}</a>
                " "
                <a class="button" href=format!("/proposals/new?{query}") data-testid="write-up-proposal">{text.write_up_proposal}</a>
            </p>
        </section>
    }
}

/// The new forms' query: which council, written from what.
fn query(council: &str, source: &str) -> String {
    format!(
        "council={}&source={}",
        crate::base::url::encode(council),
        crate::base::url::encode(source)
    )
}
