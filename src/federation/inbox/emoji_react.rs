//! `EmojiReact` (Pleroma, Akkoma, Misskey): a reaction with an emoji,
//! taken like a `Like` that carries one.

use super::inbound::Inbound;
use super::{bad, like};
use crate::error::AppResult;

pub(super) async fn receive(inbound: &Inbound<'_>) -> AppResult<&'static str> {
    let emoji = inbound
        .activity
        .emoji()
        .ok_or_else(|| bad("EmojiReact: no emoji in content"))?;
    like::react(inbound, Some(emoji)).await
}
