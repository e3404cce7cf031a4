//! Events: organisers hear of registrations, participants of changes
//! (saying what changed and what it is now, in their own time zone).

use super::*;
use crate::on_both_backends;

on_both_backends!(
    organisers_and_participants_hear_of_events,
    event_changes_say_what_changed_in_the_readers_zone,
);

async fn event_in(app: &TestApp, owner: &User, space: &str, body: Value) -> i64 {
    let (status, event) = app
        .post(&format!("/api/v1/spaces/{space}/events"), Some(owner), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    event["id"].as_i64().unwrap()
}

async fn register(app: &TestApp, user: &User, event: i64) -> Value {
    let (status, body) = app
        .post(
            &format!("/api/v1/events/{event}/registration"),
            Some(user),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn organisers_and_participants_hear_of_events(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    app.space(&ada, "talks", "public").await;
    let event = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Briefing", "starts_at": "2030-03-06T10:00", "ends_at": "2030-03-06T12:00",
               "timezone": "UTC", "capacity": 1}),
    )
    .await;
    register(&app, &bob, event).await;
    let registered = only(of_kind(&app, &ada, "event.registration").await);
    assert_eq!(registered["text"], "bob registered for “Briefing”");
    assert_eq!(registered["link"], format!("/event/{event}"));
    assert_eq!(registered["event_id"], event);
    opens(&app, &ada, registered["link"].as_str().unwrap()).await;

    // Full: Cara waits.
    let state = register(&app, &cara, event).await;
    assert_eq!(state["state"], "waiting", "{state}");
    let waiting = only(of_kind(&app, &ada, "event.waitlist").await);
    assert_eq!(
        waiting["text"],
        "cara is on the waiting list for “Briefing”"
    );

    // Bob leaves: Ada hears of it, and of Cara moving up; Cara is told.
    let (status, _) = app
        .delete(&format!("/api/v1/events/{event}/registration"), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let left = only(of_kind(&app, &ada, "event.unregistration").await);
    assert_eq!(
        left["text"],
        "bob cancelled their registration for “Briefing”"
    );
    let moved = of_kind(&app, &ada, "event.waitlist").await;
    assert!(
        moved
            .iter()
            .any(|n| n["text"] == "cara moved up from the waiting list of “Briefing”"),
        "{moved:?}"
    );
    let freed = only(of_kind(&app, &cara, "event.accepted").await);
    assert_eq!(
        freed["text"],
        "A place freed up: you are now registered for “Briefing”"
    );

    // By approval: the organiser hears of the request, the participant of
    // the answer.
    let closed = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Closed", "starts_at": "2030-03-07T10:00", "ends_at": "2030-03-07T12:00",
               "timezone": "UTC", "join_mode": "restricted"}),
    )
    .await;
    let state = register(&app, &bob, closed).await;
    assert_eq!(state["state"], "pending");
    let asks = of_kind(&app, &ada, "event.registration").await;
    assert!(
        asks.iter()
            .any(|n| n["text"] == "bob asks to register for “Closed”"),
        "{asks:?}"
    );
    let (status, body) = app
        .post(
            &format!("/api/v1/events/{closed}/participants"),
            Some(&ada),
            json!({"account": "bob", "approve": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rejected = only(of_kind(&app, &bob, "event.rejected").await);
    assert_eq!(
        rejected["text"],
        "Your registration for “Closed” was declined"
    );

    // Cancelled: the participant hears of it; the organiser does not hear
    // of her own change.
    let (status, _) = app
        .patch(
            &format!("/api/v1/events/{event}"),
            Some(&ada),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let cancelled = only(of_kind(&app, &cara, "event.cancelled").await);
    assert_eq!(cancelled["text"], "“Briefing” in talks is cancelled");
    assert!(of_kind(&app, &ada, "event.cancelled").await.is_empty());
}

async fn event_changes_say_what_changed_in_the_readers_zone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    app.space(&ada, "talks", "public").await;
    let event = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Briefing", "starts_at": "2030-03-06T10:00", "ends_at": "2030-03-06T12:00",
               "timezone": "UTC", "place_name": "Room 1"}),
    )
    .await;
    register(&app, &bob, event).await;
    register(&app, &cara, event).await;
    // Bob lives in Kinshasa (UTC+1), Cara reads French in Brussels.
    let (status, me) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&bob),
            json!({"timezone": "Africa/Kinshasa"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["timezone"], "Africa/Kinshasa");
    let (status, me) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&cara),
            json!({"timezone": "Europe/Brussels", "ui_language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    // A zone that does not exist is a clear 4xx.
    let (status, error) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&bob),
            json!({"timezone": "Mars/Olympus"}),
        )
        .await;
    assert!(status.is_client_error(), "{status}");
    assert!(
        error["message"].as_str().unwrap().contains("IANA"),
        "{error}"
    );
    // Another member's view does not show it.
    let (_, other) = app.get("/api/v1/accounts/bob", Some(&cara)).await;
    assert!(other.get("timezone").is_none(), "{other}");

    // Only the description changes: nobody is told.
    app.patch(
        &format!("/api/v1/events/{event}"),
        Some(&ada),
        json!({"description": "Bring your notes"}),
    )
    .await;
    assert!(of_kind(&app, &bob, "event.updated").await.is_empty());

    let (status, body) = app
        .patch(
            &format!("/api/v1/events/{event}"),
            Some(&ada),
            json!({"starts_at": "2030-03-06T14:00", "ends_at": "2030-03-06T16:00", "place_name": "Room 2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let updated = only(of_kind(&app, &bob, "event.updated").await);
    assert_eq!(updated["params"]["changed"], json!(["time", "place"]));
    // 14:00 UTC is 15:00 in Kinshasa.
    assert_eq!(
        updated["text"],
        "“Briefing” in talks changed: new time 6 March 2030, 15:00 (Africa/Kinshasa); \
         new place: Room 2"
    );
    let updated = only(of_kind(&app, &cara, "event.updated").await);
    let text = updated["text"].as_str().unwrap();
    assert!(
        text.starts_with("« Briefing » dans talks a changé : nouvel horaire "),
        "{text}"
    );
    assert!(
        text.ends_with("15:00 (Europe/Brussels) ; nouveau lieu : Room 2"),
        "{text}"
    );

    // A new online link and title.
    app.patch(
        &format!("/api/v1/events/{event}"),
        Some(&ada),
        json!({"online_url": "https://meet.example.org/briefing", "title": "Briefing (online)"}),
    )
    .await;
    let list = of_kind(&app, &bob, "event.updated").await;
    assert_eq!(list.len(), 2);
    let online = list
        .iter()
        .find(|n| n["params"]["changed"] == json!(["link", "title"]))
        .unwrap_or_else(|| panic!("{list:?}"));
    // The link itself is not in the notice: it reaches people still
    // waiting, who may not see it.
    assert_eq!(
        online["text"],
        "“Briefing (online)” in talks changed: new online link (on the event’s page, \
         for accepted participants); new title"
    );

    // Tentative, and no room any more: the notice says what it is now.
    app.patch(
        &format!("/api/v1/events/{event}"),
        Some(&ada),
        json!({"status": "tentative", "place_name": ""}),
    )
    .await;
    let list = of_kind(&app, &bob, "event.updated").await;
    assert_eq!(list.len(), 3, "{list:?}");
    assert!(
        list.iter().any(|n| n["text"]
            == "“Briefing (online)” in talks changed: no place any more; \
                status now “To be confirmed”"),
        "{list:?}"
    );
}
