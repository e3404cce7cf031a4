//! Email through a real SMTP server on loopback (`smtp_support`): what
//! arrives is parsed as a mail client would and checked line by line.

use std::time::{Duration, Instant};

use crate::on_both_backends;
use crate::smtp_support::SmtpSink;
use crate::support::{Backend, TestApp};
use agora::mail::{self, Email};

on_both_backends!(
    a_queued_message_arrives_once_in_its_language,
    temporary_failures_are_retried_and_permanent_ones_given_up,
);

async fn queue(app: &TestApp, to: &str, subject: &str) -> i64 {
    let mut tx = app.state.db.begin().await.unwrap();
    let id = mail::enqueue(
        &mut tx,
        &app.state.mailer,
        Email {
            account_id: None,
            to_address: to.to_owned(),
            to_name: "Amina Diallo".to_owned(),
            kind: "test",
            lang: "fr",
            subject: subject.to_owned(),
            text: "L'audience est déplacée au 12 mars.".to_owned(),
            html: "<p>L'audience est déplacée au 12 mars.</p>".to_owned(),
            unsubscribe: Some(format!("{}/unsubscribe/abc", app.base)),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    app.state.mailer.ring();
    id
}

async fn state_of(app: &TestApp, id: i64) -> (String, i64, Option<String>) {
    sqlx::query_as("SELECT state, attempts, last_error FROM mail_queue WHERE id = $1")
        .bind(id)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap()
}

async fn wait_state(app: &TestApp, id: i64, state: &str) -> (String, i64, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let row = state_of(app, id).await;
        if row.0 == state {
            return row;
        }
        assert!(
            Instant::now() < deadline,
            "mail {id} is {row:?}, not {state}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_queued_message_arrives_once_in_its_language(backend: Backend) {
    let Some(sink) = SmtpSink::start("a_queued_message_arrives_once_in_its_language", &[]) else {
        return;
    };
    let url = sink.url();
    let app = TestApp::spawn_with(backend, |c| c.email.smtp_url = Some(url)).await;
    let id = queue(
        &app,
        "amina@example.org",
        "Audience déplacée — « Affaire 17 »",
    )
    .await;

    let got = sink.wait_for("amina@example.org", |_| true).await;
    assert_eq!(got.subject(), "Audience déplacée — « Affaire 17 »");
    assert!(
        got.text().contains("L'audience est déplacée au 12 mars."),
        "{}",
        got.text()
    );
    assert!(
        got.html()
            .contains("<p>L'audience est déplacée au 12 mars.</p>")
    );
    assert_eq!(got.language().as_deref(), Some("fr"));
    assert_eq!(
        got.header("List-Unsubscribe").as_deref(),
        Some(format!("<{}/unsubscribe/abc>", app.base).as_str())
    );
    assert_eq!(
        got.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(got.header("Message-ID").is_some());
    assert!(got.raw.contains("Amina Diallo"));
    let (_, attempts, _) = wait_state(&app, id, "sent").await;
    assert_eq!(attempts, 1);

    // Sent means sent: the worker does not send it again.
    agora::mail::queue::send_due(&app.state.db, &app.state.mailer, &app.state.metrics)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1);

    // Thirty days on, the sent message (which may hold a single-use link)
    // is forgotten; a pending one never is.
    sqlx::query(
        "INSERT INTO mail_queue (recipient, kind, subject, message, next_attempt_at, created_at) \
         VALUES ('later@example.org', 'test', 'Later', 'x', $1, 0)",
    )
    .bind(i64::MAX / 2)
    .execute(app.state.db.writer())
    .await
    .unwrap();
    let in_31_days = agora::db::now() + 31 * 24 * 3600 * 1_000_000;
    let forgotten = agora::mail::queue::forget_old(&app.state.db, in_31_days)
        .await
        .unwrap();
    assert_eq!(forgotten, 1);
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM mail_queue")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(left, 1);
}

async fn temporary_failures_are_retried_and_permanent_ones_given_up(backend: Backend) {
    let Some(sink) = SmtpSink::start(
        "temporary_failures_are_retried_and_permanent_ones_given_up",
        &["--defer", "1", "--reject", "nobody@example.org"],
    ) else {
        return;
    };
    let url = sink.url();
    let app = TestApp::spawn_with(backend, |c| c.email.smtp_url = Some(url)).await;

    // The server answers 451 the first time: the message waits for a retry.
    let id = queue(&app, "bruno@example.org", "Retry me").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (state, attempts, error) = state_of(&app, id).await;
        if attempts == 1 {
            assert_eq!(state, "pending");
            assert!(error.unwrap_or_default().contains("451"));
            break;
        }
        assert!(Instant::now() < deadline, "no first attempt");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // A minute later (moved forward here), the retry goes through.
    sqlx::query("UPDATE mail_queue SET next_attempt_at = 0 WHERE id = $1")
        .bind(id)
        .execute(app.state.db.writer())
        .await
        .unwrap();
    app.state.mailer.ring();
    let got = sink.wait_for("bruno@example.org", |_| true).await;
    assert_eq!(got.subject(), "Retry me");
    let (_, attempts, _) = wait_state(&app, id, "sent").await;
    assert_eq!(attempts, 2);

    // 550 is permanent: given up at once, with the server's reason.
    let id = queue(&app, "nobody@example.org", "Nobody").await;
    let (_, attempts, error) = wait_state(&app, id, "failed").await;
    assert_eq!(attempts, 1);
    assert!(error.unwrap_or_default().contains("550"));
    assert_eq!(sink.received().len(), 1);
}

// What a member receives, end to end, through the SMTP server: the issue's
// point 8. Everything is driven through the API, as a member would.

on_both_backends!(
    a_mention_is_emailed_at_once_in_french_and_its_unsubscribe_link_works,
    a_weekly_digest_arrives_in_arabic,
    a_reset_link_works_once,
    a_new_address_is_verified_by_its_link,
);

async fn smtp_app(backend: Backend, test: &str) -> Option<(SmtpSink, TestApp)> {
    let sink = SmtpSink::start(test, &[])?;
    let url = sink.url();
    let app = TestApp::spawn_with(backend, |c| {
        c.email.smtp_url = Some(url);
        c.email.digest_hour = 7;
    })
    .await;
    Some((sink, app))
}

async fn speaks(app: &TestApp, user: &crate::support::User, lang: &str) {
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(user),
            serde_json::json!({"ui_language": lang}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
}

/// The mail queue's rows for `address`, by kind.
async fn queued_for(app: &TestApp, address: &str) -> Vec<String> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT kind FROM mail_queue WHERE recipient = $1 ORDER BY id")
            .bind(address)
            .fetch_all(&app.state.db.read)
            .await
            .unwrap();
    rows.into_iter().map(|(k,)| k).collect()
}

async fn a_mention_is_emailed_at_once_in_french_and_its_unsubscribe_link_works(backend: Backend) {
    let Some((sink, app)) = smtp_app(
        backend,
        "a_mention_is_emailed_at_once_in_french_and_its_unsubscribe_link_works",
    )
    .await
    else {
        return;
    };
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    speaks(&app, &amina, "fr").await;
    app.space(&bob, "litigation", "public").await;
    let (status, body) = app
        .post(
            "/api/v1/spaces/litigation/join",
            Some(&amina),
            serde_json::json!({}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let (status, post) = app
        .post(
            "/api/v1/spaces/litigation/posts",
            Some(&bob),
            serde_json::json!({"title": "Audience déplacée", "body": "@amina l'audience est le 12 mars."}),
        )
        .await;
    assert!(status.is_success(), "{post}");
    let post_id = post["id"].as_i64().unwrap();

    // At once, by default, in French, with a way out.
    let got = sink.wait_for("amina@example.org", |_| true).await;
    assert_eq!(got.language().as_deref(), Some("fr"));
    assert_eq!(
        got.subject(),
        "bob vous a mentionné·e dans « Audience déplacée » dans litigation"
    );
    let text = got.text();
    assert!(text.starts_with("Bonjour amina,"), "{text}");
    assert!(
        text.contains(&format!("http://agora.test/post/{post_id}")),
        "{text}"
    );
    assert!(got.html().contains("lang=\"fr\""));
    let unsubscribe = got
        .header("List-Unsubscribe")
        .expect("List-Unsubscribe")
        .trim_matches(|c| c == '<' || c == '>')
        .to_owned();
    assert_eq!(
        got.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );

    // The mail client's one-click POST (RFC 8058), as Gmail sends it.
    let path = unsubscribe
        .strip_prefix("http://agora.test")
        .expect("a link to this instance");
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());

    // Mentions no longer reach amina's mailbox; she still sees them in Agora.
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{post_id}/comments"),
            Some(&bob),
            serde_json::json!({"body": "@amina une autre chose"}),
        )
        .await;
    assert!(status.is_success());
    let (_, notes) = app.get("/api/v1/notifications", Some(&amina)).await;
    let mentions = notes
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "mention")
        .count();
    assert_eq!(mentions, 2, "{notes}");
    // One notification for the post: the mention, not also "a new post".
    assert!(!notes.to_string().contains("post.new"), "{notes}");
    // Give the mail task a few rounds: nothing more is queued for amina.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        queued_for(&app, "amina@example.org").await,
        ["notification"]
    );
    assert_eq!(sink.received().len(), 1);
}

async fn a_weekly_digest_arrives_in_arabic(backend: Backend) {
    let Some((sink, app)) = smtp_app(backend, "a_weekly_digest_arrives_in_arabic").await else {
        return;
    };
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    speaks(&app, &amina, "ar").await;
    app.space(&bob, "archive", "private").await;
    app.add_member(&bob, "archive", &amina, "contributor").await;
    app.post_in(&bob, "archive", "محضر الجلسة").await;
    app.post_in(&bob, "archive", "Second report").await;

    // New posts in one's spaces wait for the weekly digest (the default):
    // nothing about them goes out at once; the one email so far is
    // amina's invitation to the space.
    sink.wait_for("amina@example.org", |m| m.subject().contains("archive"))
        .await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        queued_for(&app, "amina@example.org").await,
        ["notification"]
    );

    // Next Monday, 07:00 in amina's zone (UTC): the digest.
    let mut date = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::UTC)
        .date();
    let monday = loop {
        date = date.tomorrow().unwrap();
        if date.weekday() == jiff::civil::Weekday::Monday {
            break date
                .at(7, 5, 0, 0)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .unwrap()
                .timestamp()
                .as_microsecond();
        }
    };
    use agora::notifications::digest::{self, Period};
    let run = digest::send_digests(&app.state.db, &app.state.mailer, Period::Weekly, monday)
        .await
        .unwrap();
    assert_eq!(run.sent, 1, "amina only: bob wrote the posts");
    app.state.mailer.ring();

    let got = sink
        .wait_for("amina@example.org", |m| m.text().contains("== archive =="))
        .await;
    assert_eq!(got.language().as_deref(), Some("ar"));
    let text = got.text();
    assert!(text.starts_with("مرحبًا amina،"), "{text}");
    assert!(text.contains("== archive =="), "{text}");
    assert!(text.contains("محضر الجلسة"), "{text}");
    assert!(text.contains("Second report"), "{text}");
    let html = got.html();
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("lang=\"ar\""));
    assert!(got.header("List-Unsubscribe").is_some());

    // Sent once: the next run has nothing new, and sends nothing.
    let again = digest::send_digests(&app.state.db, &app.state.mailer, Period::Weekly, monday)
        .await
        .unwrap();
    assert_eq!(again.sent, 0);
}

