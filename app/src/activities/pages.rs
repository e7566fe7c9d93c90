//! `/activities` (the caller's councils' latest activities and the form that records one) and
//! `/activities/{key}` (one activity: who came, what came of it; check in; show it on the room
//! pages).
use super::api::*;
use super::logic::{other_field, outcome_field, outcomes_of, served_is_flagged};
use super::*;
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::{FormError, FormMessage, SelectField, SubmitButton, TextField};
use crate::ui::outbox::{Outbox, WaitingList};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ActivitiesPage() -> impl IntoView {
    let text = t();
    // Activities written without signal wait here, and are sent when it returns.
    let outbox = Outbox::new("outbox:activities");
    // One request draws the page; the list alone is read again each time a waiting activity
    // reaches the server, so the form (and what is typed in it) stays.
    let overview = Resource::new(|| (), |_| get_activities_overview());
    let later = Resource::new(
        move || outbox.delivered.get(),
        |delivered| async move {
            match delivered {
                0 => None,
                _ => Some(get_activities_overview().await),
            }
        },
    );
    view! {
        <Title text=format!("{} · {}", text.activities_title, text.app_name)/>
        <AdminPage>
            <section class="intro">
                <h1>{text.activities_title}</h1>
                <p class="muted">{text.activities_intro}</p>
            </section>
            <WaitingList outbox/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok((_, councils)) => (!councils.is_empty())
                            .then(|| view! { <NewActivityForm councils outbox/> })
                            .into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let fresh = later.await;
                    match fresh.unwrap_or(overview.await) {
                        Ok((lines, _)) => view! { <ActivityList lines/> }.into_any(),
                        Err(_) => ().into_any(),
                    }
                })}
            </Transition>
        </AdminPage>
    }
}

