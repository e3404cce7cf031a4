//! The text inside uploaded files is found (issue 18): a PDF, a DOCX and
//! an ODT built here, Markdown and plain text, read by the background
//! queue after the upload has answered; a corrupt PDF is marked failed
//! and breaks nothing; a private space's file is never found by someone
//! outside it. Where a file's text stands is shown with the item, in the
//! API and on its page. On SQLite and PostgreSQL.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::search::{q, search, set, titles};
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    words_inside_files_are_found,
    a_corrupt_pdf_is_reported_and_harmless,
    a_private_file_is_found_by_members_only,
    a_job_left_by_a_stopped_server_is_taken_again,
    the_state_of_a_files_text_is_shown_with_it,
);

/// A one-page PDF that says `text`, in a standard font.
fn pdf(text: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => resources_id,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// A zip archive of `(name, content)`, the first stored, the others
/// deflated (as word processors write them).
fn zipped(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (n, (name, content)) in parts.iter().enumerate() {
        let method = if n == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(*name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    zipped(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "word/document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ])
}

fn odt(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<text:p>{p}</text:p>"))
        .collect();
    zipped(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        (
            "content.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
            ),
        ),
    ])
}

/// Uploads a file and returns its item's id.
async fn upload(
    app: &TestApp,
    user: &User,
    space: &str,
    title: &str,
    filename: &str,
    bytes: Vec<u8>,
) -> i64 {
    let response = app
        .client
        .post(format!(
            "{}/api/v1/spaces/{space}/library/files?filename={filename}&title={}&language=en",
            app.base,
            title.replace(' ', "%20")
        ))
        .bearer_auth(&user.token)
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, StatusCode::CREATED, "{filename}: {body}");
    body["id"].as_i64().unwrap()
}

/// Waits, with a deadline, until the queue has read item `id`'s file, and
/// returns the state it recorded and its reason.
async fn extracted(app: &TestApp, id: i64) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state = agora::library::extraction::state(&app.state.db, id)
            .await
            .unwrap();
        match state {
            Some((state, reason)) if state != "pending" => return (state, reason),
            _ if Instant::now() > deadline => {
                panic!("item {id}: its text was not read in 30 s ({state:?})")
            }
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

async fn words_inside_files_are_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "archive", "public").await;
    let files = [
        (
            "Scan one",
            "one.pdf",
            pdf("The habeas corpus petition was filed"),
        ),
        (
            "Draft two",
            "two.docx",
            docx(&[
                "Minutes of the meeting",
                "The ombudsman replied &amp; agreed",
            ]),
        ),
        (
            "Draft three",
            "three.odt",
            odt(&["Statement", "Testimonies from the prefecture"]),
        ),
        (
            "Notes four",
            "four.md",
            b"# Agenda\n\nThe **tribunal** adjourned.".to_vec(),
        ),
        (
            "Notes five",
            "five.txt",
            b"A list of interpreters.".to_vec(),
        ),
    ];
    let mut ids = Vec::new();
    for (title, filename, bytes) in files {
        ids.push(upload(&app, &ada, "archive", title, filename, bytes).await);
    }
    for id in &ids {
        let (state, reason) = extracted(&app, *id).await;
        assert_eq!(state, "done", "item {id}: {reason}");
    }
    for (word, title) in [
        ("habeas", "Scan one"),
        ("ombudsman", "Draft two"),
        ("testimony", "Draft three"),
        ("adjourned", "Notes four"),
        ("interpreter", "Notes five"),
    ] {
        let found = search(&app, None, &q(word)).await;
        assert_eq!(titles(&found), set(&[title]), "{word}: {found}");
    }
    let hit = search(&app, None, &q("petition")).await;
    assert!(
        hit["items"][0]["excerpt_html"]
            .as_str()
            .unwrap()
            .contains("<mark>petition</mark>"),
        "{hit}"
    );

    // A new revision replaces the text: the old word goes, the new comes.
    let response = app
        .client
        .post(format!(
            "{}/api/v1/library/items/{}/file?filename=one.pdf",
            app.base, ids[0]
        ))
        .bearer_auth(&ada.token)
        .body(pdf("The appeal was granted"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    extracted(&app, ids[0]).await;
    assert_eq!(
        titles(&search(&app, None, &q("appeal")).await),
        set(&["Scan one"])
    );
    assert_eq!(search(&app, None, &q("habeas")).await["total"], 0);
}

async fn a_corrupt_pdf_is_reported_and_harmless(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "archive", "public").await;
    let mut broken = pdf("Nothing to see");
    broken.truncate(broken.len() / 3);
    broken.extend_from_slice(b"\x00\xff garbage endobj trailer");
    let id = upload(&app, &ada, "archive", "Broken scan", "broken.pdf", broken).await;
    let garbage = upload(
        &app,
        &ada,
        "archive",
        "Not a PDF",
        "fake.pdf",
        b"%PDF-1.7\n\x00\x01\x02".to_vec(),
    )
    .await;
    let (state, reason) = extracted(&app, id).await;
    // Cut in the middle, lopdf may still read the page that is whole, or
    // not: either way the queue says so and goes on.
    assert!(state == "failed" || state == "done", "{state}: {reason}");
    let (state, reason) = extracted(&app, garbage).await;
    assert_eq!(state, "failed");
    assert!(!reason.is_empty());
    // The server goes on: the items are still found by their titles, and
    // the next file is read.
    assert_eq!(
        titles(&search(&app, None, &q("scan")).await),
        set(&["Broken scan"])
    );
    let next = upload(
        &app,
        &ada,
        "archive",
        "After",
        "after.txt",
        b"sequestration".to_vec(),
    )
    .await;
    assert_eq!(extracted(&app, next).await.0, "done");
    assert_eq!(
        titles(&search(&app, None, &q("sequestration")).await),
        set(&["After"])
    );
}

async fn a_private_file_is_found_by_members_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let member = app.user("member").await;
    let outsider = app.user("outsider").await;
    app.space(&ada, "cell", "private").await;
    app.add_member(&ada, "cell", &member, "reader").await;
    let id = upload(
        &app,
        &ada,
        "cell",
        "Report",
        "report.pdf",
        pdf("Safehouse coordinates"),
    )
    .await;
    assert_eq!(extracted(&app, id).await.0, "done");
    assert_eq!(
        titles(&search(&app, Some(&member), &q("safehouse")).await),
        set(&["Report"])
    );
    // The state of its text goes with the item: to members only.
    assert_eq!(
        item(&app, &member, id).await["text_extraction"]["status"],
        "done"
    );
    let hidden = app
        .client
        .get(format!("{}/api/v1/library/items/{id}", app.base))
        .bearer_auth(&outsider.token)
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    for viewer in [None, Some(&outsider)] {
        let answer = search(&app, viewer, &q("safehouse")).await;
        assert_eq!(answer["total"], 0, "{answer}");
        assert_eq!(answer["items"].as_array().unwrap().len(), 0);
    }
}

