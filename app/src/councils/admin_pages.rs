//! The admin home, and a council's own screens: its details and standards checklist.
use super::admin::{
    standard_label, CouncilDetail, CouncilFormOptions, CouncilInput, CouncilScreen, StandardRow,
};
use super::admin_api::{
    get_admin_overview, get_council_detail, get_council_form_options, CreateCouncil,
    SetCouncilStandard, UpdateCouncil,
};
use super::CouncilKind;
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::forms::{CheckField, FormError, FormMessage, SelectField, SubmitButton, TextField};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};

/// `/admin`: what the signed-in account may administer.
#[component]
pub fn AdminHomePage() -> impl IntoView {
    let text = t();
    let overview = Resource::new(|| (), |_| get_admin_overview());
    view! {
        <Title text=format!("{} · {}", text.admin_title, text.app_name)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <section class="intro">
                            <h1 data-testid="admin-name">{o.name}</h1>
                            <p class="muted">{o.roles.join("、")}</p>
                        </section>
                        <div class="actions">
                            {o.can_create_council.then(|| view! {
                                <a class="button primary" href="/admin/councils/new">{text.admin_new_council}</a>
                            })}
                            {o.system_admin.then(|| view! {
                                <a class="button" href="/admin/accounts">{text.admin_accounts}</a>
                                <a class="button" href="/admin/texts" data-testid="texts-link">{text.admin_texts}</a>
                            })}
                            {o.can_create_council.then(|| view! {
                                <a class="button" href="/admin/sectors">{text.admin_sectors}</a>
                            })}
                            <a class="button" href="/admin/scores" data-testid="scores-link">{text.admin_scores}</a>
                            <a class="button" href="/account/password">{text.password_title}</a>
                        </div>
                        <h2 class="section-title">{text.admin_councils}</h2>
                        {if o.councils.is_empty() {
                            view! { <p class="empty">{text.admin_no_councils}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="rows" data-testid="admin-councils">
                                    {o.councils.into_iter().map(|c| view! {
                                        <li>
                                            <a class="row row-link" href=format!("/admin/councils/{}", c.key)>
                                                <span>
                                                    <span class="council-name">{c.name}</span>
                                                    <span class="tag">{c.kind.label()}</span>
                                                    <span class="small muted block">{c.area_path}</span>
                                                </span>
                                                <span class="small muted nowrap">
                                                    {c.rooms}" "{text.rooms_count}" · "{c.members}" "{text.members_count}
                                                </span>
                                            </a>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                    // Members and department staff have no admin screens: their work is at /work.
                    Err(crate::base::error::AppError::Forbidden) => {
                        view! { <leptos_router::components::Redirect path="/work"/> }.into_any()
                    }
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin/councils/{key}/…`: the council's name and tabs above the open tab. The council is
/// fetched here once for every tab; each tab's own data says whether the caller may see it, so
/// a council the caller may not see shows its refusal once, in the tab.
#[component]
pub fn CouncilLayout() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| params.read().get("key").and_then(|k| CouncilKey::parse(&k)));
    let detail = Resource::new(
        move || key.get(),
        |key| async move { get_council_detail(CouncilScreen::key_or_not_found(key)?).await },
    );
    provide_context(CouncilScreen { key, detail });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                detail.await.ok().map(|d| view! { <CouncilTabs council=d.key name=d.form.name/> })
            })}
        </Suspense>
        <Outlet/>
    }
}

/// Which tab a path below `/admin/councils/{key}` is in: `rooms`, `cases` (a case's desk too), or
/// `""` for the council's details.
fn open_tab<'a>(path: &'a str, base: &str) -> &'a str {
    let rest = path.strip_prefix(base).unwrap_or_default();
    rest.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
}

/// The council's name and its tabs, the open one marked as it changes.
#[component]
fn CouncilTabs(council: CouncilKey, name: String) -> impl IntoView {
    let text = t();
    let location = use_location();
    let base = format!("/admin/councils/{council}");
    let tabs = [
        ("", text.tab_info),
        ("rooms", text.tab_rooms),
        ("members", text.tab_members),
        ("roster", text.tab_roster),
        ("cases", text.tab_cases),
        ("review", text.tab_review),
    ];
    view! {
        <p class="crumbs"><a href="/admin">{text.admin_title}</a>" › "</p>
        <h1 data-testid="council-title">{name}</h1>
        <nav class="tabs">
            {tabs.into_iter().map(|(tab, label)| {
                let href = if tab.is_empty() { base.clone() } else { format!("{base}/{tab}") };
                let base = base.clone();
                let active = Memo::new(move |_| open_tab(&location.pathname.read(), &base) == tab);
                view! {
                    <a href=href class:active=active aria-current=move || active.get().then_some("page")>{label}</a>
                }
            }).collect_view()}
        </nav>
    }
}

#[derive(Clone, Copy)]
struct CouncilFields {
    name: RwSignal<String>,
    kind: RwSignal<String>,
    area: RwSignal<String>,
    new_area_name: RwSignal<String>,
    sector: RwSignal<String>,
    case_prefix: RwSignal<String>,
    supervisor: RwSignal<String>,
    staff_liaison: RwSignal<String>,
}

impl CouncilFields {
    fn new(from: &CouncilInput) -> Self {
        CouncilFields {
            name: RwSignal::new(from.name.clone()),
            kind: RwSignal::new(from.kind.clone()),
            area: RwSignal::new(from.area.clone()),
            new_area_name: RwSignal::new(from.new_area_name.clone()),
            sector: RwSignal::new(from.sector.clone()),
            case_prefix: RwSignal::new(from.case_prefix.clone()),
            supervisor: RwSignal::new(from.supervisor.clone()),
            staff_liaison: RwSignal::new(from.staff_liaison.clone()),
        }
    }

    fn input(&self) -> CouncilInput {
        CouncilInput {
            name: self.name.get_untracked(),
            kind: self.kind.get_untracked(),
            area: self.area.get_untracked(),
            new_area_name: self.new_area_name.get_untracked(),
            sector: self.sector.get_untracked(),
            case_prefix: self.case_prefix.get_untracked(),
            supervisor: self.supervisor.get_untracked(),
            staff_liaison: self.staff_liaison.get_untracked(),
        }
    }
}

/// The council fields, for creating and for editing.
#[component]
fn CouncilFieldset(
    fields: CouncilFields,
    options: CouncilFormOptions,
    error: FormError,
    creating: bool,
) -> impl IntoView {
    let text = t();
    let kinds: Vec<(String, String)> = CouncilKind::ALL
        .iter()
        .map(|k| (k.as_db().to_string(), k.label().to_string()))
        .collect();
    let areas: Vec<(String, String)> = options
        .areas
        .iter()
        .map(|a| (a.key.clone(), format!("{}（{}）", a.path, a.level.label())))
        .collect();
    let sectors: Vec<(String, String)> = options
        .sectors
        .iter()
        .map(|s| (s.key.clone(), format!("{} · {}", s.name, s.district)))
        .collect();
    view! {
        <FormMessage error fields=&["name", "kind", "area", "new_area_name", "sector", "case_prefix", "supervisor", "staff_liaison"]/>
        <TextField label=text.council_name name="name" value=fields.name error required=true maxlength=60/>
        <SelectField label=text.council_kind name="kind" value=fields.kind error options=Signal::stored(kinds)/>
        <SelectField label=text.council_area name="area" value=fields.area error options=Signal::stored(areas)/>
        {creating.then(|| view! {
            <TextField label=text.council_new_area name="new_area_name" value=fields.new_area_name error
                hint=text.council_new_area_hint maxlength=40/>
        })}
        <SelectField label=text.council_sector name="sector" value=fields.sector error
            options=Signal::stored(sectors) empty_label=text.none_option/>
        <TextField label=text.council_case_prefix name="case_prefix" value=fields.case_prefix error
            hint=text.council_case_prefix_hint maxlength=4/>
        <TextField label=text.council_supervisor name="supervisor" value=fields.supervisor error maxlength=60/>
        <TextField label=text.council_staff_liaison name="staff_liaison" value=fields.staff_liaison error maxlength=60/>
    }
}

/// `/admin/councils/new`.
#[component]
pub fn NewCouncilPage() -> impl IntoView {
    let text = t();
    let options = Resource::new(|| (), |_| get_council_form_options(None));
    let action = ServerAction::<CreateCouncil>::new();
    let error: FormError = RwSignal::new(None);
    let fields = CouncilFields::new(&CouncilInput::default());
    let navigate = use_navigate();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(key)) => navigate(&format!("/admin/councils/{key}/rooms"), Default::default()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateCouncil {
            input: fields.input(),
        });
    };
    view! {
        <Title text=format!("{} · {}", text.admin_new_council, text.app_name)/>
        <p class="crumbs"><a href="/admin">{text.admin_title}</a>" › "</p>
        <h1>{text.admin_new_council}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => view! {
                        <form class="card" on:submit=on_submit data-testid="council-form">
                            <CouncilFieldset fields options error creating=true/>
                            <SubmitButton label=text.council_create pending=action.pending().into()/>
                        </form>
                    }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin/councils/{key}`: details and the standards checklist.
#[component]
pub fn CouncilInfoPage() -> impl IntoView {
    let screen = CouncilScreen::get();
    let options = Resource::new(
        move || screen.key.get(),
        |key| async move { get_council_form_options(Some(CouncilScreen::key_or_not_found(key)?)).await },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match (screen.detail.await, options.await) {
                    (Ok(detail), Ok(options)) => view! { <CouncilInfo detail options/> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CouncilInfo(detail: CouncilDetail, options: CouncilFormOptions) -> impl IntoView {
    let text = t();
    let key = detail.key.clone();
    let action = ServerAction::<UpdateCouncil>::new();
    let error: FormError = RwSignal::new(None);
    let fields = CouncilFields::new(&detail.form);
    let saved = RwSignal::new(false);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            error.set(None);
            saved.set(true);
        }
        Some(Err(e)) => {
            saved.set(false);
            error.set(Some(e));
        }
        None => {}
    });
    let on_submit = {
        let key = key.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            action.dispatch(UpdateCouncil {
                council: key.clone(),
                input: fields.input(),
            });
        }
    };
    view! {
        <Title text=format!("{} · {}", detail.form.name, text.app_name)/>
        <p class="muted">{detail.area_path}</p>
        <form class="card" on:submit=on_submit data-testid="council-form">
            <CouncilFieldset fields options error creating=false/>
            <SubmitButton label=text.save pending=action.pending().into()/>
            {move || saved.get().then(|| view! { <span class="saved" role="status">{text.saved}</span> })}
        </form>
        <section class="card">
            <h2>{text.standards_title}</h2>
            <ul class="rows">
                {detail.standards.into_iter().map(|row| view! {
                    <StandardItem council=key.clone() row/>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn StandardItem(council: CouncilKey, row: StandardRow) -> impl IntoView {
    let text = t();
    let item = row.item.clone();
    let met = RwSignal::new(row.met);
    let evidence = RwSignal::new(row.evidence.clone());
    let error: FormError = RwSignal::new(None);
    let action = ServerAction::<SetCouncilStandard>::new();
    let saved = RwSignal::new(false);
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            error.set(None);
            saved.set(true);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        action.dispatch(SetCouncilStandard {
            council: council.clone(),
            row: StandardRow {
                item: item.clone(),
                met: met.get_untracked(),
                evidence: evidence.get_untracked(),
            },
        });
    };
    view! {
        <li class="standard">
            <form on:submit=on_submit>
                <h3>{standard_label(&row.item)}</h3>
                <FormMessage error fields=&["met", "evidence"]/>
                <CheckField label=text.standard_met name="met" value=met error/>
                <TextField label=text.standard_evidence name="evidence" value=evidence error maxlength=500/>
                <SubmitButton label=text.save pending=action.pending().into()/>
                {move || saved.get().then(|| view! { <span class="saved" role="status">{text.saved}</span> })}
            </form>
        </li>
    }
}
