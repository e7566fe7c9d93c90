//! What the phone keeps for working without signal (browser only): the names of the IndexedDB
//! store the sessions' notes wait in, and how many wait. Signing out of a shared phone clears it
//! (`Clear-Site-Data`, and `forget_everything` in the page), so the page first asks when
//! something there has not been sent.
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

/// Deletes the phone's database and the pages kept for working offline: signing out of a shared
/// phone leaves nothing of this person, also where a browser ignores `Clear-Site-Data` (plain
/// http, older browsers). Best effort: a browser without IndexedDB has nothing to delete.
pub async fn forget_everything() {
    if let Some(window) = web_sys::window() {
        if let Ok(Some(factory)) = window.indexed_db() {
            if let Ok(request) = factory.delete_database(DB_NAME) {
                let _ = done(&request).await;
            }
        }
        if let Ok(caches) = window.caches() {
            let _ = JsFuture::from(caches.delete(PAGE_CACHE)).await;
        }
    }
}

/// Notes the server has acknowledged, kept for opening a session page without signal.
pub const NOTES: &str = "notes";

/// Opens the phone's database, creating its stores the first time.
pub async fn open() -> Result<web_sys::IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("no indexeddb")?;
    let request = factory.open_with_u32(DB_NAME, 1)?;
    let upgrade = Closure::once_into_js({
        let request = request.clone();
        move || {
            let Ok(result) = request.result() else { return };
            let db: web_sys::IdbDatabase = result.unchecked_into();
            for store in [OUTBOX, NOTES] {
                if !db.object_store_names().contains(store) {
                    let params = web_sys::IdbObjectStoreParameters::new();
                    params.set_key_path(&JsValue::from_str("id"));
                    let _ = db.create_object_store_with_optional_parameters(store, &params);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    Ok(done(&request).await?.unchecked_into())
}

/// Writes and waits until the write is committed: only then may the page say "kept".
pub async fn write(
    db: &web_sys::IdbDatabase,
    store: &str,
    f: impl FnOnce(&web_sys::IdbObjectStore) -> Result<web_sys::IdbRequest, JsValue>,
) -> Result<(), JsValue> {
    let tx = db.transaction_with_str_and_mode(store, web_sys::IdbTransactionMode::Readwrite)?;
    let committed = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("indexeddb"));
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
    });
    f(&tx.object_store(store)?)?;
    JsFuture::from(committed).await.map(|_| ())
}

/// A stored row: its id, the scope it belongs to (a session's key, or an outbox of a kind),
/// its JSON body, and its place in the order things were written.
pub fn row(id: &str, scope: &str, body: &str, order: f64) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"id".into(), &id.into());
    let _ = js_sys::Reflect::set(&object, &"session".into(), &scope.into());
    let _ = js_sys::Reflect::set(&object, &"body".into(), &body.into());
    let _ = js_sys::Reflect::set(&object, &"order".into(), &order.into());
    object.into()
}

/// Every row of one scope: (order, body) pairs, unsorted.
pub async fn read_scope(
    db: &web_sys::IdbDatabase,
    store: &str,
    scope: &str,
) -> Result<Vec<(f64, String)>, JsValue> {
    use js_sys::Reflect;
    let tx = db.transaction_with_str(store)?;
    let all: js_sys::Array = done(&tx.object_store(store)?.get_all()?)
        .await?
        .unchecked_into();
    Ok(all
        .iter()
        .filter(|r| {
            Reflect::get(r, &"session".into())
                .ok()
                .and_then(|s| s.as_string())
                .as_deref()
                == Some(scope)
        })
        .filter_map(|r| {
            let order = Reflect::get(&r, &"order".into())
                .ok()?
                .as_f64()
                .unwrap_or(0.0);
            Some((order, Reflect::get(&r, &"body".into()).ok()?.as_string()?))
        })
        .collect())
}

/// The service worker's cache of pages, also written from the page when it is not yet in control.
pub const PAGE_CACHE: &str = "bandeng-pages-v4";

/// Registers the service worker and puts this page in its cache, so it opens without signal.
pub fn keep_page() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let _ = container.register("/sw.js");
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(caches) = window.caches() {
        leptos::task::spawn_local(async move {
            let Ok(cache) = JsFuture::from(caches.open(PAGE_CACHE)).await else {
                return;
            };
            let cache: web_sys::Cache = cache.unchecked_into();
            let _ = JsFuture::from(cache.add_with_str(&path)).await;
        });
    }
}
