//! Library files and notes (`Document`).

use serde_json::Value;

use super::super::Federation;
use super::super::objects::activity::Kind;
use super::super::objects::document::{Bytes, Described, SentDocument};
use super::super::objects::value;
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
    let text = body.map(|body| {
        let html = crate::markdown::render(
            &body,
            &Default::default(),
            &Default::default(),
            fed.urls.base(),
        );
        (html, body)
    });
    let described = Described {
        id: fed.urls.library_item(item.id),
        title: item.title,
        language: item.language,
        description: item.description,
        author: author_url(fed, &author.username, author.ap_id.as_deref()),
        published: format_time(item.created_at),
        updated: format_time(item.updated_at),
        status: item.status.as_str(),
        tags,
    };
    let bytes = Bytes {
        href: fed.urls.library_download(item.id),
        media_type,
        size,
        text,
    };
    let json = value(SentDocument::sent(described, bytes, space.audience(fed)));
    Ok(Some((space, json)))
}

/// A new or changed file or note of ours: its space's group announces it
/// to every follower. Folders, and anything in a private space, stay here.
pub async fn library_item_changed(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
    kind: Kind,
) -> AppResult<()> {
    let Some((space, object)) = load_library_item(tx, fed, item_id).await? else {
        return Ok(());
    };
    if space.visibility != Visibility::Public {
        return Ok(());
    }
    let group = space.id(fed);
    let activity = wrap(fed, kind, &group, object, &space).into_value();
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
    let object = fed.urls.library_item(item_id);
    let activity = wrap(fed, Kind::Delete, &group, object, &space).into_value();
    announce(tx, fed, &space, activity).await
}