/// What a server stopped in the middle of a job leaves: the row still
/// pending, taken once, its lease run out. The queue takes it again.
async fn a_job_left_by_a_stopped_server_is_taken_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "archive", "public").await;
    let id = upload(
        &app,
        &ada,
        "archive",
        "Memo",
        "memo.txt",
        b"extradition".to_vec(),
    )
    .await;
    assert_eq!(extracted(&app, id).await.0, "done");
    sqlx::query(
        "UPDATE library_extractions SET state = 'pending', text = '', attempts = 1, \
                lease_until = 0, finished_at = NULL WHERE item_id = $1",
    )
    .bind(id)
    .execute(app.state.db.writer())
    .await
    .unwrap();
    assert_eq!(extracted(&app, id).await.0, "done");
    let (attempts,): (i64,) =
        sqlx::query_as("SELECT attempts FROM library_extractions WHERE item_id = $1")
            .bind(id)
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    assert_eq!(attempts, 2);
    assert_eq!(
        titles(&search(&app, None, &q("extradition")).await),
        set(&["Memo"])
    );
}

/// The item as `user` reads it from the API.
async fn item(app: &TestApp, user: &User, id: i64) -> Value {
    let response = app
        .client
        .get(format!("{}/api/v1/library/items/{id}", app.base))
        .bearer_auth(&user.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Item `id`'s page, read anonymously in `language`, once it says `line`.
async fn page_says(app: &TestApp, id: i64, language: &str, line: &str) {
    let page = Browser::new(app)
        .with_language(language)
        .get(&format!("/item/{id}"))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains(&format!("<p class=\"meta\" id=\"text-extraction\">{line}"));
}

/// Whoever sees a file sees where its text stands, in the API and on its
/// page: pending while a worker reads it, then indexed; failed, with the
/// reason, for a file that is not what its name says. Notes have none.
async fn the_state_of_a_files_text_is_shown_with_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "archive", "public").await;
    let response = app
        .client
        .post(format!(
            "{}/api/v1/spaces/archive/library/files?filename=memo.txt",
            app.base
        ))
        .bearer_auth(&ada.token)
        .body("extradition")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    // The upload answers before the queue reads the file, or just after.
    let status = &created["text_extraction"]["status"];
    assert!(status == "pending" || status == "done", "{created}");
    assert_eq!(extracted(&app, id).await.0, "done");

    // As a worker leaves the row while it reads the file: pending, held
    // until its lease runs out. Nothing else takes it meanwhile.
    let lease = |until: i64| {
        sqlx::query(
            "UPDATE library_extractions SET state = 'pending', lease_until = $2 \
             WHERE item_id = $1",
        )
        .bind(id)
        .bind(until)
        .execute(app.state.db.writer())
    };
    lease(4_000_000_000_000_000).await.unwrap();
    assert_eq!(
        item(&app, &ada, id).await["text_extraction"],
        json!({"status": "pending", "reason": null})
    );
    page_says(&app, id, "en", "Text extraction pending").await;
    page_says(&app, id, "fr", "Extraction du texte en attente").await;

    // The lease runs out: the queue reads the file again.
    lease(0).await.unwrap();
    assert_eq!(extracted(&app, id).await.0, "done");
    assert_eq!(
        item(&app, &ada, id).await["text_extraction"],
        json!({"status": "done", "reason": null})
    );
    page_says(&app, id, "en", "Text indexed for search").await;
    page_says(&app, id, "de", "Text für die Suche erfasst").await;

    let broken = upload(
        &app,
        &ada,
        "archive",
        "Fake",
        "fake.pdf",
        b"%PDF-1.7\n\x00\x01\x02".to_vec(),
    )
    .await;
    let (state, reason) = extracted(&app, broken).await;
    assert_eq!(state, "failed");
    assert!(!reason.is_empty());
    assert_eq!(
        item(&app, &ada, broken).await["text_extraction"],
        json!({"status": "failed", "reason": reason})
    );
    page_says(&app, broken, "en", "Could not read the text: ").await;
    page_says(&app, broken, "ar", "تعذّرت قراءة النص: ").await;
    page_says(&app, broken, "pt", "Não foi possível ler o texto: ").await;

    // The library's listing carries it too; a note has none.
    let response = app
        .client
        .post(format!("{}/api/v1/spaces/archive/library/notes", app.base))
        .bearer_auth(&ada.token)
        .json(&json!({"title": "Minutes", "body": "Nothing to read"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let listing: Value = app
        .client
        .get(format!("{}/api/v1/spaces/archive/library", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let state_of = |title: &str| {
        listing["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == title)
            .map(|i| i["text_extraction"].clone())
            .unwrap_or_else(|| panic!("{title} is not listed: {listing}"))
    };
    assert_eq!(state_of("memo.txt")["status"], "done");
    assert_eq!(state_of("Fake")["status"], "failed");
    assert_eq!(state_of("Minutes"), Value::Null);

    // The OpenAPI document describes it.
    let (_, doc) = app.get("/api/v1/openapi.json", None).await;
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["ItemView"]["properties"]["text_extraction"].is_object(),
        "{}",
        schemas["ItemView"]
    );
    assert!(schemas["TextExtraction"]["properties"]["reason"].is_object());
    assert_eq!(
        schemas["ExtractionStatus"]["enum"],
        json!(["pending", "done", "failed", "unsupported"])
    );
}
