//! `/receptions`: the caller's reception days (委员接待日) to record, each in under a minute, and
//! for a council's managers the days past that nobody recorded.
use super::api::{get_receptions_overview, RecordReception};
use super::*;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::{FieldMessage, FormError, FormMessage, SubmitButton, TextField};
use crate::ui::outbox::{Outbox, WaitingList};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReceptionsPage() -> impl IntoView {
    let text = t();
    // Records written without signal wait here, and are sent when it returns.
    let outbox = Outbox::new("outbox:receptions");
    let data = Resource::new(
        move || outbox.delivered.get(),
        |_| get_receptions_overview(),
    );
    view! {
        <Title text=format!("{} · {}", text.receptions_title, text.app_name)/>
        <AdminPage>
            <section class="intro">
                <h1>{text.receptions_title}</h1>
                <p class="muted">{text.receptions_intro}</p>
            </section>
            <WaitingList outbox/>
            // A Transition keeps the list on screen while it is read again after a save.
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
fn Overview(overview: ReceptionsOverview, outbox: Outbox) -> impl IntoView {
    let text = t();
    let nothing = overview.mine.is_empty() && overview.unrecorded.is_empty();
    view! {
        {nothing.then(|| view! { <p class="empty card">{text.receptions_empty}</p> })}
        {(!overview.mine.is_empty()).then(|| view! {
            <h2>{text.receptions_mine}</h2>
            <ul class="plain" data-testid="my-receptions">
                {overview.mine.into_iter().map(|slot| view! { <SlotItem item=slot outbox/> }).collect_view()}
            </ul>
        })}
        {(!overview.unrecorded.is_empty()).then(|| view! {
            <h2>{text.receptions_unrecorded}" ("{overview.unrecorded.len()}")"</h2>
            <p class="hint">{text.receptions_unrecorded_hint}</p>
            <ul class="plain" data-testid="unrecorded-receptions">
                {overview.unrecorded.into_iter().map(|slot| view! { <SlotItem item=slot outbox/> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn SlotItem(item: SlotToRecord, outbox: Outbox) -> impl IntoView {
    let slot = item;
    let text = t();
    let heading = format!(
        "{} {}–{} · {}",
        crate::base::clock::Day(slot.date.clone()).long_label(),
        slot.starts,
        slot.ends,
        slot.room_name
    );
    view! {
        <li class="card" data-testid="reception-slot">
            <strong class="block">{heading.clone()}</strong>
            <span class="small muted block">
                {slot.council_name.clone()}" · "{text.reception_on_duty}{slot.member_name.clone()}
                {slot.swapped_in.then_some(text.record_swapped_in)}
            </span>
            {match slot.recorded.clone() {
                Some(done) => view! { <Recorded done council=slot.council.clone() slot_key=slot.slot.clone()/> }.into_any(),
                None => view! { <ReceptionForm slot_key=slot.slot.clone() heading=heading.clone() outbox/> }.into_any(),
            }}
        </li>
    }
}

#[component]
fn Recorded(done: ReceptionSummary, council: String, slot_key: String) -> impl IntoView {
    let text = t();
    let line = if done.came {
        format!(
            "{}{}{}",
            text.reception_came, done.visitors, text.reception_people
        )
    } else {
        format!("{}{}", text.reception_absent_because, done.absent_reason)
    };
    let write_up = (!done.visits.is_empty()).then(|| format!("reception:{slot_key}"));
    view! {
        <p class="saved-line" data-testid="reception-recorded">{line}
            {(!done.recorded_by.is_empty()).then(|| format!(" · {}{}", text.activity_recorded_by, done.recorded_by))}</p>
        {(!done.visits.is_empty()).then(|| view! {
            <ul class="small">
                {done.visits.into_iter().map(|(o, note)| {
                    // A matter to be followed up: the intake form, prefilled, linked to this day.
                    let raise = (o == VisitOutcome::Case).then(|| format!(
                        "/work?council={council}&at=reception:{slot_key}&title={}#raise",
                        crate::base::url::encode(&note)
                    ));
                    view! {
                        <li>{o.label()}{(!note.is_empty()).then(|| format!("：{note}"))}
                            {raise.map(|href| view! { " "<a href=href data-testid="raise-from-reception">{text.reception_raise_case}</a> })}</li>
                    }
                }).collect_view()}
            </ul>
        })}
        {(!done.concerns.is_empty()).then(|| view! {
            <p class="small">{text.activity_concerns}"："
                {done.concerns.iter().map(|code| view! { <a class="mono" href=format!("/admin/councils/{council}/cases/{code}")>{code.clone()}</a>" " }).collect_view()}
            </p>
        })}
        // What the visitors raised may go up as 社情民意 or a 提案, prefilled from this record.
        {write_up.map(|source| view! { <crate::ui::write_up::WriteUpLinks council=council.clone() source/> })}
    }
}

/// The record of one slot: came or not, how many, and each matter in a line.
#[component]
fn ReceptionForm(slot_key: String, heading: String, outbox: Outbox) -> impl IntoView {
    let slot = slot_key;
    let text = t();
    let saving = RwSignal::new(false);
    let kept_offline = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    let came = RwSignal::new(true);
    let reason = RwSignal::new(String::new());
    let visitors = RwSignal::new(String::new());
    let visits = RwSignal::new(Vec::<(RwSignal<String>, RwSignal<String>)>::new());
    let label = heading;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = RecordReception {
            input: ReceptionInput {
                slot: slot.clone(),
                came: came.get_untracked(),
                absent_reason: reason.get_untracked(),
                visitors: visitors.get_untracked(),
                visits: visits
                    .get_untracked()
                    .iter()
                    .map(|(o, n)| VisitInput {
                        outcome: o.get_untracked(),
                        note: n.get_untracked(),
                    })
                    .collect(),
            },
        };
        saving.set(true);
        #[cfg(feature = "hydrate")]
        {
            use crate::ui::outbox::Sent;
            // One parcel per slot: the slot is the record's key, so a resend stores it once.
            let id = format!("reception-{}", args.input.slot);
            let label = format!("{} {}", t().receptions_title, label);
            leptos::task::spawn_local(async move {
                match outbox.send(&id, "record_reception", &args, label).await {
                    // The page reads its list again when the outbox says a record arrived.
                    Sent::Stored(_) => error.set(None),
                    Sent::Kept => {
                        error.set(None);
                        kept_offline.set(true);
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
        let _ = (args, &label, outbox);
    };
    let add_visit = move |_| {
        visits.update(|v| {
            v.push((
                RwSignal::new(VisitOutcome::Answered.code().to_string()),
                RwSignal::new(String::new()),
            ))
        })
    };
    view! {
        <form class="reception-form" on:submit=on_submit data-testid="reception-form">
            <div class="choice-row" role="radiogroup" aria-label=text.reception_came_label>
                <label class="consent"><input type="radio" name="came" prop:checked=move || came.get() on:change=move |_| came.set(true)/>
                    <span>{text.reception_came_yes}</span></label>
                <label class="consent"><input type="radio" name="came" prop:checked=move || !came.get() on:change=move |_| came.set(false)/>
                    <span>{text.reception_came_no}</span></label>
            </div>
            <Show when=move || came.get() fallback=move || view! {
                <TextField label=text.reception_absent_reason name="absent_reason" value=reason error maxlength=100
                    hint=text.reception_absent_hint/>
            }>
                <TextField label=text.reception_visitors name="visitors" value=visitors error kind="number" inputmode="numeric"/>
                <ul class="plain visits">
                    {move || visits.get().into_iter().enumerate().map(|(i, (outcome, note))| view! {
                        <li class="visit-line">
                            <select aria-label=format!("{} {}", text.reception_visit_outcome, i + 1)
                                on:change=move |ev| outcome.set(event_target_value(&ev)) prop:value=move || outcome.get()>
                                {VisitOutcome::ALL.iter().map(|o| view! { <option value=o.code()>{o.label()}</option> }).collect_view()}
                            </select>
                            <input type="text" maxlength="100" placeholder=text.reception_visit_note
                                aria-label=format!("{} {}", text.reception_visit_note, i + 1) bind:value=note/>
                        </li>
                    }).collect_view()}
                </ul>
                <button type="button" class="button small-button" on:click=add_visit>{text.reception_add_visit}</button>
                <FieldMessage error name="visits"/>
            </Show>
            <FormMessage error fields=&["absent_reason", "visitors", "visits"]/>
            <SubmitButton label=text.reception_save pending=saving.into()/>
            <Show when=move || kept_offline.get()>
                <p class="notice" role="status" data-testid="kept-offline">{text.outbox_kept_reception}</p>
            </Show>
            {move || matches!(error.get(), Some(AppError::Conflict)).then(|| view! {
                <p class="hint">{text.reception_err_recorded}</p>
            })}
        </form>
    }
}
