//! What a notification can be about: its kind (a stable code the API
//! shows), the category a member sets preferences for, and how it reaches
//! them.

use crate::text_enum::text_enum;

text_enum! {
    /// What happened. The codes are stable: API clients switch on them.
    pub enum Kind {
        /// I was mentioned in a post or comment.
        Mention = "mention",
        /// Someone commented on my post.
        CommentOnPost = "comment.on_post",
        /// Someone replied to my comment.
        CommentReply = "comment.reply",
        /// People reacted to my post or comment (grouped while unread).
        Reaction = "reaction",
        /// A new post in a space I watch.
        PostNew = "post.new",
        /// My request to join a space was approved.
        JoinApproved = "join.approved",
        /// My request to join a space was refused.
        JoinRefused = "join.refused",
        /// I was invited to a space.
        SpaceInvitation = "space.invitation",
        /// Someone asks to join a space I manage.
        JoinRequested = "join.requested",
        /// Someone registered for an event I organise.
        EventRegistration = "event.registration",
        /// Someone cancelled their registration for an event I organise.
        EventUnregistration = "event.unregistration",
        /// Someone moved on or off the waiting list of an event I organise.
        EventWaitlist = "event.waitlist",
        /// An event I registered for changed (`params.changed` lists what).
        EventUpdated = "event.updated",
        /// An event I registered for was cancelled.
        EventCancelled = "event.cancelled",
        /// An event I registered for starts soon (`params.when`: `day` or `hour`).
        EventReminder = "event.reminder",
        /// My registration was accepted (or a place freed up).
        EventAccepted = "event.accepted",
        /// My registration was refused.
        EventRejected = "event.rejected",
        /// An event I went to has a recording, slides or notes
        /// (`params.material`: `recording`, `slides` or `notes`).
        EventReplay = "event.replay",
        /// The organisers of an event I registered for wrote to its
        /// participants (`params.subject`, `params.body`: plain text).
        EventMessage = "event.message",
        /// A library item I follow changed.
        LibraryChanged = "library.changed",
        /// A library item I follow was commented.
        LibraryCommented = "library.commented",
        /// A report waits for a moderator.
        ReportNew = "report.new",
    }
}

text_enum! {
    /// What a member sets a preference for: kinds a person thinks of as one.
    pub enum Category {
        Mentions = "mentions",
        Replies = "replies",
        Reactions = "reactions",
        Posts = "posts",
        Membership = "membership",
        Requests = "requests",
        Organising = "organising",
        Events = "events",
        Library = "library",
        Reports = "reports",
    }
}

text_enum! {
    /// How a category reaches a member.
    pub enum Delivery {
        /// Only on the notifications page (and the API).
        App = "app",
        /// An email at once, as well.
        Email = "email",
        /// In the daily digest email.
        Daily = "daily",
        /// In the weekly digest email.
        Weekly = "weekly",
        /// Not at all.
        Off = "off",
    }
}

impl Kind {
    pub const ALL: [Kind; 22] = [
        Kind::Mention,
        Kind::CommentOnPost,
        Kind::CommentReply,
        Kind::Reaction,
        Kind::PostNew,
        Kind::JoinApproved,
        Kind::JoinRefused,
        Kind::SpaceInvitation,
        Kind::JoinRequested,
        Kind::EventRegistration,
        Kind::EventUnregistration,
        Kind::EventWaitlist,
        Kind::EventUpdated,
        Kind::EventCancelled,
        Kind::EventReminder,
        Kind::EventAccepted,
        Kind::EventRejected,
        Kind::EventReplay,
        Kind::EventMessage,
        Kind::LibraryChanged,
        Kind::LibraryCommented,
        Kind::ReportNew,
    ];

    pub fn category(self) -> Category {
        match self {
            Kind::Mention => Category::Mentions,
            Kind::CommentOnPost | Kind::CommentReply => Category::Replies,
            Kind::Reaction => Category::Reactions,
            Kind::PostNew => Category::Posts,
            Kind::JoinApproved | Kind::JoinRefused | Kind::SpaceInvitation => Category::Membership,
            Kind::JoinRequested => Category::Requests,
            Kind::EventRegistration | Kind::EventUnregistration | Kind::EventWaitlist => {
                Category::Organising
            }
            Kind::EventUpdated
            | Kind::EventCancelled
            | Kind::EventReminder
            | Kind::EventAccepted
            | Kind::EventRejected
            | Kind::EventReplay
            | Kind::EventMessage => Category::Events,
            Kind::LibraryChanged | Kind::LibraryCommented => Category::Library,
            Kind::ReportNew => Category::Reports,
        }
    }

    /// Kinds about a space the member may not be in (yet, or any more): the
    /// one who asked to join, was refused, or is invited knows the space by
    /// that very fact. Every other kind about a private space goes only to
    /// its members (`super::notify`).
    pub fn concerns_outsiders(self) -> bool {
        matches!(
            self,
            Kind::JoinApproved | Kind::JoinRefused | Kind::SpaceInvitation
        )
    }
}

impl Kind {
    /// How a notification of this kind reaches a member whose preference
    /// for its category is `chosen`. An organiser's message is often about
    /// today (the room moved, the link changed): a digest would bring it
    /// too late, so it comes by email at once to those who take the Events
    /// category by email or in a digest. Those who chose the page alone
    /// (an unsubscribe link sets that) get no email, and `off` is off.
    pub fn delivery_for(self, chosen: Delivery) -> Delivery {
        match (self, chosen) {
            (Kind::EventMessage, Delivery::Daily | Delivery::Weekly) => Delivery::Email,
            _ => chosen,
        }
    }
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Mentions,
        Category::Replies,
        Category::Reactions,
        Category::Posts,
        Category::Membership,
        Category::Requests,
        Category::Organising,
        Category::Events,
        Category::Library,
        Category::Reports,
    ];

    /// What a member gets without having chosen: what is addressed to them
    /// personally by email at once, the activity of their spaces in a weekly
    /// digest, the rest in between.
    pub fn default_delivery(self) -> Delivery {
        match self {
            Category::Mentions
            | Category::Replies
            | Category::Membership
            | Category::Requests
            | Category::Events
            | Category::Reports => Delivery::Email,
            Category::Reactions => Delivery::App,
            Category::Organising | Category::Library => Delivery::Daily,
            Category::Posts => Delivery::Weekly,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_once_and_has_a_category() {
        let mut codes: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Kind::ALL.len());
        for category in Category::ALL {
            assert!(
                Kind::ALL.iter().any(|k| k.category() == category),
                "{category} has no kind"
            );
        }
    }

    #[test]
    fn an_organisers_message_comes_at_once_unless_email_is_refused() {
        use Delivery::*;
        for (chosen, got) in [
            (Email, Email),
            (Daily, Email),
            (Weekly, Email),
            (App, App),
            (Off, Off),
        ] {
            assert_eq!(Kind::EventMessage.delivery_for(chosen), got);
        }
        assert_eq!(Kind::EventUpdated.delivery_for(Daily), Daily);
    }

    #[test]
    fn defaults_follow_the_issue() {
        assert_eq!(Category::Mentions.default_delivery(), Delivery::Email);
        assert_eq!(Category::Replies.default_delivery(), Delivery::Email);
        assert_eq!(Category::Posts.default_delivery(), Delivery::Weekly);
    }
}
