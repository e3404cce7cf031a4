//! The export archive: everything of mine, as JSON and readable HTML.

use super::*;
use crate::on_both_backends;

on_both_backends!(the_export_holds_my_content_and_a_readable_index,);

async fn the_export_holds_my_content_and_a_readable_index(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.patch(
        "/api/v1/accounts/me",
        Some(&ada),
        json!({"display_name": "<b>Ada</b> & co", "organisation": "Legal Aid"}),
    )
    .await;
    app.space(&ada, "notes", "private").await;
    let own_private = app.post_in(&ada, "notes", "My private plan").await;
    app.space(&bob, "forum", "public").await;
    app.add_member(&bob, "forum", &ada, "contributor").await;
    let bobs_post = app.post_in(&bob, "forum", "Open question").await;
    app.comment_on(&ada, bobs_post, "My open answer").await;
    app.post(
        &format!("/api/v1/posts/{bobs_post}/reactions"),
        Some(&ada),
        json!({"emoji": "👍"}),
    )
    .await;
    // Bob's private space: Ada answers there, then is removed. Her answer
    // is hers; the post's title is Bob's and she can no longer see it.
    app.space(&bob, "board", "private").await;
    app.add_member(&bob, "board", &ada, "contributor").await;
    let secret = app.post_in(&bob, "board", "Board secret title").await;
    app.comment_on(&ada, secret, "My board remark").await;
    let (status, _) = app
        .delete("/api/v1/spaces/board/members/ada", Some(&bob))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let pdf = b"%PDF-1.7\nAda's brief, byte for byte".to_vec();
    let file = app.upload_file(&ada, "notes", "brief.pdf", &pdf).await;
    let (status, note) = app
        .post(
            "/api/v1/spaces/notes/library/notes",
            Some(&ada),
            json!({"title": "Minutes", "body": "# Minutes\n\nWe agreed.", "language": "en"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let (status, event) = app
        .post(
            "/api/v1/spaces/notes/events",
            Some(&ada),
            json!({"title": "Planning call", "starts_at": "2030-05-01T10:00",
                   "ends_at": "2030-05-01T11:00", "timezone": "UTC"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let (status, _) = app
        .post(
            &format!("/api/v1/events/{}/registration", event["id"]),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = app.get("/api/v1/accounts/me/export", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let mut archive = app.export(&ada).await;
    let profile = json_entry(&mut archive, "profile.json");
    assert_eq!(profile["username"], "ada");
    assert_eq!(profile["email"], "ada@example.org");
    assert_eq!(profile["organisation"], "Legal Aid");
    let posts = json_entry(&mut archive, "posts.json");
    assert_eq!(posts.as_array().unwrap().len(), 1);
    assert_eq!(posts[0]["id"], own_private);
    assert_eq!(posts[0]["title"], "My private plan");
    assert_eq!(posts[0]["body"], "Body of My private plan");
    let comments = json_entry(&mut archive, "comments.json");
    let comments = comments.as_array().unwrap();
    assert_eq!(comments.len(), 2);
    let open = comments.iter().find(|c| c["post_id"] == bobs_post).unwrap();
    assert_eq!(open["body"], "My open answer");
    assert_eq!(open["post_title"], "Open question");
    let board = comments.iter().find(|c| c["post_id"] == secret).unwrap();
    assert_eq!(board["body"], "My board remark");
    assert_eq!(board["post_title"], Value::Null);
    let reactions = json_entry(&mut archive, "reactions.json");
    assert_eq!(reactions[0]["emoji"], "👍");
    assert_eq!(reactions[0]["post_id"], bobs_post);
    let events = json_entry(&mut archive, "events.json");
    assert_eq!(events[0]["title"], "Planning call");
    let registrations = json_entry(&mut archive, "registrations.json");
    assert_eq!(registrations[0]["event_title"], "Planning call");
    assert_eq!(registrations[0]["state"], "going");
    let memberships = json_entry(&mut archive, "memberships.json");
    let spaces: Vec<&str> = memberships
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["space"].as_str().unwrap())
        .collect();
    assert_eq!(spaces, ["forum", "notes"]);
    json_entry(&mut archive, "notifications.json");
    let library = json_entry(&mut archive, "library.json");
    let library = library.as_array().unwrap();
    assert_eq!(library.len(), 2);
    let file_path = format!("library/{}/brief.pdf", file["id"]);
    assert_eq!(entry(&mut archive, &file_path), pdf);
    let note_path = format!("library/{}.md", note["id"]);
    assert_eq!(entry(&mut archive, &note_path), b"# Minutes\n\nWe agreed.");

    let index = String::from_utf8(entry(&mut archive, "index.html")).unwrap();
    assert!(index.contains("&lt;b&gt;Ada&lt;/b&gt; &amp; co"), "{index}");
    assert!(!index.contains("<b>Ada</b>"));
    for link in [
        "href=\"profile.json\"",
        "href=\"posts.json\"",
        "href=\"comments.json\"",
        "href=\"library.json\"",
        &format!("href=\"{file_path}\""),
        &format!("href=\"{note_path}\""),
    ] {
        assert!(index.contains(link), "index.html lacks {link}");
    }
    assert!(index.contains("My private plan"));
    assert!(index.contains("<h2>My posts</h2>"), "{index}");
    // In the member's language.
    app.patch(
        "/api/v1/accounts/me",
        Some(&ada),
        json!({"ui_language": "ar"}),
    )
    .await;
    let mut arabic = app.export(&ada).await;
    let index = String::from_utf8(entry(&mut arabic, "index.html")).unwrap();
    assert!(index.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(index.contains("<h2>منشوراتي</h2>"), "{index}");
    // Nothing of Bob's private space beyond Ada's own words.
    for name in archive.file_names().map(str::to_owned).collect::<Vec<_>>() {
        let text = String::from_utf8_lossy(&entry(&mut archive, &name)).into_owned();
        assert!(!text.contains("Board secret title"), "{name} leaks");
    }
    // Bob's export has none of Ada's content.
    let mut bobs = app.export(&bob).await;
    let posts = json_entry(&mut bobs, "posts.json");
    assert!(!posts.to_string().contains("My private plan"));
    assert!(
        !json_entry(&mut bobs, "comments.json")
            .to_string()
            .contains("My")
    );
}
