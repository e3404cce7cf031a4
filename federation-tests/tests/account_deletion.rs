//! A member closes their account: the `Delete` of their actor reaches the
//! instances that knew them, which forget their profile; with "delete",
//! the deletions of their posts reach them too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use agora_federation_tests::{Network, eventually};
use reqwest::Method;
use serde_json::{Value, json};

const DEADLINE: Duration = Duration::from_secs(20);
const PASSWORD: &str = "correct horse battery staple";

async fn call(
    network: &Network,
    method: Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    network.call(method, url, Some(token), body).await
}

#[tokio::test]
async fn a_closed_account_is_deleted_on_the_instances_that_knew_it() {
    let network = Network::start(&["alpha.test", "beta.test"]).await.unwrap();
    let alpha = network.instance("alpha.test");
    let beta = network.instance("beta.test");
    let amina = network.member(alpha, "amina").await.unwrap();
    let ada = network.member(alpha, "ada").await.unwrap();
    let eve = network.member(alpha, "eve").await.unwrap();
    let bruno = network.member(beta, "bruno").await.unwrap();

    let (status, _) = call(
        &network,
        Method::POST,
        alpha.url("/api/v1/spaces"),
        &amina,
        Some(json!({"slug": "news", "title": "News", "visibility": "public"})),
    )
    .await;
    assert_eq!(status, 201);
    network.follow(beta, &bruno, "@news@alpha.test").await;
    for (token, name) in [(&ada, "Ada Farewell"), (&eve, "Eve Farewell")] {
        let (status, _) = call(
            &network,
            Method::POST,
            alpha.url("/api/v1/spaces/news/join"),
            token,
            Some(json!({})),
        )
        .await;
        assert_eq!(status, 200);
        call(
            &network,
            Method::PATCH,
            alpha.url("/api/v1/accounts/me"),
            token,
            Some(json!({"display_name": name, "profile_visibility": "everyone"})),
        )
        .await;
        let (status, _) = call(
            &network,
            Method::POST,
            alpha.url("/api/v1/spaces/news/posts"),
            token,
            Some(json!({"title": format!("Written by {name}"), "body": "Hello."})),
        )
        .await;
        assert_eq!(status, 201);
    }
    let beta_db = &beta.state.db;
    let remote_profile = |name: &'static str| async move {
        let row: Option<(String, Option<i64>)> =
            sqlx::query_as("SELECT display_name, deleted_at FROM accounts WHERE ap_id = $1")
                .bind(format!("http://alpha.test/users/{name}"))
                .fetch_optional(&beta_db.read)
                .await
                .unwrap();
        row
    };
    let titles = || async {
        let (_, follows) = call(
            &network,
            Method::GET,
            beta.url("/api/v1/follows"),
            &bruno,
            None,
        )
        .await;
        let space = follows[0]["space_id"].as_i64().unwrap();
        let (_, page) = call(
            &network,
            Method::GET,
            beta.url(&format!("/api/v1/spaces/{space}/posts")),
            &bruno,
            None,
        )
        .await;
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["title"].as_str().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    eventually(
        "beta has both posts and knows both authors",
        DEADLINE,
        || async {
            let t = titles().await;
            let known =
                remote_profile("ada").await.is_some() && remote_profile("eve").await.is_some();
            (known && t.len() == 2).then_some(())
        },
    )
    .await;

    for (token, content) in [(&ada, "anonymise"), (&eve, "delete")] {
        let (status, body) = call(
            &network,
            Method::DELETE,
            alpha.url("/api/v1/accounts/me"),
            token,
            Some(json!({"password": PASSWORD, "content": content})),
        )
        .await;
        assert_eq!(status, 204, "{body}");
    }

    eventually("beta forgets both people", DEADLINE, || async {
        let ada = remote_profile("ada").await?;
        let eve = remote_profile("eve").await?;
        (ada.1.is_some() && eve.1.is_some()).then_some(())
    })
    .await;
    assert_eq!(remote_profile("ada").await.unwrap().0, "");
    // Ada's words stay (anonymised); Eve's post was deleted.
    let t = eventually("beta drops Eve's post", DEADLINE, || async {
        let t = titles().await;
        (t.len() == 1).then_some(t)
    })
    .await;
    assert_eq!(t, ["Written by Ada Farewell"]);
    let gone = network
        .client
        .get(alpha.url("/users/ada"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 410);
}
