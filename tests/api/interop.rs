//! Issue 14: people on other servers take part. Activities shaped as
//! Lemmy, Mastodon and NodeBB send them go through the inbox's own path
//! after the signature (as in `fixtures.rs`); what Agora answers back is
//! read from its delivery queue.

use std::time::Duration;

use serde_json::{Value, json};

use crate::fixtures::{feed, read_answer, request_data};
use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    non_followers_post_by_default_and_a_space_that_refuses_them_says_so,
    a_follow_of_a_member_is_answered,
    a_forum_category_follows_a_space,
    collections_are_shaped_as_lemmy_reads_them,
    removals_go_out_as_lemmy_applies_them_and_reports_reach_the_space,
    relays_keep_their_context_skip_their_origin_and_mentions_go_once,
    a_post_linking_to_something_private_tells_its_author_why_it_stayed_here,
);

pub(crate) const ANA: &str = "http://lemmy.test/u/ana";
pub(crate) const ANA_INBOX: &str = "http://lemmy.test/u/ana/inbox";

/// An instance where lemmy.test (and nothing else) is known, and ana of
/// lemmy.test is a stored remote person. Deliveries to lemmy.test fail at
/// once (nothing listens) and stay queued, where the test reads them.
pub(crate) async fn with_ana(backend: Backend) -> TestApp {
    let app = TestApp::spawn(backend).await;
    let nowhere = "127.0.0.1:9".parse().unwrap();
    app.state
        .federation
        .host_overrides
        .insert("lemmy.test", nowhere);
    let (public_pem, _) = agora::accounts::keys::generate().await.unwrap();
    let ana = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": ANA, "type": "Person", "preferredUsername": "ana",
        "inbox": ANA_INBOX, "outbox": format!("{ANA}/outbox"),
        "publicKey": {"id": format!("{ANA}#main-key"), "owner": ANA, "publicKeyPem": public_pem},
    });
    let data = request_data(&app).await;
    agora::federation::remote::actor_from_document(&data, ana)
        .await
        .unwrap();
    app
}

/// Feeds `activity` as if ana had signed it: (status, what the inbox said).
pub(crate) async fn from_ana(app: &TestApp, activity: Value) -> (u16, String) {
    read_answer(feed(app, activity).await.0).await
}

/// A `Create(Page)` by ana in the space `slug`, as Lemmy sends it.
pub(crate) fn lemmy_post(app: &TestApp, slug: &str, n: u32) -> Value {
    let group = app.state.federation.urls.space(slug);
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("http://lemmy.test/activities/create/{n}"),
        "type": "Create", "actor": ANA, "to": [group, "https://www.w3.org/ns/activitystreams#Public"],
        "audience": group,
        "object": {
            "id": format!("http://lemmy.test/post/{n}"), "type": "Page", "attributedTo": ANA,
            "name": format!("From Lemmy {n}"), "content": "<p>Hello</p>",
            "to": [group, "https://www.w3.org/ns/activitystreams#Public"], "audience": group,
        },
    })
}

/// The queued activities to `inbox`, as JSON, oldest first.
pub(crate) async fn queued_to(app: &TestApp, inbox: &str) -> Vec<Value> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT a.body FROM deliveries d JOIN outbound_activities a ON a.id = d.activity_id \
         WHERE d.inbox_url = $1 ORDER BY a.id",
    )
    .bind(inbox)
    .fetch_all(&app.state.db.read)
    .await
    .unwrap();
    rows.iter()
        .map(|(body,)| serde_json::from_str(body).unwrap())
        .collect()
}

