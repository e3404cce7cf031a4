//! Guests (issue 17 point 5): people without an account register for a
//! public event with a name and an email address, confirm by a link in a
//! real email (a real SMTP server on loopback), cancel by a link in any
//! email, and hear of changes, reminders and messages by email. Without
//! JavaScript, on both engines.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::smtp_support::{Received, SmtpSink};
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    a_guest_confirms_by_email_gets_the_link_and_cancels_by_a_link,
    approval_only_events_wait_for_the_organiser,
    changes_reminders_and_messages_reach_guests,
    the_form_is_bounded_and_says_nothing_about_who_registered,
    private_and_closed_events_take_no_guests_and_bad_input_is_refused,
);

const BASE: &str = "http://agora.test";
const MEETING: &str = "https://meet.example/talks-42";

async fn event_in(app: &TestApp, organiser: &User, space: &str, body: Value) -> i64 {
    let (status, event) = app
        .post(
            &format!("/api/v1/spaces/{space}/events"),
            Some(organiser),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    event["id"].as_i64().unwrap()
}

fn talk(extra: Value) -> Value {
    let mut body = json!({"title": "Monthly Talk", "starts_at": "2099-03-06T10:00",
        "ends_at": "2099-03-06T12:00", "timezone": "Africa/Kinshasa",
        "online_url": MEETING, "guests": true});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// A visitor fills the form on the event's page, without JavaScript.
async fn fill_form(app: &TestApp, event: i64, name: &str, email: &str) -> crate::web_support::Page {
    let browser = Browser::new(app);
    let page = browser.get(&format!("/event/{event}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("action=\"/event/{event}/guests\""));
    browser
        .submit(
            &format!("/event/{event}/guests"),
            &[("name", name), ("email", email)],
        )
        .await
}

fn path_of(mail: &Received, prefix: &str) -> String {
    let link = mail
        .link(&format!("{BASE}{prefix}"))
        .unwrap_or_else(|| panic!("no {prefix} link in:\n{}", mail.text()));
    link.trim_start_matches(BASE).to_owned()
}

/// Registers and confirms by the emailed link; returns the confirmation
/// email.
async fn guest_confirms(app: &TestApp, sink: &SmtpSink, event: i64, name: &str, email: &str) {
    let page = fill_form(app, event, name, email).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("Check your inbox");
    let mail = sink
        .wait_for(email, |m| {
            m.subject().starts_with("Confirm your registration")
        })
        .await;
    let confirm = path_of(&mail, "/guest/confirm/");
    assert!(path_of(&mail, "/guest/cancel/").starts_with("/guest/cancel/"));
    let browser = Browser::new(app);
    // Opening the link changes nothing (mail scanners open links) …
    let page = browser.get(&confirm).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Confirm my registration</button>");
    // … the button does.
    let done = browser.submit_raw(&confirm, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
}

async fn guests_of(app: &TestApp, organiser: &User, event: i64) -> Vec<Value> {
    let (status, list) = app
        .get(&format!("/api/v1/events/{event}/guests"), Some(organiser))
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

fn state_of(list: &[Value], email: &str) -> String {
    list.iter()
        .find(|g| g["email"] == email)
        .map(|g| g["state"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn start(test: &str, backend: Backend) -> Option<(SmtpSink, TestApp)> {
    let sink = SmtpSink::start(test, &[])?;
    let url = sink.url();
    let app = TestApp::spawn_with(backend, |c| c.email.smtp_url = Some(url)).await;
    Some((sink, app))
}

async fn a_guest_confirms_by_email_gets_the_link_and_cancels_by_a_link(backend: Backend) {
    let Some((sink, app)) = start(
        "a_guest_confirms_by_email_gets_the_link_and_cancels_by_a_link",
        backend,
    )
    .await
    else {
        return;
    };
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    let event = event_in(&app, &ada, "talks", talk(json!({"capacity": 1}))).await;

    // Unconfirmed: listed as such, not counted, no email but the link's.
    let page = fill_form(&app, event, "Amina <b>Diallo</b>", "Amina@Example.org").await;
    assert_eq!(page.status, StatusCode::OK);
    let list = guests_of(&app, &ada, event).await;
    assert_eq!(state_of(&list, "amina@example.org"), "unconfirmed");
    let mail = sink
        .wait_for("amina@example.org", |m| m.subject().contains("Confirm"))
        .await;
    assert!(!mail.text().contains(MEETING), "{}", mail.text());
    assert!(!mail.html().contains("<b>Diallo</b>"), "names are escaped");
    assert!(mail.html().contains("&lt;b&gt;Diallo&lt;/b&gt;"));
    let confirm = path_of(&mail, "/guest/confirm/");
    let browser = Browser::new(&app);
    browser.get(&confirm).await;
    assert_eq!(
        state_of(&guests_of(&app, &ada, event).await, "amina@example.org"),
        "unconfirmed",
        "a GET confirms nothing"
    );
    let done = browser.submit_raw(&confirm, &[]).await;
    done.assert_contains("You are registered");
    // Confirmed: going, with the meeting link by email.
    let going = sink
        .wait_for("amina@example.org", |m| {
            m.subject().starts_with("You are registered")
        })
        .await;
    assert!(going.text().contains(MEETING), "{}", going.text());
    assert!(
        going.text().contains("(Africa/Kinshasa)"),
        "{}",
        going.text()
    );
    let (_, view) = app.get(&format!("/api/v1/events/{event}"), None).await;
    assert_eq!(view["participant_count"], 1, "{view}");
    assert_eq!(view["guests"], true);
    // The organiser is told, naming the guest.
    let (_, notes) = app.get("/api/v1/notifications", Some(&ada)).await;
    assert!(
        notes
            .to_string()
            .contains("Amina <b>Diallo</b> (guest) registered"),
        "{notes}"
    );

    // Full: the next guest waits, without the link.
    guest_confirms(&app, &sink, event, "Bruno", "bruno@example.org").await;
    let waiting = sink
        .wait_for("bruno@example.org", |m| {
            m.subject().starts_with("Your registration")
        })
        .await;
    assert!(
        waiting.text().contains("waiting list"),
        "{}",
        waiting.text()
    );
    assert!(!waiting.text().contains(MEETING));
    // A member registering now waits behind Bruno.
    let cara = app.user("cara").await;
    let (_, reg) = app
        .post(
            &format!("/api/v1/events/{event}/registration"),
            Some(&cara),
            json!({}),
        )
        .await;
    assert_eq!(reg["state"], "waiting", "{reg}");

    // The list and the CSV show guests, marked as such.
    let (status, csv) = app
        .get(
            &format!("/api/v1/events/{event}/participants.csv"),
            Some(&ada),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = csv.as_str().unwrap().to_owned();
    assert!(csv.contains("Amina <b>Diallo</b>,,,going (guest)"), "{csv}");
    assert!(csv.contains("Bruno,,,waiting (guest)"), "{csv}");
    assert!(csv.contains("cara,,,waiting\n"), "{csv}");
    let organiser = Browser::signed_in(&app, &ada).await;
    let page = organiser.get(&format!("/event/{event}")).await;
    page.assert_contains("bruno@example.org");
    page.assert_contains("Amina &#60;b&#62;Diallo&#60;/b&#62;");

    // Amina cancels by the link in her last email: a GET asks, the POST
    // cancels, and Bruno (first in line) gets her place and the link.
    let cancel = path_of(&going, "/guest/cancel/");
    let page = browser.get(&cancel).await;
    page.assert_contains("Cancel my registration</button>");
    assert_eq!(
        state_of(&guests_of(&app, &ada, event).await, "amina@example.org"),
        "going"
    );
    let page = browser.submit_raw(&cancel, &[]).await;
    page.assert_contains("Your registration is cancelled");
    sink.wait_for("amina@example.org", |m| {
        m.subject().contains("is cancelled")
    })
    .await;
    let moved = sink
        .wait_for("bruno@example.org", |m| {
            m.subject().starts_with("You are registered")
        })
        .await;
    assert!(moved.text().contains(MEETING), "{}", moved.text());
    let list = guests_of(&app, &ada, event).await;
    assert_eq!(state_of(&list, "bruno@example.org"), "going");
    assert_eq!(state_of(&list, "amina@example.org"), "");
    let (_, reg) = app
        .get(&format!("/api/v1/events/{event}"), Some(&cara))
        .await;
    assert_eq!(reg["my_state"], "waiting", "{reg}");
    // The confirmation link of the older email still confirms nothing new.
    let page = browser.submit_raw(&confirm, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        state_of(&guests_of(&app, &ada, event).await, "amina@example.org"),
        ""
    );
    // An unknown key is no page.
    let page = browser.get("/guest/cancel/not-a-key").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

async fn approval_only_events_wait_for_the_organiser(backend: Backend) {
    let Some((sink, app)) = start("approval_only_events_wait_for_the_organiser", backend).await
    else {
        return;
    };
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "talks", "public").await;
    let event = event_in(
        &app,
        &ada,
        "talks",
        talk(json!({"join_mode": "restricted"})),
    )
    .await;
    guest_confirms(&app, &sink, event, "Amina", "amina@example.org").await;
    let pending = sink
        .wait_for("amina@example.org", |m| {
            m.subject().starts_with("Your registration")
        })
        .await;
    assert!(pending.text().contains("approval"), "{}", pending.text());
    assert!(!pending.text().contains(MEETING));
    let list = guests_of(&app, &ada, event).await;
    assert_eq!(state_of(&list, "amina@example.org"), "pending");
    let id = list[0]["id"].as_i64().unwrap();
    // Only organisers decide, list or remove.
    let path = format!("/api/v1/events/{event}/guests/{id}");
    let (status, _) = app.post(&path, Some(&bob), json!({"approve": true})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .get(&format!("/api/v1/events/{event}/guests"), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .get(&format!("/api/v1/events/{event}/guests"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app.delete(&path, Some(&bob)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app.post(&path, Some(&ada), json!({"approve": "yes"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["message"].as_str().unwrap().contains("approve"));

    let (status, body) = app.post(&path, Some(&ada), json!({"approve": true})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "going");
    let accepted = sink
        .wait_for("amina@example.org", |m| {
            m.subject().starts_with("You are registered")
        })
        .await;
    assert!(accepted.text().contains(MEETING), "{}", accepted.text());

    let (status, _) = app.delete(&path, Some(&ada)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let removed = sink
        .wait_for("amina@example.org", |m| m.subject().contains("removed"))
        .await;
    assert!(removed.link(&format!("{BASE}/guest/cancel/")).is_none());
    let (status, _) = app.delete(&path, Some(&ada)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .delete(&format!("/api/v1/events/{event}/guests/999999"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn changes_reminders_and_messages_reach_guests(backend: Backend) {
    let Some((sink, app)) = start("changes_reminders_and_messages_reach_guests", backend).await
    else {
        return;
    };
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    // Starts in 30 minutes: the 1-hour reminder is due.
    let now = jiff::Timestamp::now();
    let starts = (now + jiff::SignedDuration::from_mins(30)).to_string();
    let ends = (now + jiff::SignedDuration::from_mins(90)).to_string();
    let event = event_in(
        &app,
        &ada,
        "talks",
        talk(json!({"starts_at": starts, "ends_at": ends})),
    )
    .await;
    guest_confirms(&app, &sink, event, "Amina", "amina@example.org").await;
    sink.wait_for("amina@example.org", |m| {
        m.subject().starts_with("You are registered")
    })
    .await;

    // A change says what changed, and the new link goes to those going.
    let new_link = "https://meet.example/new-room";
    let (status, body) = app
        .patch(
            &format!("/api/v1/events/{event}"),
            Some(&ada),
            json!({"place_name": "Salle 3", "online_url": new_link}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let changed = sink
        .wait_for("amina@example.org", |m| m.subject().contains("changed"))
        .await;
    assert!(
        changed.subject().contains("new place: Salle 3"),
        "{}",
        changed.subject()
    );
    assert!(changed.text().contains(new_link), "{}", changed.text());
    assert!(changed.link(&format!("{BASE}/guest/cancel/")).is_some());

    agora::events::reminders::send_due(&app.state.db)
        .await
        .unwrap();
    let reminder = sink
        .wait_for("amina@example.org", |m| {
            m.subject().contains("starts in an hour")
        })
        .await;
    assert!(reminder.text().contains(new_link));

    let (status, body) = app
        .post(
            &format!("/api/v1/events/{event}/messages"),
            Some(&ada),
            json!({"subject": "Bring your badge", "body": "Door B, <b>second</b> floor."}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["notified"], 1, "the guest is counted");
    let message = sink
        .wait_for("amina@example.org", |m| m.subject() == "Bring your badge")
        .await;
    assert!(message.text().contains("Door B, <b>second</b> floor."));
    assert!(!message.html().contains("<b>second</b>"));

    let (status, _) = app
        .patch(
            &format!("/api/v1/events/{event}"),
            Some(&ada),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let cancelled = sink
        .wait_for("amina@example.org", |m| {
            m.subject().contains("is cancelled")
        })
        .await;
    assert!(cancelled.link(&format!("{BASE}/guest/cancel/")).is_none());
}

async fn the_form_is_bounded_and_says_nothing_about_who_registered(backend: Backend) {
    // No SMTP server: the emails are files, which is enough here.
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    let event = event_in(&app, &ada, "talks", talk(json!({}))).await;
    let other = event_in(&app, &ada, "talks", talk(json!({"title": "Other"}))).await;
    // The same address three times: the same answer each time.
    let first = fill_form(&app, event, "Amina", "amina@example.org").await;
    assert_eq!(first.status, StatusCode::OK);
    for _ in 0..2 {
        let again = fill_form(&app, event, "Amina", "amina@example.org").await;
        assert_eq!(again.status, first.status);
        again.assert_contains("Check your inbox");
    }
    // The fourth within the hour, whatever the event, waits.
    let page = fill_form(&app, other, "Amina", "AMINA@example.org").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    assert!(page.headers.get("retry-after").is_some());
    let list = guests_of(&app, &ada, event).await;
    assert_eq!(list.len(), 1, "one row per address and event");
    // An event holds a bounded number of unconfirmed guests.
    for i in 1..100 {
        let page = fill_form(&app, event, "Someone", &format!("p{i}@example.org")).await;
        assert_eq!(page.status, StatusCode::OK, "{i}: {}", page.body);
    }
    let page = fill_form(&app, event, "One too many", "late@example.org").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(guests_of(&app, &ada, event).await.len(), 100);
}

async fn private_and_closed_events_take_no_guests_and_bad_input_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "board", "private").await;
    app.space(&ada, "talks", "public").await;
    let (status, body) = app
        .post("/api/v1/spaces/board/events", Some(&ada), talk(json!({})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["message"].as_str().unwrap().contains("public spaces"));
    let hidden = event_in(&app, &ada, "board", talk(json!({"guests": false}))).await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/events/{hidden}"),
            Some(&ada),
            json!({"guests": true}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // A private space's event answers as one that does not exist.
    let browser = Browser::new(&app);
    browser.get("/").await;
    let fields = [("name", "Amina"), ("email", "amina@example.org")];
    let hidden_page = browser
        .submit(&format!("/event/{hidden}/guests"), &fields)
        .await;
    let missing = browser.submit("/event/987654321/guests", &fields).await;
    assert_eq!(hidden_page.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hidden_page.body.replace(&hidden.to_string(), "N"),
        missing.body.replace("987654321", "N")
    );
    // By invitation: no guests.
    let (status, _) = app
        .post(
            "/api/v1/spaces/talks/events",
            Some(&ada),
            talk(json!({"join_mode": "invite"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A public event that does not take guests shows no form and refuses.
    let closed = event_in(&app, &ada, "talks", talk(json!({"guests": false}))).await;
    let page = browser.get(&format!("/event/{closed}")).await;
    assert!(!page.body.contains(&format!("/event/{closed}/guests")));
    let page = browser
        .submit(&format!("/event/{closed}/guests"), &fields)
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // Bad input: 422 saying what is wrong, by the field (web_forms_people).
    let open = event_in(&app, &ada, "talks", talk(json!({}))).await;
    let long = "x".repeat(101);
    for (name, email, says) in [
        ("", "amina@example.org", "Write your name"),
        (
            long.as_str(),
            "amina@example.org",
            "in at most 100 characters",
        ),
        ("Amina", "not-an-address", "does not look right"),
        ("Amina", "amina@localhost", "does not look right"),
    ] {
        let page = browser
            .submit(
                &format!("/event/{open}/guests"),
                &[("name", name), ("email", email)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name} {email}"
        );
        page.assert_contains(says);
    }
    // Without the CSRF token, the form is refused.
    let page = browser
        .submit_raw(
            &format!("/event/{open}/guests"),
            &[
                ("name".into(), "A".into()),
                ("email".into(), "a@example.org".into()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // A cancelled event takes no more guests.
    app.patch(
        &format!("/api/v1/events/{open}"),
        Some(&ada),
        json!({"status": "cancelled"}),
    )
    .await;
    let page = browser
        .submit(&format!("/event/{open}/guests"), &fields)
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
}
