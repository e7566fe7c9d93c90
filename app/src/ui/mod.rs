//! Shared pieces of every page.
pub mod admin;
pub mod flash;
pub mod forms;
#[cfg(feature = "hydrate")]
pub mod kept_photos;
pub mod lookup;
pub mod map;
#[cfg(feature = "hydrate")]
pub mod offline;
pub mod outbox;
#[cfg(feature = "hydrate")]
pub mod photo_upload;
pub mod print;
pub mod write_up;

use crate::base::error::AppError;
use crate::base::text::t;
use leptos::prelude::*;

/// Header, main column and footer.
#[component]
pub fn Page(children: Children) -> impl IntoView {
    let text = t();
    view! {
        <header class="top">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"凳"</span>
                {text.app_name}
            </a>
            <span class="tagline">{text.app_tagline}</span>
        </header>
        <main class="page">{children()}</main>
        <footer class="bottom">
            <a href="/">{text.back_home}</a>
            <a href="/rooms">{text.nav_rooms}</a>
            <a href="/c">{text.lookup_title}</a>
        </footer>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">{t().loading}</p> }
}

/// An error as the user reads it.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    view! {
        <p class="notice notice-error" role="alert" data-testid="form-error">
            {error.message()}
        </p>
    }
}

/// Sets the HTTP status of the page being rendered on the server; nothing in the browser.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let text = t();
    view! {
        <Page>
            <section class="card">
                <h1>{text.not_found_title}</h1>
                <p>{text.not_found_body}</p>
                <a class="button" href="/">{text.back_home}</a>
            </section>
        </Page>
    }
}

/// A fresh random id (32 hex digits) for one filling-in of a form: the server keeps what the
/// form creates under it, so a form sent twice (a double tap, a lost answer) creates one thing.
pub fn fresh_id() -> String {
    #[cfg(feature = "hydrate")]
    {
        let mut bytes = [0u8; 16];
        let filled = window()
            .crypto()
            .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
            .unwrap_or(false);
        if !filled {
            for b in bytes.iter_mut() {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        #[cfg(feature = "ssr")]
        return uuid::Uuid::new_v4().simple().to_string();
        #[cfg(not(feature = "ssr"))]
        String::new()
    }
}

/// Asks before an action that cannot be undone from the screen; never on the server.
pub fn confirm(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(question).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        false
    }
}
