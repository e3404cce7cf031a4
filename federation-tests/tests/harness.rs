//! The harness itself: three instances, each answering under its own name
//! over real HTTP, each with its own data.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Network, eventually};
use serde_json::{Value, json};

#[tokio::test]
async fn three_instances_answer_under_their_own_names() {
    let network = Network::start(&["alpha.test", "beta.test", "gamma.test"])
        .await
        .unwrap();
    let mut ports = Vec::new();
    for instance in &network.instances {
        // The URL has no port: the resolver override supplies the address.
        let url = instance.url("/api/v1/instance");
        assert_eq!(url, format!("http://{}/api/v1/instance", instance.domain));
        assert!(!instance.domain.contains(':'), "{url} must not name a port");
        let about: Value = network
            .client
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(about["domain"], instance.domain.as_str());
        assert_eq!(about["url"], format!("http://{}", instance.domain));
        ports.push(instance.addr.port());
    }
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), 3, "each instance has its own port");
}

#[tokio::test]
async fn instances_keep_separate_data() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let (alpha, beta) = (
        network.instance("alpha.test"),
        network.instance("beta.test"),
    );
    let client = &network.client;
    let register = json!({"username": "amina", "email": "amina@example.org", "password": "correct horse battery"});
    let created = client
        .post(alpha.url("/api/v1/accounts"))
        .json(&register)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);

    // Known on alpha, unknown on beta; the same name is free on beta.
    // (Asked as another server would: profiles are for members by default.)
    let on_alpha = client
        .get(alpha.url("/users/amina"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(on_alpha.status(), 200);
    let on_beta = client
        .get(beta.url("/users/amina"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(on_beta.status(), 404);
    let again = client
        .post(beta.url("/api/v1/accounts"))
        .json(&register)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 201);

    let members = eventually(
        "both instances count one member",
        Duration::from_secs(5),
        || async {
            let mut counts = Vec::new();
            for instance in [alpha, beta] {
                let about: Value = client
                    .get(instance.url("/api/v1/instance"))
                    .send()
                    .await
                    .ok()?
                    .json()
                    .await
                    .ok()?;
                counts.push(about["stats"]["members"].as_i64()?);
            }
            (counts == [1, 1]).then_some(counts)
        },
    )
    .await;
    assert_eq!(members, [1, 1]);
}