async fn a_reset_link_works_once(backend: Backend) {
    let Some((sink, app)) = smtp_app(backend, "a_reset_link_works_once").await else {
        return;
    };
    let amina = app.user("amina").await;
    speaks(&app, &amina, "fr").await;
    let (status, _) = app
        .post(
            "/api/v1/password-resets",
            None,
            serde_json::json!({"email": "amina@example.org"}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::ACCEPTED);
    let got = sink.wait_for("amina@example.org", |_| true).await;
    assert_eq!(got.language().as_deref(), Some("fr"));
    let link = got
        .link("http://agora.test/reset/")
        .expect("a reset link in the email");
    let token = link.trim_start_matches("http://agora.test/reset/");

    let choose = |password: &'static str| {
        let app = &app;
        let token = token.to_owned();
        async move {
            app.post(
                &format!("/api/v1/password-resets/{token}"),
                None,
                serde_json::json!({"new_password": password}),
            )
            .await
        }
    };
    let (status, body) = choose("a brand new passphrase").await;
    assert_eq!(status, reqwest::StatusCode::NO_CONTENT, "{body}");
    // Once only.
    let (status, _) = choose("another new passphrase").await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    // The new password signs in; the reset ended the old token.
    let (status, _) = app
        .post(
            "/api/v1/tokens",
            None,
            serde_json::json!({"name": "phone", "login": "amina", "password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED);
    let (status, _) = app.get("/api/v1/accounts/me", Some(&amina)).await;
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED);
}

async fn a_new_address_is_verified_by_its_link(backend: Backend) {
    let Some((sink, app)) = smtp_app(backend, "a_new_address_is_verified_by_its_link").await else {
        return;
    };
    let amina = app.user("amina").await;
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&amina),
            serde_json::json!({"email": "amina.diallo@example.net"}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    // Nothing changes until the new address answers.
    let (_, me) = app.get("/api/v1/accounts/me", Some(&amina)).await;
    assert_eq!(me["email"], "amina@example.org");

    let got = sink.wait_for("amina.diallo@example.net", |_| true).await;
    let link = got
        .link("http://agora.test/verify/")
        .expect("a verification link in the email");
    let token = link.trim_start_matches("http://agora.test/verify/");
    let (status, body) = app
        .post(
            &format!("/api/v1/email-verifications/{token}"),
            None,
            serde_json::json!({}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let (_, me) = app.get("/api/v1/accounts/me", Some(&amina)).await;
    assert_eq!(me["email"], "amina.diallo@example.net");
    assert_eq!(me["email_verified"], true);
    // The link is spent.
    let (status, _) = app
        .post(
            &format!("/api/v1/email-verifications/{token}"),
            None,
            serde_json::json!({}),
        )
        .await;
    assert!(status.is_client_error());
}
