//! Create, Update and Delete of posts, comments, events and library
//! items, and how a remote object is stored.

use activitypub_federation::config::Data;
use serde_json::Value;

use super::{Inbound, bad, id_of, url_of};
use crate::AppState;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::federation::publish::{self, SpaceActor};
use crate::federation::remote::{self, ActorRow};
use crate::posts;
use crate::spaces;
use crate::urls::{LocalRef, host_of};

impl Inbound<'_> {
    /// FEP-1b12: a remote member posts or edits in a space of ours. The
    /// space checks they may, stores it, and announces it to followers.
    pub(super) async fn create_or_update(&self, kind: &str) -> AppResult<&'static str> {
        let object = self.object();
        let object = if object.is_string() {
            remote::fetch(self.data, &url_of(object, "object")?).await?
        } else if object.is_object() {
            object.clone()
        } else {
            return Err(bad("object: missing or not an id"));
        };
        let Some(space) = self.addressed_group(Some(&object)).await? else {
            return Ok("ignored: not addressed to a space of this instance");
        };
        self.refuse_if_banned(space.space_id).await?;
        if !spaces::federation::allows(&self.data.db, space.space_id, &self.actor.host()).await? {
            return Err(AppError::forbidden(
                "this space federates only with listed instances",
            ));
        }
        let author = self.person_id()?;
        if object.get("attributedTo").and_then(id_of) != Some(self.actor.ap_id.as_str()) {
            return Err(AppError::Forbidden(
                "the object is attributed to someone else".into(),
            ));
        }
        let object_id = url_of(&object, "object.id")?;
        if host_of(&object_id) != Some(self.actor.host()) {
            return Err(bad("object.id: not on the author's server"));
        }
        let following: Option<(i64,)> = sqlx::query_as(
            "SELECT account_id FROM space_followers WHERE space_id = $1 AND account_id = $2",
        )
        .bind(space.space_id)
        .bind(author)
        .fetch_optional(&self.data.db.read)
        .await?;
        if following.is_none() {
            return Err(AppError::Forbidden(
                "follow this space before posting in it".into(),
            ));
        }
        let stored = store_object(self.data, &space, &object, author, kind == "Update").await?;
        if stored {
            self.announce_as_is(&space).await?;
        }
        Ok(if stored { "stored" } else { "ignored" })
    }

    /// A Delete by the object's author, sent to a space of ours.
    pub(super) async fn delete(&self) -> AppResult<&'static str> {
        let object_id = url_of(self.object(), "object")?;
        if let ActorRow::Account(account) = self.actor.row
            && object_id == self.actor.ap_id
        {
            // A person closed their account (`federation::farewell` on Agora).
            remote::forget_person(&self.data.db, account).await?;
            return Ok("deleted: the actor");
        }
        if let ActorRow::Space(space_id) = self.actor.row {
            // A group removing content of its own space.
            let deleted =
                posts::delete_remote(&self.data.db, object_id.as_str(), None, Some(space_id))
                    .await?
                    || crate::library::delete_remote(
                        &self.data.db,
                        object_id.as_str(),
                        None,
                        Some(space_id),
                    )
                    .await?;
            return Ok(if deleted { "deleted" } else { "ignored" });
        }
        let author = self.person_id()?;
        let space = self.object_space(object_id.as_str()).await?;
        let deleted =
            posts::delete_remote(&self.data.db, object_id.as_str(), Some(author), None).await?;
        if deleted
            && let Some(space) = space
            && space.is_local()
        {
            self.announce_as_is(&space).await?;
        }
        Ok(if deleted {
            "deleted"
        } else {
            "ignored: nothing of theirs to delete"
        })
    }

    /// The space of a post or comment named by its URL (ours) or id.
    pub(super) async fn object_space_of_target(&self, target: &str) -> AppResult<Option<i64>> {
        let (post, comment) = match self.data.federation.urls.parse(target) {
            Some(LocalRef::Post(id)) => (id, 0),
            Some(LocalRef::Comment(id)) => (0, id),
            _ => (0, 0),
        };
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT space_id FROM posts WHERE id = $1 OR ap_id = $3 \
             UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id \
             WHERE c.id = $2 OR c.ap_id = $3",
        )
        .bind(post)
        .bind(comment)
        .bind(target)
        .fetch_optional(&self.data.db.read)
        .await?;
        Ok(row.map(|(id,)| id))
    }

    pub(super) async fn object_space(&self, object_id: &str) -> AppResult<Option<SpaceActor>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            publish::space_actor_columns!(),
            " FROM spaces s WHERE s.id IN (SELECT space_id FROM posts WHERE ap_id = $1 \
               UNION SELECT p.space_id FROM comments c JOIN posts p ON p.id = c.post_id \
               WHERE c.ap_id = $1)"
        ))
        .bind(object_id)
        .fetch_optional(&self.data.db.read)
        .await?)
    }
}

