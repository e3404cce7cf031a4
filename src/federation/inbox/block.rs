//! `Block`: someone elsewhere blocks one of our members (Mastodon sends it
//! so that the blocked side knows). Their own server already hides our
//! member's posts from them, and Agora shows their posts only in spaces,
//! so nothing changes here; it is acknowledged and recorded as received.

use super::inbound::Inbound;
use crate::error::AppResult;

pub(super) async fn receive(_: &Inbound<'_>) -> AppResult<&'static str> {
    Ok("ignored: a block by someone elsewhere changes nothing here")
}
