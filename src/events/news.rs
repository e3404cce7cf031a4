//! Who hears of what happens to an event: its participants when it
//! changes (saying what changed) and its organiser when people register,
//! cancel or move on the waiting list. Called in the transaction of the
//! change, from the local paths and the federation inbox's alike.

use super::{Event, ParticipantState};
use crate::db::Tx;
use crate::error::AppResult;
use crate::notifications::{self, Kind, New};

/// What participants care about in an event, to compare before and after.
pub(super) struct Essentials<'a> {
    pub title: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place_name: Option<&'a str>,
    pub place_address: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<&'a str>,
    pub status: super::EventStatus,
}

impl<'a> From<&'a Event> for Essentials<'a> {
    fn from(e: &'a Event) -> Self {
        Essentials {
            title: &e.title,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            place_name: e.place_name.as_deref(),
            place_address: e.place_address.as_deref(),
            latitude: e.latitude,
            longitude: e.longitude,
            online_url: e.online_url.as_deref(),
            status: e.status,
        }
    }
}

/// The codes of what changed (`time`, `place`, `link`, `status`, `title`),
/// in that order: what `params.changed` of `event.updated` lists.
pub(super) fn changed(old: &Essentials, new: &Essentials) -> Vec<&'static str> {
    let mut what = Vec::new();
    if old.starts_at != new.starts_at || old.ends_at != new.ends_at {
        what.push("time");
    }
    if old.place_name != new.place_name
        || old.place_address != new.place_address
        || old.latitude != new.latitude
        || old.longitude != new.longitude
    {
        what.push("place");
    }
    if old.online_url != new.online_url {
        what.push("link");
    }
    if old.status != new.status {
        what.push("status");
    }
    if old.title != new.title {
        what.push("title");
    }
    what
}

/// `event.updated` with what changed and, where a word is not enough, what
/// it is now: `place` (the new place, empty when there is none), `status`
/// (the new one), `link` (whether there still is one; the link itself is
/// for those accepted only, and the notice also reaches people waiting).
/// The new time and title are the event's own, read when it is shown.
fn changed_news(what: &[&'static str], new: &Essentials) -> New {
    let mut news = New::of(Kind::EventUpdated).param("changed", what.to_vec());
    if what.contains(&"place") {
        let place = [new.place_name, new.place_address]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        news = news.param("place", place);
    }
    if what.contains(&"status") {
        news = news.param("status", new.status.to_string());
    }
    if what.contains(&"link") {
        news = news.param("link", new.online_url.is_some());
    }
    news
}

/// Tells the participants that the event was cancelled, or what changed
/// in it (nothing when nothing they care about did).
pub(super) async fn event_changed(
    tx: &mut Tx,
    event: &Event,
    old: &Essentials<'_>,
    new: &Essentials<'_>,
    actor: Option<i64>,
) -> AppResult<()> {
    use super::EventStatus::Cancelled;
    let mut news = if new.status == Cancelled && old.status != Cancelled {
        New::of(Kind::EventCancelled)
    } else {
        let what = changed(old, new);
        if what.is_empty() {
            return Ok(());
        }
        changed_news(&what, new)
    };
    news = news.space(event.space_id).event(event.id);
    if let Some(actor) = actor {
        news = news.actor(actor);
    }
    super::tell_participants(tx, event.id, &news).await?;
    // Guests hear of it by email, saying the same.
    let kind = if news.kind == Kind::EventCancelled {
        "event_cancelled"
    } else {
        "changed"
    };
    super::guests::emails::tell_event(tx, event.id, &TAKING_PART, kind, &news.params).await?;
    Ok(())
}

/// The guests who hear of changes and messages: all but those turned
/// down, cancelled or unconfirmed.
pub(super) const TAKING_PART: [&str; 3] = ["going", "waiting", "pending"];

/// [`tell_organiser`] for a guest (who has no account: their name is a
/// param, and the notice has no actor).
pub(super) async fn tell_organiser_of_guest(
    tx: &mut Tx,
    event: &Event,
    name: &str,
    what: OrganiserNews,
) -> AppResult<()> {
    let Some(news) = organiser_news(what) else {
        return Ok(());
    };
    let news = news
        .param("guest", name)
        .space(event.space_id)
        .event(event.id);
    notifications::notify(tx, event.organiser_id, &news).await
}

fn organiser_news(what: OrganiserNews) -> Option<New> {
    Some(match what {
        OrganiserNews::Registered(ParticipantState::Waiting) => {
            New::of(Kind::EventWaitlist).param("state", "waiting")
        }
        OrganiserNews::Registered(ParticipantState::Rejected) => return None,
        OrganiserNews::Registered(state) => {
            New::of(Kind::EventRegistration).param("state", state.to_string())
        }
        OrganiserNews::MovedUp => New::of(Kind::EventWaitlist).param("state", "going"),
        OrganiserNews::Left => New::of(Kind::EventUnregistration),
    })
}

/// Tells the organiser that someone registered (`state`: going, waiting or
/// pending), moved up from the waiting list (`moved`), or left.
pub(super) async fn tell_organiser(
    tx: &mut Tx,
    event: &Event,
    account_id: i64,
    what: OrganiserNews,
) -> AppResult<()> {
    let Some(news) = organiser_news(what) else {
        return Ok(());
    };
    let news = news.actor(account_id).space(event.space_id).event(event.id);
    notifications::notify(tx, event.organiser_id, &news).await
}

pub(super) enum OrganiserNews {
    Registered(ParticipantState),
    MovedUp,
    Left,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::EventStatus;

    fn base() -> Essentials<'static> {
        Essentials {
            title: "Hearing",
            starts_at: 10,
            ends_at: 20,
            place_name: Some("Court"),
            place_address: None,
            latitude: None,
            longitude: None,
            online_url: None,
            status: EventStatus::Confirmed,
        }
    }

    #[test]
    fn says_what_changed() {
        assert!(changed(&base(), &base()).is_empty());
        let moved = Essentials {
            starts_at: 11,
            place_name: Some("Hall"),
            online_url: Some("https://meet.example/x"),
            ..base()
        };
        assert_eq!(changed(&base(), &moved), ["time", "place", "link"]);
        let renamed = Essentials {
            title: "Appeal",
            status: EventStatus::Tentative,
            ..base()
        };
        assert_eq!(changed(&base(), &renamed), ["status", "title"]);
    }

    #[test]
    fn the_notice_carries_the_new_place_status_and_whether_there_is_a_link() {
        let after = Essentials {
            place_name: Some("Hall"),
            place_address: Some("1 Rue"),
            online_url: None,
            status: EventStatus::Tentative,
            ..base()
        };
        let before = Essentials {
            online_url: Some("https://meet.example/x"),
            ..base()
        };
        let what = changed(&before, &after);
        assert_eq!(what, ["place", "link", "status"]);
        let news = changed_news(&what, &after);
        assert_eq!(news.params["place"], "Hall, 1 Rue");
        assert_eq!(news.params["status"], "tentative");
        assert_eq!(news.params["link"], false);
        let retimed = Essentials {
            starts_at: 12,
            ..base()
        };
        let news = changed_news(&changed(&base(), &retimed), &retimed);
        assert_eq!(news.params, serde_json::json!({"changed": ["time"]}));
    }
}
