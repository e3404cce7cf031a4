//! Library files and notes (`Document`).

use serde_json::{Value, json};

use super::super::{Federation, PUBLIC};
use super::{SpaceActor, announce, author_url, space_actor, wrap};
use crate::accounts;
use crate::db::{Tx, format_time};
use crate::error::AppResult;
use crate::library::federated::Content;
use crate::library::{self, ItemKind};
use crate::spaces::Visibility;

/// A file or note of ours with what its `Document` needs, or `None` (a
/// folder, a deleted item, an item of another instance).
pub async fn load_library_item(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
) -> AppResult<Option<(SpaceActor, Value)>> {
    let Some(item) = library::federated::item(&mut **tx, item_id).await? else {
        return Ok(None);
    };
    if item.kind == ItemKind::Folder || item.ap_id.is_some() || item.deleted_at.is_some() {
        return Ok(None);
    }
    let space = space_actor(&mut **tx, item.space_id).await?;
    if !space.is_local() {
        return Ok(None);
    }
    let Some(Content {
        body,
        media_type,
        size,
    }) = library::federated::content(&mut **tx, item.id).await?
    else {
        return Ok(None);
    };
    let author = accounts::public::author(&mut **tx, item.created_by).await?;
    let tags = library::federated::tags(&mut **tx, item.id).await?;
    let media_type = media_type.unwrap_or_else(|| "text/markdown; charset=utf-8".into());
    let group = space.id(fed);
    let id = fed.urls.library_item(item.id);
    let mut json = json!({
        "id": id,
        "type": "Document",
        "name": item.title,
        "nameMap": {item.language.clone(): item.title},
        "mediaType": media_type,
        "url": {"type": "Link", "href": fed.urls.library_download(item.id), "mediaType": media_type},
        "size": size,
        "attributedTo": author_url(fed, &author.username, author.ap_id.as_deref()),
        "audience": group,
        "to": [group, PUBLIC],
        "cc": [space.followers(fed)],
        "published": format_time(item.created_at),
        "updated": format_time(item.updated_at),
        "creativeWorkStatus": item.status.as_str(),
        "tag": tags.iter().map(|t| json!({"type": "Hashtag", "name": format!("#{t}")})).collect::<Vec<_>>(),
    });
    if !item.description.is_empty() {
        json["summary"] = json!(crate::markdown::escape_html(&item.description));
    }
    if let Some(body) = body {
        let html = crate::markdown::render(
            &body,
            &Default::default(),
            &Default::default(),
            fed.urls.base(),
        );
        json["content"] = json!(html);
        json["contentMap"] = json!({item.language.clone(): html});
        json["source"] = json!({"content": body, "mediaType": "text/markdown"});
    }
    Ok(Some((space, json)))
}

/// A new or changed file or note of ours: its space's group announces it
/// to every follower. Folders, and anything in a private space, stay here.
pub async fn library_item_changed(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
    kind: &str,
) -> AppResult<()> {
    let Some((space, object)) = load_library_item(tx, fed, item_id).await? else {
        return Ok(());
    };
    if space.visibility != Visibility::Public {
        return Ok(());
    }
    let group = space.id(fed);
    let activity = wrap(fed, kind, &group, object, &space);
    announce(tx, fed, &space, activity).await
}

/// A file or note of ours deleted: its group tells followers. (The row
/// stays as a tombstone.)
pub async fn library_item_deleted(tx: &mut Tx, fed: &Federation, item_id: i64) -> AppResult<()> {
    let item = library::federated::item(&mut **tx, item_id).await?;
    let Some(space_id) = item
        .filter(|i| i.kind != ItemKind::Folder && i.ap_id.is_none())
        .map(|i| i.space_id)
    else {
        return Ok(());
    };
    let space = space_actor(&mut **tx, space_id).await?;
    if !space.is_local() || space.visibility != Visibility::Public {
        return Ok(());
    }
    let group = space.id(fed);
    let object = json!(fed.urls.library_item(item_id));
    let activity = wrap(fed, "Delete", &group, object, &space);
    announce(tx, fed, &space, activity).await
}
