//! Turns the domain's recorded [`Change`]s into activities.
//!
//! Each change is taken (its row deleted) and published in one
//! transaction: either its deliveries are queued and it is gone, or
//! nothing happened and it waits for the next round. A change that fails
//! [`crate::changes::MAX_ATTEMPTS`] times is set aside with its error.

use super::Federation;
use super::objects::activity::Kind;
use super::publish;
use crate::changes::{self, Change, Verb};
use crate::db::{Db, Tx};
use crate::error::AppResult;

/// How many changes one round reads.
const BATCH: i64 = 200;

/// Publishes every waiting change; returns how many were published.
pub async fn publish_waiting(db: &Db, fed: &Federation) -> AppResult<usize> {
    let mut published = 0;
    loop {
        let batch = changes::waiting(db, BATCH).await?;
        let full = batch.len() as i64 == BATCH;
        let mut progressed = false;
        for (id, change) in batch {
            let Some(change) = change else {
                changes::failed(db, id, "unreadable change").await?;
                continue;
            };
            match publish_one(db, fed, id, &change).await {
                Ok(true) => {
                    published += 1;
                    progressed = true;
                }
                Ok(false) => progressed = true,
                Err(e) => {
                    tracing::warn!(error = %e, ?change, "cannot publish a change");
                    changes::failed(db, id, &e.to_string()).await?;
                }
            }
        }
        if !full || !progressed {
            return Ok(published);
        }
    }
}

/// Takes and publishes change `id`; false if another worker took it.
async fn publish_one(db: &Db, fed: &Federation, id: i64, change: &Change) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    if !changes::take(&mut tx, id).await? {
        return Ok(false);
    }
    publish(&mut tx, fed, change).await?;
    tx.commit().await?;
    Ok(true)
}

fn activity(verb: Verb) -> Kind {
    match verb {
        Verb::Create => Kind::Create,
        Verb::Update => Kind::Update,
        Verb::Delete => Kind::Delete,
    }
}

/// What `change` sends, queued in `tx`.
async fn publish(tx: &mut Tx, fed: &Federation, change: &Change) -> AppResult<()> {
    match change {
        Change::Post { id, verb } => publish::post_changed(tx, fed, *id, activity(*verb)).await,
        Change::PostRemoved { id, by } => match publish::load_post(tx, *id).await? {
            Some(post) => {
                let url = post.url(fed);
                publish::moderator_deleted(tx, fed, &post.space, url, *by).await
            }
            None => Ok(()),
        },
        Change::Comment { id, verb } => {
            publish::comment_changed(tx, fed, *id, activity(*verb)).await
        }
        Change::CommentRemoved { id, by } => match publish::load_comment(tx, *id).await? {
            Some(comment) => {
                let url = comment.url(fed);
                publish::moderator_deleted(tx, fed, &comment.space, url, *by).await
            }
            None => Ok(()),
        },
        Change::Reaction {
            id,
            account_id,
            post_id,
            comment_id,
            emoji,
            undo,
        } => {
            let reaction = publish::Reaction {
                id: *id,
                account_id: *account_id,
                post_id: *post_id,
                comment_id: *comment_id,
                emoji,
            };
            publish::reaction_changed(tx, fed, &reaction, *undo).await
        }
        Change::SpaceFollowed {
            account_id,
            space_id,
            follow_id,
            undo,
        } => publish::follow(tx, fed, *account_id, *space_id, follow_id, *undo).await,
        Change::FollowAnswered {
            space_id,
            account_id,
            follow,
            accept,
        } => publish::answer_follow(tx, fed, *space_id, *account_id, follow, *accept).await,
        Change::Event { id, verb } => publish::event_changed(tx, fed, *id, activity(*verb)).await,
        Change::EventJoined {
            event_id,
            account_id,
            join_id,
            leave,
        } => publish::join_event(tx, fed, *event_id, *account_id, join_id, *leave).await,
        Change::JoinAnswered {
            event_id,
            account_id,
            join_id,
            accept,
        } => publish::answer_join(tx, fed, *event_id, *account_id, join_id, *accept).await,
        Change::MeetingLink {
            event_id,
            account_id,
        } => publish::meeting_link(tx, fed, *event_id, *account_id).await,
        Change::EventMessage {
            event_id,
            subject,
            body,
        } => publish::participant_message(tx, fed, *event_id, subject, body).await,
        Change::LibraryItem { id, verb } => match verb {
            Verb::Delete => publish::library_item_deleted(tx, fed, *id).await,
            _ => publish::library_item_changed(tx, fed, *id, activity(*verb)).await,
        },
        Change::ReportForwarded { report_id } => publish::forward_report(tx, fed, *report_id).await,
        Change::Banned {
            space_id,
            account_id,
            by,
            reason,
        } => publish::banned(tx, fed, *space_id, *account_id, *by, reason).await,
    }
}
