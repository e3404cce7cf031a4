//! The web interface over HTTP: forms, CSRF, languages, privacy, headers.

use reqwest::StatusCode;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(a_member_signs_in_posts_and_signs_out);
async fn a_member_signs_in_posts_and_signs_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let page = browser.get("/s/news").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("name=\"csrf\"");
    let posted = browser
        .submit(
            "/s/news/posts",
            &[
                ("title", "Hearing on 3 May"),
                ("body", "The *court* sits."),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let post = browser.get(posted.location()).await;
    assert_eq!(post.status, StatusCode::OK);
    post.assert_contains("Hearing on 3 May");
    post.assert_contains("<em>court</em>");

    let out = browser.submit("/logout", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(browser.cookie("agora_session").is_none());
    let home = browser.get("/").await;
    home.assert_contains("href=\"/login\"");
}

on_both_backends!(forms_without_the_csrf_token_or_from_another_site_are_refused);
async fn forms_without_the_csrf_token_or_from_another_site_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let fields = |csrf: &str| {
        vec![
            ("csrf".to_owned(), csrf.to_owned()),
            ("title".to_owned(), "Forged".to_owned()),
            ("body".to_owned(), "x".to_owned()),
        ]
    };

    let missing = browser.submit_raw("/s/news/posts", &fields("")).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN, "{}", missing.body);
    assert!(
        missing.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let wrong = browser
        .submit_raw("/s/news/posts", &fields("A".repeat(43).as_str()))
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // The right token, sent from a page of another site.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields(&browser.csrf()))
        .finish();
    let cross = client
        .post(format!("{}/s/news/posts", app.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .header(
            "cookie",
            format!(
                "agora_csrf={}; agora_session={}",
                browser.csrf(),
                browser.cookie("agora_session").unwrap()
            ),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);

    let (_, feed) = app.get("/api/v1/spaces/news/posts", Some(&ada)).await;
    assert_eq!(feed["items"].as_array().unwrap().len(), 0, "{feed}");
}

on_both_backends!(pages_carry_a_strict_policy_and_cookies_are_guarded);
async fn pages_carry_a_strict_policy_and_cookies_are_guarded(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.https = true).await;
    let ada = app.user("ada").await;
    let browser = Browser::new(&app);
    let page = browser.get("/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("style-src 'self'"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(!page.body.contains("style=\""), "inline style on the page");
    assert!(!page.body.contains("<script>"), "inline script on the page");

    let csrf_cookie = page
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("agora_csrf="))
        .unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
        assert!(csrf_cookie.contains(flag), "{csrf_cookie} lacks {flag}");
    }
    let signed_in = browser
        .submit(
            "/login",
            &[("login", &ada.name), ("password", "a long enough password")],
        )
        .await;
    let session = signed_in
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("agora_session="))
        .unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Secure"] {
        assert!(session.contains(flag), "{session} lacks {flag}");
    }
}

