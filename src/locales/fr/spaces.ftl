# Spaces, posts and comments.

## Shared words
save = Enregistrer
cancel = Annuler
edit = Modifier
delete = Supprimer
language-code-hint = Un code de langue comme en, fr, ar, de, pt ou sw.
role-reader = Lecteur·rice
role-contributor = Contributeur·rice
role-content_manager = Gestionnaire de contenu
role-space_manager = Gestionnaire de l’espace
join-policy-open = Tout le monde peut rejoindre l’espace
join-policy-request = Sur demande ; un·e gestionnaire valide chaque demande
join-policy-invitation = Sur invitation uniquement

## Directory
spaces-title = Espaces
spaces-create = Créer un espace
spaces-mine = Vos espaces
spaces-public = Espaces publics
spaces-none = Aucun espace public pour l’instant.
spaces-more = Plus d’espaces
spaces-follow-title = Suivre un espace sur un autre serveur
spaces-follow-handle = L’identifiant de l’espace
spaces-follow-hint = Par exemple @human-rights-news@agora.example.org, ou l’adresse de l’espace.
spaces-follow-submit = Suivre
posts-count = { $count ->
    [one] { $count } publication
   *[other] { $count } publications
}

## One space
space-public = Public
space-private = Privé
space-public-hint = Tout le monde peut le lire ; il est partagé avec les serveurs qui le suivent.
space-private-hint = Seuls ses membres peuvent le voir ; rien de son contenu ne quitte jamais ce serveur.
space-remote = Sur { $domain }
space-your-role = Votre rôle : { $role }
space-join = Rejoindre
space-leave = Quitter
space-unfollow = Ne plus suivre
space-leave-confirm = Quitter cet espace ?
space-sections = Sections de cet espace
tab-feed = Publications
tab-events = Événements
tab-library = Bibliothèque
tab-members = Membres
tab-about = À propos
space-no-description = Pas encore de description.
space-created = Créé le
space-handle = Identifiant pour les autres serveurs
space-settings = Paramètres
space-field-title = Nom
space-field-slug = Nom court pour les adresses
space-field-slug-hint = De 2 à 50 lettres minuscules, chiffres ou -, en commençant par une lettre. Il ne pourra plus être modifié.
space-field-description = Description
space-field-language = Langue principale
space-field-visibility = Qui peut le voir
space-field-join-policy = Comment rejoindre un espace privé
space-field-join-policy-hint = Les espaces publics sont ouverts à tous.
space-field-default-role = Rôle des nouveaux membres
join-request-title = Demander à rejoindre l’espace
join-request-intro = Si cet espace accepte les demandes, ses gestionnaires verront la vôtre et décideront.
join-request-message = Un mot pour les gestionnaires de l’espace (facultatif)
join-request-submit = Envoyer ma demande
join-request-sent = Votre demande a été enregistrée. Si l’espace accepte les demandes, ses gestionnaires décideront.

## Posts
post-new = Écrire une publication
post-title = Titre
post-body = Texte
post-body-hint = Markdown : *italique*, **gras**, [lien](https://…), listes avec -. Mentionnez des membres avec @nom.
post-language-field = Langue de la publication
post-publish = Publier
post-by = Par
post-edited = modifiée le { $date }
post-edit-title = Modifier la publication
post-delete-confirm = Supprimer cette publication et ses commentaires ?
reactions-label = Réactions
reaction-add = Réagir avec { $emoji } ({ $count } pour l’instant)
reaction-remove = Retirer votre { $emoji } ({ $count } au total)

## Comments
comment-new = Votre commentaire
comment-send = Envoyer
comment-reply = Répondre
comment-reply-label = Votre réponse
comment-edit-label = Votre commentaire
comment-edited = modifié
comment-deleted = Ce commentaire a été supprimé.
comment-delete-confirm = Supprimer ce commentaire ?
comment-join-to-take-part = Rejoignez cet espace pour commenter.
comment-sign-in = Connectez-vous pour commenter
post-held-back = Non envoyée aux autres instances : cette publication renvoie à { $url }, une page de cette instance qui n’est pas publique ou n’existe pas. Retirez ou modifiez le lien, puis enregistrez à nouveau.

# The new space form's messages next to a refused field.
space-error-slug = Utilisez de 2 à 50 lettres minuscules, chiffres ou -, en commençant par une lettre.
space-error-slug-taken = Cette adresse est déjà prise : choisissez-en une autre.
space-error-title = Donnez un nom à l'espace, de 200 caractères au plus.
space-error-language = Indiquez un code de langue comme en, fr, ar, de ou pt.
