//! Forms that forgive, for a new post (issue 19, point 3): a refused
//! title, body, language or file brings the space's page back with the
//! composer as typed and the message next to the field; nothing is kept.

use image::ImageEncoder;
use reqwest::StatusCode;

use crate::on_both_backends;
use crate::pictures::jpeg;
use crate::support::{Backend, TestApp};
use crate::web_forms::marked;
use crate::web_support::{Browser, Page};

on_both_backends!(
    a_refused_post_title_keeps_what_was_typed,
    a_refused_picture_keeps_the_post_and_asks_for_the_files_again,
    too_many_files_or_a_bad_language_come_back_next_to_their_field,
    a_refused_comment_or_reply_keeps_what_was_typed,
);

fn unprocessable(page: &Page) {
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
}

async fn posts(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM posts")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    n
}

/// A PNG claiming 30,000 pixels a side: refused before decoding.
fn huge_png() -> Vec<u8> {
    let mut huge = Vec::new();
    image::codecs::png::PngEncoder::new(&mut huge)
        .write_image(&[0; 3], 1, 1, image::ExtendedColorType::Rgb8)
        .unwrap();
    huge[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    huge
}

async fn a_refused_post_title_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let title = "t".repeat(301);
    let typed = [
        ("title", title.as_str()),
        ("body", "Le *marché* ouvre samedi"),
        ("language", "fr"),
        ("descriptions", "Les étals au matin"),
    ];
    let refused = browser
        .upload_files(
            "/s/news/posts",
            &typed,
            "files",
            &[("etals.jpg", jpeg(40, 30))],
        )
        .await;
    unprocessable(&refused);
    refused.assert_contains("Certains champs sont à revoir");
    refused.assert_contains(&format!("value=\"{title}\""));
    refused.assert_contains(">Le *marché* ouvre samedi</textarea>");
    refused.assert_contains(">Les étals au matin</textarea>");
    marked(
        &refused,
        "<input type=\"text\" id=\"post-title\"",
        "post-title-error",
    );
    refused.assert_contains("Donnez un titre au message, de 300 caractères au plus.");
    // The picture sent went with the refusal; the browser must send it again.
    marked(
        &refused,
        "<input type=\"file\" id=\"post-files\"",
        "post-files-error",
    );
    refused.assert_contains("Choisissez à nouveau les fichiers");
    assert_eq!(posts(&app).await, 0);
    assert_eq!(app.media_rows().await, 0);

    // Corrected, it is published; as a draft, it is saved.
    let fixed = [("title", "Marché"), ("body", "Samedi"), ("language", "fr")];
    let sent = browser.submit("/s/news/posts", &fixed).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(sent.location().starts_with("/post/"));
    let draft = [("title", "Plus tard"), ("body", ""), ("save", "draft")];
    let saved = browser.submit("/s/news/posts", &draft).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(saved.location().ends_with("?saved=1"));
}

async fn a_refused_picture_keeps_the_post_and_asks_for_the_files_again(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("ar");
    browser.sign_in(&ada.name).await;
    let typed = [
        ("title", "السوق"),
        ("body", "يفتح السوق يوم السبت"),
        ("language", "ar"),
        ("descriptions", "البسطات صباحًا\nصورة كبيرة"),
    ];
    let files = [("a.jpg", jpeg(40, 30)), ("huge.png", huge_png())];
    let refused = browser
        .upload_files("/s/news/posts", &typed, "files", &files)
        .await;
    unprocessable(&refused);
    refused.assert_contains("value=\"السوق\"");
    refused.assert_contains(">يفتح السوق يوم السبت</textarea>");
    refused.assert_contains("value=\"ar\"");
    refused.assert_contains(">البسطات صباحًا\nصورة كبيرة</textarea>");
    marked(
        &refused,
        "<input type=\"file\" id=\"post-files\"",
        "post-files-error",
    );
    refused.assert_contains("تعذّرت قراءة أحد الملفات");
    // The first picture, stored before the second was refused, is gone too.
    assert_eq!(posts(&app).await, 0);
    assert_eq!(app.media_rows().await, 0);

    // A description too long is shown next to the descriptions.
    let long = "و".repeat(1501);
    let described = [("title", "السوق"), ("descriptions", long.as_str())];
    let refused = browser
        .upload_files(
            "/s/news/posts",
            &described,
            "files",
            &[("a.jpg", jpeg(40, 30))],
        )
        .await;
    unprocessable(&refused);
    marked(
        &refused,
        "<textarea dir=\"auto\" id=\"post-descriptions\"",
        "post-descriptions-error",
    );
    refused.assert_contains("لا يزيد وصف الصورة على");
    assert_eq!(app.media_rows().await, 0);
}