async fn non_followers_post_by_default_and_a_space_that_refuses_them_says_so(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let (_, settings) = app
        .get("/api/v1/spaces/commons/federation", Some(&owner))
        .await;
    assert_eq!(settings["posting"], "anyone", "{settings}");

    // Lemmy users post without subscribing first.
    let answer = from_ana(&app, lemmy_post(&app, "commons", 1)).await;
    assert_eq!(answer, (202, "stored".into()));
    let (_, feed) = app.get("/api/v1/spaces/commons/posts", Some(&owner)).await;
    assert_eq!(feed["items"][0]["title"], "From Lemmy 1", "{feed}");

    // A space that takes posts from its followers only refuses, and says so
    // to the author's server with a Reject of the very activity.
    let (status, body) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/spaces/commons/federation",
            Some(&owner),
            Some(json!({"scope": "everyone", "posting": "followers"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["posting"], "followers");
    let (status, message) = from_ana(&app, lemmy_post(&app, "commons", 2)).await;
    assert_eq!(status, 403);
    assert!(message.contains("only followers"), "{message}");
    let (_, feed) = app.get("/api/v1/spaces/commons/posts", Some(&owner)).await;
    assert_eq!(feed["items"].as_array().unwrap().len(), 1, "{feed}");
    let answers = queued_to(&app, ANA_INBOX).await;
    let reject = answers
        .iter()
        .find(|a| a["type"] == "Reject")
        .unwrap_or_else(|| panic!("no Reject queued for ana: {answers:?}"));
    assert_eq!(reject["actor"], app.state.federation.urls.space("commons"));
    assert_eq!(
        reject["object"]["id"],
        "http://lemmy.test/activities/create/2"
    );
    assert_eq!(reject["to"], json!([ANA]));

    // Once she follows, she may post again.
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA,
        "object": app.state.federation.urls.space("commons"),
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));
    assert_eq!(
        from_ana(&app, lemmy_post(&app, "commons", 3)).await,
        (202, "stored".into())
    );
}

async fn a_follow_of_a_member_is_answered(backend: Backend) {
    let app = with_ana(backend).await;
    let amina = app.user("amina").await;
    let person = app.state.federation.urls.person(&amina.name);
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/9", "type": "Follow", "actor": ANA,
        "object": person,
    });
    let (status, what) = from_ana(&app, follow).await;
    assert_eq!(status, 202);
    assert!(what.starts_with("rejected"), "{what}");
    let answers = queued_to(&app, ANA_INBOX).await;
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answers[0]["type"], "Reject");
    assert_eq!(
        answers[0]["actor"], person,
        "the member answers, not silence"
    );
    assert_eq!(
        answers[0]["object"]["id"],
        "http://lemmy.test/activities/follow/9"
    );
    // Nobody's follow of someone who is not here is answered.
    let ghost = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/10", "type": "Follow", "actor": ANA,
        "object": app.state.federation.urls.person("nobody"),
    });
    assert_eq!(from_ana(&app, ghost).await.0, 404);
}

