# admin: running the instance

admin-title = Verwaltung
admin-sections = Bereiche der Verwaltung
admin-overview = Übersicht

## Instance roles
admin-role-member = Mitglied
admin-role-moderator = Moderation
admin-role-admin = Administration

## Accounts
admin-users = Konten
admin-users-intro = alle, die hier ein Konto haben, und ihre Rollen.
admin-users-count = { $count ->
    [one] { $count } Konto
   *[other] { $count } Konten
}
admin-users-name = Name
admin-users-email = E-Mail
admin-users-role = Rolle
admin-users-since = Seit
admin-users-role-of = Rolle von { $name }
admin-users-change-role = Rolle ändern

admin-users-suspension = Sperre
admin-users-suspension-hint = Gesperrte Mitglieder können sich nicht mehr anmelden und ihre Tokens nicht mehr nutzen, bis die Sperre aufgehoben ist.
admin-users-suspend-reason = Grund, für das Protokoll
admin-users-suspend = Sperren
admin-users-suspend-confirm = { $name } sperren?
admin-users-unsuspend = Sperre aufheben

## Invitation links
admin-invitations = Einladungslinks
admin-invitations-intro = Mit jedem Link kann eine Person ein Konto auf diesem Server anlegen.
admin-invitations-new = Neuer Einladungslink
admin-invitations-note = Notiz
admin-invitations-note-hint = Zur Erinnerung: für wen er ist. Nur die Moderation sieht sie.
admin-invitations-days = Gültig für (Tage)
admin-invitations-create = Link erstellen
admin-invitations-created = Der Einladungslink ist bereit. Kopieren Sie ihn jetzt und senden Sie ihn an die Person, für die er ist.
admin-invitations-link = Einladungslink
admin-invitations-expires = Er gilt bis { $date }.
admin-invitations-once = Er wird nur dieses eine Mal angezeigt.
admin-invitations-list = Bisher erstellte Links
admin-invitations-none = Noch keine Einladungslinks.
admin-invitations-made = Erstellt
admin-invitations-expiry = Läuft ab
admin-invitations-used-by = Benutzt von
admin-invitations-no-note = Keine Notiz
admin-invitations-unused = Nicht benutzt

## Federation policy
admin-federation = Föderation
admin-federation-intro = Mit welchen anderen Servern dieser Server Daten austauscht.
admin-federation-settings = Einstellungen
admin-federation-mode = Modus
admin-mode-open = Offen
admin-mode-blocklist = Sperrliste
admin-mode-allowlist = Positivliste
admin-mode-hint-open = Mit allen Servern austauschen; die Regeln unten gelten trotzdem.
admin-mode-hint-blocklist = Mit allen Servern austauschen, außer mit gesperrten.
admin-mode-hint-allowlist = Nur mit Servern austauschen, die eine „Erlauben“-Regel haben.
admin-federation-publish = Die Liste der eingeschränkten und gesperrten Server veröffentlichen
admin-federation-rules = Regeln pro Server
admin-federation-no-rules = Noch keine Regeln.
admin-action-none = Keine Einschränkung
admin-action-limit = Einschränken
admin-action-suspend = Sperren
admin-action-allow = Erlauben
admin-rule-domain = Server
admin-rule-domain-hint = Sein Domainname, etwa example.org. Die Regel gilt auch für seine Subdomains.
admin-rule-action = Aktion
admin-rule-reasons = Gründe
admin-rule-made = Erstellt von
admin-rule-reject-media = Seine Mediendateien ablehnen
admin-rule-reject-reports = Seine Meldungen ignorieren
admin-rule-obfuscate = Seinen Namen in der öffentlichen Liste teilweise verbergen
admin-rule-public-reason = Öffentlicher Grund
admin-rule-private-comment = Interner Kommentar
admin-rule-expires = Endet am { $date }
admin-rule-lift = Aufheben
admin-rule-lift-confirm = Die Regel für { $domain } aufheben?
admin-rule-new = Eine Regel hinzufügen oder ändern
admin-rule-days = Endet von selbst nach (Tagen)
admin-rule-days-hint = Leer lassen, damit die Regel bleibt, bis Sie sie aufheben.
admin-error-invitation-days = Geben Sie eine ganze Zahl von Tagen zwischen 1 und 365 ein.
admin-error-rule-domain = Geben Sie einen Domainnamen wie example.org ein.
admin-error-rule-days = Geben Sie eine ganze Zahl von Tagen zwischen 1 und 3.650 ein, oder lassen Sie das Feld leer.
admin-rule-save = Regel speichern

## Reports
admin-reports = Meldungen
admin-reports-open-count = { $count ->
    [0] keine offenen Meldungen.
    [one] { $count } offene Meldung.
   *[other] { $count } offene Meldungen.
}
admin-reports-states = Meldungen nach Status
admin-report-state-open = Offen
admin-report-state-resolved = Erledigt
admin-report-state-dismissed = Verworfen
admin-reports-none = Hier gibt es keine Meldungen.
admin-report-title = Meldung { $id }
admin-report-by = Gemeldet von
admin-report-from = Gesendet vom Server
admin-report-forwarded = Weitergeleitet
admin-report-private = Privater Bereich
admin-report-private-hidden = Der gemeldete Inhalt liegt in einem privaten Bereich, dem Sie nicht angehören: Seine Verwaltung kümmert sich darum. Sie können gegen das gemeldete Konto vorgehen.
admin-report-space = Bereich
admin-report-account = Gemeldete Person
admin-report-post = Beitrag
admin-report-post-link = Beitrag { $id }
admin-report-comment = Kommentar
admin-report-reason = Grund
admin-report-resolution = Ergebnis
admin-decision-dismiss = Verwerfen
admin-decision-remove_content = Inhalt entfernen
admin-decision-suspend_account = Konto sperren
admin-decision-ban_from_space = Aus dem Raum verbannen
admin-report-decision = Aktion
admin-report-note = Notiz für das Protokoll
admin-report-act = Ausführen und schließen
admin-report-act-confirm = Diese Aktion ausführen und die Meldung schließen?
