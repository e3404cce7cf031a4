//! Comments, replies, mentions, reactions and new posts, from here and
//! from elsewhere; what a private space tells, and to whom.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    comments_replies_mentions_and_new_posts_reach_the_right_people,
    reactions_are_grouped_while_unread,
    a_private_space_tells_only_its_members,
    posts_from_elsewhere_tell_members_unless_they_are_old_news,
);

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
    // Not even his old invitation (it is no longer pending), and the
    // header's count agrees with the list.
    let left = notes(&app, &bob).await;
    let space_ref = space.to_string();
    assert!(
        left.iter()
            .all(|n| n["space"].as_str() != Some(space_ref.as_str())),
        "{left:?}"
    );
    let (_, count) = app
        .get("/api/v1/notifications/unread-count", Some(&bob))
        .await;
    assert_eq!(
        count["count"].as_i64().unwrap_or(-1),
        left.iter().filter(|n| n["read"] == false).count() as i64,
        "{count}"
    );
    assert!(of_kind(&app, &bob, "post.new").await.is_empty());
    assert!(of_kind(&app, &bob, "mention").await.is_empty());
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
        media: Vec::new(),
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
