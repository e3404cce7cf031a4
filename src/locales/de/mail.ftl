## Email: notification emails, digests, notification preferences, unsubscribing, the admin's outbox.


mail-greeting = Hallo { $name },
mail-open = In Agora öffnen
mail-private-no-text = Das geschah in einem privaten Bereich, dessen Text dort bleibt: Öffnen Sie Agora, um ihn zu lesen.
mail-preferences = Wählen Sie, was Sie wie erreicht: { $url }
mail-unsubscribe = Diese E-Mails abbestellen
mail-unsubscribe-digest = Diese Zusammenfassung abbestellen
mail-why-email = Sie erhalten diese E-Mail, weil Ihre Benachrichtigungseinstellungen { $category } sofort per E-Mail senden.
mail-why-email-space = Sie erhalten diese E-Mail, weil Ihre Benachrichtigungseinstellungen { $category } in { $space } sofort per E-Mail senden.

## Kategorien und Zustellarten (auch auf der Einstellungsseite).
mail-category-mentions = Erwähnungen
mail-category-replies = Antworten und Kommentare
mail-category-reactions = Reaktionen
mail-category-posts = neue Beiträge
mail-category-membership = Mitgliedschaften und Einladungen
mail-category-requests = Beitrittsanfragen
mail-category-organising = Veranstaltungen, die ich organisiere
mail-category-events = Veranstaltungen, für die ich angemeldet bin
mail-category-library = Bibliothekseinträge, denen ich folge
mail-category-reports = zu bearbeitende Meldungen
mail-delivery-email = Sofort per E-Mail
mail-delivery-daily = Tägliche Zusammenfassung
mail-delivery-weekly = Wöchentliche Zusammenfassung
mail-delivery-app = Nur in Agora
mail-delivery-off = Aus

## Zusammenfassungen.
mail-digest-daily-subject = { $count ->
    [one] Ihre tägliche Zusammenfassung: { $count } Benachrichtigung
   *[other] Ihre tägliche Zusammenfassung: { $count } Benachrichtigungen
}
mail-digest-weekly-subject = { $count ->
    [one] Ihre wöchentliche Zusammenfassung: { $count } Benachrichtigung
   *[other] Ihre wöchentliche Zusammenfassung: { $count } Benachrichtigungen
}
mail-digest-daily-intro = Das ist in Ihren Bereichen seit Ihrer letzten täglichen Zusammenfassung geschehen.
mail-digest-weekly-intro = Das ist in Ihren Bereichen seit Ihrer letzten wöchentlichen Zusammenfassung geschehen.
mail-digest-more = Es ist mehr, als in eine E-Mail passt: Der Rest steht auf Ihrer Benachrichtigungsseite.
mail-digest-open = Alle Benachrichtigungen ansehen
mail-digest-elsewhere = Anderswo
mail-why-digest-daily = Sie erhalten diese Zusammenfassung, weil in Ihren Einstellungen manche Benachrichtigungen auf eine tägliche Zusammenfassung gestellt sind.
mail-why-digest-weekly = Sie erhalten diese Zusammenfassung, weil in Ihren Einstellungen manche Benachrichtigungen auf eine wöchentliche Zusammenfassung gestellt sind.

## Einladungen.
mail-invitation-subject = Sie sind eingeladen, { $instance } beizutreten
mail-invitation-greeting = Hallo,
mail-invitation-body = { $inviter } lädt Sie ein, { $instance } beizutreten, wo Ihr Netzwerk zusammenarbeitet.
mail-invitation-expires = Der Link gilt einmal, bis zum { $date }.
mail-invitation-register = Konto anlegen
mail-invitation-why = Sie erhalten diese E-Mail, weil jemand aus der Moderation von { $instance } Ihre Adresse eingegeben hat. Wenn Sie nicht beitreten möchten, ignorieren Sie sie.
mail-invitation-email = Link per E-Mail senden an (freiwillig)
mail-invitation-email-hint = Der Link geht in der Sprache der Instanz an diese Adresse; er wird auch hier angezeigt.
mail-invitation-sent = Der Link wurde an { $address } gesendet.

## E-Mail-Einstellung eines Bereichs.
mail-space-full-text = E-Mails dürfen Beiträge und Kommentare dieses Bereichs zitieren
mail-space-full-text-hint = Aus: E-Mails über diesen privaten Bereich enthalten nur Titel und Namen; Mitglieder lesen den Text in Agora.

## Ausgehende E-Mails (Verwaltung).
mail-outbox = Ausgehende E-Mails
mail-outbox-files = Kein SMTP-Server ist eingerichtet: E-Mails werden als .eml-Dateien im Ordner mail des Datenordners aufbewahrt und hier aufgelistet.
mail-outbox-all = Alle
mail-outbox-failed = Aufgegeben
mail-outbox-none = Noch keine E-Mail.
mail-outbox-subject = Betreff
mail-outbox-recipient = An
mail-outbox-kind = Art
mail-outbox-state = Status
mail-outbox-time = Eingereiht
mail-outbox-older = Ältere E-Mails
mail-outbox-back = Alle ausgehenden E-Mails
mail-outbox-attempts = Versuche
mail-outbox-error = Letzter Fehler
mail-outbox-file = Datei
mail-outbox-language = Sprache
mail-outbox-text = Text
mail-state-pending = Wartet
mail-state-sent = Gesendet
mail-state-written = Als Datei aufbewahrt
mail-state-failed = Aufgegeben

