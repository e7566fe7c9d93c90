//! `/admin/councils/{key}/members`: members with their roles, added one by one or from a sheet.
use super::api::issue_member_login;
use super::api::{
    get_council_members, remove_member, set_member_role, AddMember, CommitImport, CreateWorkTeam,
    PreviewImport, UpdateMember,
};
use super::{
    CouncilMember, ImportPreview, MemberInput, MemberLevel, Role, SheetUpload, TeamInput, WorkTeam,
};
use crate::accounts::pages::IssuedCodeBox;
use crate::accounts::IssuedCode;
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::councils::admin::CouncilScreen;
use crate::councils::admin::SectorOption;
use crate::ui::admin::AdminError;
use crate::ui::forms::{CheckField, FormError, FormMessage, SelectField, SubmitButton, TextField};
use crate::ui::{confirm, ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

fn role_options() -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_db().to_string(), r.label().to_string()))
        .collect()
}

#[component]
pub fn CouncilMembersPage() -> impl IntoView {
    let text = t();
    let screen = CouncilScreen::get();
    let data = Resource::new(
        move || screen.key.get(),
        |key| async move {
            let key = CouncilScreen::key_or_not_found(key)?;
            let page = get_council_members(key.clone()).await?;
            Ok::<_, AppError>((key, page))
        },
    );
    let issued: RwSignal<Option<IssuedCode>> = RwSignal::new(None);
    let row_error: RwSignal<Option<AppError>> = RwSignal::new(None);
    // Made once for the page, so what is typed survives the list being reloaded.
    let fields = MemberFields::new();
    view! {
        <Title text=format!("{} · {}", text.tab_members, text.app_name)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((council, page)) => {
                        let sectors = page.sectors.clone();
                        let members_for_teams = page.members.clone();
                        view! {
                            {move || issued.get().map(|issued| view! { <IssuedCodeBox issued/> })}
                            {move || row_error.get().map(|error| view! { <ErrorNotice error/> })}
                            {if page.members.is_empty() {
                                view! { <p class="empty">{text.member_no_members}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="rows" data-testid="members">
                                        {page.members.into_iter().map(|member| view! {
                                            <MemberItem council=council.clone() member issued row_error
                                                sectors=sectors.clone()
                                                on_change=Callback::new(move |_| data.refetch())/>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            <AddMemberForm council=council.clone() sectors fields
                                on_added=Callback::new(move |_| data.refetch())/>
                            <TeamsSection council=council.clone() teams=page.teams.clone()
                                members=members_for_teams on_added=Callback::new(move |_| data.refetch())/>
                        }.into_any()
                    }
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
        {move || screen.key.get().map(|council| view! {
            <ImportForm council on_imported=Callback::new(move |_| data.refetch())/>
        })}
    }
}

#[derive(Clone, Copy)]
struct MemberFields {
    name: RwSignal<String>,
    sector: RwSignal<String>,
    level: RwSignal<String>,
    phone: RwSignal<String>,
    contact_public: RwSignal<bool>,
    specialties: RwSignal<String>,
    role: RwSignal<String>,
    error: FormError,
}

impl MemberFields {
    fn new() -> Self {
        MemberFields {
            name: RwSignal::new(String::new()),
            sector: RwSignal::new(String::new()),
            level: RwSignal::new(MemberLevel::District.as_db().to_string()),
            phone: RwSignal::new(String::new()),
            contact_public: RwSignal::new(false),
            specialties: RwSignal::new(String::new()),
            role: RwSignal::new(Role::Member.as_db().to_string()),
            error: RwSignal::new(None),
        }
    }

    fn input(&self) -> MemberInput {
        MemberInput {
            name: self.name.get_untracked(),
            sector: self.sector.get_untracked(),
            level: self.level.get_untracked(),
            phone: self.phone.get_untracked(),
            contact_public: self.contact_public.get_untracked(),
            specialties: self.specialties.get_untracked(),
            role: self.role.get_untracked(),
        }
    }

    /// Ready for the next member: the sector and level often repeat, so they stay.
    fn next(&self) {
        for s in [self.name, self.phone, self.specialties] {
            s.set(String::new());
        }
        self.contact_public.set(false);
        self.role.set(Role::Member.as_db().to_string());
        self.error.set(None);
    }
}

#[component]
fn MemberItem(
    council: CouncilKey,
    member: CouncilMember,
    issued: RwSignal<Option<IssuedCode>>,
    row_error: RwSignal<Option<AppError>>,
    sectors: Vec<SectorOption>,
    on_change: Callback<()>,
) -> impl IntoView {
    let text = t();
    let role = RwSignal::new(member.role.as_db().to_string());
    let editing = RwSignal::new(false);
    let edit_council = council.clone();
    let (c1, c2, c3) = (council.clone(), council.clone(), council);
    let (k1, k2, k3) = (member.key.clone(), member.key.clone(), member.key.clone());
    let change_role = Action::new(move |new_role: &String| {
        let (council, key, new_role) = (c1.clone(), k1.clone(), new_role.clone());
        async move {
            let result = set_member_role(council, key, new_role).await;
            match &result {
                Ok(()) => {
                    row_error.set(None);
                    on_change.run(());
                }
                Err(e) => row_error.set(Some(e.clone())),
            }
            result
        }
    });
    let remove = Action::new(move |_: &()| {
        let (council, key) = (c2.clone(), k2.clone());
        async move {
            let result = remove_member(council, key).await;
            match &result {
                Ok(()) => on_change.run(()),
                Err(e) => row_error.set(Some(e.clone())),
            }
            result
        }
    });
    let issue = Action::new(move |_: &()| {
        let (council, key) = (c3.clone(), k3.clone());
        async move {
            match issue_member_login(council, key).await {
                Ok(code) => {
                    row_error.set(None);
                    issued.set(Some(code));
                    on_change.run(());
                }
                Err(e) => row_error.set(Some(e)),
            }
        }
    });
    let member_name = member.name.clone();
    let edit_member = member.clone();
    let details = [
        member.sector.clone(),
        member.level.label().to_string(),
        member.phone.clone().unwrap_or_default(),
        member.specialties.join("、"),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="row-block" data-testid="member">
            <div class="row">
                <div>
                    <strong>{member.name.clone()}</strong>" "
                    <span class="tag">{member.role.label()}</span>
                    {member.has_account.then(|| view! { " " <span class="tag tag-ok">{text.member_has_login}</span> })}
                    <div class="small muted">{details}</div>
                </div>
            </div>
            <div class="row-actions">
                <label class="inline-select">
                    <span class="visually-hidden">{text.member_role}</span>
                    <select
                        aria-label=format!("{} {}", member.name, text.member_role)
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            role.set(value.clone());
                            change_role.dispatch(value);
                        }
                        prop:value=move || role.get()
                    >
                        {role_options().into_iter().map(|(v, label)| {
                            let selected = v == member.role.as_db();
                            view! { <option value=v selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="button small-button" on:click=move |_| editing.update(|e| *e = !*e)>
                    {text.room_edit}
                </button>
                <button type="button" class="button small-button" on:click=move |_| { issue.dispatch(()); }>
                    {text.member_issue_login}
                </button>
                <a class="button small-button" href=format!("/members/{}/record", member.key)>{text.record_title}</a>
                <button type="button" class="button small-button danger" on:click=move |_| {
                    if confirm(&format!("{}（{}）", text.member_remove_confirm, member_name)) {
                        remove.dispatch(());
                    }
                }>
                    {text.member_remove}
                </button>
            </div>
            <Show when=move || editing.get()>
                <EditMemberForm council=edit_council.clone() member=edit_member.clone() sectors=sectors.clone()
                    on_saved=Callback::new(move |_| { editing.set(false); on_change.run(()); })/>
            </Show>
        </li>
    }
}

/// A member's details, corrected in place.
#[component]
fn EditMemberForm(
    council: CouncilKey,
    member: CouncilMember,
    sectors: Vec<SectorOption>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let text = t();
    let fields = MemberFields::new();
    fields.name.set(member.name.clone());
    fields.sector.set(member.sector_key.clone());
    fields.level.set(member.level.as_db().to_string());
    fields.phone.set(member.phone.clone().unwrap_or_default());
    fields.contact_public.set(member.contact_public);
    fields.specialties.set(member.specialties.join("、"));
    let error = fields.error;
    let action = ServerAction::<UpdateMember>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => on_saved.run(()),
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let key = member.key.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(UpdateMember {
            council: council.clone(),
            member: key.clone(),
            input: fields.input(),
        });
    };
    let sector_options: Vec<(String, String)> =
        sectors.into_iter().map(|s| (s.key, s.name)).collect();
    let levels: Vec<(String, String)> = MemberLevel::ALL
        .iter()
        .map(|l| (l.as_db().to_string(), l.label().to_string()))
        .collect();
    view! {
        <form class="edit" on:submit=on_submit>
            <FormMessage error fields=&["name", "sector", "level", "phone", "contact_public", "specialties"]/>
            <TextField label=text.member_name name="name" value=fields.name error maxlength=30 required=true/>
            <SelectField label=text.member_sector name="sector" value=fields.sector error options=Signal::stored(sector_options)/>
            <SelectField label=text.member_level name="level" value=fields.level error options=Signal::stored(levels)/>
            <TextField label=text.member_phone name="phone" value=fields.phone error kind="tel" inputmode="tel" maxlength=20/>
            <CheckField label=text.member_contact_public name="contact_public" value=fields.contact_public error/>
            <TextField label=text.member_specialties name="specialties" value=fields.specialties error maxlength=200/>
            <SubmitButton label=text.save pending=action.pending().into()/>
        </form>
    }
}

#[component]
fn AddMemberForm(
    council: CouncilKey,
    sectors: Vec<SectorOption>,
    fields: MemberFields,
    on_added: Callback<()>,
) -> impl IntoView {
    let text = t();
    let action = ServerAction::<AddMember>::new();
    let error = fields.error;
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            fields.next();
            on_added.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(AddMember {
            council: council.clone(),
            input: fields.input(),
        });
    };
    let sector_options: Vec<(String, String)> =
        sectors.into_iter().map(|s| (s.key, s.name)).collect();
    let levels: Vec<(String, String)> = MemberLevel::ALL
        .iter()
        .map(|l| (l.as_db().to_string(), l.label().to_string()))
        .collect();
    view! {
        <section class="card">
            <h2>{text.member_add}</h2>
            <form on:submit=on_submit data-testid="member-form">
                <FormMessage error fields=&["name", "sector", "level", "phone", "contact_public", "specialties", "role"]/>
                <TextField label=text.member_name name="name" value=fields.name error maxlength=30 required=true/>
                <SelectField label=text.member_sector name="sector" value=fields.sector error options=Signal::stored(sector_options)/>
                <SelectField label=text.member_level name="level" value=fields.level error options=Signal::stored(levels)/>
                <SelectField label=text.member_role name="role" value=fields.role error options=Signal::stored(role_options())/>
                <TextField label=text.member_phone name="phone" value=fields.phone error kind="tel" inputmode="tel" maxlength=20/>
                <CheckField label=text.member_contact_public name="contact_public" value=fields.contact_public error/>
                <TextField label=text.member_specialties name="specialties" value=fields.specialties error maxlength=200/>
                <SubmitButton label=text.member_add pending=action.pending().into()/>
            </form>
        </section>
    }
}

/// Work teams (工作专班): the list, and a form to start one.
#[component]
fn TeamsSection(
    council: CouncilKey,
    teams: Vec<WorkTeam>,
    members: Vec<CouncilMember>,
    on_added: Callback<()>,
) -> impl IntoView {
    let text = t();
    let name = RwSignal::new(String::new());
    let leader = RwSignal::new(String::new());
    let chosen: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let error: FormError = RwSignal::new(None);
    let action = ServerAction::<CreateWorkTeam>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            error.set(None);
            on_added.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateWorkTeam {
            council: council.clone(),
            input: TeamInput {
                name: name.get_untracked(),
                leader: leader.get_untracked(),
                members: chosen.get_untracked(),
            },
        });
    };
    let leaders: Vec<(String, String)> = members
        .iter()
        .map(|m| (m.key.clone(), m.name.clone()))
        .collect();
    view! {
        <section class="card" data-testid="teams">
            <h2>{text.teams_title}</h2>
            {if teams.is_empty() {
                view! { <p class="muted">{text.teams_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {teams.into_iter().map(|team| view! {
                            <li>
                                <strong>{team.name}</strong>
                                {team.leader.map(|l| view! { " · "{text.team_leader}"："{l} })}
                                <div class="small muted">{team.members.join("、")}</div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <details class="add-pattern">
                <summary class="button">{text.team_add}</summary>
                <form on:submit=on_submit>
                    <FormMessage error fields=&["name", "leader", "members"]/>
                    <TextField label=text.team_name name="name" value=name error maxlength=40 required=true/>
                    <SelectField label=text.team_leader name="leader" value=leader error
                        options=Signal::stored(leaders) empty_label=text.none_option/>
                    <fieldset class="field">
                        <legend class="label">{text.team_members}</legend>
                        {members.into_iter().map(|m| {
                            let key = m.key.clone();
                            view! {
                                <label class="consent">
                                    <input type="checkbox" on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| {
                                            c.retain(|k| *k != key);
                                            if on { c.push(key.clone()); }
                                        });
                                    }/>
                                    <span>{m.name}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <SubmitButton label=text.team_add pending=action.pending().into()/>
                </form>
            </details>
        </section>
    }
}

/// Where an import stands, for the progress indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImportStep {
    Idle,
    Reading,
    Checking,
    Checked,
    Importing,
    Done,
}

#[component]
fn ImportForm(council: CouncilKey, on_imported: Callback<()>) -> impl IntoView {
    let text = t();
    let step = RwSignal::new(ImportStep::Idle);
    let upload: RwSignal<Option<SheetUpload>> = RwSignal::new(None);
    let error: FormError = RwSignal::new(None);
    let preview_action = ServerAction::<PreviewImport>::new();
    let commit_action = ServerAction::<CommitImport>::new();
    let preview: RwSignal<Option<ImportPreview>> = RwSignal::new(None);
    let imported = RwSignal::new(0usize);
    Effect::new(move |_| match preview_action.value().get() {
        Some(Ok(p)) => {
            error.set(None);
            preview.set(Some(p));
            step.set(ImportStep::Checked);
        }
        Some(Err(e)) => {
            error.set(Some(e));
            step.set(ImportStep::Idle);
        }
        None => {}
    });
    Effect::new(move |_| match commit_action.value().get() {
        Some(Ok(n)) => {
            error.set(None);
            imported.set(n);
            preview.set(None);
            step.set(ImportStep::Done);
            on_imported.run(());
        }
        Some(Err(e)) => {
            error.set(Some(e));
            step.set(ImportStep::Checked);
        }
        None => {}
    });
    let council_for_check = council.clone();
    let on_file = move |ev: leptos::ev::Event| {
        let council = council_for_check.clone();
        let input: leptos::web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        step.set(ImportStep::Reading);
        preview.set(None);
        leptos::task::spawn_local(async move {
            match read_file(&file).await {
                Some(bytes) => {
                    use base64::Engine;
                    let sheet = SheetUpload {
                        file_name: file.name(),
                        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                    };
                    upload.set(Some(sheet.clone()));
                    step.set(ImportStep::Checking);
                    preview_action.dispatch(PreviewImport {
                        council,
                        upload: sheet,
                    });
                }
                None => {
                    error.set(Some(AppError::invalid("file", t().import_unreadable)));
                    step.set(ImportStep::Idle);
                }
            }
        });
    };
    let commit = move |_| {
        if let Some(sheet) = upload.get_untracked() {
            step.set(ImportStep::Importing);
            commit_action.dispatch(CommitImport {
                council: council.clone(),
                upload: sheet,
            });
        }
    };
    let progress = move || match step.get() {
        ImportStep::Reading => Some((1, text.import_reading)),
        ImportStep::Checking => Some((2, text.import_checking)),
        ImportStep::Importing => Some((3, text.import_importing)),
        _ => None,
    };
    view! {
        <section class="card" data-testid="import">
            <h2>{text.import_title}</h2>
            <p class="hint">{text.import_hint}</p>
            <label class="field">
                <span class="label">{text.import_choose_file}</span>
                <input type="file" name="file" accept=".xlsx,.csv" on:change=on_file/>
            </label>
            <FormMessage error fields=&[]/>
            {move || progress().map(|(n, label)| view! {
                <div class="progress" role="status">
                    <progress max="3" value=n.to_string()></progress>
                    <span>{label}</span>
                </div>
            })}
            {move || (step.get() == ImportStep::Done).then(|| view! {
                <p class="notice" role="status" data-testid="import-done">{imported.get()}" "{text.import_done}</p>
            })}
            {move || preview.get().map(|p| {
                let clean = p.bad == 0;
                view! {
                    <p data-testid="import-summary">
                        <strong>{p.good}</strong>" "{text.import_good}" · "
                        <strong class:error-text=!clean>{p.bad}</strong>" "{text.import_bad}
                    </p>
                    {(!clean).then(|| view! { <p class="notice notice-error">{text.import_fix_first}</p> })}
                    <ul class="rows import-rows">
                        {p.rows.into_iter().map(|row| {
                            let ok = row.errors.is_empty();
                            view! {
                                <li class="row-block" class:row-bad=!ok>
                                    <span class="small muted">{text.import_line.replace("{}", &row.line.to_string())}</span>" "
                                    <strong>{row.name}</strong>" "<span class="small">{row.sector}" "{row.role}</span>
                                    {row.errors.into_iter().map(|e| view! { <span class="field-error">{e}</span> }).collect_view()}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {clean.then(|| view! {
                        <button type="button" class="button primary" on:click=commit.clone()
                            disabled=move || step.get() == ImportStep::Importing>
                            {text.import_commit}
                        </button>
                    })}
                }
            })}
        </section>
    }
}

/// The bytes of a chosen file; nothing on the server.
#[cfg(feature = "hydrate")]
async fn read_file(file: &leptos::web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[cfg(not(feature = "hydrate"))]
async fn read_file(_file: &leptos::web_sys::File) -> Option<Vec<u8>> {
    None
}
