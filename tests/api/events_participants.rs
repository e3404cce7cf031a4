//! Working with participants (issue 17 point 6): the organisers write to
//! everyone taking part (notification and email, through a real SMTP
//! server on loopback) and download the participant list as CSV; nobody
//! else may, and outsiders of a private space learn nothing.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::smtp_support::SmtpSink;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    a_message_reaches_those_taking_part_by_notification_and_email,
    only_organisers_write_and_outsiders_learn_nothing,
    the_participant_list_downloads_as_safe_csv,
    organisers_write_from_the_event_page_without_javascript,
);

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

/// An event by approval with one place: approving fills it, then the
/// waiting list.
async fn briefing(app: &TestApp, organiser: &User, space: &str) -> i64 {
    event_in(
        app,
        organiser,
        space,
        json!({"title": "Briefing", "starts_at": "2099-03-06T10:00",
               "ends_at": "2099-03-06T12:00", "timezone": "UTC",
               "join_mode": "restricted", "capacity": 1}),
    )
    .await
}

async fn register(app: &TestApp, user: &User, event: i64) -> String {
    let (status, body) = app
        .post(
            &format!("/api/v1/events/{event}/registration"),
            Some(user),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["state"].as_str().unwrap().to_owned()
}

async fn decide(app: &TestApp, organiser: &User, event: i64, who: &User, approve: bool) -> String {
    let (status, body) = app
        .post(
            &format!("/api/v1/events/{event}/participants"),
            Some(organiser),
            json!({"account": who.name, "approve": approve}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["state"].as_str().unwrap().to_owned()
}

/// Bob going, Cara waiting, Dan pending, Eve turned down.
async fn four_states(app: &TestApp, ada: &User, users: [&User; 4], event: i64) {
    let [bob, cara, _dan, eve] = users;
    for user in users {
        assert_eq!(register(app, user, event).await, "pending");
    }
    assert_eq!(decide(app, ada, event, bob, true).await, "going");
    assert_eq!(decide(app, ada, event, cara, true).await, "waiting");
    assert_eq!(decide(app, ada, event, eve, false).await, "rejected");
}

async fn messages(app: &TestApp, user: &User) -> Vec<Value> {
    let (status, list) = app.get("/api/v1/notifications", Some(user)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "event.message")
        .cloned()
        .collect()
}

async fn send(app: &TestApp, user: Option<&User>, event: i64, body: Value) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/events/{event}/messages"), user, body)
        .await
}

const SUBJECT: &str = "Room changed";
const BODY: &str = "We meet in Salle 3, not 2.\n\nBring <b>your</b> badge & ID.";

async fn a_message_reaches_those_taking_part_by_notification_and_email(backend: Backend) {
    let Some(sink) = SmtpSink::start(
        "a_message_reaches_those_taking_part_by_notification_and_email",
        &[],
    ) else {
        return;
    };
    let url = sink.url();
    let app = TestApp::spawn_with(backend, |c| c.email.smtp_url = Some(url)).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    let dan = app.user("dan").await;
    let eve = app.user("eve").await;
    let fay = app.user("fay").await;
    app.space(&ada, "talks", "public").await;
    let event = briefing(&app, &ada, "talks").await;
    four_states(&app, &ada, [&bob, &cara, &dan, &eve], event).await;
    // Dan takes event news in a weekly digest: a message still comes at once.
    let (status, body) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(&dan),
            Some(json!({"category": "events", "delivery": "weekly"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, sent) = send(
        &app,
        Some(&ada),
        event,
        json!({"subject": format!("  {SUBJECT} "), "body": BODY}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent, json!({"notified": 3}));

    let text = format!("ada wrote to the participants of “Briefing”: {SUBJECT}");
    for user in [&bob, &cara, &dan] {
        let got = messages(&app, user).await;
        assert_eq!(got.len(), 1, "{}: {got:?}", user.name);
        let n = &got[0];
        assert_eq!(n["text"], text.as_str());
        assert_eq!(n["params"], json!({"subject": SUBJECT, "body": BODY}));
        assert_eq!(n["link"], format!("/event/{event}"));
        assert_eq!(n["event_id"], event);
        assert_eq!(n["actor"], "ada");
        assert_eq!(
            n["excerpt"],
            "We meet in Salle 3, not 2. Bring <b>your</b> badge & ID."
        );
    }
    for user in [&ada, &eve, &fay] {
        assert!(messages(&app, user).await.is_empty(), "{}", user.name);
    }

    for user in ["bob", "cara", "dan"] {
        let address = format!("{user}@example.org");
        let mail = sink
            .wait_for(&address, |m| m.subject().contains(SUBJECT))
            .await;
        assert_eq!(mail.subject(), text);
        // Lines end in CRLF on the wire.
        let plain = mail.text().replace("\r\n", "\n");
        assert!(plain.contains(&format!("Hello {user},")), "{plain}");
        assert!(
            plain.contains(&format!(
                "{text}\n\nWe meet in Salle 3, not 2.\n\nBring <b>your</b> badge & ID.\n\n"
            )),
            "{plain}"
        );
        assert!(plain.contains(&format!("/event/{event}")), "{plain}");
        let html = mail.html();
        assert!(
            html.contains("<p>Bring &lt;b&gt;your&lt;/b&gt; badge &amp; ID.</p>"),
            "{html}"
        );
        assert!(!html.contains("<b>your</b>"), "{html}");
    }
    // Those who do not take part get nothing (by now their email would
    // have been sent with the others').
    let wrongly: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|m| m.subject().contains(SUBJECT))
        .flat_map(|m| m.recipients)
        .filter(|r| {
            !["bob@example.org", "cara@example.org", "dan@example.org"].contains(&r.as_str())
        })
        .collect();
    assert!(wrongly.is_empty(), "{wrongly:?}");

    // In a private space whose managers keep its text out of emails, the
    // email names the subject and leaves the text in Agora.
    let circle = app.space(&ada, "circle", "private").await;
    app.add_member(&ada, &circle.to_string(), &fay, "contributor")
        .await;
    let closed = event_in(
        &app,
        &ada,
        &circle.to_string(),
        json!({"title": "Closed meeting", "starts_at": "2099-01-10T10:00",
               "ends_at": "2099-01-10T11:00", "timezone": "UTC"}),
    )
    .await;
    register(&app, &fay, closed).await;
    let (status, sent) = send(
        &app,
        Some(&ada),
        closed,
        json!({"subject": "Agenda", "body": "Item one is confidential."}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent["notified"], 1);
    let mail = sink
        .wait_for("fay@example.org", |m| m.subject().contains("Agenda"))
        .await;
    let plain = mail.text();
    assert!(
        plain.contains("This happened in a private space, so its text stays there"),
        "{plain}"
    );
    assert!(!plain.contains("confidential"), "{plain}");
    assert!(!mail.html().contains("confidential"));
    let got = messages(&app, &fay).await;
    assert_eq!(got[0]["params"]["body"], "Item one is confidential.");

    // Checked, with a message a person understands.
    for (body, says) in [
        (
            json!({"subject": " ", "body": "x"}),
            "subject: write a subject",
        ),
        (
            json!({"subject": "s".repeat(201), "body": ""}),
            "subject: at most 200 characters",
        ),
        (
            json!({"subject": "ok", "body": "b".repeat(10_001)}),
            "body: at most 10000 characters",
        ),
    ] {
        let (status, answer) = send(&app, Some(&ada), event, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or_default()
                .contains(says),
            "{answer}"
        );
    }
    let (status, sent) = send(
        &app,
        Some(&ada),
        event,
        json!({"subject": "s".repeat(200), "body": "b".repeat(10_000)}),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(messages(&app, &bob).await.len(), 2);
}

async fn only_organisers_write_and_outsiders_learn_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let gus = app.user("gus").await;
    let eve = app.user("eve").await;
    app.space(&ada, "talks", "public").await;
    app.add_member(&ada, "talks", &gus, "contributor").await;
    let event = briefing(&app, &ada, "talks").await;
    register(&app, &bob, event).await;
    let message = json!({"subject": "Hello", "body": "Hi all"});

    // A participant, a contributor of the space and a stranger: forbidden.
    for user in [&bob, &gus, &eve] {
        let (status, body) = send(&app, Some(user), event, message.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}: {body}", user.name);
        let (status, _) = app
            .get(
                &format!("/api/v1/events/{event}/participants.csv"),
                Some(user),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", user.name);
    }
    let (status, _) = send(&app, None, event, message.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .get(&format!("/api/v1/events/{event}/participants.csv"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(messages(&app, &bob).await.is_empty());

    // Gus organises his own event; Ada, who manages the space, may too.
    let his = event_in(
        &app,
        &gus,
        "talks",
        json!({"title": "Gus's talk", "starts_at": "2099-04-01T10:00",
               "ends_at": "2099-04-01T11:00", "timezone": "UTC"}),
    )
    .await;
    register(&app, &bob, his).await;
    let (status, body) = send(&app, Some(&gus), his, message.clone()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body["notified"], 1);
    let (status, body) = send(&app, Some(&ada), his, message.clone()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let (status, csv) = app
        .get(
            &format!("/api/v1/events/{his}/participants.csv"),
            Some(&ada),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(csv, "name,organisation,country,status\nbob,,,going\n");

    // A private space's event: to an outsider, exactly "no such event".
    let circle = app.space(&ada, "circle", "private").await;
    let hidden = event_in(
        &app,
        &ada,
        &circle.to_string(),
        json!({"title": "Closed meeting", "starts_at": "2099-01-10T10:00",
               "ends_at": "2099-01-10T11:00", "timezone": "UTC"}),
    )
    .await;
    let probe = app
        .get(&format!("/api/v1/events/{hidden}"), Some(&eve))
        .await;
    assert_eq!(probe.0, StatusCode::NOT_FOUND);
    let nowhere = send(&app, Some(&eve), 99_999_999, message.clone()).await;
    assert_eq!(nowhere, probe);
    assert_eq!(send(&app, Some(&eve), hidden, message.clone()).await, probe);
    assert_eq!(
        app.get(
            &format!("/api/v1/events/{hidden}/participants.csv"),
            Some(&eve)
        )
        .await,
        probe
    );
    // Even with a message it would refuse: who may comes first.
    assert_eq!(
        send(&app, Some(&eve), hidden, json!({"subject": ""})).await,
        probe
    );
}

async fn profile(app: &TestApp, user: &User, change: Value) {
    let (status, body) = app.patch("/api/v1/accounts/me", Some(user), change).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn the_participant_list_downloads_as_safe_csv(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    let dan = app.user("dan").await;
    let zed = app.user("zed").await;
    let eve = app.user("eve").await;
    app.space(&ada, "talks", "public").await;
    profile(
        &app,
        &bob,
        json!({"display_name": "Bob \"the\" Builder, Jr.", "organisation": "Acme\nLtd",
               "country": "cd"}),
    )
    .await;
    profile(
        &app,
        &cara,
        json!({"display_name": "=HYPERLINK(\"http://x\")", "organisation": "+Org"}),
    )
    .await;
    profile(&app, &dan, json!({"organisation": "@home"})).await;
    profile(
        &app,
        &zed,
        json!({"display_name": "Abel", "organisation": "-minus", "country": "TN"}),
    )
    .await;
    // Eve shows her profile to nobody: the list keeps it to her.
    profile(
        &app,
        &eve,
        json!({"display_name": "Eve", "organisation": "Secret", "country": "FR",
               "profile_visibility": "nobody"}),
    )
    .await;
    let event = briefing(&app, &ada, "talks").await;
    four_states(&app, &ada, [&bob, &cara, &dan, &eve], event).await;
    register(&app, &zed, event).await;

    let response = app
        .client
        .get(format!(
            "{}/api/v1/events/{event}/participants.csv",
            app.base
        ))
        .bearer_auth(&ada.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header(CONTENT_TYPE), "text/csv; charset=utf-8");
    assert_eq!(
        header(CONTENT_DISPOSITION),
        format!("attachment; filename=\"event-{event}-participants.csv\"")
    );
    let csv = response.text().await.unwrap();
    assert_eq!(
        csv,
        "name,organisation,country,status\n\
         \"Bob \"\"the\"\" Builder, Jr.\",\"Acme\nLtd\",CD,going\n\
         \"'=HYPERLINK(\"\"http://x\"\")\",'+Org,,waiting\n\
         Abel,'-minus,TN,pending\n\
         dan,'@home,,pending\n\
         Eve,,,rejected\n"
    );
    // A spreadsheet reads back the same cells.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows[0],
        ["Bob \"the\" Builder, Jr.", "Acme\nLtd", "CD", "going"]
    );
    assert_eq!(rows.len(), 5);
}

async fn organisers_write_from_the_event_page_without_javascript(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "talks", "public").await;
    let event = briefing(&app, &ada, "talks").await;
    register(&app, &bob, event).await;
    let page = format!("/event/{event}");
    let action = format!("/event/{event}/message");

    let organiser = Browser::signed_in(&app, &ada).await;
    let shown = organiser.get(&page).await;
    assert_eq!(shown.status, StatusCode::OK);
    shown.assert_contains(&format!(
        "<form class=\"stack wide\" method=\"post\" action=\"{action}\">"
    ));
    shown.assert_contains("<input id=\"message-subject\" name=\"subject\" required");
    shown.assert_contains(&format!(
        "href=\"/event/{event}/participants.csv\" type=\"text/csv\" download>Download participants (CSV)</a>"
    ));
    let participant = Browser::signed_in(&app, &bob).await;
    let theirs = participant.get(&page).await;
    assert!(!theirs.body.contains(&action), "{}", theirs.body);
    assert!(!theirs.body.contains("participants.csv"), "{}", theirs.body);

    let sent = organiser
        .submit(
            &action,
            &[("subject", "Doors open at 9"), ("body", "Coffee first.")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.location(), format!("/event/{event}?sent=1#message"));
    organiser
        .get(&format!("/event/{event}?sent=1"))
        .await
        .assert_contains("<p class=\"notice\" role=\"status\">Message sent to 1 participant.</p>");
    let got = messages(&app, &bob).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0]["params"],
        json!({"subject": "Doors open at 9", "body": "Coffee first."})
    );
    // Bob reads it on his notifications page, escaped.
    participant
        .get("/notifications")
        .await
        .assert_contains("<blockquote class=\"message\" dir=\"auto\">Coffee first.</blockquote>");

    // Refused: the form again, with why, and what was typed kept.
    let refused = organiser
        .submit(&action, &[("subject", ""), ("body", "Keep <this> draft")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("<p class=\"notice error\" role=\"alert\">Write a subject.</p>");
    refused.assert_contains(">Keep &#60;this&#62; draft</textarea>");
    let long = "x".repeat(201);
    let refused = organiser
        .submit(&action, &[("subject", &long), ("body", "")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("The subject is too long: at most 200 characters.");

    // Not for a participant, nor without the form's token.
    let theirs = participant
        .submit(&action, &[("subject", "Hi"), ("body", "")])
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    let forged = organiser
        .submit_raw(
            &action,
            &[
                ("subject".into(), "Forged".into()),
                ("body".into(), String::new()),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(messages(&app, &bob).await.len(), 1);

    // The list, from the page's link.
    let csv = organiser
        .get(&format!("/event/{event}/participants.csv"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.headers.get(CONTENT_TYPE).unwrap(),
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        csv.body,
        "name,organisation,country,status\nbob,,,pending\n"
    );
    let theirs = participant
        .get(&format!("/event/{event}/participants.csv"))
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
}
