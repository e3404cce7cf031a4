//! Events: times and zones, registration rules, notifications, reminders,
//! iCalendar.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    times_are_kept_in_utc_and_shown_in_zones_across_dst,
    capacity_waiting_list_and_approval,
    cancellation_and_reminders_notify_participants_once,
    icalendar_output_parses_with_an_independent_parser,
);

async fn times_are_kept_in_utc_and_shown_in_zones_across_dst(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    // The EU clocks go forward on 29 March 2026.
    for (day, utc) in [
        ("2026-03-28", "2026-03-28T09:00:00Z"),
        ("2026-03-30", "2026-03-30T08:00:00Z"),
    ] {
        let (status, event) = app
            .post(
                "/api/v1/spaces/talks/events",
                Some(&ada),
                json!({"title": format!("Webinar {day}"), "starts_at": format!("{day}T10:00"),
                       "ends_at": format!("{day}T11:30"), "timezone": "Europe/Brussels",
                       "online_url": "https://meet.example.org/webinar"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{event}");
        assert_eq!(event["starts_at"], utc);
        assert!(
            event["starts_local"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{day}T10:00:00"))
        );
        let id = event["id"].as_i64().unwrap();
        let (_, seen) = app
            .get(
                &format!("/api/v1/events/{id}?timezone=Africa/Kinshasa"),
                None,
            )
            .await;
        // Kinshasa is UTC+1 all year.
        let expected = if day == "2026-03-28" {
            "10:00"
        } else {
            "09:00"
        };
        assert!(
            seen["starts_viewer"]
                .as_str()
                .unwrap()
                .contains(&format!("T{expected}:00+01:00")),
            "{seen}"
        );
    }
    let (status, _) = app
        .post(
            "/api/v1/spaces/talks/events",
            Some(&ada),
            json!({"title": "x", "starts_at": "2026-05-01T10:00", "ends_at": "2026-05-01T09:00",
                   "timezone": "Europe/Brussels"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, answer) = app
        .post(
            "/api/v1/spaces/talks/events",
            Some(&ada),
            json!({"title": "x", "starts_at": "2026-05-01T10:00", "ends_at": "2026-05-01T11:00",
                   "timezone": "Mars/Olympus"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer["message"].as_str().unwrap().contains("timezone"));
}

async fn event_in(app: &TestApp, owner: &crate::support::User, body: serde_json::Value) -> i64 {
    let (status, event) = app
        .post("/api/v1/spaces/talks/events", Some(owner), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    event["id"].as_i64().unwrap()
}

fn future(hours: i64) -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours);
    t.to_string()
}

async fn capacity_waiting_list_and_approval(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let (bob, cy, dee) = (
        app.user("bob").await,
        app.user("cy").await,
        app.user("dee").await,
    );
    app.space(&ada, "talks", "public").await;
    let id = event_in(
        &app,
        &ada,
        json!({"title": "Small room", "starts_at": future(72), "ends_at": future(74),
               "timezone": "UTC", "capacity": 2}),
    )
    .await;
    let path = format!("/api/v1/events/{id}/registration");
    assert_eq!(
        app.post(&path, Some(&bob), json!({})).await.1["state"],
        "going"
    );
    assert_eq!(
        app.post(&path, Some(&cy), json!({})).await.1["state"],
        "going"
    );
    assert_eq!(
        app.post(&path, Some(&dee), json!({})).await.1["state"],
        "waiting",
        "full: the waiting list"
    );
    let (_, event) = app.get(&format!("/api/v1/events/{id}"), Some(&dee)).await;
    assert_eq!(event["participant_count"], 2);
    assert_eq!(event["remaining_capacity"], 0);
    assert_eq!(event["my_state"], "waiting");
    // Others see the count; the organiser sees the list.
    let (status, _) = app
        .get(&format!("/api/v1/events/{id}/participants"), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, list) = app
        .get(&format!("/api/v1/events/{id}/participants"), Some(&ada))
        .await;
    assert_eq!(list.as_array().unwrap().len(), 3);

    // Bob leaves: Dee moves up, and is told.
    let (status, _) = app
        .delete(&format!("/api/v1/events/{id}/registration"), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, event) = app.get(&format!("/api/v1/events/{id}"), Some(&dee)).await;
    assert_eq!(event["my_state"], "going");
    let (_, notes) = app.get("/api/v1/notifications", Some(&dee)).await;
    assert_eq!(notes[0]["kind"], "event.accepted");

    // Restricted: the organiser approves.
    let id = event_in(
        &app,
        &ada,
        json!({"title": "Closed meeting", "starts_at": future(48), "ends_at": future(49),
               "timezone": "UTC", "join_mode": "restricted"}),
    )
    .await;
    assert_eq!(
        app.post(
            &format!("/api/v1/events/{id}/registration"),
            Some(&bob),
            json!({})
        )
        .await
        .1["state"],
        "pending"
    );
    let (status, decided) = app
        .post(
            &format!("/api/v1/events/{id}/participants"),
            Some(&ada),
            json!({"account": "bob", "approve": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["state"], "going");
    // Invitation only: registering is refused; the organiser adds people.
    let id = event_in(
        &app,
        &ada,
        json!({"title": "Invited", "starts_at": future(48), "ends_at": future(49),
               "timezone": "UTC", "join_mode": "invite"}),
    )
    .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/events/{id}/registration"),
            Some(&cy),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, added) = app
        .post(
            &format!("/api/v1/events/{id}/participants"),
            Some(&ada),
            json!({"account": "cy", "approve": true}),
        )
        .await;
    assert_eq!(added["state"], "going");
    let (_, mine) = app.get("/api/v1/me/events", Some(&cy)).await;
    let titles: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, vec!["Invited", "Small room"]);
}

async fn cancellation_and_reminders_notify_participants_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "talks", "public").await;
    // Starts in 30 minutes: the 1-hour reminder is due, the 24-hour one is
    // pointless and skipped.
    let soon = event_in(
        &app,
        &ada,
        json!({"title": "Soon", "starts_at": future(1), "ends_at": future(2),
               "timezone": "UTC"}),
    )
    .await;
    sqlx::query("UPDATE events SET starts_at = $1 WHERE id = $2")
        .bind(agora::db::now() + 30 * 60 * 1_000_000)
        .bind(soon)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let later = event_in(
        &app,
        &ada,
        json!({"title": "Tomorrow", "starts_at": future(20), "ends_at": future(21), "timezone": "UTC"}),
    )
    .await;
    for id in [soon, later] {
        app.post(
            &format!("/api/v1/events/{id}/registration"),
            Some(&bob),
            json!({}),
        )
        .await;
    }
    // What the reminder task does every 30 s; twice, as after a restart.
    agora::events::reminders::send_due(&app.state.db)
        .await
        .unwrap();
    agora::events::reminders::send_due(&app.state.db)
        .await
        .unwrap();
    let (_, notes) = app
        .get("/api/v1/notifications?unread=true", Some(&bob))
        .await;
    let reminders: Vec<&str> = notes
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "event.reminder")
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert_eq!(reminders.len(), 2, "{notes}");
    assert!(
        reminders
            .iter()
            .any(|m| m.starts_with("“Soon” starts in an hour: ") && m.ends_with("(UTC)"))
    );
    assert!(
        reminders
            .iter()
            .any(|m| m.starts_with("“Tomorrow” starts tomorrow: "))
    );

    let (status, _) = app
        .post("/api/v1/notifications/read", Some(&bob), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, cancelled) = app
        .patch(
            &format!("/api/v1/events/{later}"),
            Some(&ada),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    let (_, notes) = app
        .get("/api/v1/notifications?unread=true", Some(&bob))
        .await;
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["kind"], "event.cancelled");
    let (status, _) = app
        .post(
            &format!("/api/v1/events/{later}/registration"),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a cancelled event takes no registrations"
    );
    let (status, _) = app
        .patch(
            &format!("/api/v1/events/{soon}"),
            Some(&bob),
            json!({"title": "mine"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the organiser and content managers edit"
    );
}

async fn icalendar_output_parses_with_an_independent_parser(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    let id = event_in(
        &app,
        &ada,
        json!({"title": "Droits humains, justice; accès", "description": "Line one\nline two, with commas",
               "starts_at": "2026-03-30T10:00", "ends_at": "2026-03-30T12:00", "timezone": "Europe/Brussels",
               "place_name": "Maison de la Paix", "place_address": "Rue de la Loi 1, Bruxelles",
               "latitude": 50.846, "longitude": 4.357}),
    )
    .await;
    let get = |path: String| {
        let client = app.client.clone();
        let url = format!("{}{path}", app.base);
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
            assert!(
                response.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/calendar")
            );
            response.text().await.unwrap()
        }
    };
    for text in [
        get(format!("/api/v1/events/{id}/calendar.ics")).await,
        get("/api/v1/spaces/talks/calendar.ics".into()).await,
    ] {
        let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
        let calendar = parser.next().expect("a calendar").expect("it parses");
        assert_eq!(calendar.events.len(), 1, "{text}");
        let event = &calendar.events[0];
        let value = |name: &str| {
            event
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap_or_default()
        };
        // 10:00 in Brussels after the change to summer time is 08:00 UTC.
        assert_eq!(value("DTSTART"), "20260330T080000Z");
        assert_eq!(value("DTEND"), "20260330T100000Z");
        assert_eq!(value("SUMMARY"), "Droits humains\\, justice\\; accès");
        assert_eq!(value("GEO"), "50.846;4.357");
        assert!(value("LOCATION").contains("Maison de la Paix"));
        assert_eq!(value("STATUS"), "CONFIRMED");
    }

    // The personal feed, behind a secret.
    let (status, token) = app
        .post("/api/v1/me/calendar-token", Some(&ada), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // (The March event is long past; the feed holds what is coming.)
    let coming = event_in(
        &app,
        &ada,
        json!({"title": "Coming", "starts_at": future(48), "ends_at": future(50), "timezone": "UTC"}),
    )
    .await;
    app.post(
        &format!("/api/v1/events/{coming}/registration"),
        Some(&ada),
        json!({}),
    )
    .await;
    let url = token["url"].as_str().unwrap();
    let path = &url[url.find("/calendar/").unwrap()..];
    let text = get(path.to_owned()).await;
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    assert_eq!(parser.next().unwrap().unwrap().events.len(), 1);
    let (status, _) = app.get("/calendar/not-a-token.ics", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
