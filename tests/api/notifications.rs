//! Notifications: each kind reaches the right person (never the one who
//! acted, never a non-member of a private space), written out in the
//! reader's language and time zone with a link that opens; marking read;
//! the web page and the header's unread count.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;
use agora::accounts::InstanceRole;

on_both_backends!(
    comments_replies_mentions_and_new_posts_reach_the_right_people,
    reactions_are_grouped_while_unread,
    a_private_space_tells_only_its_members,
    join_requests_answers_and_invitations,
    organisers_and_participants_hear_of_events,
    event_changes_say_what_changed_in_the_readers_zone,
    library_followers_hear_of_changes_and_comments,
    reports_reach_the_moderators,
    posts_from_elsewhere_tell_members_unless_they_are_old_news,
    marking_read_one_all_and_not_anothers,
    the_web_page_and_the_header_count,
);

/// The member's notifications, as the API lists them.
async fn notes(app: &TestApp, user: &User) -> Vec<Value> {
    let (status, list) = app.get("/api/v1/notifications", Some(user)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

/// Those of one kind.
async fn of_kind(app: &TestApp, user: &User, kind: &str) -> Vec<Value> {
    notes(app, user)
        .await
        .into_iter()
        .filter(|n| n["kind"] == kind)
        .collect()
}

/// The one notification of `kind`.
#[track_caller]
fn only(list: Vec<Value>) -> Value {
    assert_eq!(list.len(), 1, "{list:?}");
    list.into_iter().next().unwrap()
}

async fn set_language(app: &TestApp, user: &User, language: &str) {
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(user),
            json!({"ui_language": language}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn read_all(app: &TestApp, user: &User) {
    let (status, _) = app
        .post("/api/v1/notifications/read", Some(user), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

async fn comment(app: &TestApp, user: &User, post: i64, body: Value) -> i64 {
    let (status, c) = app
        .post(&format!("/api/v1/posts/{post}/comments"), Some(user), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    // The answer is the whole thread: the new comment is the newest.
    fn ids(thread: &Value, into: &mut Vec<i64>) {
        for c in thread.as_array().unwrap() {
            into.push(c["id"].as_i64().unwrap());
            ids(&c["replies"], into);
        }
    }
    let mut all = Vec::new();
    ids(&c, &mut all);
    all.into_iter().max().unwrap()
}

/// A link from a notification opens in the web interface.
async fn opens(app: &TestApp, user: &User, link: &str) {
    let browser = Browser::signed_in(app, user).await;
    let path = link.split('#').next().unwrap();
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{link}: {}", page.body);
}

async fn comments_replies_mentions_and_new_posts_reach_the_right_people(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    app.add_member(&ada, "news", &cara, "contributor").await;
    let (_, me) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&bob),
            json!({"display_name": "Bob Kabila"}),
        )
        .await;
    assert_eq!(me["display_name"], "Bob Kabila");

    let post = app.post_in(&ada, "news", "Hearing moved").await;
    // Everyone in the space hears of the new post, except its author.
    let new = only(of_kind(&app, &cara, "post.new").await);
    assert_eq!(new["text"], "ada posted “Hearing moved” in news");
    assert_eq!(new["link"], format!("/post/{post}"));
    assert_eq!(new["actor"], "ada");
    assert_eq!(new["space"], "news");
    assert_eq!(new["post_id"], post);
    assert!(of_kind(&app, &ada, "post.new").await.is_empty());

    let first = comment(
        &app,
        &bob,
        post,
        json!({"body": "I will be there, **@cara** can you come too? The court room is on the second floor, next to the registry, and the hearing should last the whole morning."}),
    )
    .await;
    // The post's author, by the display name of who commented.
    let on_post = only(of_kind(&app, &ada, "comment.on_post").await);
    assert_eq!(
        on_post["text"],
        "Bob Kabila commented on your post “Hearing moved” in news"
    );
    assert_eq!(on_post["link"], format!("/post/{post}#comment-{first}"));
    assert_eq!(on_post["comment_id"], first);
    let excerpt = on_post["excerpt"].as_str().unwrap();
    assert!(
        excerpt.starts_with("I will be there, @cara can you come too?"),
        "{excerpt}"
    );
    assert!(excerpt.ends_with('…') && excerpt.chars().count() <= 141);
    assert_eq!(on_post["message"], on_post["text"]);
    assert_eq!(on_post["read"], false);
    opens(&app, &ada, on_post["link"].as_str().unwrap()).await;
    // Cara is mentioned; Bob hears nothing of his own comment.
    let mention = only(of_kind(&app, &cara, "mention").await);
    assert_eq!(
        mention["text"],
        "Bob Kabila mentioned you in a comment on “Hearing moved” in news"
    );
    assert!(
        notes(&app, &bob)
            .await
            .iter()
            .all(|n| n["kind"] == "space.invitation" || n["kind"] == "post.new")
    );

    // Cara answers Bob: he hears of the reply, Ada of one more comment.
    let reply = comment(
        &app,
        &cara,
        post,
        json!({"body": "Yes!", "parent_id": first}),
    )
    .await;
    let replied = only(of_kind(&app, &bob, "comment.reply").await);
    assert_eq!(
        replied["text"],
        "cara replied to your comment on “Hearing moved” in news"
    );
    assert_eq!(replied["link"], format!("/post/{post}#comment-{reply}"));
    assert_eq!(of_kind(&app, &ada, "comment.on_post").await.len(), 2);

    // A mention in a post, and read in French.
    set_language(&app, &bob, "fr").await;
    let (status, body) = app
        .post(
            "/api/v1/spaces/news/posts",
            Some(&ada),
            json!({"title": "Agenda", "body": "@bob please read"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mention = only(of_kind(&app, &bob, "mention").await);
    assert_eq!(
        mention["text"],
        "ada vous a mentionné·e dans « Agenda » dans news"
    );
    // Editing the post does not tell him twice.
    let (status, _) = app
        .patch(
            &format!("/api/v1/posts/{}", body["id"]),
            Some(&ada),
            json!({"body": "@bob please read, again"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(of_kind(&app, &bob, "mention").await.len(), 1);
}

async fn reactions_are_grouped_while_unread(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "Victory").await;
    let mut people = Vec::new();
    for name in ["bob", "cara", "dan"] {
        let user = app.user(name).await;
        app.add_member(&ada, "news", &user, "contributor").await;
        people.push(user);
    }
    // Her own reaction tells her nothing.
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{post}/reactions"),
            Some(&ada),
            json!({"emoji": "🎉"}),
        )
        .await;
    assert!(status.is_success());
    assert!(of_kind(&app, &ada, "reaction").await.is_empty());
    for user in &people {
        let (status, body) = app
            .post(
                &format!("/api/v1/posts/{post}/reactions"),
                Some(user),
                json!({"emoji": "👍"}),
            )
            .await;
        assert!(status.is_success(), "{body}");
    }
    let grouped = only(of_kind(&app, &ada, "reaction").await);
    assert_eq!(grouped["actor_count"], 3);
    assert_eq!(grouped["actor"], "dan");
    assert_eq!(
        grouped["text"],
        "dan and 2 others reacted to your post “Victory”"
    );
    set_language(&app, &ada, "ar").await;
    let grouped = only(of_kind(&app, &ada, "reaction").await);
    assert_eq!(
        grouped["text"],
        "تفاعل dan وشخصان آخران مع منشورك «Victory»"
    );
    // Once read, the next reaction starts a new one.
    read_all(&app, &ada).await;
    let eve = app.user("eve").await;
    app.add_member(&ada, "news", &eve, "contributor").await;
    app.post(
        &format!("/api/v1/posts/{post}/reactions"),
        Some(&eve),
        json!({"emoji": "❤️"}),
    )
    .await;
    let (_, unread) = app
        .get("/api/v1/notifications?unread=true", Some(&ada))
        .await;
    let unread = unread.as_array().unwrap();
    assert_eq!(unread.len(), 1, "{unread:?}");
    assert_eq!(unread[0]["actor_count"], 1);

    // A reaction to a comment goes to the comment's author.
    let c = comment(&app, &people[0], post, json!({"body": "Well done"})).await;
    app.post(
        &format!("/api/v1/comments/{c}/reactions"),
        Some(&people[1]),
        json!({"emoji": "👍"}),
    )
    .await;
    let on_comment = only(of_kind(&app, &people[0], "reaction").await);
    assert_eq!(
        on_comment["text"],
        "cara reacted to your comment on “Victory”"
    );
    assert_eq!(on_comment["link"], format!("/post/{post}#comment-{c}"));
}

async fn a_private_space_tells_only_its_members(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let eve = app.user("eve").await;
    let space = app.space(&ada, "cell", "private").await;
    app.add_member(&ada, &space.to_string(), &bob, "contributor")
        .await;
    let (status, body) = app
        .post(
            &format!("/api/v1/spaces/{space}/posts"),
            Some(&ada),
            json!({"title": "Witness list", "body": "@eve and @bob must not miss this"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let post = body["id"].as_i64().unwrap();
    comment(&app, &bob, post, json!({"body": "Noted, @eve should know"})).await;
    // Eve, not a member, hears of none of it.
    assert!(notes(&app, &eve).await.is_empty());
    // Bob does, and the space is named by its id (private slugs repeat).
    let mention = only(of_kind(&app, &bob, "mention").await);
    assert_eq!(mention["space"], space.to_string());
    // The mention stands for the post: no second "new post" about it.
    assert_eq!(of_kind(&app, &bob, "post.new").await.len(), 0);
    assert_eq!(of_kind(&app, &ada, "comment.on_post").await.len(), 1);

    // Once Bob is out of the space, he no longer sees what he was told of it.
    let (status, _) = app
        .delete(&format!("/api/v1/spaces/{space}/members/bob"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // (Only his invitation stays: it concerned him as an outsider.)
    let left = notes(&app, &bob).await;
    let space_ref = space.to_string();
    assert!(
        left.iter()
            .all(|n| n["space"].as_str() != Some(space_ref.as_str())
                || n["kind"] == "space.invitation"),
        "{left:?}"
    );
    assert!(of_kind(&app, &bob, "post.new").await.is_empty());
    assert!(of_kind(&app, &bob, "mention").await.is_empty());
}

async fn join_requests_answers_and_invitations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let eve = app.user("eve").await;
    let fay = app.user("fay").await;
    let gus = app.user("gus").await;
    let (status, body) = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "cell", "title": "Legal cell", "visibility": "private", "join_policy": "request"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let space = body["id"].as_i64().unwrap();
    for who in [&eve, &fay] {
        let (status, _) = app
            .post(
                &format!("/api/v1/spaces/{space}/join"),
                Some(who),
                json!({"message": "Please"}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let asks = of_kind(&app, &ada, "join.requested").await;
    assert_eq!(asks.len(), 2);
    assert!(
        asks.iter()
            .any(|n| n["text"] == "eve asks to join Legal cell")
    );
    assert_eq!(asks[0]["link"], format!("/s/{space}/members"));
    opens(&app, &ada, asks[0]["link"].as_str().unwrap()).await;

    let (_, requests) = app
        .get(&format!("/api/v1/spaces/{space}/join-requests"), Some(&ada))
        .await;
    let id_of = |name: &str| {
        requests
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["username"] == name)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (status, _) = app
        .post(
            &format!(
                "/api/v1/spaces/{space}/join-requests/{}/approve",
                id_of("eve")
            ),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let approved = only(of_kind(&app, &eve, "join.approved").await);
    assert_eq!(
        approved["text"],
        "Your request to join Legal cell was approved"
    );
    assert_eq!(approved["link"], format!("/s/{space}"));
    opens(&app, &eve, approved["link"].as_str().unwrap()).await;

    set_language(&app, &fay, "de").await;
    let (status, _) = app
        .delete(
            &format!("/api/v1/spaces/{space}/join-requests/{}", id_of("fay")),
            Some(&ada),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Refused, she still hears of it though she is not a member.
    let refused = only(of_kind(&app, &fay, "join.refused").await);
    assert_eq!(
        refused["text"],
        "Ihre Anfrage, Legal cell beizutreten, wurde abgelehnt"
    );

    let (status, _) = app
        .post(
            &format!("/api/v1/spaces/{space}/invitations"),
            Some(&ada),
            json!({"username": "gus"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let invited = only(of_kind(&app, &gus, "space.invitation").await);
    assert_eq!(invited["text"], "ada invited you to join Legal cell");
    assert_eq!(invited["link"], "/invitations");
    opens(&app, &gus, "/invitations").await;
}

async fn event_in(app: &TestApp, owner: &User, space: &str, body: Value) -> i64 {
    let (status, event) = app
        .post(&format!("/api/v1/spaces/{space}/events"), Some(owner), body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    event["id"].as_i64().unwrap()
}

async fn register(app: &TestApp, user: &User, event: i64) -> Value {
    let (status, body) = app
        .post(
            &format!("/api/v1/events/{event}/registration"),
            Some(user),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn organisers_and_participants_hear_of_events(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    app.space(&ada, "talks", "public").await;
    let event = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Briefing", "starts_at": "2030-03-06T10:00", "ends_at": "2030-03-06T12:00",
               "timezone": "UTC", "capacity": 1}),
    )
    .await;
    register(&app, &bob, event).await;
    let registered = only(of_kind(&app, &ada, "event.registration").await);
    assert_eq!(registered["text"], "bob registered for “Briefing”");
    assert_eq!(registered["link"], format!("/event/{event}"));
    assert_eq!(registered["event_id"], event);
    opens(&app, &ada, registered["link"].as_str().unwrap()).await;

    // Full: Cara waits.
    let state = register(&app, &cara, event).await;
    assert_eq!(state["state"], "waiting", "{state}");
    let waiting = only(of_kind(&app, &ada, "event.waitlist").await);
    assert_eq!(
        waiting["text"],
        "cara is on the waiting list for “Briefing”"
    );

    // Bob leaves: Ada hears of it, and of Cara moving up; Cara is told.
    let (status, _) = app
        .delete(&format!("/api/v1/events/{event}/registration"), Some(&bob))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let left = only(of_kind(&app, &ada, "event.unregistration").await);
    assert_eq!(
        left["text"],
        "bob cancelled their registration for “Briefing”"
    );
    let moved = of_kind(&app, &ada, "event.waitlist").await;
    assert!(
        moved
            .iter()
            .any(|n| n["text"] == "cara moved up from the waiting list of “Briefing”"),
        "{moved:?}"
    );
    let freed = only(of_kind(&app, &cara, "event.accepted").await);
    assert_eq!(
        freed["text"],
        "A place freed up: you are now registered for “Briefing”"
    );

    // By approval: the organiser hears of the request, the participant of
    // the answer.
    let closed = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Closed", "starts_at": "2030-03-07T10:00", "ends_at": "2030-03-07T12:00",
               "timezone": "UTC", "join_mode": "restricted"}),
    )
    .await;
    let state = register(&app, &bob, closed).await;
    assert_eq!(state["state"], "pending");
    let asks = of_kind(&app, &ada, "event.registration").await;
    assert!(
        asks.iter()
            .any(|n| n["text"] == "bob asks to register for “Closed”"),
        "{asks:?}"
    );
    let (status, body) = app
        .post(
            &format!("/api/v1/events/{closed}/participants"),
            Some(&ada),
            json!({"account": "bob", "approve": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rejected = only(of_kind(&app, &bob, "event.rejected").await);
    assert_eq!(
        rejected["text"],
        "Your registration for “Closed” was declined"
    );

    // Cancelled: the participant hears of it; the organiser does not hear
    // of her own change.
    let (status, _) = app
        .patch(
            &format!("/api/v1/events/{event}"),
            Some(&ada),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let cancelled = only(of_kind(&app, &cara, "event.cancelled").await);
    assert_eq!(cancelled["text"], "“Briefing” in talks is cancelled");
    assert!(of_kind(&app, &ada, "event.cancelled").await.is_empty());
}

async fn event_changes_say_what_changed_in_the_readers_zone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    app.space(&ada, "talks", "public").await;
    let event = event_in(
        &app,
        &ada,
        "talks",
        json!({"title": "Briefing", "starts_at": "2030-03-06T10:00", "ends_at": "2030-03-06T12:00",
               "timezone": "UTC", "place_name": "Room 1"}),
    )
    .await;
    register(&app, &bob, event).await;
    register(&app, &cara, event).await;
    // Bob lives in Kinshasa (UTC+1), Cara reads French in Brussels.
    let (status, me) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&bob),
            json!({"timezone": "Africa/Kinshasa"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["timezone"], "Africa/Kinshasa");
    let (status, me) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&cara),
            json!({"timezone": "Europe/Brussels", "ui_language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    // A zone that does not exist is a clear 4xx.
    let (status, error) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&bob),
            json!({"timezone": "Mars/Olympus"}),
        )
        .await;
    assert!(status.is_client_error(), "{status}");
    assert!(
        error["message"].as_str().unwrap().contains("IANA"),
        "{error}"
    );
    // Another member's view does not show it.
    let (_, other) = app.get("/api/v1/accounts/bob", Some(&cara)).await;
    assert!(other.get("timezone").is_none(), "{other}");

    // Only the description changes: nobody is told.
    app.patch(
        &format!("/api/v1/events/{event}"),
        Some(&ada),
        json!({"description": "Bring your notes"}),
    )
    .await;
    assert!(of_kind(&app, &bob, "event.updated").await.is_empty());

    let (status, body) = app
        .patch(
            &format!("/api/v1/events/{event}"),
            Some(&ada),
            json!({"starts_at": "2030-03-06T14:00", "ends_at": "2030-03-06T16:00", "place_name": "Room 2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let updated = only(of_kind(&app, &bob, "event.updated").await);
    assert_eq!(updated["params"]["changed"], json!(["time", "place"]));
    // 14:00 UTC is 15:00 in Kinshasa.
    assert_eq!(
        updated["text"],
        "“Briefing” in talks changed (time, place): it starts 6 March 2030, 15:00 (Africa/Kinshasa)"
    );
    let updated = only(of_kind(&app, &cara, "event.updated").await);
    let text = updated["text"].as_str().unwrap();
    assert!(
        text.starts_with("« Briefing » dans talks a changé (horaire, lieu)"),
        "{text}"
    );
    assert!(text.contains("15:00 (Europe/Brussels)"), "{text}");

    // A new online link and title.
    app.patch(
        &format!("/api/v1/events/{event}"),
        Some(&ada),
        json!({"online_url": "https://meet.example.org/briefing", "title": "Briefing (online)"}),
    )
    .await;
    let list = of_kind(&app, &bob, "event.updated").await;
    assert_eq!(list.len(), 2);
    assert!(
        list.iter()
            .any(|n| n["params"]["changed"] == json!(["link", "title"])),
        "{list:?}"
    );
}

async fn library_followers_hear_of_changes_and_comments(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    app.space(&ada, "docs", "public").await;
    app.add_member(&ada, "docs", &bob, "contributor").await;
    app.add_member(&ada, "docs", &cara, "reader").await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/docs/library/notes",
            Some(&ada),
            json!({"title": "Brief", "body": "First draft"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let item = note["id"].as_i64().unwrap();

    // Bob comments: Ada, who wrote it, hears of it; Bob now follows it.
    let (status, c) = app
        .post(
            &format!("/api/v1/library/items/{item}/comments"),
            Some(&bob),
            json!({"body": "Looks good"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let commented = only(of_kind(&app, &ada, "library.commented").await);
    assert_eq!(commented["text"], "bob commented on “Brief” in docs");
    assert_eq!(
        commented["link"],
        format!("/item/{item}#comment-{}", c["id"])
    );
    opens(&app, &ada, commented["link"].as_str().unwrap()).await;

    // Cara follows by hand; Ada edits: Bob and Cara hear of it.
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/library/items/{item}/follow"),
            Some(&cara),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app
        .patch(
            &format!("/api/v1/library/items/{item}"),
            Some(&ada),
            json!({"body": "Second draft"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for who in [&bob, &cara] {
        let changed = only(of_kind(&app, who, "library.changed").await);
        assert_eq!(changed["text"], "ada changed “Brief” in docs");
        assert_eq!(changed["link"], format!("/item/{item}"));
    }
    assert!(of_kind(&app, &ada, "library.changed").await.is_empty());

    // Cara stops following: the next change does not reach her.
    let (status, _) = app
        .delete(&format!("/api/v1/library/items/{item}/follow"), Some(&cara))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    app.patch(
        &format!("/api/v1/library/items/{item}"),
        Some(&bob),
        json!({"body": "Third draft"}),
    )
    .await;
    assert_eq!(of_kind(&app, &cara, "library.changed").await.len(), 1);
    assert_eq!(of_kind(&app, &ada, "library.changed").await.len(), 1);

    // On the item's page, a button follows and unfollows.
    let browser = Browser::signed_in(&app, &cara).await;
    let page = browser.get(&format!("/item/{item}")).await;
    page.assert_contains(&format!("action=\"/item/{item}/follow\""));
    page.assert_contains("name=\"follow\" value=\"true\"");
    let done = browser
        .submit(&format!("/item/{item}/follow"), &[("follow", "true")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = browser.get(&format!("/item/{item}")).await;
    page.assert_contains("name=\"follow\" value=\"false\"");
}

async fn reports_reach_the_moderators(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let moderator = app.user_with_role("mo", InstanceRole::Moderator).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "Rumours").await;
    let (status, report) = app
        .post(
            "/api/v1/reports",
            Some(&bob),
            json!({"post_id": post, "reason": "Names a witness"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    for who in [&moderator, &admin] {
        let new = only(of_kind(&app, who, "report.new").await);
        assert_eq!(new["text"], "bob sent a report for the moderators");
        assert_eq!(new["link"], "/admin/reports");
        assert_eq!(new["report_id"], report["id"]);
        opens(&app, who, "/admin/reports").await;
    }
    assert!(of_kind(&app, &bob, "report.new").await.is_empty());
    assert!(of_kind(&app, &ada, "report.new").await.is_empty());
}

async fn posts_from_elsewhere_tell_members_unless_they_are_old_news(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cara = app.user("cara").await;
    let space = app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    app.add_member(&ada, "news", &cara, "contributor").await;
    let id_of = |user: &User| {
        let user = user.clone();
        let app = &app;
        async move {
            let (_, me) = app.get("/api/v1/accounts/me", Some(&user)).await;
            me["id"].as_i64().unwrap()
        }
    };
    let (ada_id, bob_id) = (id_of(&ada).await, id_of(&bob).await);
    // What the inbox stores for a `Page` that mentions Bob (its `tag`).
    let remote = |ap_id: &str, created_at: i64, mentioned: Vec<i64>| agora::posts::RemotePost {
        ap_id: ap_id.to_owned(),
        space_id: space,
        author_id: ada_id,
        title: format!("From {ap_id}"),
        body_source: String::new(),
        body_html: "<p>Hello</p>".to_owned(),
        language: "en".to_owned(),
        created_at,
        mentioned,
    };
    let now = agora::db::now();
    let stored = agora::posts::store_remote(
        &app.state.db,
        remote("https://elsewhere.test/p/1", now, vec![bob_id]),
        false,
    )
    .await
    .unwrap();
    assert!(stored);
    assert_eq!(of_kind(&app, &cara, "post.new").await.len(), 1);
    let mention = only(of_kind(&app, &bob, "mention").await);
    assert_eq!(
        mention["text"],
        "ada mentioned you in “From https://elsewhere.test/p/1” in news"
    );
    // Stored again (a repeated delivery): nobody is told twice.
    let again = agora::posts::store_remote(
        &app.state.db,
        remote("https://elsewhere.test/p/1", now, vec![bob_id]),
        false,
    )
    .await
    .unwrap();
    assert!(!again);
    assert_eq!(of_kind(&app, &bob, "mention").await.len(), 1);
    // Published three days before it reached us: not news.
    agora::posts::store_remote(
        &app.state.db,
        remote(
            "https://elsewhere.test/p/2",
            now - 3 * 24 * 3600 * 1_000_000,
            vec![],
        ),
        false,
    )
    .await
    .unwrap();
    assert_eq!(of_kind(&app, &cara, "post.new").await.len(), 1);
}

async fn marking_read_one_all_and_not_anothers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    for title in ["One", "Two", "Three"] {
        app.post_in(&ada, "news", title).await;
    }
    let count = |user: &User| {
        let user = user.clone();
        let app = &app;
        async move {
            let (status, body) = app
                .get("/api/v1/notifications/unread-count", Some(&user))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body["count"].as_i64().unwrap()
        }
    };
    // The invitation and three posts.
    assert_eq!(count(&bob).await, 4);
    let list = notes(&app, &bob).await;
    let first = list[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/notifications/{first}/read"),
            Some(&bob),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(count(&bob).await, 3);
    // Read ones come after the unread.
    let list = notes(&app, &bob).await;
    assert_eq!(list.last().unwrap()["id"], first);
    assert_eq!(list.last().unwrap()["read"], true);
    let (_, unread) = app
        .get("/api/v1/notifications?unread=true", Some(&bob))
        .await;
    assert_eq!(unread.as_array().unwrap().len(), 3);
    // Someone else's notification is "not found", and stays unread.
    let second = list[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/notifications/{second}/read"),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(count(&bob).await, 3);
    // Paging: a page past the end is empty.
    let (_, later) = app.get("/api/v1/notifications?page=1", Some(&bob)).await;
    assert_eq!(later, json!([]));
    read_all(&app, &bob).await;
    assert_eq!(count(&bob).await, 0);
    let (status, _) = app.get("/api/v1/notifications/unread-count", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

async fn the_web_page_and_the_header_count(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    let post = app.post_in(&ada, "news", "Hearing moved").await;
    read_all(&app, &ada).await;
    comment(&app, &bob, post, json!({"body": "Thanks for the news"})).await;
    app.post(
        &format!("/api/v1/posts/{post}/reactions"),
        Some(&bob),
        json!({"emoji": "👍"}),
    )
    .await;

    let browser = Browser::signed_in(&app, &ada).await;
    // Every page's header shows the count.
    let home = browser.get("/spaces").await;
    home.assert_contains("href=\"/notifications\"");
    home.assert_contains("2 unread");
    let page = browser.get("/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("bob commented on your post “Hearing moved” in news");
    page.assert_contains("Thanks for the news");
    page.assert_contains(&format!("href=\"/post/{post}#comment-"));
    page.assert_contains("bob reacted to your post “Hearing moved”");

    // Mark one read: the count drops.
    let list = notes(&app, &ada).await;
    let id = list[0]["id"].as_i64().unwrap();
    let done = browser
        .submit(
            &format!("/notifications/{id}/read"),
            &[("next", "/notifications")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/notifications");
    browser
        .get("/notifications")
        .await
        .assert_contains("1 unread");
    // Another member's notification: not found.
    let bobs = notes(&app, &bob).await;
    let theirs = bobs[0]["id"].as_i64().unwrap();
    let refused = browser
        .submit(&format!("/notifications/{theirs}/read"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Mark all read: no count left.
    let done = browser.submit("/notifications/read", &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = browser.get("/notifications").await;
    assert!(!page.body.contains("unread-count"), "{}", page.body);
    page.assert_contains("Everything is read.");

    // In Arabic, right to left.
    set_language(&app, &ada, "ar").await;
    app.post(
        &format!("/api/v1/posts/{post}/reactions"),
        Some(&bob),
        json!({"emoji": "🎉"}),
    )
    .await;
    let page = browser.get("/notifications").await;
    page.assert_contains("dir=\"rtl\"");
    page.assert_contains("تفاعل bob مع منشورك «Hearing moved»");
    page.assert_contains("إشعار واحد غير مقروء");

    // Without the CSRF token, nothing is marked.
    let response = reqwest::Client::new()
        .post(format!("{}/notifications/read", app.base))
        .bearer_auth(&ada.token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("x=y")
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());

    // The time zone is set on the settings page.
    let form = browser.get("/settings").await;
    form.assert_contains("<select id=\"timezone\" name=\"timezone\"");
    form.assert_contains("<optgroup label=\"Africa\">");
    form.assert_contains("<option>Africa/Kinshasa</option>");
    let saved = browser
        .submit(
            "/settings",
            &[("ui_language", "en"), ("timezone", "Africa/Kinshasa")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["timezone"], "Africa/Kinshasa");
    browser
        .get("/settings")
        .await
        .assert_contains("<option selected>Africa/Kinshasa</option>");
    let refused = browser
        .submit("/settings", &[("timezone", "Mars/Olympus")])
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.status);

    // Signed out: the page asks to sign in.
    let anonymous = Browser::new(&app);
    let page = anonymous.get("/notifications").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/login"));
}
