# Veranstaltungen: die eines Bereichs, die Seite einer Veranstaltung, das Formular, Anmeldungen.

## Die Veranstaltungen eines Bereichs
events-upcoming = Kommende Veranstaltungen
events-past = Vergangene Veranstaltungen
events-all = Veranstaltungen
events-show-past = Vergangene Veranstaltungen ansehen
events-show-upcoming = Kommende Veranstaltungen ansehen
events-subscribe = Diesen Kalender abonnieren
events-new = Eine Veranstaltung planen
events-create = Veranstaltung anlegen
events-none = Keine kommenden Veranstaltungen.
events-none-past = Keine vergangenen Veranstaltungen.

## Eine Veranstaltung in Listen und auf ihrer Seite
event-when = { $start } bis { $end }
event-when-same-day = { $start } bis { $end }
event-place = Ort:
event-online = Online
event-remote = Von einem anderen Server
event-status-confirmed = Bestätigt
event-status-tentative = Noch nicht bestätigt
event-status-cancelled = Abgesagt
event-going-count = { $count ->
    [0] Noch niemand angemeldet
    [one] { $count } Person nimmt teil
   *[other] { $count } Personen nehmen teil
}
event-places-left = { $count ->
    [one] Noch { $count } Platz frei
   *[other] Noch { $count } Plätze frei
}
event-full = Ausgebucht
event-my-state-going = Sie nehmen teil.
event-my-state-waiting = Sie stehen auf der Warteliste.
event-my-state-pending = Ihre Anmeldung wartet auf die Zustimmung der Veranstalterin oder des Veranstalters.
event-my-state-rejected = Ihre Anmeldung wurde abgelehnt.
event-breadcrumbs = Sie sind hier
event-cancelled-notice = Diese Veranstaltung ist abgesagt.
event-when-label = Wann
event-timezone-label = Zeitzone
event-where-label = Wo
event-online-label = Online-Link
event-online-for-participants = Sichtbar für Teilnehmende, sobald ihre Anmeldung angenommen ist.
event-organiser-label = Veranstaltet von
event-registration-label = Anmeldung
event-participants-label = Teilnehmende
event-language-label = Sprache
event-join-free = Offen: wer sich anmeldet, ist dabei
event-join-restricted = Jede Anmeldung wird von der Veranstaltung bestätigt
event-join-invite = Nur auf Einladung
event-register = Anmelden
event-unregister = Meine Anmeldung zurückziehen
event-unregister-confirm = Ihre Anmeldung zu dieser Veranstaltung zurückziehen?
event-sign-in-to-register = Melden Sie sich an, um teilzunehmen
event-add-to-calendar = In meinen Kalender eintragen

## Für die Veranstaltenden
event-participants-title = Wer teilnimmt
event-participants-none = Noch hat sich niemand angemeldet.
event-participant = Person
event-participant-state = Anmeldung
event-participant-actions = Entscheidung
event-participant-going = Nimmt teil
event-participant-waiting = Auf der Warteliste
event-participant-pending = Wartet auf Zustimmung
event-participant-rejected = Abgelehnt
event-approve = Zustimmen
event-turn-down = Ablehnen
event-turn-down-confirm = Diese Anmeldung ablehnen?
event-edit = Diese Veranstaltung ändern
event-edit-open = Formular anzeigen
event-save = Änderungen speichern
event-cancel = Diese Veranstaltung absagen
event-cancel-confirm = Diese Veranstaltung absagen? Alle Angemeldeten werden benachrichtigt.

