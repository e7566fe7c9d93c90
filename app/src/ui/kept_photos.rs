//! Photos taken for a record still waiting in the outbox (browser only): kept in the phone's
//! IndexedDB next to the record, and sent with the usual resumable upload once the server holds
//! the record they belong to (its parcel no longer waits). Only one sending runs at a time, so a
//! photo is never sent twice.
use crate::ui::offline::{done, open, row, write, OUTBOX};
use js_sys::Reflect;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The outbox rows that are photos.
const SCOPE: &str = "photos";

thread_local! {
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

/// Keeps `files` for the record the parcel `parcel` creates; they go to `base` once it exists.
pub async fn keep(parcel: &str, base: &str, files: Vec<web_sys::File>) {
    let Ok(db) = open().await else { return };
    for (i, file) in files.into_iter().enumerate() {
        let body = serde_json::json!({ "parcel": parcel, "base": base }).to_string();
        let value = row(
            &format!("photo:{parcel}:{i}"),
            SCOPE,
            &body,
            js_sys::Date::now(),
        );
        let _ = Reflect::set(&value, &"blob".into(), &file);
        if let Err(e) = write(&db, OUTBOX, |store| store.put(&value)).await {
            leptos::logging::warn!("photo not kept on the phone: {e:?}");
        }
    }
}

struct KeptPhoto {
    id: String,
    parcel: String,
    base: String,
    file: web_sys::File,
    order: f64,
}

async fn all() -> Result<Vec<KeptPhoto>, JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str(OUTBOX)?;
    let rows: js_sys::Array = done(&tx.object_store(OUTBOX)?.get_all()?)
        .await?
        .unchecked_into();
    let text = |r: &JsValue, key: &str| Reflect::get(r, &key.into()).ok()?.as_string();
    let mut photos: Vec<KeptPhoto> = rows
        .iter()
        .filter(|r| text(r, "session").as_deref() == Some(SCOPE))
        .filter_map(|r| {
            let body: serde_json::Value = serde_json::from_str(&text(&r, "body")?).ok()?;
            Some(KeptPhoto {
                id: text(&r, "id")?,
                parcel: body["parcel"].as_str()?.to_string(),
                base: body["base"].as_str()?.to_string(),
                file: Reflect::get(&r, &"blob".into()).ok()?.dyn_into().ok()?,
                order: Reflect::get(&r, &"order".into())
                    .ok()?
                    .as_f64()
                    .unwrap_or(0.0),
            })
        })
        .collect();
    photos.sort_by(|a, b| a.order.total_cmp(&b.order));
    Ok(photos)
}

/// How many photos wait on the phone.
pub async fn count() -> u32 {
    all().await.map_or(0, |p| p.len() as u32)
}

/// Sends the photos whose record is no longer among `waiting` (the parcels not yet delivered);
/// answers how many still wait. A photo the server refuses while online is given up; with no
/// signal it stays for the next try.
pub async fn send(waiting: Vec<String>) -> u32 {
    if SENDING.with(|s| s.replace(true)) {
        return count().await;
    }
    if let Ok(photos) = all().await {
        for photo in photos {
            if waiting.contains(&photo.parcel) {
                continue;
            }
            let sent = crate::ui::photo_upload::upload(photo.file, &photo.base, "", |_| {}).await;
            let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
            if sent.is_ok() || online {
                if let Ok(db) = open().await {
                    let _ = write(&db, OUTBOX, |store| {
                        store.delete(&JsValue::from_str(&photo.id))
                    })
                    .await;
                }
            } else {
                break;
            }
        }
    }
    SENDING.with(|s| s.set(false));
    count().await
}
