//! `/contacts`: the member's linked households (联系户), a contact logged in a few taps, the
//! year's count against the target; for a council's managers, every member's households.
//! Both forms go through the outbox: written with no signal, sent when it returns.
use super::api::{get_contacts_overview, AddHousehold, LogContact};
use super::*;
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::{FormError, FormMessage, SelectField, SubmitButton, TextField};
use crate::ui::outbox::{Outbox, WaitingList};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ContactsPage() -> impl IntoView {
    let text = t();
    let outbox = Outbox::new("outbox:contacts");
    let data = Resource::new(move || outbox.delivered.get(), |_| get_contacts_overview());
    view! {
        <Title text=format!("{} · {}", text.contacts_title, text.app_name)/>
        <AdminPage>
            <section class="intro">
                <h1>{text.contacts_title}</h1>
                <p class="muted">{text.contacts_intro}</p>
            </section>
            <WaitingList outbox/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(overview) => view! { <Overview overview outbox/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Transition>
        </AdminPage>
    }
}

#[component]
fn Overview(overview: ContactsOverview, outbox: Outbox) -> impl IntoView {
    let text = t();
    let member = !overview.councils.is_empty();
    view! {
        {member.then(|| view! {
            <p class="card progress" data-testid="contacts-progress">
                {format!("{}{} / {}{}", text.contacts_year, overview.year_contacts, overview.year_target, text.contacts_times)}
            </p>
            <h2>{text.contacts_mine}" ("{overview.mine.len()}")"</h2>
            {overview.mine.is_empty().then(|| view! { <p class="empty card">{text.contacts_empty}</p> })}
            <ul class="plain" data-testid="my-households">
                {overview.mine.iter().cloned().map(|h| view! { <HouseholdItem h outbox/> }).collect_view()}
            </ul>
            <NewHousehold councils=overview.councils.clone() outbox/>
            <h2>{text.contacts_recent}</h2>
            {overview.recent.is_empty().then(|| view! { <p class="empty">{text.contacts_none}</p> })}
            <ul class="plain" data-testid="recent-contacts">
                {overview.recent.iter().map(|c| view! {
                    <li class="card small">
                        <strong>{c.household_name.clone()}</strong>" · "{c.date.clone()}" · "{c.via.label()}
                        {(!c.heard.is_empty()).then(|| view! { <span class="block">{c.heard.clone()}</span> })}
                        {c.case.clone().map(|(council, code)| view! {
                            <a class="block" href=format!("/admin/councils/{council}/cases/{code}")>{text.contacts_case}{code.clone()}</a>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        })}
        {(!member && overview.managed.is_empty()).then(|| view! { <p class="empty card">{text.contacts_not_member}</p> })}
        {(!overview.managed.is_empty()).then(|| view! {
            <h2>{text.contacts_council}" ("{overview.managed.len()}")"</h2>
            <p class="hint">{text.contacts_council_hint}</p>
            <div class="table-scroll"><table class="list-table" data-testid="council-households">
                <thead><tr><th>{text.contacts_member}</th><th>{text.contacts_name}</th><th>{text.contacts_phone}</th><th>{text.contacts_count}</th></tr></thead>
                <tbody>
                    {overview.managed.iter().map(|h| view! {
                        <tr><td>{h.member_name.clone()}</td><td>{h.name.clone()}<span class="small muted block">{h.place.clone()}</span></td>
                            <td>{h.phone.clone()}</td><td>{h.contacts}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        })}
    }
}

fn via_choices() -> Vec<(String, String)> {
    ContactVia::ALL
        .iter()
        .map(|v| (v.code().to_string(), v.label().to_string()))
        .collect()
}

#[component]
fn HouseholdItem(h: HouseholdLine, outbox: Outbox) -> impl IntoView {
    let text = t();
    let open = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let kept = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    let on_date = RwSignal::new(crate::base::clock::today_in_browser());
    let via = RwSignal::new(ContactVia::Visit.code().to_string());
    let heard = RwSignal::new(String::new());
    let case_code = RwSignal::new(String::new());
    let form_id = StoredValue::new(String::new());
    let key = h.key.clone();
    let name = h.name.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form_id.with_value(String::is_empty) {
            form_id.set_value(crate::ui::fresh_id());
        }
        let args = LogContact {
            input: ContactInput {
                id: form_id.get_value(),
                household: key.clone(),
                on_date: on_date.get_untracked(),
                via: via.get_untracked(),
                heard: heard.get_untracked(),
                case_code: case_code.get_untracked(),
            },
        };
        let label = format!("{} · {} · {}", t().contacts_log, name, args.input.on_date);
        saving.set(true);
        #[cfg(feature = "hydrate")]
        {
            use crate::ui::outbox::Sent;
            leptos::task::spawn_local(async move {
                let id = args.input.id.clone();
                let sent = outbox.send(&id, "log_contact", &args, label).await;
                match sent {
                    Sent::Stored(_) | Sent::Kept => {
                        error.set(None);
                        kept.set(matches!(sent, Sent::Kept));
                        form_id.set_value(String::new());
                        heard.set(String::new());
                        case_code.set(String::new());
                    }
                    Sent::Refused(e) => {
                        outbox.discard(id);
                        error.set(Some(e));
                    }
                }
                saving.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (args, label, outbox);
    };
    let summary = format!(
        "{}{}{}",
        text.contacts_count_year,
        h.contacts,
        h.last_contact
            .as_ref()
            .map(|d| format!(" · {}{d}", text.contacts_last))
            .unwrap_or_default()
    );
    view! {
        <li class="card" data-testid="household">
            <strong class="block">{h.name.clone()}</strong>
            <span class="small muted block">{h.place.clone()}{(!h.phone.is_empty()).then(|| format!(" · {}", h.phone))}</span>
            <span class="small block">{summary}</span>
            <button type="button" class="button small-button" on:click=move |_| open.update(|o| *o = !*o)
                aria-expanded=move || open.get().to_string()>{text.contacts_log}</button>
            <Show when=move || open.get()>
                <form class="contact-form" on:submit=on_submit.clone() data-testid="contact-form">
                    <TextField label=text.contacts_date name="on_date" value=on_date error kind="date"/>
                    <SelectField label=text.contacts_via name="via" value=via error options=via_choices()/>
                    <TextField label=text.contacts_heard name="heard" value=heard error maxlength=300/>
                    <TextField label=text.contacts_case_code name="case_code" value=case_code error
                        hint=text.contacts_case_hint/>
                    <FormMessage error fields=&["on_date", "via", "heard", "case_code"]/>
                    <SubmitButton label=text.contacts_save pending=saving.into()/>
                </form>
            </Show>
            <Show when=move || kept.get()>
                <p class="notice" role="status" data-testid="kept-offline">{text.outbox_kept_contact}</p>
            </Show>
        </li>
    }
}

#[component]
fn NewHousehold(councils: Vec<(String, String)>, outbox: Outbox) -> impl IntoView {
    let text = t();
    let saving = RwSignal::new(false);
    let kept = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    let council = RwSignal::new(councils.first().map(|c| c.0.clone()).unwrap_or_default());
    let name = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let form_id = StoredValue::new(String::new());
    let one_council = councils.len() == 1;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form_id.with_value(String::is_empty) {
            form_id.set_value(crate::ui::fresh_id());
        }
        let args = AddHousehold {
            input: HouseholdInput {
                id: form_id.get_value(),
                council: council.get_untracked(),
                name: name.get_untracked(),
                place: place.get_untracked(),
                phone: phone.get_untracked(),
                note: note.get_untracked(),
            },
        };
        let label = format!("{} · {}", t().contacts_add, args.input.name.trim());
        saving.set(true);
        #[cfg(feature = "hydrate")]
        {
            use crate::ui::outbox::Sent;
            leptos::task::spawn_local(async move {
                let id = args.input.id.clone();
                let sent = outbox.send(&id, "add_household", &args, label).await;
                match sent {
                    Sent::Stored(_) | Sent::Kept => {
                        error.set(None);
                        kept.set(matches!(sent, Sent::Kept));
                        form_id.set_value(String::new());
                        for field in [name, place, phone, note] {
                            field.set(String::new());
                        }
                    }
                    Sent::Refused(e) => {
                        outbox.discard(id);
                        error.set(Some(e));
                    }
                }
                saving.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (args, label, outbox);
    };
    view! {
        <form class="card" on:submit=on_submit data-testid="new-household">
            <h2>{text.contacts_add}</h2>
            {(!one_council).then(|| view! {
                <SelectField label=text.session_field_council name="council" value=council error options=councils.clone()/>
            })}
            <TextField label=text.contacts_name name="name" value=name error maxlength=20 required=true/>
            <TextField label=text.contacts_place name="place" value=place error maxlength=40/>
            <TextField label=text.contacts_phone name="phone" value=phone error kind="tel" inputmode="tel"
                hint=text.contacts_phone_hint/>
            <TextField label=text.contacts_note name="note" value=note error maxlength=100/>
            <FormMessage error fields=&["name", "place", "phone", "note"]/>
            <SubmitButton label=text.contacts_add_save pending=saving.into()/>
            <Show when=move || kept.get()>
                <p class="notice" role="status">{text.outbox_kept_contact}</p>
            </Show>
        </form>
    }
}
