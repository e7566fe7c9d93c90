//! The phone's outbox for records written without signal (browser only): an activity, a
//! reception day. Each waits in IndexedDB under the id the phone gave it and is sent, oldest
//! first, when the network returns: the server keeps what it stores under that id, so a parcel
//! sent twice is stored once. Session notes wait in the same store (`sessions::client`), so
//! signing out counts everything that waits.
//! The types and signals exist in both builds, so a page draws the same list on the server and
//! in the browser; keeping and sending happen in the browser only.
use crate::base::error::AppError;
use crate::base::text::t;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Pause before trying again after a network failure.
#[cfg(feature = "hydrate")]
const RETRY_MS: i32 = 5000;

/// Where a parcel stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParcelState {
    Waiting,
    /// The server refused it (a rule, not the network): shown with the reason, never resent.
    Refused(String),
}

/// One record waiting to be sent: a server function's JSON arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parcel {
    pub id: String,
    /// The server function's endpoint, e.g. `record_activity`.
    pub endpoint: String,
    pub body: String,
    /// What the page lists it as: "法律咨询进村 · 11月20日".
    pub label: String,
    pub state: ParcelState,
}

/// How a parcel's sending ended.
pub enum Sent {
    /// The server has it; its answer's JSON.
    Stored(String),
    /// No signal (or no server): it waits on the phone.
    Kept,
    Refused(AppError),
}

/// The outbox of one kind of record (`scope`), with what waits in it.
#[derive(Clone, Copy)]
pub struct Outbox {
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    scope: &'static str,
    pub parcels: RwSignal<Vec<Parcel>>,
    /// Bumped each time a parcel reached the server: lists refetch.
    pub delivered: RwSignal<u32>,
    /// Photos waiting on the phone for their record to reach the server.
    pub photos: RwSignal<u32>,
}

impl Outbox {
    /// The outbox of `scope`, with what the phone kept from before; sends it when it can. On
    /// the server it is empty and does nothing.
    pub fn new(scope: &'static str) -> Outbox {
        let outbox = Outbox {
            scope,
            parcels: RwSignal::new(Vec::new()),
            delivered: RwSignal::new(0),
            photos: RwSignal::new(0),
        };
        #[cfg(feature = "hydrate")]
        outbox.start();
        outbox
    }

    /// Gives up a refused parcel: the member has read why.
    pub fn discard(self, id: String) {
        self.parcels.update(|p| p.retain(|q| q.id != id));
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            use wasm_bindgen::JsValue;
            if let Ok(db) = super::offline::open().await {
                let _ = super::offline::write(&db, super::offline::OUTBOX, |store| {
                    store.delete(&JsValue::from_str(&id))
                })
                .await;
            }
        });
    }
}

