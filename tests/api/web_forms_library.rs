//! Forms that forgive in a space's library and on an event's replays
//! (issue 19, point 3): a refused upload, folder, item's details or replay
//! comes back with everything typed kept but the file, the message next
//! to the field.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_forms::{between, marked};
use crate::web_support::Browser;

on_both_backends!(
    a_refused_upload_keeps_all_but_the_file,
    a_refused_folder_keeps_what_was_typed,
    refused_item_details_keep_what_was_typed,
    refused_replays_keep_what_was_typed,
);

async fn a_refused_upload_keeps_all_but_the_file(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let tags = format!("rapports, {}", "t".repeat(60));
    let typed = [
        ("folder", ""),
        ("title", "Rapport annuel"),
        ("description", "Les comptes <de> l'année"),
        ("tags", tags.as_str()),
        ("language", "fr"),
        ("comment", "Première version"),
    ];
    let refused = browser
        .upload(
            "/s/news/library/upload",
            &typed,
            "rapport.pdf",
            b"%PDF-1.4\n".to_vec(),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("Certains champs sont à revoir");
    refused.assert_contains("value=\"Rapport annuel\"");
    refused.assert_contains(">Les comptes &#60;de&#62; l&#39;année</textarea>");
    refused.assert_contains(&format!("value=\"{tags}\""));
    refused.assert_contains("value=\"Première version\"");
    marked(
        &refused,
        "<input type=\"text\" id=\"upload-tags\"",
        "upload-tags-hint upload-tags-error",
    );
    refused.assert_contains("id=\"upload-tags-error\">Chaque étiquette fait au plus 50 caractères");
    // The file is the one thing to give again, and the form says so.
    marked(
        &refused,
        "<input type=\"file\" id=\"upload-file\"",
        "upload-file-hint upload-file-error",
    );
    refused.assert_contains(
        "id=\"upload-file-error\">Choisissez de nouveau le fichier : un navigateur ne le garde pas",
    );
    let title = between(&refused, "<input type=\"text\" id=\"upload-title\"", ">");
    assert!(!title.contains("aria-invalid"), "{title}");

    // No file chosen at all: the same form, the message by the file.
    let refused = browser
        .upload_files("/s/news/library/upload", &typed[..3], "file", &[])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"Rapport annuel\"");
    refused.assert_contains("id=\"upload-file-error\">Choisissez un fichier à déposer.</p>");
    let (_, list) = app.get("/api/v1/spaces/news/library", Some(&ada)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
}

async fn a_refused_folder_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let refused = browser
        .submit(
            "/s/news/library/folders",
            &[
                ("folder", ""),
                ("title", "   "),
                ("description", "Minutes of every meeting"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("Some fields need another look");
    refused.assert_contains(">Minutes of every meeting</textarea>");
    marked(
        &refused,
        "<input type=\"text\" id=\"folder-title\"",
        "folder-title-error",
    );
    refused.assert_contains(
        "id=\"folder-title-error\">Give the folder a name, at most 200 characters long.</p>",
    );

    // A description too long, in German, keeps the name typed.
    let german = Browser::new(&app).with_language("de");
    german.sign_in(&ada.name).await;
    let long = "x".repeat(5001);
    let refused = german
        .submit(
            "/s/news/library/folders",
            &[
                ("folder", ""),
                ("title", "Protokolle"),
                ("description", &long),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"Protokolle\"");
    marked(
        &refused,
        "<textarea dir=\"auto\" id=\"folder-description\"",
        "folder-description-error",
    );
    refused.assert_contains(
        "id=\"folder-description-error\">Eine Beschreibung hat höchstens 5.000 Zeichen.",
    );
    let (_, list) = app.get("/api/v1/spaces/news/library", Some(&ada)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
}

async fn refused_item_details_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/news/library/notes",
            Some(&ada),
            json!({"title": "Minutes", "body": "# March", "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let id = note["id"].as_i64().unwrap();
    let reader = Browser::new(&app).with_language("ar");
    reader.sign_in(&ada.name).await;
    let refused = reader
        .submit(
            &format!("/item/{id}/edit"),
            &[
                ("title", "محضر مارس"),
                ("description", "ما قيل في الاجتماع"),
                ("tags", "محاضر, 2026"),
                ("language", "arabic!"),
                ("status", "validated"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("<details class=\"card\" open>");
    refused.assert_contains("value=\"محضر مارس\"");
    refused.assert_contains(">ما قيل في الاجتماع</textarea>");
    refused.assert_contains("value=\"محاضر, 2026\"");
    refused.assert_contains("value=\"arabic!\"");
    refused.assert_contains("<option value=\"validated\" selected>");
    marked(
        &refused,
        "<input type=\"text\" id=\"details-language\"",
        "details-language-error",
    );
    refused.assert_contains("id=\"details-language-error\">أدخل رمز لغة مثل en");
    let title = between(&refused, "<input type=\"text\" id=\"details-title\"", ">");
    assert!(!title.contains("aria-invalid"), "{title}");
    let (_, stored) = app
        .get(&format!("/api/v1/library/items/{id}"), Some(&ada))
        .await;
    assert_eq!(stored["title"], "Minutes", "unchanged");
    assert_eq!(stored["status"], "open", "unchanged");
}

async fn refused_replays_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    let hours = |h| (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(h)).to_string();
    let (status, event) = app
        .post(
            "/api/v1/spaces/talks/events",
            Some(&ada),
            json!({"title": "Webinar", "starts_at": hours(-2), "ends_at": hours(-1),
                   "timezone": "UTC"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    let organiser = Browser::signed_in(&app, &ada).await;

    // A link that is not one.
    let refused = organiser
        .submit(
            &format!("/event/{id}/replays"),
            &[
                ("kind", "slides"),
                ("title", "Slides of the day"),
                ("url", "ftp://files.example/slides"),
                ("item", ""),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("Some fields need another look");
    refused.assert_contains("value=\"Slides of the day\"");
    refused.assert_contains("<option value=\"slides\" selected>");
    marked(&refused, "<input name=\"url\"", "replay-url-error");
    refused.assert_contains("value=\"ftp://files.example/slides\"");
    refused.assert_contains("id=\"replay-url-error\">Give a whole link that starts with https://");

    // Neither a link nor an item.
    let refused = organiser
        .submit(
            &format!("/event/{id}/replays"),
            &[
                ("kind", "notes"),
                ("title", "Notes"),
                ("url", " "),
                ("item", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("<option value=\"notes\" selected>");
    refused.assert_contains("id=\"replay-url-error\">Give a link or pick a file or note");

    // An upload whose title is too long: the title kept, the file asked
    // for again.
    let long = "r".repeat(201);
    let refused = organiser
        .upload(
            &format!("/event/{id}/replays/upload"),
            &[("kind", "recording"), ("title", &long)],
            "webinar.mp4",
            b"not really a video".to_vec(),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains(&format!("value=\"{long}\""));
    marked(
        &refused,
        &format!("<input name=\"title\" value=\"{long}\""),
        "replay-upload-title-error",
    );
    refused.assert_contains(
        "id=\"replay-upload-title-error\">A title is at most 200 characters long.",
    );
    marked(&refused, "<input name=\"file\"", "replay-upload-file-error");
    refused.assert_contains("id=\"replay-upload-file-error\">Choose the file again");

    // No file chosen.
    let refused = organiser
        .upload_files(
            &format!("/event/{id}/replays/upload"),
            &[("kind", "recording"), ("title", "Replay")],
            "file",
            &[],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("value=\"Replay\"");
    refused.assert_contains("id=\"replay-upload-file-error\">Choose a file to upload.</p>");

    let (_, listed) = app
        .get(&format!("/api/v1/events/{id}/materials"), None)
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
    let (_, list) = app.get("/api/v1/spaces/talks/library", Some(&ada)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
}
