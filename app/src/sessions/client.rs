//! The phone side of a session page (browser only): notes go to IndexedDB first and are sent from
//! there, in order, until the server acknowledges each; the live stream (SSE) brings everyone's
//! notes; a service worker keeps the page and the app for opening it again without signal.
use super::logic::merge_note;
use super::pages::LiveNotes;
use super::{Note, NoteId, Outgoing, Pending, Waiting};
use crate::base::error::AppError;
use futures::{Stream, StreamExt};
use gloo_net::eventsource::futures::EventSource;
use gloo_net::eventsource::{EventSourceError, State};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{IdbDatabase, MessageEvent};

use crate::ui::offline::{keep_page, open, read_scope, row, write, NOTES, OUTBOX};
/// Pause before trying the queue again after a network failure.
const RETRY_MS: u32 = 3000;

/// A random id for a note or correction: 128 bits from the browser's generator, as 32 hex digits.
/// `getRandomValues` works on plain-http sites too, unlike `randomUUID`.
pub fn new_id() -> NoteId {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    NoteId(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

struct Phone {
    live: LiveNotes,
    db: Option<IdbDatabase>,
    sending: Cell<bool>,
    stream: RefCell<Option<EventSource>>,
}

thread_local! {
    static PHONE: RefCell<Option<Rc<Phone>>> = const { RefCell::new(None) };
}

fn the_phone() -> Option<Rc<Phone>> {
    PHONE.with(|p| p.borrow().clone())
}

/// Starts the phone side of the page: restores what the phone kept, then connects.
pub fn start(live: LiveNotes) {
    leptos::task::spawn_local(async move {
        let db = open().await.ok();
        if db.is_none() {
            leptos::logging::warn!(
                "IndexedDB unavailable: notes are kept only while the page is open"
            );
        }
        let phone = Rc::new(Phone {
            live: live.clone(),
            db,
            sending: Cell::new(false),
            stream: RefCell::new(None),
        });
        PHONE.with(|p| *p.borrow_mut() = Some(phone.clone()));
        if let Some(db) = &phone.db {
            if let Ok(kept) = read_scope(db, NOTES, &live.key).await {
                live.notes.update(|notes| {
                    for (_, body) in kept {
                        if let Ok(note) = serde_json::from_str::<Note>(&body) {
                            merge_note(notes, note);
                        }
                    }
                });
            }
            if let Ok(mut waiting) = read_scope(db, OUTBOX, &live.key).await {
                waiting.sort_by(|a, b| a.0.total_cmp(&b.0));
                let restored: Vec<Pending> = waiting
                    .iter()
                    .filter_map(|(_, body)| serde_json::from_str(body).ok())
                    .collect();
                live.pending.update(|p| {
                    for item in restored {
                        if !p.iter().any(|q| q.item.id() == item.item.id()) {
                            p.push(item);
                        }
                    }
                });
            }
        }
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true);
        live.online.set(online);
        watch_connection();
        connect();
        keep_page();
        flush();
    });
}

/// Queues a note or correction on the phone, then tries to send.
pub fn send(live: LiveNotes, item: Outgoing) {
    let pending = Pending {
        item,
        state: Waiting::Queued,
    };
    live.pending.update(|p| p.push(pending.clone()));
    leptos::task::spawn_local(async move {
        if let Some(phone) = the_phone() {
            if let Some(db) = &phone.db {
                if let Err(e) = save_pending(db, &live.key, &pending).await {
                    leptos::logging::warn!("note not kept on the phone: {e:?}");
                }
            }
        }
        flush();
    });
}

async fn save_pending(db: &IdbDatabase, session: &str, pending: &Pending) -> Result<(), JsValue> {
    let body = serde_json::to_string(pending).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let value = row(&pending.item.id().0, session, &body, js_sys::Date::now());
    write(db, OUTBOX, |store| store.put(&value)).await
}

/// A note the server has: into the list, and into the phone's copy for opening offline.
fn arrived(phone: &Phone, note: Note) {
    let copy = note.clone();
    let mut changed = false;
    phone
        .live
        .notes
        .update(|notes| changed = merge_note(notes, copy));
    if changed {
        if let (Some(db), Ok(body)) = (phone.db.clone(), serde_json::to_string(&note)) {
            let value = row(&note.id.0, &phone.live.key, &body, 0.0);
            leptos::task::spawn_local(async move {
                let _ = write(&db, NOTES, |store| store.put(&value)).await;
            });
        }
    }
}

/// Sends waiting items one by one, oldest first; stops at the first network failure.
fn flush() {
    let Some(phone) = the_phone() else { return };
    if phone.sending.replace(true) {
        return;
    }
    leptos::task::spawn_local(async move {
        let mut retry = false;
        loop {
            let next = phone
                .live
                .pending
                .with_untracked(|p| p.iter().find(|p| p.state == Waiting::Queued).cloned());
            let Some(next) = next else { break };
            let key = phone.live.key.clone();
            let answer = match &next.item {
                Outgoing::Note(draft) => super::api::add_note(key, draft.clone()).await,
                Outgoing::Correction(c) => super::api::correct_note(key, c.clone()).await,
            };
            let state = match answer {
                Ok(note) => {
                    phone.live.online.set(true);
                    arrived(&phone, note);
                    None
                }
                Err(AppError::Conflict) => Some(Waiting::Conflict),
                Err(e @ (AppError::Invalid(_) | AppError::Forbidden | AppError::NotFound)) => {
                    Some(Waiting::Refused(e.message()))
                }
                // Offline, server away, signed out: keep it and try again later.
                Err(_) => {
                    retry = true;
                    break;
                }
            };
            let id = next.item.id().clone();
            match state {
                None => {
                    phone
                        .live
                        .pending
                        .update(|p| p.retain(|q| q.item.id() != &id));
                    if let Some(db) = &phone.db {
                        let _ = write(db, OUTBOX, |store| store.delete(&JsValue::from_str(&id.0)))
                            .await;
                    }
                }
                Some(state) => {
                    let kept = Pending {
                        item: next.item.clone(),
                        state,
                    };
                    phone.live.pending.update(|p| {
                        if let Some(q) = p.iter_mut().find(|q| q.item.id() == &id) {
                            *q = kept.clone();
                        }
                    });
                    if let Some(db) = &phone.db {
                        let _ = save_pending(db, &phone.live.key, &kept).await;
                    }
                }
            }
        }
        phone.sending.set(false);
        if retry {
            TimeoutFuture::new(RETRY_MS).await;
            flush();
        }
    });
}

/// The newest change this phone has seen: where the live stream's catch-up starts.
fn newest(phone: &Phone) -> Option<String> {
    phone
        .live
        .notes
        .with_untracked(|notes| notes.iter().map(|n| n.updated_at.clone()).max())
}

/// Opens the live stream, unless one is open or connecting.
fn connect() {
    let Some(phone) = the_phone() else { return };
    if phone
        .stream
        .borrow()
        .as_ref()
        .is_some_and(|s| s.state() != State::Closed)
    {
        return;
    }
    let mut url = format!("/s/{}/events", phone.live.key);
    if let Some(since) = newest(&phone) {
        url.push_str(&format!("?since={}", js_sys::encode_uri_component(&since)));
    }
    let Ok(mut stream) = EventSource::new(&url) else {
        return;
    };
    // `open` and `error` are plain events, not messages: only their arrival is used.
    let (Ok(notes), Ok(opened), Ok(errors)) = (
        stream.subscribe("note"),
        stream.subscribe("open"),
        stream.subscribe("error"),
    ) else {
        return;
    };
    let events = futures::stream::select(notes, futures::stream::select(opened, errors));
    // Replacing a closed stream drops it; the phone holds the open one (dropping it closes it).
    *phone.stream.borrow_mut() = Some(stream);
    let key = phone.live.key.clone();
    leptos::task::spawn_local(listen(key, events));
}

/// Hears one session's stream until it closes, then opens another after a pause. The phone is
/// looked up at each event rather than held, so that one replaced by another session's page is
/// dropped (which closes its stream) and its stream's last events do not reach the new page.
async fn listen(
    session: String,
    mut events: impl Stream<Item = Result<(String, MessageEvent), EventSourceError>> + Unpin,
) {
    while let Some(event) = events.next().await {
        let Some(phone) = the_phone().filter(|p| p.live.key == session) else {
            return;
        };
        match event {
            Ok((kind, message)) => match kind.as_str() {
                "note" => {
                    let note = message
                        .data()
                        .as_string()
                        .and_then(|data| serde_json::from_str::<Note>(&data).ok());
                    if let Some(note) = note {
                        arrived(&phone, note);
                    }
                }
                "open" => {
                    phone.live.live.set(true);
                    phone.live.online.set(true);
                    flush();
                }
                // A dropped connection: the browser retries by itself.
                _ => phone.live.live.set(false),
            },
            // Closed: the server refused, or the phone closed it. Then we retry.
            Err(_) => {
                phone.live.live.set(false);
                break;
            }
        }
    }
    drop(events);
    TimeoutFuture::new(RETRY_MS).await;
    connect();
}

/// Online again: send what waits, and reconnect the stream at once instead of waiting for its timer.
fn watch_connection() {
    // Heard as long as the page lives, like the phone itself: the handles are not kept.
    window_event_listener(leptos::ev::online, |_| {
        if let Some(phone) = the_phone() {
            phone.live.online.set(true);
            // Dropped, the old stream closes.
            let old = phone.stream.borrow_mut().take();
            drop(old);
        }
        connect();
        flush();
    });
    window_event_listener(leptos::ev::offline, |_| {
        if let Some(phone) = the_phone() {
            phone.live.online.set(false);
            phone.live.live.set(false);
        }
    });
}
