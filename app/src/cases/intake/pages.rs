use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::intake::api::SubmitConcern;
use crate::cases::intake::logic::{DESCRIPTION_MAX, NAME_MAX, TITLE_MAX};
use crate::cases::{ConcernForm, IntakeReceipt, IntakeStart};
use crate::ui::ErrorNotice;
use leptos::prelude::*;

/// The intake form. Without JavaScript it posts to `/r/{code}/concern`; with it, the same fields go
/// to the server function and the receipt appears in place. Typed text is never cleared on error.
#[component]
pub fn ConcernFormView(room_code: String, intake: IntakeStart) -> impl IntoView {
    let text = t();
    let action = ServerAction::<SubmitConcern>::new();
    let result = action.value();
    let initial_error = intake.error.clone();
    let error = Signal::derive(move || match result.get() {
        Some(Err(error)) => Some(error),
        Some(Ok(_)) => None,
        None => initial_error.clone(),
    });
    let receipt = Signal::derive(move || result.get().and_then(Result::ok));
    // The receipt replaces the form in place: bring it into view, wherever the person had scrolled.
    Effect::new(move |_| {
        if receipt.with(Option::is_some) {
            if let Some(section) = document().get_element_by_id("concern") {
                section.scroll_into_view();
            }
        }
    });
    let pending = action.pending();

    let title = NodeRef::<leptos::html::Input>::new();
    let description = NodeRef::<leptos::html::Textarea>::new();
    let name = NodeRef::<leptos::html::Input>::new();
    let phone = NodeRef::<leptos::html::Input>::new();
    let consent = NodeRef::<leptos::html::Input>::new();

    let submission_id = intake.submission_id.clone();
    let on_submit = {
        let room_code = room_code.clone();
        let submission_id = submission_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return;
            }
            let value = |input: NodeRef<leptos::html::Input>| {
                input.get().map(|el| el.value()).unwrap_or_default()
            };
            action.dispatch(SubmitConcern {
                room_code: room_code.clone(),
                form: ConcernForm {
                    submission_id: submission_id.clone(),
                    title: value(title),
                    description: description.get().map(|el| el.value()).unwrap_or_default(),
                    resident_name: value(name),
                    resident_phone: value(phone),
                    consent: consent.get().map(|el| el.checked()).unwrap_or(false),
                },
            });
        }
    };
    let field_error = move |field: &'static str| {
        move || match error.get() {
            Some(AppError::Invalid(errors)) => errors
                .into_iter()
                .find(|e| e.field == field)
                .map(|e| view! { <p class="field-error">{e.message}</p> }),
            _ => None,
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            let invalid = error.with(|e| e.as_ref().is_some_and(|e| e.concerns_field(field)));
            if invalid {
                "true"
            } else {
                "false"
            }
        }
    };
    let form = intake.form;
    let another_href = format!("/r/{room_code}");
    // The form's secret id proves to the server that photos come from whoever wrote the concern.
    let proof = submission_id.clone();

    view! {
        <section id="concern" class="card concern">
            {move || receipt.get().map(|receipt| view! {
                <Receipt receipt=receipt.clone() another_href=another_href.clone()/>
                <crate::attachments::pages::PhotoPicker base=format!("/c/{}/photos", receipt.tracking_code.0) proof=proof.clone()/>
            })}
            <div class:hidden=move || receipt.with(Option::is_some)>
                <h2>{text.form_heading}</h2>
                <p class="muted">{text.form_intro}</p>
                {move || error.get().map(|error| view! { <ErrorNotice error/> })}
                <form
                    data-testid="concern-form"
                    method="post"
                    action=format!("/r/{room_code}/concern")
                    on:submit=on_submit
                >
                    <input type="hidden" name="submission_id" value=submission_id/>
                    <label class="field" for="f-title">
                        <span class="label">{text.field_title}</span>
                        <span class="hint">{text.field_title_hint}</span>
                        <input
                            id="f-title" name="title" type="text" required maxlength=TITLE_MAX.to_string()
                            autocomplete="off" value=form.title node_ref=title aria-invalid=invalid("title")
                        />
                        {field_error("title")}
                    </label>
                    <label class="field" for="f-description">
                        <span class="label">{text.field_description}</span>
                        <span class="hint">{text.field_description_hint}</span>
                        <textarea
                            id="f-description" name="description" rows="6" required maxlength=DESCRIPTION_MAX.to_string()
                            node_ref=description aria-invalid=invalid("description")
                        >{form.description}</textarea>
                        {field_error("description")}
                    </label>
                    <label class="field" for="f-name">
                        <span class="label">{text.field_name}</span>
                        <input
                            id="f-name" name="resident_name" type="text" maxlength=NAME_MAX.to_string() autocomplete="name"
                            value=form.resident_name node_ref=name aria-invalid=invalid("resident_name")
                        />
                        {field_error("resident_name")}
                    </label>
                    <label class="field" for="f-phone">
                        <span class="label">{text.field_phone}</span>
                        <span class="hint">{text.field_phone_hint}</span>
                        <input
                            id="f-phone" name="resident_phone" type="tel" inputmode="tel" maxlength="20"
                            autocomplete="tel" value=form.resident_phone node_ref=phone
                            aria-invalid=invalid("resident_phone")
                        />
                        {field_error("resident_phone")}
                    </label>
                    <p class="privacy">{text.privacy_notice}</p>
                    <label class="consent" for="f-consent">
                        <input
                            id="f-consent" name="consent" type="checkbox" required checked=form.consent
                            node_ref=consent aria-invalid=invalid("consent")
                        />
                        <span>{text.consent_label}</span>
                    </label>
                    {field_error("consent")}
                    <button type="submit" class="button primary big" disabled=move || pending.get()>
                        {move || if pending.get() { text.submitting } else { text.submit }}
                    </button>
                </form>
            </div>
        </section>
    }
}

/// The tracking code, shown the moment a concern is stored.
#[component]
pub fn Receipt(receipt: IntakeReceipt, another_href: String) -> impl IntoView {
    let text = t();
    let code = receipt.tracking_code.0;
    let copied = RwSignal::new(false);
    let copy = {
        let code = code.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            {
                let _ = window().navigator().clipboard().write_text(&code);
                copied.set(true);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &code;
        }
    };
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! {
        <div class="receipt" role="status">
            <h2>{text.receipt_heading}</h2>
            <p>{text.receipt_body}</p>
            <p class="tracking-code" data-testid="tracking-code">{code.clone()}</p>
            <div class="actions js-only">
                <button type="button" class="button" on:click=copy>
                    {move || if copied.get() { text.receipt_copied } else { text.receipt_copy }}
                </button>
                <button type="button" class="button" on:click=print>{text.receipt_print}</button>
            </div>
            <div class="actions">
                <a class="button primary" href=format!("/c/{code}")>{text.receipt_track}</a>
                <a class="button" href=another_href rel="external">{text.receipt_another}</a>
            </div>
        </div>
    }
}
