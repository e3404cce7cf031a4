//! Forms that forgive, for what is written again (issue 19, point 3):
//! editing a post or a comment, finishing a draft on its own page, a
//! post's text far over its limit, and a picture described after posting. A refused field comes back in the same
//! form with what was typed and the message next to it; nothing changes.

use reqwest::StatusCode;

use crate::on_both_backends;
use crate::pictures::jpeg;
use crate::support::{Backend, TestApp};
use crate::web_forms::assert_refused;
use crate::web_support::Browser;

on_both_backends!(
    a_refused_post_edit_keeps_what_was_typed,
    a_refused_comment_edit_keeps_what_was_typed,
    a_refused_draft_comes_back_on_its_own_page,
    a_post_text_far_too_long_comes_back_to_be_shortened,
    a_refused_picture_description_comes_back_where_the_picture_is,
);

/// The post's title and text as stored.
async fn stored_post(app: &TestApp, id: &str) -> (String, String, String) {
    sqlx::query_as("SELECT title, body_source, language FROM posts WHERE id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&app.state.db.read)
        .await
        .unwrap()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    n
}

/// A post written through the web; its page's address.
async fn written(browser: &Browser, title: &str, body: &str) -> String {
    let sent = browser
        .submit("/s/news/posts", &[("title", title), ("body", body)])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    sent.location().to_owned()
}

async fn a_refused_post_edit_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("de");
    browser.sign_in(&ada.name).await;
    let post = written(&browser, "Markt", "Samstag").await;
    let id = post.trim_start_matches("/post/").to_owned();
    let edit = format!("{post}/edit");
    browser.get(&edit).await.assert_contains("value=\"Markt\"");

    let title = "M".repeat(301);
    let typed = [
        ("title", title.as_str()),
        ("body", "Der *Markt* öffnet am Samstag <früh>"),
        ("language", "de"),
    ];
    let refused = browser.submit(&edit, &typed).await;
    assert_refused(
        &refused,
        "<input type=\"text\" id=\"post-title\"",
        "post-title-error",
        "Geben Sie dem Beitrag einen Titel mit höchstens 300 Zeichen.",
    );
    refused.assert_contains(&format!("value=\"{title}\""));
    refused.assert_contains(">Der *Markt* öffnet am Samstag &#60;früh&#62;</textarea>");
    assert_eq!(
        stored_post(&app, &id).await,
        ("Markt".into(), "Samstag".into(), "en".into())
    );

    let typed = [
        ("title", "Markt"),
        ("body", "Samstag"),
        ("language", "Deutsch!"),
    ];
    let refused = browser.submit(&edit, &typed).await;
    assert_refused(
        &refused,
        "<input type=\"text\" id=\"post-language\"",
        "post-language-error",
        "Geben Sie einen Sprachcode ein",
    );
    refused.assert_contains("value=\"Deutsch!\"");
    assert_eq!(stored_post(&app, &id).await.2, "en");

    // Corrected, it is saved.
    let typed = [("title", "Markt"), ("body", "Sonntag"), ("language", "de")];
    let saved = browser.submit(&edit, &typed).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        stored_post(&app, &id).await,
        ("Markt".into(), "Sonntag".into(), "de".into())
    );
}

