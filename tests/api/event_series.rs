//! Series of events (issue 17 point 3): an RRULE read in the event's zone,
//! each date an event of its own with its own registrations, exceptions
//! (a date moved, a date cancelled) kept as such, the series in iCalendar
//! with RRULE, EXDATE and RECURRENCE-ID, dates created ahead and topped up,
//! and a private space's series as invisible as the space.

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    a_monthly_series_keeps_its_local_time_and_takes_registrations_per_date,
    exceptions_stay_exceptions_in_the_calendar_and_the_series_can_end,
    open_series_are_created_ahead_and_topped_up,
    a_private_spaces_series_is_invisible_and_bad_rules_are_refused,
    organisers_start_a_series_from_the_event_form,
);

/// The second Tuesday of each month from January next year, at 10:00 in
/// New York, as jiff (not the code under test) converts them to UTC.
fn second_tuesdays(n: i8) -> Vec<String> {
    let year = jiff::Zoned::now().year() + 1;
    let zone = TimeZone::get("America/New_York").unwrap();
    (1..=n)
        .map(|month| {
            Date::new(year, month, 1)
                .unwrap()
                .nth_weekday_of_month(2, Weekday::Tuesday)
                .unwrap()
                .at(10, 0, 0, 0)
                .to_zoned(zone.clone())
                .unwrap()
                .timestamp()
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
        .collect()
}

fn local(utc: &str, zone: &str, format: &str) -> String {
    utc.parse::<jiff::Timestamp>()
        .unwrap()
        .to_zoned(TimeZone::get(zone).unwrap())
        .strftime(format)
        .to_string()
}

async fn series_of(app: &TestApp, owner: &User, space: &str, body: Value) -> (i64, Value) {
    let (status, event) = app
        .post(&format!("/api/v1/spaces/{space}/events"), Some(owner), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let series = event["series_id"].as_i64().expect("a series");
    let (status, view) = app
        .get(&format!("/api/v1/series/{series}"), Some(owner))
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    (series, view)
}

fn dates(view: &Value) -> Vec<(i64, String)> {
    view["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_i64().unwrap(),
                d["starts_at"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn monthly(count: u8) -> Value {
    let first = &second_tuesdays(1)[0];
    json!({"title": "Monthly talk", "timezone": "America/New_York",
           "starts_at": local(first, "America/New_York", "%Y-%m-%dT%H:%M"),
           "ends_at": local(first, "America/New_York", "%Y-%m-%dT11:30"),
           "repeat": format!("FREQ=MONTHLY;BYDAY=2TU;COUNT={count}"),
           "online_url": "https://meet.example.org/talks"})
}

async fn a_monthly_series_keeps_its_local_time_and_takes_registrations_per_date(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "talks", "public").await;
    let (_, view) = series_of(&app, &ada, "talks", monthly(6)).await;
    assert_eq!(view["rule"], "FREQ=MONTHLY;BYDAY=2TU;COUNT=6");
    assert_eq!(view["timezone"], "America/New_York");
    // Six dates, each at 10:00 in New York: 15:00 UTC in winter, 14:00
    // once the clocks have gone forward.
    let expected = second_tuesdays(6);
    let found = dates(&view);
    assert_eq!(
        found.iter().map(|(_, at)| at.clone()).collect::<Vec<_>>(),
        expected
    );
    assert!(expected[0].ends_with("T15:00:00Z"), "{expected:?}");
    assert!(expected[5].ends_with("T14:00:00Z"), "{expected:?}");
    assert_eq!(view["ended"], true, "COUNT=6: all six are made");

    // Each date is an event with its own registrations.
    let (first, second) = (found[0].0, found[1].0);
    let (status, state) = app
        .post(
            &format!("/api/v1/events/{second}/registration"),
            Some(&bob),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{state}");
    let (_, on_second) = app
        .get(&format!("/api/v1/events/{second}"), Some(&bob))
        .await;
    assert_eq!(on_second["my_state"], "going");
    assert_eq!(on_second["participant_count"], 1);
    assert_eq!(on_second["online_url"], "https://meet.example.org/talks");
    assert_eq!(on_second["series_id"], view["id"]);
    let (_, on_first) = app
        .get(&format!("/api/v1/events/{first}"), Some(&bob))
        .await;
    assert_eq!(on_first["my_state"], Value::Null);
    assert_eq!(on_first["participant_count"], 0);
    // The link stays for participants, on every date.
    assert_eq!(on_first["online_url"], Value::Null);
    assert_eq!(on_first["ends_at"], local_end(&expected[0]));

    // Every date is listed among the space's upcoming events.
    let (_, upcoming) = app.get("/api/v1/spaces/talks/events", None).await;
    assert_eq!(upcoming.as_array().unwrap().len(), 6);
}

/// 11:30 in New York on the day of `start`, in UTC.
fn local_end(start: &str) -> String {
    let day = local(start, "America/New_York", "%Y-%m-%d");
    format!("{day}T11:30:00")
        .parse::<jiff::civil::DateTime>()
        .unwrap()
        .to_zoned(TimeZone::get("America/New_York").unwrap())
        .unwrap()
        .timestamp()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

async fn exceptions_stay_exceptions_in_the_calendar_and_the_series_can_end(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "talks", "public").await;
    let (series, view) = series_of(&app, &ada, "talks", monthly(5)).await;
    let found = dates(&view);
    let zone = "America/New_York";

    // The third date moves a day later; the fourth is cancelled.
    let moved_to = local(&found[2].1, zone, "%Y-%m-%d");
    let moved_to = moved_to
        .parse::<Date>()
        .unwrap()
        .tomorrow()
        .unwrap()
        .to_string();
    let (status, answer) = app
        .patch(
            &format!("/api/v1/events/{}", found[2].0),
            Some(&ada),
            json!({"starts_at": format!("{moved_to}T10:00"), "ends_at": format!("{moved_to}T11:30")}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["moved"], true);
    let (status, answer) = app
        .patch(
            &format!("/api/v1/events/{}", found[3].0),
            Some(&ada),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    let response = app
        .client
        .get(format!("{}/api/v1/spaces/talks/calendar.ics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = parser.next().expect("a calendar").expect("it parses");
    // The series, then the four dates not cancelled, each an instance.
    assert_eq!(calendar.events.len(), 5, "{text}");
    let uid = format!("series-{series}@");
    let value = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .filter(|p| p.name == name)
            .map(|p| {
                let params = p
                    .params
                    .iter()
                    .flatten()
                    .map(|(k, v)| format!("{k}={}", v.join(",")))
                    .collect::<Vec<_>>()
                    .join(";");
                format!("{params}:{}", p.value.clone().unwrap_or_default())
            })
            .collect::<Vec<_>>()
    };
    let master = &calendar.events[0];
    let first_local = local(&found[0].1, zone, "%Y%m%dT%H%M%S");
    assert_eq!(
        value(master, "DTSTART"),
        [format!("TZID={zone}:{first_local}")]
    );
    assert_eq!(value(master, "RRULE"), [":FREQ=MONTHLY;BYDAY=2TU;COUNT=5"]);
    assert_eq!(
        value(master, "EXDATE"),
        [format!(
            "TZID={zone}:{}",
            local(&found[3].1, zone, "%Y%m%dT%H%M%S")
        )]
    );
    for e in &calendar.events {
        assert!(value(e, "UID")[0].contains(&uid), "{text}");
    }
    let moved = calendar
        .events
        .iter()
        .find(|e| {
            value(e, "RECURRENCE-ID")
                == [format!(
                    "TZID={zone}:{}",
                    local(&found[2].1, zone, "%Y%m%dT%H%M%S")
                )]
        })
        .expect("the moved date, by its date by the rule");
    let moved_utc = format!("{moved_to}T10:00")
        .parse::<jiff::civil::DateTime>()
        .unwrap()
        .to_zoned(TimeZone::get(zone).unwrap())
        .unwrap()
        .timestamp()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    assert_eq!(value(moved, "DTSTART"), [format!(":{moved_utc}")]);
    // The zone is described, with the offsets either side of a change.
    let zones = &calendar.timezones;
    assert_eq!(zones.len(), 1, "{text}");
    assert!(text.contains("TZID:America/New_York"), "{text}");
    assert!(text.contains("TZOFFSETTO:-0400") && text.contains("TZOFFSETTO:-0500"));
    // Online links stay out of a calendar anyone can read.
    assert!(!text.contains("meet.example.org"), "{text}");

    // Only its organisers end a series; the dates not begun are cancelled
    // and their participants told.
    app.post(
        &format!("/api/v1/events/{}/registration", found[4].0),
        Some(&bob),
        json!({}),
    )
    .await;
    let (status, _) = app.delete(&format!("/api/v1/series/{series}"), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = app
        .delete(&format!("/api/v1/series/{series}"), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, ended) = app
        .delete(&format!("/api/v1/series/{series}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::OK, "{ended}");
    assert_eq!(ended["cancelled"], 4, "five dates, one already cancelled");
    let (_, view) = app
        .get(&format!("/api/v1/series/{series}"), Some(&ada))
        .await;
    assert_eq!(view["ended"], true);
    assert!(
        view["upcoming"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "cancelled")
    );
    let (_, notes) = app.get("/api/v1/notifications", Some(&bob)).await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "event.cancelled" && n["event_id"] == found[4].0),
        "{notes}"
    );
}

async fn open_series_are_created_ahead_and_topped_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    let start = jiff::Zoned::now()
        .with_time_zone(TimeZone::get("Africa/Kinshasa").unwrap())
        .date()
        .tomorrow()
        .unwrap();
    let (series, view) = series_of(
        &app,
        &ada,
        "talks",
        json!({"title": "Weekly clinic", "timezone": "Africa/Kinshasa",
               "starts_at": format!("{start}T15:00"), "ends_at": format!("{start}T16:00"),
               "repeat": "RRULE:freq=weekly"}),
    )
    .await;
    let found = dates(&view);
    let max_ahead = agora::events::series::MAX_AHEAD;
    assert_eq!(found.len(), max_ahead, "created ahead, no more");
    assert_eq!(view["ended"], false);
    for (i, (_, at)) in found.iter().enumerate() {
        let day = start
            .checked_add(jiff::Span::new().weeks(i as i64))
            .unwrap();
        // 15:00 in Kinshasa (UTC+1, no daylight saving).
        assert_eq!(at, &format!("{day}T14:00:00Z"));
    }

    // The last weeks not yet made (as if time had passed) are made by the
    // task that tops series up; a cancelled date stays cancelled.
    let (cancelled, _) = found[3];
    app.patch(
        &format!("/api/v1/events/{cancelled}"),
        Some(&ada),
        json!({"status": "cancelled"}),
    )
    .await;
    for (id, _) in &found[max_ahead - 5..] {
        sqlx::query("DELETE FROM events WHERE id = $1")
            .bind(id)
            .execute(&app.state.db.read)
            .await
            .unwrap();
    }
    let state = &app.state;
    let made = agora::events::series::extend_all(&state.db, &state.changes)
        .await
        .unwrap();
    assert_eq!(made, 5);
    let again = agora::events::series::extend_all(&state.db, &state.changes)
        .await
        .unwrap();
    assert_eq!(again, 0, "each date is made once");
    let (_, view) = app
        .get(&format!("/api/v1/series/{series}"), Some(&ada))
        .await;
    let now = dates(&view);
    assert_eq!(
        now.iter().map(|(_, at)| at).collect::<Vec<_>>(),
        found.iter().map(|(_, at)| at).collect::<Vec<_>>()
    );
    assert_eq!(view["upcoming"][3]["status"], "cancelled");
}

async fn a_private_spaces_series_is_invisible_and_bad_rules_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let eve = app.user("eve").await;
    app.space(&ada, "case", "private").await;
    app.space(&ada, "talks", "public").await;
    let (series, view) = series_of(&app, &ada, "case", monthly(3)).await;
    let date = dates(&view)[0].0;
    let (absent_status, absent) = app.get("/api/v1/series/123456789", Some(&eve)).await;
    assert_eq!(absent_status, StatusCode::NOT_FOUND);
    for who in [None, Some(&eve)] {
        let (status, body) = app.get(&format!("/api/v1/series/{series}"), who).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body, absent,
            "the same answer as a series that does not exist"
        );
        let (status, _) = app.delete(&format!("/api/v1/series/{series}"), who).await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::UNAUTHORIZED,
            "{status}"
        );
        let (status, _) = app.get(&format!("/api/v1/events/{date}"), who).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, public) = app.get("/api/v1/events", None).await;
    assert!(!public.to_string().contains("Monthly talk"), "{public}");

    // Bad rules: refused with a message that says what is wrong.
    let mut bad = monthly(3);
    for (rule, says) in [
        ("FREQ=HOURLY", "FREQ must be"),
        ("FREQ=MONTHLY;BYDAY=2TU;DTSTART=1", "repeat"),
        ("FREQ=MONTHLY;BYDAY=9XX", "repeat"),
        ("FREQ=MONTHLY;BYDAY=3TU", "not the event's start"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "repeat"),
    ] {
        bad["repeat"] = json!(rule);
        let (status, answer) = app
            .post("/api/v1/spaces/talks/events", Some(&ada), bad.clone())
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{rule}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{rule}: {answer}"
        );
    }
    let (_, upcoming) = app.get("/api/v1/spaces/talks/events", None).await;
    assert_eq!(upcoming, json!([]), "nothing half-made");
}

async fn organisers_start_a_series_from_the_event_form(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let form = browser.get("/s/talks/events").await;
    form.assert_contains("name=\"repeat\"");
    form.assert_contains("value=\"monthly-weekday\"");
    let first = &second_tuesdays(1)[0];
    let day = local(first, "America/New_York", "%Y-%m-%d");
    let until = local(&second_tuesdays(4)[3], "America/New_York", "%Y-%m-%d");
    let page = browser
        .submit(
            "/s/talks/events",
            &[
                ("title", "Talks"),
                ("starts_at", &format!("{day}T10:00")),
                ("ends_at", &format!("{day}T11:00")),
                ("timezone", "America/New_York"),
                ("join_mode", "free"),
                ("status", "confirmed"),
                ("repeat", "monthly-weekday"),
                ("repeat_until", &until),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let event = browser.get(page.location()).await;
    event.assert_contains("id=\"series\"");
    event.assert_contains("FREQ=MONTHLY;BYDAY=2TU;UNTIL=");
    let (_, upcoming) = app.get("/api/v1/spaces/talks/events", None).await;
    let starts: Vec<&str> = upcoming
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(starts, second_tuesdays(4), "until the fourth, included");
    // Three other dates are linked from the page.
    for e in &upcoming.as_array().unwrap()[1..] {
        event.assert_contains(&format!("href=\"/event/{}\"", e["id"]));
    }
}
