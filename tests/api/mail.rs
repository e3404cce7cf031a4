//! Email, checked from outside: the `.eml` files the instance writes when
//! no SMTP server is configured (polled with a deadline), the API and the
//! pages; and a tiny SMTP responder on loopback for the queue's retries.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use agora::notifications::digest::{self, Period};
use agora::notifications::{self, Kind, New};
use jiff::civil::Weekday;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

/// One email as the instance wrote it.
#[derive(Debug, Clone)]
struct Eml {
    file: String,
    to: String,
    subject: String,
    /// The header block, as sent.
    headers: String,
    text: String,
    html: String,
}

impl Eml {
    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
    }

    /// The one-click unsubscribe address from `List-Unsubscribe`.
    fn unsubscribe_url(&self) -> String {
        self.header("List-Unsubscribe")
            .expect("List-Unsubscribe")
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_owned()
    }
}

fn read_mail(app: &TestApp) -> Vec<Eml> {
    let folder = app.state.config.data_dir.join("mail");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let raw = std::fs::read(folder.join(&name)).expect("read .eml");
            let message = mail_parser::MessageParser::default()
                .parse(&raw)
                .expect("a parsable message");
            let raw = String::from_utf8_lossy(&raw).into_owned();
            let headers = raw
                .split("\r\n\r\n")
                .next()
                .unwrap_or_default()
                .replace("\r\n ", " ");
            Eml {
                to: message
                    .to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned(),
                subject: message.subject().unwrap_or_default().to_owned(),
                text: message.body_text(0).unwrap_or_default().into_owned(),
                html: message.body_html(0).unwrap_or_default().into_owned(),
                headers,
                file: name,
            }
        })
        .collect()
}

/// The emails of `kind` (as in the file name: `notification`,
/// `digest-daily`…) to `address`.
fn mail_to(app: &TestApp, kind: &str, address: &str) -> Vec<Eml> {
    let suffix = format!("-{kind}.eml");
    read_mail(app)
        .into_iter()
        .filter(|m| m.file.ends_with(&suffix) && m.to == address)
        .collect()
}

