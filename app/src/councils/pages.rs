use super::api::list_councils;
use super::DistrictGroup;
use crate::base::text::t;
use crate::ui::lookup::LookupForm;
use crate::ui::{ErrorNotice, Loading, Page};
use leptos::prelude::*;

/// `/`: every council and its rooms, by district, and a box to look up a case.
#[component]
pub fn HomePage() -> impl IntoView {
    let text = t();
    let groups = Resource::new(|| (), |_| list_councils());
    view! {
        <Page>
            <section class="intro">
                <h1>{text.home_title}</h1>
                <p>{text.home_intro}</p>
                <a class="button primary" href="/rooms" data-testid="find-rooms">{text.rooms_title}</a>
            </section>
            <LookupForm code=String::new()/>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match groups.await {
                        Ok(groups) if groups.is_empty() => view! { <p class="empty">{text.home_empty}</p> }.into_any(),
                        Ok(groups) => groups.into_iter().map(|g| view! { <District group=g/> }).collect_view().into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn District(group: DistrictGroup) -> impl IntoView {
    let text = t();
    let room_count: usize = group.councils.iter().map(|c| c.rooms.len()).sum();
    view! {
        <section class="district">
            <h2>{group.area_path}</h2>
            <p class="muted">{format!("{} {} · {room_count} {}", group.councils.len(), text.councils_count, text.rooms_count)}</p>
            <ul class="councils">
                {group.councils.into_iter().map(|council| view! {
                    <li class="council" data-testid="council">
                        <div class="council-head">
                            <span class="council-name">{council.name}</span>
                            <span class="tag">{council.kind.label()}</span>
                        </div>
                        <ul class="rooms">
                            {council.rooms.into_iter().map(|room| view! {
                                <li>
                                    <a class="room-link" href=format!("/r/{}", room.code)>
                                        <span class="room-name">{room.name}</span>
                                        <span class="room-address">{room.address}</span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
