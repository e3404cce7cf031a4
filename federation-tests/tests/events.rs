//! Events across instances: registration from home, capacity and the
//! waiting list, the organisers' message reaching participants at home,
//! cancellation seen everywhere, a Mobilizon-shaped Join, a
//! series reaching followers date by date.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora::federation::signatures;
use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};
use url::Url;

const DEADLINE: Duration = Duration::from_secs(20);

/// The id of the copy of alpha's event on `instance`.
async fn copy_of(network: &Network, instance: &Instance, token: &str) -> i64 {
    eventually(
        &format!("{} has the event", instance.domain),
        DEADLINE,
        || async {
            let (_, spaces) = network
                .call(
                    Method::GET,
                    instance.url("/api/v1/follows"),
                    Some(token),
                    None,
                )
                .await;
            let space = spaces[0]["space_id"].as_i64()?;
            let (_, events) = network
                .call(
                    Method::GET,
                    instance.url(&format!("/api/v1/spaces/{space}/events")),
                    Some(token),
                    None,
                )
                .await;
            events.as_array()?.first()?.get("id")?.as_i64()
        },
    )
    .await
}

async fn notified(network: &Network, instance: &Instance, token: &str, kind: &str) -> bool {
    let (_, notes) = network
        .call(
            Method::GET,
            instance.url("/api/v1/notifications"),
            Some(token),
            None,
        )
        .await;
    notes
        .as_array()
        .is_some_and(|n| n.iter().any(|x| x["kind"] == kind))
}