/// Stores a `Page` as a post or a `Note` as a comment of `space`. Returns
/// whether anything changed.
pub(in crate::federation) async fn store_object(
    data: &Data<AppState>,
    space: &SpaceActor,
    object: &Value,
    author: i64,
    update: bool,
) -> AppResult<bool> {
    let urls = &data.federation.urls;
    let id = url_of(object, "object.id")?;
    let text = |field: &str| object.get(field).and_then(Value::as_str).unwrap_or("");
    let content = text("content");
    if content.chars().count() > 100_000 {
        return Err(bad("content: longer than 100000 characters"));
    }
    let html = crate::markdown::sanitize_html(content);
    let source = object
        .get("source")
        .filter(|s| s.get("mediaType").and_then(Value::as_str) == Some("text/markdown"))
        .and_then(|s| s.get("content"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_default();
    let language = object
        .get("contentMap")
        .and_then(Value::as_object)
        .and_then(|m| m.keys().next().cloned())
        .filter(|l| l.len() <= 35)
        .unwrap_or_else(|| "und".into());
    let published = object
        .get("published")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .map(|t| t.as_microsecond())
        .unwrap_or_else(db::now);
    let mentioned = local_mentions(data, object).await?;
    let kind = text("type");
    match kind {
        "Page" | "Article" => {
            let mut title = text("name").trim().to_owned();
            if title.is_empty() {
                title = remote_title(&html);
            }
            if title.chars().count() > 300 {
                return Err(bad("name: longer than 300 characters"));
            }
            posts::store_remote(
                &data.db,
                posts::RemotePost {
                    ap_id: id.to_string(),
                    space_id: space.space_id,
                    author_id: author,
                    title,
                    body_source: source,
                    body_html: html,
                    language,
                    created_at: published,
                    mentioned,
                },
                update,
            )
            .await
        }
        "Note" => {
            let parent = url_of(object.get("inReplyTo").unwrap_or(&Value::Null), "inReplyTo")?;
            let parent =
                posts::comments::find_parent(&data.db, urls, parent.as_str(), space.space_id)
                    .await?;
            let Some((post_id, parent_id)) = parent else {
                return Ok(false); // a reply to something we do not have
            };
            posts::comments::store_remote(
                &data.db,
                posts::comments::RemoteComment {
                    ap_id: id.to_string(),
                    post_id,
                    parent_id,
                    author_id: author,
                    body_source: source,
                    body_html: html,
                    created_at: published,
                    mentioned,
                },
                update,
            )
            .await
        }
        _ => Ok(false),
    }
}

/// Our members an object mentions: its `Mention` tags whose `href` is one
/// of our people's URLs (at most 50, like a local text's mentions).
async fn local_mentions(data: &Data<AppState>, object: &Value) -> AppResult<Vec<i64>> {
    let urls = &data.federation.urls;
    let names: Vec<String> = object
        .get("tag")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|t| t.get("type").and_then(Value::as_str) == Some("Mention"))
        .filter_map(|t| t.get("href").and_then(Value::as_str))
        .filter_map(|href| match urls.parse(href) {
            Some(LocalRef::Person(name)) => Some(name),
            _ => None,
        })
        .take(50)
        .collect();
    let mut ids = Vec::new();
    for name in names {
        if let Ok(id) = crate::accounts::find_id_by_handle(&data.db, &name).await {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// A title for a post that came without one: the start of its text.
fn remote_title(html: &str) -> String {
    let text = crate::markdown::plain_text(html);
    let mut title: String = text.trim().chars().take(80).collect();
    if title.is_empty() {
        title = "(untitled)".into();
    }
    title
}
