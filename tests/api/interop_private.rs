//! Issue 14: the new ways in from other servers (group follows, follows
//! of members, posts from non-followers, replies addressed to an author,
//! reports) meet a private space exactly as they meet nothing at all:
//! the same status, the same answer, nothing sent back, nothing stored.

use serde_json::{Value, json};

use crate::interop::{ANA, ANA_INBOX, from_ana, queued_to, with_ana};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(new_paths_from_other_servers_find_no_private_space);

/// One activity aimed at the private thing (`secret`) and the same aimed at
/// nothing (`none`): both answers must be the same.
async fn same_answer(
    app: &TestApp,
    what: &str,
    make: impl Fn(&str, u32) -> Value,
    secret: &str,
    none: &str,
    n: u32,
) {
    let private = from_ana(app, make(secret, n)).await;
    let nothing = from_ana(app, make(none, n + 1)).await;
    assert_eq!(
        private, nothing,
        "{what}: a private target answers differently"
    );
}

async fn new_paths_from_other_servers_find_no_private_space(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "case", "private").await;
    let secret_post = app.post_in(&owner, "case", "Witness list").await;
    let urls = app.state.federation.urls.clone();
    let (space_id,): (i64,) = sqlx::query_as("SELECT id FROM spaces WHERE slug = 'case'")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    let before = counts(&app).await;

    // Follows of the private space, by its slug and by its id.
    let follow = |target: &str, n: u32| {
        json!({"@context": "https://www.w3.org/ns/activitystreams",
               "id": format!("http://lemmy.test/activities/follow/{n}"), "type": "Follow",
               "actor": ANA, "object": target})
    };
    for (secret, none) in [
        (urls.space("case"), urls.space("no-such-space")),
        (urls.space(&space_id.to_string()), urls.space("987654")),
    ] {
        same_answer(&app, "Follow", follow, &secret, &none, 10).await;
    }

    // A post from someone who follows nothing, addressed to the space.
    let create = |group: &str, n: u32| {
        json!({"@context": "https://www.w3.org/ns/activitystreams",
               "id": format!("http://lemmy.test/activities/create/{n}"), "type": "Create",
               "actor": ANA, "to": [group], "audience": group,
               "object": {"id": format!("http://lemmy.test/post/{n}"), "type": "Page",
                          "attributedTo": ANA, "name": "Hello", "content": "<p>Hi</p>",
                          "to": [group], "audience": group}})
    };
    same_answer(
        &app,
        "Create(Page)",
        create,
        &urls.space("case"),
        &urls.space("no-such-space"),
        20,
    )
    .await;

    // A reply addressed only to the author, to a private post (in
    // `inReplyTo`), and mentioning the space.
    let reply = |parent: &str, n: u32| {
        json!({"@context": "https://www.w3.org/ns/activitystreams",
               "id": format!("http://lemmy.test/activities/create/{n}"), "type": "Create",
               "actor": ANA, "to": [urls.person("owner")],
               "object": {"id": format!("http://lemmy.test/note/{n}"), "type": "Note",
                          "attributedTo": ANA, "inReplyTo": parent, "content": "<p>Re</p>",
                          "to": [urls.person("owner")],
                          "tag": [{"type": "Mention", "href": urls.space("case")}]}})
    };
    same_answer(
        &app,
        "reply",
        reply,
        &urls.post(secret_post),
        &urls.post(987_654),
        30,
    )
    .await;

    // Likes and reports of the private post.
    let like = |target: &str, n: u32| {
        json!({"@context": "https://www.w3.org/ns/activitystreams",
               "id": format!("http://lemmy.test/activities/like/{n}"), "type": "Like",
               "actor": ANA, "object": target})
    };
    same_answer(
        &app,
        "Like",
        like,
        &urls.post(secret_post),
        &urls.post(987_654),
        40,
    )
    .await;
    let flag = |target: &str, n: u32| {
        json!({"@context": "https://www.w3.org/ns/activitystreams",
               "id": format!("http://lemmy.test/activities/flag/{n}"), "type": "Flag",
               "actor": ANA, "object": target, "summary": "spam"})
    };
    same_answer(
        &app,
        "Flag",
        flag,
        &urls.post(secret_post),
        &urls.post(987_654),
        50,
    )
    .await;

    // Nothing was stored, and nothing went back to lemmy.test.
    assert_eq!(counts(&app).await, before);
    let answers = queued_to(&app, ANA_INBOX).await;
    assert!(
        answers
            .iter()
            .all(|a| !a.to_string().contains("/spaces/case")
                && !a.to_string().contains(&space_id.to_string())),
        "{answers:?}"
    );
}

/// How many rows the paths above could write.
async fn counts(app: &TestApp) -> Vec<i64> {
    let mut all = Vec::new();
    for table in [
        "posts",
        "comments",
        "reactions",
        "reports",
        "space_followers",
        "space_group_followers",
        "space_follow_requests",
    ] {
        let (n,): (i64,) =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&app.state.db.read)
                .await
                .unwrap();
        all.push(n);
    }
    all
}
