//! Form fields for the admin screens: a label wrapping its input (so it is found by its label),
//! a hint, and the server's message for that field.
use crate::base::error::AppError;
use leptos::prelude::*;

/// The error of the last submit of a form, shared by its fields.
pub type FormError = RwSignal<Option<AppError>>;

/// The message for one field, when the last error names it.
#[component]
pub fn FieldMessage(error: FormError, name: &'static str) -> impl IntoView {
    move || match error.get() {
        Some(AppError::Invalid(errors)) => errors
            .into_iter()
            .find(|e| e.field == name)
            .map(|e| view! { <span class="field-error" role="alert">{e.message}</span> }),
        _ => None,
    }
}

/// A form-wide message for errors that name no field of this form.
#[component]
pub fn FormMessage(error: FormError, fields: &'static [&'static str]) -> impl IntoView {
    move || {
        error.get().and_then(|e| {
            let own_field = fields.iter().any(|f| e.concerns_field(f));
            (!own_field).then(|| view! { <crate::ui::ErrorNotice error=e/> })
        })
    }
}

fn invalid(error: FormError, name: &'static str) -> impl Fn() -> &'static str {
    move || {
        if error.with(|e| e.as_ref().is_some_and(|e| e.concerns_field(name))) {
            "true"
        } else {
            "false"
        }
    }
}

#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    error: FormError,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="label">{label}</span>
            {hint.map(|h| view! { <span class="hint">{h}</span> })}
            // The hint is read after the name, not as part of it. The value attribute carries what
            // was typed into a page drawn on the server (a form sent back without JavaScript).
            <input
                type=kind name=name value=value.get_untracked() bind:value=value required=required readonly=readonly aria-label=label
                maxlength=maxlength.map(|m| m.to_string()) inputmode=inputmode
                aria-invalid=invalid(error, name) autocomplete="off"
            />
            <FieldMessage error name/>
        </label>
    }
}

#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<String>,
    error: FormError,
    /// (value, text) pairs; a first empty choice asks to choose.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] empty_label: Option<&'static str>,
) -> impl IntoView {
    let empty = empty_label.unwrap_or(crate::base::text::t().choose);
    view! {
        <label class="field">
            <span class="label">{label}</span>
            {hint.map(|h| view! { <span class="hint">{h}</span> })}
            // Named by aria-label: a label wrapping a select would otherwise take in the options' text.
            <select
                name=name aria-label=label
                aria-invalid=invalid(error, name)
                on:change=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()
            >
                <option value="" selected=move || value.with(String::is_empty)>{empty}</option>
                {move || options.get().into_iter().map(|(v, text)| {
                    let selected = v.clone();
                    view! {
                        <option value=v selected=move || value.with(|cur| *cur == selected)>{text}</option>
                    }
                }).collect_view()}
            </select>
            <FieldMessage error name/>
        </label>
    }
}

#[component]
pub fn CheckField(
    label: &'static str,
    name: &'static str,
    value: RwSignal<bool>,
    error: FormError,
) -> impl IntoView {
    view! {
        <label class="consent">
            <input type="checkbox" name=name bind:checked=value aria-invalid=invalid(error, name)/>
            <span>{label}</span>
        </label>
        <FieldMessage error name/>
    }
}

/// The submit button, showing that the form is being saved.
#[component]
pub fn SubmitButton(label: &'static str, pending: Signal<bool>) -> impl IntoView {
    let saving = crate::base::text::t().saving;
    view! {
        <button type="submit" class="button primary" disabled=move || pending.get()>
            {move || if pending.get() { saving } else { label }}
        </button>
    }
}

/// The refusal a plain form's redirect carried back in the URL (`__err`), if any: what a page
/// whose forms post straight to server functions shows above them.
pub fn refused() -> Option<AppError> {
    let query = leptos_router::hooks::use_query_map();
    let err = query.read_untracked().get("__err")?;
    Some(leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&err))
}
