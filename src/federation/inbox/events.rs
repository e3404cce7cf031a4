//! Join and Leave of our events.

use super::{Inbound, id_of, url_of};
use crate::error::{AppError, AppResult};
use crate::spaces;
use crate::urls::LocalRef;

impl Inbound<'_> {
    /// The event of ours a `Join`/`Leave` names, in a public space, with
    /// the sender allowed there.
    pub(super) async fn local_event(&self) -> AppResult<i64> {
        let target = url_of(self.object(), "object")?;
        let Some(LocalRef::Event(event_id)) = self.data.federation.urls.parse(target.as_str())
        else {
            return Err(AppError::NotFound("object"));
        };
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT e.space_id FROM events e JOIN spaces s ON s.id = e.space_id \
             WHERE e.id = $1 AND s.visibility = 'public' AND s.domain IS NULL AND e.ap_id IS NULL",
        )
        .bind(event_id)
        .fetch_optional(&self.data.db.read)
        .await?;
        let (space_id,) = row.ok_or(AppError::NotFound("object"))?;
        self.refuse_if_banned(space_id).await?;
        if !spaces::federation::allows(&self.data.db, space_id, &self.actor.host()).await? {
            return Err(AppError::forbidden(
                "this space federates only with listed instances",
            ));
        }
        Ok(event_id)
    }

    /// Someone elsewhere registers for an event of ours.
    pub(super) async fn join(&self) -> AppResult<&'static str> {
        let event_id = self.local_event().await?;
        let account = self.person_id()?;
        let join_id = id_of(&self.activity["id"]).unwrap_or_default();
        let state = crate::events::remote_join(
            &self.data.db,
            &self.data.changes,
            event_id,
            account,
            join_id,
        )
        .await?;
        Ok(match state {
            crate::events::ParticipantState::Going => "going",
            crate::events::ParticipantState::Waiting => "on the waiting list",
            crate::events::ParticipantState::Pending => "waiting for the organiser",
            crate::events::ParticipantState::Rejected => "rejected",
        })
    }

    pub(super) async fn leave(&self) -> AppResult<&'static str> {
        let event_id = self.local_event().await?;
        let account = self.person_id()?;
        let left =
            crate::events::remote_leave(&self.data.db, &self.data.changes, event_id, account)
                .await?;
        Ok(if left {
            "left"
        } else {
            "ignored: not registered"
        })
    }
}
