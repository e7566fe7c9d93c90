//! `/sessions` (the caller's sessions and a form to open one) and `/s/{key}` (one session: who
//! came, and the notes, live). The session page lists notes and takes a new one without
//! JavaScript too; with it, notes are kept on the phone until the server has them.
use super::api::*;
use super::logic::{can_carry, sort_notes};
use super::*;
use crate::base::clock::beijing_time_of_day;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::{FormError, FormMessage, SelectField, SubmitButton, TextField};
use crate::ui::Loading;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The live state of one session page, shared with the phone-side code.
#[derive(Clone)]
pub struct LiveNotes {
    pub key: String,
    pub me: String,
    /// Notes the server has acknowledged, in written order.
    pub notes: RwSignal<Vec<Note>>,
    /// Notes and corrections still on the phone.
    pub pending: RwSignal<Vec<Pending>>,
    pub online: RwSignal<bool>,
    /// The live stream is connected.
    pub live: RwSignal<bool>,
}

impl LiveNotes {
    pub fn send(&self, item: Outgoing) {
        #[cfg(feature = "hydrate")]
        super::client::send(self.clone(), item);
        #[cfg(not(feature = "hydrate"))]
        let _ = item;
    }
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| get_sessions_overview());
    view! {
        <Title text=format!("{} · {}", text.sessions_title, text.app_name)/>
        <AdminPage>
            <section class="intro">
                <h1>{text.sessions_title}</h1>
                <p class="muted">{text.sessions_intro}</p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((lines, councils)) => view! {
                            <SessionList lines/>
                            {(!councils.is_empty()).then(|| view! { <NewSessionForm councils/> })}
                        }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

#[component]
fn SessionList(lines: Vec<SessionLine>) -> impl IntoView {
    let text = t();
    if lines.is_empty() {
        return view! { <p class="empty card">{text.sessions_empty}</p> }.into_any();
    }
    view! {
        <ul class="plain case-lines card" data-testid="session-list">
            {lines.into_iter().map(|line| view! {
                <li>
                    <a href=format!("/s/{}", line.key) class="block"><strong>{line.title}</strong></a>
                    <span class="small muted block">
                        {line.council_name}" · "{line.form.label()}" · "{line.starts_at.replace('T', " ")}
                        " · "{line.notes}{text.sessions_notes_count}" · "
                        {if line.open { text.sessions_open } else { text.sessions_closed }}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn NewSessionForm(councils: Vec<SessionChoices>) -> impl IntoView {
    let text = t();
    let create = ServerAction::<CreateSession>::new();
    let error: FormError = RwSignal::new(None);
    let council = RwSignal::new(
        councils
            .first()
            .map(|c| c.council.clone())
            .unwrap_or_default(),
    );
    let topic = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let form = RwSignal::new(SessionForm::Bench.code().to_string());
    let room = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let starts_at = RwSignal::new(String::new());
    let lat = RwSignal::new(String::new());
    let lng = RwSignal::new(String::new());
    let picking = RwSignal::new(false);
    let invited: [RwSignal<String>; 5] = std::array::from_fn(|_| RwSignal::new(String::new()));
    Effect::new(move |_| match create.value().get() {
        Some(Ok(key)) => {
            error.set(None);
            let navigate = leptos_router::hooks::use_navigate();
            navigate(&format!("/s/{key}"), Default::default());
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let all = StoredValue::new(councils.clone());
    let of_council = move |pick: fn(&SessionChoices) -> Vec<(String, String)>| {
        Signal::derive(move || {
            let key = council.get();
            all.with_value(|cs| {
                cs.iter()
                    .find(|c| c.council == key)
                    .map(pick)
                    .unwrap_or_default()
            })
        })
    };
    let rooms = of_council(|c| c.rooms.clone());
    let topics = of_council(|c| {
        c.topics
            .iter()
            .map(|(code, title)| (code.clone(), format!("{code} {title}")))
            .collect()
    });
    let council_choices: Vec<(String, String)> = councils
        .iter()
        .map(|c| (c.council.clone(), c.council_name.clone()))
        .collect();
    // One id per filling-in of the form: sent again after a lost answer, it opens one session.
    let form_id = StoredValue::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let [members, departments, residents, elders, stakeholders] =
            invited.map(|s| s.get_untracked());
        #[cfg(feature = "hydrate")]
        if form_id.with_value(String::is_empty) {
            form_id.set_value(super::client::new_id().0);
        }
        create.dispatch(CreateSession {
            input: SessionInput {
                id: form_id.get_value(),
                council: council.get_untracked(),
                topic: topic.get_untracked(),
                title: title.get_untracked(),
                form: form.get_untracked(),
                room: room.get_untracked(),
                place: place.get_untracked(),
                starts_at: starts_at.get_untracked(),
                lat: lat.get_untracked(),
                lng: lng.get_untracked(),
                invited_members: members,
                invited_departments: departments,
                invited_residents: residents,
                invited_elders: elders,
                invited_stakeholders: stakeholders,
            },
        });
    };
    let labels = [
        (text.session_invited_members, "invited_members"),
        (text.session_invited_departments, "invited_departments"),
        (text.session_invited_residents, "invited_residents"),
        (text.session_invited_elders, "invited_elders"),
        (text.session_invited_stakeholders, "invited_stakeholders"),
    ];
    view! {
        <form class="card" data-testid="new-session" on:submit=on_submit>
            <h2>{text.sessions_new}</h2>
            <SelectField label=text.session_field_council name="council" value=council error options=council_choices/>
            <SelectField label=text.session_field_topic name="topic" value=topic error options=topics empty_label=text.session_no_topic/>
            <TextField label=text.session_field_title name="title" value=title error maxlength=80 required=true/>
            <SelectField label=text.session_field_form name="form" value=form error
                options=choices(SessionForm::ALL, SessionForm::code, SessionForm::label)/>
            <TextField label=text.session_field_starts_at name="starts_at" value=starts_at error kind="datetime-local" required=true/>
            <SelectField label=text.session_field_room name="room" value=room error options=rooms empty_label=text.session_no_room/>
            <TextField label=text.session_field_place name="place" value=place error maxlength=80/>
            <p class="hint">{text.session_point_hint}</p>
            <div class="pair">
                <TextField label=text.room_lat name="lat" value=lat error inputmode="decimal"/>
                <TextField label=text.room_lng name="lng" value=lng error inputmode="decimal"/>
            </div>
            <button type="button" class="button small-button" on:click=move |_| picking.update(|p| *p = !*p)>
                {move || if picking.get() { text.map_pick_close } else { text.map_pick_open }}
            </button>
            <Show when=move || picking.get()>
                <crate::ui::map::view::PointPicker lat lng/>
            </Show>
            <fieldset class="plain-fieldset">
                <legend>{text.session_invited}</legend>
                {labels.into_iter().zip(invited).map(|((label, name), value)| view! {
                    <TextField label name value error/>
                }).collect_view()}
            </fieldset>
            <FormMessage error fields=&["title", "form", "starts_at", "place", "topic", "room", "lat", "lng",
                "invited_members", "invited_departments", "invited_residents", "invited_elders", "invited_stakeholders"]/>
            <SubmitButton label=text.session_create pending=create.pending().into()/>
        </form>
    }
}

/// The session page's own frame: like the admin screens, but without their "needs JavaScript"
/// warning, since notes work without it.
#[component]
fn SessionFrame(children: Children) -> impl IntoView {
    let text = t();
    view! {
        <header class="top">
            <a href="/work" class="brand">
                <span class="brand-mark" aria-hidden="true">"凳"</span>
                {text.nav_work}
            </a>
            <nav class="top-nav">
                <a href="/sessions">{text.sessions_title}</a>
            </nav>
        </header>
        <main class="page admin">{children()}</main>
    }
}

#[component]
pub fn SessionPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let data = Resource::new(key, get_session);
    let flash = crate::ui::flash::sent_back(use_query_map().read_untracked().get("flash"));

    view! {
        <SessionFrame>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let sent_back = SentBack(flash.await);
                    match data.await {
                        Ok(session) => view! {
                            <Title text=format!("{} · {}", session.title, text.app_name)/>
                            <leptos::context::Provider value=sent_back>
                                <SessionBody session/>
                            </leptos::context::Provider>
                        }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </SessionFrame>
    }
}

#[component]
fn SessionBody(session: SessionView) -> impl IntoView {
    let text = t();
    let live = LiveNotes {
        key: session.key.clone(),
        me: session.me.clone(),
        notes: RwSignal::new(session.notes.clone()),
        pending: RwSignal::new(Vec::new()),
        online: RwSignal::new(true),
        live: RwSignal::new(false),
    };
    // Only in the browser: the phone's store, the live stream, the service worker.
    #[cfg(feature = "hydrate")]
    {
        let live = live.clone();
        Effect::new(move |started: Option<()>| {
            if started.is_none() {
                super::client::start(live.clone());
            }
        });
    }
    let topic_open = session
        .topic
        .as_ref()
        .is_some_and(|t| t.open_for_recommendations);
    let carry_allowed = topic_open && session.can_manage;
    let place = [session.room_name.clone(), session.place.clone()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <section class="intro" data-testid="session-head">
            <h1>{session.title.clone()}</h1>
            <p class="muted">
                {session.form.label()}" · "{session.council_name.clone()}" · "{session.starts_at.replace('T', " ")}
                {(!place.is_empty()).then(|| format!(" · {place}"))}
            </p>
            {(!session.directions.is_empty()).then(|| view! {
                <p><a class="button small-button" href=session.directions.clone() rel="external noopener" target="_blank"
                    data-testid="session-directions">{text.session_directions}</a></p>
            })}
            {session.topic.clone().map(|topic| view! {
                <p class="small">{text.session_topic}"："<span class="mono">{topic.code}</span>" "{topic.title}</p>
            })}
            {(!session.open).then(|| view! { <p class="notice" data-testid="session-closed">{text.session_closed_note}</p> })}
        </section>
        <SyncBar live=live.clone()/>
        <NoteList live=live.clone() carry_allowed/>
        {session.open.then(|| view! { <NewNote live=live.clone() fresh_id=session.fresh_note_id.clone()/> })}
        <Attendance session=session.clone()/>
        <crate::attachments::pages::PhotoPicker base=format!("/s/{}/photos", session.key) proof=String::new()
            title=text.session_sheet hint=text.session_sheet_hint/>
        {if session.open {
            view! { <CloseForm key=session.key.clone()/> }.into_any()
        } else {
            view! {
                <section class="card">
                    <h2>{text.session_summary}</h2>
                    <p class="pre-wrap" data-testid="session-summary">{session.summary.clone()}</p>
                </section>
                <crate::ui::write_up::WriteUp council=session.council.clone() source=format!("session:{}", session.key)/>
            }.into_any()
        }}
    }
}

/// How many notes are still on this phone, and whether it is online. Needs JavaScript.
#[component]
fn SyncBar(live: LiveNotes) -> impl IntoView {
    let text = t();
    let pending = live.pending;
    let waiting = move || pending.with(|p| p.iter().filter(|p| p.state == Waiting::Queued).count());
    view! {
        <p class="sync-bar js-only" data-testid="sync-bar" aria-live="polite"
            class:offline=move || !live.online.get()>
            <span data-testid="pending-count" data-count=move || waiting().to_string()>
                {move || match waiting() {
                    0 => text.session_all_sent.to_string(),
                    n => format!("{n} {}", text.session_pending_count),
                }}
            </span>
            " · "
            <span data-testid="connection">
                {move || if !live.online.get() {
                    text.session_offline
                } else if live.live.get() {
                    text.session_live
                } else {
                    ""
                }}
            </span>
        </p>
    }
}

/// A note as this phone shows it: acknowledged, or still waiting here.
#[derive(Clone, PartialEq)]
struct Shown {
    note: Note,
    waiting: Option<Waiting>,
    /// A correction of this note is waiting on the phone.
    correcting: bool,
}

fn shown(live: &LiveNotes) -> Vec<Shown> {
    let notes = live.notes.get();
    let pending = live.pending.get();
    let mut all: Vec<Note> = notes.clone();
    for p in &pending {
        if let Outgoing::Note(d) = &p.item {
            if !all.iter().any(|n| n.id == d.id) {
                all.push(Note {
                    id: d.id.clone(),
                    session: live.key.clone(),
                    author: live.me.clone(),
                    author_name: String::new(),
                    kind: d.kind,
                    speaker_kind: d.speaker_kind,
                    speaker_name: d.speaker_name.clone(),
                    text: d.text.clone(),
                    written_at: d.written_at.clone(),
                    updated_at: String::new(),
                    version: 0,
                    conflicts: vec![],
                    carried: false,
                });
            }
        }
    }
    sort_notes(&mut all);
    all.into_iter()
        .map(|note| {
            let waiting = pending.iter().find_map(|p| match &p.item {
                Outgoing::Note(d) if d.id == note.id && note.version == 0 => Some(p.state.clone()),
                Outgoing::Note(d) if d.id == note.id && p.state != Waiting::Queued => {
                    Some(p.state.clone())
                }
                _ => None,
            });
            let correcting = pending
                .iter()
                .any(|p| matches!(&p.item, Outgoing::Correction(c) if c.note == note.id));
            Shown {
                note,
                waiting,
                correcting,
            }
        })
        .collect()
}

#[component]
fn NoteList(live: LiveNotes, carry_allowed: bool) -> impl IntoView {
    let text = t();
    let list = {
        let live = live.clone();
        move || shown(&live)
    };
    view! {
        <section class="card">
            <h2>{text.session_notes}</h2>
            <ol class="plain notes" data-testid="notes">
                {move || {
                    let items = list();
                    if items.is_empty() {
                        return view! { <li class="empty">{text.session_notes_empty}</li> }.into_any();
                    }
                    items.into_iter().map(|item| view! {
                        <NoteItem item live=live.clone() carry_allowed/>
                    }).collect_view().into_any()
                }}
            </ol>
        </section>
    }
}

#[component]
fn NoteItem(item: Shown, live: LiveNotes, carry_allowed: bool) -> impl IntoView {
    let text = t();
    let note = item.note.clone();
    let state = match &item.waiting {
        None => "sent",
        Some(Waiting::Queued) => "pending",
        Some(Waiting::Conflict) => "conflict",
        Some(Waiting::Refused(_)) => "refused",
    };
    let speaker = match note.speaker_kind {
        SpeakerKind::Anonymous => note.speaker_kind.label().to_string(),
        kind if note.speaker_name.is_empty() => kind.label().to_string(),
        kind => format!("{}（{}）", note.speaker_name, kind.label()),
    };
    let mine = note.author == live.me && item.waiting.is_none();
    let editing = RwSignal::new(false);
    let carry = ServerAction::<CarryNote>::new();
    let carried = RwSignal::new(note.carried);
    Effect::new(move |_| {
        if let Some(Ok(())) = carry.value().get() {
            carried.set(true);
        }
    });
    let show_carry = carry_allowed && can_carry(note.kind) && item.waiting.is_none();
    let (key, id) = (live.key.clone(), note.id.0.clone());
    view! {
        <li id=format!("note-{}", note.id.0) data-testid="note" data-state=state class=format!("note note-{}", note.kind.code())>
            <span class="note-meta small muted">
                <span class="badge">{note.kind.label()}</span>" "
                <span data-testid="note-speaker">{speaker}</span>" · "{beijing_time_of_day(&note.written_at)}
                {(!note.author_name.is_empty()).then(|| format!(" · {}{}", text.session_by, note.author_name))}
                {(note.version > 1).then(|| format!(" · {}", text.session_corrected))}
            </span>
            <span class="note-text pre-wrap block" data-testid="note-text">{note.text.clone()}</span>
            {match item.waiting.clone() {
                Some(Waiting::Queued) => Some(view! { <span class="badge warn" data-testid="note-pending">{text.session_pending}</span> }.into_any()),
                Some(Waiting::Conflict) => Some(view! { <span class="warn-text small block" role="alert">{text.session_conflict}</span> }.into_any()),
                Some(Waiting::Refused(why)) => Some(view! { <span class="warn-text small block" role="alert">{text.session_refused}{why}</span> }.into_any()),
                None => None,
            }}
            {item.correcting.then(|| view! { <span class="badge warn">{text.session_correct}" · "{text.session_pending}</span> })}
            {(!note.conflicts.is_empty()).then(|| view! {
                <div class="small warn-text" data-testid="note-conflicts">
                    {text.session_concurrent}
                    {note.conflicts.iter().map(|c| view! { <span class="block pre-wrap">"“"{c.text.clone()}"”"</span> }).collect_view()}
                </div>
            })}
            <span class="actions js-only">
                {mine.then(|| view! {
                    <button type="button" class="link-button small-button" on:click=move |_| editing.update(|e| *e = !*e)>
                        {text.session_correct}
                    </button>
                })}
                {show_carry.then(|| view! {
                    <button type="button" class="link-button small-button" data-testid="carry"
                        disabled=move || carried.get() || carry.pending().get()
                        on:click={
                            let (key, id) = (key.clone(), id.clone());
                            move |_| { carry.dispatch(CarryNote { key: key.clone(), note: id.clone() }); }
                        }>
                        {move || if carried.get() { text.session_carried } else { text.session_carry }}
                    </button>
                })}
            </span>
            {move || carry.value().get().and_then(Result::err).map(|error| view! { <crate::ui::ErrorNotice error/> })}
            {
                let live = live.clone();
                let note = note.clone();
                move || editing.get().then(|| view! { <CorrectionForm note=note.clone() live=live.clone() editing/> })
            }
        </li>
    }
}

#[component]
fn CorrectionForm(note: Note, live: LiveNotes, editing: RwSignal<bool>) -> impl IntoView {
    let text = t();
    let body = RwSignal::new(note.text.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        live.send(Outgoing::Correction(Correction {
            note: note.id.clone(),
            edit: super::client::new_id(),
            base_version: note.version,
            kind: note.kind,
            speaker_kind: note.speaker_kind,
            speaker_name: note.speaker_name.clone(),
            text: body.get_untracked(),
        }));
        #[cfg(not(feature = "hydrate"))]
        let _ = (&live, &note);
        editing.set(false);
    };
    view! {
        <form class="correct" on:submit=save data-testid="correct-form">
            <textarea name="text" rows="3" maxlength="2000" bind:value=body></textarea>
            <span class="actions">
                <button type="submit" class="button primary small-button">{text.session_correct_save}</button>
                <button type="button" class="button small-button" on:click=move |_| editing.set(false)>{text.session_correct_cancel}</button>
            </span>
        </form>
    }
}

/// A form sent without JavaScript and refused, as the server kept it (a flash).
#[derive(Debug, Clone)]
struct SentBack(Option<crate::base::flash::Flash>);

/// What was typed into field `name` of `form` before the server refused it.
fn sent_back(form: &str, name: &str) -> Option<String> {
    let flash = use_context::<SentBack>().and_then(|s| crate::base::flash::Flash::of(s.0, form))?;
    flash.field(name).map(str::to_string)
}

/// Why the server refused `form`, in words naming the field: the page shows one message above
/// the whole form.
fn refusal(form: &str) -> String {
    let Some(flash) =
        use_context::<SentBack>().and_then(|s| crate::base::flash::Flash::of(s.0, form))
    else {
        return String::new();
    };
    let t = t();
    match &flash.error {
        AppError::Invalid(problems) => problems
            .iter()
            .map(|p| match p.field.as_str() {
                "speaker_name" => format!("{}：{}", t.session_speaker_name, p.message),
                "text" => format!("{}：{}", t.session_note_text, p.message),
                "name" => format!("{}：{}", t.session_attendee_name, p.message),
                _ => p.message.clone(),
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.message(),
    }
}

/// Why the server refused a form sent without JavaScript (nothing when it did not).
#[component]
fn Refused(message: String, testid: &'static str) -> impl IntoView {
    (!message.is_empty()).then(
        || view! { <p class="notice notice-error" role="alert" data-testid=testid>{message}</p> },
    )
}

/// The note form: a plain POST without JavaScript; with it, the note goes to the phone's store
/// first and is sent from there.
#[component]
fn NewNote(live: LiveNotes, fresh_id: String) -> impl IntoView {
    let text = t();
    let from_query =
        |name: &str, default: &str| sent_back("note", name).unwrap_or_else(|| default.to_string());
    let kind = RwSignal::new(from_query("kind", NoteKind::Statement.code()));
    let speaker_kind = RwSignal::new(from_query("speaker_kind", SpeakerKind::Resident.code()));
    let speaker_name = RwSignal::new(from_query("speaker_name", ""));
    let body = RwSignal::new(from_query("text", ""));
    let refused = refusal("note");
    let action = format!("/s/{}/notes", live.key);
    let local_error: FormError = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let draft = NoteDraft {
                id: super::client::new_id(),
                kind: NoteKind::from_code(&kind.get_untracked()).unwrap_or(NoteKind::Statement),
                speaker_kind: SpeakerKind::from_code(&speaker_kind.get_untracked())
                    .unwrap_or(SpeakerKind::Anonymous),
                speaker_name: speaker_name.get_untracked(),
                text: body.get_untracked(),
                written_at: super::client::now_iso(),
            };
            // Checked here too, so a phone never keeps a note the server would refuse.
            if let Err(e) = super::logic::check_draft(&draft) {
                local_error.set(Some(e));
                return;
            }
            local_error.set(None);
            live.send(Outgoing::Note(draft));
            body.set(String::new());
        }
    };
    let speaker_choices = choices(SpeakerKind::ALL, SpeakerKind::code, SpeakerKind::label);
    let kind_choices = choices(NoteKind::ALL, NoteKind::code, NoteKind::label);
    let select = move |name: &'static str,
                       value: RwSignal<String>,
                       options: Vec<(String, String)>| {
        view! {
            <select name=name id=name bind:value=value>
                {options.into_iter().map(|(code, label)| view! { <option value=code.clone() selected=value.get_untracked() == code>{label}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <form class="card new-note" id="new-note" method="post" action=action on:submit=on_submit data-testid="new-note">
            <h2>{text.session_new_note}</h2>
            <Refused message=refused testid="form-error"/>
            <input type="hidden" name="id" value=fresh_id/>
            <div class="two-fields">
                <label class="field"><span>{text.session_note_kind}</span>{select("kind", kind, kind_choices)}</label>
                <label class="field"><span>{text.session_speaker_kind}</span>{select("speaker_kind", speaker_kind, speaker_choices)}</label>
            </div>
            <label class="field">
                <span>{text.session_speaker_name}</span>
                <input type="text" name="speaker_name" maxlength="40" bind:value=speaker_name/>
            </label>
            <label class="field">
                <span>{text.session_note_text}</span>
                <textarea name="text" rows="3" maxlength="2000" required bind:value=body data-testid="note-input">{body.get_untracked()}</textarea>
            </label>
            <FormMessage error=local_error fields=&[]/>
            <button type="submit" class="button primary big" data-testid="note-send">{text.session_note_send}</button>
        </form>
    }
}

#[component]
fn Attendance(session: SessionView) -> impl IntoView {
    let text = t();
    let check_in = ServerAction::<CheckIn>::new();
    let add = ServerAction::<AddAttendee>::new();
    let headcount = ServerAction::<SetHeadcount>::new();
    let checked_in = RwSignal::new(session.checked_in);
    let attendees = RwSignal::new(session.attendees.clone());
    let refused = refusal("attendance");
    let name = RwSignal::new(sent_back("attendance", "name").unwrap_or_default());
    let kind = RwSignal::new(
        sent_back("attendance", "kind")
            .unwrap_or_else(|| ParticipantKind::Resident.code().to_string()),
    );
    let attendee_id = RwSignal::new(session.fresh_attendee_id.clone());
    let count = RwSignal::new(session.headcount.to_string());
    let error: FormError = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(Ok(())) = check_in.value().get() {
            checked_in.set(true);
        }
    });
    let key = session.key.clone();
    let post_to = format!("/s/{key}/attendance");
    let on_check_in = {
        let key = key.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            check_in.dispatch(CheckIn { key: key.clone() });
        }
    };
    let on_add = {
        let key = key.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            add.dispatch(AddAttendee {
                key: key.clone(),
                name: name.get_untracked(),
                kind: kind.get_untracked(),
                id: Some(attendee_id.get_untracked()),
            });
        }
    };
    Effect::new(move |_| match add.value().get() {
        Some(Ok(())) => {
            let who = Attendee {
                name: name.get_untracked(),
                kind: ParticipantKind::from_code(&kind.get_untracked())
                    .unwrap_or(ParticipantKind::Resident),
                is_member: false,
            };
            attendees.update(|a| a.push(who));
            name.set(String::new());
            error.set(None);
            // The next person is another entry.
            #[cfg(feature = "hydrate")]
            attendee_id.set(super::client::new_id().0);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_count = {
        let key = key.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let n = count.get_untracked().trim().parse().unwrap_or(-1);
            headcount.dispatch(SetHeadcount {
                key: key.clone(),
                headcount: n,
            });
        }
    };
    let kinds = choices(
        ParticipantKind::ALL,
        ParticipantKind::code,
        ParticipantKind::label,
    );
    let by_kind = move |wanted: ParticipantKind| {
        session
            .invited
            .iter()
            .filter(|i| i.kind == wanted)
            .map(|i| i.name.clone())
            .collect::<Vec<_>>()
            .join("、")
    };
    let invited: Vec<(&'static str, String)> = ParticipantKind::ALL
        .iter()
        .map(|k| (k.label(), by_kind(*k)))
        .filter(|(_, names)| !names.is_empty())
        .collect();
    view! {
        <section class="card" id="attendance" data-testid="attendance">
            <h2>{text.session_attendance}</h2>
            <Refused message=refused testid="attendance-refused"/>
            {
                let (post_to, on_check_in) = (post_to.clone(), on_check_in.clone());
                move || if checked_in.get() {
                    view! { <p class="tag tag-ok" data-testid="checked-in">{text.session_checked_in}</p> }.into_any()
                } else {
                    view! {
                        <form method="post" action=post_to.clone() on:submit=on_check_in.clone()>
                            <input type="hidden" name="op" value="check_in"/>
                            <button type="submit" class="button primary big" data-testid="check-in"
                                disabled=move || check_in.pending().get()>
                                {text.session_check_in}
                            </button>
                        </form>
                    }.into_any()
                }
            }
            <ul class="plain" data-testid="attendees">
                {move || attendees.get().into_iter().map(|a| view! {
                    <li>{a.name}" · "<span class="muted small">{a.kind.label()}</span></li>
                }).collect_view()}
            </ul>
            <form class="inline-form" method="post" action=post_to.clone() on:submit=on_add data-testid="add-attendee">
                <input type="hidden" name="op" value="add"/>
                <input type="hidden" name="id" value=move || attendee_id.get()/>
                <TextField label=text.session_attendee_name name="name" value=name error maxlength=40/>
                <SelectField label=text.session_attendee_kind name="kind" value=kind error options=kinds/>
                <button type="submit" class="button">{text.session_add_attendee}</button>
            </form>
            <form class="inline-form" method="post" action=post_to on:submit=on_count data-testid="headcount">
                <input type="hidden" name="op" value="headcount"/>
                <TextField label=text.session_headcount name="headcount" value=count error kind="number" inputmode="numeric"/>
                <button type="submit" class="button">{text.session_headcount_save}</button>
            </form>
            <FormMessage error fields=&["name", "kind", "headcount"]/>
            {(!invited.is_empty()).then(|| view! {
                <h3>{text.session_invited_list}</h3>
                <ul class="plain small">
                    {invited.into_iter().map(|(label, names)| view! { <li>{label}"："{names}</li> }).collect_view()}
                </ul>
            })}
            {(!session.photos.is_empty()).then(|| view! {
                <h3>{text.session_sheet}</h3>
                <div class="sheet-photos" data-testid="sheet-photos">
                    {session.photos.iter().map(|id| view! {
                        <a href=format!("/photos/{id}")><img src=format!("/photos/{id}") alt=text.session_sheet loading="lazy" width="96" height="96"/></a>
                    }).collect_view()}
                </div>
            })}
            <h3>{text.session_join}</h3>
            <p class="small muted">{text.session_join_hint}</p>
            <div class="join-qr" inner_html=session.join_qr.clone()></div>
            <p class="small mono join-url">{session.join_url.clone()}</p>
        </section>
    }
}

#[component]
fn CloseForm(key: String) -> impl IntoView {
    let text = t();
    let close = ServerAction::<CloseSession>::new();
    let refused = refusal("close");
    let summary = RwSignal::new(sent_back("close", "summary").unwrap_or_default());
    let post_to = format!("/s/{key}/close");
    let error: FormError = RwSignal::new(None);
    Effect::new(move |_| match close.value().get() {
        Some(Ok(())) => {
            if let Some(window) = leptos::web_sys::window() {
                let _ = window.location().reload();
            }
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        close.dispatch(CloseSession {
            key: key.clone(),
            summary: summary.get_untracked(),
        });
    };
    view! {
        <form class="card" id="close-session" method="post" action=post_to on:submit=on_submit data-testid="close-session">
            <h2>{text.session_close}</h2>
            <Refused message=refused testid="close-refused"/>
            <label class="field">
                <span>{text.session_summary}</span>
                <textarea name="summary" rows="4" maxlength="4000" bind:value=summary>{summary.get_untracked()}</textarea>
                <span class="hint">{text.session_summary_hint}</span>
            </label>
            <FormMessage error fields=&[]/>
            <SubmitButton label=text.session_close pending=close.pending().into()/>
        </form>
    }
}
