//! The box a resident types a tracking code into, on the home page and the case page.
use crate::base::text::t;
use leptos::prelude::*;

/// A box to type a tracking code into; a plain GET form, so it works without JavaScript.
#[component]
pub fn LookupForm(code: String) -> impl IntoView {
    let text = t();
    view! {
        <form class="card lookup" method="get" action="/c">
            <label class="field" for="lookup-code">
                <span class="label">{text.lookup_title}</span>
                <span class="hint">{text.lookup_hint}</span>
                <span class="inline">
                    <input
                        id="lookup-code" name="code" type="text" required maxlength="32"
                        autocomplete="off" autocapitalize="characters" value=code
                    />
                    <button type="submit" class="button primary">{text.lookup_button}</button>
                </span>
            </label>
            <a class="small" href="/c/find" data-testid="find-by-phone">{text.find_link}</a>
        </form>
    }
}
