//! The queue's gate: nothing private is ever queued.

use std::time::Duration;

use super::worker::{MAX_BACKOFF, SECOND, backoff, parse_retry_after};
use super::*;

#[test]
fn backoff_grows_and_is_capped() {
    assert_eq!(backoff(1), 10 * SECOND);
    assert_eq!(backoff(2), 20 * SECOND);
    assert_eq!(backoff(30), MAX_BACKOFF);
    // Retries at the cap for three days: the total is well over 3 days.
    let total: i64 = (1..60).map(backoff).sum();
    assert!(total > 3 * 24 * 3600 * SECOND);
}

#[test]
fn retry_after_reads_seconds() {
    assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
    assert_eq!(parse_retry_after("soon"), None);
}

/// The private-space rule, tested where it is enforced: whatever a
/// caller hands to `enqueue`, nothing that names private (or unknown)
/// content of ours is queued.
#[tokio::test]
async fn enqueue_refuses_anything_private() {
    use crate::accounts::{self, InstanceRole, NewAccount, Registration};
    use crate::posts::{self, NewPost};
    use crate::spaces::{self, NewSpace, Visibility};
    use serde_json::json;

    let dir = tempfile::tempdir().unwrap();
    let mut config = crate::Config::defaults();
    config.database_url = format!("sqlite://{}", dir.path().join("t.db").display());
    config.data_dir = dir.path().join("files");
    let db = Db::connect(&config).await.unwrap();
    db.migrate().await.unwrap();
    let fed = Federation::new(&config).unwrap();
    let owner = accounts::create_account(
        &db,
        NewAccount {
            username: "amina".into(),
            email: "amina@example.org".into(),
            password: "correct horse battery".into(),
            role: InstanceRole::Member,
        },
        Registration::Admin,
    )
    .await
    .unwrap();
    let space = |slug: &str, visibility| NewSpace {
        slug: slug.into(),
        title: slug.into(),
        description: String::new(),
        language: None,
        visibility,
        join_policy: None,
        default_role: None,
    };
    let public = spaces::create(&db, &owner, space("news", Visibility::Public))
        .await
        .unwrap();
    let private = spaces::create(&db, &owner, space("case", Visibility::Private))
        .await
        .unwrap();
    let post = |title: &str| NewPost {
        title: title.into(),
        body: "text".into(),
        language: None,
        media: Vec::new(),
    };
    let open = posts::create(&db, &fed.changes, &public, &owner, post("open"))
        .await
        .unwrap();
    let secret = posts::create(&db, &fed.changes, &private, &owner, post("secret"))
        .await
        .unwrap();
    let comment = posts::comments::create(
        &db,
        &fed.changes,
        secret,
        &owner,
        posts::comments::NewComment {
            body: "hush".into(),
            parent_id: None,
            media: Vec::new(),
        },
    )
    .await
    .unwrap();
    let event = |title: &str| crate::events::NewEvent {
        title: title.into(),
        description: String::new(),
        starts_at: "2030-01-01T10:00".into(),
        ends_at: "2030-01-01T11:00".into(),
        timezone: "UTC".into(),
        online_url: None,
        place_name: None,
        place_address: None,
        latitude: None,
        longitude: None,
        capacity: None,
        join_mode: None,
        waitlist: None,
        guests: None,
        language: None,
        status: None,
        repeat: None,
    };
    let open_event = crate::events::create(&db, &fed.changes, &public, &owner, event("talk"))
        .await
        .unwrap();
    let secret_event = crate::events::create(&db, &fed.changes, &private, &owner, event("hearing"))
        .await
        .unwrap();
    let storage = crate::library::storage::Storage::new(&config).unwrap();
    let note = |title: &str| crate::library::NewNote {
        title: title.into(),
        body: "minutes".into(),
        description: String::new(),
        language: None,
        tags: Vec::new(),
        status: None,
        folder: None,
        comment: String::new(),
    };
    let open_note =
        crate::library::create_note(&db, &fed.changes, &storage, &public, &owner, note("guide"))
            .await
            .unwrap();
    let secret_note = crate::library::create_note(
        &db,
        &fed.changes,
        &storage,
        &private,
        &owner,
        note("strategy"),
    )
    .await
    .unwrap();
    let urls = &fed.urls;
    let cases = [
        (json!({"object": urls.library_item(open_note)}), true),
        (json!({"object": urls.library_item(secret_note)}), false),
        (
            json!({"object": {"url": {"href": urls.library_download(secret_note)}}}),
            false,
        ),
        (json!({"object": urls.event(open_event)}), true),
        (json!({"object": urls.event(secret_event)}), false),
        (
            json!({"object": urls.post(open), "actor": urls.person("amina")}),
            true,
        ),
        (
            json!({"to": [urls.space("news")], "id": urls.new_activity("create")}),
            true,
        ),
        (json!({"object": urls.post(secret)}), false),
        (
            json!({"object": {"inReplyTo": format!("{}#x", urls.post(secret))}}),
            false,
        ),
        (json!({"object": urls.comment(comment)}), false),
        (json!({"to": [urls.space("case")]}), false),
        (
            json!({"content": format!("<a href=\"{}\">see</a>", urls.post(secret))}),
            false,
        ),
        (
            json!({"object": format!("{}/something/else", urls.base())}),
            false,
        ),
        (json!({"object": urls.post(999_999)}), false),
        (json!({"actor": urls.person("nobody")}), false),
    ];
    for (activity, allowed) in cases {
        let before = pending(&db).await.unwrap().len();
        let mut tx = db.begin().await.unwrap();
        enqueue(
            &mut tx,
            &fed,
            Signer::Instance,
            activity.clone(),
            vec!["https://beta.test/inbox".into()],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let queued = pending(&db).await.unwrap().len() - before;
        assert_eq!(queued, usize::from(allowed), "{activity}");
    }
}

#[test]
fn finds_our_urls_anywhere() {
    let activity = serde_json::json!({
        "id": "https://a.test/activities/create/1",
        "object": {"content": "<a href=\"https://a.test/posts/7\">see</a> and https://a.test/spaces/x",
                   "to": ["https://b.test/u/1"]}
    });
    let mut found = Vec::new();
    collect_local_urls(&activity, "https://a.test", &mut found);
    found.sort();
    assert_eq!(
        found,
        vec![
            "https://a.test/activities/create/1",
            "https://a.test/posts/7",
            "https://a.test/spaces/x"
        ]
    );
}

#[test]
fn a_url_ends_where_text_around_it_begins() {
    let cases = [
        ("https://a.test/post/7", "https://a.test/post/7"),
        ("https://a.test/post/7.", "https://a.test/post/7"),
        ("https://a.test/post/7, then", "https://a.test/post/7"),
        ("https://a.test/post/7). More", "https://a.test/post/7"),
        ("https://a.test/post/7) and", "https://a.test/post/7"),
        ("https://a.test/post/7]more[/url]", "https://a.test/post/7"),
        ("https://a.test/post/7**", "https://a.test/post/7"),
        ("https://a.test/post/7`", "https://a.test/post/7"),
        (
            "https://a.test/post/7?x=1#c2!",
            "https://a.test/post/7?x=1#c2",
        ),
        ("https://a.test/s/news\">news</a>", "https://a.test/s/news"),
    ];
    for (text, url) in cases {
        assert_eq!(url_at_start(text), url, "{text}");
    }
    // Markdown, a sentence, parentheses and BBCode around our URLs.
    let source = "See [the hearing](https://a.test/post/7), (https://a.test/event/3). \
                  [url=https://a.test/item/4]doc[/url] [url]https://a.test/s/news[/url] \
                  and https://a.test.example.org/elsewhere.";
    let mut found = Vec::new();
    collect_local_urls(&serde_json::json!(source), "https://a.test", &mut found);
    assert_eq!(
        found,
        vec![
            "https://a.test/post/7",
            "https://a.test/event/3",
            "https://a.test/item/4",
            "https://a.test/s/news",
            "https://a.test.example.org/elsewhere",
        ]
    );
}

#[test]
fn only_pages_that_name_nothing_of_a_space_are_public_pages() {
    for url in [
        "https://a.test",
        "https://a.test/",
        "https://a.test/spaces",
        "https://a.test/privacy",
        "https://a.test/login?next=/",
    ] {
        assert!(public_page(url), "{url}");
    }
    for url in [
        "https://a.test/api/v1/spaces/case/posts",
        "https://a.test/invitations/3/accept",
        "https://a.test/admin/users",
    ] {
        assert!(!public_page(url), "{url}");
    }
}
