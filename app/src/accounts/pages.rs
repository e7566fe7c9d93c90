//! Sign-in, password change, and the system admin's accounts screen.
use super::api::{
    get_me, list_accounts, reset_password, set_account_disabled, ChangePassword, CreateAccount,
};
use super::{AccountInput, IssuedCode, LoginProblem};
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::{FormError, FormMessage, SelectField, SubmitButton, TextField};
use crate::ui::{ErrorNotice, Loading, Page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/login`: a plain form post, so it works on any phone, with or without JavaScript.
#[component]
pub fn LoginPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let problem = move || {
        query
            .read()
            .get("error")
            .and_then(|e| LoginProblem::from_query(&e))
    };
    let login = move || query.read().get("login").unwrap_or_default();
    let next = move || query.read().get("next").unwrap_or_default();
    let signed_out = move || query.read().get("signed_out").is_some();
    view! {
        <Title text=format!("{} · {}", text.login_title, text.app_name)/>
        <Page>
            <section class="card narrow">
                <h1>{text.login_title}</h1>
                <p class="muted">{text.login_intro}</p>
                {move || signed_out().then(|| view! {
                    <p class="notice" role="status">{text.login_signed_out}</p>
                })}
                {move || problem().map(|p| view! {
                    <p class="notice notice-error" role="alert" data-testid="login-error">{p.message()}</p>
                })}
                <form method="post" action="/login" data-testid="login-form">
                    <input type="hidden" name="next" value=next/>
                    <label class="field">
                        <span class="label">{text.login_name}</span>
                        <input type="text" name="login" required autocomplete="username"
                            inputmode="text" value=login maxlength="40"/>
                    </label>
                    <label class="field">
                        <span class="label">{text.login_password}</span>
                        <input type="password" name="password" required autocomplete="current-password"
                            maxlength="128"/>
                    </label>
                    <button type="submit" class="button primary big">{text.login_submit}</button>
                </form>
            </section>
        </Page>
    }
}

/// `/account/password`: choose a new password (required after a one-time code).
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let me = Resource::new(|| (), |_| get_me());
    let action = ServerAction::<ChangePassword>::new();
    let error: FormError = RwSignal::new(None);
    let done = RwSignal::new(false);
    let (current, new, confirm) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            error.set(None);
            done.set(true);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let next = move || {
        query
            .read()
            .get("next")
            .filter(|n| crate::base::validate::local_path(n).is_some())
            .unwrap_or_else(|| "/admin".into())
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePassword {
            current: current.get_untracked(),
            new: new.get_untracked(),
            confirm: confirm.get_untracked(),
        });
    };
    view! {
        <Title text=format!("{} · {}", text.password_title, text.app_name)/>
        <AdminPage>
            <section class="card narrow">
                <h1>{text.password_title}</h1>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match me.await {
                            Ok(Some(me)) if me.must_change_password => Some(view! {
                                <p class="notice" role="status">{text.password_must_change}</p>
                            }.into_any()),
                            Err(e) => Some(view! { <ErrorNotice error=e/> }.into_any()),
                            _ => None,
                        }
                    })}
                </Suspense>
                <Show when=move || done.get() fallback=move || view! {
                    <form on:submit=on_submit data-testid="password-form">
                        <FormMessage error fields=&["current", "new", "confirm"]/>
                        <TextField label=text.password_current name="current" value=current error kind="password" required=true/>
                        <TextField label=text.password_new name="new" value=new error kind="password" required=true/>
                        <TextField label=text.password_confirm name="confirm" value=confirm error kind="password" required=true/>
                        <SubmitButton label=text.save pending=action.pending().into()/>
                    </form>
                }>
                    <p class="notice" role="status" data-testid="password-saved">{text.password_saved}</p>
                    <a class="button primary" href=next>{text.admin_back}</a>
                </Show>
            </section>
        </AdminPage>
    }
}

/// A one-time code, shown once in a box the admin can read out.
#[component]
pub fn IssuedCodeBox(issued: IssuedCode) -> impl IntoView {
    let text = t();
    view! {
        <div class="issued" role="status" data-testid="issued-code">
            <p class="label">{text.code_issued_title}</p>
            <p class="muted">{issued.login}</p>
            <p class="tracking-code">{issued.code}</p>
            <p class="hint">{text.code_issued_hint}</p>
        </div>
    }
}

/// `/admin/accounts`: every account; create admins and department staff; reset and disable.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let text = t();
    let accounts = Resource::new(|| (), |_| list_accounts());
    // Only the form's drop-down needs these: fetched in the browser, so the server's HTML and the
    // hydrated page agree (both start with no areas).
    let areas = LocalResource::new(|| crate::councils::admin_api::get_council_form_options(None));
    let create = ServerAction::<CreateAccount>::new();
    let issued: RwSignal<Option<IssuedCode>> = RwSignal::new(None);
    let error: FormError = RwSignal::new(None);
    let form = AccountForm::new();
    Effect::new(move |_| match create.value().get() {
        Some(Ok(code)) => {
            error.set(None);
            issued.set(Some(code));
            form.clear();
            accounts.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateAccount {
            input: form.input(),
        });
    };
    let kinds = Signal::derive(move || {
        vec![
            ("system".to_string(), text.account_kind_system.to_string()),
            (
                "district".to_string(),
                text.account_kind_district.to_string(),
            ),
            (
                "department".to_string(),
                text.account_kind_department.to_string(),
            ),
            ("office".to_string(), text.account_kind_office.to_string()),
            (
                "committee".to_string(),
                text.account_kind_committee.to_string(),
            ),
            (
                "secretariat".to_string(),
                text.account_kind_secretariat.to_string(),
            ),
        ]
    });
    let area_options = Signal::derive(move || {
        areas
            .get()
            .and_then(Result::ok)
            .map(|o| o.areas.into_iter().map(|a| (a.key, a.path)).collect())
            .unwrap_or_default()
    });
    let reset = Action::new(move |key: &String| {
        let key = key.clone();
        async move {
            let result = reset_password(key).await;
            if let Ok(code) = &result {
                issued.set(Some(code.clone()));
            }
            result
        }
    });
    let toggle = Action::new(move |(key, disabled): &(String, bool)| {
        let (key, disabled) = (key.clone(), *disabled);
        async move {
            let result = set_account_disabled(key, disabled).await;
            accounts.refetch();
            result
        }
    });
    view! {
        <Title text=format!("{} · {}", text.accounts_title, text.app_name)/>
        <h1>{text.accounts_title}</h1>
        {move || issued.get().map(|issued| view! { <IssuedCodeBox issued/> })}
        {move || reset.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
        {move || toggle.value().get().and_then(Result::err).map(|e| view! { <ErrorNotice error=e/> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(list) => view! {
                        <ul class="rows" data-testid="accounts">
                            {list.into_iter().map(|a| {
                                let (k1, k2) = (a.key.clone(), a.key.clone());
                                let disabled = a.disabled;
                                view! {
                                    <li class="row">
                                        <div>
                                            <strong>{a.name}</strong>" "
                                            <span class="muted">{a.login}</span>
                                            <div class="small">{a.kind}
                                                {disabled.then(|| view! { " · " <span class="tag">{text.account_disabled}</span> })}
                                            </div>
                                        </div>
                                        <div class="row-actions">
                                            <button type="button" class="button small-button"
                                                on:click=move |_| { reset.dispatch(k1.clone()); }>{text.account_reset}</button>
                                            <button type="button" class="button small-button"
                                                on:click=move |_| { toggle.dispatch((k2.clone(), !disabled)); }>
                                                {if disabled { text.account_enable } else { text.account_disable }}
                                            </button>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="card">
            <h2>{text.accounts_new}</h2>
            <form on:submit=on_submit data-testid="account-form">
                <FormMessage error fields=&["name", "phone", "username", "kind", "area", "department"]/>
                <TextField label=text.member_name name="name" value=form.name error required=true maxlength=30/>
                <TextField label=text.account_phone name="phone" value=form.phone error kind="tel" inputmode="tel"/>
                <TextField label=text.account_username name="username" value=form.username error/>
                <SelectField label=text.account_kind name="kind" value=form.kind error options=kinds/>
                <SelectField label=text.account_area name="area" value=form.area error options=area_options/>
                <Show when=move || form.kind.get() == "department">
                    <TextField label=text.account_department name="department" value=form.department error/>
                </Show>
                <Show when=move || matches!(form.kind.get().as_str(), "committee" | "secretariat")>
                    <TextField label=text.account_review_body name="department" value=form.department error hint=text.account_review_body_hint/>
                </Show>
                <SubmitButton label=text.account_create pending=create.pending().into()/>
            </form>
        </section>
    }
}

#[derive(Clone, Copy)]
struct AccountForm {
    name: RwSignal<String>,
    phone: RwSignal<String>,
    username: RwSignal<String>,
    kind: RwSignal<String>,
    area: RwSignal<String>,
    department: RwSignal<String>,
}

impl AccountForm {
    fn new() -> Self {
        AccountForm {
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            username: RwSignal::new(String::new()),
            kind: RwSignal::new(String::new()),
            area: RwSignal::new(String::new()),
            department: RwSignal::new(String::new()),
        }
    }

    fn input(&self) -> AccountInput {
        AccountInput {
            name: self.name.get_untracked(),
            phone: self.phone.get_untracked(),
            username: self.username.get_untracked(),
            kind: self.kind.get_untracked(),
            area: self.area.get_untracked(),
            department: self.department.get_untracked(),
        }
    }

    fn clear(&self) {
        for s in [
            self.name,
            self.phone,
            self.username,
            self.kind,
            self.area,
            self.department,
        ] {
            s.set(String::new());
        }
    }
}
