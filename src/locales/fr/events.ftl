# Événements : ceux d'un espace, la page d'un événement, le formulaire, les inscriptions.

## Les événements d'un espace
events-upcoming = Événements à venir
events-past = Événements passés
events-all = Événements
events-show-past = Voir les événements passés
events-show-upcoming = Voir les événements à venir
events-subscribe = S'abonner à ce calendrier
events-new = Organiser un événement
events-create = Créer l'événement
events-none = Aucun événement à venir.
events-none-past = Aucun événement passé.

## Un événement, en liste et sur sa page
event-when = du { $start } au { $end }
event-when-same-day = { $start } – { $end }
event-place = Lieu :
event-online = En ligne
event-remote = D'un autre serveur
event-status-confirmed = Confirmé
event-status-tentative = À confirmer
event-status-cancelled = Annulé
event-going-count = { $count ->
    [0] Personne n'est encore inscrit
    [one] { $count } participant
   *[other] { $count } participants
}
event-places-left = { $count ->
    [one] { $count } place restante
   *[other] { $count } places restantes
}
event-full = Complet
event-my-state-going = Vous participez.
event-my-state-waiting = Vous êtes sur la liste d'attente.
event-my-state-pending = Votre inscription attend l'accord de l'organisateur.
event-my-state-rejected = Votre inscription a été refusée.
event-breadcrumbs = Vous êtes ici
event-cancelled-notice = Cet événement est annulé.
event-when-label = Quand
event-timezone-label = Fuseau horaire
event-where-label = Où
event-online-label = Lien en ligne
event-online-for-participants = Visible par les participants une fois leur inscription acceptée.
event-organiser-label = Organisé par
event-registration-label = Inscription
event-participants-label = Participants
event-language-label = Langue
event-join-free = Libre : l'inscription est immédiate
event-join-restricted = L'organisateur valide chaque inscription
event-join-invite = Sur invitation uniquement
event-register = S'inscrire
event-unregister = Annuler mon inscription
event-unregister-confirm = Annuler votre inscription à cet événement ?
event-sign-in-to-register = Connectez-vous pour vous inscrire
event-add-to-calendar = Ajouter à mon agenda

## Pour qui organise
event-participants-title = Qui participe
event-participants-none = Personne ne s'est encore inscrit.
event-participant = Personne
event-participant-state = Inscription
event-participant-actions = Décision
event-participant-going = Participe
event-participant-waiting = Sur la liste d'attente
event-participant-pending = En attente d'accord
event-participant-rejected = Refusée
event-approve = Accepter
event-turn-down = Refuser
event-turn-down-confirm = Refuser cette inscription ?
event-edit = Modifier cet événement
event-edit-open = Afficher le formulaire
event-save = Enregistrer les modifications
event-cancel = Annuler cet événement
event-cancel-confirm = Annuler cet événement ? Toutes les personnes inscrites seront prévenues.

