//! What Agora asks of other servers, seen from the outside: a follow of a
//! handle on this machine or a private network makes no connection at all
//! (the one outbound client refuses it), and the instance actor that signs
//! our fetches can be found by WebFinger, as GoToSocial requires.

use std::time::Duration;

use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use crate::support::{Backend, TestApp};

#[tokio::test]
async fn a_follow_of_a_private_address_makes_no_connection() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let ada = app.user("ada").await;
    // Something listening on loopback, to see whether anything arrives.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handles = [
        format!("@news@127.0.0.1:{port}"),
        format!("@news@2130706433:{port}"),
        format!("@news@0x7f.1:{port}"),
        format!("@news@[::ffff:127.0.0.1]:{port}"),
        format!("http://127.0.0.1:{port}/spaces/news"),
        format!("https://[::1]:{port}/spaces/news"),
        "@news@10.0.0.1".to_owned(),
        "@news@169.254.169.254".to_owned(),
    ];
    for handle in &handles {
        let (status, body) = app
            .post("/api/v1/follows", Some(&ada), json!({ "handle": handle }))
            .await;
        assert!(status == 400 || status == 422, "{handle}: {status} {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains("private network"), "{handle}: {message}");
    }
    // Nothing connected.
    let accepted = tokio::time::timeout(Duration::from_millis(300), listener.accept()).await;
    if let Ok(Ok((mut stream, _))) = accepted {
        let mut first = vec![0; 200];
        let n = stream.read(&mut first).await.unwrap_or(0);
        panic!(
            "a connection reached the listener: {}",
            String::from_utf8_lossy(&first[..n])
        );
    }
}

#[tokio::test]
async fn the_instance_actor_is_found_by_webfinger() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let actor = format!("{}/actor", app.state.config.public_url());
    for resource in ["acct:agora.test@agora.test", actor.as_str()] {
        let (status, body) = app
            .get(&format!("/.well-known/webfinger?resource={resource}"), None)
            .await;
        assert_eq!(status, 200, "{resource}: {body}");
        assert_eq!(body["subject"], "acct:agora.test@agora.test");
        let link = body["links"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["rel"] == "self")
            .unwrap();
        assert_eq!(link["href"], actor.as_str());
        assert_eq!(
            link["properties"]["https://www.w3.org/ns/activitystreams#type"],
            "Service"
        );
    }
    // The actor names itself by that handle and publishes the key that
    // signs our fetches.
    let response = app
        .client
        .get(format!("{}/actor", app.base))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    let document: serde_json::Value = response.json().await.unwrap();
    assert_eq!(document["preferredUsername"], "agora.test");
    assert_eq!(
        document["publicKey"]["id"],
        format!("{actor}#main-key").as_str()
    );
}
