//! Library items and events for servers that show neither a `Document`
//! (Mastodon, GoToSocial, NodeBB) nor an `Event` (NodeBB): their card, a
//! `Page` that stands for them (`federation::objects::card`).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::{feed, read_answer};
use crate::interop::{
    ANA, ANA_INBOX, CATEGORY, CATEGORY_INBOX, activity_json, from_ana, sent_until, with_ana,
};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    library_items_reach_microblogs_as_cards,
    events_reach_forum_categories_as_cards,
    a_card_from_another_agora_stands_for_its_original,
);

/// ana (a Lemmy or Mastodon person) and the NodeBB category both follow
/// the public space `commons` of `owner`.
async fn followed_space(backend: Backend) -> (TestApp, crate::support::User) {
    let app = with_ana(backend).await;
    crate::interop_people::with_category(&app).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let group = app.state.federation.urls.space("commons");
    for (actor, id) in [
        (ANA, "http://lemmy.test/activities/follow/9"),
        (CATEGORY, "http://nodebb.test/category/3#follow/9"),
    ] {
        let follow = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": id, "type": "Follow", "actor": actor, "object": group,
        });
        let answer = if actor == ANA {
            from_ana(&app, follow).await
        } else {
            read_answer(feed(&app, follow).await.0).await
        };
        assert_eq!(answer, (202, "following".into()));
    }
    (app, owner)
}

fn announced<'a>(sent: &'a [Value], kind: &str) -> Vec<&'a Value> {
    sent.iter()
        .filter(|a| a["type"] == "Announce" && a["object"]["type"] == kind)
        .map(|a| &a["object"])
        .collect()
}

