//! Likes, and relaying them through the space's group.

use serde_json::Value;

use super::{Inbound, id_of, url_of};
use crate::error::{AppError, AppResult};
use crate::federation::publish::{self, SpaceActor};
use crate::posts;
use crate::spaces;

impl Inbound<'_> {
    /// A reaction to content in a space of ours.
    pub(super) async fn like(&self) -> AppResult<&'static str> {
        let account = self.person_id()?;
        let target = url_of(self.object(), "object")?;
        let like_id = id_of(&self.activity["id"]).unwrap_or_default().to_owned();
        let emoji = self.activity.get("content").and_then(Value::as_str);
        if let Some(space) = self.object_space_of_target(target.as_str()).await? {
            self.refuse_if_banned(space).await?;
            if !spaces::federation::allows(&self.data.db, space, &self.actor.host()).await? {
                return Err(AppError::forbidden(
                    "this space federates only with listed instances",
                ));
            }
        }
        let stored = posts::reactions::add_remote(
            &self.data.db,
            &self.data.federation.urls,
            target.as_str(),
            account,
            emoji,
            &like_id,
        )
        .await?;
        if stored
            && let Some(space) = self.reaction_space(&like_id).await?
            && space.is_local()
        {
            self.announce_as_is(&space).await?;
        }
        Ok(if stored { "stored" } else { "ignored" })
    }

    pub(super) async fn reaction_space(&self, like_id: &str) -> AppResult<Option<SpaceActor>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            publish::space_actor_columns!(),
            " FROM reactions r LEFT JOIN comments c ON c.id = r.comment_id \
             JOIN posts p ON p.id = COALESCE(r.post_id, c.post_id) JOIN spaces s ON s.id = p.space_id \
             WHERE r.ap_id = $1"
        ))
        .bind(like_id)
        .fetch_optional(&self.data.db.read)
        .await?)
    }

    pub(super) async fn announce_as_is(&self, space: &SpaceActor) -> AppResult<()> {
        let fed = &self.data.federation;
        let mut tx = self.data.db.begin().await?;
        publish::announce(&mut tx, fed, space, self.activity.clone()).await?;
        tx.commit().await?;
        fed.wake_outbox();
        Ok(())
    }
}
