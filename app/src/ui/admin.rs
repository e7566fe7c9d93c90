//! The frame of the signed-in screens: a header with the way back and sign-out.
use crate::base::error::AppError;
use crate::base::text::t;
use crate::ui::set_status;
use leptos::prelude::*;

/// Sign-out. With JavaScript it asks first when notes typed here have not been sent yet:
/// signing out clears what this phone keeps, so that the next person cannot read it.
#[component]
fn SignOut() -> impl IntoView {
    let text = t();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            ev.prevent_default();
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            leptos::task::spawn_local(async move {
                let waiting = super::offline::waiting().await;
                let question = text.logout_unsent.replace("{n}", &waiting.to_string());
                if waiting == 0 || crate::ui::confirm(&question) {
                    super::offline::forget_everything().await;
                    let _ = form.submit();
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <form method="post" action="/logout" class="logout" on:submit=on_submit>
            <button type="submit" class="link-button">{text.logout}</button>
        </form>
    }
}

#[component]
pub fn AdminPage(
    children: Children,
    /// The page is whole without scripts (plain GET forms and links): no warning that it needs them.
    #[prop(optional)]
    works_without_js: bool,
) -> impl IntoView {
    let text = t();
    view! {
        <header class="top">
            <a href="/admin" class="brand">
                <span class="brand-mark" aria-hidden="true">"凳"</span>
                {text.nav_admin}
            </a>
            <nav class="top-nav">
                <a href="/work">{text.nav_work}</a>
                <a href="/notices" data-testid="nav-notices">{text.notices_link}</a>
                <a href="/sessions">{text.sessions_title}</a>
                <a href="/activities">{text.nav_activities}</a>
                <a href="/receptions">{text.nav_receptions}</a>
                <a href="/contacts">{text.nav_contacts}</a>
                <a href="/stats">{text.nav_stats}</a>
                <a href="/search">{text.nav_search}</a>
                <a href="/reports">{text.nav_reports}</a>
                <a href="/proposals">{text.nav_proposals}</a>
                <a href="/review">{text.nav_review}</a>
                <a href="/admin/audit">{text.admin_audit}</a>
                <SignOut/>
            </nav>
        </header>
        {(!works_without_js).then(|| view! {
            <noscript><p class="notice notice-error page">{text.admin_needs_js}</p></noscript>
        })}
        <main class="page admin">{children()}</main>
    }
}

/// `/admin/…`: every admin screen inside one frame, drawn once while moving between them.
#[component]
pub fn AdminLayout() -> impl IntoView {
    view! { <AdminPage><leptos_router::components::Outlet/></AdminPage> }
}

/// What an admin screen shows when its data cannot be had: sign in, no permission, not found.
#[component]
pub fn AdminError(error: AppError) -> impl IntoView {
    let text = t();
    set_status(error.status());
    match error {
        AppError::Unauthenticated => view! {
            <section class="card">
                <h1>{text.login_title}</h1>
                <p>{text.err_unauthenticated}</p>
                <a class="button primary" href="/login" rel="external">{text.login_submit}</a>
            </section>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <section class="card" data-testid="forbidden">
                <h1>{text.admin_forbidden_title}</h1>
                <p>{text.admin_forbidden_body}</p>
                <a class="button" href="/">{text.back_home}</a>
            </section>
        }
        .into_any(),
        other => view! {
            <section class="card">
                <crate::ui::ErrorNotice error=other/>
                <a class="button" href="/admin">{text.admin_back}</a>
            </section>
        }
        .into_any(),
    }
}
