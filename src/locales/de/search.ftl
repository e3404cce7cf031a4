# Suche: das Feld im Kopf jeder Seite und die Ergebnisseite.

## Das Feld im Seitenkopf
search-label = Suchen
search-placeholder = Suchen…
search-submit = Suchen

## Die Ergebnisseite
search-title = Suche
search-title-for = Suche: { $query }
search-words = Gesuchte Wörter
search-filters = Filter
search-kind = Art
search-kind-any = Alles
search-kind-post = Beitrag
search-kind-comment = Kommentar
search-kind-event = Veranstaltung
search-kind-library_item = Bibliothek
search-kind-space = Raum
search-kind-person = Person
search-space = Raum
search-space-hint = Sein Kurzname, wie in seiner Adresse (/s/name).
search-author = Verfasst von
search-author-hint = Ein Handle: name oder name@instanz.
search-language = Sprache
search-language-any = Alle Sprachen
search-since = Von
search-until = Bis
search-apply = Suchen
search-prompt = Geben Sie ein oder mehrere Wörter ein: Jedes Wort muss vorkommen, in einer seiner Formen (Akzente, Großschreibung, Plural).
search-too-long = Die Suche ist zu lang: höchstens { $max } Zeichen.
search-invalid = Diese Suche ist nicht möglich: { $reason }
search-none = Nichts gefunden. Versuchen Sie es mit weniger Wörtern oder ohne einen Filter.
search-count = { $count ->
    [one] { $count } Ergebnis
   *[other] { $count } Ergebnisse
}
search-count-more = Mehr als { $count } Ergebnisse: Die neuesten { $count } sind nach Relevanz geordnet. Fügen Sie ein Wort oder einen Filter hinzu, um ältere zu finden.
search-in-space = in { $space }
search-by = von { $author }
search-previous = Vorherige Seite
search-next = Nächste Seite
search-page = Seite { $page } von { $pages }