/// Waits (with a deadline) until the author's view of `post` satisfies
/// `done`.
async fn post_until(
    app: &TestApp,
    author: &User,
    post: i64,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let (_, view) = app
            .get(&format!("/api/v1/posts/{post}"), Some(author))
            .await;
        if done(&view) {
            return view;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "post {post} never got there: {view}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_post_linking_to_something_private_tells_its_author_why_it_stayed_here(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    let reader = app.user("reader").await;
    app.space(&owner, "commons", "public").await;
    app.add_member(&owner, "commons", &reader, "reader").await;
    app.space(&owner, "case", "private").await;
    let secret = app.post_in(&owner, "case", "Witness list").await;
    let open = app.post_in(&owner, "commons", "Hearing notes").await;
    // ana follows the space, so its posts have somewhere to go.
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA,
        "object": app.state.federation.urls.space("commons"),
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));

    let base = app.state.federation.urls.base().to_owned();
    let body = format!("Compare [the notes]({base}/post/{secret}).");
    let (status, created) = app
        .post(
            "/api/v1/spaces/commons/posts",
            Some(&owner),
            json!({"title": "Linked", "body": body}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let view = post_until(&app, &owner, id, |v| v["not_federated"].is_string()).await;
    let why = view["not_federated"].as_str().unwrap();
    assert!(
        why.contains(&format!("{base}/post/{secret}"))
            && why.contains("not public or does not exist"),
        "{why}"
    );
    // Only its author is told.
    let (_, seen) = app.get(&format!("/api/v1/posts/{id}"), Some(&reader)).await;
    assert!(seen.get("not_federated").is_none(), "{seen}");
    // The web page says it too, in the author's language.
    let browser = Browser::signed_in(&app, &owner).await;
    browser
        .get(&format!("/post/{id}"))
        .await
        .assert_contains("Not sent to other instances");
    let nothing_sent = queued_to(&app, ANA_INBOX)
        .await
        .iter()
        .all(|a| !a.to_string().contains("Linked"));
    assert!(nothing_sent, "the post left with a private link");

    // A link to a public page of ours, however the text wraps it, goes.
    let body = format!(
        "See ({base}/post/{open}). And [url={base}/s/commons]the space[/url], **{base}/post/{open}**"
    );
    let (status, edited) = app
        .patch(
            &format!("/api/v1/posts/{id}"),
            Some(&owner),
            json!({"body": body}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    post_until(&app, &owner, id, |v| v.get("not_federated").is_none()).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !queued_to(&app, ANA_INBOX)
        .await
        .iter()
        .any(|a| a["type"] == "Announce" && a.to_string().contains("Linked"))
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the edit never left"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) const CATEGORY: &str = "http://nodebb.test/category/3";
pub(crate) const CATEGORY_INBOX: &str = "http://nodebb.test/category/3/inbox";

async fn a_forum_category_follows_a_space(backend: Backend) {
    let app = with_ana(backend).await;
    // A NodeBB category: a Group with an inbox and no followers collection.
    crate::interop_people::with_category(&app).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let group = app.state.federation.urls.space("commons");
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/category/3#follow/1", "type": "Follow", "actor": CATEGORY,
        "object": group,
    });
    assert_eq!(
        read_answer(feed(&app, follow.clone()).await.0).await,
        (202, "following".into())
    );
    let answers = queued_to(&app, CATEGORY_INBOX).await;
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answers[0]["type"], "Accept");
    assert_eq!(
        answers[0]["object"]["id"],
        "http://nodebb.test/category/3#follow/1"
    );
    // Counted and listed among the space's followers.
    let followers = activity_json(&app, "/spaces/commons/followers?page=1").await;
    assert_eq!(followers["totalItems"], 1, "{followers}");
    assert_eq!(followers["orderedItems"], json!([CATEGORY]), "{followers}");

    // What the space publishes reaches the category's inbox: the group
    // announces the author's Create and, for microblogs that boost only
    // objects, the Page itself; every activity carries `published`.
    let post = app.post_in(&owner, "commons", "Topic for the forum").await;
    let sent = sent_until(&app, CATEGORY_INBOX, |sent| {
        sent.iter().filter(|a| a["type"] == "Announce").count() >= 2
    })
    .await;
    let titled = |a: &Value| a.to_string().contains("Topic for the forum");
    assert!(
        sent.iter()
            .any(|a| a["type"] == "Announce" && a["object"]["type"] == "Create" && titled(a)),
        "{sent:?}"
    );
    assert!(
        sent.iter()
            .any(|a| a["type"] == "Announce" && a["object"]["type"] == "Page" && titled(a)),
        "{sent:?}"
    );
    assert!(sent.iter().all(|a| a["published"].is_string()), "{sent:?}");

    // An edit reaches it from the group and, as Mastodon applies edits
    // only from their author, from the author too.
    let (status, _) = app
        .patch(
            &format!("/api/v1/posts/{post}"),
            Some(&owner),
            json!({"body": "Edited for the forum"}),
        )
        .await;
    assert_eq!(status, 200);
    let author = app.state.federation.urls.person("owner");
    sent_until(&app, CATEGORY_INBOX, |sent| {
        sent.iter()
            .any(|a| a["type"] == "Update" && a["actor"] == author.as_str())
            && sent
                .iter()
                .any(|a| a["type"] == "Announce" && a["object"]["type"] == "Update")
    })
    .await;

    let undo = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/category/3#undo/1", "type": "Undo", "actor": CATEGORY,
        "object": follow,
    });
    assert_eq!(
        read_answer(feed(&app, undo).await.0).await,
        (202, "unfollowed".into())
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM space_group_followers")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

/// `GET path` as a fediverse server asks for it.
pub(crate) async fn activity_json(app: &TestApp, path: &str) -> Value {
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

async fn collections_are_shaped_as_lemmy_reads_them(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA,
        "object": app.state.federation.urls.space("commons"),
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));
    for n in 1..=3 {
        app.post_in(&owner, "commons", &format!("Post {n}")).await;
    }
    let base = app.state.federation.urls.space("commons");

    // Followers: a `Collection` with its size and an empty `items`, which
    // is what Lemmy's subscriber count reads (it refuses anything else).
    let followers = activity_json(&app, "/spaces/commons/followers").await;
    assert_eq!(followers["type"], "Collection", "{followers}");
    assert_eq!(followers["totalItems"], 1);
    assert_eq!(followers["items"], json!([]));
    assert_eq!(followers["first"], format!("{base}/followers?page=1"));

    // Outbox and moderators carry their first page inline: Lemmy backfills
    // from `orderedItems` and follows no pages.
    let outbox = activity_json(&app, "/spaces/commons/outbox").await;
    assert_eq!(outbox["type"], "OrderedCollection");
    assert_eq!(outbox["totalItems"], 3);
    let titles: Vec<&str> = outbox["orderedItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["object"]["object"]["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["Post 3", "Post 2", "Post 1"], "{outbox}");
    let moderators = activity_json(&app, "/spaces/commons/moderators").await;
    assert_eq!(
        moderators["orderedItems"],
        json!([app.state.federation.urls.person("owner")])
    );

    // The instance actor's outbox exists (empty).
    let actor = activity_json(&app, "/actor").await;
    let outbox_url = actor["outbox"].as_str().unwrap();
    let path = outbox_url
        .strip_prefix(app.state.federation.urls.base())
        .unwrap();
    let outbox = activity_json(&app, path).await;
    assert_eq!(outbox["totalItems"], 0);
    assert_eq!(outbox["id"], outbox_url);
}

