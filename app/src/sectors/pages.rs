//! `/admin/sectors`: the sector lists of the districts an admin keeps.
use super::api::{get_district_sectors, AddSectors};
use super::DistrictSectors;
use crate::base::text::t;
use crate::ui::admin::AdminError;
use crate::ui::forms::{FormError, FormMessage, SubmitButton, TextField};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SectorsPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| get_district_sectors());
    view! {
        <Title text=format!("{} · {}", text.sectors_title, text.app_name)/>
        <p class="crumbs"><a href="/admin">{text.admin_title}</a>" › "</p>
        <h1>{text.sectors_title}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{text.sectors_none}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|d| view! {
                        <DistrictCard district=d on_change=Callback::new(move |_| data.refetch())/>
                    }).collect_view().into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DistrictCard(district: DistrictSectors, on_change: Callback<()>) -> impl IntoView {
    let text = t();
    let name = RwSignal::new(String::new());
    let error: FormError = RwSignal::new(None);
    let action = ServerAction::<AddSectors>::new();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            name.set(String::new());
            on_change.run(());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let key = district.district.clone();
    let key2 = key.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch(AddSectors {
            district: key.clone(),
            name: name.get_untracked(),
            defaults: false,
        });
    };
    let empty = district.sectors.is_empty();
    view! {
        <section class="card" data-testid="district-sectors">
            <h2>{district.name}</h2>
            {if empty {
                view! { <p class="muted">{text.sectors_empty}</p> }.into_any()
            } else {
                view! {
                    <p class="chips">
                        {district.sectors.into_iter().map(|s| view! { <span class="tag">{s}</span> }).collect_view()}
                    </p>
                }.into_any()
            }}
            <form on:submit=on_submit>
                <FormMessage error fields=&["name"]/>
                <TextField label=text.sectors_add_one name="name" value=name error maxlength=20 required=true/>
                <div class="actions">
                    <SubmitButton label=text.sectors_add pending=action.pending().into()/>
                    {empty.then(|| view! {
                        <button type="button" class="button" on:click=move |_| {
                            action.dispatch(AddSectors { district: key2.clone(), name: String::new(), defaults: true });
                        }>{text.sectors_defaults}</button>
                    })}
                </div>
            </form>
        </section>
    }
}
