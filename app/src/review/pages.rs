//! `/review` (what waits at the caller's seats, and what they decided), `/review/{code}` (a topic
//! as a reviewer reads it, with the decision forms) and a council's `审议层级` tab (its chain,
//! which the district sets). Plain pages and POST forms: whole without JavaScript.
use super::api::{
    get_review_chain, get_review_queue, get_review_topic, DecideTopic, SaveReviewChain,
};
use super::{ChainView, LevelState, ReviewQueue, ReviewTopic};
use crate::base::text::t;
use crate::councils::admin::CouncilScreen;
use crate::ui::admin::{AdminError, AdminPage};
use crate::ui::forms::refused;
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReviewPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| get_review_queue());
    view! {
        <Title text=format!("{} · {}", text.review_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <section class="intro">
                <h1>{text.review_title}</h1>
                <p class="muted">{text.review_intro}</p>
            </section>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(queue) => view! { <Queue queue/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

#[component]
fn Queue(queue: ReviewQueue) -> impl IntoView {
    let text = t();
    view! {
        <p class="muted" data-testid="review-seats">{text.review_seats}{queue.seats.join("、")}</p>
        <h2>{text.review_waiting}" "<span class="badge">{queue.waiting.len()}</span></h2>
        {queue.waiting.is_empty().then(|| view! { <p class="empty card">{text.review_waiting_none}</p> })}
        <ol class="plain" data-testid="review-waiting">
            {queue.waiting.into_iter().map(|line| view! {
                <li class="card small">
                    <a href=format!("/review/{}", line.tracking_code)><strong>{line.title}</strong></a>
                    <span class="block"><span class="badge">{line.level}</span></span>
                    <span class="block muted">{line.council_name}" · "<span class="mono">{line.tracking_code.0}</span>" · "<span class="nowrap">{line.since}</span></span>
                </li>
            }).collect_view()}
        </ol>
        <h2>{text.review_decided}</h2>
        {queue.decided.is_empty().then(|| view! { <p class="empty card">{text.review_decided_none}</p> })}
        <ol class="plain" data-testid="review-decided">
            {queue.decided.into_iter().map(|line| view! {
                <li class="card small">
                    <a href=format!("/review/{}", line.tracking_code)><strong>{line.title}</strong></a>
                    <span class="block"><span class="badge">{line.step.label()}</span>" → "{line.to.label()}</span>
                    <span class="block muted">{line.council_name}" · "{line.actor_name}" · "<span class="nowrap">{line.at}</span></span>
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn ReviewTopicPage() -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, get_review_topic);
    let error = refused();
    view! {
        <Title text=format!("{} · {}", text.review_title, text.app_name)/>
        <AdminPage works_without_js=true>
            <p><a href="/review">{text.review_back}</a></p>
            {error.map(|error| view! { <ErrorNotice error/> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(topic) => view! { <Topic topic/> }.into_any(),
                        Err(error) => view! { <AdminError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminPage>
    }
}

#[component]
fn Topic(topic: ReviewTopic) -> impl IntoView {
    let text = t();
    let code = topic.tracking_code.0.clone();
    let version = topic.version.to_string();
    view! {
        <article class="card case" data-testid="review-topic">
            <p class="muted"><span class="mono">{code.clone()}</span>" · "{topic.council_name.clone()}" · "{topic.room_name.clone()}</p>
            <h1>{topic.title.clone()}</h1>
            <p class="status-line"><span class="badge" data-testid="review-status">{topic.status.label()}</span></p>
            <p class="description">{topic.description.clone()}</p>
            <dl class="facts">
                <dt>{text.case_submitted_at}</dt>
                <dd>{topic.submitted_at.clone()}</dd>
                {(!topic.category.is_empty()).then(|| view! {
                    <dt>{text.case_category}</dt>
                    <dd>{topic.category.clone()}</dd>
                })}
                {(!topic.screening.is_empty()).then(|| view! {
                    <dt>{text.review_screening}</dt>
                    <dd>{topic.screening.join("、")}</dd>
                })}
            </dl>
        </article>
        <section class="card">
            <h2>{text.review_chain}</h2>
            <ol class="timeline" data-testid="review-chain">
                {topic.chain.iter().map(|level| {
                    let (class, mark) = match level.state {
                        LevelState::Passed => ("done", text.review_level_passed),
                        LevelState::Current => ("current", text.review_level_current),
                        LevelState::Ahead => ("", text.review_level_ahead),
                    };
                    view! {
                        <li class=class>
                            <span class="what">{level.name.clone()}</span>
                            <span class="when">{level.holder_name.clone()}" · "{mark}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        {topic.may_decide.then(|| view! {
            <section class="card" data-testid="review-decide">
                <h2>{text.review_decide}</h2>
                <form method="post" action=DecideTopic::url() class="step-form" data-testid="review-approve">
                    <input type="hidden" name="input[code]" value=code.clone()/>
                    <input type="hidden" name="input[version]" value=version.clone()/>
                    <input type="hidden" name="input[decision]" value="approve"/>
                    <label class="field"><span class="label">{text.review_note_approve}</span>
                        <textarea name="input[note]" rows="2" maxlength=crate::cases::desk::NOTE_MAX></textarea></label>
                    <button type="submit" class="button primary">{crate::cases::pipeline::Step::Approve.label()}</button>
                </form>
                <form method="post" action=DecideTopic::url() class="step-form" data-testid="review-reject">
                    <input type="hidden" name="input[code]" value=code.clone()/>
                    <input type="hidden" name="input[version]" value=version.clone()/>
                    <input type="hidden" name="input[decision]" value="reject"/>
                    <label class="field"><span class="label">{text.review_note_reject}</span>
                        <textarea name="input[note]" rows="2" maxlength=crate::cases::desk::NOTE_MAX required=true></textarea></label>
                    <button type="submit" class="button">{crate::cases::pipeline::Step::Reject.label()}</button>
                </form>
            </section>
        })}
        <section class="card">
            <h2>{text.case_history}</h2>
            <ol class="timeline" data-testid="review-history">
                {topic.events.into_iter().map(|e| view! {
                    <li class="done">
                        <span class="when">{e.at}" · "{e.actor_name}</span>
                        <span class="what">{e.step.label()}</span>
                        {(!e.note.is_empty()).then(|| view! { <span class="detail note">{e.note}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// `/admin/councils/{key}/review`: the council's chain, and the form that changes it.
#[component]
pub fn CouncilReviewPage() -> impl IntoView {
    let text = t();
    let screen = CouncilScreen::get();
    let data = Resource::new(
        move || screen.key.get(),
        |key| async move { get_review_chain(CouncilScreen::key_or_not_found(key)?).await },
    );
    let error = refused();
    view! {
        <Title text=format!("{} · {}", text.tab_review, text.app_name)/>
        {error.map(|error| view! { <ErrorNotice error/> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(chain) => view! { <Chain chain/> }.into_any(),
                    Err(error) => view! { <AdminError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Chain(chain: ChainView) -> impl IntoView {
    let text = t();
    let name_of = |code: &str| {
        chain
            .holders
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let current = view! {
        <ol class="plain" data-testid="review-levels">
            {chain.levels.iter().enumerate().map(|(i, level)| view! {
                <li class="card small">
                    <strong>{text.review_level_n.replace("{n}", &(i + 1).to_string())}" · "{level.name.clone()}</strong>
                    <span class="block muted">{text.review_holder}{name_of(&level.holder)}
                        {chain.waiting.get(i).filter(|n| **n > 0).map(|n| format!(" · {}", text.review_waiting_n.replace("{n}", &n.to_string())))}
                    </span>
                </li>
            }).collect_view()}
        </ol>
    };
    let editable = chain.editable;
    let form = editable.then(|| {
        // The current levels, then empty rows up to the most a chain may have.
        let mut rows = chain.levels.clone();
        rows.resize(super::logic::LEVELS_MAX, Default::default());
        view! {
            <form method="post" action=SaveReviewChain::url() class="card" data-testid="review-chain-form">
                <h2>{text.review_chain_set}</h2>
                <p class="hint">{text.review_chain_hint}</p>
                <input type="hidden" name="input[council]" value=chain.council.clone()/>
                {rows.into_iter().enumerate().map(|(i, row)| view! {
                    <fieldset class="field">
                        <legend class="label">{text.review_level_n.replace("{n}", &(i + 1).to_string())}</legend>
                        <label class="field"><span class="label">{text.review_level_name}</span>
                            <input type="text" name=format!("input[levels][{i}][name]") value=row.name.clone()
                                maxlength=super::logic::LEVEL_NAME_MAX/></label>
                        <label class="field"><span class="label">{text.review_holder}</span>
                            <select name=format!("input[levels][{i}][holder]")>
                                <option value="">{text.review_holder_none}</option>
                                {chain.holders.iter().map(|(code, name)| view! {
                                    <option value=code.clone() selected=*code == row.holder>{name.clone()}</option>
                                }).collect_view()}
                            </select></label>
                    </fieldset>
                }).collect_view()}
                <button type="submit" class="button primary">{text.review_chain_save}</button>
            </form>
        }
    });
    view! {
        <section class="intro">
            <h2>{text.tab_review}</h2>
            <p class="muted">{text.review_chain_intro}</p>
        </section>
        {current}
        {form}
        {(!editable).then(|| view! { <p class="muted card small" data-testid="review-chain-readonly">{text.review_chain_readonly}</p> })}
    }
}
