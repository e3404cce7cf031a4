//! Events as other servers see them: what their `Event` is built from and
//! whether it may be shown. Read only.

use super::{Event, event_columns};
use crate::error::AppResult;
use crate::spaces::addresses::{Exposure, exposure_columns};

/// An event by id, ours or a copy of another instance's.
pub async fn event<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    event_id: i64,
) -> AppResult<Option<Event>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events e WHERE e.id = $1"
    ))
    .bind(event_id)
    .fetch_optional(executor)
    .await?)
}

/// How far event `event_id` is seen, or `None` if there is no such event.
pub async fn exposure<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    event_id: i64,
) -> AppResult<Option<Exposure>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        exposure_columns!("e"),
        " FROM events e JOIN spaces s ON s.id = e.space_id WHERE e.id = $1"
    ))
    .bind(event_id)
    .fetch_optional(executor)
    .await?)
}
