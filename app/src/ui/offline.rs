//! What the phone keeps for working without signal (browser only): the names of the IndexedDB
//! store the sessions' notes wait in, and how many wait. Signing out of a shared phone clears it
//! (`Clear-Site-Data`), so the page first asks when something there has not been sent.
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub const DB_NAME: &str = "bandeng";
/// Notes and corrections not yet acknowledged by the server.
pub const OUTBOX: &str = "outbox";

/// An IndexedDB request as a future.
pub async fn done(request: &web_sys::IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok = request.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("indexeddb"));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

/// How many notes wait in the outbox; 0 when there is none (or no IndexedDB at all).
pub async fn waiting() -> u32 {
    async fn count() -> Result<u32, JsValue> {
        let factory = web_sys::window()
            .ok_or("no window")?
            .indexed_db()?
            .ok_or("no indexeddb")?;
        let request = factory.open(DB_NAME)?;
        let db: web_sys::IdbDatabase = done(&request).await?.unchecked_into();
        if !db.object_store_names().contains(OUTBOX) {
            db.close();
            return Ok(0);
        }
        let store = db.transaction_with_str(OUTBOX)?.object_store(OUTBOX)?;
        let n = done(&store.count()?).await?.as_f64().unwrap_or(0.0) as u32;
        db.close();
        Ok(n)
    }
    count().await.unwrap_or(0)
}
