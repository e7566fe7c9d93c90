//! Live notes: one `LIVE SELECT` per session with listeners on this server, fanned out to its
//! Server-Sent-Events subscribers. Driven by the database, not by this process's memory, so every
//! app server sharing one SurrealDB delivers every note, whichever server stored it.
use app::base::error::AppError;
use app::server::{db::Db, state::AppState};
use app::sessions::{Note, NoteId};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::{Stream, StreamExt};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Weak};
use std::time::Duration;
use surrealdb::types::Value;
use tokio::sync::{broadcast, Mutex};

/// Notes a slow subscriber may fall behind before it is cut off (it reconnects and catches up).
const BACKLOG: usize = 1024;
/// A catch-up starts this much before the subscriber's last note: a write that was stamped
/// earlier but committed later is still found. Repeats are harmless: phones merge by version.
const OVERLAP: chrono::Duration = chrono::Duration::seconds(5);

#[derive(Clone)]
enum Live {
    Note(Arc<Note>),
    /// The live query ended (the database went away): subscribers reconnect.
    Ended,
}

/// One session's live query and its listeners; the query is killed with the last listener.
struct Channel {
    sender: broadcast::Sender<Live>,
    task: Option<tokio::task::JoinHandle<()>>,
    db: Db,
    live_query: surrealdb::types::Uuid,
}

impl Channel {
    fn is_running(&self) -> bool {
        self.task.as_ref().is_some_and(|t| !t.is_finished())
    }
}

impl Drop for Channel {
    /// Kills the live query through our own handle: the SDK's clean-up when its stream is dropped
    /// runs on a session without a namespace in 3.3 and fails (it still logs a warning, harmlessly,
    /// once the query is gone), which would leave the query registered for every later write.
    fn drop(&mut self) {
        let (db, id, task) = (self.db.clone(), self.live_query, self.task.take());
        tokio::spawn(async move {
            if let Err(e) = db.query("KILL $id").bind(("id", id)).await {
                tracing::warn!("live notes: cannot kill {id:?}: {e}");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
            if let Some(task) = task {
                task.abort();
            }
        });
    }
}

pub struct Subscription {
    _channel: Arc<Channel>,
    receiver: broadcast::Receiver<Live>,
}

pub struct Hub {
    db: Db,
    channels: Mutex<HashMap<String, Weak<Channel>>>,
}

impl Hub {
    pub fn new(db: Db) -> Hub {
        Hub {
            db,
            channels: Mutex::new(HashMap::new()),
        }
    }

    /// Listens to a session's notes: joins its live query, or starts one. Every note stored
    /// after this returns is delivered.
    pub async fn subscribe(&self, session: &str) -> Result<Subscription, AppError> {
        let mut channels = self.channels.lock().await;
        if let Some(channel) = channels.get(session).and_then(Weak::upgrade) {
            if channel.is_running() {
                return Ok(Subscription {
                    receiver: channel.sender.subscribe(),
                    _channel: channel,
                });
            }
        }
        let mut response = self
            .db
            .query("LIVE SELECT id FROM note WHERE session = $sess")
            .bind(("sess", app::server::db::record("council_session", session)))
            .await?;
        let live_query: Option<surrealdb::types::Uuid> = response.take(0)?;
        let live_query = live_query.ok_or(AppError::Internal)?;
        let stream = response.stream::<Value>(0)?;
        let (sender, receiver) = broadcast::channel(BACKLOG);
        let task = tokio::spawn(forward(self.db.clone(), stream, sender.clone()));
        let channel = Arc::new(Channel {
            sender,
            task: Some(task),
            db: self.db.clone(),
            live_query,
        });
        channels.retain(|_, c| c.strong_count() > 0);
        channels.insert(session.to_string(), Arc::downgrade(&channel));
        Ok(Subscription {
            _channel: channel,
            receiver,
        })
    }

