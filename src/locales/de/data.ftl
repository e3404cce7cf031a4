## Personal data: export, account deletion, profile visibility, the privacy notice.

## Who sees my profile (settings)
data-visibility = Wer mein Profil sehen kann (Organisation, Land, Sprachen, Vorstellung)
data-visibility-everyone = Alle, auch nicht angemeldete Personen und andere Server
data-visibility-instance = Mitglieder dieser Instanz
data-visibility-nobody = Niemand außer mir und den Administrator·innen

## My data (settings)
data-title = Meine Daten
data-export-hint = Laden Sie alles, was Sie hier geschrieben haben, mit Ihrem Profil in einer ZIP-Datei herunter: Datendateien und eine Seite, die Sie im Browser öffnen können.
data-export = Meine Daten herunterladen
data-delete-link = Mein Konto löschen

## Deleting my account
data-delete-title = Mein Konto löschen
data-delete-intro = Sie werden überall abgemeldet, und niemand kann sich je wieder bei diesem Konto anmelden. Ihr Benutzername bleibt reserviert, damit niemand ihn übernimmt. Laden Sie Ihre Daten am besten vorher herunter.
data-delete-content = Was mit meinen Beiträgen geschieht
data-delete-anonymise = Meine Beiträge, Kommentare und Dateien behalten, ohne meinen Namen und mein Profil
data-delete-everything = Meine Beiträge, Kommentare, Reaktionen und die von mir angelegten Bibliotheksdateien löschen
data-delete-password = Ihr Passwort, zur Bestätigung
data-delete-confirm = Mein Konto endgültig löschen
data-delete-cancel = Mein Konto behalten
data-delete-wrong-password = Das ist nicht Ihr Passwort.
data-delete-last-admin = Sie sind die letzte Administratorin bzw. der letzte Administrator dieser Instanz. Ernennen Sie zuerst jemand anderen.
data-delete-sole-manager = Sie verwalten diese Räume allein. Ernennen Sie in jedem ein anderes Mitglied zur Verwaltung, oder verlassen Sie sie, bevor Sie Ihr Konto löschen:

## The privacy notice
data-privacy-title = Datenschutzhinweis
data-privacy-read = Den Datenschutzhinweis lesen
data-privacy-none = Die Administration dieser Instanz hat noch keinen Datenschutzhinweis geschrieben.
data-privacy-edit = Der Datenschutzhinweis, der allen bei der Registrierung gezeigt wird
data-privacy-hint = Markdown: **fett**, *kursiv*, [Links](https://example.org), Listen und Überschriften.
data-privacy-saved = Der Datenschutzhinweis ist gespeichert.

## The export archive's index.html
data-export-title = Meine Daten auf Agora
data-export-made = Exportiert am { $date }. Jede hier genannte Datei liegt im Archiv neben dieser Seite.
data-export-email = E-Mail-Adresse
data-export-memberships = Meine Räume
data-export-posts = Meine Beiträge
data-export-comments = Meine Kommentare
data-export-reactions = Meine Reaktionen
data-export-events = Veranstaltungen, die ich organisiere
data-export-registrations = Meine Anmeldungen zu Veranstaltungen
data-export-library = Von mir angelegte Bibliotheksdateien und Notizen
data-export-library-comments = Meine Kommentare in der Bibliothek
data-export-notifications = Meine Benachrichtigungen
