# Search: the box in every page's header and the results page.

## The header's box
search-label = Search
search-placeholder = Search…
search-submit = Search

## The results page
search-title = Search
search-title-for = Search: { $query }
search-words = Words to look for
search-filters = Filters
search-kind = Kind
search-kind-any = Anything
search-kind-post = Post
search-kind-comment = Comment
search-kind-event = Event
search-kind-library_item = Library
search-kind-space = Space
search-kind-person = Person
search-space = Space
search-space-hint = Its short name, as in its address (/s/name).
search-author = Author
search-author-hint = A handle: name or name@instance.
search-language = Language
search-language-any = Any language
search-since = From
search-until = To
search-apply = Search
search-prompt = Type one or more words: every word must be found, in any of its forms (accents, capitals, plurals).
search-too-long = The search is too long: { $max } characters at most.
search-invalid = This search cannot be run: { $reason }
search-none = Nothing found. Try fewer words, or remove a filter.
search-count = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
search-count-more = More than { $count } results: the newest { $count } are shown by relevance. Add a word or a filter to find older ones.
search-in-space = in { $space }
search-by = by { $author }
search-previous = Previous page
search-next = Next page
search-page = Page { $page } of { $pages }
