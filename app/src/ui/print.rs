//! Pages meant for paper: posters, and the printed lists of a topic.
use crate::base::text::t;
use leptos::prelude::*;

/// A page meant for paper: a toolbar on screen, nothing but posters in print.
#[component]
pub fn PrintSheet(
    children: Children,
    /// What to print it for; the poster's advice unless told.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Where the way back leads; home unless told.
    #[prop(optional)]
    back: Option<(String, &'static str)>,
) -> impl IntoView {
    let text = t();
    let (back_href, back_label) = back.unwrap_or_else(|| ("/".to_string(), text.back_home));
    view! {
        <div class="print-sheet">
            <div class="no-print print-toolbar">
                <a href=back_href>{back_label}</a>
                <button type="button" class="button primary js-only" on:click=move |_| print_page()>
                    {text.poster_print}
                </button>
                <p class="hint">{hint.unwrap_or(text.poster_print_hint)}</p>
            </div>
            {children()}
        </div>
    }
}

fn print_page() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}
