//! Newsletters (issue 17 point 7): editors compose an issue in several
//! languages from public posts and events, test it, send it; members who
//! opted in and readers who confirmed by email (a real SMTP server on
//! loopback) each get their language, with a one-click unsubscribe link;
//! sending is throttled and goes on where it stopped; sent issues make a
//! public archive and an Atom feed. On both engines.

use agora::accounts::InstanceRole;
use agora::newsletter::sending;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::smtp_support::{Received, SmtpSink};
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    an_issue_reaches_each_subscriber_in_their_language_and_unsubscribes_in_one_click,
    sending_is_throttled_resumable_and_drafts_stay_unseen,
    editors_write_preview_and_schedule_from_the_pages,
);

const BASE: &str = "http://agora.test";

fn issue(picks: Value) -> Value {
    json!({
        "editions": [
            {"language": "en", "subject": "Monthly news", "body": "Hello network.\n\nA <b>second</b> paragraph."},
            {"language": "fr", "subject": "Nouvelles du mois", "body": "Bonjour le réseau."}
        ],
        "picks": picks,
    })
}

fn path_of(mail: &Received, prefix: &str) -> String {
    let link = mail
        .link(&format!("{BASE}{prefix}"))
        .unwrap_or_else(|| panic!("no {prefix} link in:\n{}", mail.text()));
    link.trim_start_matches(BASE).to_owned()
}

/// Runs the sending rounds until the issue is sent (the worker is off in
/// these tests: `email.newsletter_per_minute = 0`).
async fn send_all(app: &TestApp, per_round: i64) -> Vec<usize> {
    let mut rounds = Vec::new();
    loop {
        let n = sending::send_due(&app.state.db, &app.state.mailer, per_round)
            .await
            .unwrap();
        if n == 0 {
            return rounds;
        }
        rounds.push(n);
        assert!(rounds.len() < 100, "sending never ends");
    }
}

