## Email: notification emails, digests, notification preferences, unsubscribing, the admin's outbox.


mail-greeting = Hello { $name },
mail-open = Open in Agora
mail-private-no-text = This happened in a private space, so its text stays there: open Agora to read it.
mail-preferences = Choose what reaches you and how: { $url }
mail-unsubscribe = Stop these emails
mail-unsubscribe-digest = Stop this digest
mail-why-email = You get this email because your notification settings send { $category } by email at once.
mail-why-email-space = You get this email because your notification settings send { $category } in { $space } by email at once.

## Categories and deliveries (also on the settings page).
mail-category-mentions = mentions
mail-category-replies = replies and comments
mail-category-reactions = reactions
mail-category-posts = new posts
mail-category-membership = memberships and invitations
mail-category-requests = join requests
mail-category-organising = events I organise
mail-category-events = events I registered for
mail-category-library = library items I follow
mail-category-reports = reports to handle
mail-delivery-email = Email at once
mail-delivery-daily = Daily digest
mail-delivery-weekly = Weekly digest
mail-delivery-app = In Agora only
mail-delivery-off = Off

## Digests.
mail-digest-daily-subject = { $count ->
    [one] Your daily digest: { $count } notification
   *[other] Your daily digest: { $count } notifications
}
mail-digest-weekly-subject = { $count ->
    [one] Your weekly digest: { $count } notification
   *[other] Your weekly digest: { $count } notifications
}
mail-digest-daily-intro = Here is what happened in your spaces since your last daily digest.
mail-digest-weekly-intro = Here is what happened in your spaces since your last weekly digest.
mail-digest-more = There is more than fits in one email: the rest is on your notifications page.
mail-digest-open = See all notifications
mail-digest-elsewhere = Elsewhere
mail-why-digest-daily = You get this digest because some notifications are set to a daily digest in your preferences.
mail-why-digest-weekly = You get this digest because some notifications are set to a weekly digest in your preferences.

## Invitations.
mail-invitation-subject = You are invited to join { $instance }
mail-invitation-greeting = Hello,
mail-invitation-body = { $inviter } invites you to join { $instance }, where your network works together.
mail-invitation-expires = The link works once, until { $date }.
mail-invitation-register = Create your account
mail-invitation-why = You get this email because a moderator of { $instance } entered your address. If you do not want to join, ignore it.
mail-invitation-email = Email the link to (optional)
mail-invitation-email-hint = The link is sent to this address in the instance's language; it is shown here as well.
mail-invitation-sent = The link was emailed to { $address }.

## A space's email setting.
mail-space-full-text = Emails may quote this space's posts and comments
mail-space-full-text-hint = Off: emails about this private space carry only titles and names, and members read the text in Agora.

## The admin's outbox.
mail-outbox = Outgoing mail
mail-outbox-files = No SMTP server is configured: emails are kept as .eml files in the mail folder of the data folder, and listed here.
mail-outbox-all = All
mail-outbox-failed = Given up
mail-outbox-none = No email yet.
mail-outbox-subject = Subject
mail-outbox-recipient = To
mail-outbox-kind = Kind
mail-outbox-state = State
mail-outbox-time = Queued
mail-outbox-older = Older emails
mail-outbox-back = All outgoing mail
mail-outbox-attempts = Attempts
mail-outbox-error = Last error
mail-outbox-file = File
mail-outbox-language = Language
mail-outbox-text = Text
mail-state-pending = Waiting
mail-state-sent = Sent
mail-state-written = Kept as a file
mail-state-failed = Given up

## Notification settings.
prefs-title = Notification settings
prefs-saved = Your notification settings are saved.
prefs-intro = Choose how each kind of news reaches you: by email at once, in a daily or weekly digest email, only here in Agora, or not at all.
prefs-everywhere = In all spaces
prefs-category = News about
prefs-category-hint-mentions = Someone names you in a post or comment.
prefs-category-hint-replies = Comments on your posts, replies to your comments.
prefs-category-hint-reactions = Reactions to what you wrote.
prefs-category-hint-posts = New posts in spaces you watch.
prefs-category-hint-membership = Join requests answered, invitations to spaces.
prefs-category-hint-requests = People asking to join a space you manage.
prefs-category-hint-organising = Registrations and cancellations for your events.
prefs-category-hint-events = Changes, cancellations and reminders of events you registered for.
prefs-category-hint-library = Changes and comments on library items you follow.
prefs-category-hint-reports = Reports waiting for a moderator.
prefs-default = (default)
prefs-spaces = Space by space
prefs-spaces-intro = A space can differ from the rest: choose here what changes for it.
prefs-no-spaces = You are in no space yet.
prefs-overrides = { $count ->
    [one] { $count } change
   *[other] { $count } changes
}
prefs-as-everywhere = As in all spaces
prefs-save-space = Save for { $space }
space-watch = Watch new posts
space-stop-watching = Stop watching

## Unsubscribing.
unsubscribe-title = Unsubscribe
unsubscribe-confirm = Stop emails about { $what }?
unsubscribe-button = Unsubscribe
unsubscribe-done = Done: no more emails about { $what }.
unsubscribe-change = You can change this at any time:
mail-unsubscribe-what = { $category }
mail-unsubscribe-what-space = { $category } in { $space }
mail-unsubscribe-what-digest-daily = the daily digest
mail-unsubscribe-what-digest-weekly = the weekly digest

## Guests (issue 17 point 5): emails to people without an account
guest-mail-greeting = Hello { $name },
guest-mail-confirm-subject = Confirm your registration for “{ $event }”
guest-mail-confirm-body = This address was given to register for “{ $event }” on { $instance }. To confirm, open the link below and press the button.
guest-mail-confirm-button = Confirm my registration
guest-mail-confirm-ignore = If it was not you, ignore this email: nothing happens without confirmation.
guest-mail-already-subject = You are already registered for “{ $event }”
guest-mail-going-subject = You are registered for “{ $event }”
guest-mail-registered-subject = Your registration for “{ $event }”
guest-mail-rejected-subject = Your registration for “{ $event }” was turned down
guest-mail-cancelled-subject = Your registration for “{ $event }” is cancelled
guest-mail-removed-subject = The organisers removed your registration for “{ $event }”
guest-mail-state-unconfirmed = Your registration is not confirmed yet.
guest-mail-state-going = You have a place.
guest-mail-state-waiting = You are on the waiting list: we will email you if a place frees.
guest-mail-state-pending = Your registration awaits the organisers’ approval: we will email you.
guest-mail-state-rejected = Your registration was turned down.
guest-mail-state-cancelled = Your registration is cancelled.
guest-mail-message-intro = A message from the organisers of “{ $event }”:
guest-mail-time = { $start } to { $end } ({ $zone })
guest-mail-when = When: { $when }
guest-mail-where = Where: { $place }
guest-mail-link = Online: { $url }
guest-mail-link-later = Online: the link comes by email once you have a place.
guest-mail-why = You get this email because this address registered as a guest for “{ $event }” on { $instance }.
guest-mail-cancel-link = Cancel my registration
