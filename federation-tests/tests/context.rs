//! Every JSON-LD term Agora emits is defined by the `@context` it sends
//! (issue 13 point 2): a strict JSON-LD reader (GoToSocial expands
//! documents) drops a term its context does not define.
//!
//! Two instances do what members do — follow, post, comment, react, edit,
//! delete, create an event and register for it, add a library note, report,
//! unfollow — and then every activity either of them queued for delivery
//! (`outbound_activities`, kept a minute after delivery) and every document
//! alpha serves (actors, objects, collections) is walked: each key and
//! each `type` must be a term of ActivityStreams, of Security v1, or of the
//! document's own context (a term or a compact IRI with a defined prefix).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(20);

const AS2_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";
const SECURITY_CONTEXT: &str = "https://w3id.org/security/v1";

/// The terms the ActivityStreams 2.0 context defines.
const AS2_TERMS: &[&str] = &[
    "id",
    "type",
    "Accept",
    "Activity",
    "IntransitiveActivity",
    "Add",
    "Announce",
    "Application",
    "Arrive",
    "Article",
    "Audio",
    "Block",
    "Collection",
    "CollectionPage",
    "Relationship",
    "Create",
    "Delete",
    "Dislike",
    "Document",
    "Event",
    "Follow",
    "Flag",
    "Group",
    "Ignore",
    "Image",
    "Invite",
    "Join",
    "Leave",
    "Like",
    "Link",
    "Mention",
    "Note",
    "Object",
    "Offer",
    "OrderedCollection",
    "OrderedCollectionPage",
    "Organization",
    "Page",
    "Person",
    "Place",
    "Profile",
    "Question",
    "Reject",
    "Remove",
    "Service",
    "TentativeAccept",
    "TentativeReject",
    "Tombstone",
    "Undo",
    "Update",
    "Video",
    "View",
    "Listen",
    "Read",
    "Move",
    "Travel",
    "IsFollowing",
    "IsFollowedBy",
    "IsContact",
    "IsMember",
    "subject",
    "relationship",
    "actor",
    "attributedTo",
    "attachment",
    "bcc",
    "bto",
    "cc",
    "context",
    "current",
    "first",
    "generator",
    "icon",
    "image",
    "inReplyTo",
    "items",
    "instrument",
    "orderedItems",
    "last",
    "location",
    "next",
    "object",
    "oneOf",
    "anyOf",
    "closed",
    "origin",
    "accuracy",
    "prev",
    "preview",
    "replies",
    "result",
    "audience",
    "partOf",
    "tag",
    "target",
    "to",
    "url",
    "altitude",
    "content",
    "contentMap",
    "name",
    "nameMap",
    "duration",
    "endTime",
    "height",
    "href",
    "hreflang",
    "latitude",
    "longitude",
    "mediaType",
    "published",
    "radius",
    "rel",
    "startIndex",
    "startTime",
    "summary",
    "summaryMap",
    "totalItems",
    "units",
    "updated",
    "width",
    "describes",
    "formerType",
    "deleted",
    "inbox",
    "outbox",
    "following",
    "followers",
    "streams",
    "preferredUsername",
    "endpoints",
    "uploadMedia",
    "proxyUrl",
    "liked",
    "oauthAuthorizationEndpoint",
    "oauthTokenEndpoint",
    "provideClientKey",
    "signClientKey",
    "sharedInbox",
    "Public",
    "source",
    "likes",
    "shares",
];

/// The terms the Security v1 context defines that actors use.
const SECURITY_TERMS: &[&str] = &[
    "id",
    "type",
    "CryptographicKey",
    "owner",
    "publicKey",
    "publicKeyPem",
    "created",
    "creator",
    "signature",
    "signatureValue",
    "domain",
    "expires",
    "nonce",
];

/// What a document's `@context` defines: its terms and its prefixes.
#[derive(Clone, Default)]
struct Defined {
    terms: BTreeSet<String>,
}

