//! `/admin/councils/{key}/rooms`: a council's rooms, added and edited.
use super::admin::{RoomAdminRow, RoomInput};
use super::admin_api::{council_rooms, CreateRoom, UpdateRoom};
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::councils::admin::CouncilScreen;
use crate::ui::admin::AdminError;
use crate::ui::forms::{CheckField, FormError, FormMessage, SubmitButton, TextField};
use crate::ui::map::view::PointPicker;
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy)]
struct RoomFields {
    code: RwSignal<String>,
    name: RwSignal<String>,
    address: RwSignal<String>,
    lat: RwSignal<String>,
    lng: RwSignal<String>,
    hours: RwSignal<String>,
    active: RwSignal<bool>,
}

impl RoomFields {
    fn new(from: &RoomInput) -> Self {
        RoomFields {
            code: RwSignal::new(from.code.clone()),
            name: RwSignal::new(from.name.clone()),
            address: RwSignal::new(from.address.clone()),
            lat: RwSignal::new(from.lat.clone()),
            lng: RwSignal::new(from.lng.clone()),
            hours: RwSignal::new(from.hours.clone()),
            active: RwSignal::new(from.active),
        }
    }

    fn input(&self) -> RoomInput {
        RoomInput {
            code: self.code.get_untracked(),
            name: self.name.get_untracked(),
            address: self.address.get_untracked(),
            lat: self.lat.get_untracked(),
            lng: self.lng.get_untracked(),
            hours: self.hours.get_untracked(),
            active: self.active.get_untracked(),
        }
    }

    fn clear(&self) {
        for s in [
            self.code,
            self.name,
            self.address,
            self.lat,
            self.lng,
            self.hours,
        ] {
            s.set(String::new());
        }
        self.active.set(true);
    }
}

#[component]
fn RoomFieldset(fields: RoomFields, error: FormError, creating: bool) -> impl IntoView {
    let text = t();
    // The map (and Leaflet) loads only when asked for: typing coordinates needs neither.
    let picking = RwSignal::new(false);
    view! {
        <FormMessage error fields=&["code", "name", "address", "lat", "lng", "hours"]/>
        <TextField label=text.room_code_field name="code" value=fields.code error hint=text.room_code_hint
            maxlength=32 readonly=!creating required=true/>
        <TextField label=text.room_name_field name="name" value=fields.name error maxlength=60 required=true/>
        <TextField label=text.room_address_field name="address" value=fields.address error maxlength=120/>
        <div class="pair">
            <TextField label=text.room_lat name="lat" value=fields.lat error inputmode="decimal" required=true/>
            <TextField label=text.room_lng name="lng" value=fields.lng error inputmode="decimal" required=true/>
        </div>
        <p class="hint">{text.room_coords_hint}</p>
        <button type="button" class="button small-button js-only" data-testid="pick-on-map"
            on:click=move |_| picking.update(|p| *p = !*p)>
            {move || if picking.get() { text.map_pick_close } else { text.map_pick_open }}
        </button>
        <Show when=move || picking.get()>
            <PointPicker lat=fields.lat lng=fields.lng/>
        </Show>
        <TextField label=text.room_hours_field name="hours" value=fields.hours error maxlength=120/>
        <CheckField label=text.room_active name="active" value=fields.active error/>
    }
}

#[component]
pub fn CouncilRoomsPage() -> impl IntoView {
    let text = t();
    let screen = CouncilScreen::get();
    let data = Resource::new(
        move || screen.key.get(),
        |key| async move {
            let key = CouncilScreen::key_or_not_found(key)?;
            let rooms = council_rooms(key.clone()).await?;
            Ok::<_, crate::base::error::AppError>((key, rooms))
        },
    );
    let create = ServerAction::<CreateRoom>::new();
    let error: FormError = RwSignal::new(None);
    let fields = RoomFields::new(&RoomInput {
        active: true,
        ..Default::default()
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            fields.clear();
            data.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(council) = screen.key.get_untracked() {
            create.dispatch(CreateRoom {
                council,
                input: fields.input(),
            });
        }
    };
    view! {
        <Title text=format!("{} · {}", text.tab_rooms, text.app_name)/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((council, rooms)) => view! {
                        {(!rooms.is_empty()).then(|| view! {
                            <p><a class="button" data-testid="print-posters" href=format!("/admin/councils/{council}/posters")>
                                {text.poster_print_all}
                            </a></p>
                        })}
                        {if rooms.is_empty() {
                            view! { <p class="empty">{text.room_no_rooms}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="rows" data-testid="rooms">
                                    {rooms.into_iter().map(|room| view! {
                                        <RoomItem council=council.clone() room/>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="card">
            <h2>{text.room_add}</h2>
            <form on:submit=on_submit data-testid="room-form">
                <RoomFieldset fields error creating=true/>
                <SubmitButton label=text.room_add pending=create.pending().into()/>
            </form>
        </section>
    }
}

/// One room: its summary, and an edit form behind a button.
#[component]
fn RoomItem(council: CouncilKey, room: RoomAdminRow) -> impl IntoView {
    let text = t();
    let open = RwSignal::new(false);
    let fields = RoomFields::new(&room.form);
    let error: FormError = RwSignal::new(None);
    let update = ServerAction::<UpdateRoom>::new();
    let shown = RwSignal::new(room.form.clone());
    Effect::new(move |_| match update.value().get() {
        Some(Ok(())) => {
            error.set(None);
            shown.set(fields.input());
            open.set(false);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let room_key = room.key.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        update.dispatch(UpdateRoom {
            council: council.clone(),
            room: room_key.clone(),
            input: fields.input(),
        });
    };
    let code = room.form.code.clone();
    view! {
        <li class="row-block">
            <div class="row">
                <div>
                    <strong>{move || shown.get().name}</strong>
                    {move || (!shown.get().active).then(|| view! { " " <span class="tag">{text.room_closed_tag}</span> })}
                    <div class="small muted mono">{format!("/r/{code}")}</div>
                    <div class="small muted">{move || shown.get().address}</div>
                </div>
                <div class="row-actions">
                    <a class="button small-button" href=format!("/r/{code}")>{text.room_public_link}</a>
                    <a class="button small-button" href=format!("/r/{code}/poster")>{text.poster_one}</a>
                    <button type="button" class="button small-button" on:click=move |_| open.update(|o| *o = !*o)>
                        {text.room_edit}
                    </button>
                </div>
            </div>
            <Show when=move || open.get()>
                <form class="edit" on:submit=on_submit.clone()>
                    <RoomFieldset fields error creating=false/>
                    <SubmitButton label=text.save pending=update.pending().into()/>
                </form>
            </Show>
        </li>
    }
}