async fn too_many_files_or_a_bad_language_come_back_next_to_their_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app);
    browser.sign_in(&ada.name).await;
    let typed = [("title", "Market"), ("body", "Saturday")];
    let seven: Vec<(&str, Vec<u8>)> = (0..7).map(|_| ("a.jpg", jpeg(20, 20))).collect();
    let refused = browser
        .upload_files("/s/news/posts", &typed, "files", &seven)
        .await;
    unprocessable(&refused);
    refused.assert_contains("value=\"Market\"");
    refused.assert_contains(">Saturday</textarea>");
    marked(
        &refused,
        "<input type=\"file\" id=\"post-files\"",
        "post-files-error",
    );
    refused.assert_contains("Choose at most 6 files.");
    assert_eq!(app.media_rows().await, 0);

    let typed = [
        ("title", "Market"),
        ("body", "Saturday"),
        ("language", "French!"),
    ];
    let refused = browser.submit("/s/news/posts", &typed).await;
    unprocessable(&refused);
    refused.assert_contains("value=\"French!\"");
    marked(
        &refused,
        "<input type=\"text\" id=\"post-language\"",
        "post-language-error",
    );
    refused.assert_contains("Enter a language code such as en, fr, ar, de or pt.");
    assert_eq!(posts(&app).await, 0);
}

async fn comments(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM comments")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    n
}

async fn a_refused_comment_or_reply_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let sent = browser
        .submit("/s/news/posts", &[("title", "Marché"), ("body", "Samedi")])
        .await;
    let post = sent.location().to_owned();
    let action = format!("{post}/comments");

    // A picture that cannot be read: the text and descriptions are kept.
    let typed = [("body", "J’y serai"), ("descriptions", "Mon panier")];
    let refused = browser
        .upload_files(&action, &typed, "files", &[("huge.png", huge_png())])
        .await;
    unprocessable(&refused);
    refused.assert_contains("Certains champs sont à revoir");
    refused.assert_contains(">J’y serai</textarea>");
    refused.assert_contains(">Mon panier</textarea>");
    marked(
        &refused,
        "<input type=\"file\" id=\"comment-files\"",
        "comment-files-error",
    );
    refused.assert_contains("Un fichier n’a pas pu être lu");
    assert_eq!(app.media_rows().await, 0);

    // Too long: next to the text.
    let long = "a".repeat(20_001);
    let refused = browser.submit(&action, &[("body", long.as_str())]).await;
    unprocessable(&refused);
    marked(
        &refused,
        "<textarea dir=\"auto\" id=\"comment-body\"",
        "comment-body-error",
    );
    refused.assert_contains("Écrivez un commentaire de 20 000 caractères au plus.");
    assert_eq!(comments(&app).await, 0);

    // A reply left empty comes back in its own form.
    let written = browser.submit(&action, &[("body", "Premier")]).await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let parent = written
        .location()
        .rsplit("comment-")
        .next()
        .unwrap()
        .to_owned();
    let reply = [("body", "  "), ("parent_id", parent.as_str())];
    let refused = browser.submit(&action, &reply).await;
    unprocessable(&refused);
    marked(
        &refused,
        &format!("<textarea dir=\"auto\" id=\"reply-{parent}\""),
        "comment-body-error",
    );
    assert_eq!(comments(&app).await, 1);
}