async fn a_refused_comment_edit_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("pt");
    browser.sign_in(&ada.name).await;
    let post = written(&browser, "Mercado", "Sábado").await;
    let sent = browser
        .submit(&format!("{post}/comments"), &[("body", "Lá estarei")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let comment = sent
        .location()
        .rsplit("comment-")
        .next()
        .unwrap()
        .to_owned();
    let edit = format!("/comment/{comment}/edit");

    let long = format!("Lá estarei {}", "e".repeat(20_000));
    let refused = browser.submit(&edit, &[("body", long.as_str())]).await;
    assert_refused(
        &refused,
        &format!("<textarea dir=\"auto\" id=\"edit-{comment}\""),
        "edit-body-error",
        "Escreva um comentário com 20 000 caracteres no máximo.",
    );
    // The edit comes back open, with the text as typed; the page is the
    // post's, with its other forms as they were.
    refused.assert_contains(&format!(">{long}</textarea>"));
    let form = crate::web_forms::between(&refused, "<details open>", "</details>");
    assert!(form.contains(&format!("/comment/{comment}/edit")), "{form}");
    refused.assert_contains("Mercado");
    let (body,): (String,) = sqlx::query_as("SELECT body_source FROM comments WHERE id = $1")
        .bind(comment.parse::<i64>().unwrap())
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(body, "Lá estarei");

    let refused = browser.submit(&edit, &[("body", "   ")]).await;
    assert_refused(
        &refused,
        &format!("<textarea dir=\"auto\" id=\"edit-{comment}\""),
        "edit-body-error",
        "Escreva um comentário com 20 000 caracteres no máximo.",
    );

    let saved = browser.submit(&edit, &[("body", "Lá estaremos")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

async fn a_refused_draft_comes_back_on_its_own_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let draft = [
        ("title", "Audience"),
        ("body", "À finir"),
        ("save", "draft"),
    ];
    let saved = browser.submit("/s/news/posts", &draft).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = saved.location().trim_end_matches("?saved=1").to_owned();
    let id = page.trim_start_matches("/drafts/").to_owned();

    // Published with a title too long: the draft's page, as typed.
    let title = "A".repeat(301);
    let typed = [
        ("title", title.as_str()),
        ("body", "Audience du 12 : renvoyée"),
        ("language", "fr"),
        ("draft_id", id.as_str()),
    ];
    let refused = browser.submit("/s/news/posts", &typed).await;
    assert_refused(
        &refused,
        "<input type=\"text\" id=\"post-title\"",
        "post-title-error",
        "Donnez un titre au message, de 300 caractères au plus.",
    );
    refused.assert_contains(&format!("name=\"draft_id\" value=\"{id}\""));
    refused.assert_contains(&format!("action=\"/drafts/{id}/delete\""));
    refused.assert_contains(&format!("value=\"{title}\""));
    refused.assert_contains(">Audience du 12 : renvoyée</textarea>");
    assert_eq!(count(&app, "posts").await, 0);
    // The draft is as it was saved.
    browser
        .get(&page)
        .await
        .assert_contains(">À finir</textarea>");

    // Saved again as a draft, the same: the same page, the draft unchanged.
    let typed = [
        ("title", title.as_str()),
        ("body", "Renvoyée au 3"),
        ("draft_id", id.as_str()),
        ("save", "draft"),
    ];
    let refused = browser.submit("/s/news/posts", &typed).await;
    assert_refused(
        &refused,
        "<input type=\"text\" id=\"post-title\"",
        "post-title-error",
        "300 caractères au plus",
    );
    refused.assert_contains(&format!("name=\"draft_id\" value=\"{id}\""));
    refused.assert_contains(">Renvoyée au 3</textarea>");
    browser
        .get(&page)
        .await
        .assert_contains(">À finir</textarea>");

    // Someone else's draft is still not found.
    let bob = app.user("bob").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    let other = Browser::new(&app);
    other.sign_in(&bob.name).await;
    let typed = [("title", title.as_str()), ("draft_id", id.as_str())];
    let answer = other.submit("/s/news/posts", &typed).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

async fn a_post_text_far_too_long_comes_back_to_be_shortened(backend: Backend) {
    // The default limit of a request (the tests' own is 64 KiB).
    let app = TestApp::spawn_with(backend, |config| config.max_body_bytes = 1 << 20).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app);
    browser.sign_in(&ada.name).await;
    // 250,000 characters, 500,000 bytes: more than a post may hold, less
    // than the instance takes of a form.
    let body = "é".repeat(250_000);
    let typed = [("title", "Minutes"), ("body", body.as_str())];
    let refused = browser
        .upload_files("/s/news/posts", &typed, "files", &[("a.jpg", jpeg(40, 30))])
        .await;
    assert_refused(
        &refused,
        "<textarea dir=\"auto\" id=\"post-body\"",
        "post-body-error",
        "This is too long: a post is at most 100,000 characters.",
    );
    refused.assert_contains(&format!(">{body}</textarea>"));
    refused.assert_contains("value=\"Minutes\"");
    assert_eq!(count(&app, "posts").await, 0);
    assert_eq!(app.media_rows().await, 0);
}

/// The description a picture has.
async fn description(app: &TestApp, media: i64) -> String {
    let (text,): (String,) = sqlx::query_as("SELECT description FROM media WHERE id = $1")
        .bind(media)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    text
}

/// The id of the picture shown first on `page`.
fn first_picture(page: &crate::web_support::Page) -> i64 {
    crate::web_forms::between(page, "action=\"/media/", "/describe\"")
        .trim_start_matches("action=\"/media/")
        .trim_end_matches("/describe\"")
        .parse()
        .unwrap()
}

async fn a_refused_picture_description_comes_back_where_the_picture_is(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let too_long = format!("Le palais <de justice> {}", "é".repeat(1_500));
    let escaped = too_long.replace('<', "&#60;").replace('>', "&#62;");

    // On the post's page: the picture's form comes back open, as typed.
    let sent = browser
        .upload_files(
            "/s/news/posts",
            &[("title", "Audience"), ("descriptions", "Le palais")],
            "files",
            &[("a.jpg", jpeg(40, 30))],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let post = sent.location().to_owned();
    let picture = first_picture(&browser.get(&post).await);
    let describe = format!("/media/{picture}/describe");
    let refused = browser
        .submit(&describe, &[("description", too_long.as_str())])
        .await;
    assert_refused(
        &refused,
        &format!("<textarea dir=\"auto\" id=\"describe-{picture}\""),
        "describe-description-error",
        "La description d’une image fait au plus 1 500 caractères.",
    );
    refused.assert_contains(&format!(">{escaped}</textarea>"));
    let form = crate::web_forms::between(&refused, "<details open>", "</details>");
    assert!(form.contains(&describe), "{form}");
    refused.assert_contains("Audience");
    assert_eq!(description(&app, picture).await, "Le palais");

    // Someone else cannot tell a refused description from a picture that
    // is not theirs.
    let bob = app.user("bob").await;
    let other = Browser::signed_in(&app, &bob).await;
    let answer = other
        .submit(&describe, &[("description", too_long.as_str())])
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let nothing = other
        .submit(
            "/media/999999/describe",
            &[("description", too_long.as_str())],
        )
        .await;
    // The same page but for the address it names.
    assert_eq!(
        nothing
            .body
            .replace("/media/999999/", &format!("/media/{picture}/")),
        answer.body
    );

    // On a comment: the post's page, that comment's picture form open.
    let sent = browser
        .upload_files(
            &format!("{post}/comments"),
            &[("body", "Vue de la salle")],
            "files",
            &[("b.jpg", jpeg(30, 40))],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let (comment_picture,): (i64,) =
        sqlx::query_as("SELECT id FROM media WHERE comment_id IS NOT NULL")
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    let refused = browser
        .submit(
            &format!("/media/{comment_picture}/describe"),
            &[("description", too_long.as_str())],
        )
        .await;
    assert_refused(
        &refused,
        &format!("<textarea dir=\"auto\" id=\"describe-{comment_picture}\""),
        "describe-description-error",
        "1 500 caractères",
    );
    let form = crate::web_forms::between(&refused, "<details open>", "</details>");
    assert!(
        form.contains(&format!("/media/{comment_picture}/describe")),
        "{form}"
    );
    // Only that one: the post's picture keeps its own description.
    refused.assert_contains(">Le palais</textarea>");

    // On a draft's page.
    let sent = browser
        .upload_files(
            "/s/news/posts",
            &[("title", "Brouillon"), ("save", "draft")],
            "files",
            &[("c.jpg", jpeg(40, 30))],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let draft = sent.location().trim_end_matches("?saved=1").to_owned();
    let picture = first_picture(&browser.get(&draft).await);
    let refused = browser
        .submit(
            &format!("/media/{picture}/describe"),
            &[("description", too_long.as_str())],
        )
        .await;
    assert_refused(
        &refused,
        &format!("<textarea dir=\"auto\" id=\"describe-{picture}\""),
        "describe-description-error",
        "1 500 caractères",
    );
    refused.assert_contains(&format!(">{escaped}</textarea>"));
    refused.assert_contains(&format!("action=\"{draft}/delete\""));
    assert_eq!(description(&app, picture).await, "");

    // Shortened, it is kept.
    let saved = browser
        .submit(
            &format!("/media/{picture}/describe"),
            &[("description", "La salle d’audience")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), draft);
    assert_eq!(description(&app, picture).await, "La salle d’audience");
}
