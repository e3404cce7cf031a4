//! Library files and notes (`Document`).

use serde_json::Value;

use super::super::Federation;
use super::super::PUBLIC;
use super::super::objects::activity::Kind;
use super::super::objects::card::{SentCard, card_tombstone};
use super::super::objects::document::{Bytes, Described, SentDocument};
use super::super::objects::value;
use super::{
    SpaceActor, announce, announce_with, author_url, card_from_author, follower_inboxes,
    space_actor, wrap,
};
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
    let loaded = library_document(tx, fed, item_id).await?;
    Ok(loaded.map(|(space, document, _)| (space, value(document))))
}

/// A library item's card (`federation::objects::card`), or `None`.
pub async fn load_library_card(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
) -> AppResult<Option<Value>> {
    let loaded = library_document(tx, fed, item_id).await?;
    Ok(loaded.map(|(_, document, _)| value(SentCard::of_document(&document))))
}

/// The `Document` of a file or note of ours, its space, and who added it.
async fn library_document(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
) -> AppResult<Option<(SpaceActor, SentDocument, i64)>> {
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
    let document = SentDocument::sent(described, bytes, space.audience(fed));
    Ok(Some((space, document, item.created_by)))
}

/// A new or changed file or note of ours: its space's group announces it
/// to every follower, and its card beside it (the form microblogs and
/// forums show). An edit of the card comes from its author too, the only
/// form in which Mastodon applies it. Folders, and anything in a private
/// space, stay here.
pub async fn library_item_changed(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
    kind: Kind,
) -> AppResult<()> {
    let Some((space, document, author_id)) = library_document(tx, fed, item_id).await? else {
        return Ok(());
    };
    if space.visibility != Visibility::Public {
        return Ok(());
    }
    let card = value(SentCard::of_document(&document));
    let group = space.id(fed);
    let activity = wrap(fed, kind, &group, value(document), &space).into_value();
    if kind == Kind::Create {
        return announce_with(tx, fed, &space, activity, card).await;
    }
    announce(tx, fed, &space, activity).await?;
    let followers = follower_inboxes(tx, space.space_id).await?;
    card_from_author(tx, fed, author_id, Kind::Update, card, followers).await
}

/// A file or note of ours deleted: its group tells followers, and its
/// author deletes the card. (The row stays as a tombstone.)
pub async fn library_item_deleted(tx: &mut Tx, fed: &Federation, item_id: i64) -> AppResult<()> {
    let item = library::federated::item(&mut **tx, item_id).await?;
    let Some(item) = item.filter(|i| i.kind != ItemKind::Folder && i.ap_id.is_none()) else {
        return Ok(());
    };
    let space = space_actor(&mut **tx, item.space_id).await?;
    if !space.is_local() || space.visibility != Visibility::Public {
        return Ok(());
    }
    let group = space.id(fed);
    let object = fed.urls.library_item(item_id);
    let author = author_of(tx, fed, item.created_by).await?;
    let card = card_tombstone(&object, &author, vec![group.clone(), PUBLIC.into()]);
    let activity = wrap(fed, Kind::Delete, &group, object, &space).into_value();
    announce(tx, fed, &space, activity).await?;
    let followers = follower_inboxes(tx, space.space_id).await?;
    card_from_author(tx, fed, item.created_by, Kind::Delete, card, followers).await
}

/// The actor URL of the member `account_id`.
async fn author_of(tx: &mut Tx, fed: &Federation, account_id: i64) -> AppResult<String> {
    let author = accounts::public::author(&mut **tx, account_id).await?;
    Ok(author_url(fed, &author.username, author.ap_id.as_deref()))
}
