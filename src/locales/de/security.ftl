## Das Konto behalten: Passwörter und Zurücksetzen, Bestätigung der E-Mail-Adresse, zweiter Faktor, Sitzungen und Tokens.

## Reiter der Einstellungen
security-settings-sections = Einstellungen
security-nav-profile = Profil
security-nav-security = Sicherheit
security-nav-sessions = Sitzungen
security-title = Sicherheit

## Passwort
security-password-heading = Passwort
security-password-current = Aktuelles Passwort
security-password-new = Neues Passwort
security-password-hint = Mindestens 10 Zeichen. Eine Änderung meldet Sie überall sonst ab.
security-password-submit = Passwort ändern
security-password-changed = Ihr Passwort wurde geändert. Sie wurden überall sonst abgemeldet.
security-password-wrong = Das ist nicht Ihr aktuelles Passwort.
security-password-weak = Das neue Passwort muss mindestens 10 Zeichen lang sein.
security-password-confirm = Ihr Passwort

## E-Mail-Adresse
security-email-heading = E-Mail-Adresse
security-email-verified = bestätigt
security-email-unverified = noch nicht bestätigt: Folgen Sie dem Link, den wir an diese Adresse geschickt haben
security-email-resend = Link erneut senden
security-email-sent = Ein Link wurde verschickt. Folgen Sie ihm, um die Adresse zu bestätigen.
security-email-pending = Ein Link wurde an { $email } geschickt: Ihre Adresse ändert sich, sobald Sie ihm folgen.
security-email-new = Neue Adresse
security-email-hint = Ihre Adresse ändert sich erst, wenn Sie dem Link folgen, den wir an die neue schicken.
security-email-submit = Adresse ändern
security-email-invalid = Diese E-Mail-Adresse sieht nicht richtig aus.
security-email-taken = Ein anderes Konto hat diese E-Mail-Adresse bereits.
security-email-too-many = In der letzten Stunde wurden mehrere Links verschickt. Warten Sie ein wenig und versuchen Sie es dann noch einmal.

## Zweiter Faktor
security-totp-heading = Zweiter Faktor
security-totp-intro = Mit einem zweiten Faktor fragt die Anmeldung außer dem Passwort nach einem Code aus einer App auf Ihrem Telefon (etwa Aegis, FreeOTP oder Google Authenticator): Wer Ihr Passwort erfährt, kommt trotzdem nicht hinein.
security-totp-on = Aktiv seit { $date }.
security-totp-off = Der zweite Faktor ist ausgeschaltet.
security-totp-required = Dieser Server verlangt von Moderatorinnen, Moderatoren und Administratoren einen zweiten Faktor. Richten Sie einen ein, um weiterzumachen.
security-totp-start = Zweiten Faktor einrichten
security-totp-scan = Scannen Sie diesen Code mit Ihrer Authenticator-App oder geben Sie dort den Schlüssel unten ein. Geben Sie dann den Code ein, den die App anzeigt.
security-totp-qr-alt = QR-Code zum Scannen mit Ihrer Authenticator-App
security-totp-key = Schlüssel:
security-totp-code = Code aus der App
security-totp-confirm = Einschalten
security-totp-wrong = Dieser Code stimmt nicht. Prüfen Sie, ob die Uhr des Telefons richtig geht, und geben Sie den jetzt angezeigten Code ein.
security-totp-disable = Zweiten Faktor ausschalten
security-totp-disabled = Der zweite Faktor ist ausgeschaltet.
security-recovery-heading = Ihre Wiederherstellungscodes
security-recovery-intro = Wenn Sie Ihr Telefon verlieren, ersetzt jeder dieser Codes einmal einen Code aus der App. Schreiben Sie sie auf oder drucken Sie sie aus und bewahren Sie sie sicher auf: Sie werden nur jetzt angezeigt.
security-recovery-left = { $count ->
    [one] Noch ein Wiederherstellungscode.
   *[other] Noch { $count } Wiederherstellungscodes.
}
security-recovery-new = Neue Wiederherstellungscodes erzeugen

## Anmeldung mit zweitem Faktor
security-code-title = Zweiter Schritt: Ihr Code
security-code-intro = Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code ein, den sie für diesen Server anzeigt. Telefon verloren? Geben Sie stattdessen einen Ihrer Wiederherstellungscodes ein.
security-code-label = Code
security-code-submit = Weiter
security-code-wrong = Dieser Code stimmt nicht oder wurde schon benutzt. Versuchen Sie es noch einmal.
security-code-expired = Diese Anmeldung hat zu lange gedauert oder zu viele falsche Codes erhalten. Geben Sie Ihr Passwort noch einmal ein.
security-code-locked = Für dieses Konto wurden zu viele falsche Codes eingegeben. Warten Sie 15 Minuten und melden Sie sich dann erneut an.

