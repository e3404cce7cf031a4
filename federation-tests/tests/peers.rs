//! Agora against real fediverse servers from the package registries, run on
//! loopback: a Fedify 2 server (npm; RFC 9421 signatures first, Ed25519
//! keys, strict JSON-LD) and a bovine_herd server (PyPI; signed GETs).
//! Each peer follows a public space, receives a post and an event, replies
//! to the post and likes it. The programs live under `peers/`; a peer
//! that is not installed makes its test say SKIPPED (see the README).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use agora_federation_tests::peer::{Peer, find, peer_dir};
use agora_federation_tests::{Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(30);

/// The object of type `kind` named `name` that `group` announced to the
/// peer, embedded in the Announce or as the peer fetched it.
async fn announced(peer: &Peer, group: &str, kind: &str, name: &str) -> Option<Value> {
    peer.inbox()
        .await
        .into_iter()
        .filter(|entry| entry["type"] == "Announce" && entry["actor"] == group)
        .find_map(|entry| find(&entry, kind, "name", name).cloned())
}

/// The four checks of issue 14 point 7, the same for every peer.
async fn follow_receive_reply_like(network: &Network, peer: &Peer) {
    let alpha = network.instance("alpha.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": "commons", "title": "Commons", "visibility": "public"})),
        )
        .await;
    assert_eq!(status, 201);
    let group = alpha.url("/spaces/commons");
    let author = alpha.url("/users/amina");
    let peer_actor = &peer.actor;

    // 1. The peer follows the space: Agora accepts, the peer gets the Accept.
    peer.command("follow", json!({"actor": group}))
        .await
        .unwrap();
    eventually(
        &format!("{} receives the group's Accept", peer.domain),
        DEADLINE,
        || async {
            peer.inbox()
                .await
                .iter()
                .any(|e| e["type"] == "Accept" && e["actor"] == group.as_str())
                .then_some(())
        },
    )
    .await;
    let (_, followers) = network
        .call(
            Method::GET,
            alpha.url("/spaces/commons/followers"),
            None,
            None,
        )
        .await;
    assert_eq!(followers["totalItems"], 1, "{followers}");
    let first = followers["first"].as_str().unwrap().to_owned();
    let (_, page) = network.call(Method::GET, first, None, None).await;
    assert_eq!(page["orderedItems"], json!([peer_actor]), "{page}");

    // 2. A post and an event reach the peer's inbox (announced by the group).
    let (status, post) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/commons/posts"),
            Some(&amina),
            Some(json!({"title": "Hearing on Monday", "body": "The court sits at **9**."})),
        )
        .await;
    assert_eq!(status, 201, "{post}");
    let post_id = post["id"].as_i64().unwrap();
    let start = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(72)).to_string();
    let end = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(74)).to_string();
    let (status, event) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/commons/events"),
            Some(&amina),
            Some(
                json!({"title": "Open meeting", "starts_at": start, "ends_at": end,
                        "timezone": "Africa/Kinshasa"}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{event}");
    let page = eventually(
        &format!("{} receives the post", peer.domain),
        DEADLINE,
        || announced(peer, &group, "Page", "Hearing on Monday"),
    )
    .await;
    let page_id = alpha.url(&format!("/posts/{post_id}"));
    assert_eq!(page["id"], page_id.as_str(), "{page}");
    eventually(
        &format!("{} receives the event", peer.domain),
        DEADLINE,
        || announced(peer, &group, "Event", "Open meeting"),
    )
    .await;

    // 3. The peer replies to the post: a comment in Agora. Addressed as
    // Fedify and bovine apps (and Mastodon) address a reply: to the author,
    // cc the replier's own followers, delivered to the author's server only.
    peer.command(
        "reply",
        json!({"object": page_id, "content": "<p>I will attend.</p>",
               "to": [author], "cc": ["followers"]}),
    )
    .await
    .unwrap();
    let comments = alpha.url(&format!("/api/v1/posts/{post_id}/comments"));
    let comment = eventually(
        &format!("alpha has the reply from {}", peer.domain),
        DEADLINE,
        || async {
            let (_, thread) = network
                .call(Method::GET, comments.clone(), None, None)
                .await;
            thread.as_array()?.first().cloned()
        },
    )
    .await;
    // A Note without `source` has only HTML (`body`, the Markdown, is empty).
    assert!(
        comment["body_html"]
            .as_str()
            .is_some_and(|b| b.contains("I will attend.")),
        "{comment}"
    );
    assert_eq!(
        comment["author"]["username"],
        format!("peer@{}", peer.domain),
        "{comment}"
    );

    // 4. The peer likes the post: Agora records the reaction.
    peer.command("like", json!({"object": page_id, "to": [author]}))
        .await
        .unwrap();
    let post_url = alpha.url(&format!("/api/v1/posts/{post_id}"));
    eventually(
        &format!("alpha records the like from {}", peer.domain),
        DEADLINE,
        || async {
            let (_, post) = network
                .call(Method::GET, post_url.clone(), None, None)
                .await;
            post["reactions"]
                .as_array()
                .is_some_and(|r| !r.is_empty())
                .then_some(())
        },
    )
    .await;

    // 5. The group relays the reply and the like to its followers, but not
    // back to the server they came from: once alpha has sent everything,
    // nothing of the peer's own came back to it.
    eventually("alpha has sent everything", DEADLINE, || async {
        alpha.drained().await.then_some(())
    })
    .await;
    let echoed: Vec<Value> = peer
        .inbox()
        .await
        .into_iter()
        .filter(|e| e["type"] == "Announce")
        .filter(|e| {
            let inner = &e["object"];
            inner["actor"] == peer_actor.as_str() || inner["attributedTo"] == peer_actor.as_str()
        })
        .collect();
    assert!(echoed.is_empty(), "relayed back to its origin: {echoed:?}");
}

/// Node 22 from the `node` package in peers/fedify, and Fedify next to it.
fn fedify_node() -> Result<PathBuf, String> {
    let dir = peer_dir("fedify");
    let node = dir.join("node_modules/node/bin/node");
    if !node.is_file() || !dir.join("node_modules/@fedify/fedify").is_dir() {
        return Err(
            "federation-tests/peers/fedify/node_modules is not installed \
             (cd federation-tests/peers/fedify && npm ci)"
                .into(),
        );
    }
    Ok(node)
}

#[tokio::test]
async fn a_fedify_server_follows_receives_replies_and_likes() {
    let node = match fedify_node() {
        Ok(node) => node,
        Err(why) => {
            // Past the test harness's capture, so that the skip shows.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED peers::a_fedify_server_follows_receives_replies_and_likes: {why}"
            );
            return;
        }
    };
    let network = Network::start(&["alpha.test"]).await.unwrap();
    let peer = Peer::start(
        &network,
        "fedify.test",
        &peer_dir("fedify"),
        &node,
        &["server.mjs"],
    )
    .await
    .unwrap();
    follow_receive_reply_like(&network, &peer).await;

    // Fedify's first knock, RFC 9421, was taken every time: Agora never
    // made it fall back to draft-cavage.
    let sent = peer.record("sent").await;
    let to_alpha: Vec<&Value> = sent
        .iter()
        .filter(|r| {
            r["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("http://alpha.test/"))
        })
        .collect();
    assert!(to_alpha.iter().any(|r| r["method"] == "POST"), "{sent:?}");
    for request in &to_alpha {
        let status = request["status"].as_u64().unwrap_or(0);
        assert!((200..300).contains(&status), "{request}");
        if request["method"] == "POST" {
            assert_eq!(request["signature"], "rfc9421", "{request}");
        }
    }
}

/// Why bovine_herd cannot run here, if it cannot.
fn bovine_missing() -> Option<String> {
    let found = std::process::Command::new("python3")
        .args(["-c", "import bovine_herd, hypercorn"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    (!found).then(|| {
        "python3 cannot import bovine_herd \
         (pip install -r federation-tests/peers/bovine/requirements.txt)"
            .into()
    })
}

#[tokio::test]
async fn a_bovine_herd_server_follows_receives_replies_and_likes() {
    if let Some(why) = bovine_missing() {
        // Past the test harness's capture, so that the skip shows.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED peers::a_bovine_herd_server_follows_receives_replies_and_likes: {why}"
        );
        return;
    }
    let network = Network::start(&["alpha.test"]).await.unwrap();
    let peer = Peer::start(
        &network,
        "bovine.test",
        &peer_dir("bovine"),
        std::path::Path::new("python3"),
        &["server.py"],
    )
    .await
    .unwrap();
    follow_receive_reply_like(&network, &peer).await;
}
