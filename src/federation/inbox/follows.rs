//! Follow, Undo (of a follow, a like, a join), Accept and Reject.

use serde_json::Value;

use super::{Inbound, id_of, url_of};
use crate::error::{AppError, AppResult};
use crate::federation::publish;
use crate::federation::remote::ActorRow;
use crate::posts;
use crate::spaces;
use crate::spaces::follows::FollowAnswer;
use crate::urls::LocalRef;

impl Inbound<'_> {
    pub(super) async fn follow(&self) -> AppResult<&'static str> {
        let target = url_of(self.object(), "object")?;
        let Some(LocalRef::Space(slug)) = self.data.federation.urls.parse(target.as_str()) else {
            return Ok("ignored: only spaces can be followed");
        };
        let space = crate::federation::actors::local_group(&self.data.db, &slug)
            .await?
            .ok_or(AppError::NotFound("object"))?;
        self.refuse_if_banned(space.space_id).await?;
        let follower = self.person_id()?;
        let fed = &self.data.federation;
        let db = &self.data.db;
        let host = self.actor.host();
        let allowed = spaces::federation::allows(db, space.space_id, &host).await?;
        let mut tx = db.begin().await?;
        let outcome = if !allowed {
            // The space federates only with listed instances.
            publish::answer_follow(
                &mut tx,
                fed,
                space.space_id,
                follower,
                &self.activity,
                false,
            )
            .await?;
            "rejected: this space federates only with listed instances"
        } else if fed.policy.verdict(&host) == crate::federation::policy::Verdict::Limited {
            spaces::federation::request_follow(&mut tx, space.space_id, follower, &self.activity)
                .await?;
            "waiting for a space manager's approval"
        } else {
            spaces::federation::accept_follower(
                &mut tx,
                space.space_id,
                follower,
                self.activity.clone(),
            )
            .await?;
            "following"
        };
        tx.commit().await?;
        fed.wake_outbox();
        Ok(outcome)
    }

    pub(super) async fn undo(&self) -> AppResult<&'static str> {
        let inner = self.object();
        let inner_id = url_of(inner, "object")?;
        let inner_kind = inner.get("type").and_then(Value::as_str).unwrap_or("");
        if let Some(inner_actor) = inner.get("actor").and_then(id_of)
            && inner_actor != self.actor.ap_id.as_str()
        {
            return Err(AppError::Forbidden(
                "only an activity's actor may undo it".into(),
            ));
        }
        let account = self.person_id()?;
        if inner_kind == "Follow" || inner_kind.is_empty() {
            let slug = match inner
                .get("object")
                .and_then(id_of)
                .and_then(|o| self.data.federation.urls.parse(o))
            {
                Some(LocalRef::Space(slug)) => Some(slug),
                _ => None,
            };
            let removed = spaces::federation::remove_follower(
                &self.data.db,
                account,
                inner_id.as_str(),
                slug.as_deref(),
            )
            .await?;
            if removed {
                return Ok("unfollowed");
            }
        }
        // Undo(Like): the reaction goes, and a space of ours tells its followers.
        let space = self.reaction_space(inner_id.as_str()).await?;
        let removed =
            posts::reactions::remove_remote(&self.data.db, inner_id.as_str(), account).await?;
        if removed
            && let Some(space) = space
            && space.is_local()
        {
            self.announce_as_is(&space).await?;
        }
        Ok(if removed {
            "undone"
        } else {
            "ignored: nothing to undo"
        })
    }

    pub(super) async fn accept(&self) -> AppResult<&'static str> {
        let ActorRow::Space(space_id) = self.actor.row else {
            return Ok("ignored: only spaces accept follows here");
        };
        let follow_id = url_of(self.object(), "object")?;
        if crate::events::join_answered(&self.data.db, follow_id.as_str(), space_id, true).await? {
            return Ok("registered");
        }
        let answer =
            spaces::follows::answered(&self.data.db, space_id, follow_id.as_str(), true).await?;
        let FollowAnswer::Accepted { first } = answer else {
            return Ok("ignored: no such follow");
        };
        if first {
            // Followed for the first time: fetch its recent posts.
            let data = self.data.reset_request_count();
            tokio::spawn(async move {
                if let Err(e) = crate::federation::announce::backfill(&data, space_id).await {
                    tracing::info!(error = %e, space_id, "backfill of a followed space failed");
                }
            });
        }
        Ok("accepted")
    }

    pub(super) async fn reject(&self) -> AppResult<&'static str> {
        let ActorRow::Space(space_id) = self.actor.row else {
            return Ok("ignored");
        };
        let follow_id = url_of(self.object(), "object")?;
        if crate::events::join_answered(&self.data.db, follow_id.as_str(), space_id, false).await? {
            return Ok("registration declined");
        }
        spaces::follows::answered(&self.data.db, space_id, follow_id.as_str(), false).await?;
        Ok("rejected")
    }
}
