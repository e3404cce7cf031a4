# Agora's web interface: the frame of every page, signing in and up,
# errors, dates and sizes.

## Frame
skip-to-content = Zum Inhalt springen
nav-label = Hauptnavigation
nav-home = Startseite
nav-spaces = Räume
nav-profile = Profil
nav-admin = Verwaltung
nav-sign-in = Anmelden
nav-sign-out = Abmelden
nav-register = Konto erstellen
language = Sprache
footer-instance = Agora auf { $domain }
footer-api = API

## Dates, numbers, sizes
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember
# $day, $month (a name) and $year are already written in the language's digits.
date = { $day }. { $month } { $year }
datetime = { $date }, { $time }
size-bytes = { $n } Byte
size-kb = { $n } KB
size-mb = { $n } MB
size-gb = { $n } GB

## Errors
error-bad_request = Diese Anfrage konnte nicht verstanden werden
error-invalid = Einige Ihrer Eingaben werden nicht akzeptiert
error-unauthorized = Bitte melden Sie sich an
error-forbidden = Dazu sind Sie nicht berechtigt
error-not_found = Seite nicht gefunden
error-gone = Dies wurde gelöscht
error-conflict = Dies steht im Konflikt mit etwas, das bereits existiert
error-payload_too_large = Das ist zu groß
error-unsupported_media_type = Diese Art von Inhalt wird nicht akzeptiert
error-method_not_allowed = Diese Aktion ist hier nicht möglich
error-remote_error = Der andere Server war nicht erreichbar
error-internal = Bei uns ist etwas schiefgelaufen; bitte versuchen Sie es später erneut
error-too_many_requests = Zu viele Versuche
error-busy = Der Server ist ausgelastet; bitte versuchen Sie es gleich noch einmal
error-back-home = Zurück zur Startseite

## Signing in and up
login-title = Anmelden
login-login = Benutzername oder E-Mail
login-password = Passwort
login-submit = Anmelden
login-failed = Benutzername oder Passwort ist falsch.
login-suspended = Dieses Konto ist gesperrt. Wenden Sie sich an die Moderation dieses Servers.
throttled-seconds = { $count ->
    [one] Zu viele Versuche. Bitte warten Sie { $count } Sekunde, bevor Sie es erneut versuchen.
   *[other] Zu viele Versuche. Bitte warten Sie { $count } Sekunden, bevor Sie es erneut versuchen.
}
throttled-minutes = { $count ->
    [one] Zu viele Versuche. Bitte warten Sie { $count } Minute, bevor Sie es erneut versuchen.
   *[other] Zu viele Versuche. Bitte warten Sie { $count } Minuten, bevor Sie es erneut versuchen.
}
login-no-account = Noch kein Konto?
register-title = Konto erstellen
register-username = Benutzername
register-username-hint = 2 bis 30 Kleinbuchstaben, Ziffern oder _, beginnend mit einem Buchstaben. Er ist für andere sichtbar.
register-email = E-Mail
register-password = Passwort
register-password-hint = Mindestens 10 Zeichen.
register-submit = Mein Konto erstellen
register-have-account = Sie haben bereits ein Konto?
register-closed = Dieser Server nimmt keine neuen Konten an. Bitten Sie die Administration um ein Konto.
register-invite-only = Dieser Server nimmt neue Mitglieder nur auf Einladung auf. Öffnen Sie den Einladungslink, den Sie erhalten haben.
register-error-username = Dieser Benutzername wird nicht akzeptiert: Verwenden Sie 2 bis 30 Kleinbuchstaben, Ziffern oder _, beginnend mit einem Buchstaben.
register-error-email = Diese E-Mail-Adresse scheint nicht korrekt zu sein.
register-error-password = Das Passwort muss mindestens 10 Zeichen lang sein.
register-error-email-taken = Es gibt bereits ein Konto mit dieser E-Mail-Adresse.
register-error-username-taken = Dieser Benutzername ist bereits vergeben.
register-error-invitation = Dieser Einladungslink ist ungültig oder wurde bereits verwendet.

## Offline
offline-title = Sie sind offline
offline-text = Diese Seite benötigt eine Verbindung. Was Sie gerade getan haben, geht nicht verloren: Kehren Sie zurück, sobald Sie wieder verbunden sind.
offline-retry = Erneut versuchen

