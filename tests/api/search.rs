//! Search (issue 18): five languages, every kind, filters, pages,
//! deletions seen at once, bad input (visibility: `search_visibility.rs`).
//! Every test runs on SQLite and PostgreSQL with the same exact
//! expectations, so both engines give the same result sets;
//! `engines_agree` also compares them side by side.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User, postgres_url};

on_both_backends!(
    five_languages_through_the_api,
    every_kind_is_found,
    filters_narrow_the_results,
    pages_are_counted_and_do_not_overlap,
    a_word_found_everywhere_ranks_the_newest_two_hundred_and_fifty,
    deleted_content_disappears_at_once,
    bad_searches_are_explained,
    tidying_the_index_loses_and_revives_nothing,
);

/// Searches and returns the answer, which must be a 200.
pub(crate) async fn search(app: &TestApp, user: Option<&User>, query: &str) -> Value {
    let (status, body) = app.get(&format!("/api/v1/search?{query}"), user).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

/// The titles found, as a set.
pub(crate) fn titles(answer: &Value) -> BTreeSet<String> {
    answer["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["title"].as_str().unwrap().to_owned())
        .collect()
}

pub(crate) fn set(titles: &[&str]) -> BTreeSet<String> {
    titles.iter().map(|t| (*t).to_owned()).collect()
}

/// The newest top-level comment of a thread (what writing a comment answers).
fn newest_comment(thread: &Value) -> Value {
    thread.as_array().unwrap().last().unwrap()["id"].clone()
}

pub(crate) fn q(text: &str) -> String {
    format!("q={}", urlencode(text))
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Writes a post with a language and returns its id.
pub(crate) async fn post(
    app: &TestApp,
    author: &User,
    space: &str,
    title: &str,
    body: &str,
    language: &str,
) -> i64 {
    let (status, answer) = app
        .post(
            &format!("/api/v1/spaces/{space}/posts"),
            Some(author),
            json!({"title": title, "body": body, "language": language}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    answer["id"].as_i64().unwrap()
}

/// The corpus of the language tests, in one public space.
async fn five_language_corpus(app: &TestApp) -> User {
    let ada = app.user("ada").await;
    app.space(&ada, "droits", "public").await;
    for (title, body, language) in [
        (
            "Libération",
            "Un détenu a été libéré hier à Kinshasa.",
            "fr",
        ),
        ("Defesa", "O direito à defesa é garantido.", "pt-BR"),
        ("Plaidoirie", "La défense a plaidé la relaxe.", "fr"),
        ("حكم", "قررت محكمة الاستئناف الإفراج عن المتهم", "ar"),
        ("Bericht", "Das Gericht hat die Verhandlung vertagt.", "de"),
        ("Report", "The hearing was postponed again.", "en"),
    ] {
        post(app, &ada, "droits", title, body, language).await;
    }
    ada
}

async fn five_languages_through_the_api(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    five_language_corpus(&app).await;
    for (query, expected) in [
        ("détenus", "Libération"),
        ("direitos", "Defesa"),
        ("defense", "Plaidoirie"),
        ("المحكمة", "حكم"),
        ("Gerichte", "Bericht"),
        ("hearings postpone", "Report"),
    ] {
        let answer = search(&app, None, &q(query)).await;
        assert_eq!(titles(&answer), set(&[expected]), "{query}: {answer}");
        assert_eq!(answer["total"], 1, "{query}");
    }
    // Case, accents, tatweel and harakat make no difference.
    for (a, b) in [
        ("Défense", "DEFENSE"),
        ("المحكمة", "المحكـــمة"),
        ("المحكمة", "المَحْكَمَة"),
    ] {
        let first = search(&app, None, &q(a)).await;
        let second = search(&app, None, &q(b)).await;
        assert_eq!(first["items"], second["items"], "{a} / {b}");
        assert_eq!(first["total"], 1, "{a}");
    }
    // The matching words are marked in the excerpt, the rest escaped.
    let answer = search(&app, None, &q("détenus")).await;
    let hit = &answer["items"][0];
    assert_eq!(
        hit["excerpt_html"],
        "Un <mark>détenu</mark> a été libéré hier à Kinshasa."
    );
    assert_eq!(hit["kind"], "post");
    assert_eq!(hit["language"], "fr");
    assert_eq!(hit["space"]["reference"], "droits");
    assert_eq!(hit["author"]["username"], "ada");
    assert_eq!(hit["url"], format!("/post/{}", hit["id"]));
    // Every word must match.
    let answer = search(&app, None, &q("défense Kinshasa")).await;
    assert_eq!(answer["total"], 0, "{answer}");
}

async fn every_kind_is_found(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.patch(
        "/api/v1/accounts/me",
        Some(&ada),
        json!({"display_name": "Ada Lovelace", "organisation": "Avocats Sans Frontières"}),
    )
    .await;
    let (status, space) = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "litigation", "title": "Strategic litigation",
                   "description": "Cases before the African Court", "visibility": "public"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{space}");
    let post_id = post(
        &app,
        &ada,
        "litigation",
        "Weekly news",
        "Nothing new.",
        "en",
    )
    .await;
    let (status, thread) = app
        .post(
            &format!("/api/v1/posts/{post_id}/comments"),
            Some(&ada),
            json!({"body": "The tribunal sits on Monday"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{thread}");
    let comment = json!({"id": newest_comment(&thread)});
    let (status, event) = app
        .post(
            "/api/v1/spaces/litigation/events",
            Some(&ada),
            json!({"title": "Webinar on reparations", "starts_at": "2030-05-01T10:00",
                   "ends_at": "2030-05-01T11:00", "timezone": "Africa/Kinshasa",
                   "description": "With survivors' lawyers"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let (status, note) = app
        .post(
            "/api/v1/spaces/litigation/library/notes",
            Some(&ada),
            json!({"title": "Checklist", "body": "# Filing\n\nBring the **affidavits**.",
                   "tags": ["procedure"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    for (query, kind, id) in [
        ("african court", "space", &space["id"]),
        ("tribunal", "comment", &comment["id"]),
        ("reparations lawyers", "event", &event["id"]),
        ("affidavit", "library_item", &note["id"]),
        ("procedure", "library_item", &note["id"]),
        ("lovelace", "person", &json!(null)),
        ("frontieres", "person", &json!(null)),
    ] {
        let answer = search(&app, Some(&ada), &q(query)).await;
        assert_eq!(answer["total"], 1, "{query}: {answer}");
        let hit = &answer["items"][0];
        assert_eq!(hit["kind"], kind, "{query}: {answer}");
        if !id.is_null() {
            assert_eq!(&hit["id"], id, "{query}");
        }
    }
    let answer = search(&app, Some(&ada), &q("tribunal")).await;
    assert_eq!(answer["items"][0]["post_id"], post_id);
    assert_eq!(
        answer["items"][0]["url"],
        format!("/post/{post_id}#comment-{}", comment["id"])
    );
    let answer = search(&app, Some(&ada), &q("lovelace")).await;
    assert_eq!(answer["items"][0]["url"], "/people/ada");
    assert_eq!(
        answer["items"][0]["title_html"],
        "Ada <mark>Lovelace</mark>"
    );
}

async fn filters_narrow_the_results(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "alpha", "public").await;
    app.space(&bea, "beta", "public").await;
    post(
        &app,
        &ada,
        "alpha",
        "Rapport alpha",
        "Le rapport annuel.",
        "fr",
    )
    .await;
    post(
        &app,
        &bea,
        "beta",
        "Rapport beta",
        "Le rapport trimestriel.",
        "fr-CA",
    )
    .await;
    post(
        &app,
        &bea,
        "beta",
        "Report beta",
        "The yearly report.",
        "en",
    )
    .await;
    let all = search(&app, None, &q("rapport")).await;
    assert_eq!(all["total"], 2, "{all}");
    let cases = [
        ("&space=alpha", vec!["Rapport alpha"]),
        ("&space=beta", vec!["Rapport beta"]),
        ("&author=bea", vec!["Rapport beta"]),
        ("&author=nobody", vec![]),
        ("&language=fr", vec!["Rapport alpha", "Rapport beta"]),
        ("&language=fr-CA", vec!["Rapport beta"]),
        ("&language=en", vec![]),
        ("&kind=post", vec!["Rapport alpha", "Rapport beta"]),
        ("&kind=comment", vec![]),
        ("&since=2000-01-01", vec!["Rapport alpha", "Rapport beta"]),
        ("&until=2000-01-01", vec![]),
        ("&since=2999-01-01T00:00:00Z", vec![]),
    ];
    for (filter, expected) in cases {
        let answer = search(&app, None, &format!("{}{filter}", q("rapport"))).await;
        assert_eq!(titles(&answer), set(&expected), "{filter}: {answer}");
        assert_eq!(answer["total"], expected.len(), "{filter}");
    }
    // A space nobody can see is "no such space", as everywhere.
    let (status, _) = app
        .get(
            &format!("/api/v1/search?{}&space=gamma", q("rapport")),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn pages_are_counted_and_do_not_overlap(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    for n in 0..23 {
        post(
            &app,
            &ada,
            "news",
            &format!("Hearing {n}"),
            "A hearing.",
            "en",
        )
        .await;
    }
    post(&app, &ada, "news", "Other", "Nothing to see.", "en").await;
    let mut seen = BTreeSet::new();
    for page in 1..=3 {
        let answer = search(
            &app,
            None,
            &format!("{}&per_page=10&page={page}", q("hearing")),
        )
        .await;
        assert_eq!(answer["total"], 23);
        assert_eq!(answer["pages"], 3);
        assert_eq!(answer["page"], page);
        let items = answer["items"].as_array().unwrap();
        assert_eq!(items.len(), if page == 3 { 3 } else { 10 }, "page {page}");
        for hit in items {
            assert!(seen.insert(hit["id"].as_i64().unwrap()), "twice: {hit}");
        }
    }
    assert_eq!(seen.len(), 23);
    let past = search(&app, None, &format!("{}&per_page=10&page=4", q("hearing"))).await;
    assert_eq!(past["items"], json!([]));
    assert_eq!(past["total"], 23);
    // The newest first when relevance is equal.
    let first = search(&app, None, &q("hearing")).await;
    assert_eq!(first["items"][0]["title"], "Hearing 22");
}

/// A search ranks at most the newest 250 matches it may see, says
/// that there are more, and a second word finds an older one.
async fn a_word_found_everywhere_ranks_the_newest_two_hundred_and_fifty(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    app.space(&ada, "case", "private").await;
    for n in 0..251 {
        post(
            &app,
            &ada,
            "news",
            &format!("Hearing {n}"),
            "A hearing.",
            "en",
        )
        .await;
    }
    // Private matches neither count nor push public ones out, for a
    // visitor.
    post(
        &app,
        &ada,
        "case",
        "Hearing in the case",
        "A hearing.",
        "en",
    )
    .await;
    let visitor = search(&app, None, &q("hearing")).await;
    assert_eq!(visitor["total"], 250, "{}", visitor["total"]);
    assert_eq!(visitor["more"], true);
    assert_eq!(visitor["pages"], 13);
    assert_eq!(visitor["items"][0]["title"], "Hearing 250");
    let last = search(&app, None, &format!("{}&page=13", q("hearing"))).await;
    assert_eq!(last["items"].as_array().map(Vec::len), Some(10), "{last}");
    assert_eq!(last["items"][9]["title"], "Hearing 1", "{last}");
    // The oldest, beyond the 250, is found with one more word.
    let oldest = search(&app, None, &q("hearing 0")).await;
    assert_eq!(titles(&oldest), set(&["Hearing 0"]));
    assert_eq!(oldest["more"], false);
    let member = search(&app, Some(&ada), &q("hearing case")).await;
    assert_eq!(titles(&member), set(&["Hearing in the case"]));
}

async fn deleted_content_disappears_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let post_id = post(&app, &ada, "news", "Verdict", "The verdict is in.", "en").await;
    let (_, comment) = app
        .post(
            &format!("/api/v1/posts/{post_id}/comments"),
            Some(&ada),
            json!({"body": "An appeal follows the verdict"}),
        )
        .await;
    let comment_id = newest_comment(&comment).as_i64().unwrap();
    assert_eq!(search(&app, None, &q("verdict")).await["total"], 2);
    // An edit replaces the words at once.
    let (status, _) = app
        .patch(
            &format!("/api/v1/posts/{post_id}"),
            Some(&ada),
            json!({"title": "Judgment", "body": "The judgment is in."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(search(&app, None, &q("judgment")).await["total"], 1);
    assert_eq!(search(&app, None, &q("verdict")).await["total"], 1);
    let (status, _) = app
        .delete(&format!("/api/v1/comments/{comment_id}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(search(&app, None, &q("verdict")).await["total"], 0);
    // A deleted post takes its comments with it.
    let (_, comment) = app
        .post(
            &format!("/api/v1/posts/{post_id}/comments"),
            Some(&ada),
            json!({"body": "Another appeal"}),
        )
        .await;
    assert!(newest_comment(&comment).is_i64());
    assert_eq!(search(&app, None, &q("appeal")).await["total"], 1);
    let (status, _) = app
        .delete(&format!("/api/v1/posts/{post_id}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(search(&app, None, &q("judgment")).await["total"], 0);
    assert_eq!(search(&app, None, &q("appeal")).await["total"], 0);
    // A library item too.
    let (_, note) = app
        .post(
            "/api/v1/spaces/news/library/notes",
            Some(&ada),
            json!({"title": "Minutes", "body": "Quorum reached"}),
        )
        .await;
    assert_eq!(search(&app, None, &q("quorum")).await["total"], 1);
    let (status, _) = app
        .delete(&format!("/api/v1/library/items/{}", note["id"]), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(search(&app, None, &q("quorum")).await["total"], 0);
}

async fn bad_searches_are_explained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (query, field) in [
        ("q=", "q"),
        ("q=%21%21", "q"),
        ("q=a&language=english", "language"),
        ("q=a&since=yesterday", "since"),
        ("q=a&page=0", "page"),
        ("q=a&page=101", "page"),
        ("q=a&per_page=51", "per_page"),
    ] {
        let (status, answer) = app.get(&format!("/api/v1/search?{query}"), None).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {answer}"
        );
        assert!(
            answer["message"].as_str().unwrap().starts_with(field),
            "{query}: {answer}"
        );
    }
    let (status, _) = app.get("/api/v1/search", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app.get("/api/v1/search?q=a&kind=planet", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// The same corpus and queries on SQLite and PostgreSQL side by side: the
/// same results in the same order, excerpts and totals.
#[tokio::test]
async fn engines_agree() {
    if postgres_url().is_none() {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED search::engines_agree: AGORA_TEST_DATABASE_URL is not set"
        );
        return;
    }
    let mut found = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = TestApp::spawn(backend).await;
        five_language_corpus(&app).await;
        let mut answers = Vec::new();
        for query in [
            "détenus",
            "direitos",
            "defense",
            "المحكمة",
            "gericht",
            "report",
            "la",
            "o direito",
            "2030",
            "hier Kinshasa",
            "محكمة الاستئناف",
        ] {
            let answer = search(&app, None, &q(query)).await;
            // Lists, in order: ranking is done in Rust, alike on both.
            let titles: Vec<String> = answer["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|hit| format!("{} {}", hit["title"], hit["excerpt_html"]))
                .collect();
            answers.push((query, answer["total"].clone(), titles));
        }
        found.push(answers);
    }
    assert_eq!(found[0], found[1]);
}

async fn tidying_the_index_loses_and_revives_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let body = format!("Hearing number {n} was adjourned.");
        ids.push(post(&app, &ada, "news", &format!("Hearing {n}"), &body, "en").await);
    }
    let (status, _) = app
        .delete(&format!("/api/v1/posts/{}", ids[0]), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    agora::search::tidy::tidy(&app.state.db).await.unwrap();
    assert_eq!(
        titles(&search(&app, None, &q("adjourned")).await),
        set(&["Hearing 1", "Hearing 2"])
    );
    post(&app, &ada, "news", "Hearing 3", "Adjourned again.", "en").await;
    agora::search::tidy::tidy(&app.state.db).await.unwrap();
    agora::search::tidy::tidy(&app.state.db).await.unwrap();
    assert_eq!(
        titles(&search(&app, None, &q("adjourned")).await),
        set(&["Hearing 1", "Hearing 2", "Hearing 3"])
    );
}