#[component]
fn ActivityList(lines: Vec<ActivityLine>) -> impl IntoView {
    let text = t();
    if lines.is_empty() {
        return view! { <p class="empty card">{text.activities_empty}</p> }.into_any();
    }
    view! {
        <h2>{text.activities_latest}</h2>
        <ul class="plain case-lines card" data-testid="activity-list">
            {lines.into_iter().map(|line| view! {
                <li>
                    <a href=format!("/activities/{}", line.key) class="block"><strong>{line.title}</strong></a>
                    <span class="small muted block">
                        {line.council_name}" · "{line.kind.label()}" · "{line.starts_at.replace('T', " ")}
                        " · "{text.activity_members_count}{line.members}" · "{text.activity_served_count}{line.served}
                        {line.published.then_some(text.activity_published_mark)}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

fn pairs<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

#[component]
fn NewActivityForm(councils: Vec<ActivityChoices>, outbox: Outbox) -> impl IntoView {
    let text = t();
    let saving = RwSignal::new(false);
    let kept_offline = RwSignal::new(false);
    let error: FormError = RwSignal::new(None);
    let council = RwSignal::new(
        councils
            .first()
            .map(|c| c.council.clone())
            .unwrap_or_default(),
    );
    let kind = RwSignal::new(ActivityKind::Visit.code().to_string());
    let title = RwSignal::new(String::new());
    let starts_at = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let lat = RwSignal::new(String::new());
    let lng = RwSignal::new(String::new());
    let picking = RwSignal::new(false);
    let work_team = RwSignal::new(String::new());
    let present = RwSignal::new(Vec::<String>::new());
    let served = RwSignal::new(String::new());
    let report = RwSignal::new(String::new());
    let others: Vec<(OtherKind, RwSignal<String>)> = OtherKind::ALL
        .iter()
        .map(|k| (*k, RwSignal::new(String::new())))
        .collect();
    let outcomes: Vec<(Outcome, RwSignal<String>)> = Outcome::ALL
        .iter()
        .map(|o| (*o, RwSignal::new(String::new())))
        .collect();
    let all = StoredValue::new(councils.clone());
    let of_council = move |pick: fn(&ActivityChoices) -> Vec<(String, String)>| {
        Signal::derive(move || {
            let key = council.get();
            all.with_value(|cs| {
                cs.iter()
                    .find(|c| c.council == key)
                    .map(pick)
                    .unwrap_or_default()
            })
        })
    };
    let rooms = of_council(|c| c.rooms.clone());
    let teams = of_council(|c| c.work_teams.clone());
    let members = of_council(|c| c.members.clone());
    let council_choices: Vec<(String, String)> = councils
        .iter()
        .map(|c| (c.council.clone(), c.council_name.clone()))
        .collect();
    // One id per filling-in of the form: sent again after a lost answer, it records once.
    let form_id = StoredValue::new(String::new());
    // Photos chosen with the form: kept on the phone with it, sent once the activity is in.
    let photo_input = NodeRef::<leptos::html::Input>::new();
    let photos_chosen = RwSignal::new(0u32);
    let others_sent = others.clone();
    let outcomes_sent = outcomes.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form_id.with_value(String::is_empty) {
            form_id.set_value(crate::ui::fresh_id());
        }
        let args = RecordActivity {
            input: ActivityInput {
                id: form_id.get_value(),
                council: council.get_untracked(),
                kind: kind.get_untracked(),
                title: title.get_untracked(),
                starts_at: starts_at.get_untracked(),
                room: room.get_untracked(),
                place: place.get_untracked(),
                lat: lat.get_untracked(),
                lng: lng.get_untracked(),
                work_team: work_team.get_untracked(),
                members: present.get_untracked(),
                others: others_sent
                    .iter()
                    .map(|(k, v)| (k.code().to_string(), v.get_untracked()))
                    .collect(),
                served: served.get_untracked(),
                outcomes: outcomes_sent
                    .iter()
                    .map(|(o, v)| (o.code().to_string(), v.get_untracked()))
                    .collect(),
                report: report.get_untracked(),
            },
        };
        let label = format!(
            "{} · {}",
            args.input.title.trim(),
            args.input.starts_at.replace('T', " ")
        );
        saving.set(true);
        kept_offline.set(false);
        #[cfg(feature = "hydrate")]
        {
            use crate::ui::outbox::Sent;
            let (others, outcomes) = (others_sent.clone(), outcomes_sent.clone());
            leptos::task::spawn_local(async move {
                let id = args.input.id.clone();
                let files: Vec<web_sys::File> = photo_input
                    .get_untracked()
                    .and_then(|input| input.files())
                    .map(|list| {
                        (0..list.length())
                            .filter_map(|i| list.get(i))
                            .take(crate::attachments::MAX_ACTIVITY_PHOTOS)
                            .collect()
                    })
                    .unwrap_or_default();
                let base = format!("/activities/{id}/photos");
                match outbox
                    .send_with_photos(&id, "record_activity", &args, label, (base, files))
                    .await
                {
                    Sent::Stored(body) => {
                        error.set(None);
                        let key = serde_json::from_str::<String>(&body).unwrap_or(id);
                        let navigate = leptos_router::hooks::use_navigate();
                        navigate(&format!("/activities/{key}"), Default::default());
                    }
                    // No signal: it waits on the phone, and the form is free for the next one.
                    Sent::Kept => {
                        error.set(None);
                        kept_offline.set(true);
                        form_id.set_value(String::new());
                        for field in [title, starts_at, place, lat, lng, served, report] {
                            field.set(String::new());
                        }
                        for (_, value) in &others {
                            value.set(String::new());
                        }
                        for (_, value) in &outcomes {
                            value.set(String::new());
                        }
                        present.set(Vec::new());
                        if let Some(input) = photo_input.get_untracked() {
                            input.set_value("");
                        }
                        photos_chosen.set(0);
                    }
                    // Refused at once: the form shows why, with what was typed; nothing waits.
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
    let fitting = move || {
        ActivityKind::from_code(&kind.get())
            .map(outcomes_of)
            .unwrap_or_default()
    };
    let outcome_fields = StoredValue::new(outcomes);
    view! {
        <form class="card" data-testid="new-activity" on:submit=on_submit>
            <h2>{text.activities_new}</h2>
            <SelectField label=text.session_field_council name="council" value=council error options=council_choices/>
            <SelectField label=text.activity_field_kind name="kind" value=kind error
                options=pairs(ActivityKind::ALL, ActivityKind::code, ActivityKind::label)/>
            <TextField label=text.activity_field_title name="title" value=title error maxlength=60 required=true
                hint=text.activity_title_hint/>
            <TextField label=text.activity_field_starts_at name="starts_at" value=starts_at error kind="datetime-local" required=true/>
            <SelectField label=text.session_field_room name="room" value=room error options=rooms empty_label=text.session_no_room/>
            <TextField label=text.session_field_place name="place" value=place error maxlength=80/>
            <p class="hint">{text.session_point_hint}</p>
            <div class="pair">
                <TextField label=text.room_lat name="lat" value=lat error inputmode="decimal"/>
                <TextField label=text.room_lng name="lng" value=lng error inputmode="decimal"/>
            </div>
            <button type="button" class="button small-button" on:click=move |_| picking.update(|p| *p = !*p)>
                {move || if picking.get() { text.map_pick_close } else { text.map_pick_open }}
            </button>
            <Show when=move || picking.get()>
                <crate::ui::map::view::PointPicker lat lng/>
            </Show>
            <SelectField label=text.activity_field_organiser name="work_team" value=work_team error options=teams
                empty_label=text.activity_organiser_council/>
            <fieldset class="plain-fieldset" data-testid="members-present">
                <legend>{text.activity_field_members}</legend>
                {move || {
                    let list = members.get();
                    if list.is_empty() {
                        return view! { <p class="hint">{text.activity_no_members}</p> }.into_any();
                    }
                    list.into_iter().map(|(key, name)| {
                        let k = key.clone();
                        let checked = move || present.with(|p| p.contains(&k));
                        let k = key.clone();
                        view! {
                            <label class="consent">
                                <input type="checkbox" name="members" value=key.clone() prop:checked=checked
                                    on:change=move |_| present.update(|p| {
                                        if let Some(i) = p.iter().position(|m| *m == k) { p.remove(i); } else { p.push(k.clone()); }
                                    })/>
                                <span>{name}</span>
                            </label>
                        }
                    }).collect_view().into_any()
                }}
                <crate::ui::forms::FieldMessage error name="members"/>
            </fieldset>
            <fieldset class="plain-fieldset">
                <legend>{text.activity_field_others}</legend>
                <div class="pair">
                    {others.into_iter().map(|(k, value)| view! {
                        <TextField label=k.label() name=other_field(k) value error kind="number" inputmode="numeric"/>
                    }).collect_view()}
                </div>
            </fieldset>
            <TextField label=text.activity_field_served name="served" value=served error kind="number" inputmode="numeric"
                hint=text.activity_served_hint/>
            <fieldset class="plain-fieldset" data-testid="outcomes">
                <legend>{text.activity_field_outcomes}</legend>
                {move || {
                    let fits = fitting();
                    outcome_fields.with_value(|fields| fields.iter()
                        .filter(|(o, _)| fits.contains(o))
                        .map(|(o, value)| view! {
                            <TextField label=o.label() name=outcome_field(*o) value=*value error kind="number" inputmode="numeric"/>
                        })
                        .collect_view())
                }}
            </fieldset>
            <label class="field">
                <span class="label">{text.activity_field_report}</span>
                <span class="hint">{text.activity_report_hint}</span>
                <textarea name="report" rows="4" maxlength="2000" bind:value=report aria-label=text.activity_field_report></textarea>
                <crate::ui::forms::FieldMessage error name="report"/>
            </label>
            <div class="field js-only" data-testid="activity-form-photos">
                <span class="label">{text.activity_photos_offline}</span>
                <span class="hint">{text.activity_photos_offline_hint}</span>
                <label class="button file-button">
                    {move || if photos_chosen.get() > 0 {
                        format!("{}（{}）", text.photos_add, photos_chosen.get())
                    } else {
                        text.photos_add.to_string()
                    }}
                    <input type="file" accept="image/*" multiple=true class="visually-hidden" node_ref=photo_input
                        data-testid="activity-photo-input"
                        on:change=move |_| photos_chosen.set(photo_input.get_untracked()
                            .and_then(|i| i.files()).map_or(0, |f| f.length()))/>
                </label>
            </div>
            <FormMessage error fields=&["council", "kind", "title", "starts_at", "room", "place", "lat", "lng", "work_team",
                "members", "other_department", "other_elder", "other_expert", "other_volunteer", "served",
                "outcome_consultations", "outcome_aid_cases", "outcome_aid_people", "outcome_suggestions",
                "outcome_disputes_resolved", "report"]/>
            <SubmitButton label=text.activity_save pending=saving.into()/>
            <Show when=move || kept_offline.get()>
                <p class="notice" data-testid="kept-offline" role="status">{text.outbox_kept}</p>
            </Show>
        </form>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let refresh = RwSignal::new(0u32);
    let data = Resource::new(move || (key(), refresh.get()), |(key, _)| get_activity(key));
    view! {
        <Title text=format!("{} · {}", text.activities_title, text.app_name)/>
        <AdminPage>
            <p class="small"><a href="/activities">{text.activities_back}</a></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(activity) => view! { <ActivityBody activity refresh/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

#[component]
fn ActivityBody(activity: ActivityView, refresh: RwSignal<u32>) -> impl IntoView {
    let text = t();
    let check_in = ServerAction::<CheckInActivity>::new();
    let publish = ServerAction::<PublishActivity>::new();
    let error: FormError = RwSignal::new(None);
    Effect::new(move |_| {
        let done = [
            check_in.value().get().map(|r| r.map(|_| ())),
            publish.value().get(),
        ];
        for result in done.into_iter().flatten() {
            match result {
                Ok(()) => refresh.update(|n| *n += 1),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let key = activity.key.clone();
    let key_pub = activity.key.clone();
    let published = activity.published;
    let where_ = [activity.room_name.clone(), activity.place.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let others: Vec<(OtherKind, i64)> = activity
        .others
        .iter()
        .copied()
        .filter(|(_, n)| *n > 0)
        .collect();
    view! {
        <article class="card" data-testid="activity">
            <p class="small muted">{activity.kind.label()}" · "{activity.council_name.clone()}</p>
            <h1>{activity.title.clone()}</h1>
            <dl class="facts">
                <dt>{text.activity_field_starts_at}</dt><dd>{activity.starts_at.replace('T', " ")}</dd>
                {(!where_.is_empty()).then(|| view! { <dt>{text.activity_field_place}</dt><dd>{where_.clone()}</dd> })}
                <dt>{text.activity_field_organiser}</dt><dd>{activity.organiser.clone()}</dd>
                <dt>{text.activity_field_served}</dt>
                <dd data-testid="served">{activity.served}
                    {served_is_flagged(activity.served).then(|| view! { <span class="field-error">" "{text.activity_served_flag}</span> })}
                </dd>
                {activity.outcomes.iter().map(|(o, n)| view! { <dt>{o.label()}</dt><dd>{*n}</dd> }).collect_view()}
                {others.into_iter().map(|(k, n)| view! { <dt>{k.label()}</dt><dd>{n}</dd> }).collect_view()}
                <dt>{text.activity_recorded_by}</dt><dd>{activity.recorded_by.clone()}</dd>
            </dl>
            {(!activity.report.is_empty()).then(|| view! { <p class="report">{activity.report.clone()}</p> })}
        </article>
        <section class="card" data-testid="activity-photos">
            <h2>{text.activity_photos_title}" ("{activity.photos.len()}")"</h2>
            <div class="photo-grid">
                {activity.photos.iter().map(|id| view! {
                    <a href=format!("/photos/{id}")><img src=format!("/photos/{id}") alt=text.activity_photo_alt loading="lazy"/></a>
                }).collect_view()}
            </div>
        </section>
        {(activity.photos.len() < crate::attachments::MAX_ACTIVITY_PHOTOS).then(|| view! {
            <crate::attachments::pages::PhotoPicker base=format!("/activities/{}/photos", activity.key) proof=String::new()
                title=text.activity_photos_add hint=text.activity_photos_hint max=crate::attachments::MAX_ACTIVITY_PHOTOS - activity.photos.len()/>
        })}
        <section class="card" data-testid="present">
            <h2>{text.activity_field_members}" ("{activity.members.len()}")"</h2>
            {if activity.members.is_empty() {
                view! { <p class="muted">{text.activity_no_one_present}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain chips">
                        {activity.members.iter().map(|(_, name)| view! { <li class="chip">{name.clone()}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {activity.can_check_in.then(|| view! {
                <button class="button primary" data-testid="check-in"
                    on:click=move |_| { check_in.dispatch(CheckInActivity { key: key.clone() }); }>
                    {text.activity_check_in}
                </button>
            })}
        </section>
        <section class="card" data-testid="activity-concerns">
            <h2>{text.activity_concerns}" ("{activity.concerns.len()}")"</h2>
            <ul class="plain">
                {activity.concerns.iter().map(|(code, title)| view! {
                    <li><a href=format!("/admin/councils/{}/cases/{code}", activity.council)>{title.clone()}</a>
                        " "<span class="mono small">{code.clone()}</span></li>
                }).collect_view()}
            </ul>
            <a class="button" href=format!("/work?council={}&at=activity:{}#raise", activity.council, activity.key)
                data-testid="raise-here">{text.activity_raise_here}</a>
        </section>
        {activity.can_publish.then(|| view! {
            <section class="card">
                <h2>{text.activity_publish_title}</h2>
                <p class="muted">{if published { text.activity_published } else { text.activity_not_published }}</p>
                <button class="button" data-testid="publish"
                    on:click=move |_| { publish.dispatch(PublishActivity { key: key_pub.clone(), published: !published }); }>
                    {if published { text.activity_unpublish } else { text.activity_publish }}
                </button>
            </section>
        })}
        {move || error.get().map(|e| view! { <crate::ui::ErrorNotice error=e/> })}
    }
}
