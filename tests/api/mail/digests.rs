//! Daily and weekly digests: grouped by space, never empty, sent once, in
//! the member's language.

use super::*;
use agora::notifications::Kind;
use agora::notifications::digest::{self, Period};

use crate::on_both_backends;

on_both_backends!(
    daily_digest_is_grouped_by_space_never_empty_and_sent_once,
    weekly_digest_goes_out_on_monday_in_the_members_language,
);

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
