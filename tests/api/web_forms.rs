//! Forms that forgive and times people understand (issue 19, points 2 and
//! 3): a refused field comes back in the same form, with everything typed
//! kept and the message next to it in the reader's language; time zones
//! are chosen from a list with the member's own first; event times are
//! shown in the viewer's zone, with the event's beside them.
//! The library's and the replays' forms are in `web_forms_library.rs`.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::{Browser, Page};

on_both_backends!(
    a_refused_event_form_keeps_what_was_typed,
    the_zone_list_starts_with_the_members_zone,
    event_times_are_shown_in_the_viewers_zone,
    other_forms_keep_what_was_typed,
);

/// The part of a page from `start` to the next `end`.
pub(crate) fn between<'a>(page: &'a Page, start: &str, end: &str) -> &'a str {
    let from = page
        .body
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{}", page.body));
    let rest = &page.body[from..];
    &rest[..rest.find(end).map_or(rest.len(), |to| to + end.len())]
}

async fn set_zone(app: &TestApp, user: &User, zone: &str) {
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(user),
            json!({ "timezone": zone }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn a_refused_event_form_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let typed = [
        ("title", "Réunion <du fleuve>"),
        ("description", "Apportez des *cartes* & des crayons."),
        ("starts_at", "2099-13-45T10:00"),
        ("ends_at", "2099-05-03T12:30"),
        ("timezone", "Africa/Kinshasha"),
        ("place_name", "Salle Lumumba"),
        ("capacity", "12"),
        ("join_mode", "restricted"),
        ("language", "fr"),
    ];
    let refused = browser.submit("/s/news/events", &typed).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    // Everything typed is there again, in the open form.
    refused.assert_contains("<details class=\"card\" open>");
    refused.assert_contains("value=\"Réunion &#60;du fleuve&#62;\"");
    refused.assert_contains(">Apportez des *cartes* &#38; des crayons.</textarea>");
    refused.assert_contains("value=\"2099-13-45T10:00\"");
    refused.assert_contains("value=\"2099-05-03T12:30\"");
    refused.assert_contains("value=\"Salle Lumumba\"");
    refused.assert_contains("value=\"12\"");
    refused.assert_contains("<option value=\"restricted\" selected>");
    refused
        .assert_contains("<option value=\"Africa/Kinshasha\" selected>Africa/Kinshasha</option>");
    // Each message beside its field, in French, tied to it.
    refused.assert_contains("Certains champs sont à revoir");
    let zone = between(&refused, "<select id=\"new-timezone\"", ">");
    assert!(zone.contains("aria-invalid=\"true\""), "{zone}");
    assert!(
        zone.contains("aria-describedby=\"new-timezone-hint new-timezone-error\""),
        "{zone}"
    );
    refused.assert_contains(
        "<p class=\"field-error\" id=\"new-timezone-error\">Choisissez un fuseau horaire dans la liste.</p>",
    );
    let start = between(
        &refused,
        "<input type=\"datetime-local\" id=\"new-starts\"",
        ">",
    );
    assert!(
        start.contains("aria-invalid=\"true\" aria-describedby=\"new-starts_at-error\""),
        "{start}"
    );
    refused.assert_contains(
        "<p class=\"field-error\" id=\"new-starts_at-error\">Indiquez une date et une heure",
    );
    // The end, rightly typed, is not marked.
    let end = between(
        &refused,
        "<input type=\"datetime-local\" id=\"new-ends\"",
        ">",
    );
    assert!(!end.contains("aria-invalid"), "{end}");
    let (_, list) = app.get("/api/v1/spaces/news/events", Some(&ada)).await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "nothing created");

    // What only the domain refuses (an end before the start) comes back
    // the same way.
    let mut backwards = typed;
    backwards[2] = ("starts_at", "2099-05-03T14:00");
    backwards[4] = ("timezone", "Africa/Kinshasa");
    let refused = browser.submit("/s/news/events", &backwards).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("id=\"new-ends_at-error\">La fin doit venir après le début");
    refused.assert_contains("value=\"Réunion &#60;du fleuve&#62;\"");
    refused.assert_contains("<option selected>Africa/Kinshasa</option>");

    // Changing an event: the same, in the edit form of its page.
    let (status, event) = app
        .post(
            "/api/v1/spaces/news/events",
            Some(&ada),
            json!({"title": "Atelier", "starts_at": "2099-05-03T10:00",
                   "ends_at": "2099-05-03T12:00", "timezone": "Africa/Kinshasa"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    let mut edit = backwards;
    edit[0] = ("title", "Atelier modifié");
    edit[6] = ("capacity", "beaucoup");
    let refused = browser.submit(&format!("/event/{id}/edit"), &edit).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"Atelier modifié\"");
    refused.assert_contains("id=\"edit-capacity-error\">Indiquez un nombre entier");
    refused.assert_contains("aria-describedby=\"edit-capacity-hint edit-capacity-error\"");
    let (_, stored) = app.get(&format!("/api/v1/events/{id}"), Some(&ada)).await;
    assert_eq!(stored["title"], "Atelier", "unchanged");
}

async fn the_zone_list_starts_with_the_members_zone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;

    // Without a zone of one's own: UTC, and no group of one's own.
    let list = browser.get("/s/news/events").await;
    let select = between(&list, "<select id=\"new-timezone\"", "</select>");
    assert!(!select.contains("data-own-zone"), "{select}");
    assert!(
        select.contains("<option value=\"UTC\" selected>"),
        "{select}"
    );

    set_zone(&app, &ada, "Asia/Tokyo").await;
    for (path, id) in [
        ("/s/news/events", "new-timezone"),
        ("/settings", "timezone"),
    ] {
        let page = browser.get(path).await;
        let select = between(&page, &format!("<select id=\"{id}\""), "</select>");
        // The first option is the member's zone, chosen, in a group of its
        // own; the browser's zone is app.js's to add.
        let first = between(&page, &format!("<select id=\"{id}\""), "</option>");
        assert!(
            first.contains("<optgroup label=\"Your time zone\" data-own-zone><option value=\"Asia/Tokyo\" selected>Asia/Tokyo</option>"),
            "{path}: {first}"
        );
        assert!(
            select.contains("data-browser-label=\"This device&#39;s time zone\""),
            "{path}: {select}"
        );
        // Chosen once, though it is also in its region.
        assert_eq!(select.matches(" selected").count(), 1, "{path}: {select}");
        assert!(select.contains("<option>Asia/Tokyo</option>"), "{path}");
        assert!(select.contains("<optgroup label=\"Africa\">"), "{path}");
    }

    // The profile refuses an unknown zone next to the field, keeping the
    // rest of what was typed.
    let refused = browser
        .submit(
            "/settings",
            &[
                ("display_name", "Ada L."),
                ("organisation", "River Watch"),
                ("country", "CD"),
                ("languages", "fr, ln"),
                ("bio", "Hello"),
                ("ui_language", ""),
                ("profile_visibility", "everyone"),
                ("timezone", "Asia/Tokyoo"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"Ada L.\"");
    refused.assert_contains("value=\"River Watch\"");
    refused.assert_contains("<option value=\"Asia/Tokyoo\" selected>");
    refused.assert_contains("id=\"timezone-error\">Choose a time zone from the list.");
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["timezone"], "Asia/Tokyo", "unchanged");
}

async fn event_times_are_shown_in_the_viewers_zone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    set_zone(&app, &bob, "America/New_York").await;
    // In July, when New York keeps summer time: the offsets come from jiff,
    // not from this test.
    let (status, event) = app
        .post(
            "/api/v1/spaces/news/events",
            Some(&ada),
            json!({"title": "Hearing", "starts_at": "2099-07-03T16:00",
                   "ends_at": "2099-07-03T18:30", "timezone": "Africa/Kinshasa"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    let kinshasa = TimeZone::get("Africa/Kinshasa").unwrap();
    let new_york = TimeZone::get("America/New_York").unwrap();
    let start: DateTime = "2099-07-03T16:00".parse().unwrap();
    let end: DateTime = "2099-07-03T18:30".parse().unwrap();
    let start = start.to_zoned(kinshasa.clone()).unwrap();
    let end = end.to_zoned(kinshasa).unwrap();
    let (start_ny, end_ny) = (
        start.with_time_zone(new_york.clone()),
        end.with_time_zone(new_york),
    );
    let clock = |z: &jiff::Zoned| format!("{:02}:{:02}", z.hour(), z.minute());
    let utc = start.timestamp().to_string();
    let in_new_york = format!(
        "{} July 2099, {} to {}",
        start_ny.day(),
        clock(&start_ny),
        clock(&end_ny)
    );
    let there = "3 July 2099, 16:00 to 18:30 in Africa/Kinshasa";

    let member = Browser::signed_in(&app, &bob).await;
    for path in [format!("/event/{id}"), "/s/news/events".to_owned()] {
        let page = member.get(&path).await;
        page.assert_contains(&format!("<time datetime=\"{utc}\">{in_new_york}</time>"));
        page.assert_contains("America/New_York");
        page.assert_contains(there);
    }

    // A visitor reads the event's zone only.
    let visitor = Browser::new(&app);
    for path in [format!("/event/{id}"), "/s/news/events".to_owned()] {
        let page = visitor.get(&path).await;
        page.assert_contains(&format!(
            "<time datetime=\"{utc}\">3 July 2099, 16:00 to 18:30</time>"
        ));
        page.assert_contains("Africa/Kinshasa");
        assert!(!page.body.contains("America/New_York"), "{path}");
        assert!(!page.body.contains(there), "{path}");
    }

    // A member in the event's own zone reads it once.
    set_zone(&app, &ada, "Africa/Kinshasa").await;
    let organiser = Browser::signed_in(&app, &ada).await;
    let page = organiser.get(&format!("/event/{id}")).await;
    page.assert_contains("3 July 2099, 16:00 to 18:30");
    assert!(!page.body.contains(there));
}

async fn other_forms_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("de");
    browser.sign_in(&ada.name).await;

    // A new space whose address is taken.
    let refused = browser
        .submit(
            "/spaces/new",
            &[
                ("title", "Nachrichten"),
                ("slug", "news"),
                ("description", "Was am Fluss geschieht"),
                ("language", "de"),
                ("visibility", "private"),
                ("join_policy", "invitation"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"Nachrichten\"");
    refused.assert_contains(">Was am Fluss geschieht</textarea>");
    refused.assert_contains("value=\"private\" checked>");
    refused.assert_contains("<option value=\"invitation\" selected>");
    refused.assert_contains("aria-describedby=\"slug-hint slug-error\"");
    refused.assert_contains("id=\"slug-error\">Diese Adresse ist vergeben");

    // A new password too short, next to its field.
    let refused = browser
        .submit(
            "/settings/security/password",
            &[
                ("current_password", "a long enough password"),
                ("new_password", "short"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("aria-describedby=\"new-password-hint new_password-error\"");
    refused.assert_contains("<p class=\"field-error\" id=\"new_password-error\">");

    // Signing up with a name that is taken keeps the address typed.
    let visitor = Browser::new(&app).with_language("pt");
    let refused = visitor
        .submit(
            "/register",
            &[
                ("username", "ada"),
                ("email", "another@example.org"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.body);
    refused.assert_contains("value=\"another@example.org\"");
    refused
        .assert_contains("aria-invalid=\"true\" aria-describedby=\"username-hint username-error\"");
    refused.assert_contains("<p class=\"field-error\" id=\"username-error\">");

    // A newsletter issue whose picks are not addresses of ours.
    let refused = browser
        .submit(
            "/newsletter/issues",
            &[
                ("space", "news"),
                ("first", "de"),
                ("subject_de", "Neues vom Fluss"),
                ("body_de", "Hallo <b>alle</b>."),
                ("picks", "https://elsewhere.example/blog/1"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"Neues vom Fluss\"");
    refused.assert_contains(">Hallo &#60;b&#62;alle&#60;/b&#62;.</textarea>");
    refused.assert_contains(">https://elsewhere.example/blog/1</textarea>");
    refused.assert_contains("aria-describedby=\"picks-hint picks-error\"");
    refused.assert_contains("id=\"picks-error\">Fügen Sie, eine pro Zeile");
    let (_, list) = app
        .get("/api/v1/newsletter/issues?space=news", Some(&ada))
        .await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "nothing saved");

    // A library note with a tag too long keeps its text, in Arabic.
    let reader = Browser::new(&app).with_language("ar");
    reader.sign_in(&ada.name).await;
    let long_tag = "t".repeat(60);
    let body = "# محضر\n\nما قيل في الاجتماع <script>";
    let refused = reader
        .submit(
            "/s/news/library/notes",
            &[
                ("title", "محضر الاجتماع"),
                ("body", body),
                ("tags", &format!("محاضر, {long_tag}")),
                ("language", "ar"),
                ("folder", ""),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"محضر الاجتماع\"");
    refused.assert_contains("ما قيل في الاجتماع &#60;script&#62;</textarea>");
    refused.assert_contains(&format!("value=\"محاضر, {long_tag}\""));
    refused.assert_contains("aria-describedby=\"note-tags-hint note-tags-error\"");
    refused.assert_contains("id=\"note-tags-error\">لا يتجاوز كل وسم");
}

/// Whether `field` (the start of its tag) is marked refused and tied to
/// its message `error` (after any hint).
#[track_caller]
pub(crate) fn marked(page: &Page, field: &str, error: &str) {
    let tag = between(page, field, ">");
    assert!(tag.contains("aria-invalid=\"true\""), "{tag}");
    assert!(
        tag.contains(&format!("{error}\"")) && tag.contains("aria-describedby=\""),
        "{tag}"
    );
}

/// A form come back refused: 422, "some fields need another look" at the
/// top, `field` marked and tied to its message `error`, which says
/// `message`.
#[track_caller]
pub(crate) fn assert_refused(page: &Page, field: &str, error: &str, message: &str) {
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    page.assert_contains("class=\"notice error\" role=\"alert\"");
    marked(page, field, error);
    let shown = between(
        page,
        &format!("<p class=\"field-error\" id=\"{error}\">"),
        "</p>",
    );
    assert!(shown.contains(message), "{shown}");
}
