# La bibliothèque : parcourir les dossiers, fichiers et notes d'un espace,
# la page d'un élément, ses versions et commentaires.

## Parcourir
library-title = Bibliothèque
library-breadcrumbs = Vous êtes ici
library-top = Bibliothèque
library-tagged = Étiquette « { $tag } »
library-clear-tag = Tous les éléments
library-show-archived = Afficher les éléments archivés
library-hide-archived = Masquer les éléments archivés
library-usage = { $used } utilisés
library-usage-of = { $used } utilisés sur { $quota }
library-empty = Ce dossier est vide.
library-none-tagged = Aucun élément ne porte cette étiquette.
library-more = Plus d'éléments
library-col-name = Nom
library-col-kind = Type
library-col-size = Taille
library-col-changed = Modifié
library-col-status = Statut
library-col-tags = Étiquettes
library-col-author = Par
library-col-date = Date
library-col-comment = Commentaire
library-col-actions = Actions
library-archived = Archivé
library-remote = D'un autre serveur
library-kind-folder = Dossier
library-kind-file = Fichier
library-kind-note = Note
library-status-open = En cours
library-status-validated = Validé
library-status-cancelled = Annulé
library-status-deprecated = Obsolète

## Ajouter
library-add = Ajouter à la bibliothèque
library-upload = Déposer un fichier
library-upload-submit = Déposer
library-new-note = Rédiger une note
library-new-note-submit = Enregistrer la note
library-new-folder = Nouveau dossier
library-new-folder-submit = Créer le dossier
library-field-title = Titre
library-field-title-file-hint = Laisser vide pour reprendre le nom du fichier.
library-field-folder-name = Nom du dossier
library-field-description = Description
library-field-tags = Étiquettes
library-field-tags-hint = Séparées par des virgules, par exemple : compte rendu, budget 2026.
library-field-language = Langue
library-field-comment = Ce qui a changé (facultatif)
library-field-file = Fichier
library-field-file-hint = Jusqu'à { $size }.
library-field-body = Texte
library-field-body-hint = Markdown : **gras**, *italique*, # titres, listes, [liens](https://example.org).

## Un élément
library-file-name = Nom du fichier
library-media-type = Format
library-revision = Version
library-created = Créé
library-updated = Dernière modification
library-download = Télécharger
library-change = Modifier cet élément
library-new-revision = Déposer une nouvelle version
library-new-revision-submit = Déposer la version
library-edit-note = Modifier le texte
library-save-note = Enregistrer comme nouvelle version
library-edit-details = Modifier les informations
library-save-details = Enregistrer les informations
library-archive = Archiver
library-unarchive = Sortir des archives
library-delete = Supprimer
library-delete-confirm = Supprimer cet élément avec toutes ses versions et ses commentaires ? C'est définitif.
library-text-done = Texte indexé pour la recherche
library-text-pending = Extraction du texte en attente
library-text-failed = Impossible de lire le texte : { $reason }
library-text-unsupported = Le texte de ce type de fichier n'est pas lu

## Versions
library-revisions = Versions
library-current = Actuelle
library-download-revision = Télécharger la version { $number }
library-restore = Rétablir la version { $number }
library-compare = Comparer avec la précédente
library-diff-title = Modifications de la version { $from } à la version { $to }
library-diff-added = { $count ->
    [one] { $count } ligne ajoutée
   *[other] { $count } lignes ajoutées
}
library-diff-removed = { $count ->
    [one] { $count } ligne supprimée
   *[other] { $count } lignes supprimées
}

## Commentaires
library-comments = Commentaires
library-no-comments = Pas encore de commentaire.
library-comment-edited = (modifié)
library-comment-label = Votre commentaire
library-comment-send = Envoyer
library-comment-delete = Supprimer
library-comment-delete-confirm = Supprimer ce commentaire ?

# The new note form's messages next to a refused field.
library-error-title = Donnez un titre à la note, de 200 caractères au plus.
library-error-tags = Chaque étiquette fait au plus 50 caractères, sans virgule ; 20 étiquettes au plus.
library-error-language = Indiquez un code de langue comme en, fr, ar, de ou pt.
library-error-item-title = Donnez-lui un titre, de 200 caractères au plus.
library-error-folder-title = Donnez un nom au dossier, de 200 caractères au plus.
library-error-description = Une description fait au plus 5 000 caractères.
library-error-comment = Ce qui a changé se dit en 500 caractères au plus.
library-error-comment-body = Écrivez votre commentaire, en 10 000 caractères au plus.
library-error-file = Choisissez un fichier à déposer.
library-error-file-again = Choisissez de nouveau le fichier : un navigateur ne le garde pas quand un formulaire revient.
library-error-file-size = Ce fichier dépasse les { $limit } permis ici pour un fichier : choisissez-en un plus petit.
library-error-quota = La bibliothèque de cet espace est pleine (elle peut contenir { $quota }) : supprimez d'anciens éléments ou demandez plus de place à un administrateur, puis choisissez de nouveau le fichier.
library-error-note-size = Une note contient au plus { $limit } de texte : raccourcissez-la, ou répartissez-la en plusieurs notes.
library-error-note-quota = La bibliothèque de cet espace est pleine (elle peut contenir { $quota }) : supprimez d'anciens éléments ou demandez plus de place à un administrateur, puis enregistrez de nouveau.