## Das Formular
event-field-title = Titel
event-field-description = Beschreibung
event-field-description-hint = Markdown: **fett**, *kursiv*, [Links](https://example.org), Listen.
event-field-starts = Beginn
event-field-ends = Ende
event-field-timezone = Zeitzone
event-field-timezone-hint = Beginn und Ende sind Uhrzeiten in dieser Zone. Ihre eigene Zone aus Ihren Einstellungen steht oben in der Liste.
event-field-online = Online-Link
event-field-online-hint = Wo man der Videokonferenz beitritt, falls es eine gibt (https://…). Nur Teilnehmende mit angenommener Anmeldung sehen ihn.
event-field-place = Ort
event-field-place-name = Name des Ortes
event-field-place-address = Adresse
event-field-latitude = Breitengrad
event-field-longitude = Längengrad
event-field-coordinates-hint = Freiwillig, in Dezimalgrad (zum Beispiel 50.8503 und 4.3517), um den Ort auf einer Karte zu zeigen.
event-field-registration = Anmeldung
event-field-join-mode = Wer sich anmelden kann
event-field-capacity = Plätze
event-field-capacity-hint = Leer lassen für unbegrenzt.
event-field-capacity-keep-hint = Leer lassen, um die bisherige Zahl der Plätze zu behalten.
event-field-waitlist = Wenn ausgebucht, eine Warteliste führen
event-field-language = Sprache der Veranstaltung
event-field-language-hint = Ein Sprachcode wie en, fr, ar, de oder pt.
event-field-status = Status
# Sent to a participant of another instance, before the link itself.
event-link-message = Der Online-Link für „{ $event }“, nur für Teilnehmende:

## Was eine Veranstaltung hinterlässt (Aufzeichnung, Folien, Notizen) und die Archive
replays-title = Aufzeichnung, Folien und Notizen
replay-kind-recording = Aufzeichnung
replay-kind-slides = Folien
replay-kind-notes = Notizen
replays-add = Aufzeichnung, Folien oder Notizen anhängen
replays-kind-label = Was es ist
replays-title-label = Titel (optional)
replays-url-label = Ein Link
replays-item-label = Oder eine Datei oder Notiz aus der Bibliothek
replays-attach = Anhängen
replays-upload-label = Oder eine Datei hochladen (sie wird in der Bibliothek des Raums aufbewahrt)
replays-upload = Hochladen und anhängen
replays-remove = Entfernen
replays-remove-confirm = Von der Veranstaltung entfernen? Eine Datei bleibt in der Bibliothek.
replay-error-kind = Wählen Sie, was es ist: eine Aufzeichnung, Folien oder Notizen.
replay-error-title = Ein Titel hat höchstens 200 Zeichen.
replay-error-url = Geben Sie einen vollständigen Link an, der mit https:// beginnt, mit höchstens 2.000 Zeichen.
replay-error-source = Geben Sie einen Link an oder wählen Sie eine Datei oder Notiz der Bibliothek: eines von beiden.
replay-error-item = Wählen Sie eine Datei oder Notiz aus der Bibliothek dieses Raums.
replay-error-file = Wählen Sie eine Datei zum Hochladen.
replay-error-file-again = Wählen Sie die Datei noch einmal: Ein Browser behält sie nicht, wenn ein Formular zurückkommt.
events-archive-title = Vergangene Veranstaltungen und Aufzeichnungen
events-archive-intro = Veranstaltungen der öffentlichen Räume, die stattgefunden haben, die neuesten zuerst, mit ihren Aufzeichnungen, Folien und Notizen.
events-archive-older = Ältere Veranstaltungen
front-events-past = Vergangene Veranstaltungen und Aufzeichnungen
## Mit Teilnehmenden arbeiten (Organisation)
event-message-title = Nachricht an die Teilnehmenden
event-message-hint = Alle Angemeldeten, Personen auf der Warteliste und alle, die auf Freigabe warten, finden sie in ihren Benachrichtigungen und per E-Mail, sofern sie E-Mails zu Veranstaltungen nicht abgeschaltet haben. Reiner Text: Links sind nicht anklickbar.
event-message-subject = Betreff
event-message-body = Nachricht
event-message-send = An die Teilnehmenden senden
event-message-sent = { $count ->
    [0] Nachricht gesendet, aber niemand erhält sie (keine Anmeldungen, oder Benachrichtigungen zu Veranstaltungen abgeschaltet).
    [one] Nachricht an { $count } Person gesendet.
   *[other] Nachricht an { $count } Personen gesendet.
}
event-message-error-no-subject = Bitte geben Sie einen Betreff an.
event-message-error-subject-long = Der Betreff ist zu lang: höchstens 200 Zeichen.
event-message-error-body-long = Die Nachricht ist zu lang: höchstens 10.000 Zeichen.
event-participants-csv = Teilnehmende herunterladen (CSV)

## Guests (issue 17 point 5): people without an account
event-field-guests = Personen ohne Konto die Anmeldung mit Name und E-Mail-Adresse erlauben
event-field-guests-hint = Nur in öffentlichen Räumen. Sie bestätigen ihre Adresse per E-Mail.
event-guest-title = Ohne Konto anmelden
event-guest-hint = Wir senden Ihnen einen Bestätigungslink. Jede E-Mail enthält einen Link zum Abmelden.
event-guest-name = Name
event-guest-email = E-Mail-Adresse
event-guest-register = Per E-Mail anmelden
event-guest-error-name = Geben Sie Ihren Namen ein, höchstens 100 Zeichen.
event-guests-title = Gäste
event-guests-none = Noch keine Gäste.
event-guest-badge = Gast
event-guest-remove = Entfernen
event-guest-remove-confirm = Diesen Gast entfernen? Er wird per E-Mail benachrichtigt.
event-guest-state-unconfirmed = Noch nicht bestätigt
event-guest-state-going = Nimmt teil
event-guest-state-waiting = Auf der Warteliste
event-guest-state-pending = Wartet auf Zustimmung
event-guest-state-rejected = Abgelehnt
event-guest-state-cancelled = Abgemeldet
guest-title = Ihre Anmeldung
guest-sent = Sehen Sie in Ihrem Posteingang nach: Wir haben eine E-Mail an diese Adresse gesendet. Öffnen Sie den Link darin, um zu bestätigen.
guest-sent-hint = Nichts angekommen? Sehen Sie im Spam-Ordner nach oder versuchen Sie es später erneut.
guest-confirm-button = Anmeldung bestätigen
guest-cancel-question = Ihre Anmeldung für diese Veranstaltung zurückziehen?
guest-cancel-button = Anmeldung zurückziehen
guest-state-unconfirmed = Ihre Anmeldung ist noch nicht bestätigt.
guest-state-going = Sie sind angemeldet. Bis bald!
guest-state-waiting = Sie stehen auf der Warteliste. Wir schreiben Ihnen, wenn ein Platz frei wird.
guest-state-pending = Ihre Anmeldung wartet auf die Zustimmung der Organisatoren. Wir schreiben Ihnen.
guest-state-rejected = Ihre Anmeldung wurde abgelehnt.
guest-state-cancelled = Ihre Anmeldung ist zurückgezogen.

# Serien (wiederkehrende Veranstaltungen)
event-field-repeat = Wiederholung
event-field-repeat-choice = Wiederholt sich
event-field-repeat-hint = Jeder Termin ist eine eigene Veranstaltung mit eigenen Anmeldungen. Die Ortszeit bleibt gleich, auch bei der Zeitumstellung.
event-repeat-none = Keine Wiederholung
event-repeat-weekly = Jede Woche
event-repeat-fortnightly = Alle zwei Wochen
event-repeat-monthly-weekday = Jeden Monat am selben Wochentag (z. B. am zweiten Dienstag)
event-repeat-monthly-day = Jeden Monat am selben Datum
event-field-repeat-until = Bis (optional)
event-field-repeat-rule = Oder eine eigene Regel (iCalendar-RRULE)
event-field-repeat-rule-hint = Zum Beispiel FREQ=MONTHLY;BYDAY=1TH für den ersten Donnerstag jedes Monats. Sie ersetzt die Auswahl oben.
event-series = Teil einer Serie
event-series-dates = Termine dieser Serie
event-series-rule = Regel (iCalendar)
event-series-moved = verschoben

# Times in the viewer's zone, and the event's beside them.
event-when-in-zone = { $when } in { $zone }
# The event form's messages next to a refused field.
event-error-title = Geben Sie der Veranstaltung einen Titel mit höchstens 200 Zeichen.
event-error-description = Die Beschreibung hat höchstens 20.000 Zeichen.
event-error-date = Geben Sie Datum und Uhrzeit ein, etwa 2026-03-29 10:00.
event-error-ends = Das Ende muss nach dem Beginn liegen, höchstens 31 Tage später.
event-error-online = Geben Sie einen Link ein, der mit https:// beginnt, etwa den einer Videokonferenz.
event-error-number = Geben Sie eine Zahl ein, etwa 50.8503.
event-error-coordinates = Der Breitengrad liegt zwischen -90 und 90, der Längengrad zwischen -180 und 180.
event-error-capacity = Geben Sie eine ganze Zahl von Plätzen zwischen 1 und 1.000.000 ein, oder lassen Sie das Feld leer.
event-error-guests = Nur Veranstaltungen öffentlicher Räume, die nicht auf Einladung sind, nehmen Gäste.
event-error-language = Geben Sie einen Sprachcode ein, etwa en, fr, ar, de oder pt.
event-error-repeat = Geben Sie eine iCalendar-Regel ein, etwa FREQ=MONTHLY;BYDAY=2TU, täglich, wöchentlich, monatlich oder jährlich.
event-error-repeat-until = Geben Sie ein Datum nach dem ersten ein, etwa 2026-12-31.
