## Notifications: what each kind says, the notifications page, the unread count.

notification-someone = Quelqu’un
# A guest registered by email (no account), as the actor of a notice.
notification-guest = { $name } (invité)
notification-untitled = (sans titre)
notification-when = { $time } ({ $zone })
notification-changed-time = horaire
notification-changed-place = lieu
notification-changed-link = lien en ligne
notification-changed-status = statut
notification-changed-title = titre
notification-change-time = nouvel horaire { $when }
notification-change-place = nouveau lieu : { $place }
notification-change-place-none = plus de lieu
notification-change-link = nouveau lien en ligne (sur la page de l'événement, pour les participants acceptés)
notification-change-link-none = plus de lien en ligne
notification-change-status = statut désormais « { $status } »
notification-change-title = nouveau titre
notification-change-separator = {" ; "}
notification-mention-post = { $actor } vous a mentionné·e dans « { $post } » dans { $space }
notification-mention-comment = { $actor } vous a mentionné·e dans un commentaire sur « { $post } » dans { $space }
notification-comment-on-post = { $actor } a commenté votre publication « { $post } » dans { $space }
notification-comment-reply = { $actor } a répondu à votre commentaire sur « { $post } » dans { $space }
notification-reaction-post = { $count ->
    [0] { $actor } a réagi à votre publication « { $post } »
    [one] { $actor } et 1 autre personne ont réagi à votre publication « { $post } »
   *[other] { $actor } et { $count } autres personnes ont réagi à votre publication « { $post } »
}
notification-reaction-comment = { $count ->
    [0] { $actor } a réagi à votre commentaire sur « { $post } »
    [one] { $actor } et 1 autre personne ont réagi à votre commentaire sur « { $post } »
   *[other] { $actor } et { $count } autres personnes ont réagi à votre commentaire sur « { $post } »
}
notification-post-new = { $actor } a publié « { $post } » dans { $space }
notification-join-approved = Votre demande pour rejoindre { $space } a été acceptée
notification-join-refused = Votre demande pour rejoindre { $space } a été refusée
notification-space-invitation = { $actor } vous invite à rejoindre { $space }
notification-join-requested = { $actor } demande à rejoindre { $space }
notification-follow-requested = { $actor } demande à suivre { $space } depuis un autre serveur
notification-event-registration = { $actor } s’est inscrit·e à « { $event } »
notification-event-registration-pending = { $actor } demande à s’inscrire à « { $event } »
notification-event-unregistration = { $actor } a annulé son inscription à « { $event } »
notification-event-waitlist = { $actor } est sur la liste d’attente de « { $event } »
notification-event-waitlist-moved-up = { $actor } est passé·e de la liste d’attente aux inscrits de « { $event } »
notification-event-updated = « { $event } » dans { $space } a changé : { $changed }
notification-event-cancelled = « { $event } » dans { $space } est annulé
notification-event-reminder-day = « { $event } » commence demain : { $when }
notification-event-reminder-hour = « { $event } » commence dans une heure : { $when }
notification-event-accepted = Votre inscription à « { $event } » est confirmée
notification-event-accepted-freed = Une place s’est libérée : vous êtes inscrit·e à « { $event } »
notification-event-accepted-waiting = Vous êtes sur la liste d’attente de « { $event } »
notification-event-rejected = Votre inscription à « { $event } » a été refusée
notification-event-replay-recording = L’enregistrement de « { $event } » dans { $space } est en ligne
notification-event-replay-slides = Les diapositives de « { $event } » dans { $space } sont en ligne
notification-event-replay-notes = Les notes de « { $event } » dans { $space } sont en ligne
notification-event-message = { $actor } a écrit aux participants de « { $event } » : { $subject }
notification-library-changed = { $actor } a modifié « { $item } » dans { $space }
notification-library-commented = { $actor } a commenté « { $item } » dans { $space }
notification-report-new = { $actor } a envoyé un signalement aux modérateurs
notification-report-new-remote = Un signalement venu de { $origin } attend les modérateurs

nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] 1 non lue
   *[other] { $count } non lues
}
notifications-title = Notifications
notifications-none = Rien à vous signaler pour l’instant.
notifications-unread-label = Non lue
notifications-mark-read = Marquer comme lue
notifications-mark-all-read = Tout marquer comme lu
notifications-open = Ouvrir
notifications-newer = Plus récentes
notifications-older = Plus anciennes
notifications-all-read = Tout est lu.

settings-timezone = Votre fuseau horaire
settings-timezone-hint = Les heures des notifications et des courriels sont écrites dans ce fuseau.
settings-timezone-utc = UTC (temps universel)

## Following a library item
library-follow = Suivre : me prévenir des modifications et commentaires
library-unfollow = Suivi : ne plus me prévenir
