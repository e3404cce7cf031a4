# Spaces, posts and comments.

## Shared words
save = Speichern
cancel = Abbrechen
edit = Bearbeiten
delete = Löschen
language-code-hint = Ein Sprachcode wie en, fr, ar, de, pt oder sw.
role-reader = Lesezugriff
role-contributor = Mitwirkung
role-content_manager = Inhaltsverwaltung
role-space_manager = Raumverwaltung
join-policy-open = Alle können beitreten
join-policy-request = Beitritt auf Anfrage; die Raumverwaltung bestätigt
join-policy-invitation = Nur auf Einladung

## Directory
spaces-title = Räume
spaces-create = Raum erstellen
spaces-mine = Ihre Räume
spaces-public = Öffentliche Räume
spaces-none = Noch keine öffentlichen Räume.
spaces-more = Weitere Räume
spaces-follow-title = Einem Raum auf einem anderen Server folgen
spaces-follow-handle = Kennung des Raums
spaces-follow-hint = Zum Beispiel @human-rights-news@agora.example.org oder die Adresse des Raums.
spaces-follow-submit = Folgen
posts-count = { $count ->
    [one] { $count } Beitrag
   *[other] { $count } Beiträge
}

## One space
space-public = Öffentlich
space-private = Privat
space-public-hint = Alle können ihn lesen; er wird mit den Servern geteilt, die ihm folgen.
space-private-hint = Nur seine Mitglieder können ihn sehen; nichts davon verlässt jemals diesen Server.
space-remote = Auf { $domain }
space-your-role = Ihre Rolle: { $role }
space-join = Beitreten
space-leave = Verlassen
space-unfollow = Nicht mehr folgen
space-leave-confirm = Diesen Raum verlassen?
space-sections = Bereiche dieses Raums
tab-feed = Beiträge
tab-events = Veranstaltungen
tab-library = Bibliothek
tab-members = Mitglieder
tab-about = Über den Raum
space-no-description = Noch keine Beschreibung.
space-created = Erstellt am
space-handle = Kennung für andere Server
space-settings = Einstellungen
space-field-title = Name
space-field-slug = Kurzname für Adressen
space-field-slug-hint = 2 bis 50 Kleinbuchstaben, Ziffern oder -, beginnend mit einem Buchstaben. Er kann später nicht geändert werden.
space-field-description = Beschreibung
space-field-language = Hauptsprache
space-field-visibility = Wer ihn sehen kann
space-field-join-policy = Wie man einem privaten Raum beitritt
space-field-join-policy-hint = Öffentliche Räume stehen allen offen.
space-field-default-role = Rolle neuer Mitglieder
join-request-title = Beitritt anfragen
join-request-intro = Wenn dieser Raum Anfragen annimmt, sieht die Raumverwaltung Ihre Anfrage und entscheidet darüber.
join-request-message = Eine Nachricht an die Raumverwaltung (optional)
join-request-submit = Anfrage senden
join-request-sent = Ihre Anfrage wurde gespeichert. Wenn der Raum Anfragen annimmt, entscheidet die Raumverwaltung darüber.

## Posts
post-new = Beitrag schreiben
post-title = Titel
post-body = Text
post-body-hint = Markdown: *kursiv*, **fett**, [Link](https://…), Listen mit -. Erwähnen Sie Mitglieder mit @name.
post-language-field = Sprache des Beitrags
post-publish = Veröffentlichen
post-by = Von
post-edited = bearbeitet am { $date }
post-edit-title = Beitrag bearbeiten
post-delete-confirm = Diesen Beitrag und seine Kommentare löschen?
reactions-label = Reaktionen
reaction-add = Mit { $emoji } reagieren (bisher { $count })
reaction-remove = Ihr { $emoji } zurücknehmen (insgesamt { $count })

## Comments
comment-new = Ihr Kommentar
comment-send = Senden
comment-reply = Antworten
comment-reply-label = Ihre Antwort
comment-edit-label = Ihr Kommentar
comment-edited = bearbeitet
comment-deleted = Dieser Kommentar wurde gelöscht.
comment-delete-confirm = Diesen Kommentar löschen?
comment-join-to-take-part = Treten Sie diesem Raum bei, um zu kommentieren.
comment-sign-in = Melden Sie sich an, um zu kommentieren
post-held-back = Nicht an andere Instanzen gesendet: Dieser Beitrag verlinkt auf { $url }, eine Seite dieser Instanz, die nicht öffentlich ist oder nicht existiert. Entfernen oder ändern Sie den Link und speichern Sie erneut.

# The new space form's messages next to a refused field.
space-error-slug = Verwenden Sie 2 bis 50 Kleinbuchstaben, Ziffern oder -, beginnend mit einem Buchstaben.
space-error-slug-taken = Diese Adresse ist vergeben: wählen Sie eine andere.
space-error-title = Geben Sie dem Raum einen Namen mit höchstens 200 Zeichen.
space-error-language = Geben Sie einen Sprachcode ein, etwa en, fr, ar, de oder pt.