## Le formulaire
event-field-title = Titre
event-field-description = Description
event-field-description-hint = Markdown : **gras**, *italique*, [liens](https://example.org), listes.
event-field-starts = Début
event-field-ends = Fin
event-field-timezone = Fuseau horaire
event-field-timezone-hint = Le début et la fin sont des heures de ce fuseau. Le vôtre, celui de vos paramètres, vient en tête de la liste.
event-field-online = Lien en ligne
event-field-online-hint = L'adresse de la visioconférence, s'il y en a une (https://…). Seuls les participants dont l'inscription est acceptée la voient.
event-field-place = Lieu
event-field-place-name = Nom du lieu
event-field-place-address = Adresse
event-field-latitude = Latitude
event-field-longitude = Longitude
event-field-coordinates-hint = Facultatif, en degrés décimaux (par exemple 50.8503 et 4.3517), pour situer le lieu sur une carte.
event-field-registration = Inscription
event-field-join-mode = Qui peut s'inscrire
event-field-capacity = Places
event-field-capacity-hint = Laisser vide pour ne pas limiter.
event-field-capacity-keep-hint = Laisser vide pour garder le nombre de places actuel.
event-field-waitlist = Une fois complet, inscrire les personnes sur une liste d'attente
event-field-language = Langue de l'événement
event-field-language-hint = Un code de langue comme en, fr, ar, de ou pt.
event-field-status = Statut
# Sent to a participant of another instance, before the link itself.
event-link-message = Le lien en ligne de « { $event } », réservé aux participants :

## Ce qu’un événement laisse (enregistrement, diapositives, notes) et les archives
replays-title = Enregistrement, diapositives et notes
replay-kind-recording = Enregistrement
replay-kind-slides = Diapositives
replay-kind-notes = Notes
replays-add = Joindre un enregistrement, des diapositives ou des notes
replays-kind-label = De quoi s’agit-il
replays-title-label = Titre (facultatif)
replays-url-label = Un lien
replays-item-label = Ou un fichier ou une note de la bibliothèque
replays-attach = Joindre
replays-upload-label = Ou téléverser un fichier (il est conservé dans la bibliothèque de l’espace)
replays-upload = Téléverser et joindre
replays-remove = Retirer
replays-remove-confirm = Retirer ceci de l’événement ? Un fichier reste dans la bibliothèque.
replay-error-kind = Choisissez ce que c’est : un enregistrement, des diapositives ou des notes.
replay-error-title = Un titre fait au plus 200 caractères.
replay-error-url = Donnez un lien complet commençant par https://, de 2 000 caractères au plus.
replay-error-source = Donnez un lien ou choisissez un fichier ou une note de la bibliothèque : l’un des deux.
replay-error-item = Choisissez un fichier ou une note de la bibliothèque de cet espace.
replay-error-file = Choisissez un fichier à téléverser.
replay-error-file-again = Choisissez de nouveau le fichier : un navigateur ne le garde pas quand un formulaire revient.
events-archive-title = Événements passés et rediffusions
events-archive-intro = Les événements des espaces publics qui ont eu lieu, du plus récent au plus ancien, avec leurs enregistrements, diapositives et notes.
events-archive-older = Événements plus anciens
front-events-past = Événements passés et rediffusions
## Travailler avec les participants (organisateurs)
event-message-title = Écrire aux participants
event-message-hint = Toutes les personnes inscrites, sur liste d'attente ou en attente d'approbation le trouvent dans leurs notifications, et par e-mail sauf si elles ont désactivé les e-mails sur les événements. Texte brut : les liens ne sont pas cliquables.
event-message-subject = Objet
event-message-body = Message
event-message-send = Envoyer aux participants
event-message-sent = { $count ->
    [0] Message envoyé, mais aucun participant ne le reçoit (aucun inscrit, ou notifications d'événements désactivées).
    [one] Message envoyé à { $count } participant.
   *[other] Message envoyé à { $count } participants.
}
event-message-error-no-subject = Indiquez un objet.
event-message-error-subject-long = L'objet est trop long : 200 caractères au plus.
event-message-error-body-long = Le message est trop long : 10 000 caractères au plus.
event-participants-csv = Télécharger les participants (CSV)

## Guests (issue 17 point 5): people without an account
event-field-guests = Permettre aux personnes sans compte de s'inscrire avec leur nom et leur adresse e-mail
event-field-guests-hint = Espaces publics uniquement. Elles confirment leur adresse par e-mail.
event-guest-title = S'inscrire sans compte
event-guest-hint = Nous vous envoyons un lien de confirmation. Chaque e-mail contient un lien pour annuler.
event-guest-name = Nom
event-guest-email = Adresse e-mail
event-guest-register = S'inscrire par e-mail
event-guest-error-name = Écrivez votre nom, en 100 caractères au plus.
event-guests-title = Invités
event-guests-none = Pas encore d'invités.
event-guest-badge = invité
event-guest-remove = Retirer
event-guest-remove-confirm = Retirer cet invité ? Il en sera informé par e-mail.
event-guest-state-unconfirmed = N'a pas encore confirmé
event-guest-state-going = Participe
event-guest-state-waiting = Sur la liste d'attente
event-guest-state-pending = En attente d'accord
event-guest-state-rejected = Refusé
event-guest-state-cancelled = Annulé
guest-title = Votre inscription
guest-sent = Consultez votre boîte de réception : nous avons envoyé un e-mail à cette adresse. Ouvrez son lien pour confirmer.
guest-sent-hint = Rien reçu ? Regardez dans vos indésirables, ou réessayez plus tard.
guest-confirm-button = Confirmer mon inscription
guest-cancel-question = Annuler votre inscription à cet événement ?
guest-cancel-button = Annuler mon inscription
guest-state-unconfirmed = Votre inscription n'est pas encore confirmée.
guest-state-going = Vous êtes inscrit·e. À bientôt !
guest-state-waiting = Vous êtes sur la liste d'attente. Nous vous écrirons si une place se libère.
guest-state-pending = Votre inscription attend l'accord des organisateurs. Nous vous écrirons.
guest-state-rejected = Votre inscription a été refusée.
guest-state-cancelled = Votre inscription est annulée.

# Séries (événements récurrents)
event-field-repeat = Répétition
event-field-repeat-choice = Se répète
event-field-repeat-hint = Chaque date est un événement à part entière, avec ses propres inscriptions. L’heure locale reste la même, y compris au changement d’heure.
event-repeat-none = Ne se répète pas
event-repeat-weekly = Chaque semaine
event-repeat-fortnightly = Toutes les deux semaines
event-repeat-monthly-weekday = Chaque mois, le même jour de la semaine (p. ex. le deuxième mardi)
event-repeat-monthly-day = Chaque mois, à la même date
event-field-repeat-until = Jusqu’au (facultatif)
event-field-repeat-rule = Ou votre propre règle (RRULE iCalendar)
event-field-repeat-rule-hint = Par exemple FREQ=MONTHLY;BYDAY=1TH pour le premier jeudi de chaque mois. Elle remplace le choix ci-dessus.
event-series = Fait partie d’une série
event-series-dates = Dates de cette série
event-series-rule = Règle (iCalendar)
event-series-moved = déplacé

# Times in the viewer's zone, and the event's beside them.
event-when-in-zone = { $when } à l'heure de { $zone }
# The event form's messages next to a refused field.
event-error-title = Donnez un titre à l'événement, de 200 caractères au plus.
event-error-description = La description fait au plus 20 000 caractères.
event-error-date = Indiquez une date et une heure, par exemple 2026-03-29 10:00.
event-error-ends = La fin doit venir après le début, et au plus 31 jours plus tard.
event-error-online = Indiquez un lien web commençant par https://, par exemple celui d'une visioconférence.
event-error-number = Indiquez un nombre, par exemple 50.8503.
event-error-coordinates = La latitude est comprise entre -90 et 90, la longitude entre -180 et 180.
event-error-capacity = Indiquez un nombre entier de places entre 1 et 1 000 000, ou laissez vide.
event-error-guests = Seuls les événements des espaces publics, hors invitation, acceptent des invités.
event-error-language = Indiquez un code de langue comme en, fr, ar, de ou pt.
event-error-repeat = Indiquez une règle iCalendar comme FREQ=MONTHLY;BYDAY=2TU, quotidienne, hebdomadaire, mensuelle ou annuelle.
event-error-repeat-until = Indiquez une date postérieure à la première, par exemple 2026-12-31.
