//! `/admin/councils/{key}/roster`: reception days per room, their coming dates, and swaps.
use super::api::{get_council_roster, stop_duty_pattern, CreateDutyPattern, SwapDuty};
use super::{weekday_label, DutySlotView, PatternInput, RoomRoster};
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::councils::admin::CouncilScreen;
use crate::members::CouncilMember;
use crate::ui::admin::AdminError;
use crate::ui::forms::{
    FieldMessage, FormError, FormMessage, SelectField, SubmitButton, TextField,
};
use crate::ui::{confirm, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CouncilRosterPage() -> impl IntoView {
    let text = t();
    let screen = CouncilScreen::get();
    let data = Resource::new(
        move || screen.key.get(),
        |key| async move {
            let key = CouncilScreen::key_or_not_found(key)?;
            let rosters = get_council_roster(key.clone()).await?;
            let members = crate::members::api::get_council_members(key.clone()).await?;
            Ok::<_, crate::base::error::AppError>((key, rosters, members.members))
        },
    );
    view! {
        <Title text=format!("{} · {}", text.roster_title, text.app_name)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((council, rosters, members)) => {
                        view! {
                            {rosters.is_empty().then(|| view! { <p class="empty">{text.roster_no_rooms}</p> })}
                            {rosters.into_iter().map(|roster| view! {
                                <RoomRosterView council=council.clone() roster members=members.clone()
                                    on_change=Callback::new(move |_| data.refetch())/>
                            }).collect_view()}
                        }.into_any()
                    }
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RoomRosterView(
    council: CouncilKey,
    roster: RoomRoster,
    members: Vec<CouncilMember>,
    on_change: Callback<()>,
) -> impl IntoView {
    let text = t();
    view! {
        <section class="card" data-testid="roster">
            <h2>{roster.room_name.clone()}</h2>
            {if roster.patterns.is_empty() {
                view! { <p class="muted">{text.roster_no_patterns}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {roster.patterns.iter().map(|p| {
                            let (council, pattern) = (council.clone(), p.key.clone());
                            let stop = move |_| {
                                if !confirm(text.roster_stop_confirm) {
                                    return;
                                }
                                let (council, pattern) = (council.clone(), pattern.clone());
                                leptos::task::spawn_local(async move {
                                    if stop_duty_pattern(council, pattern).await.is_ok() {
                                        on_change.run(());
                                    }
                                });
                            };
                            view! {
                                <li class="row">
                                    <span>
                                        <strong>{format!("{}{} {}–{}", text.roster_every, weekday_label(p.weekday), p.starts, p.ends)}</strong>
                                        <span class="muted">" · "{p.rotation.join(" → ")}</span>
                                    </span>
                                    <button type="button" class="button small-button danger" on:click=stop>{text.roster_stop}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!roster.slots.is_empty()).then(|| view! {
                <h3>{text.roster_upcoming}</h3>
                <ul class="rows" data-testid="duty-slots">
                    {roster.slots.iter().cloned().map(|slot| view! {
                        <SlotItem council=council.clone() duty=slot members=members.clone() on_change/>
                    }).collect_view()}
                </ul>
            })}
            <PatternForm council=council.clone() room=roster.room_key.clone() members on_change/>
        </section>
    }
}

#[component]
fn SlotItem(
    council: CouncilKey,
    duty: DutySlotView,
    members: Vec<CouncilMember>,
    on_change: Callback<()>,
) -> impl IntoView {
    let text = t();
    let open = RwSignal::new(false);
    let member = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let action = ServerAction::<SwapDuty>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            error.set(None);
            open.set(false);
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let slot_key = duty.key.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SwapDuty {
            council: council.clone(),
            slot: slot_key.clone(),
            member: member.get_untracked(),
            reason: reason.get_untracked(),
        });
    };
    let options: Vec<(String, String)> = members
        .iter()
        .filter(|m| m.key != duty.member_key)
        .map(|m| (m.key.clone(), m.name.clone()))
        .collect();
    view! {
        <li class="row-block">
            <div class="row">
                <div>
                    <strong>{duty.date_label.clone()}</strong>" "
                    <span class="muted">{format!("{}–{}", duty.starts, duty.ends)}</span>
                    <div>{duty.member_name.clone()}
                        {duty.swapped_from.clone().map(|from| view! {
                            <span class="small muted">
                                {format!("（{}{}：{}）", text.roster_swapped_from, from, duty.swap_reason.clone().unwrap_or_default())}
                            </span>
                        })}
                    </div>
                </div>
                <div class="row-actions">
                    <button type="button" class="button small-button" on:click=move |_| open.update(|o| *o = !*o)>
                        {text.roster_swap}
                    </button>
                </div>
            </div>
            <Show when=move || open.get()>
                <form class="edit" on:submit=on_submit.clone()>
                    <FormMessage error fields=&["member", "reason"]/>
                    <SelectField label=text.roster_swap_to name="member" value=member error options=Signal::stored(options.clone())/>
                    <TextField label=text.roster_swap_reason name="reason" value=reason error maxlength=200 required=true/>
                    <SubmitButton label=text.roster_swap pending=action.pending().into()/>
                </form>
            </Show>
        </li>
    }
}

#[component]
fn PatternForm(
    council: CouncilKey,
    room: String,
    members: Vec<CouncilMember>,
    on_change: Callback<()>,
) -> impl IntoView {
    let text = t();
    let weekday = RwSignal::new("5".to_string());
    let starts = RwSignal::new("09:00".to_string());
    let ends = RwSignal::new("12:00".to_string());
    let first_date = RwSignal::new(String::new());
    let rotation: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let error: FormError = RwSignal::new(None);
    let action = ServerAction::<CreateDutyPattern>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(())) => {
            error.set(None);
            rotation.set(Vec::new());
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateDutyPattern {
            council: council.clone(),
            room: room.clone(),
            input: PatternInput {
                weekday: weekday.get_untracked().parse().unwrap_or(0),
                starts: starts.get_untracked(),
                ends: ends.get_untracked(),
                first_date: first_date.get_untracked(),
                rotation: rotation.get_untracked(),
            },
        });
    };
    let weekdays: Vec<(String, String)> = (1..=7u8)
        .map(|d| (d.to_string(), weekday_label(d).to_string()))
        .collect();
    view! {
        <details class="add-pattern">
            <summary class="button">{text.roster_pattern_add}</summary>
            <form on:submit=on_submit data-testid="pattern-form">
                <FormMessage error fields=&["weekday", "starts", "ends", "first_date", "rotation"]/>
                <SelectField label=text.roster_weekday name="weekday" value=weekday error options=Signal::stored(weekdays)/>
                <div class="pair">
                    <TextField label=text.roster_starts name="starts" value=starts error kind="time" required=true/>
                    <TextField label=text.roster_ends name="ends" value=ends error kind="time" required=true/>
                </div>
                <TextField label=text.roster_first_date name="first_date" value=first_date error kind="date"/>
                <fieldset class="field">
                    <legend class="label">{text.roster_rotation}</legend>
                    {members.into_iter().map(|m| {
                        let key = m.key.clone();
                        let key2 = m.key.clone();
                        view! {
                            <label class="consent">
                                <input type="checkbox"
                                    prop:checked=move || rotation.with(|r| r.contains(&key))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        rotation.update(|r| {
                                            r.retain(|k| *k != key2);
                                            if on { r.push(key2.clone()); }
                                        });
                                    }
                                />
                                <span>{m.name}
                                    {move || {
                                        let key = m.key.clone();
                                        rotation.with(|r| r.iter().position(|k| *k == key))
                                            .map(|i| view! { " " <span class="tag">{i + 1}</span> })
                                    }}
                                </span>
                            </label>
                        }
                    }).collect_view()}
                    <FieldMessage error name="rotation"/>
                </fieldset>
                <SubmitButton label=text.roster_pattern_add pending=action.pending().into()/>
            </form>
        </details>
    }
}