#[tokio::test]
async fn members_elsewhere_register_and_hear_of_a_cancellation() {
    let network = Network::start(&["alpha.test", "beta.test", "gamma.test"])
        .await
        .unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let gamma = network.instance("gamma.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let chloe = network.member(gamma, "chloe").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "talks", "title": "Monthly talks", "visibility": "public"})),
        )
        .await;
    network.follow(beta, &bruno, "@talks@alpha.test").await;
    network.follow(gamma, &chloe, "@talks@alpha.test").await;

    let start = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(72)).to_string();
    let end = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(74)).to_string();
    let (status, event) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/talks/events"),
            Some(&amina),
            Some(
                json!({"title": "Webinar: strategic litigation", "starts_at": start, "ends_at": end,
                        "timezone": "Africa/Kinshasa", "capacity": 1,
                        "online_url": "https://meet.example.org/w"}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{event}");
    let alpha_event = event["id"].as_i64().unwrap();
    let (_, doc) = network
        .call(
            Method::GET,
            alpha.url(&format!("/events/{alpha_event}")),
            None,
            None,
        )
        .await;
    assert_eq!(doc["type"], "Event");
    assert_eq!(doc["timezone"], "Africa/Kinshasa");
    assert_eq!(doc["maximumAttendeeCapacity"], 1);
    // The link is for participants: the public Event says only that it is
    // online.
    assert_eq!(doc["isOnline"], true);
    assert!(!doc.to_string().contains("meet.example.org"), "{doc}");

    // Bruno registers from beta: Join → Accept.
    let on_beta = copy_of(&network, beta, &bruno).await;
    let (_, state) = network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/events/{on_beta}/registration")),
            Some(&bruno),
            None,
        )
        .await;
    assert_eq!(state["state"], "pending", "until alpha answers");
    eventually("alpha accepts bruno", DEADLINE, || async {
        let (_, event) = network
            .call(
                Method::GET,
                beta.url(&format!("/api/v1/events/{on_beta}")),
                Some(&bruno),
                None,
            )
            .await;
        (event["my_state"] == "going").then_some(())
    })
    .await;
    // Accepted, bruno gets it in a direct message, which beta keeps on its
    // copy of the event for him.
    eventually("bruno has the link", DEADLINE, || async {
        let (_, event) = network
            .call(
                Method::GET,
                beta.url(&format!("/api/v1/events/{on_beta}")),
                Some(&bruno),
                None,
            )
            .await;
        (event["online_url"] == "https://meet.example.org/w").then_some(())
    })
    .await;

    // The only place is taken: chloe, on gamma, goes on the waiting list.
    let on_gamma = copy_of(&network, gamma, &chloe).await;
    network
        .call(
            Method::POST,
            gamma.url(&format!("/api/v1/events/{on_gamma}/registration")),
            Some(&chloe),
            None,
        )
        .await;
    let list: Value = eventually("alpha lists both", DEADLINE, || async {
        let (_, list) = network
            .call(
                Method::GET,
                alpha.url(&format!("/api/v1/events/{alpha_event}/participants")),
                Some(&amina),
                None,
            )
            .await;
        list.as_array()
            .is_some_and(|l| l.len() == 2)
            .then_some(list)
    })
    .await;
    assert_eq!(
        list,
        json!([
            {"account": "bruno@beta.test", "state": "going"},
            {"account": "chloe@gamma.test", "state": "waiting"},
        ])
    );
    let (_, event) = network
        .call(
            Method::GET,
            gamma.url(&format!("/api/v1/events/{on_gamma}")),
            Some(&chloe),
            None,
        )
        .await;
    assert_eq!(event["my_state"], "pending", "gamma has no place yet");
    assert_eq!(
        event["online_url"],
        Value::Null,
        "no place, no link: {event}"
    );

    // Amina writes to the participants: those elsewhere, going or waiting,
    // find it in their notifications at home.
    let (status, sent) = network
        .call(
            Method::POST,
            alpha.url(&format!("/api/v1/events/{alpha_event}/messages")),
            Some(&amina),
            Some(json!({"subject": "Room change", "body": "We meet in room 3.\n\nBring your ID."})),
        )
        .await;
    assert_eq!(status, 202, "{sent}");
    assert_eq!(sent["notified"], 2, "bruno and chloe: {sent}");
    for (instance, token) in [(beta, &bruno), (gamma, &chloe)] {
        let note: Value = eventually(
            &format!("{} has the message", instance.domain),
            DEADLINE,
            || async {
                let (_, notes) = network
                    .call(
                        Method::GET,
                        instance.url("/api/v1/notifications"),
                        Some(token),
                        None,
                    )
                    .await;
                notes
                    .as_array()?
                    .iter()
                    .find(|n| n["kind"] == "event.message")
                    .cloned()
            },
        )
        .await;
        let text = note.to_string();
        assert!(text.contains("Room change"), "{text}");
        assert!(text.contains("Bring your ID."), "{text}");
    }

    // Amina cancels: every instance sees it, participants are told.
    let (status, _) = network
        .call(
            Method::PATCH,
            alpha.url(&format!("/api/v1/events/{alpha_event}")),
            Some(&amina),
            Some(json!({"status": "cancelled"})),
        )
        .await;
    assert_eq!(status, 200);
    for (instance, token, id) in [(beta, &bruno, on_beta), (gamma, &chloe, on_gamma)] {
        eventually(
            &format!("{} sees the cancellation", instance.domain),
            DEADLINE,
            || async {
                let (_, event) = network
                    .call(
                        Method::GET,
                        instance.url(&format!("/api/v1/events/{id}")),
                        Some(token),
                        None,
                    )
                    .await;
                let cancelled = event["status"] == "cancelled";
                (cancelled && notified(&network, instance, token, "event.cancelled").await)
                    .then_some(())
            },
        )
        .await;
    }
}

#[tokio::test]
async fn a_mobilizon_shaped_join_is_accepted() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    network.member(beta, "mo").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "talks", "title": "Talks", "visibility": "public"})),
        )
        .await;
    let start = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48)).to_string();
    let end = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(49)).to_string();
    let (_, event) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/talks/events"),
            Some(&amina),
            Some(json!({"title": "Meetup", "starts_at": start, "ends_at": end, "timezone": "UTC"})),
        )
        .await;
    let id = event["id"].as_i64().unwrap();
    // As Mobilizon sends it: a Join with a participation message, addressed
    // to the event's actor, with its own @context.
    let join = serde_json::to_vec(&json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://litepub.social/litepub/context.jsonld",
                     {"mz": "https://joinmobilizon.org/ns#", "participationMessage": {"@id": "mz:participationMessage"}}],
        "id": "http://beta.test/join/event/1",
        "type": "Join",
        "actor": "http://beta.test/users/mo",
        "object": format!("http://alpha.test/events/{id}"),
        "participationMessage": "I would like to attend",
        "to": ["http://alpha.test/spaces/talks"],
        "cc": ["https://www.w3.org/ns/activitystreams#Public"],
    }))
    .unwrap();
    let (pem,): (String,) =
        sqlx::query_as("SELECT private_key_pem FROM accounts WHERE username = 'mo'")
            .fetch_one(&beta.state.db.read)
            .await
            .unwrap();
    let inbox = alpha.url("/spaces/talks/inbox");
    let headers = signatures::sign(
        &Method::POST,
        &Url::parse(&inbox).unwrap(),
        Some(&join),
        "http://beta.test/users/mo#main-key",
        &signatures::private_key(&pem).unwrap(),
    )
    .unwrap();
    let response = network
        .client
        .post(&inbox)
        .headers(headers)
        .body(join)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 202);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["status"], "going");
    let (_, list) = network
        .call(
            Method::GET,
            alpha.url(&format!("/api/v1/events/{id}/participants")),
            Some(&amina),
            None,
        )
        .await;
    assert_eq!(list, json!([{"account": "mo@beta.test", "state": "going"}]));
    // The Accept goes back to mo's instance.
    eventually("the Accept is delivered", DEADLINE, || async {
        alpha.drained().await.then_some(())
    })
    .await;
    let (accepts,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outbound_activities WHERE body LIKE '%\"Accept\"%' AND body LIKE '%join/event/1%'",
    )
    .fetch_one(&alpha.state.db.read)
    .await
    .unwrap();
    assert_eq!(accepts, 1);
}

