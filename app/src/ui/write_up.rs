//! The links that turn a case or a session into 社情民意信息 or a 提案, prefilled from it.
use crate::base::text::t;
use leptos::prelude::*;

/// `source` is `case:CODE` or `session:KEY` of `council`: the forms open with its text.
#[component]
pub fn WriteUp(council: String, source: String) -> impl IntoView {
    let text = t();
    let query = format!(
        "council={}&source={}",
        crate::base::url::encode(&council),
        crate::base::url::encode(&source)
    );
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
