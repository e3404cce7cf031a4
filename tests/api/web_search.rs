//! The search page of the web interface (issue 18): the header's box
//! leads to `/search`, which shows what the API would find for the same
//! visitor, with marked excerpts, and never what they could not open.

use reqwest::StatusCode;

use crate::on_both_backends;
use crate::search::post;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    results_page_shows_only_what_the_visitor_may_open,
    empty_long_and_fruitless_searches_are_explained,
    results_are_paged,
);

async fn results_page_shows_only_what_the_visitor_may_open(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let member = app.user("member").await;
    app.space(&ada, "open", "public").await;
    app.space(&ada, "cell", "private").await;
    app.add_member(&ada, "cell", &member, "reader").await;
    let public = post(
        &app,
        &ada,
        "open",
        "Hearing notes",
        "The tribunal heard détenus today.",
        "fr",
    )
    .await;
    post(
        &app,
        &ada,
        "cell",
        "Safe house",
        "The tribunal must not learn where the détenus sleep.",
        "fr",
    )
    .await;

    let anonymous = Browser::new(&app);
    let home = anonymous.get("/").await;
    home.assert_contains(r#"<form class="search" method="get" action="/search" role="search">"#);
    let page = anonymous.get("/search?q=d%C3%A9tenu").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains(&format!(r#"<a href="/post/{public}">"#));
    page.assert_contains("<mark>détenus</mark>");
    page.assert_contains("1 result");
    assert!(!page.body.contains("Safe house"), "{}", page.body);
    assert!(!page.body.contains("sleep"), "{}", page.body);
    // A space filter on the private space is "no such space".
    let hidden = anonymous.get("/search?q=tribunal&space=cell").await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    let inside = Browser::signed_in(&app, &member).await;
    let page = inside.get("/search?q=tribunal&kind=post").await;
    page.assert_contains("2 results");
    page.assert_contains("Safe house");
    page.assert_contains("Hearing notes");
    let page = inside.get("/search?q=tribunal&space=open").await;
    page.assert_contains("1 result");
    assert!(!page.body.contains("Safe house"), "{}", page.body);
}

async fn empty_long_and_fruitless_searches_are_explained(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let visitor = Browser::new(&app);
    let empty = visitor.get("/search").await;
    assert_eq!(empty.status, StatusCode::OK);
    empty.assert_contains("Type one or more words");
    let long = visitor
        .get(&format!("/search?q={}", "word+".repeat(120)))
        .await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    long.assert_contains("The search is too long");
    let nothing = visitor.get("/search?q=nowhere").await;
    assert_eq!(nothing.status, StatusCode::OK);
    nothing.assert_contains("Nothing found.");
    let bad_date = visitor.get("/search?q=x&since=yesterday").await;
    assert_eq!(bad_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    bad_date.assert_contains("This search cannot be run");
    // The page speaks the visitor's language, Arabic right to left.
    let arabic = Browser::new(&app).with_language("ar");
    let page = arabic.get("/search?q=nowhere").await;
    page.assert_contains(r#"dir="rtl""#);
    page.assert_contains("لم يُعثر على شيء");
}

async fn results_are_paged(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "open", "public").await;
    for n in 0..23 {
        post(&app, &ada, "open", &format!("Report {n}"), "Archive", "en").await;
    }
    let visitor = Browser::new(&app);
    let first = visitor.get("/search?q=archive&kind=post").await;
    first.assert_contains("23 results");
    first.assert_contains("Page 1 of 2");
    first.assert_contains(r#"href="/search?q=archive&#38;kind=post&#38;page=2" rel="next""#);
    assert!(!first.body.contains(r#"rel="prev""#));
    let second = visitor.get("/search?q=archive&kind=post&page=2").await;
    second.assert_contains("Page 2 of 2");
    second.assert_contains(r#"href="/search?q=archive&#38;kind=post" rel="prev""#);
    assert_eq!(second.body.matches(r#"<li class="card""#).count(), 3);
}

on_both_backends!(a_page_of_twenty_results_is_light);
/// The results page keeps to the weight of a feed page (docs/benchmarks.md):
/// 20 results with excerpts, brotli, bodies only.
async fn a_page_of_twenty_results_is_light(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let paragraph = "The regional court in Goma heard the case of the displaced families on Monday; \
        the lawyers of the network asked for the eviction orders to be suspended until the hearing. ";
    for i in 0..20 {
        post(
            &app,
            &ada,
            "news",
            &format!("Hearing report {i}"),
            &paragraph.repeat(8),
            "en",
        )
        .await;
    }
    let page = Browser::new(&app).get("/search?q=eviction+hearing").await;
    assert_eq!(page.body.matches(r#"<li class="card""#).count(), 20);
    let css = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let client = reqwest::Client::new();
    let mut sizes = Vec::new();
    for path in ["/search?q=eviction+hearing", css.as_str()] {
        let response = client
            .get(format!("{}{path}", app.base))
            .header("accept-encoding", "br")
            .send()
            .await
            .unwrap();
        assert_eq!(response.headers()["content-encoding"], "br", "{path}");
        sizes.push(response.bytes().await.unwrap().len());
    }
    println!(
        "search page with 20 results, brotli bodies: HTML {} B, CSS {} B, together {} B",
        sizes[0],
        sizes[1],
        sizes[0] + sizes[1]
    );
    assert!(sizes[0] + sizes[1] <= 30_000, "{sizes:?}");
}
