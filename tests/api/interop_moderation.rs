//! Bans and reports as Lemmy sends and applies them: `Block` with the
//! group as `target` (both ways), and a report on content in a Lemmy
//! community forwarded in the form Lemmy reads.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::{feed, read_answer, request_data};
use crate::interop::{ANA, ANA_INBOX, CATEGORY, CATEGORY_INBOX, from_ana, sent_until, with_ana};
use crate::interop_people::{follows_category, with_category};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    a_ban_goes_out_as_a_block_of_the_community,
    a_ban_from_a_lemmy_community_applies_here_until_undone,
    a_report_on_a_community_post_goes_to_it_in_lemmy_form,
);

pub(crate) const JO: &str = "http://nodebb.test/users/jo";

/// jo, a person on the category's server (its moderator), stored here.
pub(crate) async fn with_jo(app: &TestApp) {
    let (public_pem, _) = agora::accounts::keys::generate().await.unwrap();
    let person = json!({
        "id": JO, "type": "Person", "preferredUsername": "jo", "inbox": format!("{JO}/inbox"),
        "publicKey": {"id": format!("{JO}#key"), "owner": JO, "publicKeyPem": public_pem},
    });
    let data = request_data(app).await;
    agora::federation::remote::actor_from_document(&data, person)
        .await
        .unwrap();
}

async fn a_ban_goes_out_as_a_block_of_the_community(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let group = app.state.federation.urls.space("commons");
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA,
        "object": group,
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));
    with_category(&app).await;
    let category_follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/category/3#follow/1", "type": "Follow", "actor": CATEGORY,
        "object": group,
    });
    assert_eq!(
        read_answer(feed(&app, category_follow).await.0).await,
        (202, "following".into())
    );

    let (status, body) = app
        .post(
            "/api/v1/spaces/commons/bans",
            Some(&owner),
            json!({"account": "ana@lemmy.test", "reason": "spam, again"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let owner_url = app.state.federation.urls.person("owner");
    // Lemmy's form: the manager blocks the person, the group as target,
    // sent to the person's server; the group announces it to its
    // followers (she is no longer one).
    let sent = sent_until(&app, ANA_INBOX, |s| s.iter().any(|a| a["type"] == "Block")).await;
    let block = sent.iter().find(|a| a["type"] == "Block").unwrap();
    assert_eq!(block["actor"], owner_url);
    assert_eq!(block["object"], ANA);
    assert_eq!(block["target"], group);
    assert_eq!(block["summary"], "spam, again");
    assert_eq!(block["removeData"], false);
    assert!(block["published"].is_string());
    let to_category = sent_until(&app, CATEGORY_INBOX, |s| {
        s.iter()
            .any(|a| a["type"] == "Announce" && a["object"]["type"] == "Block")
    })
    .await;
    let announced = to_category
        .iter()
        .find(|a| a["type"] == "Announce" && a["object"]["type"] == "Block")
        .map(|a| &a["object"])
        .unwrap();
    assert_eq!(announced["id"], block["id"]);
    assert_eq!(announced["target"], group);
    let followers = crate::interop::activity_json(&app, "/spaces/commons/followers").await;
    assert_eq!(followers["totalItems"], 1, "only the category: {followers}");

    // She is no follower any more, and nothing of hers is taken.
    let answer = from_ana(&app, crate::interop::lemmy_post(&app, "commons", 7)).await;
    assert_eq!(answer.0, 403, "{answer:?}");
}

/// A Lemmy `Block` (the shape of lemmy/block_user.json) by jo of
/// `member` from the category.
fn lemmy_ban(member: &str, n: u32) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("http://nodebb.test/activities/block/{n}"), "type": "Block", "actor": JO,
        "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": member,
        "cc": [CATEGORY], "audience": CATEGORY, "target": CATEGORY,
        "removeData": false, "summary": "off-topic", "endTime": "2031-11-01T12:23:50Z",
    })
}

