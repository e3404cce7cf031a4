//! Library items across instances: files and notes of a public space reach
//! followers as `Document`s and download from their home instance; changes
//! and deletions follow; a private space's library never leaves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Instance, Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(20);

async fn upload(
    network: &Network,
    alpha: &Instance,
    token: &str,
    space: &str,
    query: &str,
    bytes: &[u8],
) -> Value {
    let response = network
        .client
        .post(alpha.url(&format!("/api/v1/spaces/{space}/library/files?{query}")))
        .bearer_auth(token)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The items of alpha's `practice` library as beta shows them.
async fn beta_library(network: &Network, beta: &Instance, token: &str) -> Vec<Value> {
    let (status, page) = network
        .call(
            Method::GET,
            beta.url("/api/v1/spaces/practice@alpha.test/library?sort=recent"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{page}");
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn library_items_reach_followers_and_private_ones_never_leave() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    for (slug, visibility) in [("practice", "public"), ("case-17", "private")] {
        let (status, body) = network
            .call(
                Method::POST,
                alpha.url("/api/v1/spaces"),
                Some(&amina),
                Some(json!({"slug": slug, "title": slug, "visibility": visibility})),
            )
            .await;
        assert_eq!(status, 201, "{body}");
    }
    network.follow(beta, &bruno, "@practice@alpha.test").await;

    // A file and a note in the public space.
    let pdf = b"%PDF-1.7\nA guide to filing before the African Court\n";
    let file = upload(
        &network,
        alpha,
        &amina,
        "practice",
        "filename=guide.pdf&title=Filing%20guide&description=How%20to%20file&tags=court,guides&language=fr",
        pdf,
    )
    .await;
    let file_id = file["id"].as_i64().unwrap();
    let (status, note) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/practice/library/notes"),
            Some(&amina),
            Some(json!({"title": "Checklist", "body": "1. **Power of attorney**\n"})),
        )
        .await;
    assert_eq!(status, 201, "{note}");
    let note_id = note["id"].as_i64().unwrap();
    // And in the private one, which must never be seen elsewhere.
    let secret = upload(
        &network,
        alpha,
        &amina,
        "case-17",
        "filename=witnesses.txt&title=Witness%20list",
        b"names of protected witnesses",
    )
    .await;
    let secret_id = secret["id"].as_i64().unwrap();
    let (status, _) = network
        .call(
            Method::POST,
            alpha.url("/api/v1/spaces/case-17/library/notes"),
            Some(&amina),
            Some(json!({"title": "Confidential strategy", "body": "settle"})),
        )
        .await;
    assert_eq!(status, 201);

    // Beta shows both public items, with what is needed to find and
    // download them at home.
    let items = eventually("beta has both items", DEADLINE, || async {
        let items = beta_library(&network, beta, &bruno).await;
        (items.len() == 2).then_some(items)
    })
    .await;
    let copy = items.iter().find(|i| i["kind"] == "file").unwrap();
    assert_eq!(copy["title"], "Filing guide");
    assert_eq!(copy["description"], "How to file");
    assert_eq!(copy["language"], "fr");
    assert_eq!(copy["tags"], json!(["court", "guides"]));
    assert_eq!(copy["created_by"], "amina@alpha.test");
    assert_eq!(copy["url"], format!("http://alpha.test/library/{file_id}"));
    let download = copy["download_url"].as_str().unwrap();
    assert_eq!(
        download,
        format!("http://alpha.test/library/{file_id}/download")
    );
    let bytes = network.client.get(download).send().await.unwrap();
    assert_eq!(bytes.headers()["content-type"], "application/pdf");
    assert_eq!(bytes.bytes().await.unwrap().as_ref(), pdf);
    // Through beta's own API, the download leads home.
    let via_beta = network
        .client
        .get(beta.url(&format!("/api/v1/library/items/{}/content", copy["id"])))
        .bearer_auth(&bruno)
        .send()
        .await
        .unwrap();
    assert_eq!(via_beta.bytes().await.unwrap().as_ref(), pdf);
    let copy_of_note = items.iter().find(|i| i["kind"] == "note").unwrap();
    let (_, note_on_beta) = network
        .call(
            Method::GET,
            beta.url(&format!("/api/v1/library/items/{}", copy_of_note["id"])),
            Some(&bruno),
            None,
        )
        .await;
    assert!(
        note_on_beta["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>Power of attorney</strong>"),
        "{note_on_beta}"
    );
    // Beta's members cannot edit alpha's items from there.
    let (status, _) = network
        .call(
            Method::PATCH,
            beta.url(&format!("/api/v1/library/items/{}", copy["id"])),
            Some(&bruno),
            Some(json!({"title": "mine"})),
        )
        .await;
    assert!(status == 403 || status == 422, "{status}");

    // A change and a deletion follow.
    let (status, _) = network
        .call(
            Method::PATCH,
            alpha.url(&format!("/api/v1/library/items/{file_id}")),
            Some(&amina),
            Some(json!({"status": "validated", "title": "Filing guide (2026)"})),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = network
        .call(
            Method::DELETE,
            alpha.url(&format!("/api/v1/library/items/{note_id}")),
            Some(&amina),
            None,
        )
        .await;
    assert_eq!(status, 204);
    eventually(
        "beta sees the change and the deletion",
        DEADLINE,
        || async {
            let items = beta_library(&network, beta, &bruno).await;
            (items.len() == 1
                && items[0]["title"] == "Filing guide (2026)"
                && items[0]["status"] == "validated")
                .then_some(())
        },
    )
    .await;
    let (status, tombstone) = network
        .call(
            Method::GET,
            alpha.url(&format!("/library/{note_id}")),
            None,
            None,
        )
        .await;
    assert_eq!(status, 410);
    assert_eq!(tombstone["type"], "Tombstone");

    // The private items: from outside, exactly like items that never were.
    for (secret_path, missing_path) in [
        (
            format!("/library/{secret_id}"),
            "/library/999999".to_owned(),
        ),
        (
            format!("/library/{secret_id}/download"),
            "/library/999999/download".to_owned(),
        ),
        (
            format!("/api/v1/library/items/{secret_id}"),
            "/api/v1/library/items/999999".to_owned(),
        ),
    ] {
        let secret = network
            .call(Method::GET, alpha.url(&secret_path), None, None)
            .await;
        let missing = network
            .call(Method::GET, alpha.url(&missing_path), None, None)
            .await;
        assert_eq!(secret.0, 404, "{secret_path}");
        assert_eq!(secret, missing, "{secret_path}");
    }
    // Nothing about them was ever queued for delivery.
    eventually("alpha's queue drains", DEADLINE, || async {
        alpha.drained().await.then_some(())
    })
    .await;
    let bodies: Vec<(String,)> = sqlx::query_as("SELECT body FROM outbound_activities")
        .fetch_all(&alpha.state.db.read)
        .await
        .unwrap();
    assert!(bodies.iter().any(|(b,)| b.contains("\"Document\"")));
    for (body,) in &bodies {
        assert!(!body.contains("Witness"), "{body}");
        assert!(!body.contains("witnesses"), "{body}");
        assert!(!body.contains("Confidential"), "{body}");
        assert!(!body.contains("case-17"), "{body}");
        assert!(!body.contains(&format!("/library/{secret_id}")), "{body}");
    }
    // And beta holds nothing of them.
    let titles: Vec<(String,)> = sqlx::query_as("SELECT title FROM library_items")
        .fetch_all(&beta.state.db.read)
        .await
        .unwrap();
    assert!(!titles.is_empty());
    for (title,) in titles {
        assert!(
            !title.contains("Witness") && !title.contains("Confidential"),
            "{title}"
        );
    }
}