impl Defined {
    fn of(context: &Value) -> Defined {
        let mut defined = Defined::default();
        let entries = match context {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        for entry in entries {
            match entry {
                Value::String(url) if url == AS2_CONTEXT => defined
                    .terms
                    .extend(AS2_TERMS.iter().map(|t| t.to_string())),
                Value::String(url) if url == SECURITY_CONTEXT => defined
                    .terms
                    .extend(SECURITY_TERMS.iter().map(|t| t.to_string())),
                Value::Object(map) => defined.terms.extend(map.keys().cloned()),
                other => panic!("a context entry this test does not know: {other}"),
            }
        }
        defined
    }

    /// A term, or a compact IRI whose prefix is a term (`toot:x`).
    fn has(&self, term: &str) -> bool {
        self.terms.contains(term)
            || term
                .split_once(':')
                .is_some_and(|(prefix, _)| self.terms.contains(prefix))
    }
}

/// Every key and `type` in `value` that `defined` does not define, as
/// `where: term`.
fn undefined(value: &Value, defined: &Defined, at: &str, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            let own;
            let defined = match map.get("@context") {
                Some(context) => {
                    own = Defined::of(context);
                    &own
                }
                None => defined,
            };
            let kind = map.get("type").and_then(Value::as_str).unwrap_or("");
            let at = if kind.is_empty() {
                at.to_owned()
            } else {
                format!("{at} {kind}")
            };
            for (key, value) in map {
                if key.starts_with('@') {
                    continue;
                }
                if !defined.has(key) {
                    out.insert(format!("{at}: {key}"));
                }
                if key == "type" {
                    for kind in value
                        .as_array()
                        .cloned()
                        .unwrap_or_else(|| vec![value.clone()])
                    {
                        if let Some(kind) = kind.as_str()
                            && !defined.has(kind)
                        {
                            out.insert(format!("{at}: type {kind}"));
                        }
                    }
                }
                // A language map's keys are languages.
                if !key.ends_with("Map") {
                    undefined(value, defined, &format!("{at}.{key}"), out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| undefined(v, defined, at, out)),
        _ => {}
    }
}

async fn call(network: &Network, method: Method, url: String, token: &str, body: Value) -> Value {
    let (status, answer) = network
        .call(method, url.clone(), Some(token), Some(body))
        .await;
    assert!((200..300).contains(&status), "{url}: {status} {answer}");
    answer
}

async fn as2(network: &Network, url: &str) -> Value {
    let response = network
        .client
        .get(url)
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert!(status == 200 || status == 410, "{url}: {status} {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}"))
}

async fn queued(instance: &Instance) -> Vec<(String, Value)> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT body FROM outbound_activities")
        .fetch_all(&instance.state.db.read)
        .await
        .unwrap();
    rows.into_iter()
        .map(|(body,)| {
            let value: Value = serde_json::from_str(&body).unwrap();
            (format!("{} sent", instance.domain), value)
        })
        .collect()
}

/// The id on `instance` of the post titled `title` in its copy of a space.
async fn copy_of(network: &Network, instance: &Instance, token: &str, title: &str) -> i64 {
    eventually(
        &format!("{} has {title}", instance.domain),
        DEADLINE,
        || async {
            let (_, follows) = network
                .call(
                    Method::GET,
                    instance.url("/api/v1/follows"),
                    Some(token),
                    None,
                )
                .await;
            let space = follows[0]["space_id"].as_i64()?;
            let (_, posts) = network
                .call(
                    Method::GET,
                    instance.url(&format!("/api/v1/spaces/{space}/posts")),
                    Some(token),
                    None,
                )
                .await;
            posts["items"]
                .as_array()?
                .iter()
                .find(|p| p["title"] == title)?
                .get("id")?
                .as_i64()
        },
    )
    .await
}

