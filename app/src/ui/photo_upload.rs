//! The browser side of photo uploads: loads `/photos.js` once (it makes the photo small and sends
//! it in resumable chunks) and reports progress back to the page.
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const SCRIPT: &str = "/photos.js";

async fn load() -> Result<JsValue, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let existing = Reflect::get(&window, &"bandengPhotos".into())?;
    if existing.is_object() {
        return Ok(existing);
    }
    let document = window.document().ok_or("no document")?;
    let script: web_sys::HtmlScriptElement = match document.query_selector("script[data-photos]")? {
        Some(script) => script.dyn_into()?,
        None => {
            let script: web_sys::HtmlScriptElement =
                document.create_element("script")?.dyn_into()?;
            script.set_src(SCRIPT);
            script.set_attribute("data-photos", "")?;
            document.head().ok_or("no head")?.append_child(&script)?;
            script
        }
    };
    let existing = Reflect::get(&window, &"bandengPhotos".into())?;
    if existing.is_object() {
        return Ok(existing);
    }
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    }))
    .await?;
    Reflect::get(&window, &"bandengPhotos".into())
}

/// Sends one photo to `base` (`/c/{code}/photos`, `/s/{key}/photos`); `progress` hears 0–100.
/// The error is a sentence to show.
pub async fn upload(
    file: web_sys::File,
    base: &str,
    proof: &str,
    progress: impl Fn(u8) + 'static,
) -> Result<(), String> {
    let text = crate::base::text::t();
    let photos = load().await.map_err(|_| text.photos_offline.to_string())?;
    let upload: Function = Reflect::get(&photos, &"upload".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| text.photos_offline.to_string())?;
    let on_progress =
        Closure::<dyn Fn(f64)>::new(move |percent: f64| progress(percent.clamp(0.0, 100.0) as u8));
    let options = Object::new();
    let _ = Reflect::set(&options, &"base".into(), &base.into());
    let _ = Reflect::set(&options, &"proof".into(), &proof.into());
    let _ = Reflect::set(&options, &"onProgress".into(), on_progress.as_ref());
    let promise: Promise = upload
        .call2(&photos, &file, &options)
        .map_err(|_| text.photos_failed_generic.to_string())?
        .dyn_into()
        .map_err(|_| text.photos_failed_generic.to_string())?;
    let result = JsFuture::from(promise).await;
    drop(on_progress);
    result.map(|_| ()).map_err(|error| refusal(&error))
}

/// The server's reason for refusing a photo (a sentence in Chinese), or a general one.
fn refusal(error: &JsValue) -> String {
    Reflect::get(error, &"text".into())
        .ok()
        .and_then(|m| m.as_string())
        .filter(|m| !m.is_empty() && m.chars().count() < 200)
        .unwrap_or_else(|| crate::base::text::t().photos_failed_generic.to_string())
}