on_both_backends!(the_language_follows_the_member_then_the_browser_then_the_instance);
async fn the_language_follows_the_member_then_the_browser_then_the_instance(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.language = "fr".into()).await;
    let ada = app.user("ada").await;

    let default = Browser::new(&app).get("/login").await;
    default.assert_contains("<html lang=\"fr\" dir=\"ltr\">");
    default.assert_contains("Se connecter");

    let arabic = Browser::new(&app).with_language("ar-TN,ar;q=0.9,en;q=0.5");
    let page = arabic.get("/login").await;
    page.assert_contains("<html lang=\"ar\" dir=\"rtl\">");
    assert!(
        !page.body.contains("Sign in") && !page.body.contains("Password"),
        "{}",
        page.body
    );

    // Switching in the footer sticks for this browser…
    let switched = arabic
        .submit("/language", &[("lang", "de"), ("next", "/login")])
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location(), "/login");
    arabic
        .get("/login")
        .await
        .assert_contains("<html lang=\"de\" dir=\"ltr\">");

    // …and for a member, in their settings, wherever they sign in next.
    arabic.sign_in(&ada.name).await;
    arabic
        .submit("/language", &[("lang", "pt"), ("next", "/")])
        .await;
    let elsewhere = Browser::new(&app).with_language("en");
    elsewhere.sign_in(&ada.name).await;
    elsewhere
        .get("/")
        .await
        .assert_contains("<html lang=\"pt\" dir=\"ltr\">");
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["ui_language"], "pt");

    let refused = arabic.submit("/language", &[("lang", "xx")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_backends!(a_private_space_looks_missing_to_everyone_outside_it);
async fn a_private_space_looks_missing_to_everyone_outside_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let case = app.space(&ada, "case-kivu", "private").await;
    let post = app.post_in(&ada, &case.to_string(), "Witness list").await;

    let member = Browser::signed_in(&app, &ada).await;
    member
        .get(&format!("/s/{case}"))
        .await
        .assert_contains("case-kivu");
    member
        .get(&format!("/post/{post}"))
        .await
        .assert_contains("Witness list");

    let outsider = Browser::signed_in(&app, &bob).await;
    let anonymous = Browser::new(&app);
    for browser in [&outsider, &anonymous] {
        for (hidden, missing) in [
            (format!("/s/{case}"), "/s/999999".to_owned()),
            (format!("/s/{case}/about"), "/s/999999/about".to_owned()),
            (format!("/post/{post}"), "/post/999999".to_owned()),
        ] {
            let seen = browser.get(&hidden).await;
            let absent = browser.get(&missing).await;
            assert_eq!(seen.status, StatusCode::NOT_FOUND, "{hidden}");
            assert_eq!(absent.status, StatusCode::NOT_FOUND, "{missing}");
            assert!(!seen.body.contains("case-kivu") && !seen.body.contains("Witness"));
            // The same page, but for the address it names.
            let path = |p: &str| p.replace('/', "%2F");
            assert_eq!(
                seen.body
                    .replace(&hidden, "PATH")
                    .replace(&path(&hidden), "PATH"),
                absent
                    .body
                    .replace(&missing, "PATH")
                    .replace(&path(&missing), "PATH"),
            );
        }
    }
    // The directory lists it for its member only.
    assert!(!outsider.get("/spaces").await.body.contains("case-kivu"));
    assert!(!anonymous.get("/").await.body.contains("Witness"));
    assert!(member.get("/spaces").await.body.contains("case-kivu"));
}

on_both_backends!(a_feed_of_twenty_posts_is_light);
async fn a_feed_of_twenty_posts_is_light(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let paragraph = "The regional court in Goma heard the case of the displaced families on Monday; \
        the lawyers of the network asked for the eviction orders to be suspended until the hearing. ";
    for i in 0..20 {
        let (status, _) = app
            .post(
                "/api/v1/spaces/news/posts",
                Some(&ada),
                serde_json::json!({"title": format!("Hearing report {i}"), "body": paragraph.repeat(8)}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let browser = Browser::signed_in(&app, &ada).await;
    let page = browser.get("/s/news").await;
    assert_eq!(page.body.matches("<article class=\"card\"").count(), 20);
    let css_url = page
        .body
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let js_url = page
        .body
        .split("<script src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();

    let client = reqwest::Client::new();
    let mut total = 0;
    let mut with_js = 0;
    for (path, counts_for_html_css) in [
        ("/s/news", true),
        (css_url.as_str(), true),
        (js_url.as_str(), false),
    ] {
        for encoding in ["br", "gzip"] {
            let response = client
                .get(format!("{}{path}", app.base))
                .header("accept-encoding", encoding)
                .header(
                    "cookie",
                    format!("agora_session={}", browser.cookie("agora_session").unwrap()),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(response.headers()["content-encoding"], encoding, "{path}");
            if path.starts_with("/static/") {
                let cache = response.headers()["cache-control"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                assert!(
                    cache.contains("immutable") && cache.contains("max-age=31536000"),
                    "{cache}"
                );
            }
            let bytes = response.bytes().await.unwrap().len();
            if encoding == "br" {
                if counts_for_html_css {
                    total += bytes;
                }
                with_js += bytes;
            }
        }
    }
    eprintln!("feed of 20 posts: {total} bytes brotli (HTML + CSS), {with_js} with JavaScript");
    assert!(total <= 30 * 1024, "{total} bytes");
    assert!(with_js <= 100 * 1024, "{with_js} bytes");
}

on_both_backends!(the_app_installs_and_has_an_offline_page);
async fn the_app_installs_and_has_an_offline_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = Browser::new(&app);
    let home = browser.get("/").await;
    home.assert_contains("rel=\"manifest\" href=\"/manifest.webmanifest\"");
    let manifest = browser.get("/manifest.webmanifest").await;
    assert_eq!(
        manifest.headers["content-type"],
        "application/manifest+json"
    );
    let manifest: serde_json::Value = serde_json::from_str(&manifest.body).unwrap();
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "/");
    let icons = manifest["icons"].as_array().unwrap();
    for size in ["192x192", "512x512"] {
        let icon = icons.iter().find(|i| i["sizes"] == size).unwrap();
        let fetched = browser.get(icon["src"].as_str().unwrap()).await;
        assert_eq!(fetched.status, StatusCode::OK);
        assert_eq!(fetched.headers["content-type"], "image/png");
    }
    let worker = browser.get("/sw.js").await;
    assert_eq!(worker.status, StatusCode::OK);
    worker.assert_contains("/offline");
    assert!(worker.body.contains("/static/app."), "{}", worker.body);
    let offline = browser.get("/offline").await;
    assert_eq!(offline.status, StatusCode::OK);
    offline.assert_contains("<h1>");
}

on_both_backends!(comments_replies_reactions_edits_and_deletions_work_as_forms);
async fn comments_replies_reactions_edits_and_deletions_work_as_forms(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "Monthly webinar").await;
    let bob_browser = Browser::signed_in(&app, &bob).await;
    let page = format!("/post/{post}");

    // Bob is not a member yet: no comment form, and a refused comment.
    bob_browser.get(&page).await.assert_contains("/s/");
    let refused = bob_browser
        .submit(&format!("{page}/comments"), &[("body", "Hello")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let joined = bob_browser.submit("/s/news/join", &[]).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);

    let sent = bob_browser
        .submit(
            &format!("{page}/comments"),
            &[("body", "Will there be **slides**?")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let comment: i64 = sent
        .location()
        .rsplit("comment-")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let ada_browser = Browser::signed_in(&app, &ada).await;
    let reply = ada_browser
        .submit(
            &format!("{page}/comments"),
            &[
                ("body", "Yes, in the library."),
                ("parent_id", &comment.to_string()),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let shown = bob_browser.get(&page).await;
    shown.assert_contains("<strong>slides</strong>");
    shown.assert_contains("depth-1");
    shown.assert_contains("Yes, in the library.");

    // A reaction button gives; shown pressed, it takes back.
    let reacted = bob_browser
        .submit(&format!("{page}/react"), &[("add", "👍")])
        .await;
    assert_eq!(reacted.status, StatusCode::SEE_OTHER);
    bob_browser.get(&page).await.assert_contains(
        "name=\"remove\" value=\"👍\" aria-pressed=\"true\" title=\"Take back your 👍 (1 in all)\">👍 1</button>",
    );
    bob_browser
        .submit(&format!("{page}/react"), &[("remove", "👍")])
        .await;
    assert!(!bob_browser.get(&page).await.body.contains("👍 1"));
    let on_comment = bob_browser
        .submit(&format!("/comment/{comment}/react"), &[("add", "🎉")])
        .await;
    assert_eq!(on_comment.status, StatusCode::SEE_OTHER);
    bob_browser.get(&page).await.assert_contains("🎉 1");

    // Bob edits his comment; he may not edit Ada's post.
    let edited = bob_browser
        .submit(
            &format!("/comment/{comment}/edit"),
            &[("body", "Will there be recordings?")],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    bob_browser.get(&page).await.assert_contains("recordings");
    let not_his = bob_browser
        .submit(
            &format!("{page}/edit"),
            &[("title", "Mine now"), ("body", "")],
        )
        .await;
    assert_eq!(not_his.status, StatusCode::FORBIDDEN);

    // Ada edits and then deletes her post.
    let edit_form = ada_browser.get(&format!("{page}/edit")).await;
    edit_form.assert_contains("Monthly webinar");
    let saved = ada_browser
        .submit(
            &format!("{page}/edit"),
            &[
                ("title", "Monthly webinar: May"),
                ("body", "New date."),
                ("language", "fr"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let after = ada_browser.get(&page).await;
    after.assert_contains("Monthly webinar: May");
    after.assert_contains("lang=\"fr\"");
    let deleted = ada_browser.submit(&format!("{page}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(ada_browser.get(&page).await.status, StatusCode::GONE);
}