#[tokio::test]
async fn every_term_agora_emits_is_defined_in_its_context() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let post = |instance: &Instance, path: &str| instance.url(path);
    call(
        &network,
        Method::POST,
        post(alpha, "/api/v1/spaces"),
        &amina,
        json!({"slug": "news", "title": "Regional news", "visibility": "public"}),
    )
    .await;
    network.follow(beta, &bruno, "@news@alpha.test").await;

    let page = call(
        &network,
        Method::POST,
        post(alpha, "/api/v1/spaces/news/posts"),
        &amina,
        json!({"title": "Hearing", "body": "The court sits at **9**. #asile @bruno@beta.test",
               "language": "fr"}),
    )
    .await;
    let page_id = page["id"].as_i64().unwrap();
    let gone = call(
        &network,
        Method::POST,
        post(alpha, "/api/v1/spaces/news/posts"),
        &amina,
        json!({"title": "Posted by mistake", "body": "x"}),
    )
    .await;
    let gone_id = gone["id"].as_i64().unwrap();
    let on_beta = copy_of(&network, beta, &bruno, "Hearing").await;
    call(
        &network,
        Method::POST,
        beta.url(&format!("/api/v1/posts/{on_beta}/comments")),
        &bruno,
        json!({"body": "I will attend."}),
    )
    .await;
    call(
        &network,
        Method::POST,
        beta.url(&format!("/api/v1/posts/{on_beta}/reactions")),
        &bruno,
        json!({"emoji": "🎉"}),
    )
    .await;
    call(
        &network,
        Method::POST,
        alpha.url(&format!("/api/v1/posts/{page_id}/comments")),
        &amina,
        json!({"body": "See you there."}),
    )
    .await;
    call(
        &network,
        Method::PATCH,
        alpha.url(&format!("/api/v1/posts/{page_id}")),
        &amina,
        json!({"title": "Hearing moved"}),
    )
    .await;
    network
        .call(
            Method::DELETE,
            alpha.url(&format!("/api/v1/posts/{gone_id}")),
            Some(&amina),
            None,
        )
        .await;
    let start = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(72)).to_string();
    let end = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(74)).to_string();
    let event = call(
        &network,
        Method::POST,
        alpha.url("/api/v1/spaces/news/events"),
        &amina,
        json!({"title": "Webinar", "starts_at": start, "ends_at": end,
               "timezone": "Africa/Kinshasa", "capacity": 10,
               "online_url": "https://meet.example.org/w", "place_name": "Salle 3",
               "place_address": "1 avenue de la Paix"}),
    )
    .await;
    let event_id = event["id"].as_i64().unwrap();
    let note = call(
        &network,
        Method::POST,
        alpha.url("/api/v1/spaces/news/library/notes"),
        &amina,
        json!({"title": "Checklist", "body": "1. **Power of attorney**\n"}),
    )
    .await;
    let note_id = note["id"].as_i64().unwrap();
    let event_on_beta: i64 = eventually("beta has the event", DEADLINE, || async {
        let (_, follows) = network
            .call(Method::GET, beta.url("/api/v1/follows"), Some(&bruno), None)
            .await;
        let space = follows[0]["space_id"].as_i64()?;
        let (_, events) = network
            .call(
                Method::GET,
                beta.url(&format!("/api/v1/spaces/{space}/events")),
                Some(&bruno),
                None,
            )
            .await;
        events.as_array()?.first()?.get("id")?.as_i64()
    })
    .await;
    network
        .call(
            Method::POST,
            beta.url(&format!("/api/v1/events/{event_on_beta}/registration")),
            Some(&bruno),
            None,
        )
        .await;
    call(
        &network,
        Method::POST,
        beta.url("/api/v1/reports"),
        &bruno,
        json!({"post_id": on_beta, "reason": "misleading", "forward": true}),
    )
    .await;
    eventually("both instances sent everything", DEADLINE, || async {
        (alpha.drained().await && beta.drained().await).then_some(())
    })
    .await;

    let urls = &alpha.state.federation.urls;
    let (own_comment,): (i64,) = sqlx::query_as("SELECT id FROM comments WHERE ap_id IS NULL")
        .fetch_one(&alpha.state.db.read)
        .await
        .unwrap();
    let mut documents = Vec::new();
    for url in [
        urls.person("amina"),
        urls.space("news"),
        urls.instance_actor(),
        format!("{}/outbox", urls.space("news")),
        format!("{}/followers", urls.space("news")),
        urls.post(page_id),
        urls.post(gone_id),
        urls.comment(own_comment),
        urls.event(event_id),
        urls.library_item(note_id),
    ] {
        documents.push((url.clone(), as2(&network, &url).await));
    }
    documents.extend(queued(alpha).await);
    documents.extend(queued(beta).await);
    // What was sent, with what an Announce wraps.
    let kinds: BTreeSet<String> = documents
        .iter()
        .flat_map(|(_, d)| [d["type"].as_str(), d["object"]["type"].as_str()])
        .flatten()
        .map(str::to_owned)
        .collect();
    for kind in [
        "Announce", "Accept", "Follow", "Create", "Update", "Delete", "Like", "Join", "Flag",
    ] {
        assert!(
            kinds.contains(kind),
            "no {kind} was sent or served: {kinds:?}"
        );
    }

    let mut missing = BTreeSet::new();
    for (at, document) in &documents {
        assert!(document.get("@context").is_some(), "{at}: no @context");
        undefined(document, &Defined::default(), at, &mut missing);
    }
    assert!(
        missing.is_empty(),
        "terms Agora sends that its @context does not define:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_walk_finds_an_undefined_term_and_accepts_defined_ones() {
    let document = json!({
        "@context": [AS2_CONTEXT, SECURITY_CONTEXT, {"toot": "http://joinmastodon.org/ns#",
                     "discoverable": "toot:discoverable"}],
        "type": "Person", "discoverable": true, "toot:indexable": true,
        "publicKey": {"id": "k", "owner": "o", "publicKeyPem": "p"},
        "nameMap": {"fr": "x"}, "tag": [{"type": "Hashtag", "name": "#a"}],
        "timezone": "UTC"
    });
    let mut missing = BTreeSet::new();
    undefined(&document, &Defined::default(), "doc", &mut missing);
    assert_eq!(
        missing.into_iter().collect::<Vec<_>>(),
        [
            "doc Person.tag Hashtag: type Hashtag",
            "doc Person: timezone"
        ]
    );
}