## Benachrichtigungseinstellungen.
prefs-title = Benachrichtigungseinstellungen
prefs-saved = Ihre Benachrichtigungseinstellungen sind gespeichert.
prefs-intro = Wählen Sie, wie jede Art von Neuigkeit Sie erreicht: sofort per E-Mail, in einer täglichen oder wöchentlichen Zusammenfassung, nur hier in Agora oder gar nicht.
prefs-everywhere = In allen Bereichen
prefs-category = Neuigkeiten über
prefs-category-hint-mentions = Jemand nennt Sie in einem Beitrag oder Kommentar.
prefs-category-hint-replies = Kommentare zu Ihren Beiträgen, Antworten auf Ihre Kommentare.
prefs-category-hint-reactions = Reaktionen auf das, was Sie geschrieben haben.
prefs-category-hint-posts = Neue Beiträge in Bereichen, die Sie beobachten.
prefs-category-hint-membership = Antworten auf Beitrittsanfragen, Einladungen in Bereiche.
prefs-category-hint-requests = Menschen, die einem von Ihnen verwalteten Bereich beitreten möchten.
prefs-category-hint-organising = An- und Abmeldungen zu Ihren Veranstaltungen.
prefs-category-hint-events = Änderungen, Absagen und Erinnerungen zu Veranstaltungen, für die Sie angemeldet sind.
prefs-category-hint-library = Änderungen und Kommentare zu Bibliothekseinträgen, denen Sie folgen.
prefs-category-hint-reports = Meldungen, die auf die Moderation warten.
prefs-default = (Standard)
prefs-spaces = Bereich für Bereich
prefs-spaces-intro = Ein Bereich kann vom Rest abweichen: Wählen Sie hier, was sich für ihn ändert.
prefs-no-spaces = Sie sind noch in keinem Bereich.
prefs-overrides = { $count ->
    [one] { $count } Abweichung
   *[other] { $count } Abweichungen
}
prefs-as-everywhere = Wie in allen Bereichen
prefs-save-space = Für { $space } speichern
space-watch = Neue Beiträge beobachten
space-stop-watching = Nicht mehr beobachten

## Abbestellen.
unsubscribe-title = Abbestellen
unsubscribe-confirm = Keine E-Mails mehr über { $what }?
unsubscribe-button = Abbestellen
unsubscribe-done = Erledigt: keine E-Mails mehr über { $what }.
unsubscribe-change = Sie können das jederzeit ändern:
mail-unsubscribe-what = { $category }
mail-unsubscribe-what-space = { $category } in { $space }
mail-unsubscribe-what-digest-daily = die tägliche Zusammenfassung
mail-unsubscribe-what-digest-weekly = die wöchentliche Zusammenfassung

## Guests (issue 17 point 5): emails to people without an account
guest-mail-greeting = Hallo { $name },
guest-mail-confirm-subject = Bestätigen Sie Ihre Anmeldung für „{ $event }“
guest-mail-confirm-body = Diese Adresse wurde zur Anmeldung für „{ $event }“ auf { $instance } angegeben. Öffnen Sie zum Bestätigen den Link unten und drücken Sie die Schaltfläche.
guest-mail-confirm-button = Anmeldung bestätigen
guest-mail-confirm-ignore = Falls Sie es nicht waren, ignorieren Sie diese E-Mail: Ohne Bestätigung geschieht nichts.
guest-mail-already-subject = Sie sind bereits für „{ $event }“ angemeldet
guest-mail-going-subject = Sie sind für „{ $event }“ angemeldet
guest-mail-registered-subject = Ihre Anmeldung für „{ $event }“
guest-mail-rejected-subject = Ihre Anmeldung für „{ $event }“ wurde abgelehnt
guest-mail-cancelled-subject = Ihre Anmeldung für „{ $event }“ ist zurückgezogen
guest-mail-removed-subject = Die Organisatoren haben Ihre Anmeldung für „{ $event }“ entfernt
guest-mail-state-unconfirmed = Ihre Anmeldung ist noch nicht bestätigt.
guest-mail-state-going = Sie haben einen Platz.
guest-mail-state-waiting = Sie stehen auf der Warteliste: Wir schreiben Ihnen, wenn ein Platz frei wird.
guest-mail-state-pending = Ihre Anmeldung wartet auf die Zustimmung der Organisatoren: Wir schreiben Ihnen.
guest-mail-state-rejected = Ihre Anmeldung wurde abgelehnt.
guest-mail-state-cancelled = Ihre Anmeldung ist zurückgezogen.
guest-mail-message-intro = Eine Nachricht der Organisatoren von „{ $event }“:
guest-mail-time = { $start } bis { $end } ({ $zone })
guest-mail-when = Wann: { $when }
guest-mail-where = Wo: { $place }
guest-mail-link = Online: { $url }
guest-mail-link-later = Online: Den Link erhalten Sie per E-Mail, sobald Sie einen Platz haben.
guest-mail-why = Sie erhalten diese E-Mail, weil sich diese Adresse als Gast für „{ $event }“ auf { $instance } angemeldet hat.
guest-mail-cancel-link = Anmeldung zurückziehen