async fn a_ban_from_a_lemmy_community_applies_here_until_undone(backend: Backend) {
    let app = with_ana(backend).await;
    let (space_id, slug) = with_category(&app).await;
    with_jo(&app).await;
    let amina = app.user("amina").await;
    follows_category(&app, &amina).await;
    let amina_url = app.state.federation.urls.person(&amina.name);
    let is_member = |app: &TestApp| {
        let db = app.state.db.read.clone();
        let name = amina.name.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM memberships m JOIN accounts a ON a.id = m.account_id \
                 WHERE m.space_id = $1 AND a.username = $2",
            )
            .bind(space_id)
            .bind(name)
            .fetch_one(&db)
            .await
            .unwrap();
            n == 1
        }
    };
    assert!(is_member(&app).await);

    // Someone on another server may not ban from the category: refused
    // with its reason, and the refusal is logged at info level.
    let from_lemmy = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/block/1", "type": "Block", "actor": ANA,
        "object": amina_url, "target": CATEGORY,
    });
    let logs = Logs::default();
    let refused = {
        let _capture = tracing::subscriber::set_default(logs.subscriber());
        from_ana(&app, from_lemmy).await
    };
    assert_eq!(
        refused,
        (403, "only the group's own server may ban from it".into())
    );
    let logged = logs.text();
    assert!(
        logged.contains("INFO")
            && logged.contains("inbox refused an activity")
            && logged.contains("status=403")
            && logged.contains("only the group's own server may ban from it"),
        "{logged}"
    );
    assert!(is_member(&app).await);

    // The category's moderator may: she is out, and may not come back.
    let ban = lemmy_ban(&amina_url, 1);
    assert_eq!(
        read_answer(feed(&app, ban.clone()).await.0).await,
        (202, "banned".into())
    );
    assert!(!is_member(&app).await);
    let (status, body) = app
        .post(
            &format!("/api/v1/spaces/{slug}/join"),
            Some(&amina),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.to_string().contains("banned"), "{body}");

    // The ban of someone elsewhere is their server's business.
    let other = lemmy_ban(ANA, 2);
    let (status, said) = read_answer(feed(&app, other).await.0).await;
    assert_eq!(status, 202);
    assert!(said.starts_with("ignored"), "{said}");

    // Lemmy's Undo lifts it.
    let undo = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/activities/undo/1", "type": "Undo", "actor": JO,
        "object": ban,
    });
    assert_eq!(
        read_answer(feed(&app, undo).await.0).await,
        (202, "unbanned".into())
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM space_bans WHERE space_id = $1")
        .bind(space_id)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

async fn a_report_on_a_community_post_goes_to_it_in_lemmy_form(backend: Backend) {
    let app = with_ana(backend).await;
    let (_, slug) = with_category(&app).await;
    with_jo(&app).await;
    let amina = app.user("amina").await;
    follows_category(&app, &amina).await;
    let page = "http://nodebb.test/post/12";
    let announce = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/activities/announce/12", "type": "Announce", "actor": CATEGORY,
        "object": {
            "id": "http://nodebb.test/activities/create/12", "type": "Create", "actor": JO,
            "object": {"id": page, "type": "Page", "attributedTo": JO, "name": "Miracle cure",
                       "content": "<p>Buy now</p>", "audience": CATEGORY, "to": [CATEGORY]},
        },
    });
    assert_eq!(
        read_answer(feed(&app, announce).await.0).await,
        (202, "stored".into())
    );
    let (_, posts) = app
        .get(&format!("/api/v1/spaces/{slug}/posts"), Some(&amina))
        .await;
    let post_id = posts["items"][0]["id"].as_i64().unwrap();
    let (status, body) = app
        .post(
            "/api/v1/reports",
            Some(&amina),
            json!({"post_id": post_id, "reason": "spam", "forward": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // Lemmy takes a report only addressed to the community, about one
    // object, from a Service or a Person: our instance, so that amina stays
    // anonymous. jo's server is the category's: one report, not two.
    let sent = sent_until(&app, CATEGORY_INBOX, |s| {
        s.iter().any(|a| a["type"] == "Flag")
    })
    .await;
    let flags: Vec<&Value> = sent.iter().filter(|a| a["type"] == "Flag").collect();
    assert_eq!(flags.len(), 1, "{sent:?}");
    let flag = flags[0];
    assert_eq!(flag["to"], json!([CATEGORY]));
    assert_eq!(flag["object"], page);
    assert_eq!(flag["summary"], "spam");
    assert_eq!(flag["actor"], app.state.federation.urls.instance_actor());
    assert!(!flag.to_string().contains(&amina.name), "{flag}");
    let instance = crate::interop::activity_json(&app, "/actor").await;
    assert_eq!(instance["type"], "Service");
}

/// What is logged while a [`Logs::subscriber`] is the default.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Logs {
    fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        let logs = self.clone();
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .with_writer(move || logs.clone())
            .finish()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