/// What is queued to `inbox`, once `done` holds of it (within a deadline).
pub(crate) async fn sent_until(
    app: &TestApp,
    inbox: &str,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let sent = queued_to(app, inbox).await;
        if done(&sent) {
            return sent;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never sent to {inbox}: {sent:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn removals_go_out_as_lemmy_applies_them_and_reports_reach_the_space(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    let writer = app.user("writer").await;
    app.space(&owner, "commons", "public").await;
    app.add_member(&owner, "commons", &writer, "contributor")
        .await;
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA,
        "object": app.state.federation.urls.space("commons"),
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));

    // The space's manager removes a member's post: Lemmy applies a removal
    // made by a moderator (a person) and announced by the community.
    let post = app.post_in(&writer, "commons", "Off topic").await;
    let (status, _) = app
        .delete(&format!("/api/v1/posts/{post}"), Some(&owner))
        .await;
    assert_eq!(status, 204);
    let urls = app.state.federation.urls.clone();
    let sent = sent_until(&app, ANA_INBOX, |sent| {
        sent.iter()
            .any(|a| a["type"] == "Announce" && a["object"]["type"] == "Delete")
    })
    .await;
    let removal = sent
        .iter()
        .find(|a| a["type"] == "Announce" && a["object"]["type"] == "Delete")
        .unwrap();
    assert_eq!(removal["actor"], urls.space("commons"));
    assert_eq!(
        removal["object"]["actor"],
        urls.person("owner"),
        "{removal}"
    );
    assert_eq!(removal["object"]["object"], urls.post(post));

    // A report from Lemmy about ana's own post in our space (named by its
    // id there, its reason in `summary`) reaches the space's manager.
    assert_eq!(
        from_ana(&app, lemmy_post(&app, "commons", 5)).await,
        (202, "stored".into())
    );
    let flag = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/flag/1", "type": "Flag", "actor": ANA,
        "object": "http://lemmy.test/post/5", "summary": "posted twice",
        "to": [urls.space("commons")],
    });
    assert_eq!(from_ana(&app, flag).await, (202, "reported".into()));
    let (_, notes) = app.get("/api/v1/notifications", Some(&owner)).await;
    let reports: Vec<&Value> = notes
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "report.new")
        .collect();
    assert_eq!(reports.len(), 1, "{notes}");
    let (_, queue) = app
        .get("/api/v1/spaces/commons/reports", Some(&owner))
        .await;
    assert!(queue.to_string().contains("posted twice"), "{queue}");
}