## Passwort vergessen
security-forgot-link = Passwort vergessen?
security-forgot-title = Passwort vergessen
security-forgot-intro = Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir schicken ihr einen Link, mit dem Sie ein neues Passwort wählen; er funktioniert einmal, eine Stunde lang.
security-forgot-email = E-Mail
security-forgot-submit = Link schicken
security-forgot-sent = Wenn ein Konto diese Adresse hat, ist ein Link für ein neues Passwort unterwegs. Sehen Sie in Ihrem Posteingang nach, auch im Spam-Ordner.
security-forgot-no-mail = Keine E-Mail bekommen? Auch die Administration dieses Servers kann Ihnen einen Link geben.
security-reset-title = Neues Passwort wählen
security-reset-intro = Danach sind Sie überall abgemeldet: Melden Sie sich mit dem neuen Passwort wieder an.
security-reset-submit = Neues Passwort speichern
security-reset-dead = Dieser Link ist abgelaufen oder wurde schon benutzt. Fordern Sie einen neuen an.
security-reset-done = Ihr Passwort wurde geändert. Melden Sie sich damit an.

## Bestätigung der Adresse
security-verify-title = E-Mail-Adresse
security-verify-done = Ihre E-Mail-Adresse { $email } ist bestätigt. Danke.
security-verify-dead = Dieser Link ist abgelaufen oder wurde schon benutzt. Lassen Sie sich in Ihren Sicherheitseinstellungen einen neuen schicken.

## Sitzungen und API-Tokens
security-sessions-title = Sitzungen und API-Tokens
security-sessions-intro = Die Browser und Apps, die in Ihrem Konto angemeldet sind. Beenden Sie alle, die Sie nicht kennen.
security-sessions-heading = Browser-Sitzungen
security-sessions-device = Browser
security-sessions-started = Begonnen
security-sessions-last-used = Zuletzt benutzt
security-sessions-never = Nie
security-sessions-current = Dieser Browser
security-sessions-end = Beenden
security-tokens-heading = API-Tokens
security-tokens-name = Name
security-tokens-none = Keine API-Tokens.
security-tokens-revoke = Widerrufen

## Verwaltung
security-admin-heading = Sicherheit
security-admin-require-totp = Moderatoren und Administratoren müssen einen zweiten Faktor nutzen
security-admin-require-totp-hint = Ohne zweiten Faktor können sie nach der Anmeldung nur einen einrichten, und ihre API-Anfragen werden abgelehnt.
security-admin-password = Passwort
security-admin-reset = Link zum Zurücksetzen erzeugen
security-admin-reset-made = Ein Link zum Zurücksetzen des Passworts für { $name }, { $hours } Stunden gültig. Er wird nur jetzt angezeigt: Geben Sie ihn über einen vertrauenswürdigen Weg weiter.
security-admin-reset-link = Link zum Zurücksetzen
security-admin-remove-factor = Zweiten Faktor entfernen
security-admin-remove-factor-hint = Für ein Mitglied, das Telefon und Wiederherstellungscodes verloren hat: Es meldet sich nur mit dem Passwort an, bis es einen neuen hinzufügt.
security-admin-factor-removed = Der zweite Faktor von { $name } wurde entfernt.

## Fehler
error-second_factor_required = Ein Code aus Ihrer Authenticator-App wird gebraucht
error-second_factor_enrolment_required = Richten Sie zuerst einen zweiten Faktor ein

## E-Mails
security-mail-greeting = Hallo { $name },
security-mail-reset-subject = Wählen Sie ein neues Passwort auf { $domain }
security-mail-reset-body = Jemand, hoffentlich Sie, möchte ein neues Passwort für das Konto { $username } auf { $domain } wählen.
security-mail-reset-expiry = { $count ->
    [one] Der Link funktioniert einmal, eine Stunde lang.
   *[other] Der Link funktioniert einmal, { $count } Stunden lang.
}
security-mail-reset-action = Neues Passwort wählen
security-mail-reset-ignore = Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.
security-mail-verify-subject = Bestätigen Sie Ihre E-Mail-Adresse auf { $domain }
security-mail-verify-body = Bitte bestätigen Sie, dass diese Adresse zum Konto { $username } auf { $domain } gehört.
security-mail-verify-expiry = { $count ->
    [one] Der Link gilt eine Stunde.
   *[other] Der Link gilt { $count } Stunden.
}
security-mail-verify-action = Diese Adresse bestätigen
security-mail-verify-ignore = Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Diese Adresse wird nicht verwendet.
