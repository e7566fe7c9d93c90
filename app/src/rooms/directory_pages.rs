//! `/rooms`: a list of every open room that works without JavaScript, and with it a map and
//! "near me". The list is what a screen reader reads; the map is hidden from it.
use super::api::get_room_directory;
use super::directory::{nearest_first, Choice, DirectoryFilter, RoomDirectory, RoomListing};
use crate::base::geo::distance_label;
use crate::base::geo::LatLng;
use crate::base::text::t;
use crate::ui::map::view::{Pin, RoomMapView};
use crate::ui::{ErrorNotice, Loading, Page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RoomsPage() -> impl IntoView {
    let text = t();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        DirectoryFilter {
            council: q.get("council").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            sector: q.get("sector").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
        }
    };
    let data = Resource::new(filter, get_room_directory);
    view! {
        <Title text=format!("{} · {}", text.rooms_title, text.app_name)/>
        <Page>
            <section class="intro">
                <h1>{text.rooms_title}</h1>
                <p>{text.rooms_intro}</p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Directory data filter=filter()/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// Where the phone's position stands.
// Only the browser moves past the first state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Locating {
    Idle,
    Asking,
    Found,
    Denied,
    Unavailable,
}

#[component]
fn Directory(data: RoomDirectory, filter: DirectoryFilter) -> impl IntoView {
    let text = t();
    let me = RwSignal::new(None::<LatLng>);
    let locating = RwSignal::new(Locating::Idle);
    let count = if filter.is_empty() {
        text.rooms_count_all
            .replace("{total}", &data.total.to_string())
    } else {
        text.rooms_count_filtered
            .replace("{n}", &data.rooms.len().to_string())
            .replace("{total}", &data.total.to_string())
    };
    let rooms = StoredValue::new(data.rooms);
    let pins = Signal::derive(move || rooms.with_value(|rooms| rooms.iter().map(pin_of).collect()));
    let listed = move || -> Vec<(RoomListing, Option<f64>)> {
        match me.get() {
            Some(me) => rooms
                .with_value(|r| nearest_first(r, me))
                .into_iter()
                .map(|(room, km)| (room, Some(km)))
                .collect(),
            None => rooms
                .get_value()
                .into_iter()
                .map(|room| (room, None))
                .collect(),
        }
    };
    let framed = Signal::derive(move || {
        me.get().map(|at| {
            let near = rooms.with_value(|r| nearest_first(r, at));
            (
                at,
                near.into_iter().take(3).map(|(room, _)| room.at).collect(),
            )
        })
    });
    let on_locate = move |_| {
        locating.set(Locating::Asking);
        #[cfg(feature = "hydrate")]
        crate::ui::map::leaflet::locate(
            move |at| {
                me.set(Some(at));
                locating.set(Locating::Found);
            },
            move |code| {
                locating.set(if code == 1 {
                    Locating::Denied
                } else {
                    Locating::Unavailable
                })
            },
        );
    };
    let empty = rooms.with_value(|r| r.is_empty());
    view! {
        <FilterForm data_councils=data.councils kinds=data.kinds sectors=data.sectors filter/>
        <div class="near-me">
            <p class="muted" data-testid="room-count">{count}</p>
            <button type="button" class="button js-only" data-testid="near-me" on:click=on_locate
                disabled=move || locating.get() == Locating::Asking>
                {text.near_me}
            </button>
            <p class="muted small" role="status">{move || match locating.get() {
                Locating::Idle => "",
                Locating::Asking => text.near_me_asking,
                Locating::Found => text.near_me_found,
                Locating::Denied => text.near_me_denied,
                Locating::Unavailable => text.near_me_unavailable,
            }}</p>
        </div>
        <RoomMapView pins tiles=data.tiles me=framed/>
        {if empty {
            view! {
                <p class="empty" data-testid="rooms-empty">{text.rooms_none}" "<a href="/rooms">{text.rooms_clear}</a></p>
            }.into_any()
        } else {
            view! {
                <ol class="room-list" data-testid="room-list">
                    {move || listed().into_iter().map(|(room, km)| view! { <RoomItem room km/> }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

#[component]
fn RoomItem(room: RoomListing, km: Option<f64>) -> impl IntoView {
    view! {
        <li data-testid="room-item" data-code=room.code.as_str().to_string()>
            <a class="room-link" href=format!("/r/{}", room.code.as_str())>
                <span class="room-name">{room.name}</span>
                <span class="room-council">{room.council_name}" · "{room.council_kind.label()}</span>
                <span class="room-address">{room.address}</span>
                {km.map(|km| view! { <span class="distance" data-testid="distance">{distance_label(km)}</span> })}
            </a>
        </li>
    }
}

fn pin_of(room: &RoomListing) -> Pin {
    let text = t();
    Pin {
        at: room.at,
        title: room.name.clone(),
        lines: vec![room.council_name.clone(), room.hours.clone()]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect(),
        href: format!("/r/{}", room.code.as_str()),
        link_text: text.map_open_room.into(),
    }
}

/// A plain GET form: filters are in the URL, so a filtered list can be shared and works without JS.
/// Words first; the drop-downs fold away so that the map and list stay on a phone's first screen.
#[component]
fn FilterForm(
    data_councils: Vec<Choice>,
    kinds: Vec<Choice>,
    sectors: Vec<Choice>,
    filter: DirectoryFilter,
) -> impl IntoView {
    let text = t();
    let narrowed = [&filter.council, &filter.kind, &filter.sector]
        .iter()
        .any(|v| !v.trim().is_empty());
    view! {
        <form class="filters-bar" method="get" action="/rooms" data-testid="room-filters">
            <label class="field">
                <span class="label">{text.rooms_search}</span>
                <span class="inline">
                    <input type="search" name="q" value=filter.q.clone() maxlength="40"
                        placeholder=text.rooms_search_hint enterkeyhint="search"/>
                    <button type="submit" class="button primary">{text.rooms_filter_apply}</button>
                </span>
            </label>
            <details class="more-filters" open=narrowed>
                <summary>{text.rooms_more_filters}</summary>
                <FilterSelect label=text.rooms_filter_council name="council" choices=data_councils chosen=filter.council.clone()/>
                <FilterSelect label=text.rooms_filter_kind name="kind" choices=kinds chosen=filter.kind.clone()/>
                {(!sectors.is_empty()).then(|| view! {
                    <FilterSelect label=text.rooms_filter_sector name="sector" choices=sectors chosen=filter.sector.clone()/>
                })}
                <button type="submit" class="button primary">{text.rooms_filter_apply}</button>
            </details>
            {(!filter.is_empty()).then(|| view! { <a class="button small-button" href="/rooms">{text.rooms_clear}</a> })}
        </form>
    }
}

#[component]
fn FilterSelect(
    label: &'static str,
    name: &'static str,
    choices: Vec<Choice>,
    chosen: String,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="label">{label}</span>
            <select name=name>
                <option value="" selected=chosen.is_empty()>{t().rooms_filter_any}</option>
                {choices.into_iter().map(|c| {
                    let selected = c.value == chosen;
                    view! { <option value=c.value selected=selected>{c.label}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}
