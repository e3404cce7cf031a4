//! Translation (issue 18, point 5): the Translate button, through a
//! LibreTranslate-compatible server on loopback (`translation_server.rs`).

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::translation_server::{FakeLibreTranslate, KEY, Mood};
use crate::web_support::Browser;

on_both_backends!(
    a_french_post_is_translated_once_per_version,
    comments_events_and_notes_are_translated,
    private_content_needs_the_admins_word,
    no_server_no_button,
    a_failing_server_is_explained_and_nothing_is_cached,
    size_and_allowance_are_bounded,
);

async fn spawn(backend: Backend, server: &FakeLibreTranslate, private: bool) -> TestApp {
    let url = server.url.clone();
    TestApp::spawn_with(backend, move |config| {
        config.translation.url = Some(url.parse().unwrap());
        config.translation.key = Some(KEY.into());
        config.translation.private_content = private;
        config.translation.timeout = std::time::Duration::from_secs(1);
    })
    .await
}

async fn french_post(app: &TestApp, author: &User, space: &str, title: &str, body: &str) -> i64 {
    let (status, post) = app
        .post(
            &format!("/api/v1/spaces/{space}/posts"),
            Some(author),
            json!({"title": title, "body": body, "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{post}");
    post["id"].as_i64().unwrap()
}

fn button(kind: &str, id: i64) -> String {
    format!("action=\"/translate/{kind}/{id}\"")
}

async fn a_french_post_is_translated_once_per_version(backend: Backend) {
    let server = FakeLibreTranslate::start().await;
    let app = spawn(backend, &server, false).await;
    let amina = app.user("amina").await;
    let ben = app.user("ben").await;
    app.space(&amina, "news", "public").await;
    let id = french_post(
        &app,
        &amina,
        "news",
        "Les détenus",
        "La **défense** est un droit.",
    )
    .await;
    let english = french_post(&app, &amina, "news", "x", "y").await;
    app.patch(
        &format!("/api/v1/posts/{english}"),
        Some(&amina),
        json!({"language": "en"}),
    )
    .await;

    let reader = Browser::signed_in(&app, &ben).await;
    let page = reader.get(&format!("/post/{id}")).await;
    page.assert_contains(&button("post", id));
    let page = reader.get(&format!("/post/{english}")).await;
    assert!(
        !page.body.contains(&button("post", english)),
        "same language: no button"
    );
    // Visitors who are not signed in see no button either.
    let visitor = Browser::new(&app).get(&format!("/post/{id}")).await;
    assert!(!visitor.body.contains("/translate/"), "{}", visitor.body);

    let back = format!("/post/{id}");
    let result = reader
        .submit(&format!("/translate/post/{id}"), &[("back", &back)])
        .await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    result.assert_contains("[en] Les détenus");
    result.assert_contains("[en] <p>La <strong>défense</strong> est un droit.</p>");
    result.assert_contains("Machine translation from “fr”");
    result.assert_contains(&format!("href=\"/post/{id}\""));
    assert!(!result.body.contains("<script>alert"), "{}", result.body);
    assert!(!result.body.contains("&lt;script"), "{}", result.body);
    assert_eq!(server.calls(), 1);
    assert!(server.received().iter().all(|(source, _)| source == "fr"));

    // Again, and through the API: the cache answers.
    let again = reader.submit(&format!("/translate/post/{id}"), &[]).await;
    again.assert_contains("[en] Les détenus");
    let (status, answer) = app
        .post(
            "/api/v1/translations",
            Some(&ben),
            json!({"kind": "post", "id": id, "target": "en"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["cached"], true);
    assert_eq!(answer["machine_translated"], true);
    assert_eq!(answer["source_language"], "fr");
    assert_eq!(server.calls(), 1);

    // An edit is a new text: translated again, once.
    let (status, _) = app
        .patch(
            &format!("/api/v1/posts/{id}"),
            Some(&amina),
            json!({"body": "La défense est un droit fondamental."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let edited = reader.submit(&format!("/translate/post/{id}"), &[]).await;
    edited.assert_contains("droit fondamental");
    assert_eq!(server.calls(), 2);
    reader.submit(&format!("/translate/post/{id}"), &[]).await;
    assert_eq!(server.calls(), 2);

    // Into another language: another translation.
    let (status, answer) = app
        .post(
            "/api/v1/translations",
            Some(&ben),
            json!({"kind": "post", "id": id, "target": "ar"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer["title"].as_str().unwrap().starts_with("[ar]"));
    assert_eq!(answer["cached"], false);
    assert_eq!(server.calls(), 3);
    let (status, _) = app
        .post(
            "/api/v1/translations",
            None,
            json!({"kind": "post", "id": id}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn comments_events_and_notes_are_translated(backend: Backend) {
    let server = FakeLibreTranslate::start().await;
    let app = spawn(backend, &server, false).await;
    let amina = app.user("amina").await;
    let ben = app.user("ben").await;
    app.space(&amina, "news", "public").await;
    let post = french_post(&app, &amina, "news", "Titre", "Texte").await;
    let (status, comment) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&amina),
            json!({"body": "Les audiences sont reportées."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{comment}");
    // Writing a comment answers the thread; ours is the newest.
    let comment = comment.as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, event) = app
        .post(
            "/api/v1/spaces/news/events",
            Some(&amina),
            json!({"title": "Les droits des détenus", "description": "Un webinaire.",
                   "starts_at": "2030-03-28T10:00", "ends_at": "2030-03-28T11:00",
                   "timezone": "Africa/Kinshasa", "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let event = event["id"].as_i64().unwrap();
    let (status, note) = app
        .post(
            "/api/v1/spaces/news/library/notes",
            Some(&amina),
            json!({"title": "Liste", "body": "Apporter les **pièces**.", "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let note = note["id"].as_i64().unwrap();

    let reader = Browser::signed_in(&app, &ben).await;
    reader
        .get(&format!("/post/{post}"))
        .await
        .assert_contains(&button("comment", comment));
    reader
        .get(&format!("/event/{event}"))
        .await
        .assert_contains(&button("event", event));
    reader
        .get(&format!("/item/{note}"))
        .await
        .assert_contains(&button("library_note", note));

    // A comment does not say its language: the server detects it.
    let result = reader
        .submit(&format!("/translate/comment/{comment}"), &[])
        .await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    result.assert_contains("[en] <p>Les audiences sont reportées.</p>");
    result.assert_contains("Machine translation from “fr”");
    result.assert_contains(&format!("href=\"/post/{post}#comment-{comment}\""));
    assert!(server.received().iter().any(|(source, _)| source == "auto"));

    let result = reader
        .submit(&format!("/translate/event/{event}"), &[])
        .await;
    result.assert_contains("[en] Les droits des détenus");
    let result = reader
        .submit(&format!("/translate/library_note/{note}"), &[])
        .await;
    result.assert_contains("[en] <p>Apporter les <strong>pièces</strong>.</p>");
    assert_eq!(server.calls(), 3);
}

async fn private_content_needs_the_admins_word(backend: Backend) {
    for private_content in [false, true] {
        let server = FakeLibreTranslate::start().await;
        let app = spawn(backend, &server, private_content).await;
        let amina = app.user("amina").await;
        app.space(&amina, "case", "private").await;
        let id = french_post(&app, &amina, "case", "Le dossier", "Les pièces secrètes.").await;
        let browser = Browser::signed_in(&app, &amina).await;
        let page = browser.get(&format!("/post/{id}")).await;
        let result = browser.submit(&format!("/translate/post/{id}"), &[]).await;
        let (status, answer) = app
            .post(
                "/api/v1/translations",
                Some(&amina),
                json!({"kind": "post", "id": id, "target": "en"}),
            )
            .await;
        if private_content {
            page.assert_contains(&button("post", id));
            assert_eq!(result.status, StatusCode::OK, "{}", result.body);
            result.assert_contains("[en] Le dossier");
            assert_eq!(status, StatusCode::OK, "{answer}");
            assert_eq!(server.calls(), 1);
        } else {
            assert!(!page.body.contains("/translate/"), "{}", page.body);
            assert_eq!(result.status, StatusCode::FORBIDDEN);
            result.assert_contains("Content of private spaces is not sent");
            assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
            assert_eq!(answer["error"], "forbidden");
            assert_eq!(server.calls(), 0);
            assert!(server.received().is_empty());
        }
        // Someone outside the space learns nothing, whatever the setting.
        let stranger = app.user("stranger").await;
        let (status, _) = app
            .post(
                "/api/v1/translations",
                Some(&stranger),
                json!({"kind": "post", "id": id, "target": "en"}),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}

async fn no_server_no_button(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    let ben = app.user("ben").await;
    app.space(&amina, "news", "public").await;
    let id = french_post(&app, &amina, "news", "Les détenus", "Texte.").await;
    let reader = Browser::signed_in(&app, &ben).await;
    let page = reader.get(&format!("/post/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/translate/"), "{}", page.body);
    let result = reader.submit(&format!("/translate/post/{id}"), &[]).await;
    assert_eq!(result.status, StatusCode::NOT_FOUND);
    result.assert_contains("Translation is not available on this server.");
    let (status, _) = app
        .post(
            "/api/v1/translations",
            Some(&ben),
            json!({"kind": "post", "id": id, "target": "en"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn a_failing_server_is_explained_and_nothing_is_cached(backend: Backend) {
    // Down: nothing listens at its address.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let nowhere = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let server = FakeLibreTranslate::start().await;
    let url = server.url.clone();
    for (address, down) in [(nowhere, true), (url, false)] {
        let app = TestApp::spawn_with(backend, |config| {
            config.translation.url = Some(address.parse().unwrap());
            config.translation.key = Some(KEY.into());
            config.translation.timeout = std::time::Duration::from_secs(1);
        })
        .await;
        let amina = app.user("amina").await;
        let ben = app.user("ben").await;
        app.space(&amina, "news", "public").await;
        let id = french_post(&app, &amina, "news", "Les détenus", "Texte.").await;
        // A reader whose interface is in French, of a post in Portuguese.
        app.patch(
            &format!("/api/v1/posts/{id}"),
            Some(&amina),
            json!({"language": "pt"}),
        )
        .await;
        let reader = Browser::new(&app).with_language("fr");
        reader.sign_in(&ben.name).await;
        let path = format!("/translate/post/{id}");
        if down {
            let page = reader.submit(&path, &[]).await;
            assert_eq!(page.status, StatusCode::BAD_GATEWAY, "{}", page.body);
            page.assert_contains("Le service de traduction est indisponible");
            continue;
        }
        server.set_mood(Mood::Confused);
        let page = reader.submit(&path, &[]).await;
        assert_eq!(page.status, StatusCode::BAD_GATEWAY, "{}", page.body);
        page.assert_contains("Le service de traduction est indisponible");
        server.set_mood(Mood::Slow);
        let page = reader.submit(&path, &[]).await;
        assert_eq!(page.status, StatusCode::GATEWAY_TIMEOUT, "{}", page.body);
        page.assert_contains("a mis trop de temps à répondre");
        let (status, answer) = app
            .post(
                "/api/v1/translations",
                Some(&ben),
                json!({"kind": "post", "id": id, "target": "fr"}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{answer}");
        // Nothing of that was kept: once the server is well, it is asked.
        server.set_mood(Mood::Helpful);
        let before = server.calls();
        let page = reader.submit(&path, &[]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        page.assert_contains("[fr] Les détenus");
        page.assert_contains("Traduction automatique depuis « pt »");
        assert_eq!(server.calls(), before + 1);
    }
}

async fn size_and_allowance_are_bounded(backend: Backend) {
    let server = FakeLibreTranslate::start().await;
    let url = server.url.clone();
    let app = TestApp::spawn_with(backend, move |config| {
        config.translation.url = Some(url.parse().unwrap());
        config.translation.key = Some(KEY.into());
        config.translation.max_chars = 200;
        config.translation.per_account_per_hour = 2;
    })
    .await;
    let amina = app.user("amina").await;
    let ben = app.user("ben").await;
    app.space(&amina, "news", "public").await;
    let long = french_post(&app, &amina, "news", "Long", &"La défense. ".repeat(30)).await;
    let reader = Browser::signed_in(&app, &ben).await;
    let page = reader.submit(&format!("/translate/post/{long}"), &[]).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", page.body);
    page.assert_contains("This text is too long to be translated.");
    assert_eq!(server.calls(), 0);

    let mut posts = Vec::new();
    for n in 0..3 {
        posts.push(french_post(&app, &amina, "news", &format!("Titre {n}"), "Le texte.").await);
    }
    for id in &posts[..2] {
        let page = reader.submit(&format!("/translate/post/{id}"), &[]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    }
    // What is cached costs nothing; a third new text waits for the hour.
    let page = reader
        .submit(&format!("/translate/post/{}", posts[0]), &[])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page = reader
        .submit(&format!("/translate/post/{}", posts[2]), &[])
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS, "{}", page.body);
    page.assert_contains("many translations in the last hour");
    let (status, _) = app
        .post(
            "/api/v1/translations",
            Some(&ben),
            json!({"kind": "post", "id": posts[2], "target": "en"}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(server.calls(), 2);
    // Another member has their own allowance, and gets the cached ones too.
    let (status, answer) = app
        .post(
            "/api/v1/translations",
            Some(&amina),
            json!({"kind": "post", "id": posts[2], "target": "en"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(server.calls(), 3);
}
