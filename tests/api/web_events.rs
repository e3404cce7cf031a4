//! The events pages over HTTP: planning an event through the form, its
//! list and page, registering, and privacy.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    a_member_plans_an_event_and_others_register,
    the_event_form_reports_what_it_refuses,
    events_of_a_private_space_stay_hidden,
);

async fn a_member_plans_an_event_and_others_register(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    let organiser = Browser::signed_in(&app, &ada).await;

    let list = organiser.get("/s/news/events").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    list.assert_contains("action=\"/s/news/events\"");
    list.assert_contains("type=\"datetime-local\"");
    list.assert_contains("value=\"UTC\"");

    let created = organiser
        .submit(
            "/s/news/events",
            &[
                ("title", "Hearing on the river"),
                ("description", "Bring *maps*."),
                ("starts_at", "2099-05-03T10:00"),
                ("ends_at", "2099-05-03T12:30"),
                ("timezone", "Africa/Kinshasa"),
                ("online_url", "https://meet.example.org/river"),
                ("place_name", "Salle Lumumba"),
                ("place_address", ""),
                ("latitude", ""),
                ("longitude", ""),
                ("capacity", "1"),
                ("join_mode", "free"),
                ("waitlist", "on"),
                ("language", "fr"),
                ("status", "confirmed"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let path = created.location().to_owned();
    let id: i64 = path
        .strip_prefix("/event/")
        .and_then(|id| id.parse().ok())
        .expect("redirected to the event");

    // The API agrees on what was stored: 10:00 in Kinshasa is 09:00 UTC.
    let (_, stored) = app.get(&format!("/api/v1/events/{id}"), Some(&ada)).await;
    assert_eq!(stored["starts_at"], "2099-05-03T09:00:00Z");
    assert_eq!(stored["timezone"], "Africa/Kinshasa");

    let list = organiser.get("/s/news/events").await;
    list.assert_contains(&format!("href=\"/event/{id}\""));
    list.assert_contains("Hearing on the river");
    list.assert_contains("3 May 2099, 10:00 to 12:30");
    list.assert_contains("Africa/Kinshasa");
    list.assert_contains("Salle Lumumba");

    let page = organiser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<h1 lang=\"fr\"><bdi>Hearing on the river</bdi></h1>");
    page.assert_contains("<em>maps</em>");
    page.assert_contains("https://meet.example.org/river");
    page.assert_contains(&format!("/api/v1/events/{id}/calendar.ics"));
    page.assert_contains("Nobody registered yet");
    page.assert_contains(&format!("action=\"/event/{id}/edit\""));

    // Another member registers from the page, takes the only place, and
    // withdraws.
    let guest = Browser::signed_in(&app, &bob).await;
    let before = guest.get(&path).await;
    before.assert_contains(&format!("action=\"/event/{id}/register\""));
    assert!(
        !before
            .body
            .contains(&format!("action=\"/event/{id}/edit\""))
    );
    let registered = guest.submit(&format!("/event/{id}/register"), &[]).await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    assert_eq!(registered.location(), path);
    let going = guest.get(&path).await;
    going.assert_contains("You are going.");
    going.assert_contains("1 person going");
    going.assert_contains("Full");
    going.assert_contains(&format!("action=\"/event/{id}/unregister\""));
    let organiser_view = organiser.get(&path).await;
    organiser_view.assert_contains("<bdi>bob</bdi>");

    let unregistered = guest.submit(&format!("/event/{id}/unregister"), &[]).await;
    assert_eq!(
        unregistered.status,
        StatusCode::SEE_OTHER,
        "{}",
        unregistered.body
    );
    let after = guest.get(&path).await;
    after.assert_contains("Nobody registered yet");
    after.assert_contains(&format!("action=\"/event/{id}/register\""));

    // The organiser changes the event; the form shows its local times.
    let edited = organiser
        .submit(
            &format!("/event/{id}/edit"),
            &[
                ("title", "Hearing on the river (moved)"),
                ("description", "Bring *maps*."),
                ("starts_at", "2099-05-04T14:00"),
                ("ends_at", "2099-05-05T11:00"),
                ("timezone", "Africa/Kinshasa"),
                ("online_url", ""),
                ("place_name", "Salle Lumumba"),
                ("place_address", "Boulevard du 30 Juin"),
                ("capacity", "10"),
                ("join_mode", "free"),
                ("language", "fr"),
                ("status", "tentative"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let page = organiser.get(&path).await;
    page.assert_contains("Hearing on the river (moved)");
    page.assert_contains("4 May 2099, 14:00 to 5 May 2099, 11:00");
    page.assert_contains("value=\"2099-05-04T14:00\"");
    page.assert_contains("Boulevard du 30 Juin");
    page.assert_contains("To be confirmed");
    assert!(!page.body.contains("https://meet.example.org/river"));

    // Past events have their own listing, the space's archive.
    let past = organiser.get("/s/news/events/past").await;
    assert_eq!(past.status, StatusCode::OK);
    past.assert_contains("No past events.");

    let cancelled = organiser.submit(&format!("/event/{id}/cancel"), &[]).await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    organiser
        .get(&path)
        .await
        .assert_contains("This event is cancelled.");
}

async fn the_event_form_reports_what_it_refuses(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let refused = browser
        .submit(
            "/s/news/events",
            &[
                ("title", "Somewhere"),
                ("starts_at", "2099-05-03T10:00"),
                ("ends_at", "2099-05-03T12:00"),
                ("timezone", "Mars/Olympus"),
                ("join_mode", "free"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The form again, with the zone as sent and why (tests/api/web_forms.rs
    // has the rest).
    refused.assert_contains("Some fields need another look");
    refused.assert_contains("<option value=\"Mars/Olympus\" selected>");
    refused.assert_contains("id=\"new-timezone-error\">Choose a time zone from the list.");

    let forged = browser
        .submit_raw(
            "/s/news/events",
            &[
                ("title".into(), "Forged".into()),
                ("starts_at".into(), "2099-05-03T10:00".into()),
                ("ends_at".into(), "2099-05-03T12:00".into()),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let (_, list) = app.get("/api/v1/spaces/news/events", Some(&ada)).await;
    assert_eq!(list.as_array().map(Vec::len), Some(0));
}

async fn events_of_a_private_space_stay_hidden(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let eve = app.user("eve").await;
    let space = app.space(&ada, "circle", "private").await;
    let (status, event) = app
        .post(
            &format!("/api/v1/spaces/{space}/events"),
            Some(&ada),
            json!({"title": "Closed meeting", "starts_at": "2099-01-10T10:00",
                   "ends_at": "2099-01-10T11:00", "timezone": "UTC"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();

    let member = Browser::signed_in(&app, &ada).await;
    member
        .get(&format!("/event/{id}"))
        .await
        .assert_contains("Closed meeting");

    let outsider = Browser::signed_in(&app, &eve).await;
    let missing = outsider.get("/event/99999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.assert_contains("Page not found");
    for path in [
        format!("/event/{id}"),
        format!("/s/{space}/events"),
        "/event/not-a-number".to_owned(),
    ] {
        let page = outsider.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        page.assert_contains("Page not found");
        assert!(!page.body.contains("Closed meeting"), "{path}");
    }
    let registered = outsider.submit(&format!("/event/{id}/register"), &[]).await;
    assert_eq!(registered.status, StatusCode::NOT_FOUND);
    let anonymous = Browser::new(&app).get(&format!("/event/{id}")).await;
    assert_eq!(anonymous.status, StatusCode::NOT_FOUND);
    assert!(!anonymous.body.contains("Closed meeting"));
}
