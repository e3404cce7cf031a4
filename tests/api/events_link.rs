//! The online link of an event is for its participants (issue 17 point 1):
//! its organiser, the space's content managers and those accepted see it,
//! in JSON, HTML and iCalendar; nobody else does, and neither does the
//! public `Event`. A participant of another instance gets it in a direct
//! message when accepted, and again when it changes.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::interop::{ANA, ANA_INBOX, activity_json, from_ana, sent_until, with_ana};
use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    only_participants_organisers_and_managers_see_the_link,
    a_remote_participant_gets_the_link_in_a_direct_message,
);

const LINK: &str = "https://meet.example.org/hearing-7";

fn future(hours: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours)).to_string()
}

async fn online_event(app: &TestApp, owner: &User, space: &str, join_mode: &str) -> i64 {
    let (status, event) = app
        .post(
            &format!("/api/v1/spaces/{space}/events"),
            Some(owner),
            json!({"title": "Hearing", "starts_at": future(48), "ends_at": future(50),
                   "timezone": "UTC", "online_url": LINK, "join_mode": join_mode}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    event["id"].as_i64().unwrap()
}

/// The link as `user` sees the event in the API: (whether it is online,
/// the link).
async fn seen(app: &TestApp, id: i64, user: Option<&User>) -> (bool, Option<String>) {
    let (status, event) = app.get(&format!("/api/v1/events/{id}"), user).await;
    assert_eq!(status, StatusCode::OK, "{event}");
    (
        event["online"].as_bool().unwrap(),
        event["online_url"].as_str().map(str::to_owned),
    )
}

async fn calendar(app: &TestApp, path: &str, user: Option<&User>) -> String {
    let (status, body) = app.get(path, user).await;
    assert_eq!(status, StatusCode::OK);
    body.as_str().unwrap().to_owned()
}

async fn only_participants_organisers_and_managers_see_the_link(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let (bob, cy, dee, eve) = (
        app.user("bob").await,
        app.user("cy").await,
        app.user("dee").await,
        app.user("eve").await,
    );
    app.space(&ada, "talks", "public").await;
    app.add_member(&ada, "talks", &dee, "content_manager").await;
    let id = online_event(&app, &ada, "talks", "restricted").await;
    let register = format!("/api/v1/events/{id}/registration");
    for user in [&bob, &eve] {
        let (_, answer) = app.post(&register, Some(user), json!({})).await;
        assert_eq!(answer["state"], "pending");
    }
    let (status, _) = app
        .post(
            &format!("/api/v1/events/{id}/participants"),
            Some(&ada),
            json!({"account": "eve", "approve": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let hidden = (true, None);
    let shown = (true, Some(LINK.to_owned()));
    assert_eq!(seen(&app, id, None).await, hidden, "anonymous");
    assert_eq!(seen(&app, id, Some(&cy)).await, hidden, "not registered");
    assert_eq!(seen(&app, id, Some(&bob)).await, hidden, "pending");
    assert_eq!(seen(&app, id, Some(&eve)).await, shown, "accepted");
    assert_eq!(seen(&app, id, Some(&ada)).await, shown, "organiser");
    assert_eq!(seen(&app, id, Some(&dee)).await, shown, "content manager");
    // Lists follow the same rule.
    let (_, list) = app.get("/api/v1/spaces/talks/events", None).await;
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["online_url"], Value::Null, "{list}");
    let (_, mine) = app.get("/api/v1/me/events", Some(&eve)).await;
    assert_eq!(mine[0]["online_url"], LINK, "{mine}");

    // iCalendar: one event and the space's feed.
    for path in [
        format!("/api/v1/events/{id}/calendar.ics"),
        "/api/v1/spaces/talks/calendar.ics".to_owned(),
    ] {
        let text = calendar(&app, &path, None).await;
        assert!(text.contains("SUMMARY:Hearing"), "{text}");
        assert!(!text.contains("meet.example.org"), "{path}: {text}");
        let text = calendar(&app, &path, Some(&bob)).await;
        assert!(!text.contains("meet.example.org"), "{path}: {text}");
        let text = calendar(&app, &path, Some(&eve)).await;
        assert!(text.contains("meet.example.org"), "{path}: {text}");
    }
    // The personal feed of a pending participant holds the event, not the link.
    let (_, token) = app
        .post("/api/v1/me/calendar-token", Some(&bob), json!({}))
        .await;
    let url = token["url"].as_str().unwrap();
    let text = calendar(&app, &url[url.find("/calendar/").unwrap()..], None).await;
    assert!(text.contains("SUMMARY:Hearing"), "{text}");
    assert!(!text.contains("meet.example.org"), "{text}");

    // HTML: that it is online, and where only for those who may know.
    let page = Browser::new(&app).get(&format!("/event/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("meet.example.org"), "{}", page.body);
    page.assert_contains("Shown to participants once their registration is accepted.");
    let page = Browser::signed_in(&app, &bob)
        .await
        .get(&format!("/event/{id}"))
        .await;
    assert!(!page.body.contains("meet.example.org"), "{}", page.body);
    let page = Browser::signed_in(&app, &eve)
        .await
        .get(&format!("/event/{id}"))
        .await;
    page.assert_contains(&format!("href=\"{LINK}\""));

    // The public `Event`, served at its id, says it is online, not where.
    let event = activity_json(&app, &format!("/events/{id}")).await;
    assert_eq!(event["type"], "Event");
    assert_eq!(event["isOnline"], true);
    assert!(!event.to_string().contains("meet.example.org"), "{event}");
}

fn notes_to_ana(sent: &[Value]) -> Vec<&Value> {
    sent.iter()
        .filter(|a| a["type"] == "Create" && a["object"]["type"] == "Note")
        .map(|a| &a["object"])
        .collect()
}

async fn a_remote_participant_gets_the_link_in_a_direct_message(backend: Backend) {
    let app = with_ana(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    app.space(&ada, "board", "private").await;
    // ana follows the space: she gets its public `Event`s too.
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA,
        "object": app.state.federation.urls.space("talks"),
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));
    let secret = online_event(&app, &ada, "board", "free").await;
    let id = online_event(&app, &ada, "talks", "restricted").await;
    let event_url = app.state.federation.urls.event(id);
    let join = |n: u32, object: String| {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("http://lemmy.test/activities/join/{n}"),
            "type": "Join", "actor": ANA, "object": object,
        })
    };
    // An event of a private space does not exist for other servers.
    let (status, _) = from_ana(&app, join(1, app.state.federation.urls.event(secret))).await;
    assert_eq!(status, 404);
    let (status, said) = from_ana(&app, join(2, event_url.clone())).await;
    assert_eq!((status, said.as_str()), (202, "waiting for the organiser"));

    // Nothing yet: the registration waits for the organiser.
    let (status, _) = app
        .post(
            &format!("/api/v1/events/{id}/participants"),
            Some(&ada),
            json!({"account": "ana@lemmy.test", "approve": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sent = sent_until(&app, ANA_INBOX, |s| notes_to_ana(s).len() == 1).await;
    let accept = sent.iter().position(|a| a["type"] == "Accept").unwrap();
    let note_at = sent
        .iter()
        .position(|a| a["type"] == "Create" && a["object"]["type"] == "Note")
        .unwrap();
    assert!(accept < note_at, "the Accept first: {sent:?}");
    let create = &sent[note_at];
    let organiser = app.state.federation.urls.person("ada");
    assert_eq!(create["actor"], organiser);
    assert_eq!(create["to"], json!([ANA]));
    let note = &create["object"];
    // To ana alone: no Public, no followers.
    assert_eq!(note["to"], json!([ANA]));
    assert!(note.get("cc").is_none(), "{note}");
    assert!(!create.to_string().contains("#Public"), "{create}");
    assert!(!create.to_string().contains("followers"), "{create}");
    assert_eq!(note["tag"][0]["href"], ANA);
    assert_eq!(note["context"], event_url);
    assert_eq!(note["attachment"][0]["href"], LINK);
    let content = note["content"].as_str().unwrap();
    assert!(content.contains(LINK), "{content}");
    assert!(
        content.contains("The online link for “Hearing”"),
        "{content}"
    );
    // The public Event sent to followers carries no link either.
    let events: Vec<&Value> = sent
        .iter()
        .filter(|a| a.to_string().contains("\"Event\""))
        .collect();
    assert!(!events.is_empty(), "{sent:?}");
    for activity in events {
        assert!(
            !activity.to_string().contains("meet.example.org"),
            "{activity}"
        );
    }

    // The link changes: ana is told the new one.
    let (status, _) = app
        .patch(
            &format!("/api/v1/events/{id}"),
            Some(&ada),
            json!({"online_url": "https://meet.example.org/room-2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sent = sent_until(&app, ANA_INBOX, |s| notes_to_ana(s).len() == 2).await;
    let notes = notes_to_ana(&sent);
    assert_eq!(
        notes[1]["attachment"][0]["href"],
        "https://meet.example.org/room-2"
    );
    // A change of title alone sends no new link.
    app.patch(
        &format!("/api/v1/events/{id}"),
        Some(&ada),
        json!({"title": "Hearing (2)"}),
    )
    .await;
    let secret_url = app.state.federation.urls.event(secret);
    let sent = sent_until(&app, ANA_INBOX, |s| {
        s.iter()
            .any(|a| a["type"] == "Update" && a.to_string().contains("Hearing (2)"))
    })
    .await;
    assert_eq!(notes_to_ana(&sent).len(), 2, "{sent:?}");
    assert!(
        sent.iter().all(|a| !a.to_string().contains(&secret_url)),
        "{sent:?}"
    );
}