/// Waits (at most 20 s) until `count` emails of `kind` reached `address`.
async fn wait_for_mail(app: &TestApp, kind: &str, address: &str, count: usize) -> Vec<Eml> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let found = mail_to(app, kind, address);
        if found.len() >= count {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited 20 s for {count} {kind} email(s) to {address}; have {}: {:?}",
            found.len(),
            read_mail(app).iter().map(|m| &m.file).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn account_id(app: &TestApp, name: &str) -> i64 {
    agora::accounts::find_by_username(&app.state.db, name)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// What a producer does: tells `to` about `new`, in a transaction.
async fn notify(app: &TestApp, to: &str, new: New) {
    let id = account_id(app, to).await;
    let mut tx = app.state.db.begin().await.unwrap();
    notifications::notify(&mut tx, id, &new).await.unwrap();
    tx.commit().await.unwrap();
}

async fn set_language(app: &TestApp, user: &User, lang: &str) {
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(user),
            json!({"ui_language": lang}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn prefer(app: &TestApp, user: &User, body: Value) -> Value {
    let (status, answer) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/notifications/preferences",
            Some(user),
            Some(body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer
}

/// What applies to `category` for all spaces, from the API.
fn everywhere(preferences: &Value, category: &str) -> String {
    preferences["everywhere"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == category)
        .map(|c| c["delivery"].as_str().unwrap().to_owned())
        .unwrap()
}

/// The digest hour for a test: twelve hours from now, so the clock-driven
/// worker never finds a digest due while the test runs; the test passes
/// its own "now" to `send_digests`.
fn digest_hour() -> u8 {
    let hour = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .hour();
    ((hour + 12) % 24) as u8
}

/// A minute past the next digest time (the next Monday's, for weekly).
fn next_digest_time(hour: u8, weekly: bool) -> i64 {
    let now = jiff::Timestamp::now();
    let mut date = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    loop {
        let at = date
            .at(hour as i8, 1, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp();
        if at > now && (!weekly || date.weekday() == Weekday::Monday) {
            return at.as_microsecond();
        }
        date = date.tomorrow().unwrap();
    }
}

async fn spawn(backend: Backend) -> (TestApp, u8) {
    let hour = digest_hour();
    let app = TestApp::spawn_with(backend, |config| config.email.digest_hour = hour).await;
    (app, hour)
}

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

async fn daily_digest_is_grouped_by_space_never_empty_and_sent_once(backend: Backend) {
    let (app, hour) = spawn(backend).await;
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    let carol = app.user("carol").await;
    let alpha = app.space(&bob, "alpha", "public").await;
    let beta = app.space(&bob, "beta", "public").await;
    let a1 = app.post_in(&bob, "alpha", "First in alpha").await;
    let a2 = app.post_in(&bob, "alpha", "Second in alpha").await;
    let b1 = app.post_in(&bob, "beta", "Only in beta").await;
    for user in [&amina, &carol] {
        prefer(
            &app,
            user,
            json!({"category": "mentions", "delivery": "daily"}),
        )
        .await;
    }
    let bob_id = account_id(&app, "bob").await;
    let mention =
        |space: i64, post: i64| New::of(Kind::Mention).actor(bob_id).space(space).post(post);
    // Beta's first, so the grouping does not follow the order of arrival.
    notify(&app, "amina", mention(beta, b1)).await;
    notify(&app, "amina", mention(alpha, a1)).await;
    notify(&app, "amina", mention(alpha, a2)).await;

    let now = next_digest_time(hour, false);
    // Before the hour, nothing is due.
    let early = digest::send_digests(
        &app.state.db,
        &app.state.mailer,
        Period::Daily,
        now - 3_600_000_000,
    )
    .await
    .unwrap();
    assert_eq!(early.sent, 0);
    let run = digest::send_digests(&app.state.db, &app.state.mailer, Period::Daily, now)
        .await
        .unwrap();
    assert_eq!(run.sent, 1, "{run:?}");
    // Called again (another node, or the next minute): nothing more.
    let again = digest::send_digests(&app.state.db, &app.state.mailer, Period::Daily, now)
        .await
        .unwrap();
    assert_eq!(again.sent, 0);

    let mail = wait_for_mail(&app, "digest-daily", "amina@example.org", 1).await;
    assert_eq!(mail.len(), 1);
    let text = &mail[0].text;
    let alpha_at = text.find("== alpha ==").expect(text);
    let beta_at = text.find("== beta ==").expect(text);
    assert!(alpha_at < beta_at, "{text}");
    let items = |section: &str| section.lines().filter(|l| l.starts_with("- ")).count();
    assert_eq!(items(&text[alpha_at..beta_at]), 2, "{text}");
    assert_eq!(items(&text[beta_at..]), 1, "{text}");
    assert!(mail[0].subject.contains('3'), "{}", mail[0].subject);
    assert!(mail[0].unsubscribe_url().contains("/unsubscribe/"));
    // Carol had nothing: no digest at all, not an empty one.
    assert!(mail_to(&app, "digest-daily", "carol@example.org").is_empty());

    // The next day, with nothing new: nothing sent.
    let next_day = now + 24 * 3_600_000_000;
    let quiet = digest::send_digests(&app.state.db, &app.state.mailer, Period::Daily, next_day)
        .await
        .unwrap();
    assert_eq!(quiet.sent, 0);
    // Something new: the next day's digest lists only it.
    notify(&app, "amina", mention(beta, b1)).await;
    let run = digest::send_digests(&app.state.db, &app.state.mailer, Period::Daily, next_day)
        .await
        .unwrap();
    assert_eq!(run.sent, 1);
    let mail = wait_for_mail(&app, "digest-daily", "amina@example.org", 2).await;
    let text = &mail[1].text;
    assert!(text.contains("== beta =="), "{text}");
    assert!(!text.contains("== alpha =="), "{text}");
    // Nothing daily went out as an email at once.
    assert!(mail_to(&app, "notification", "amina@example.org").is_empty());
}

async fn weekly_digest_goes_out_on_monday_in_the_members_language(backend: Backend) {
    let (app, hour) = spawn(backend).await;
    let bob = app.user("bob").await;
    let amina = app.user("amina").await;
    set_language(&app, &amina, "ar").await;
    let space = app.space(&bob, "archive", "private").await;
    app.add_member(&bob, "archive", &amina, "contributor").await;
    let post = app.post_in(&bob, "archive", "Minutes").await;
    // New posts in a space: every member hears, weekly by default.
    let bob_id = account_id(&app, "bob").await;
    let mut tx = app.state.db.begin().await.unwrap();
    let told = notifications::notify_space(
        &mut tx,
        &New::of(Kind::PostNew).actor(bob_id).space(space).post(post),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(told, 1, "amina, not bob who wrote it");

    // The daily digest does not carry weekly news.
    let monday = next_digest_time(hour, true);
    let daily = digest::send_digests(&app.state.db, &app.state.mailer, Period::Daily, monday)
        .await
        .unwrap();
    assert_eq!(daily.sent, 0);
    // Not before Monday.
    let sunday = monday - 24 * 3_600_000_000;
    let early = digest::send_digests(&app.state.db, &app.state.mailer, Period::Weekly, sunday)
        .await
        .unwrap();
    assert_eq!(early.sent, 0);
    let run = digest::send_digests(&app.state.db, &app.state.mailer, Period::Weekly, monday)
        .await
        .unwrap();
    assert_eq!(run.sent, 1);
    let again = digest::send_digests(&app.state.db, &app.state.mailer, Period::Weekly, monday)
        .await
        .unwrap();
    assert_eq!(again.sent, 0);
    let mail = wait_for_mail(&app, "digest-weekly", "amina@example.org", 1).await;
    let m = &mail[0];
    assert_eq!(m.header("Content-Language").as_deref(), Some("ar"));
    assert!(m.text.contains("مرحبًا amina"), "{}", m.text);
    assert!(m.text.contains("== archive =="), "{}", m.text);
    assert!(m.html.contains("dir=\"rtl\""));
    assert!(mail_to(&app, "digest-weekly", "bob@example.org").is_empty());
}

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

/// A few lines of SMTP on loopback: refuses `gone@` for good (550), asks
/// `later@` to come back (451) the first time, takes everything else.
async fn smtp_responder() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let delivered = Arc::new(AtomicUsize::new(0));
    let deferred = Arc::new(AtomicUsize::new(0));
    let counter = delivered.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let (delivered, deferred) = (counter.clone(), deferred.clone());
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 responder.test ESMTP\r\n").await;
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            delivered.fetch_add(1, Ordering::SeqCst);
                            let _ = write.write_all(b"250 2.0.0 queued\r\n").await;
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let answer: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 responder.test\r\n"
                    } else if upper.starts_with("RCPT") && upper.contains("GONE@") {
                        b"550 5.1.1 no such mailbox\r\n"
                    } else if upper.starts_with("RCPT")
                        && upper.contains("LATER@")
                        && deferred.fetch_add(1, Ordering::SeqCst) == 0
                    {
                        b"451 4.3.0 try again later\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = write.write_all(answer).await;
                }
            });
        }
    });
    (port, delivered)
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
    let (port, delivered) = smtp_responder().await;
    let app = TestApp::spawn_with(backend, |config| {
        config.email.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
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
    assert!(
        gone["last_error"]
            .as_str()
            .unwrap()
            .contains("no such mailbox"),
        "{gone}"
    );
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
    assert!(
        later["last_error"]
            .as_str()
            .unwrap()
            .contains("try again later"),
        "{later}"
    );
    assert!(later["next_attempt_at"].as_str().unwrap() > later["created_at"].as_str().unwrap());
    assert_eq!(delivered.load(Ordering::SeqCst), 0);
    // Its time comes (as a minute passing would bring it): sent.
    sqlx::query("UPDATE mail_queue SET next_attempt_at = 0 WHERE recipient = 'later@example.org'")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    app.state.mailer.ring();
    let sent = wait_for_state(&app, &admin, "later@example.org", "sent").await;
    assert_eq!(sent["attempts"], 2);
    assert_eq!(delivered.load(Ordering::SeqCst), 1);
    // The web outbox shows the one given up, with its error.
    let browser = Browser::signed_in(&app, &admin).await;
    let page = browser.get("/admin/mail?failed=true").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("gone@example.org");
    page.assert_contains("no such mailbox");
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

on_both_backends!(
    mention_is_emailed_at_once_in_the_recipients_language,
    daily_digest_is_grouped_by_space_never_empty_and_sent_once,
    weekly_digest_goes_out_on_monday_in_the_members_language,
    preferences_decide_what_is_emailed,
    unsubscribe_links_turn_email_off,
    private_space_emails_quote_only_when_allowed,
    each_notification_is_emailed_once_across_workers,
    smtp_failures_are_retried_or_given_up,
    invitations_are_emailed,
    outbox_is_for_admins_only,
    settings_page_and_watching_work_without_javascript,
);