    /// Sessions with a live query on this server: for tests and the benchmark.
    pub async fn live_sessions(&self) -> usize {
        let channels = self.channels.lock().await;
        channels.values().filter(|c| c.strong_count() > 0).count()
    }
}

/// Reads each changed note once for all listeners of this server.
async fn forward(
    db: Db,
    mut stream: surrealdb::method::QueryStream<Value>,
    sender: broadcast::Sender<Live>,
) {
    while let Some(notification) = stream.next().await {
        let notification = match notification {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!("live notes: {e}");
                continue;
            }
        };
        if notification.action == surrealdb::types::Action::Killed {
            break;
        }
        let Some(id) = note_id(&notification.data) else {
            continue;
        };
        match app::sessions::store::note(&db, &id).await {
            Ok(Some(note)) => {
                let _ = sender.send(Live::Note(Arc::new(note)));
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("live notes: cannot read {id:?}: {e}"),
        }
    }
    let _ = sender.send(Live::Ended);
}

fn note_id(data: &Value) -> Option<NoteId> {
    let Value::Object(object) = data else {
        return None;
    };
    match object.get("id")? {
        Value::RecordId(id) => Some(NoteId(app::server::db::key_text(id))),
        _ => None,
    }
}

#[derive(serde::Deserialize)]
pub struct Since {
    since: Option<String>,
}

/// Where a subscriber's catch-up starts: the browser's `Last-Event-ID` after a dropped
/// connection, else `?since=`, less the overlap. Nothing (or nonsense): from the beginning.
fn catch_up_from(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    let claimed = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .or(query)?;
    let at = chrono::DateTime::parse_from_rfc3339(claimed.trim()).ok()?;
    Some(
        (at.with_timezone(&chrono::Utc) - OVERLAP)
            .format("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string(),
    )
}

/// A note as an SSE event; `id` is where a reconnect resumes.
fn event(note: &Note, id: &str) -> Event {
    Event::default()
        .event("note")
        .id(id)
        .data(serde_json::to_string(note).unwrap_or_default())
}

/// `GET /s/{key}/events`: the session's notes changed since the subscriber's last one, then
/// every change as it happens.
pub async fn events(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(key): Path<String>,
    Query(query): Query<Since>,
    headers: HeaderMap,
) -> Response {
    match subscribe(&state, &hub, &key, &headers, query.since.as_deref()).await {
        Ok(stream) => Sse::new(stream)
            .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
            .into_response(),
        Err(error) => error.into_response(),
    }
}

/// Whether the caller behind these headers may still listen to session `key`.
async fn may_listen(state: &AppState, headers: &HeaderMap, key: &str) -> Result<(), AppError> {
    let actor = app::auth::actor_from_headers(&state.db, headers).await?;
    app::sessions::api::session_access(&state.db, actor, key).await?;
    Ok(())
}

/// What a live stream does next.
enum Next {
    Send(Event),
    Wait,
    End,
}

struct Listening {
    subscription: Subscription,
    newest: Option<String>,
    state: AppState,
    headers: HeaderMap,
    key: String,
    closing: tokio::sync::watch::Receiver<bool>,
    recheck: tokio::time::Interval,
}

/// What woke a listening stream.
enum Woke {
    Received(Result<Live, broadcast::error::RecvError>),
    Recheck,
    Closing,
}

impl Listening {
    async fn next(&mut self) -> Next {
        if *self.closing.borrow() {
            return Next::End;
        }
        let woke = tokio::select! {
            received = self.subscription.receiver.recv() => Woke::Received(received),
            _ = self.recheck.tick() => Woke::Recheck,
            _ = self.closing.changed() => Woke::Closing,
        };
        match woke {
            Woke::Received(Ok(Live::Note(note))) => {
                // The event id is the newest change sent so far: where a reconnect resumes.
                if self.newest.as_deref() < Some(note.updated_at.as_str()) {
                    self.newest = Some(note.updated_at.clone());
                }
                Next::Send(event(&note, self.newest.as_deref().unwrap_or_default()))
            }
            // Fell behind, or the query ended: end the stream; the browser reconnects and
            // catches up.
            Woke::Received(Ok(Live::Ended) | Err(_)) => Next::End,
            Woke::Recheck => {
                if may_listen(&self.state, &self.headers, &self.key)
                    .await
                    .is_ok()
                {
                    Next::Wait
                } else {
                    Next::End
                }
            }
            // The server is shutting down: let it.
            Woke::Closing => Next::End,
        }
    }
}

async fn subscribe(
    state: &AppState,
    hub: &Hub,
    key: &str,
    headers: &HeaderMap,
    since: Option<&str>,
) -> Result<impl Stream<Item = Result<Event, Infallible>>, AppError> {
    may_listen(state, headers, key).await?;
    // Listen first, then read the backlog: a note stored in between comes by both ways, never by none.
    let subscription = hub.subscribe(key).await?;
    let from = catch_up_from(headers, since);
    let backlog = app::sessions::store::notes_since(&state.db, key, from.as_deref()).await?;
    let newest = backlog.iter().map(|n| n.updated_at.clone()).max();
    let backlog = futures::stream::iter(backlog.into_iter().map(|n| Ok(event(&n, &n.updated_at))));
    // Signed out, disabled or gone from the council: the stream ends within this time.
    let mut recheck = tokio::time::interval(state.settings.live_recheck);
    recheck.reset();
    let listening = Listening {
        subscription,
        newest,
        state: state.clone(),
        headers: headers.clone(),
        key: key.to_string(),
        closing: state.closing.subscribe(),
        recheck,
    };
    let live = futures::stream::unfold(listening, |mut listening| async move {
        loop {
            match listening.next().await {
                Next::Send(event) => return Some((Ok(event), listening)),
                Next::Wait => continue,
                Next::End => return None,
            }
        }
    });
    Ok(backlog.chain(live))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catch_up_prefers_last_event_id_and_starts_a_little_earlier() {
        let mut headers = HeaderMap::new();
        assert_eq!(catch_up_from(&headers, None), None);
        assert_eq!(catch_up_from(&headers, Some("yesterday")), None);
        assert_eq!(
            catch_up_from(&headers, Some("2026-11-24T01:00:10.000Z")).as_deref(),
            Some("2026-11-24T01:00:05.000000Z")
        );
        headers.insert(
            "last-event-id",
            "2026-11-24T02:00:00.500000Z".parse().unwrap(),
        );
        assert_eq!(
            catch_up_from(&headers, Some("2026-11-24T01:00:10.000Z")).as_deref(),
            Some("2026-11-24T01:59:55.500000Z")
        );
    }
}
