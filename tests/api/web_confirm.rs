//! Destructive actions ask first, also without JavaScript (issue 19 point
//! 3): the form arrives with `confirmed=0`, the answer is a page with its
//! question and the same form with `confirmed=1`, and nothing happens
//! until that one is sent. Forms from elsewhere are not asked about.

use reqwest::StatusCode;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(a_destructive_form_without_javascript_asks_first);

async fn a_destructive_form_without_javascript_asks_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "To be deleted").await;
    let browser = Browser::signed_in(&app, &ada).await;
    let page = browser.get(&format!("/post/{post}")).await;
    page.assert_contains("name=\"confirmed\" value=\"0\"");
    page.assert_contains("name=\"confirm\" value=\"Delete this post");

    // As a browser without JavaScript sends it: a question, nothing done.
    let question = "Delete this post? <b>For good</b>";
    let asked = browser
        .submit(
            &format!("/post/{post}/delete"),
            &[("confirm", question), ("confirmed", "0")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    asked.assert_contains("<p>Delete this post? &#60;b&#62;For good&#60;/b&#62;</p>");
    asked.assert_contains(&format!("action=\"/post/{post}/delete\""));
    asked.assert_contains("name=\"confirmed\" value=\"1\"");
    asked.assert_contains(&format!("name=\"csrf\" value=\"{}\"", browser.csrf()));
    let (status, _) = app.get(&format!("/api/v1/posts/{post}"), Some(&ada)).await;
    assert_eq!(status, StatusCode::OK, "not deleted yet");

    // Yes: done.
    let done = browser
        .submit(&format!("/post/{post}/delete"), &[("confirmed", "1")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (status, _) = app.get(&format!("/api/v1/posts/{post}"), Some(&ada)).await;
    assert_ne!(status, StatusCode::OK, "deleted");

    // A form from another site (no token) is refused as ever, and its
    // words are not shown.
    let other = app.post_in(&ada, "news", "Kept").await;
    let stranger = Browser::new(&app);
    let forged = stranger
        .submit_raw(
            &format!("/post/{other}/delete"),
            &[
                ("csrf".into(), "guessed".into()),
                ("confirm".into(), "Call +1 555 0100 now".into()),
                ("confirmed".into(), "0".into()),
            ],
        )
        .await;
    assert!(forged.status.is_client_error(), "{}", forged.status);
    assert!(!forged.body.contains("555 0100"), "{}", forged.body);
    let (status, _) = app.get(&format!("/api/v1/posts/{other}"), Some(&ada)).await;
    assert_eq!(status, StatusCode::OK);
}
