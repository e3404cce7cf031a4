//! Search across instances: what a followed public space publishes is
//! found on the follower's instance; what a private space holds is found
//! nowhere but at home, by its members.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(20);

#[tokio::test]
async fn a_remote_instance_finds_public_content_and_never_private() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();
    let call = |method: Method, url: String, token: Option<&str>, body: Option<Value>| {
        let token = token.map(str::to_owned);
        let network = &network;
        async move { network.call(method, url, token.as_deref(), body).await }
    };
    for (slug, visibility) in [("news", "public"), ("case-17", "private")] {
        let (status, _) = call(
            Method::POST,
            alpha.url("/api/v1/spaces"),
            Some(&amina),
            Some(json!({"slug": slug, "title": slug, "visibility": visibility})),
        )
        .await;
        assert_eq!(status, 201);
    }
    network.follow(beta, &bruno, "@news@alpha.test").await;

    // The same rare words, in a public post and in a private one.
    for (space, title) in [
        ("news", "Détenus libérés à Goma"),
        ("case-17", "Détenus: liste confidentielle à Goma"),
    ] {
        let (status, body) = call(
            Method::POST,
            alpha.url(&format!("/api/v1/spaces/{space}/posts")),
            Some(&amina),
            Some(json!({"title": title, "body": "Les avocats de la défense à Goma.", "language": "fr"})),
        )
        .await;
        assert_eq!(status, 201, "{body}");
    }

    // On beta, the public post arrives and is found, by another form of
    // the word and without its accents.
    let search = |token: Option<String>, instance_url: String| {
        let network = &network;
        async move {
            let (status, body) = network
                .call(Method::GET, instance_url, token.as_deref(), None)
                .await;
            assert_eq!(status, 200, "{body}");
            body
        }
    };
    let found = eventually("the public post is found on beta", DEADLINE, || async {
        let body = search(
            Some(bruno.clone()),
            beta.url("/api/v1/search?q=detenu%20goma"),
        )
        .await;
        (body["total"] == 1).then_some(body)
    })
    .await;
    assert_eq!(
        found["items"][0]["title"], "Détenus libérés à Goma",
        "{found}"
    );
    assert!(
        found["items"][0]["excerpt_html"]
            .as_str()
            .unwrap()
            .contains("<mark>"),
        "{found}"
    );
    // Anonymous on beta too (the space is public).
    let anonymous = search(None, beta.url("/api/v1/search?q=goma")).await;
    assert_eq!(anonymous["total"], 1, "{anonymous}");

    // The private post is nowhere on beta, whoever asks, whatever word.
    for q in ["confidentielle", "liste", "goma", "case-17"] {
        let body = search(
            Some(bruno.clone()),
            beta.url(&format!("/api/v1/search?q={q}")),
        )
        .await;
        let text = body.to_string();
        assert!(!text.contains("confidentielle"), "{q}: {text}");
        assert!(!text.contains("case-17"), "{q}: {text}");
    }
    let private_rows = beta
        .count("SELECT COUNT(*) FROM search_entries WHERE title LIKE '%confidentielle%'")
        .await;
    assert_eq!(private_rows, 0, "beta never stored it");

    // At home: its member finds both; someone of another instance asking
    // alpha directly, and an anonymous visitor, find only the public one.
    let home = search(Some(amina.clone()), alpha.url("/api/v1/search?q=goma")).await;
    assert_eq!(home["total"], 2, "{home}");
    let outsider = search(None, alpha.url("/api/v1/search?q=confidentielle")).await;
    assert_eq!(outsider["total"], 0, "{outsider}");
    assert_eq!(outsider["items"], json!([]), "{outsider}");
    let public_only = search(None, alpha.url("/api/v1/search?q=goma")).await;
    assert_eq!(public_only["total"], 1, "{public_only}");
}
