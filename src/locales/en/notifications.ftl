## Notifications: what each kind says, the notifications page, the unread count.

## What each kind says. $actor is a person's name, $post, $event and $item
## titles, $space a space's title, $when a date and time with its zone.
notification-someone = Someone
# A guest registered by email (no account), as the actor of a notice.
notification-guest = { $name } (guest)
notification-untitled = (untitled)
# $time is a date and time of day, $zone the reader's time zone.
notification-when = { $time } ({ $zone })
notification-changed-time = time
notification-changed-place = place
notification-changed-link = online link
notification-changed-status = status
notification-changed-title = title
# The phrases of an event's change notice ($changed below), one per change:
# $when is the new start, $place the new place, $status the new status.
# notification-changed-* name a change in notices kept from before.
notification-change-time = new time { $when }
notification-change-place = new place: { $place }
notification-change-place-none = no place any more
notification-change-link = new online link (on the event’s page, for accepted participants)
notification-change-link-none = no online link any more
notification-change-status = status now “{ $status }”
notification-change-title = new title
notification-change-separator = {"; "}
notification-mention-post = { $actor } mentioned you in “{ $post }” in { $space }
notification-mention-comment = { $actor } mentioned you in a comment on “{ $post }” in { $space }
notification-comment-on-post = { $actor } commented on your post “{ $post }” in { $space }
notification-comment-reply = { $actor } replied to your comment on “{ $post }” in { $space }
# $count is how many other people reacted too.
notification-reaction-post = { $count ->
    [0] { $actor } reacted to your post “{ $post }”
    [one] { $actor } and 1 other reacted to your post “{ $post }”
   *[other] { $actor } and { $count } others reacted to your post “{ $post }”
}
notification-reaction-comment = { $count ->
    [0] { $actor } reacted to your comment on “{ $post }”
    [one] { $actor } and 1 other reacted to your comment on “{ $post }”
   *[other] { $actor } and { $count } others reacted to your comment on “{ $post }”
}
notification-post-new = { $actor } posted “{ $post }” in { $space }
notification-join-approved = Your request to join { $space } was approved
notification-join-refused = Your request to join { $space } was declined
notification-space-invitation = { $actor } invited you to join { $space }
notification-join-requested = { $actor } asks to join { $space }
notification-follow-requested = { $actor } asks to follow { $space } from another server
notification-event-registration = { $actor } registered for “{ $event }”
notification-event-registration-pending = { $actor } asks to register for “{ $event }”
notification-event-unregistration = { $actor } cancelled their registration for “{ $event }”
notification-event-waitlist = { $actor } is on the waiting list for “{ $event }”
notification-event-waitlist-moved-up = { $actor } moved up from the waiting list of “{ $event }”
# $changed lists what changed and what it is now, e.g. "new place: Salle 3; status now “Confirmed”".
notification-event-updated = “{ $event }” in { $space } changed: { $changed }
notification-event-cancelled = “{ $event }” in { $space } is cancelled
notification-event-reminder-day = “{ $event }” starts tomorrow: { $when }
notification-event-reminder-hour = “{ $event }” starts in an hour: { $when }
notification-event-accepted = Your registration for “{ $event }” is confirmed
notification-event-accepted-freed = A place freed up: you are now registered for “{ $event }”
notification-event-accepted-waiting = You are on the waiting list for “{ $event }”
notification-event-rejected = Your registration for “{ $event }” was declined
notification-event-replay-recording = The recording of “{ $event }” in { $space } is online
notification-event-replay-slides = The slides of “{ $event }” in { $space } are online
notification-event-replay-notes = Notes of “{ $event }” in { $space } are online
notification-event-message = { $actor } wrote to the participants of “{ $event }”: { $subject }
notification-library-changed = { $actor } changed “{ $item }” in { $space }
notification-library-commented = { $actor } commented on “{ $item }” in { $space }
notification-report-new = { $actor } sent a report for the moderators
# $origin is the server the report came from.
notification-report-new-remote = A report from { $origin } waits for the moderators

## The notifications page and the header
nav-notifications = Notifications
# In the header, next to "Notifications".
nav-notifications-unread = { $count ->
    [one] 1 unread
   *[other] { $count } unread
}
notifications-title = Notifications
notifications-none = Nothing to tell you yet.
notifications-unread-label = Unread
notifications-mark-read = Mark read
notifications-mark-all-read = Mark all read
notifications-open = Open
notifications-newer = Newer
notifications-older = Older
notifications-all-read = Everything is read.

## The time zone setting
settings-timezone = Your time zone
settings-timezone-hint = Times in notifications and emails are written in this zone.
settings-timezone-utc = UTC (universal time)

## Following a library item
library-follow = Follow: tell me of changes and comments
library-unfollow = Following: stop telling me