async fn relays_keep_their_context_skip_their_origin_and_mentions_go_once(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let group = app.state.federation.urls.space("commons");
    // Followers: ana (lemmy.test) and a NodeBB category (nodebb.test).
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA,
        "object": group,
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));
    crate::interop_people::with_category(&app).await;
    let category_follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/category/3#follow/1", "type": "Follow", "actor": CATEGORY,
        "object": group,
    });
    assert_eq!(
        read_answer(feed(&app, category_follow).await.0).await,
        (202, "following".into())
    );

    // ana posts: the group relays her Create, with the context her server
    // gave it, to the category, and not back to lemmy.test.
    assert_eq!(
        from_ana(&app, lemmy_post(&app, "commons", 1)).await,
        (202, "stored".into())
    );
    let sent = sent_until(&app, CATEGORY_INBOX, |sent| {
        sent.iter()
            .any(|a| a["type"] == "Announce" && a["object"]["type"] == "Create")
    })
    .await;
    let relayed = sent
        .iter()
        .find(|a| a["type"] == "Announce" && a["object"]["type"] == "Create")
        .unwrap();
    assert_eq!(
        relayed["object"]["@context"], "https://www.w3.org/ns/activitystreams",
        "{relayed}"
    );
    assert_eq!(
        relayed["object"]["id"],
        "http://lemmy.test/activities/create/1"
    );
    let to_ana = queued_to(&app, ANA_INBOX).await;
    assert!(
        to_ana
            .iter()
            .all(|a| !a.to_string().contains("lemmy.test/post/1")),
        "relayed back to its origin: {to_ana:?}"
    );

    // The owner mentions ana, who follows the space: she gets the post
    // once, in the group's announces, not also the author's own Create.
    let (status, _) = app
        .post(
            "/api/v1/spaces/commons/posts",
            Some(&owner),
            json!({"title": "Thanks", "body": "Thank you @ana@lemmy.test for the notes"}),
        )
        .await;
    assert_eq!(status, 201);
    let to_ana = sent_until(&app, ANA_INBOX, |sent| {
        sent.iter()
            .filter(|a| a["type"] == "Announce" && a.to_string().contains("Thank you"))
            .count()
            == 2
    })
    .await;
    let direct: Vec<&Value> = to_ana
        .iter()
        .filter(|a| a["type"] == "Create" && a.to_string().contains("Thank you"))
        .collect();
    assert!(direct.is_empty(), "delivered twice: {direct:?}");
    let announce = to_ana
        .iter()
        .find(|a| a["type"] == "Announce" && a["object"]["type"] == "Create")
        .unwrap();
    assert!(
        announce.to_string().contains("Mention") && announce.to_string().contains(ANA),
        "{announce}"
    );
}
