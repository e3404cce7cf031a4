//! Emails at once, each once across workers, SMTP failures, invitations
//! by email, and the admin's outbox.

use super::*;
use crate::smtp_support::SmtpSink;
use crate::web_support::Browser;
use agora::notifications::Kind;

use crate::on_both_backends;

on_both_backends!(
    mention_is_emailed_at_once_in_the_recipients_language,
    each_notification_is_emailed_once_across_workers,
    smtp_failures_are_retried_or_given_up,
    invitations_are_emailed,
    outbox_is_for_admins_only,
);

async fn mention_is_emailed_at_once_in_the_recipients_language(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    set_language(&app, &amina, "fr").await;
    let space = app.space(&bob, "litigation", "public").await;
    let post = app.post_in(&bob, "litigation", "Hearing moved").await;
    let bob_id = account_id(&app, "bob").await;
    notify(
        &app,
        "amina",
        New::of(Kind::Mention).actor(bob_id).space(space).post(post),
    )
    .await;

    let mail = wait_for_mail(&app, "notification", "amina@example.org", 1).await;
    let m = &mail[0];
    assert_eq!(m.header("Content-Language").as_deref(), Some("fr"));
    assert!(m.text.contains("Bonjour amina,"), "{}", m.text);
    assert!(m.text.contains("Ouvrir dans Agora"), "{}", m.text);
    assert!(
        m.text.contains("litigation"),
        "the footer names the space: {}",
        m.text
    );
    assert!(m.text.contains("/settings/notifications"), "{}", m.text);
    assert!(m.html.contains("lang=\"fr\""), "{}", m.html);
    assert!(!m.subject.is_empty());
    let unsubscribe = m.unsubscribe_url();
    let public = app.state.config.public_url();
    assert!(
        unsubscribe.starts_with(&format!("{public}/unsubscribe/")),
        "{unsubscribe}"
    );
    assert_eq!(
        m.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    // The same link is in the footer, for people.
    assert!(m.text.contains(&unsubscribe), "{}", m.text);
    // Emailed once, and marked so.
    let (emailed,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE emailed_at IS NOT NULL AND kind = 'mention'",
    )
    .fetch_one(&app.state.db.read)
    .await
    .unwrap();
    assert_eq!(emailed, 1);
    // The bob who wrote gets nothing.
    assert!(mail_to(&app, "notification", "bob@example.org").is_empty());
}

async fn each_notification_is_emailed_once_across_workers(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let bob = app.user("bob").await;
    app.user("amina").await;
    let space = app.space(&bob, "busy", "public").await;
    let post = app.post_in(&bob, "busy", "Agenda").await;
    let bob_id = account_id(&app, "bob").await;
    let amina_id = account_id(&app, "amina").await;
    let mut tx = app.state.db.begin().await.unwrap();
    for _ in 0..30 {
        let new = New::of(Kind::Mention).actor(bob_id).space(space).post(post);
        notifications::notify(&mut tx, amina_id, &new)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    // Two more workers, as two other nodes would run, beside the app's own.
    let (db, mailer) = (app.state.db.clone(), app.state.mailer.clone());
    let one = tokio::spawn({
        let (db, mailer) = (db.clone(), mailer.clone());
        async move { notifications::email::email_due(&db, &mailer).await.unwrap() }
    });
    let two =
        tokio::spawn(async move { notifications::email::email_due(&db, &mailer).await.unwrap() });
    let (one, two) = (one.await.unwrap(), two.await.unwrap());
    assert!(one + two <= 30);
    let mail = wait_for_mail(&app, "notification", "amina@example.org", 30).await;
    let (queued,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM mail_queue WHERE kind = 'notification' AND account_id = $1",
    )
    .bind(amina_id)
    .fetch_one(&app.state.db.read)
    .await
    .unwrap();
    assert_eq!(queued, 30);
    assert_eq!(mail.len(), 30);
}

async fn wait_for_state(app: &TestApp, admin: &User, to: &str, state: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (_, list) = app.get("/api/v1/admin/mail", Some(admin)).await;
        if let Some(mail) = list
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["recipient"] == to && m["state"] == state)
        {
            return mail.clone();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited 20 s for mail to {to} to be {state}: {list}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn smtp_failures_are_retried_or_given_up(backend: Backend) {
    // The real SMTP server refuses one mailbox (550) and answers the first
    // message it is given with "try again later" (451).
    let Some(sink) = SmtpSink::start(
        "smtp_failures_are_retried_or_given_up",
        &["--defer", "1", "--reject", "gone@example.org"],
    ) else {
        return;
    };
    let url = sink.url();
    let app = TestApp::spawn_with(backend, |config| config.email.smtp_url = Some(url)).await;
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    for address in ["gone@example.org", "later@example.org"] {
        let (status, body) = app
            .post(
                "/api/v1/invitations",
                Some(&admin),
                json!({"email": address}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["emailed_to"], address);
    }
    // Permanent: given up at once, with the server's answer.
    let gone = wait_for_state(&app, &admin, "gone@example.org", "failed").await;
    assert_eq!(gone["attempts"], 1);
    let error = gone["last_error"].as_str().unwrap().to_lowercase();
    assert!(error.contains("no such mailbox"), "{gone}");
    // Temporary: kept, to be tried again later.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let later = loop {
        let mail = wait_for_state(&app, &admin, "later@example.org", "pending").await;
        if mail["attempts"] == 1 {
            break mail;
        }
        assert!(tokio::time::Instant::now() < deadline, "{mail}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let error = later["last_error"].as_str().unwrap().to_lowercase();
    assert!(error.contains("try again later"), "{later}");
    assert!(later["next_attempt_at"].as_str().unwrap() > later["created_at"].as_str().unwrap());
    assert!(sink.received().is_empty());
    // Its time comes (as a minute passing would bring it): sent.
    sqlx::query("UPDATE mail_queue SET next_attempt_at = 0 WHERE recipient = 'later@example.org'")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    app.state.mailer.ring();
    let sent = wait_for_state(&app, &admin, "later@example.org", "sent").await;
    assert_eq!(sent["attempts"], 2);
    let got = sink.wait_for("later@example.org", |_| true).await;
    assert!(
        got.text().contains("/register?invitation="),
        "{}",
        got.text()
    );
    assert_eq!(sink.received().len(), 1);
    // The web outbox shows the one given up, with its error.
    let browser = Browser::signed_in(&app, &admin).await;
    let page = browser.get("/admin/mail?failed=true").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("gone@example.org");
    page.assert_contains("No such mailbox");
    assert!(!page.body.contains("later@example.org"));
}

async fn invitations_are_emailed(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let moderator = app
        .user_with_role("mod", agora::accounts::InstanceRole::Moderator)
        .await;
    let (status, created) = app
        .post(
            "/api/v1/invitations",
            Some(&moderator),
            json!({"note": "for Amina", "email": "newcomer@example.org"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let mail = wait_for_mail(&app, "invitation", "newcomer@example.org", 1).await;
    let url = created["url"].as_str().unwrap();
    assert!(mail[0].text.contains(url), "{}", mail[0].text);
    assert!(
        mail[0].subject.contains("agora.test"),
        "{}",
        mail[0].subject
    );
    // The emailed link registers, once.
    let token = url.split("invitation=").nth(1).unwrap();
    let (status, body) = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"username": "newcomer", "email": "newcomer@example.org",
                   "password": "a long enough password", "invitation": token}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Without an address, no email; a bad address is refused, nothing made.
    let (status, _) = app
        .post("/api/v1/invitations", Some(&moderator), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = app
        .post(
            "/api/v1/invitations",
            Some(&moderator),
            json!({"email": "not an address"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, list) = app.get("/api/v1/invitations", Some(&moderator)).await;
    assert_eq!(list.as_array().unwrap().len(), 2);

    // The admin's web form emails too.
    let browser = Browser::signed_in(&app, &moderator).await;
    browser
        .get("/admin/invitations")
        .await
        .assert_contains("name=\"email\"");
    let page = browser
        .submit(
            "/admin/invitations",
            &[
                ("note", ""),
                ("email", "friend@example.org"),
                ("expires_in_days", "7"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("friend@example.org");
    wait_for_mail(&app, "invitation", "friend@example.org", 1).await;

    // A space invitation tells the member, in their language.
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    set_language(&app, &amina, "pt").await;
    app.space(&bob, "coalition", "private").await;
    let (status, body) = app
        .post(
            "/api/v1/spaces/coalition/invitations",
            Some(&bob),
            json!({"username": "amina"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // It is the invitation's notification, emailed at once by default.
    let mail = wait_for_mail(&app, "notification", "amina@example.org", 1).await;
    assert_eq!(mail[0].header("Content-Language").as_deref(), Some("pt"));
    assert!(mail[0].subject.contains("coalition"), "{}", mail[0].subject);
    let invitations = format!("{}/invitations", app.state.config.public_url());
    assert!(mail[0].text.contains(&invitations), "{}", mail[0].text);
    assert!(mail[0].text.contains("Olá amina"), "{}", mail[0].text);
}

async fn outbox_is_for_admins_only(backend: Backend) {
    let (app, _) = spawn(backend).await;
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    let moderator = app
        .user_with_role("mod", agora::accounts::InstanceRole::Moderator)
        .await;
    let (status, _) = app
        .post(
            "/api/v1/invitations",
            Some(&admin),
            json!({"email": "someone@example.org"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let mail = wait_for_state(&app, &admin, "someone@example.org", "written").await;
    assert_eq!(mail["kind"], "invitation");
    assert!(
        mail["file_name"]
            .as_str()
            .unwrap()
            .ends_with("-invitation.eml")
    );
    let id = mail["id"].as_i64().unwrap();
    let (status, one) = app
        .get(&format!("/api/v1/admin/mail/{id}"), Some(&admin))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        one["text"]
            .as_str()
            .unwrap()
            .contains("/register?invitation="),
        "{one}"
    );
    assert_eq!(one["language"], "en");

    for (who, expected) in [
        (Some(&moderator), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let (status, _) = app.get("/api/v1/admin/mail", who).await;
        assert_eq!(status, expected);
        let (status, _) = app.get(&format!("/api/v1/admin/mail/{id}"), who).await;
        assert_eq!(status, expected);
    }

    let browser = Browser::signed_in(&app, &admin).await;
    let page = browser.get("/admin/mail").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("someone@example.org");
    page.assert_contains("invitation");
    page.assert_contains(&format!("href=\"/admin/mail/{id}\""));
    let page = browser.get(&format!("/admin/mail/{id}")).await;
    page.assert_contains("/register?invitation=");
    page.assert_contains("-invitation.eml");
    let refused = Browser::signed_in(&app, &moderator).await;
    assert_eq!(
        refused.get("/admin/mail").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        refused.get(&format!("/admin/mail/{id}")).await.status,
        StatusCode::FORBIDDEN
    );
}