## Feeds and posts in lists
home-title = Ihr Feed
home-my-spaces = Ihre Räume
home-no-spaces = Sie sind noch in keinem Raum.
home-find-spaces = Räume finden
home-invitations = { $count ->
    [one] Sie haben eine Einladung in einen Raum.
   *[other] Sie haben { $count } Einladungen in Räume.
}
public-title = Neues aus öffentlichen Räumen
public-intro = Auf Agora teilt unser Netzwerk Neuigkeiten, Gespräche und Ressourcen.
feed-label = Beiträge
feed-empty = Hier ist noch nichts.
feed-older = Ältere Beiträge
post-language = Sprache: { $code }
post-language-title = Die Sprache, in der dies verfasst wurde
comments-count = { $count ->
    [0] Keine Kommentare
    [one] 1 Kommentar
   *[other] { $count } Kommentare
}
members-count = { $count ->
    [one] { $count } Mitglied
   *[other] { $count } Mitglieder
}

## Maschinelle Übersetzung (die Schaltfläche „Übersetzen“)
translate-button = Übersetzen
translate-title = Übersetzung
translate-machine = Maschinelle Übersetzung aus „{ $language }“: Sie kann Fehler enthalten.
translate-original = Original anzeigen
translate-error-off = Übersetzung ist auf diesem Server nicht verfügbar.
translate-error-private = Inhalte privater Räume werden nicht an den Übersetzungsdienst dieses Servers gesendet.
translate-error-same = Dieser Text ist bereits in Ihrer Sprache.
translate-error-too-long = Dieser Text ist zu lang für eine Übersetzung.
translate-error-too-many = Sie haben in der letzten Stunde viele Übersetzungen angefordert. Bitte versuchen Sie es später erneut.
translate-error-unavailable = Der Übersetzungsdienst ist zurzeit nicht erreichbar. Bitte versuchen Sie es später erneut.
translate-error-slow = Der Übersetzungsdienst hat zu lange nicht geantwortet. Bitte versuchen Sie es später erneut.

# Atom feeds, named in the pages that link to them.
feed-public = Öffentliche Beiträge (Atom-Feed)
feed-events = Kommende öffentliche Veranstaltungen (Atom-Feed)
feed-space = { $space }: Beiträge (Atom-Feed)

# The front page for visitors, and its editor.
front-title = Startseite
front-hint = Was Besucher auf der Startseite zuerst lesen, über den öffentlichen Räumen, kommenden Veranstaltungen und neuen Beiträgen: wer Sie sind und was das Netzwerk tut. Markdown. Schreiben Sie ihn in den Sprachen, die Sie können; wer eine Sprache ohne Text liest, sieht den englischen oder einen anderen.
front-saved = Die Startseite ist gespeichert.
front-see = Ansehen
front-spaces = Öffentliche Räume
front-events = Kommende Veranstaltungen
front-posts = Neue Beiträge
front-all-spaces = Alle Räume

# Asking before a destructive action without JavaScript
confirm-question = Sind Sie sicher?
confirm-title = Bitte bestätigen
confirm-yes = Ja, fortfahren
confirm-no = Nein, zurück

# First steps on the home page (issue 19 point 7)
first-steps-member = Ihre ersten Schritte
first-steps-admin = Diese Instanz einrichten
first-steps-profile = Tragen Sie Ihren Namen und Ihre Organisation ins Profil ein
first-steps-space = Treten Sie einem Raum bei
first-steps-notifications = Wählen Sie, wie Benachrichtigungen Sie erreichen
first-steps-domain = Geben Sie der Instanz ihre Domain (instance.domain in agora.toml)
first-steps-registration = Legen Sie fest, wer beitreten darf: Personen einladen oder die Registrierung öffnen
first-steps-federation = Legen Sie die Föderationsregeln fest: mit wem diese Instanz spricht
first-steps-email = Binden Sie einen Mailserver an (email.smtp_url), damit E-Mails ankommen
first-steps-done = erledigt
first-steps-hide = Diese Schritte ausblenden

# Time zone lists (profile, event form) and forms shown again with messages.
zone-group-yours = Ihre Zeitzone
zone-group-browser = Die Zeitzone dieses Geräts
form-refused = Einige Felder sind noch zu prüfen: die Hinweise stehen daneben.
form-error-timezone = Wählen Sie eine Zeitzone aus der Liste.
form-error-too-long = Das ist zu lang.
form-error-choice = Wählen Sie einen Eintrag der Liste.
