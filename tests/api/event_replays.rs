//! What events leave behind (issue 17 point 4): organisers attach a
//! recording, slides or notes once an event has started, those who went are
//! told, and past events with their replays make each space's archive and
//! the instance's — a private space's staying with its members.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    replays_attach_to_started_events_and_reach_those_who_went,
    archives_list_past_events_newest_first_and_keep_private_spaces_home,
    organisers_attach_replays_from_the_event_page,
);

fn hours_from_now(hours: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours)).to_string()
}

async fn event_in(app: &TestApp, owner: &User, space: &str, body: Value) -> i64 {
    let (status, event) = app
        .post(&format!("/api/v1/spaces/{space}/events"), Some(owner), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    event["id"].as_i64().unwrap()
}

fn kinds(notes: &Value) -> Vec<String> {
    notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn replays_attach_to_started_events_and_reach_those_who_went(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let (bob, cy, dee) = (
        app.user("bob").await,
        app.user("cy").await,
        app.user("dee").await,
    );
    app.space(&ada, "talks", "public").await;
    app.space(&ada, "other", "public").await;
    app.add_member(&ada, "talks", &bob, "contributor").await;

    // Not yet started: nothing to attach.
    let later = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Next month", "starts_at": hours_from_now(700),
               "ends_at": hours_from_now(701), "timezone": "UTC"}),
    )
    .await;
    let (status, answer) = app
        .post(
            &format!("/api/v1/events/{later}/materials"),
            Some(&ada),
            json!({"kind": "recording", "url": "https://video.example/watch/1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("started"));

    // Under way: Bob and Cy went, Dee did not register.
    let id = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Monthly talk", "starts_at": hours_from_now(-1),
               "ends_at": hours_from_now(1), "timezone": "UTC"}),
    )
    .await;
    for who in [&bob, &cy] {
        let (_, registered) = app
            .post(
                &format!("/api/v1/events/{id}/registration"),
                Some(who),
                json!({}),
            )
            .await;
        assert_eq!(registered["state"], "going");
    }
    let path = format!("/api/v1/events/{id}/materials");
    let recording = json!({"kind": "recording", "title": "The talk",
                           "url": "https://video.example/watch/talk"});
    // Only its organisers: a contributor who is not, anonymous visitors.
    let (status, _) = app.post(&path, Some(&bob), recording.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.post(&path, None, recording.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Bad input is refused with a reason, and nothing is kept.
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    for (body, status, word) in [
        (
            json!({"kind": "recording", "url": "javascript:alert(1)"}),
            invalid,
            "url",
        ),
        (json!({"kind": "recording"}), invalid, "url"),
        (
            json!({"kind": "recording", "url": "https://a.example", "item_id": 1}),
            invalid,
            "url",
        ),
        (
            json!({"kind": "notes", "title": "t".repeat(201), "url": "https://a.example"}),
            invalid,
            "title",
        ),
        // Not JSON of this shape at all: the API's 400, naming the field.
        (
            json!({"kind": "minutes", "url": "https://a.example"}),
            StatusCode::BAD_REQUEST,
            "kind",
        ),
    ] {
        let (got, answer) = app.post(&path, Some(&ada), body.clone()).await;
        assert_eq!(got, status, "{body}: {answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or_default()
                .contains(word),
            "{body}: {answer}"
        );
    }
    let (_, listed) = app.get(&path, None).await;
    assert_eq!(listed, json!([]));

    let (status, listed) = app.post(&path, Some(&ada), recording).await;
    assert_eq!(status, StatusCode::CREATED, "{listed}");
    assert_eq!(listed[0]["kind"], "recording");
    assert_eq!(listed[0]["title"], "The talk");
    assert_eq!(listed[0]["url"], "https://video.example/watch/talk");

    // Those who went are told, once; Dee and the organiser are not.
    for who in [&bob, &cy] {
        let (_, notes) = app.get("/api/v1/notifications", Some(who)).await;
        let replays: Vec<&Value> = notes
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "event.replay")
            .collect();
        assert_eq!(replays.len(), 1, "{notes}");
        assert_eq!(replays[0]["params"]["material"], "recording");
        assert_eq!(replays[0]["event_id"], id);
    }
    for who in [&dee, &ada] {
        let (_, notes) = app.get("/api/v1/notifications", Some(who)).await;
        assert!(
            !kinds(&notes).contains(&"event.replay".to_owned()),
            "{notes}"
        );
    }

    // Slides from the space's library: the item's title stands in.
    let (_, note) = app
        .post(
            "/api/v1/spaces/talks/library/notes",
            Some(&ada),
            json!({"title": "Slides of the monthly talk", "body": "1. Context"}),
        )
        .await;
    let note = note["id"].as_i64().unwrap();
    let (_, elsewhere) = app
        .post(
            "/api/v1/spaces/other/library/notes",
            Some(&ada),
            json!({"title": "Not this space's", "body": "x"}),
        )
        .await;
    let (status, answer) = app
        .post(
            &path,
            Some(&ada),
            json!({"kind": "slides", "item_id": elsewhere["id"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let (status, listed) = app
        .post(
            &path,
            Some(&ada),
            json!({"kind": "slides", "item_id": note}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{listed}");
    assert_eq!(listed[1]["kind"], "slides");
    assert_eq!(listed[1]["item_id"], note);
    assert_eq!(listed[1]["title"], "Slides of the monthly talk");
    assert_eq!(listed[1]["url"], Value::Null);

    // Anyone who sees the event sees what it left.
    let (status, seen) = app.get(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen.as_array().unwrap().len(), 2);

    // Taking one off: the organisers only; the note stays in the library.
    let first = listed[0]["id"].as_i64().unwrap();
    let (status, _) = app.delete(&format!("{path}/{first}"), Some(&bob)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.delete(&format!("{path}/{first}"), Some(&ada)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.delete(&format!("{path}/{first}"), Some(&ada)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, seen) = app.get(&path, None).await;
    assert_eq!(seen.as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["kind"], "slides");
    let (status, _) = app
        .get(&format!("/api/v1/library/items/{note}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::OK);
    // Deleting the item takes it off the event.
    let (status, _) = app
        .delete(&format!("/api/v1/library/items/{note}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, seen) = app.get(&path, None).await;
    assert_eq!(seen, json!([]), "a deleted item is not left on the event");
}

async fn archives_list_past_events_newest_first_and_keep_private_spaces_home(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let (bob, eve) = (app.user("bob").await, app.user("eve").await);
    app.space(&ada, "talks", "public").await;
    app.space(&ada, "case", "private").await;
    app.add_member(&ada, "case", &bob, "contributor").await;

    // 23 past talks, a day apart (Talk 23 the latest), and one to come.
    for n in 1..=23 {
        event_in(
            &app,
            &ada,
            "talks",
            json!({"title": format!("Talk {n}"),
                   "starts_at": hours_from_now(-24 * (30 - n) - 2),
                   "ends_at": hours_from_now(-24 * (30 - n) - 1), "timezone": "UTC"}),
        )
        .await;
    }
    event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Talk to come", "starts_at": hours_from_now(48),
               "ends_at": hours_from_now(49), "timezone": "UTC"}),
    )
    .await;
    let secret = event_in(
        &app,
        &ada,
        "case",
        json!({"title": "Sealed hearing", "starts_at": hours_from_now(-5),
               "ends_at": hours_from_now(-4), "timezone": "UTC"}),
    )
    .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/events/{secret}/materials"),
            Some(&ada),
            json!({"kind": "recording", "url": "https://video.example/sealed"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let titles = |page: &Value| -> Vec<String> {
        page["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["event"]["title"].as_str().unwrap().to_owned())
            .collect()
    };
    // The instance's archive: public spaces only, newest first, 20 a page.
    for viewer in [None, Some(&bob), Some(&ada)] {
        let (status, first) = app.get("/api/v1/events/past", viewer).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        let expected: Vec<String> = (4..=23).rev().map(|n| format!("Talk {n}")).collect();
        assert_eq!(titles(&first), expected);
        let next = first["next"].as_str().expect("a second page");
        let (status, second) = app
            .get(&format!("/api/v1/events/past?before={next}"), viewer)
            .await;
        assert_eq!(status, StatusCode::OK, "{second}");
        assert_eq!(titles(&second), ["Talk 3", "Talk 2", "Talk 1"]);
        assert_eq!(second["next"], Value::Null);
        for page in [&first, &second] {
            let text = page.to_string();
            assert!(
                !text.contains("Sealed") && !text.contains("sealed"),
                "{text}"
            );
        }
    }
    let (status, _) = app.get("/api/v1/events/past?before=yesterday", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A private space's archive: its members; to anyone else it does not
    // exist, exactly as a space that does not.
    let (status, page) = app.get("/api/v1/spaces/case/events/past", Some(&bob)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(titles(&page), ["Sealed hearing"]);
    assert_eq!(
        page["events"][0]["materials"][0]["url"],
        "https://video.example/sealed"
    );
    let (_, missing) = app
        .get("/api/v1/spaces/no-such-space/events/past", Some(&eve))
        .await;
    for viewer in [None, Some(&eve)] {
        let (status, answer) = app.get("/api/v1/spaces/case/events/past", viewer).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(answer, missing);
        let (status, _) = app
            .get(&format!("/api/v1/events/{secret}/materials"), viewer)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    // The pages say the same.
    let visitor = Browser::new(&app);
    let page = visitor.get("/events/past").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Talk 23");
    page.assert_contains("Talk 4<");
    assert!(!page.body.contains("Talk 3<"), "20 a page");
    assert!(!page.body.contains("Sealed") && !page.body.contains("Talk to come"));
    page.assert_contains("/events/past?before=");
    let page = visitor.get("/s/talks/events/past").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Talk 23");
    let page = visitor.get("/s/case/events/past").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Sealed"));
    let member = Browser::signed_in(&app, &bob).await;
    let page = member.get("/s/case/events/past").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Sealed hearing");
    page.assert_contains("https://video.example/sealed");
    // The old address of a space's past events leads to its archive.
    let moved = visitor.get("/s/talks/events?past=1").await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(moved.location(), "/s/talks/events/past");
}

async fn organisers_attach_replays_from_the_event_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let talks = app.space(&ada, "talks", "public").await;
    let id = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Webinar", "starts_at": hours_from_now(-2),
               "ends_at": hours_from_now(-1), "timezone": "UTC"}),
    )
    .await;
    let organiser = Browser::signed_in(&app, &ada).await;
    let page = organiser.get(&format!("/event/{id}")).await;
    page.assert_contains(&format!("action=\"/event/{id}/replays\""));
    page.assert_contains(&format!("action=\"/event/{id}/replays/upload\""));

    let attached = organiser
        .submit(
            &format!("/event/{id}/replays"),
            &[
                ("kind", "recording"),
                ("title", "Replay"),
                ("url", "https://video.example/watch/webinar"),
                ("item", ""),
            ],
        )
        .await;
    assert_eq!(attached.status, StatusCode::SEE_OTHER, "{}", attached.body);
    assert_eq!(attached.location(), format!("/event/{id}#replays"));
    let refused = organiser
        .submit(
            &format!("/event/{id}/replays"),
            &[
                ("kind", "recording"),
                ("title", ""),
                ("url", ""),
                ("item", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    let uploaded = organiser
        .upload(
            &format!("/event/{id}/replays/upload"),
            &[("kind", "slides"), ("title", "")],
            "webinar-slides.pdf",
            b"%PDF-1.4\n% slides\n".to_vec(),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let (_, listed) = app
        .get(&format!("/api/v1/events/{id}/materials"), None)
        .await;
    assert_eq!(listed[0]["url"], "https://video.example/watch/webinar");
    assert_eq!(listed[1]["kind"], "slides");
    assert_eq!(listed[1]["title"], "webinar-slides.pdf");
    let item = listed[1]["item_id"].as_i64().expect("kept in the library");
    let (status, file) = app
        .get(&format!("/api/v1/library/items/{item}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(file["space_id"], talks);

    // Everyone sees them; only the organisers get the forms.
    let visitor = Browser::signed_in(&app, &bob).await;
    let page = visitor.get(&format!("/event/{id}")).await;
    page.assert_contains("id=\"replays\"");
    page.assert_contains("https://video.example/watch/webinar");
    page.assert_contains(&format!("href=\"/item/{item}\""));
    assert!(
        !page.body.contains("/replays\""),
        "no form for a participant"
    );
    let stray = visitor
        .upload(
            &format!("/event/{id}/replays/upload"),
            &[("kind", "slides"), ("title", "")],
            "mine.pdf",
            b"%PDF-1.4\n".to_vec(),
        )
        .await;
    assert_eq!(stray.status, StatusCode::FORBIDDEN);
    let (_, listed) = app
        .get(&format!("/api/v1/events/{id}/materials"), None)
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 2, "nothing was attached");
}
