## Email: notification emails, digests, notification preferences, unsubscribing, the admin's outbox.


mail-greeting = Bonjour { $name },
mail-open = Ouvrir dans Agora
mail-private-no-text = Cela s’est passé dans un espace privé, dont le texte y reste : ouvrez Agora pour le lire.
mail-preferences = Choisissez ce qui vous parvient et comment : { $url }
mail-unsubscribe = Ne plus recevoir ces courriels
mail-unsubscribe-digest = Ne plus recevoir ce récapitulatif
mail-why-email = Vous recevez ce courriel car vos réglages de notifications envoient les { $category } par courriel immédiat.
mail-why-email-space = Vous recevez ce courriel car vos réglages de notifications envoient les { $category } de { $space } par courriel immédiat.

## Catégories et modes de réception (aussi sur la page des réglages).
mail-category-mentions = mentions
mail-category-replies = réponses et commentaires
mail-category-reactions = réactions
mail-category-posts = nouvelles publications
mail-category-membership = adhésions et invitations
mail-category-requests = demandes d’adhésion
mail-category-organising = événements que j’organise
mail-category-events = événements auxquels je suis inscrit·e
mail-category-library = documents de bibliothèque que je suis
mail-category-reports = signalements à traiter
mail-delivery-email = Courriel immédiat
mail-delivery-daily = Récapitulatif quotidien
mail-delivery-weekly = Récapitulatif hebdomadaire
mail-delivery-app = Dans Agora seulement
mail-delivery-off = Désactivé

## Récapitulatifs.
mail-digest-daily-subject = { $count ->
    [one] Votre récapitulatif du jour : { $count } notification
   *[other] Votre récapitulatif du jour : { $count } notifications
}
mail-digest-weekly-subject = { $count ->
    [one] Votre récapitulatif de la semaine : { $count } notification
   *[other] Votre récapitulatif de la semaine : { $count } notifications
}
mail-digest-daily-intro = Voici ce qui s’est passé dans vos espaces depuis votre dernier récapitulatif quotidien.
mail-digest-weekly-intro = Voici ce qui s’est passé dans vos espaces depuis votre dernier récapitulatif hebdomadaire.
mail-digest-more = Il y en a plus que n’en contient un courriel : la suite est sur votre page de notifications.
mail-digest-open = Voir toutes les notifications
mail-digest-elsewhere = Ailleurs
mail-why-digest-daily = Vous recevez ce récapitulatif parce que certaines notifications sont réglées sur un récapitulatif quotidien dans vos préférences.
mail-why-digest-weekly = Vous recevez ce récapitulatif parce que certaines notifications sont réglées sur un récapitulatif hebdomadaire dans vos préférences.

## Invitations.
mail-invitation-subject = Vous êtes invité·e à rejoindre { $instance }
mail-invitation-greeting = Bonjour,
mail-invitation-body = { $inviter } vous invite à rejoindre { $instance }, où votre réseau travaille ensemble.
mail-invitation-expires = Le lien ne sert qu’une fois, jusqu’au { $date }.
mail-invitation-register = Créer votre compte
mail-invitation-why = Vous recevez ce courriel parce qu’un·e modérateur·rice de { $instance } a saisi votre adresse. Si vous ne souhaitez pas rejoindre, ignorez-le.
mail-invitation-email = Envoyer le lien à (facultatif)
mail-invitation-email-hint = Le lien est envoyé à cette adresse dans la langue de l’instance ; il s’affiche aussi ici.
mail-invitation-sent = Le lien a été envoyé à { $address }.

## Réglage courriel d’un espace.
mail-space-full-text = Les courriels peuvent citer les publications et commentaires de cet espace
mail-space-full-text-hint = Désactivé : les courriels sur cet espace privé ne portent que des titres et des noms, et les membres lisent le texte dans Agora.

## Courrier sortant (administration).
mail-outbox = Courrier sortant
mail-outbox-files = Aucun serveur SMTP n’est configuré : les courriels sont conservés en fichiers .eml dans le dossier mail du dossier de données, et listés ici.
mail-outbox-all = Tous
mail-outbox-failed = Abandonnés
mail-outbox-none = Aucun courriel pour l’instant.
mail-outbox-subject = Objet
mail-outbox-recipient = Destinataire
mail-outbox-kind = Type
mail-outbox-state = État
mail-outbox-time = Mis en file
mail-outbox-older = Courriels plus anciens
mail-outbox-back = Tout le courrier sortant
mail-outbox-attempts = Tentatives
mail-outbox-error = Dernière erreur
mail-outbox-file = Fichier
mail-outbox-language = Langue
mail-outbox-text = Texte
mail-state-pending = En attente
mail-state-sent = Envoyé
mail-state-written = Conservé en fichier
mail-state-failed = Abandonné

