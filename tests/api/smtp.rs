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
    agora::mail::queue::send_due(&app.state.db, &app.state.mailer)
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
