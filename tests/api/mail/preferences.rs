//! What members choose: preferences, one-click unsubscribe, private
//! spaces' emails, the settings page and watching a space.

use super::*;
use crate::web_support::Browser;
use agora::notifications::Kind;
use agora::notifications::digest::{self, Period};

use crate::on_both_backends;

on_both_backends!(
    preferences_decide_what_is_emailed,
    unsubscribe_links_turn_email_off,
    private_space_emails_quote_only_when_allowed,
    settings_page_and_watching_work_without_javascript,
);

async fn preferences_decide_what_is_emailed(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    let space = app.space(&bob, "news", "public").await;
    let hidden = app.space(&bob, "hidden", "private").await;
    let post = app.post_in(&bob, "news", "Update").await;
    let bob_id = account_id(&app, "bob").await;
    let mention = || New::of(Kind::Mention).actor(bob_id).space(space).post(post);

    // Defaults, as the issue says.
    let (status, initial) = app
        .get("/api/v1/notifications/preferences", Some(&amina))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(everywhere(&initial, "mentions"), "email");
    assert_eq!(everywhere(&initial, "posts"), "weekly");
    assert_eq!(initial["everywhere"].as_array().unwrap().len(), 10);

    // Off: no notification at all, so no email.
    prefer(
        &app,
        &amina,
        json!({"category": "mentions", "delivery": "off"}),
    )
    .await;
    notify(&app, "amina", mention()).await;
    // In the app only: a notification, no email.
    let answer = prefer(
        &app,
        &amina,
        json!({"category": "mentions", "delivery": "app"}),
    )
    .await;
    assert_eq!(everywhere(&answer, "mentions"), "app");
    notify(&app, "amina", mention()).await;
    // A space apart: email for this one space.
    let answer = prefer(
        &app,
        &amina,
        json!({"category": "mentions", "delivery": "email", "space": "news"}),
    )
    .await;
    assert_eq!(answer["spaces"][0]["space"], "news");
    assert_eq!(answer["spaces"][0]["delivery"], "email");
    assert_eq!(answer["spaces"][0]["space_id"], space);
    notify(&app, "amina", mention()).await;
    // The worker goes in order: once the third is emailed, the first two
    // would have been.
    wait_for_mail(&app, "notification", "amina@example.org", 1).await;
    let count = notifications::email::email_due(&app.state.db, &app.state.mailer)
        .await
        .unwrap();
    assert_eq!(count, 0);
    assert_eq!(mail_to(&app, "notification", "amina@example.org").len(), 1);
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE kind = 'mention'")
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    assert_eq!(stored, 2, "off made none; app and email one each");

    // Back to the default.
    let answer = prefer(
        &app,
        &amina,
        json!({"category": "mentions", "delivery": null}),
    )
    .await;
    assert_eq!(everywhere(&answer, "mentions"), "email");

    // A private space amina is not in is exactly like one that does not exist.
    let hidden_id = hidden.to_string();
    for space in [hidden_id.as_str(), "hidden", "no-such-space"] {
        let (status, body) = app
            .request(
                reqwest::Method::PUT,
                "/api/v1/notifications/preferences",
                Some(&amina),
                Some(json!({"category": "posts", "delivery": "off", "space": space})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{space}: {body}");
        assert_eq!(body["message"], "no such space", "{space}");
    }
    // Bad input is a 4xx that says what is wrong.
    let (status, body) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(&amina),
            Some(json!({"category": "everything", "delivery": "off"})),
        )
        .await;
    assert!(status.is_client_error(), "{status} {body}");
    let (status, _) = app.get("/api/v1/notifications/preferences", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn unsubscribe_links_turn_email_off(backend: Backend) {
    let (app, hour) = spawn(backend).await;
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    let space = app.space(&bob, "news", "public").await;
    let post = app.post_in(&bob, "news", "Update").await;
    let bob_id = account_id(&app, "bob").await;
    let mention = || New::of(Kind::Mention).actor(bob_id).space(space).post(post);
    notify(&app, "amina", mention()).await;
    let mail = wait_for_mail(&app, "notification", "amina@example.org", 1).await;
    let url = mail[0].unsubscribe_url();
    let public = app.state.config.public_url();
    let path = url.trim_start_matches(&public);

    // The page asks first, in the visitor's language, and changes nothing.
    let visitor = Browser::new(&app).with_language("de");
    let page = visitor.get(path).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Erwähnungen in news");
    page.assert_contains(&format!("action=\"{path}\""));
    let (_, prefs) = app
        .get("/api/v1/notifications/preferences", Some(&amina))
        .await;
    assert!(prefs["spaces"].as_array().unwrap().is_empty());

    // RFC 8058 one-click: a bare POST from the mail client, no cookie, no CSRF.
    let response = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let (_, prefs) = app
        .get("/api/v1/notifications/preferences", Some(&amina))
        .await;
    assert_eq!(prefs["spaces"][0]["space"], "news");
    assert_eq!(prefs["spaces"][0]["category"], "mentions");
    assert_eq!(prefs["spaces"][0]["delivery"], "app");
    assert_eq!(everywhere(&prefs, "mentions"), "email", "only that space");
    // The next mention in that space is on the notifications page only.
    notify(&app, "amina", mention()).await;
    let deliveries: Vec<(String,)> =
        sqlx::query_as("SELECT delivery FROM notifications WHERE kind = 'mention' ORDER BY id")
            .fetch_all(&app.state.db.read)
            .await
            .unwrap();
    assert_eq!(deliveries, [("email".to_owned(),), ("app".to_owned(),)]);

    // A digest's link, through the page's button: the daily digest stops.
    prefer(
        &app,
        &amina,
        json!({"category": "replies", "delivery": "daily"}),
    )
    .await;
    notify(
        &app,
        "amina",
        New::of(Kind::CommentOnPost)
            .actor(bob_id)
            .space(space)
            .post(post),
    )
    .await;
    let run = digest::send_digests(
        &app.state.db,
        &app.state.mailer,
        Period::Daily,
        next_digest_time(hour, false),
    )
    .await
    .unwrap();
    assert_eq!(run.sent, 1);
    let digest_mail = wait_for_mail(&app, "digest-daily", "amina@example.org", 1).await;
    let path = digest_mail[0].unsubscribe_url().replace(&public, "");
    let page = visitor.get(&path).await;
    page.assert_contains("die tägliche Zusammenfassung");
    let done = visitor.submit_raw(&path, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done.assert_contains("Erledigt");
    let (_, prefs) = app
        .get("/api/v1/notifications/preferences", Some(&amina))
        .await;
    for category in ["replies", "organising", "library"] {
        assert_eq!(
            everywhere(&prefs, category),
            "app",
            "{category} went to the daily digest, and stays in Agora only"
        );
    }
    assert_eq!(
        everywhere(&prefs, "posts"),
        "weekly",
        "the weekly digest stays"
    );

    // A token that is not one is a 404, page or POST.
    assert_eq!(
        visitor.get("/unsubscribe/nothing-here").await.status,
        StatusCode::NOT_FOUND
    );
    let response = reqwest::Client::new()
        .post(format!("{}/unsubscribe/{}", app.base, "x".repeat(500)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn private_space_emails_quote_only_when_allowed(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    let space = app.space(&bob, "casework", "private").await;
    app.add_member(&bob, "casework", &amina, "contributor")
        .await;
    // Bob's own post and comments, so nothing but the mention below tells
    // amina about them.
    let post = app.post_in(&bob, "casework", "Client file").await;
    let bob_id = account_id(&app, "bob").await;

    let comment = |text: &'static str| {
        let app = &app;
        let bob = &bob;
        async move {
            let (status, thread) = app
                .post(
                    &format!("/api/v1/posts/{post}/comments"),
                    Some(bob),
                    json!({"body": text}),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{thread}");
            thread
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["body"] == text)
                .and_then(|c| c["id"].as_i64())
                .expect("the new comment")
        }
    };
    let on_post = |comment_id: i64| {
        New::of(Kind::Mention)
            .actor(bob_id)
            .space(space)
            .post(post)
            .comment(comment_id)
    };

    // Being invited was the first email (at once, by default).
    let mail = wait_for_mail(&app, "notification", "amina@example.org", 1).await;
    assert!(mail[0].subject.contains("invited"), "{}", mail[0].subject);

    let first = comment("The hearing moved to Tuesday").await;
    notify(&app, "amina", on_post(first)).await;
    let mail = wait_for_mail(&app, "notification", "amina@example.org", 2).await;
    assert!(!mail[1].text.contains("hearing moved"), "{}", mail[1].text);
    assert!(!mail[1].html.contains("hearing moved"));
    assert!(mail[1].text.contains("private space"), "{}", mail[1].text);

    // Its managers allow full text (members cannot).
    let (status, _) = app
        .patch(
            &format!("/api/v1/spaces/{space}"),
            Some(&amina),
            json!({"email_full_text": true}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = app
        .patch(
            &format!("/api/v1/spaces/{space}"),
            Some(&bob),
            json!({"email_full_text": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["email_full_text"], true);
    let second = comment("The judge asked for the file").await;
    notify(&app, "amina", on_post(second)).await;
    let mail = wait_for_mail(&app, "notification", "amina@example.org", 3).await;
    assert!(
        mail[2].text.contains("The judge asked for the file"),
        "{}",
        mail[2].text
    );
    assert!(mail[2].html.contains("The judge asked for the file"));
}

async fn settings_page_and_watching_work_without_javascript(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    app.space(&bob, "open-news", "public").await;
    let browser = Browser::signed_in(&app, &amina).await;

    let page = browser.get("/settings/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("name=\"mentions\" value=\"email\"");
    let page = browser
        .submit(
            "/settings/notifications",
            &[("mentions", "daily"), ("posts", "weekly")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let (_, prefs) = app
        .get("/api/v1/notifications/preferences", Some(&amina))
        .await;
    assert_eq!(everywhere(&prefs, "mentions"), "daily");
    let chosen = prefs["everywhere"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "posts")
        .unwrap()["chosen"]
        .clone();
    assert_eq!(chosen, false, "choosing the default keeps following it");

    // Watching a public space she is not in.
    let space = browser.get("/s/open-news").await;
    space.assert_contains("action=\"/s/open-news/watch\"");
    space.assert_contains("name=\"watch\" value=\"1\"");
    let done = browser
        .submit("/s/open-news/watch", &[("watch", "1")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    browser
        .get("/s/open-news")
        .await
        .assert_contains("name=\"watch\" value=\"0\"");
    let (_, prefs) = app
        .get("/api/v1/notifications/preferences", Some(&amina))
        .await;
    assert_eq!(prefs["spaces"][0]["category"], "posts");
    assert_eq!(prefs["spaces"][0]["delivery"], "weekly");
    // The settings page offers that space's overrides, and saves them.
    let page = browser.get("/settings/notifications").await;
    page.assert_contains("open-news");
    let id = prefs["spaces"][0]["space_id"].as_i64().unwrap();
    let done = browser
        .submit(
            &format!("/settings/notifications/spaces/{id}"),
            &[("posts", "email"), ("mentions", "")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let (_, prefs) = app
        .get("/api/v1/notifications/preferences", Some(&amina))
        .await;
    assert_eq!(prefs["spaces"][0]["delivery"], "email");
    // Stop watching.
    browser
        .submit("/s/open-news/watch", &[("watch", "0")])
        .await;
    browser
        .get("/s/open-news")
        .await
        .assert_contains("name=\"watch\" value=\"1\"");

    // A manager's switch for a private space's emails, in the about page.
    let inner = app.space(&bob, "inner", "private").await;
    let manager = Browser::signed_in(&app, &bob).await;
    let about = manager.get(&format!("/s/{inner}/about")).await;
    about.assert_contains("name=\"email_full_text\"");
    let done = manager
        .submit(
            &format!("/s/{inner}/settings"),
            &[
                ("title", "inner"),
                ("description", ""),
                ("language", "en"),
                ("join_policy", "request"),
                ("default_role", "contributor"),
                ("email_full_text", "1"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (_, view) = app
        .get(&format!("/api/v1/spaces/{inner}"), Some(&bob))
        .await;
    assert_eq!(view["email_full_text"], true);
}
