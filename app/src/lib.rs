//! Bandeng 板凳: consultation councils, their rooms, and residents' cases. The UI and its server
//! functions; built twice, for the server (`ssr`) and the browser (`hydrate`).
#![recursion_limit = "256"]

pub mod base;
#[cfg(feature = "ssr")]
pub mod server;

pub mod accounts;
pub mod activities;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod contacts;
pub mod councils;
mod house;
pub mod members;
pub mod notify;
pub mod proposals;
pub mod receptions;
pub mod records;
#[cfg(feature = "ssr")]
pub mod reminders;
pub mod reports;
pub mod review;
pub mod rooms;
pub mod roster;
pub mod scores;
pub mod sectors;
pub mod sessions;
pub mod stats;
pub mod ui;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    server::csp::set_for_page();
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

/// A staff screen whose browser code is a separate wasm chunk, fetched when the screen is first
/// opened: a resident's phone never downloads the desk and the admin screens. The server still
/// draws the whole page.
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(WorkRoute, cases::work::pages::WorkPage);
lazy_page!(SessionsRoute, sessions::pages::SessionsPage);
lazy_page!(ActivitiesRoute, activities::pages::ActivitiesPage);
lazy_page!(ActivityRoute, activities::pages::ActivityPage);
lazy_page!(ReceptionsRoute, receptions::pages::ReceptionsPage);
lazy_page!(ContactsRoute, contacts::pages::ContactsPage);
lazy_page!(ScoresRoute, scores::pages::ScoresPage);
lazy_page!(StatsRoute, stats::pages::StatsPage);
lazy_page!(StatRecordsRoute, stats::pages::StatRecordsPage);
lazy_page!(SearchRoute, stats::search_pages::SearchPage);
lazy_page!(StatsReportRoute, stats::report_pages::StatsReportPage);
lazy_page!(
    CaseCompilationRoute,
    stats::report_pages::CaseCompilationPage
);
lazy_page!(ReportsRoute, reports::pages::ReportsPage);
lazy_page!(NewReportRoute, reports::pages::NewReportPage);
lazy_page!(ReportRoute, reports::pages::ReportPage);
lazy_page!(ProposalsRoute, proposals::pages::ProposalsPage);
lazy_page!(NewProposalRoute, proposals::pages::NewProposalPage);
lazy_page!(ProposalRoute, proposals::pages::ProposalPage);
lazy_page!(ReviewRoute, review::pages::ReviewPage);
lazy_page!(ReviewTopicRoute, review::pages::ReviewTopicPage);
lazy_page!(CouncilReviewRoute, review::pages::CouncilReviewPage);
lazy_page!(PasswordRoute, accounts::pages::ChangePasswordPage);
lazy_page!(AdminHomeRoute, councils::admin_pages::AdminHomePage);
lazy_page!(AccountsRoute, accounts::pages::AccountsPage);
lazy_page!(SectorsRoute, sectors::pages::SectorsPage);
lazy_page!(AuditRoute, audit::pages::AuditPage);
lazy_page!(TextsRoute, notify::pages::TextsPage);
lazy_page!(NoticesRoute, notify::pages::NoticesPage);
lazy_page!(NewCouncilRoute, councils::admin_pages::NewCouncilPage);
lazy_page!(CouncilInfoRoute, councils::admin_pages::CouncilInfoPage);
lazy_page!(CouncilRoomsRoute, rooms::admin_pages::CouncilRoomsPage);
lazy_page!(CouncilPostersRoute, rooms::poster::CouncilPostersPage);
lazy_page!(CouncilMembersRoute, members::pages::CouncilMembersPage);
lazy_page!(CouncilRosterRoute, roster::pages::CouncilRosterPage);
lazy_page!(CouncilCasesRoute, cases::desk::pages::CouncilCasesPage);
lazy_page!(StaffCaseRoute, cases::desk::pages::StaffCasePage);
lazy_page!(CaseListsPrintRoute, cases::lists::print::CaseListsPrintPage);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let text = base::text::t();
    // Pages a resident opens from a poster must work without JavaScript: render them whole (Async).
    // Admin screens too: they can at least be read on a phone whose browser has scripts off.
    // The admin frame, and a council's name and tabs, are layouts: drawn and fetched once.
    view! {
        <Title text=format!("{} · {}", text.app_name, text.app_tagline)/>
        <Router>
            <Routes fallback=ui::NotFound>
                // Set once for every page: each is drawn whole on the server before it is sent.
                <ParentRoute path=path!("") view=Outlet ssr=SsrMode::Async>
                    <Route path=path!("/") view=councils::pages::HomePage/>
                    <Route path=path!("/rooms") view=rooms::directory_pages::RoomsPage/>
                    <Route path=path!("/r/:code") view=rooms::pages::RoomPage/>
                    <Route path=path!("/r/:code/poster") view=rooms::poster::RoomPosterPage/>
                    <Route path=path!("/c") view=cases::public::pages::CasePage/>
                    <Route path=path!("/c/find") view=cases::lookup::pages::FindCasesPage/>
                    <Route path=path!("/c/mine") view=cases::lookup::pages::MyCasesPage/>
                    <Route path=path!("/work") view={Lazy::<WorkRoute>::new()}/>
                    <Route path=path!("/notices") view={Lazy::<NoticesRoute>::new()}/>
                    <Route path=path!("/c/:code") view=cases::public::pages::CasePage/>
                    <Route path=path!("/sessions") view={Lazy::<SessionsRoute>::new()}/>
                    <Route path=path!("/s/:key") view=sessions::pages::SessionPage/>
                    <Route path=path!("/activities") view={Lazy::<ActivitiesRoute>::new()}/>
                    <Route path=path!("/activities/:key") view={Lazy::<ActivityRoute>::new()}/>
                    <Route path=path!("/receptions") view={Lazy::<ReceptionsRoute>::new()}/>
                    <Route path=path!("/contacts") view={Lazy::<ContactsRoute>::new()}/>
                    // Figures and the records behind them: plain GET pages, read without scripts too.
                    <Route path=path!("/stats") view={Lazy::<StatsRoute>::new()}/>
                    <Route path=path!("/stats/records") view={Lazy::<StatRecordsRoute>::new()}/>
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()}/>
                    // Sheets for paper: the period report and the compilation of typical cases.
                    <Route path=path!("/stats/report") view={Lazy::<StatsReportRoute>::new()}/>
                    <Route path=path!("/stats/cases") view={Lazy::<CaseCompilationRoute>::new()}/>
                    // 社情民意信息: plain pages and POST forms, whole without scripts.
                    <Route path=path!("/reports") view={Lazy::<ReportsRoute>::new()}/>
                    <Route path=path!("/reports/new") view={Lazy::<NewReportRoute>::new()}/>
                    <Route path=path!("/reports/:key") view={Lazy::<ReportRoute>::new()}/>
                    <Route path=path!("/proposals") view={Lazy::<ProposalsRoute>::new()}/>
                    <Route path=path!("/proposals/new") view={Lazy::<NewProposalRoute>::new()}/>
                    <Route path=path!("/proposals/:key") view={Lazy::<ProposalRoute>::new()}/>
                    // 三级会审: each seat's queue and the topics that reached it.
                    <Route path=path!("/review") view={Lazy::<ReviewRoute>::new()}/>
                    <Route path=path!("/review/:code") view={Lazy::<ReviewTopicRoute>::new()}/>
                    // A member's duty record: printed for the annual evaluation, read without scripts.
                    <Route path=path!("/members/:key/record") view=records::pages::DutyRecordPage/>
                    <Route path=path!("/login") view=accounts::pages::LoginPage/>
                    <Route path=path!("/account/password") view={Lazy::<PasswordRoute>::new()}/>
                    // Sheets for paper: no admin frame around them.
                    <Route path=path!("/admin/councils/:key/posters") view={Lazy::<CouncilPostersRoute>::new()}/>
                    <Route path=path!("/admin/councils/:key/cases/:code/print") view={Lazy::<CaseListsPrintRoute>::new()}/>
                    <ParentRoute path=path!("/admin") view=ui::admin::AdminLayout>
                        <Route path=path!("") view={Lazy::<AdminHomeRoute>::new()}/>
                        <Route path=path!("/accounts") view={Lazy::<AccountsRoute>::new()}/>
                        <Route path=path!("/sectors") view={Lazy::<SectorsRoute>::new()}/>
                        <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()}/>
                        <Route path=path!("/texts") view={Lazy::<TextsRoute>::new()}/>
                        <Route path=path!("/scores") view={Lazy::<ScoresRoute>::new()}/>
                        <Route path=path!("/councils/new") view={Lazy::<NewCouncilRoute>::new()}/>
                        <ParentRoute path=path!("/councils/:key") view=councils::admin_pages::CouncilLayout>
                            <Route path=path!("") view={Lazy::<CouncilInfoRoute>::new()}/>
                            <Route path=path!("/rooms") view={Lazy::<CouncilRoomsRoute>::new()}/>
                            <Route path=path!("/members") view={Lazy::<CouncilMembersRoute>::new()}/>
                            <Route path=path!("/roster") view={Lazy::<CouncilRosterRoute>::new()}/>
                            <Route path=path!("/cases") view={Lazy::<CouncilCasesRoute>::new()}/>
                            <Route path=path!("/review") view={Lazy::<CouncilReviewRoute>::new()}/>
                            <Route path=path!("/cases/:code") view={Lazy::<StaffCaseRoute>::new()}/>
                        </ParentRoute>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // As `hydrate_lazy`, which a page whose code is a separate chunk needs, but with a marker for
    // tests and styles once the page has been hydrated: from then on, buttons answer.
    // An Err only means the executor was already started.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let owner =
            leptos::mount::hydrate_from_async(document().body().expect("a body"), App).await;
        owner.forget();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
