## Notifications: what each kind says, the notifications page, the unread count.

notification-someone = Jemand
# A guest registered by email (no account), as the actor of a notice.
notification-guest = { $name } (Gast)
notification-untitled = (ohne Titel)
notification-when = { $time } ({ $zone })
notification-changed-time = Zeit
notification-changed-place = Ort
notification-changed-link = Online-Link
notification-changed-status = Status
notification-changed-title = Titel
notification-change-time = neue Zeit { $when }
notification-change-place = neuer Ort: { $place }
notification-change-place-none = kein Ort mehr
notification-change-link = neuer Online-Link (auf der Seite der Veranstaltung, für angenommene Teilnehmende)
notification-change-link-none = kein Online-Link mehr
notification-change-status = Status jetzt „{ $status }“
notification-change-title = neuer Titel
notification-change-separator = {"; "}
notification-mention-post = { $actor } hat Sie in „{ $post }“ in { $space } erwähnt
notification-mention-comment = { $actor } hat Sie in einem Kommentar zu „{ $post }“ in { $space } erwähnt
notification-comment-on-post = { $actor } hat Ihren Beitrag „{ $post }“ in { $space } kommentiert
notification-comment-reply = { $actor } hat auf Ihren Kommentar zu „{ $post }“ in { $space } geantwortet
notification-reaction-post = { $count ->
    [0] { $actor } hat auf Ihren Beitrag „{ $post }“ reagiert
    [one] { $actor } und 1 weitere Person haben auf Ihren Beitrag „{ $post }“ reagiert
   *[other] { $actor } und { $count } weitere Personen haben auf Ihren Beitrag „{ $post }“ reagiert
}
notification-reaction-comment = { $count ->
    [0] { $actor } hat auf Ihren Kommentar zu „{ $post }“ reagiert
    [one] { $actor } und 1 weitere Person haben auf Ihren Kommentar zu „{ $post }“ reagiert
   *[other] { $actor } und { $count } weitere Personen haben auf Ihren Kommentar zu „{ $post }“ reagiert
}
notification-post-new = { $actor } hat „{ $post }“ in { $space } veröffentlicht
notification-join-approved = Ihre Anfrage, { $space } beizutreten, wurde angenommen
notification-join-refused = Ihre Anfrage, { $space } beizutreten, wurde abgelehnt
notification-space-invitation = { $actor } lädt Sie ein, { $space } beizutreten
notification-join-requested = { $actor } möchte { $space } beitreten
notification-follow-requested = { $actor } möchte { $space } von einem anderen Server aus folgen
notification-event-registration = { $actor } hat sich für „{ $event }“ angemeldet
notification-event-registration-pending = { $actor } möchte sich für „{ $event }“ anmelden
notification-event-unregistration = { $actor } hat die Anmeldung für „{ $event }“ zurückgezogen
notification-event-waitlist = { $actor } steht auf der Warteliste für „{ $event }“
notification-event-waitlist-moved-up = { $actor } ist von der Warteliste für „{ $event }“ nachgerückt
notification-event-updated = „{ $event }“ in { $space } wurde geändert: { $changed }
notification-event-cancelled = „{ $event }“ in { $space } wurde abgesagt
notification-event-reminder-day = „{ $event }“ beginnt morgen: { $when }
notification-event-reminder-hour = „{ $event }“ beginnt in einer Stunde: { $when }
notification-event-accepted = Ihre Anmeldung für „{ $event }“ ist bestätigt
notification-event-accepted-freed = Ein Platz ist frei geworden: Sie sind jetzt für „{ $event }“ angemeldet
notification-event-accepted-waiting = Sie stehen auf der Warteliste für „{ $event }“
notification-event-rejected = Ihre Anmeldung für „{ $event }“ wurde abgelehnt
notification-event-replay-recording = Die Aufzeichnung von „{ $event }“ in { $space } ist online
notification-event-replay-slides = Die Folien von „{ $event }“ in { $space } sind online
notification-event-replay-notes = Notizen zu „{ $event }“ in { $space } sind online
notification-event-message = { $actor } hat den Teilnehmenden von „{ $event }“ geschrieben: { $subject }
notification-library-changed = { $actor } hat „{ $item }“ in { $space } geändert
notification-library-commented = { $actor } hat „{ $item }“ in { $space } kommentiert
notification-report-new = { $actor } hat eine Meldung an die Moderation geschickt
notification-report-new-remote = Eine Meldung von { $origin } wartet auf die Moderation

nav-notifications = Benachrichtigungen
nav-notifications-unread = { $count ->
    [one] 1 ungelesen
   *[other] { $count } ungelesen
}
notifications-title = Benachrichtigungen
notifications-none = Noch nichts Neues für Sie.
notifications-unread-label = Ungelesen
notifications-mark-read = Als gelesen markieren
notifications-mark-all-read = Alle als gelesen markieren
notifications-open = Öffnen
notifications-newer = Neuere
notifications-older = Ältere
notifications-all-read = Alles gelesen.

settings-timezone = Ihre Zeitzone
settings-timezone-hint = Uhrzeiten in Benachrichtigungen und E-Mails werden in dieser Zone angegeben.
settings-timezone-utc = UTC (Weltzeit)

## Following a library item
library-follow = Folgen: mich über Änderungen und Kommentare informieren
library-unfollow = Gefolgt: nicht mehr informieren
