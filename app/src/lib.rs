//! Bandeng 板凳: consultation councils, their rooms, and residents' cases. The UI and its server
//! functions; built twice, for the server (`ssr`) and the browser (`hydrate`).
#![recursion_limit = "256"]

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod councils;
pub mod error;
pub mod map;
pub mod members;
pub mod rooms;
pub mod roster;
pub mod sectors;
pub mod sessions;
pub mod text;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod client_ip;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="zh-CN">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#8c3b1f"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" id="leptos" href="/pkg/bandeng.css"/>
                <noscript><style>".js-only { display: none !important; }"</style></noscript>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let text = text::t();
    // Pages a resident opens from a poster must work without JavaScript: render them whole (Async).
    // Admin screens too: they can at least be read on a phone whose browser has scripts off.
    view! {
        <Title text=format!("{} · {}", text.app_name, text.app_tagline)/>
        <Router>
            <Routes fallback=ui::NotFound>
                <Route path=path!("/") view=councils::pages::HomePage ssr=SsrMode::Async/>
                <Route path=path!("/rooms") view=rooms::directory_pages::RoomsPage ssr=SsrMode::Async/>
                <Route path=path!("/r/:code") view=rooms::pages::RoomPage ssr=SsrMode::Async/>
                <Route path=path!("/r/:code/poster") view=rooms::poster::RoomPosterPage ssr=SsrMode::Async/>
                <Route path=path!("/c") view=cases::pages::CasePage ssr=SsrMode::Async/>
                <Route path=path!("/c/find") view=cases::phone_pages::FindCasesPage ssr=SsrMode::Async/>
                <Route path=path!("/c/mine") view=cases::phone_pages::MyCasesPage ssr=SsrMode::Async/>
                <Route path=path!("/work") view=cases::work_pages::WorkPage ssr=SsrMode::Async/>
                <Route path=path!("/c/:code") view=cases::pages::CasePage ssr=SsrMode::Async/>
                <Route path=path!("/sessions") view=sessions::pages::SessionsPage ssr=SsrMode::Async/>
                <Route path=path!("/s/:key") view=sessions::pages::SessionPage ssr=SsrMode::Async/>
                <Route path=path!("/login") view=accounts::pages::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/account/password") view=accounts::pages::ChangePasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=councils::admin_pages::AdminHomePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/accounts") view=accounts::pages::AccountsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/sectors") view=sectors::pages::SectorsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=audit::pages::AuditPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/new") view=councils::admin_pages::NewCouncilPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key") view=councils::admin_pages::CouncilInfoPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key/rooms") view=rooms::admin_pages::CouncilRoomsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key/posters") view=rooms::poster::CouncilPostersPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key/members") view=members::pages::CouncilMembersPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key/roster") view=roster::pages::CouncilRosterPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key/cases") view=cases::staff_pages::CouncilCasesPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key/cases/:code") view=cases::staff_pages::StaffCasePage ssr=SsrMode::Async/>
                <Route path=path!("/admin/councils/:key/cases/:code/print") view=cases::print_pages::CaseListsPrintPage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // A marker for tests and styles: from here on, buttons answer.
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