async fn progress(app: &TestApp, editor: &User, id: i64) -> Value {
    let (status, p) = app
        .get(
            &format!("/api/v1/newsletter/issues/{id}/progress"),
            Some(editor),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    p
}

async fn an_issue_reaches_each_subscriber_in_their_language_and_unsubscribes_in_one_click(
    backend: Backend,
) {
    let Some(sink) = SmtpSink::start(
        "an_issue_reaches_each_subscriber_in_their_language_and_unsubscribes_in_one_click",
        &[],
    ) else {
        return;
    };
    let url = sink.url();
    let app = TestApp::spawn_with(backend, |c| {
        c.email.smtp_url = Some(url);
        c.email.newsletter_per_minute = 0;
    })
    .await;
    let ada = app.user_with_role("ada", InstanceRole::Admin).await;
    let bob = app.user("bob").await;
    let cy = app.user("cy").await;
    app.space(&ada, "news", "public").await;
    app.space(&ada, "case", "private").await;
    let public_post = app.post_in(&ada, "news", "Court ruling explained").await;
    let private_post = app.post_in(&ada, "case", "Hearing strategy").await;

    // Only editors and admins write the instance's letter.
    let (status, _) = app
        .post("/api/v1/newsletter/issues", Some(&bob), issue(json!([])))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A private space's post cannot be picked, and the refusal reads as
    // for a post that does not exist.
    for id in [private_post, 999_999_999] {
        let (status, answer) = app
            .post(
                "/api/v1/newsletter/issues",
                Some(&ada),
                issue(json!([{"kind": "post", "id": id}])),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(
            answer["message"],
            format!("picks: no public post {id} here")
        );
    }
    let (status, created) = app
        .post(
            "/api/v1/newsletter/issues",
            Some(&ada),
            issue(json!([{"kind": "post", "id": public_post}])),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["state"], "draft");

    // Subscribers: Bob in French, Cy in German (no German edition: the
    // first, English), a reader in French who confirms, one who does not.
    let (status, sub) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/newsletter/subscription",
            Some(&bob),
            Some(json!({"language": "fr"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{sub}");
    assert_eq!(sub["language"], "fr");
    app.request(
        reqwest::Method::PUT,
        "/api/v1/newsletter/subscription",
        Some(&cy),
        Some(json!({"language": "de"})),
    )
    .await;
    for (email, language) in [("reader@example.org", "fr"), ("lazy@example.org", "en")] {
        let (status, answer) = app
            .post(
                "/api/v1/newsletter/subscribers",
                None,
                json!({"email": email, "language": language}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED, "{answer}");
        assert_eq!(answer["status"], "check_your_inbox");
    }
    let confirmation = sink
        .wait_for("reader@example.org", |m| m.subject().contains("Confirmez"))
        .await;
    let confirm = path_of(&confirmation, "/newsletter/confirm/");
    let browser = Browser::new(&app);
    // Opening the link changes nothing (mail scanners open links) …
    let page = browser.get(&confirm).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("action=\"{confirm}\""));
    // … the button does.
    let page = browser.submit_raw(&confirm, &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);

    // A test, to the editor alone.
    let (status, _) = app
        .post(
            &format!("/api/v1/newsletter/issues/{id}/test"),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let test = sink
        .wait_for("ada@example.org", |m| m.subject() == "[TEST] Monthly news")
        .await;
    assert!(test.text().contains("Hello network."), "{}", test.text());
    assert_eq!(test.header("List-Unsubscribe"), None);

    // Sent: three subscribers (not the one who never confirmed).
    let (status, sent) = app
        .post(
            &format!("/api/v1/newsletter/issues/{id}/send"),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent["state"], "sending");
    assert_eq!(
        progress(&app, &ada, id).await,
        json!({"state": "sending", "total": 3, "sent": 0})
    );
    assert_eq!(send_all(&app, 20).await, [3]);
    assert_eq!(
        progress(&app, &ada, id).await,
        json!({"state": "sent", "total": 3, "sent": 3})
    );
    let to_bob = sink
        .wait_for("bob@example.org", |m| m.subject() == "Nouvelles du mois")
        .await;
    assert!(to_bob.text().contains("Bonjour le réseau."));
    assert!(to_bob.text().contains("Court ruling explained"));
    assert!(
        to_bob
            .text()
            .contains(&format!("{BASE}/post/{public_post}"))
    );
    assert_eq!(to_bob.language().as_deref(), Some("fr"));
    let to_cy = sink
        .wait_for("cy@example.org", |m| m.subject() == "Monthly news")
        .await;
    assert!(
        to_cy
            .html()
            .contains("A &lt;b&gt;second&lt;/b&gt; paragraph.")
    );
    sink.wait_for("reader@example.org", |m| m.subject() == "Nouvelles du mois")
        .await;
    assert!(
        sink.received()
            .iter()
            .filter(|m| m.recipients.iter().any(|r| r == "lazy@example.org"))
            .all(|m| !m.subject().contains("Monthly")),
        "an unconfirmed reader receives nothing"
    );

    // One click in Bob's mail client: a POST without cookie or token.
    let header = to_bob.header("List-Unsubscribe").expect("List-Unsubscribe");
    let link = header.trim_matches(['<', '>']).trim_start_matches(BASE);
    assert!(link.starts_with("/newsletter/unsubscribe/"), "{link}");
    assert_eq!(
        to_bob.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    for _ in 0..2 {
        let response = app
            .client
            .post(format!("{}{link}", app.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("List-Unsubscribe=One-Click")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let (_, sub) = app.get("/api/v1/newsletter/subscription", Some(&bob)).await;
    assert_eq!(sub["language"], Value::Null);

    // Gone out: it cannot change; it is in the public archive, its page
    // and the Atom feed.
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/newsletter/issues/{id}"),
            Some(&ada),
            Some(issue(json!([]))),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, archive) = app.get("/api/v1/newsletter/archive", None).await;
    assert_eq!(archive.as_array().unwrap().len(), 1, "{archive}");
    let visitor = Browser::new(&app);
    let page = visitor.get(&format!("/newsletter/{id}?lang=fr")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Bonjour le réseau.");
    page.assert_contains(&format!("href=\"/newsletter/{id}?lang=en\""));
    let page = visitor.get("/newsletter").await;
    page.assert_contains(&format!("href=\"/newsletter/{id}\""));
    page.assert_contains("href=\"/newsletter/feed.atom\"");
    let feed = app
        .client
        .get(format!("{}/newsletter/feed.atom", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let feed = feed_rs::parser::parse(&feed[..]).expect("a valid Atom feed");
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(
        feed.entries[0].title.as_ref().unwrap().content,
        "Monthly news"
    );
}

async fn sending_is_throttled_resumable_and_drafts_stay_unseen(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.email.newsletter_per_minute = 0).await;
    let ada = app.user_with_role("ada", InstanceRole::Admin).await;
    app.space(&ada, "news", "public").await;
    let mut members = Vec::new();
    for name in ["m1", "m2", "m3", "m4", "m5"] {
        let m = app.user(name).await;
        app.request(
            reqwest::Method::PUT,
            "/api/v1/newsletter/subscription",
            Some(&m),
            Some(json!({"language": "en"})),
        )
        .await;
        members.push(m);
    }
    let (_, created) = app
        .post("/api/v1/newsletter/issues", Some(&ada), issue(json!([])))
        .await;
    let id = created["id"].as_i64().unwrap();

    // A draft is seen by its editors alone.
    for path in [
        format!("/api/v1/newsletter/issues/{id}"),
        format!("/api/v1/newsletter/issues/{id}/progress"),
    ] {
        let (status, _) = app.get(&path, Some(&members[0])).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let page = Browser::new(&app).get(&format!("/newsletter/{id}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let (_, archive) = app.get("/api/v1/newsletter/archive", None).await;
    assert_eq!(archive, json!([]));

    // Scheduled for later: nothing goes yet; back to a draft; then now.
    let later = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(5)).to_string();
    let (status, sent) = app
        .post(
            &format!("/api/v1/newsletter/issues/{id}/send"),
            Some(&ada),
            json!({"at": later}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{sent}");
    assert_eq!(sent["state"], "scheduled");
    assert_eq!(send_all(&app, 2).await, Vec::<usize>::new());
    let (status, _) = app
        .delete(&format!("/api/v1/newsletter/issues/{id}/send"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, bad) = app
        .post(
            &format!("/api/v1/newsletter/issues/{id}/send"),
            Some(&ada),
            json!({"at": "next tuesday"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (_, sent) = app
        .post(
            &format!("/api/v1/newsletter/issues/{id}/send"),
            Some(&ada),
            json!({"at": later}),
        )
        .await;
    assert_eq!(sent["state"], "scheduled");
    // Its time comes (as if five hours had passed): the worker begins it.
    sqlx::query("UPDATE newsletter_issues SET send_at = 1 WHERE id = $1")
        .bind(id)
        .execute(&app.state.db.read)
        .await
        .unwrap();

    // Two a round; a round interrupted (as by a restart) leaves the rest
    // for the next; each member gets exactly one.
    let first = sending::send_due(&app.state.db, &app.state.mailer, 2)
        .await
        .unwrap();
    assert_eq!(first, 2);
    assert_eq!(
        progress(&app, &ada, id).await,
        json!({"state": "sending", "total": 5, "sent": 2})
    );
    assert_eq!(send_all(&app, 2).await, [2, 1]);
    assert_eq!(
        progress(&app, &ada, id).await,
        json!({"state": "sent", "total": 5, "sent": 5})
    );
    let (queued,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM mail_queue WHERE subject = 'Monthly news'")
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    assert_eq!(queued, 5);
    let (status, _) = app
        .post(
            &format!("/api/v1/newsletter/issues/{id}/send"),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "sent once");
}

/// The editors' pages: write an issue in two languages with a pasted
/// address, preview the email, test it, send it at a time, and see it
/// scheduled; a space's managers write their space's letter, others may
/// not.
async fn editors_write_preview_and_schedule_from_the_pages(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.email.newsletter_per_minute = 0).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    let post = app.post_in(&ada, "news", "Court ruling explained").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let page = browser.get("/s/news/newsletter").await;
    page.assert_contains("href=\"/newsletter/issues?space=news\"");
    let page = browser
        .submit(
            "/newsletter/issues",
            &[
                ("space", "news"),
                ("first", "fr"),
                ("subject_en", "Monthly news"),
                ("body_en", "Hello."),
                ("subject_fr", "Nouvelles du mois"),
                ("body_fr", "Bonjour <b>à tous</b>."),
                ("picks", &format!("http://agora.test/post/{post}\n")),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/newsletter/issues?space=news");
    let (_, list) = app
        .get("/api/v1/newsletter/issues?space=news", Some(&ada))
        .await;
    let issue = &list[0];
    let id = issue["id"].as_i64().unwrap();
    assert_eq!(issue["editions"][0]["language"], "fr", "the first chosen");
    assert_eq!(issue["picks"][0]["id"], post);
    // Listed under its subject in the reader's language.
    let page = browser.get("/newsletter/issues?space=news").await;
    page.assert_contains("Monthly news");
    // The preview is the email itself, escaped, with nothing to run.
    let preview = browser
        .get(&format!("/newsletter/issues/{id}/preview?lang=fr"))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    preview.assert_contains("Bonjour &lt;b&gt;à tous&lt;/b&gt;.");
    preview.assert_contains("Court ruling explained");
    assert!(
        preview.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    let page = browser
        .submit(
            &format!("/newsletter/issues/{id}/test"),
            &[("space", "news")],
        )
        .await;
    assert_eq!(page.location(), "/newsletter/issues?space=news&tested=1");
    let page = browser
        .submit(
            &format!("/newsletter/issues/{id}/send"),
            &[("space", "news"), ("at", "2099-01-05T08:00")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let (_, list) = app
        .get("/api/v1/newsletter/issues?space=news", Some(&ada))
        .await;
    assert_eq!(list[0]["state"], "scheduled");
    assert_eq!(
        list[0]["send_at"], "2099-01-05T08:00:00Z",
        "ada's zone is UTC"
    );

    // A contributor does not write the space's letter, nor the instance's.
    let (status, _) = app
        .post(
            "/api/v1/newsletter/issues",
            Some(&bob),
            json!({"space": "news", "editions": [{"language": "en", "subject": "x"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .get(&format!("/newsletter/issues/{id}/preview"), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // An admin makes Bob an editor of the instance's letter.
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/accounts/bob/editor",
            Some(&ada),
            Some(json!({"editor": true})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only admins");
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/accounts/bob/editor",
            Some(&root),
            Some(json!({"editor": true})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, created) = app
        .post(
            "/api/v1/newsletter/issues",
            Some(&bob),
            json!({"editions": [{"language": "en", "subject": "From the editor"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    // … and takes it back on the editors' page.
    let admin = Browser::signed_in(&app, &root).await;
    let page = admin.get("/newsletter/issues").await;
    page.assert_contains("@bob</a>");
    let page = admin
        .submit(
            "/newsletter/editors",
            &[("username", "@Bob"), ("action", "remove")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let (status, _) = app
        .post(
            "/api/v1/newsletter/issues",
            Some(&bob),
            json!({"editions": [{"language": "en", "subject": "Again"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let page = Browser::signed_in(&app, &ada)
        .await
        .submit(
            "/newsletter/editors",
            &[("username", "ada"), ("action", "add")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "only admins");
}