## Réglages des notifications.
prefs-title = Réglages des notifications
prefs-saved = Vos réglages de notifications sont enregistrés.
prefs-intro = Choisissez comment chaque type de nouvelle vous parvient : par courriel immédiat, dans un récapitulatif quotidien ou hebdomadaire, seulement ici dans Agora, ou pas du tout.
prefs-everywhere = Dans tous les espaces
prefs-category = Nouvelles sur
prefs-category-hint-mentions = Quelqu’un vous nomme dans une publication ou un commentaire.
prefs-category-hint-replies = Commentaires sur vos publications, réponses à vos commentaires.
prefs-category-hint-reactions = Réactions à ce que vous avez écrit.
prefs-category-hint-posts = Nouvelles publications dans les espaces que vous suivez.
prefs-category-hint-membership = Réponses à vos demandes d’adhésion, invitations à des espaces.
prefs-category-hint-requests = Personnes qui demandent à rejoindre un espace que vous gérez.
prefs-category-hint-organising = Inscriptions et désinscriptions à vos événements.
prefs-category-hint-events = Modifications, annulations et rappels des événements auxquels vous êtes inscrit·e.
prefs-category-hint-library = Modifications et commentaires des documents de bibliothèque que vous suivez.
prefs-category-hint-reports = Signalements en attente d’un·e modérateur·rice.
prefs-default = (par défaut)
prefs-spaces = Espace par espace
prefs-spaces-intro = Un espace peut différer des autres : choisissez ici ce qui change pour lui.
prefs-no-spaces = Vous n’êtes encore dans aucun espace.
prefs-overrides = { $count ->
    [one] { $count } modification
   *[other] { $count } modifications
}
prefs-as-everywhere = Comme dans tous les espaces
prefs-save-space = Enregistrer pour { $space }
space-watch = Suivre les nouvelles publications
space-stop-watching = Ne plus suivre

## Désabonnement.
unsubscribe-title = Se désabonner
unsubscribe-confirm = Ne plus recevoir de courriels sur : { $what } ?
unsubscribe-button = Se désabonner
unsubscribe-done = C’est fait : plus de courriels sur : { $what }.
unsubscribe-change = Vous pouvez changer cela à tout moment :
mail-unsubscribe-what = { $category }
mail-unsubscribe-what-space = { $category } dans { $space }
mail-unsubscribe-what-digest-daily = le récapitulatif quotidien
mail-unsubscribe-what-digest-weekly = le récapitulatif hebdomadaire

## Guests (issue 17 point 5): emails to people without an account
guest-mail-greeting = Bonjour { $name },
guest-mail-confirm-subject = Confirmez votre inscription à « { $event } »
guest-mail-confirm-body = Cette adresse a été donnée pour s'inscrire à « { $event } » sur { $instance }. Pour confirmer, ouvrez le lien ci-dessous et appuyez sur le bouton.
guest-mail-confirm-button = Confirmer mon inscription
guest-mail-confirm-ignore = Si ce n'était pas vous, ignorez cet e-mail : rien ne se passe sans confirmation.
guest-mail-already-subject = Vous êtes déjà inscrit·e à « { $event } »
guest-mail-going-subject = Vous êtes inscrit·e à « { $event } »
guest-mail-registered-subject = Votre inscription à « { $event } »
guest-mail-rejected-subject = Votre inscription à « { $event } » a été refusée
guest-mail-cancelled-subject = Votre inscription à « { $event } » est annulée
guest-mail-removed-subject = Les organisateurs ont retiré votre inscription à « { $event } »
guest-mail-state-unconfirmed = Votre inscription n'est pas encore confirmée.
guest-mail-state-going = Vous avez une place.
guest-mail-state-waiting = Vous êtes sur la liste d'attente : nous vous écrirons si une place se libère.
guest-mail-state-pending = Votre inscription attend l'accord des organisateurs : nous vous écrirons.
guest-mail-state-rejected = Votre inscription a été refusée.
guest-mail-state-cancelled = Votre inscription est annulée.
guest-mail-message-intro = Un message des organisateurs de « { $event } » :
guest-mail-time = du { $start } au { $end } ({ $zone })
guest-mail-when = Quand : { $when }
guest-mail-where = Où : { $place }
guest-mail-link = En ligne : { $url }
guest-mail-link-later = En ligne : le lien vous sera envoyé par e-mail dès que vous aurez une place.
guest-mail-why = Vous recevez cet e-mail parce que cette adresse s'est inscrite comme invitée à « { $event } » sur { $instance }.
guest-mail-cancel-link = Annuler mon inscription