#[tokio::test]
async fn a_series_reaches_followers_date_by_date() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "talks", "title": "Monthly talks", "visibility": "public"})),
        )
        .await;
    network.follow(beta, &bruno, "@talks@alpha.test").await;

    // The first Thursday of the month, 15:00 in Kinshasa, four times.
    let zone = jiff::tz::TimeZone::get("Africa/Kinshasa").unwrap();
    let next_month = jiff::Zoned::now()
        .with_time_zone(zone)
        .date()
        .first_of_month();
    let first = next_month
        .checked_add(jiff::Span::new().months(1))
        .unwrap()
        .nth_weekday_of_month(1, jiff::civil::Weekday::Thursday)
        .unwrap();
    let (status, event) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/talks/events"),
            Some(&amina),
            Some(
                json!({"title": "First-Thursday clinic", "timezone": "Africa/Kinshasa",
                        "starts_at": format!("{first}T15:00"), "ends_at": format!("{first}T16:00"),
                        "repeat": "FREQ=MONTHLY;BYDAY=1TH;COUNT=4"}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{event}");
    let (_, series) = network
        .call(
            Method::GET,
            alpha.url(&format!("/api/v1/series/{}", event["series_id"])),
            Some(&amina),
            None,
        )
        .await;
    let dates: Vec<Value> = series["upcoming"].as_array().unwrap().clone();
    assert_eq!(dates.len(), 4, "{series}");
    let starts: Vec<String> = dates
        .iter()
        .map(|d| d["starts_at"].as_str().unwrap().to_owned())
        .collect();

    // Beta shows every date, at the same instants.
    let on_beta = |want: usize| {
        let network = &network;
        let bruno = &bruno;
        async move {
            let (_, spaces) = network
                .call(Method::GET, beta.url("/api/v1/follows"), Some(bruno), None)
                .await;
            let space = spaces[0]["space_id"].as_i64()?;
            let (_, events) = network
                .call(
                    Method::GET,
                    beta.url(&format!("/api/v1/spaces/{space}/events")),
                    Some(bruno),
                    None,
                )
                .await;
            let events = events.as_array()?.clone();
            (events.len() == want).then_some(events)
        }
    };
    let copies = eventually("beta has the four dates", DEADLINE, || on_beta(4)).await;
    let copied: Vec<&str> = copies
        .iter()
        .map(|e| e["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(copied, starts);
    assert!(copies.iter().all(|e| e["title"] == "First-Thursday clinic"));
    assert!(copies.iter().all(|e| e["timezone"] == "Africa/Kinshasa"));

    // One date is cancelled: beta sees that date cancelled, and only it.
    let (status, _) = network
        .call(
            Method::PATCH,
            alpha.url(&format!("/api/v1/events/{}", dates[1]["id"])),
            Some(&amina),
            Some(json!({"status": "cancelled"})),
        )
        .await;
    assert_eq!(status, 200);
    let copies = eventually("beta sees the cancelled date", DEADLINE, || async {
        let events = on_beta(4).await?;
        (events[1]["status"] == "cancelled").then_some(events)
    })
    .await;
    let statuses: Vec<&str> = copies
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["confirmed", "cancelled", "confirmed", "confirmed"]
    );
}
