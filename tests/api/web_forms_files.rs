//! Forms that forgive, for what carries a file or a note's text (issue 19,
//! point 3): a file too large or over the space's quota, a file's new
//! revision, a note's text and a comment on an item come back in the same form, with what was
//! typed kept and the message, naming the limit, next to the field.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_forms::marked;
use crate::web_support::{Browser, Page};

on_both_backends!(
    a_file_too_large_or_over_the_quota_keeps_what_was_typed,
    a_refused_revision_keeps_the_comment,
    a_refused_note_text_keeps_what_was_typed,
    a_refused_item_comment_keeps_what_was_typed,
);

/// Small limits, so the tests send small bodies.
async fn small_library(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, |config| {
        config.max_file_bytes = 300_000;
        config.space_quota_bytes = 500_000;
    })
    .await
}

fn unprocessable(page: &Page) {
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
}

async fn item_count(app: &TestApp, user: &User, space: &str) -> Option<usize> {
    let (_, list) = app
        .get(&format!("/api/v1/spaces/{space}/library"), Some(user))
        .await;
    list["items"].as_array().map(Vec::len)
}

async fn a_file_too_large_or_over_the_quota_keeps_what_was_typed(backend: Backend) {
    let app = small_library(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let typed = [
        ("folder", ""),
        ("title", "Rapport annuel"),
        ("description", "Les comptes de l'année"),
        ("tags", "rapports"),
        ("language", "fr"),
        ("comment", "Première version"),
    ];

    // Larger than a file may be: the limit, in French, by the file.
    let refused = browser
        .upload(
            "/s/news/library/upload",
            &typed,
            "rapport.pdf",
            vec![1u8; 300_001],
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains("Certains champs sont à revoir");
    refused.assert_contains("value=\"Rapport annuel\"");
    refused.assert_contains(">Les comptes de l&#39;année</textarea>");
    refused.assert_contains("value=\"Première version\"");
    marked(
        &refused,
        "<input type=\"file\" id=\"upload-file\"",
        "upload-file-error",
    );
    refused.assert_contains(
        "id=\"upload-file-error\">Ce fichier dépasse les 300 Ko permis ici pour un fichier : choisissez-en un plus petit.</p>",
    );
    assert_eq!(item_count(&app, &ada, "news").await, Some(0));

    // One file fits; the next goes over the space's quota.
    let kept = browser
        .upload(
            "/s/news/library/upload",
            &typed,
            "a.bin",
            vec![1u8; 250_000],
        )
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    let refused = browser
        .upload(
            "/s/news/library/upload",
            &typed,
            "b.bin",
            vec![2u8; 260_000],
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains("value=\"Rapport annuel\"");
    marked(
        &refused,
        "<input type=\"file\" id=\"upload-file\"",
        "upload-file-error",
    );
    refused.assert_contains(
        "id=\"upload-file-error\">La bibliothèque de cet espace est pleine (elle peut contenir 500 Ko)",
    );
    refused.assert_contains("puis choisissez de nouveau le fichier.</p>");
    assert_eq!(item_count(&app, &ada, "news").await, Some(1));

    // The replays' upload says the same, in English here.
    let hours = |h| (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(h)).to_string();
    let (status, event) = app
        .post(
            "/api/v1/spaces/news/events",
            Some(&ada),
            json!({"title": "Webinar", "starts_at": hours(-2), "ends_at": hours(-1),
                   "timezone": "UTC"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    let organiser = Browser::signed_in(&app, &ada).await;
    let refused = organiser
        .upload(
            &format!("/event/{id}/replays/upload"),
            &[("kind", "recording"), ("title", "The whole webinar")],
            "webinar.mp4",
            vec![3u8; 260_000],
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains("Some fields need another look");
    refused.assert_contains("value=\"The whole webinar\"");
    marked(&refused, "<input name=\"file\"", "replay-upload-file-error");
    refused.assert_contains(
        "id=\"replay-upload-file-error\">This space&#39;s library is full (it may hold 500 KB)",
    );
    let (_, listed) = app
        .get(&format!("/api/v1/events/{id}/materials"), None)
        .await;
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "{listed}");
    assert_eq!(item_count(&app, &ada, "news").await, Some(1));
}

/// The revision the item is at, through the API.
async fn current(app: &TestApp, user: &User, item: &str) -> serde_json::Value {
    let (_, view) = app
        .get(&format!("/api/v1/library/items/{item}"), Some(user))
        .await;
    view["current"]["number"].clone()
}

async fn a_refused_revision_keeps_the_comment(backend: Backend) {
    let app = small_library(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let created = browser
        .upload(
            "/s/news/library/upload",
            &[("title", "Budget")],
            "budget.ods",
            b"first".to_vec(),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = created.location().to_owned();
    let item = page.trim_start_matches("/item/").to_owned();
    let revisions = format!("{page}/revisions");

    // What changed, said too long: kept, the message by it, and the file
    // to choose again.
    let long = "c".repeat(501);
    let refused = browser
        .upload(
            &revisions,
            &[("comment", &long)],
            "budget.ods",
            b"second".to_vec(),
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains("Some fields need another look");
    refused.assert_contains(&format!("value=\"{long}\""));
    marked(
        &refused,
        "<input type=\"text\" id=\"revision-comment\"",
        "revision-comment-error",
    );
    refused.assert_contains(
        "id=\"revision-comment-error\">What changed is said in at most 500 characters.</p>",
    );
    marked(
        &refused,
        "<input type=\"file\" id=\"revision-file\"",
        "revision-file-hint revision-file-error",
    );
    refused.assert_contains("id=\"revision-file-error\">Choose the file again");

    // No file chosen.
    let refused = browser
        .upload_files(&revisions, &[("comment", "Figures of May")], "file", &[])
        .await;
    unprocessable(&refused);
    refused.assert_contains("value=\"Figures of May\"");
    refused.assert_contains("id=\"revision-file-error\">Choose a file to upload.</p>");

    // Too large, in German.
    let german = Browser::new(&app).with_language("de");
    german.sign_in(&ada.name).await;
    let refused = german
        .upload(
            &revisions,
            &[("comment", "Zahlen vom Mai")],
            "budget.ods",
            vec![1u8; 300_001],
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains("value=\"Zahlen vom Mai\"");
    marked(
        &refused,
        "<input type=\"file\" id=\"revision-file\"",
        "revision-file-error",
    );
    refused.assert_contains(
        "id=\"revision-file-error\">Diese Datei ist größer als die 300 KB, die eine Datei hier haben darf",
    );
    assert_eq!(current(&app, &ada, &item).await, json!(1));
}

async fn a_refused_note_text_keeps_what_was_typed(backend: Backend) {
    // Room for a note over its limit in the form, as by default.
    let app = TestApp::spawn_with(backend, |config| config.max_body_bytes = 1024 * 1024).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/news/library/notes",
            Some(&ada),
            json!({"title": "Minutes", "body": "First text", "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let item = note["id"].as_i64().unwrap().to_string();
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;

    // Longer than a note holds: the text kept, the limit by it, in French.
    let long = format!("Le compte rendu {}", "x".repeat(200_000));
    let refused = browser
        .submit(
            &format!("/item/{item}/note"),
            &[("body", &long), ("comment", "Tout le texte")],
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains("Certains champs sont à revoir");
    assert!(refused.body.contains(&format!(">{long}</textarea>")));
    refused.assert_contains("value=\"Tout le texte\"");
    marked(
        &refused,
        "<textarea dir=\"auto\" id=\"edit-body\"",
        "edit-body-hint edit-body-error",
    );
    refused.assert_contains(
        "id=\"edit-body-error\">Une note contient au plus 200 Ko de texte : raccourcissez-la",
    );
    // The same sent in chunks, its length not declared: the same answer.
    let chunked = browser
        .submit_chunked(
            &format!("/item/{item}/note"),
            &[("body", &long), ("comment", "Tout le texte")],
        )
        .await;
    unprocessable(&chunked);
    assert!(chunked.body.contains(&format!(">{long}</textarea>")));

    // What changed, said too long.
    let comment = "c".repeat(501);
    let refused = browser
        .submit(
            &format!("/item/{item}/note"),
            &[("body", "Second text"), ("comment", &comment)],
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains(">Second text</textarea>");
    marked(
        &refused,
        "<input type=\"text\" id=\"edit-comment\"",
        "edit-comment-error",
    );
    refused.assert_contains(
        "id=\"edit-comment-error\">Ce qui a changé se dit en 500 caractères au plus.</p>",
    );
    let body = crate::web_forms::between(&refused, "<textarea dir=\"auto\" id=\"edit-body\"", ">");
    assert!(!body.contains("aria-invalid"), "{body}");
    assert_eq!(current(&app, &ada, &item).await, json!(1));
}

async fn a_refused_item_comment_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/news/library/notes",
            Some(&ada),
            json!({"title": "Minutes", "body": "First text"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let item = note["id"].as_i64().unwrap();
    let comments = format!("/item/{item}/comments");

    // Too long, in French: the text kept, the message by it.
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let long = format!("Merci <pour> tout {}", "m".repeat(10_000));
    let refused = browser.submit(&comments, &[("body", &long)]).await;
    unprocessable(&refused);
    refused.assert_contains("Certains champs sont à revoir");
    let kept = long.replace('<', "&#60;").replace('>', "&#62;");
    refused.assert_contains(&format!(">{kept}</textarea>"));
    marked(
        &refused,
        "<textarea dir=\"auto\" id=\"comment-body\"",
        "comment-body-error",
    );
    refused.assert_contains(
        "id=\"comment-body-error\">Écrivez votre commentaire, en 10 000 caractères au plus.</p>",
    );

    // Empty.
    let refused = Browser::signed_in(&app, &ada)
        .await
        .submit(&comments, &[("body", "   ")])
        .await;
    unprocessable(&refused);
    refused.assert_contains("id=\"comment-body-error\">Write your comment");
    let (_, view) = app
        .get(
            &format!("/api/v1/library/items/{item}/comments"),
            Some(&ada),
        )
        .await;
    assert_eq!(view.as_array().map(Vec::len), Some(0), "{view}");
}
