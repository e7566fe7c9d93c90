//! Printable A4 posters: `/r/{code}/poster` for one room, `/admin/councils/{key}/posters` for
//! every room of a council. The QR code is large enough to scan from a metre away.
use super::api::{get_council_posters, get_room_poster};
use super::{RoomCode, RoomPoster, RoomPublic};
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::print::PrintSheet;
use crate::ui::{set_status, ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The address a poster's QR code opens: always absolute, from the configured public URL.
pub fn room_url(public_url: &str, code: &RoomCode) -> String {
    format!("{}/r/{}", public_url.trim_end_matches('/'), code.as_str())
}

pub fn poster_of(room: &RoomPublic, public_url: &str) -> RoomPoster {
    RoomPoster {
        url: room_url(public_url, &room.code),
        code: room.code.clone(),
        name: room.name.clone(),
        council_name: room.council_name.clone(),
        address: room.address.clone(),
        hours: room.hours.clone(),
        active: room.active,
    }
}

#[component]
pub fn RoomPosterPage() -> impl IntoView {
    let params = use_params_map();
    let poster = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        get_room_poster,
    );
    view! {
        <PrintSheet>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match poster.await {
                        Ok(p) => view! {
                            <Title text=format!("{} · {}", p.name, t().poster_title)/>
                            <Poster poster=p/>
                        }.into_any(),
                        Err(error) => {
                            if error == AppError::NotFound {
                                set_status(404);
                            }
                            view! { <ErrorNotice error/> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </PrintSheet>
    }
}

#[component]
pub fn CouncilPostersPage() -> impl IntoView {
    let params = use_params_map();
    let posters = Resource::new(
        move || params.read().get("key").and_then(|k| CouncilKey::parse(&k)),
        |key| async move { get_council_posters(key.ok_or(AppError::NotFound)?).await },
    );
    view! {
        <PrintSheet>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match posters.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t().room_no_rooms}</p> }.into_any(),
                        Ok(list) => view! {
                            <Title text=t().poster_title_all/>
                            <p class="no-print muted">{format!("{} {}", list.len(), t().poster_count)}</p>
                            {list.into_iter().map(|p| view! { <Poster poster=p/> }).collect_view()}
                        }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </PrintSheet>
    }
}

#[component]
fn Poster(poster: RoomPoster) -> impl IntoView {
    let text = t();
    let code = poster.code.as_str().to_string();
    view! {
        <article class="poster" data-testid="poster">
            <p class="poster-council">{poster.council_name}</p>
            <h1 class="poster-name">{poster.name}</h1>
            <p class="poster-call">{text.poster_call}</p>
            <img class="poster-qr" src=format!("/r/{code}/qr.svg") alt=format!("{}{}", text.poster_qr_alt, poster.url)
                width="560" height="560"/>
            <ol class="poster-steps">
                <li>{text.poster_step_scan}</li>
                <li>{text.poster_step_write}</li>
                <li>{text.poster_step_track}</li>
            </ol>
            <p class="poster-url mono">{poster.url}</p>
            <p class="poster-facts">
                {(!poster.address.is_empty()).then(|| view! { <span>{text.room_address}"："{poster.address}</span> })}
                {(!poster.hours.is_empty()).then(|| view! { <span>{text.room_hours}"："{poster.hours}</span> })}
            </p>
            {(!poster.active).then(|| view! { <p class="no-print notice">{text.room_closed}</p> })}
        </article>
    }
}
