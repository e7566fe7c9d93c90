//! `/c/find`: a resident asks for a code by phone number and types it in; `/c/mine`: their cases.
//! Both are plain forms posting to axum routes, so they work the same without JavaScript.
use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::lookup::{get_my_cases, problem_message};
use crate::ui::{set_status, ErrorNotice, Loading, Page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FindCasesPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let sent = move || query.read().get("sent").as_deref() == Some("1");
    let problem = move || query.read().get("error").and_then(|e| problem_message(&e));
    // A wrong code keeps the code form; other problems start again from the phone number.
    let asking_code =
        move || sent() || matches!(query.read().get("error").as_deref(), Some("wrong"));
    view! {
        <Page>
            <Title text=format!("{} · {}", text.find_title, text.app_name)/>
            <section class="card">
                <h1>{text.find_title}</h1>
                <p class="hint">{text.find_intro}</p>
                {move || problem().map(|message| view! {
                    <p class="notice notice-error" role="alert" data-testid="find-error">{message}</p>
                })}
                <Show when=asking_code fallback=move || view! {
                    <form method="post" action="/c/find/send" data-testid="find-phone">
                        <label class="field">
                            <span class="label">{text.find_phone}</span>
                            <input type="tel" name="phone" inputmode="tel" autocomplete="tel" required maxlength="20"/>
                        </label>
                        <button type="submit" class="button primary big">{text.find_send}</button>
                    </form>
                }>
                    <p class="notice notice-ok" role="status" data-testid="find-sent">{text.find_sent}</p>
                    <form method="post" action="/c/find/verify" data-testid="find-code">
                        <label class="field">
                            <span class="label">{text.find_code}</span>
                            <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code"
                                pattern="[0-9]{6}" maxlength="6" required/>
                        </label>
                        <button type="submit" class="button primary big">{text.find_verify}</button>
                    </form>
                    <a href="/c/find">{text.find_again}</a>
                </Show>
            </section>
        </Page>
    }
}

#[component]
pub fn MyCasesPage() -> impl IntoView {
    let text = t();
    let cases = Resource::new(|| (), |_| get_my_cases());
    view! {
        <Page>
            <Title text=format!("{} · {}", text.find_mine_title, text.app_name)/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match cases.await {
                        Ok(mine) => view! {
                            <section class="card" data-testid="my-cases">
                                <h1>{text.find_mine_title}</h1>
                                <p class="muted">{text.account_phone}"："{mine.phone_masked}</p>
                                {if mine.cases.is_empty() {
                                    view! { <p class="empty">{text.find_none}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="rows">
                                            {mine.cases.into_iter().map(|c| view! {
                                                <li>
                                                    <a class="room-link" href=format!("/c/{}", c.tracking_code.as_str()) data-testid="my-case">
                                                        <span class="room-name">{c.title}</span>
                                                        <span class="room-address">
                                                            <span class="mono">{c.tracking_code.0.clone()}</span>" · "{c.room_name}" · "{c.submitted_at}
                                                        </span>
                                                        <span class="tag">{c.status.label()}</span>
                                                    </a>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <form method="post" action="/c/find/forget">
                                    <button type="submit" class="button">{text.find_forget}</button>
                                </form>
                            </section>
                        }.into_any(),
                        Err(AppError::Unauthenticated) => {
                            set_status(401);
                            view! {
                                <section class="card">
                                    <p class="notice" data-testid="find-needed">{text.find_needed}</p>
                                    <a class="button primary" href="/c/find">{text.find_title}</a>
                                </section>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}
