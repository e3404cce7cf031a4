# Recherche : la case de l'en-tête de chaque page et la page des résultats.

## La case de l'en-tête
search-label = Rechercher
search-placeholder = Rechercher…
search-submit = Rechercher

## La page des résultats
search-title = Recherche
search-title-for = Recherche : { $query }
search-words = Mots à chercher
search-filters = Filtres
search-kind = Type
search-kind-any = Tout
search-kind-post = Publication
search-kind-comment = Commentaire
search-kind-event = Événement
search-kind-library_item = Bibliothèque
search-kind-space = Espace
search-kind-person = Personne
search-space = Espace
search-space-hint = Son nom court, comme dans son adresse (/s/nom).
search-author = Auteur ou autrice
search-author-hint = Un identifiant : nom ou nom@instance.
search-language = Langue
search-language-any = Toutes les langues
search-since = Du
search-until = Au
search-apply = Rechercher
search-prompt = Tapez un ou plusieurs mots : chaque mot doit être trouvé, sous l'une de ses formes (accents, majuscules, pluriels).
search-too-long = La recherche est trop longue : { $max } caractères au plus.
search-invalid = Cette recherche ne peut pas être faite : { $reason }
search-none = Aucun résultat. Essayez avec moins de mots, ou retirez un filtre.
search-count = { $count ->
    [one] { $count } résultat
   *[other] { $count } résultats
}
search-count-more = Plus de { $count } résultats : les { $count } plus récents sont classés par pertinence. Ajoutez un mot ou un filtre pour trouver les plus anciens.
search-in-space = dans { $space }
search-by = par { $author }
search-previous = Page précédente
search-next = Page suivante
search-page = Page { $page } sur { $pages }
