# Events: a space's events, one event's page, the event form, registering.

## A space's events
events-upcoming = Upcoming events
events-past = Past events
events-all = Events
events-show-past = See past events
events-show-upcoming = See upcoming events
events-subscribe = Subscribe to this calendar
events-new = Plan an event
events-create = Create the event
events-none = No upcoming events.
events-none-past = No past events.

## An event in lists and on its page
# $start and $end are a date and time each, already written out.
event-when = { $start } to { $end }
# $start is a date and time, $end only a time of day (the same day).
event-when-same-day = { $start } to { $end }
event-place = Where:
event-online = Online
event-remote = From another server
event-status-confirmed = Confirmed
event-status-tentative = To be confirmed
event-status-cancelled = Cancelled
event-going-count = { $count ->
    [0] Nobody registered yet
    [one] 1 person going
   *[other] { $count } people going
}
event-places-left = { $count ->
    [one] 1 place left
   *[other] { $count } places left
}
event-full = Full
event-my-state-going = You are going.
event-my-state-waiting = You are on the waiting list.
event-my-state-pending = Your registration awaits the organiser's approval.
event-my-state-rejected = Your registration was turned down.
event-breadcrumbs = You are here
event-cancelled-notice = This event is cancelled.
event-when-label = When
event-timezone-label = Time zone
event-where-label = Where
event-online-label = Online link
event-online-for-participants = Shown to participants once their registration is accepted.
event-organiser-label = Organised by
event-registration-label = Registration
event-participants-label = Participants
event-language-label = Language
event-join-free = Open: register and you are in
event-join-restricted = The organiser approves each registration
event-join-invite = By invitation only
event-register = Register
event-unregister = Cancel my registration
event-unregister-confirm = Cancel your registration for this event?
event-sign-in-to-register = Sign in to register
event-add-to-calendar = Add to my calendar

## Those who run an event
event-participants-title = Who takes part
event-participants-none = Nobody has registered yet.
event-participant = Person
event-participant-state = Registration
event-participant-actions = Decision
event-participant-going = Going
event-participant-waiting = On the waiting list
event-participant-pending = Awaiting approval
event-participant-rejected = Turned down
event-approve = Approve
event-turn-down = Turn down
event-turn-down-confirm = Turn down this registration?
event-edit = Change this event
event-edit-open = Show the form
event-save = Save the changes
event-cancel = Cancel this event
event-cancel-confirm = Cancel this event? Everyone registered will be told.

