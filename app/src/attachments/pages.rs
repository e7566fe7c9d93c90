//! Adding photos to a case just raised, a session or an activity: up to a few, each shown with how far it has come. Needs
//! JavaScript (the photo is made small on the phone first); the text of the concern never waits for
//! its photos.
use super::MAX_PHOTOS;
use crate::base::text::t;
use leptos::prelude::*;

/// Where one photo stands.
#[derive(Debug, Clone, PartialEq)]
pub enum PhotoState {
    Sending(u8),
    Sent,
    Failed(String),
}

impl PhotoState {
    fn words(&self) -> String {
        let text = t();
        match self {
            PhotoState::Sending(percent) => format!("{} {percent}%", text.photos_sending),
            PhotoState::Sent => text.photos_sent.to_string(),
            PhotoState::Failed(message) => format!("{}{message}", text.photos_failed),
        }
    }
}

#[derive(Clone)]
struct PhotoLine {
    name: String,
    state: RwSignal<PhotoState>,
}

/// `base` is where the photos go (`/c/{code}/photos`, `/s/{key}/photos`); `proof` the case's
/// submission id, when the sender has no account.
#[component]
pub fn PhotoPicker(
    base: String,
    proof: String,
    #[prop(optional)] title: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// How many photos the owner may have.
    #[prop(default = MAX_PHOTOS)]
    max: usize,
) -> impl IntoView {
    let text = t();
    let photos = RwSignal::new(Vec::<PhotoLine>::new());
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(files) = input.files() else { return };
            for i in 0..files.length() {
                if photos.with_untracked(Vec::len) >= max {
                    break;
                }
                let Some(file) = files.get(i) else { continue };
                let state = RwSignal::new(PhotoState::Sending(0));
                photos.update(|p| {
                    p.push(PhotoLine {
                        name: file.name(),
                        state,
                    })
                });
                let (base, proof) = (base.clone(), proof.clone());
                leptos::task::spawn_local(async move {
                    let progress = move |percent: u8| state.set(PhotoState::Sending(percent));
                    match crate::ui::photo_upload::upload(file, &base, &proof, progress).await {
                        Ok(()) => state.set(PhotoState::Sent),
                        Err(message) => state.set(PhotoState::Failed(message)),
                    }
                });
            }
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (ev, &base, &proof);
        }
    };
    view! {
        <section class="card photos js-only" data-testid="photos">
            <h2>{title.unwrap_or(text.photos_title)}</h2>
            <p class="hint">{hint.unwrap_or(text.photos_hint)}</p>
            <ul class="plain case-lines">
                {move || photos.get().into_iter().map(|p| view! {
                    <li data-testid="photo-state">
                        <span class="small muted">{p.name}</span>
                        <span>{move || p.state.get().words()}</span>
                    </li>
                }).collect_view()}
            </ul>
            <Show when=move || photos.with(|p| p.len() < max)>
                <label class="button file-button">
                    {text.photos_add}
                    <input type="file" accept="image/*" multiple=true class="visually-hidden"
                        data-testid="photo-input" on:change=on_change.clone()/>
                </label>
            </Show>
        </section>
    }
}
