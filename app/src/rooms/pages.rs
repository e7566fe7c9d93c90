use super::api::room_page;
use super::{PublicCaseLine, RoomPageData};
use crate::base::error::AppError;
use crate::base::geo::LatLng;
use crate::base::geo::{geo_uri, navigate_url};
use crate::base::text::t;
use crate::cases::intake::pages::ConcernFormView;
use crate::ui::{set_status, ErrorNotice, Loading, Page};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/r/{code}`: the room behind a QR poster, and the form to raise a concern there.
#[component]
pub fn RoomPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || {
            (
                params.read().get("code").unwrap_or_default(),
                query.read().get("flash"),
            )
        },
        |(code, draft)| room_page(code, draft),
    );
    view! {
        <Page>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(data) => view! { <RoomView data/> }.into_any(),
                        Err(AppError::NotFound) => {
                            set_status(404);
                            view! {
                                <section class="card">
                                    <h1>{t().not_found_title}</h1>
                                    <p>{t().room_not_found}</p>
                                    <a class="button" href="/">{t().back_home}</a>
                                </section>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn RoomView(data: RoomPageData) -> impl IntoView {
    let text = t();
    let room = data.room;
    let at = LatLng {
        lat: room.lat,
        lng: room.lng,
    };
    view! {
        <Title text=format!("{} · {}", room.name, text.app_name)/>
        <section class="card room">
            <p class="tag">{room.council_kind.label()}</p>
            <h1 data-testid="room-name">{room.name.clone()}</h1>
            <dl class="facts">
                <dt>{text.room_council}</dt>
                <dd>{room.council_name}</dd>
                <dt>{text.room_address}</dt>
                <dd>
                    {room.address}
                    <span class="nav-links">
                        <a class="button small-button" data-testid="navigate" href=navigate_url(&room.name, at)
                            rel="noopener" target="_blank">{text.room_navigate}</a>
                        <a class="button small-button" href=geo_uri(&room.name, at)>{text.room_other_map}</a>
                    </span>
                </dd>
                <dt>{text.room_hours}</dt>
                <dd>{room.hours}</dd>
            </dl>
            {(!room.active).then(|| view! { <p class="notice">{text.room_closed}</p> })}
            {data.duty.map(|duty| view! { <OnDutyView duty/> })}
            <a class="button primary big" href="#concern">{text.raise_concern}</a>
        </section>
        <RecentCases cases=data.recent/>
        <ConcernFormView room_code=room.code.0.clone() intake=data.intake/>
        <RoomNews activities=data.news/>
        <p class="room-more">
            <a href="/rooms">{text.rooms_all_link}</a>" · "
            <a href=format!("/r/{}/poster", room.code.as_str())>{text.poster_link}</a>
        </p>
    }
}

/// Who receives residents today or on the next reception day (委员接待日).
#[component]
fn OnDutyView(duty: crate::roster::OnDuty) -> impl IntoView {
    let text = t();
    let heading = if duty.today {
        text.on_duty_today.to_string()
    } else {
        format!("{}：{}", text.on_duty_next, duty.when)
    };
    view! {
        <div class="on-duty" data-testid="on-duty">
            <p class="label">{heading}" "<span class="muted">{format!("{}–{}", duty.starts, duty.ends)}</span></p>
            <ul class="plain">
                {duty.members.into_iter().map(|m| view! {
                    <li>
                        <strong>{m.name}</strong>" "<span class="muted small">{m.sector}</span>
                        {m.phone.map(|phone| view! {
                            " · " <a href=format!("tel:{phone}")>{text.on_duty_phone}" "{phone.clone()}</a>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Cases the council chose to show here: what neighbours raised, and where each stands.
#[component]
fn RecentCases(cases: Vec<PublicCaseLine>) -> impl IntoView {
    let text = t();
    (!cases.is_empty()).then(|| {
        view! {
            <section class="card" data-testid="recent-cases">
                <h2>{text.room_recent_cases}</h2>
                <ul class="plain case-lines">
                    {cases.into_iter().map(|c| view! {
                        <li>
                            <span class="case-line-title">{c.title}</span>
                            <span class="muted small">{c.submitted_on}" · "<span class="tag">{c.status.label()}</span></span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// 工作动态: what the council did and chose to show here (有活动、有成果).
#[component]
fn RoomNews(activities: Vec<crate::activities::PublicActivity>) -> impl IntoView {
    let text = t();
    (!activities.is_empty()).then(|| {
        view! {
            <section class="card" data-testid="room-news">
                <h2>{text.activity_news_title}</h2>
                <ul class="plain news">
                    {activities.into_iter().map(|a| {
                        let outcomes: String = a.outcomes.iter()
                            .filter(|(_, n)| *n > 0)
                            .map(|(o, n)| format!(" · {}{}", o.label(), n))
                            .collect();
                        view! {
                            <li>
                                <strong class="block">{a.title}</strong>
                                <span class="small muted block">
                                    {a.date}" · "{a.kind.label()}
                                    {(!a.place.is_empty()).then(|| format!(" · {}", a.place))}
                                </span>
                                <span class="small block">
                                    {text.activity_members_count}{a.members}" · "{text.activity_served_count}{a.served}{outcomes}
                                </span>
                                {(!a.report.is_empty()).then(|| view! { <p class="small">{a.report}</p> })}
                                // The first photo only, loaded when scrolled to: data costs money.
                                {a.photos.first().map(|id| view! {
                                    <img class="news-photo" src=format!("/photos/{id}") alt=text.activity_photo_alt loading="lazy"/>
                                })}
                                {(a.photos.len() > 1).then(|| view! {
                                    <span class="small muted block">{format!("{} {}", text.activity_photos_more, a.photos.len())}</span>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