## The event form
event-field-title = Title
event-field-description = Description
event-field-description-hint = Markdown: **bold**, *italics*, [links](https://example.org), lists.
event-field-starts = Starts
event-field-ends = Ends
event-field-timezone = Time zone
event-field-timezone-hint = The start and end are times in this zone. Your own zone, from your settings, comes first in the list.
event-field-online = Online link
event-field-online-hint = Where to join a video call, if there is one (https://…). Only participants whose registration is accepted see it.
event-field-place = Place
event-field-place-name = Name of the place
event-field-place-address = Address
event-field-latitude = Latitude
event-field-longitude = Longitude
event-field-coordinates-hint = Optional, in decimal degrees (for example 50.8503 and 4.3517), to show the place on a map.
event-field-registration = Registration
event-field-join-mode = Who may register
event-field-capacity = Places
event-field-capacity-hint = Leave empty for no limit.
event-field-capacity-keep-hint = Leave empty to keep the current number of places.
event-field-waitlist = When it is full, put people on a waiting list
event-field-language = Language of the event
event-field-language-hint = A language code such as en, fr, ar, de or pt.
event-field-status = Status
# Sent to a participant of another instance, before the link itself.
event-link-message = The online link for “{ $event }”, for participants only:

## What an event leaves behind (recording, slides, notes) and the archives
replays-title = Recording, slides and notes
replay-kind-recording = Recording
replay-kind-slides = Slides
replay-kind-notes = Notes
replays-add = Attach a recording, slides or notes
replays-kind-label = What it is
replays-title-label = Title (optional)
replays-url-label = A link
replays-item-label = Or a file or note of the library
replays-attach = Attach
replays-upload-label = Or upload a file (it is kept in the space's library)
replays-upload = Upload and attach
replays-remove = Remove
replays-remove-confirm = Remove this from the event? A file stays in the library.
replay-error-kind = Choose what it is: a recording, slides or notes.
replay-error-title = A title is at most 200 characters long.
replay-error-url = Give a whole link that starts with https://, at most 2,000 characters long.
replay-error-source = Give a link or pick a file or note of the library: one of the two.
replay-error-item = Pick a file or note of this space's library.
replay-error-file = Choose a file to upload.
replay-error-file-again = Choose the file again: a browser does not keep it when a form comes back.
events-archive-title = Past events and replays
events-archive-intro = Events of the public spaces that have taken place, newest first, with their recordings, slides and notes.
events-archive-older = Older events
front-events-past = Past events and replays

## Working with participants (organisers)
event-message-title = Message participants
event-message-hint = Everyone going, on the waiting list or waiting for approval finds it in their notifications, and by email unless they turned event emails off. Plain text: links are not clickable.
event-message-subject = Subject
event-message-body = Message
event-message-send = Send to participants
event-message-sent = { $count ->
    [0] Message sent, but no participant gets it (none registered, or they turned event notifications off).
    [one] Message sent to 1 participant.
   *[other] Message sent to { $count } participants.
}
event-message-error-no-subject = Write a subject.
event-message-error-subject-long = The subject is too long: at most 200 characters.
event-message-error-body-long = The message is too long: at most 10,000 characters.
event-participants-csv = Download participants (CSV)

## Guests (issue 17 point 5): people without an account
event-field-guests = Let people without an account register with their name and email address
event-field-guests-hint = Public spaces only. They confirm their address by email.
event-guest-title = Register without an account
event-guest-hint = We email you a link to confirm. Every email has a link to cancel.
event-guest-name = Name
event-guest-email = Email address
event-guest-register = Register by email
event-guest-error-name = Write your name, in at most 100 characters.
event-guests-title = Guests
event-guests-none = No guests yet.
event-guest-badge = guest
event-guest-remove = Remove
event-guest-remove-confirm = Remove this guest? They are told by email.
event-guest-state-unconfirmed = Has not confirmed yet
event-guest-state-going = Going
event-guest-state-waiting = On the waiting list
event-guest-state-pending = Awaiting approval
event-guest-state-rejected = Turned down
event-guest-state-cancelled = Cancelled
guest-title = Your registration
guest-sent = Check your inbox: we sent an email to that address. Open its link to confirm.
guest-sent-hint = Nothing arrived? Look in your spam folder, or try again later.
guest-confirm-button = Confirm my registration
guest-cancel-question = Cancel your registration for this event?
guest-cancel-button = Cancel my registration
guest-state-unconfirmed = Your registration is not confirmed yet.
guest-state-going = You are registered. See you there!
guest-state-waiting = You are on the waiting list. We will email you if a place frees.
guest-state-pending = Your registration awaits the organisers’ approval. We will email you.
guest-state-rejected = Your registration was turned down.
guest-state-cancelled = Your registration is cancelled.

# Series (recurring events)
event-field-repeat = Repeat
event-field-repeat-choice = Repeats
event-field-repeat-hint = Each date is an event of its own, with its own registrations. It repeats at the same local time, also when the clocks change.
event-repeat-none = Does not repeat
event-repeat-weekly = Every week
event-repeat-fortnightly = Every two weeks
event-repeat-monthly-weekday = Every month, on the same weekday (e.g. the second Tuesday)
event-repeat-monthly-day = Every month, on the same date
event-field-repeat-until = Until (optional)
event-field-repeat-rule = Or a rule of your own (iCalendar RRULE)
event-field-repeat-rule-hint = For example FREQ=MONTHLY;BYDAY=1TH for the first Thursday of every month. It replaces the choice above.
event-series = Part of a series
event-series-dates = Dates in this series
event-series-rule = Rule (iCalendar)
event-series-moved = moved

# Times in the viewer's zone, and the event's beside them.
event-when-in-zone = { $when } in { $zone }
# The event form's messages next to a refused field.
event-error-title = Give the event a title, at most 200 characters long.
event-error-description = The description may be at most 20,000 characters long.
event-error-date = Enter a date and time, such as 2026-03-29 10:00.
event-error-ends = The end must come after the start, and at most 31 days later.
event-error-online = Enter a web link starting with https://, such as a video call's.
event-error-number = Enter a number, such as 50.8503.
event-error-coordinates = The latitude is between -90 and 90, the longitude between -180 and 180.
event-error-capacity = Enter a whole number of places between 1 and 1,000,000, or leave it empty.
event-error-guests = Only events of public spaces that are not by invitation take guests.
event-error-language = Enter a language code such as en, fr, ar, de or pt.
event-error-repeat = Enter an iCalendar rule such as FREQ=MONTHLY;BYDAY=2TU, repeating daily, weekly, monthly or yearly.
event-error-repeat-until = Enter a date after the first one, such as 2026-12-31.