/// What waits on the phone to be sent, and what the server refused.
#[component]
pub fn WaitingList(outbox: Outbox) -> impl IntoView {
    let text = t();
    view! {
        <Show when=move || outbox.parcels.with(|p| !p.is_empty()) || outbox.photos.get() != 0>
            <section class="card waiting" data-testid="waiting" aria-live="polite">
                <h2>{move || format!("{}（{}）", text.outbox_waiting, outbox.parcels.with(Vec::len))}</h2>
                <p class="hint">{text.outbox_hint}</p>
                <Show when=move || outbox.photos.get() != 0>
                    <p data-testid="waiting-photos">{move || format!("{}{}{}", text.outbox_photos_waiting, outbox.photos.get(), text.outbox_photos_unit)}</p>
                </Show>
                <ul class="plain">
                    {move || outbox.parcels.get().into_iter().map(|parcel| {
                        let id = parcel.id.clone();
                        view! {
                            <li data-testid="waiting-item">
                                <span class="block">{parcel.label.clone()}</span>
                                {match parcel.state {
                                    ParcelState::Waiting => view! { <span class="small muted">{text.outbox_queued}</span> }.into_any(),
                                    ParcelState::Refused(reason) => view! {
                                        <span class="small field-error">{text.outbox_refused}{reason}</span>
                                        <button type="button" class="button small-button" on:click=move |_| outbox.discard(id.clone())>
                                            {text.outbox_discard}
                                        </button>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod phone {
    use super::*;
    use crate::ui::offline::{open, read_scope, row, write, OUTBOX};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    impl Outbox {
        pub(super) fn start(self) {
            let outbox = self;
            leptos::task::spawn_local(async move {
                if let Ok(db) = open().await {
                    if let Ok(mut kept) = read_scope(&db, OUTBOX, outbox.scope).await {
                        kept.sort_by(|a, b| a.0.total_cmp(&b.0));
                        let kept: Vec<Parcel> = kept
                            .iter()
                            .filter_map(|(_, body)| serde_json::from_str(body).ok())
                            .collect();
                        outbox.parcels.set(kept);
                    }
                }
                outbox.flush();
            });
            let on_online = Closure::<dyn FnMut()>::new(move || outbox.flush());
            if let Some(window) = web_sys::window() {
                let _ = window
                    .add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
            }
            on_online.forget();
            crate::ui::offline::keep_page();
        }

        /// Keeps the parcel on the phone first, then tries to send it. Answers how that went.
        pub async fn send<T: Serialize>(
            &self,
            id: &str,
            endpoint: &str,
            args: &T,
            label: String,
        ) -> Sent {
            let Ok(body) = serde_json::to_string(args) else {
                return Sent::Refused(AppError::Internal);
            };
            let parcel = Parcel {
                id: id.to_string(),
                endpoint: endpoint.to_string(),
                body,
                label,
                state: ParcelState::Waiting,
            };
            self.keep(&parcel).await;
            self.parcels.update(|p| {
                p.retain(|q| q.id != parcel.id);
                p.push(parcel.clone());
            });
            let sent = post(&parcel).await;
            self.settle(&parcel, &sent).await;
            if matches!(sent, Sent::Kept) {
                self.retry_later();
            }
            sent
        }

        /// `send`, with photos for the record: kept on the phone first, sent once the record is in.
        pub async fn send_with_photos<T: Serialize>(
            &self,
            id: &str,
            endpoint: &str,
            args: &T,
            label: String,
            photos: (String, Vec<web_sys::File>),
        ) -> Sent {
            if !photos.1.is_empty() {
                crate::ui::kept_photos::keep(id, &photos.0, photos.1).await;
                // The parcel is listed as waiting before any photo may go.
                self.parcels.update(|p| {
                    if !p.iter().any(|q| q.id == id) {
                        p.push(Parcel {
                            id: id.to_string(),
                            endpoint: endpoint.to_string(),
                            body: serde_json::to_string(args).unwrap_or_default(),
                            label: label.clone(),
                            state: ParcelState::Waiting,
                        });
                    }
                });
            }
            let sent = self.send(id, endpoint, args, label).await;
            self.send_photos();
            sent
        }

        /// Sends the photos whose record has arrived; counts what still waits.
        fn send_photos(self) {
            leptos::task::spawn_local(async move {
                let waiting: Vec<String> = self.parcels.with_untracked(|p| {
                    p.iter()
                        .filter(|q| q.state == ParcelState::Waiting)
                        .map(|q| q.id.clone())
                        .collect()
                });
                self.photos.set(crate::ui::kept_photos::count().await);
                let left = crate::ui::kept_photos::send(waiting).await;
                self.photos.set(left);
            });
        }

        /// Sends what waits, oldest first; stops at the first network failure and tries again later.
        pub fn flush(self) {
            leptos::task::spawn_local(async move {
                loop {
                    let next = self.parcels.with_untracked(|p| {
                        p.iter().find(|q| q.state == ParcelState::Waiting).cloned()
                    });
                    let Some(parcel) = next else {
                        self.send_photos();
                        break;
                    };
                    let sent = post(&parcel).await;
                    let kept = matches!(sent, Sent::Kept);
                    self.settle(&parcel, &sent).await;
                    if kept {
                        self.retry_later();
                        break;
                    }
                }
            });
        }

        fn retry_later(self) {
            if let Some(window) = web_sys::window() {
                let callback = Closure::once_into_js(move || self.flush());
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    callback.unchecked_ref(),
                    RETRY_MS,
                );
            }
        }

        async fn keep(&self, parcel: &Parcel) {
            let (Ok(db), Ok(body)) = (open().await, serde_json::to_string(parcel)) else {
                return;
            };
            let value = row(&parcel.id, self.scope, &body, js_sys::Date::now());
            if let Err(e) = write(&db, OUTBOX, |store| store.put(&value)).await {
                leptos::logging::warn!("not kept on the phone: {e:?}");
            }
        }

        /// After an answer: a stored parcel leaves the phone, a refused one stays with its reason.
        async fn settle(&self, parcel: &Parcel, sent: &Sent) {
            match sent {
                Sent::Stored(_) => {
                    self.parcels.update(|p| p.retain(|q| q.id != parcel.id));
                    if let Ok(db) = open().await {
                        let _ = write(&db, OUTBOX, |store| {
                            store.delete(&JsValue::from_str(&parcel.id))
                        })
                        .await;
                    }
                    self.delivered.update(|n| *n += 1);
                }
                Sent::Refused(error) => {
                    let refused = Parcel {
                        state: ParcelState::Refused(error.message()),
                        ..parcel.clone()
                    };
                    self.parcels.update(|p| {
                        if let Some(q) = p.iter_mut().find(|q| q.id == parcel.id) {
                            *q = refused.clone();
                        }
                    });
                    self.keep(&refused).await;
                }
                Sent::Kept => {}
            }
        }
    }

    /// One POST of a parcel to its server function, as JSON.
    async fn post(parcel: &Parcel) -> Sent {
        let Some(window) = web_sys::window() else {
            return Sent::Kept;
        };
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&JsValue::from_str(&parcel.body));
        let headers = web_sys::Headers::new().ok();
        if let Some(h) = &headers {
            let _ = h.set("Content-Type", "application/json");
            let _ = h.set("Accept", "application/json");
            init.set_headers(h);
        }
        let url = format!("/api/{}", parcel.endpoint);
        let Ok(response) = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await else {
            return Sent::Kept;
        };
        let response: web_sys::Response = response.unchecked_into();
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        match response.status() {
            200..=299 => Sent::Stored(text),
            // A rule refused it: sending it again changes nothing.
            400 | 403 | 404 | 409 | 413 => Sent::Refused(
                serde_json::from_str::<AppError>(&text).unwrap_or(AppError::Invalid(Vec::new())),
            ),
            // Signed out, rate-limited, the server away or busy: it waits and is sent again.
            _ => Sent::Kept,
        }
    }
}
