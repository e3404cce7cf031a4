# Die Bibliothek: Ordner, Dateien und Notizen eines Bereichs durchsuchen,
# die Seite eines Eintrags, seine Versionen und Kommentare.

## Durchsuchen
library-title = Bibliothek
library-breadcrumbs = Sie sind hier
library-top = Bibliothek
library-tagged = Schlagwort „{ $tag }“
library-clear-tag = Alle Einträge
library-show-archived = Archivierte Einträge zeigen
library-hide-archived = Archivierte Einträge ausblenden
library-usage = { $used } belegt
library-usage-of = { $used } von { $quota } belegt
library-empty = Dieser Ordner ist leer.
library-none-tagged = Kein Eintrag trägt dieses Schlagwort.
library-more = Weitere Einträge
library-col-name = Name
library-col-kind = Art
library-col-size = Größe
library-col-changed = Geändert
library-col-status = Status
library-col-tags = Schlagwörter
library-col-author = Von
library-col-date = Datum
library-col-comment = Kommentar
library-col-actions = Aktionen
library-archived = Archiviert
library-remote = Von einem anderen Server
library-kind-folder = Ordner
library-kind-file = Datei
library-kind-note = Notiz
library-status-open = Offen
library-status-validated = Freigegeben
library-status-cancelled = Verworfen
library-status-deprecated = Veraltet

## Hinzufügen
library-add = Zur Bibliothek hinzufügen
library-upload = Datei hochladen
library-upload-submit = Hochladen
library-new-note = Notiz schreiben
library-new-note-submit = Notiz speichern
library-new-folder = Neuer Ordner
library-new-folder-submit = Ordner anlegen
library-field-title = Titel
library-field-title-file-hint = Leer lassen, um den Dateinamen zu verwenden.
library-field-folder-name = Name des Ordners
library-field-description = Beschreibung
library-field-tags = Schlagwörter
library-field-tags-hint = Durch Kommas getrennt, zum Beispiel: Protokoll, Haushalt 2026.
library-field-language = Sprache
library-field-comment = Was sich geändert hat (freiwillig)
library-field-file = Datei
library-field-file-hint = Bis zu { $size }.
library-field-body = Text
library-field-body-hint = Markdown: **fett**, *kursiv*, # Überschriften, Listen, [Links](https://example.org).

## Ein Eintrag
library-file-name = Dateiname
library-media-type = Format
library-revision = Version
library-created = Angelegt
library-updated = Zuletzt geändert
library-download = Herunterladen
library-change = Diesen Eintrag ändern
library-new-revision = Neue Version hochladen
library-new-revision-submit = Version hochladen
library-edit-note = Text bearbeiten
library-save-note = Als neue Version speichern
library-edit-details = Angaben bearbeiten
library-save-details = Angaben speichern
library-archive = Archivieren
library-unarchive = Aus dem Archiv holen
library-delete = Löschen
library-delete-confirm = Diesen Eintrag mit allen Versionen und Kommentaren löschen? Das lässt sich nicht rückgängig machen.
library-text-done = Text für die Suche erfasst
library-text-pending = Textauslesung ausstehend
library-text-failed = Der Text konnte nicht gelesen werden: { $reason }
library-text-unsupported = Der Text dieser Dateiart wird nicht ausgelesen

## Versionen
library-revisions = Versionen
library-current = Aktuell
library-download-revision = Version { $number } herunterladen
library-restore = Version { $number } wiederherstellen
library-compare = Mit der vorigen vergleichen
library-diff-title = Änderungen von Version { $from } zu Version { $to }
library-diff-added = { $count ->
    [one] { $count } Zeile hinzugefügt
   *[other] { $count } Zeilen hinzugefügt
}
library-diff-removed = { $count ->
    [one] { $count } Zeile entfernt
   *[other] { $count } Zeilen entfernt
}

## Kommentare
library-comments = Kommentare
library-no-comments = Noch keine Kommentare.
library-comment-edited = (bearbeitet)
library-comment-label = Ihr Kommentar
library-comment-send = Senden
library-comment-delete = Löschen
library-comment-delete-confirm = Diesen Kommentar löschen?

# The new note form's messages next to a refused field.
library-error-title = Geben Sie der Notiz einen Titel mit höchstens 200 Zeichen.
library-error-tags = Jedes Schlagwort hat höchstens 50 Zeichen, ohne Kommas; höchstens 20 Schlagwörter.
library-error-language = Geben Sie einen Sprachcode ein, etwa en, fr, ar, de oder pt.
library-error-item-title = Geben Sie einen Titel mit höchstens 200 Zeichen an.
library-error-folder-title = Geben Sie dem Ordner einen Namen mit höchstens 200 Zeichen.
library-error-description = Eine Beschreibung hat höchstens 5.000 Zeichen.
library-error-comment = Was sich geändert hat, sagen Sie in höchstens 500 Zeichen.
library-error-comment-body = Schreiben Sie Ihren Kommentar, in höchstens 10.000 Zeichen.
library-error-file = Wählen Sie eine Datei zum Hochladen.
library-error-file-again = Wählen Sie die Datei noch einmal: Ein Browser behält sie nicht, wenn ein Formular zurückkommt.
library-error-file-size = Diese Datei ist größer als die { $limit }, die eine Datei hier haben darf: Wählen Sie eine kleinere.
library-error-quota = Die Bibliothek dieses Bereichs ist voll (sie fasst { $quota }): Löschen Sie alte Einträge oder bitten Sie eine Administratorin um mehr Platz, und wählen Sie dann die Datei noch einmal.
library-error-note-size = Eine Notiz fasst höchstens { $limit } Text: Kürzen Sie sie oder teilen Sie sie auf mehrere Notizen auf.
library-error-note-quota = Die Bibliothek dieses Bereichs ist voll (sie fasst { $quota }): Löschen Sie alte Einträge oder bitten Sie eine Administratorin um mehr Platz, und speichern Sie dann noch einmal.