async fn library_items_reach_microblogs_as_cards(backend: Backend) {
    let (app, owner) = followed_space(backend).await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/commons/library/notes",
            Some(&owner),
            json!({"title": "Detention guide", "body": "Rights of the *detained*.",
                   "description": "For first hearings", "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let id = note["id"].as_i64().unwrap();
    let item = app.state.federation.urls.library_item(id);
    let author = app.state.federation.urls.person("owner");

    // Agora reads the Create of the Document; Mastodon, GoToSocial,
    // NodeBB and Lemmy get a Page they show, standing for it.
    for inbox in [ANA_INBOX, CATEGORY_INBOX] {
        let sent = sent_until(&app, inbox, |s| s.len() >= 3).await;
        let created: Vec<_> = announced(&sent, "Create");
        assert_eq!(created.len(), 1, "{sent:?}");
        assert_eq!(created[0]["object"]["type"], "Document");
        assert!(
            announced(&sent, "Document").is_empty(),
            "no bare Document: {sent:?}"
        );
        let cards = announced(&sent, "Page");
        assert_eq!(cards.len(), 1, "{sent:?}");
        let card = cards[0];
        assert_eq!(card["id"], format!("{item}/card"));
        assert_eq!(card["mainEntity"], item);
        assert_eq!(card["name"], "Detention guide");
        assert_eq!(card["attributedTo"], author);
        assert_eq!(card["url"], item);
        let content = card["content"].as_str().unwrap();
        assert!(content.contains("For first hearings"), "{content}");
        assert!(content.contains("<em>detained</em>"), "{content}");
        assert!(content.contains(&format!("href=\"{item}\"")), "{content}");
        assert_eq!(card["contentMap"]["fr"], card["content"]);
        assert!(sent.iter().all(|a| a["published"].is_string()), "{sent:?}");
    }
    // The card is served where its id says, as a fetch reads it.
    let served = activity_json(&app, &format!("/library/{id}/card")).await;
    assert_eq!(served["type"], "Page");
    assert_eq!(served["mainEntity"], item);
    assert!(served["@context"].to_string().contains("sc:mainEntity"));

    // An edit of the card comes from its author, as Mastodon applies it.
    let (status, _) = app
        .patch(
            &format!("/api/v1/library/items/{id}"),
            Some(&owner),
            json!({"title": "Detention guide, 2nd ed."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sent = sent_until(&app, ANA_INBOX, |s| s.iter().any(|a| a["type"] == "Update")).await;
    let update = sent.iter().find(|a| a["type"] == "Update").unwrap();
    assert_eq!(update["actor"], author);
    assert_eq!(update["object"]["id"], format!("{item}/card"));
    assert_eq!(update["object"]["name"], "Detention guide, 2nd ed.");

    // A deletion too; the card is then gone.
    let (status, _) = app
        .delete(&format!("/api/v1/library/items/{id}"), Some(&owner))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let sent = sent_until(&app, ANA_INBOX, |s| {
        s.iter()
            .any(|a| a["type"] == "Delete" && a["actor"] == author.as_str())
    })
    .await;
    let delete = sent
        .iter()
        .find(|a| a["type"] == "Delete" && a["actor"] == author.as_str())
        .unwrap();
    assert_eq!(delete["object"]["id"], format!("{item}/card"));
    assert_eq!(delete["object"]["type"], "Tombstone");
    let response = app
        .client
        .get(format!("{}/library/{id}/card", app.base))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::GONE);
}

async fn events_reach_forum_categories_as_cards(backend: Backend) {
    let (app, owner) = followed_space(backend).await;
    let (status, event) = app
        .post(
            "/api/v1/spaces/commons/events",
            Some(&owner),
            json!({"title": "Monthly talk", "description": "On *pre-trial* detention",
                   "starts_at": "2031-03-11T10:00", "ends_at": "2031-03-11T11:30",
                   "timezone": "America/New_York", "place_name": "Bar association"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    let url = app.state.federation.urls.event(id);
    let organiser = app.state.federation.urls.person("owner");

    // The category (NodeBB shows no Event) gets the card as well.
    let sent = sent_until(&app, CATEGORY_INBOX, |s| s.len() >= 4).await;
    assert_eq!(announced(&sent, "Create").len(), 1, "{sent:?}");
    assert_eq!(announced(&sent, "Event").len(), 1, "{sent:?}");
    let cards = announced(&sent, "Page");
    assert_eq!(cards.len(), 1, "{sent:?}");
    let card = cards[0];
    assert_eq!(card["mainEntity"], url);
    assert_eq!(card["name"], "Monthly talk");
    assert_eq!(card["attributedTo"], organiser);
    let content = card["content"].as_str().unwrap();
    assert!(
        content.contains("2031-03-11 10:00 (America/New_York)"),
        "{content}"
    );
    assert!(content.contains("Bar association"), "{content}");
    assert!(content.contains("<em>pre-trial</em>"), "{content}");
    // Microblogs show the Event itself: a person's server gets no card.
    let to_ana = sent_until(&app, ANA_INBOX, |s| s.len() >= 2).await;
    assert_eq!(announced(&to_ana, "Event").len(), 1, "{to_ana:?}");
    assert!(announced(&to_ana, "Page").is_empty(), "{to_ana:?}");
    let served = activity_json(&app, &format!("/events/{id}/card")).await;
    assert_eq!(served["id"], format!("{url}/card"));

    // A change comes from the organiser too (Mastodon applies no other),
    // and the category's card is updated by them.
    let (status, _) = app
        .patch(
            &format!("/api/v1/events/{id}"),
            Some(&owner),
            json!({"starts_at": "2031-03-11T11:00", "ends_at": "2031-03-11T12:00"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let sent = sent_until(&app, ANA_INBOX, |s| {
        s.iter()
            .any(|a| a["type"] == "Update" && a["actor"] == organiser.as_str())
    })
    .await;
    let update = sent.iter().find(|a| a["type"] == "Update").unwrap();
    assert_eq!(update["object"]["type"], "Event");
    let sent = sent_until(&app, CATEGORY_INBOX, |s| {
        s.iter()
            .any(|a| a["type"] == "Update" && a["object"]["type"] == "Page")
    })
    .await;
    let update = sent
        .iter()
        .find(|a| a["type"] == "Update" && a["object"]["type"] == "Page")
        .unwrap();
    assert_eq!(update["actor"], organiser);
    assert!(
        update["object"]["content"]
            .as_str()
            .unwrap()
            .contains("2031-03-11 11:00")
    );
}

/// Another Agora's group announces a card beside the `Create` of what it
/// stands for: the card is taken as that object, never as a post.
async fn a_card_from_another_agora_stands_for_its_original(backend: Backend) {
    let app = with_ana(backend).await;
    let (space_id, slug) = crate::interop_people::with_category(&app).await;
    let amina = app.user("amina").await;
    crate::interop_people::follows_category(&app, &amina).await;
    crate::interop_moderation::with_jo(&app).await;
    let jo = crate::interop_moderation::JO;
    let document = "http://nodebb.test/library/5";
    let create = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/activities/announce/1", "type": "Announce", "actor": CATEGORY,
        "object": {
            "id": "http://nodebb.test/activities/create/1", "type": "Create", "actor": CATEGORY,
            "object": {
                "id": document, "type": "Document", "name": "Guide", "attributedTo": jo,
                "audience": CATEGORY, "to": [CATEGORY],
                "url": {"type": "Link", "href": "http://nodebb.test/library/5/download", "mediaType": "application/pdf"},
            },
        },
    });
    let answer = read_answer(feed(&app, create).await.0).await;
    assert_eq!(answer, (202, "stored".into()));
    let card = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://nodebb.test/activities/announce/2", "type": "Announce", "actor": CATEGORY,
        "object": {
            "id": format!("{document}/card"), "type": "Page", "name": "Guide",
            "attributedTo": jo, "audience": CATEGORY, "to": [CATEGORY],
            "content": "<p>Guide</p>", "mainEntity": document,
        },
    });
    let answer = read_answer(feed(&app, card).await.0).await;
    assert_eq!(answer, (202, "ignored: already here".into()));
    let (posts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM posts WHERE space_id = $1")
        .bind(space_id)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(posts, 0, "a card is no post of {slug}");
}
