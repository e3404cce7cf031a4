# admin: running the instance

admin-title = Administration
admin-sections = Sections de l’administration
admin-overview = Vue d’ensemble

## Instance roles
admin-role-member = Membre
admin-role-moderator = Modérateur·rice
admin-role-admin = Administrateur·rice

## Accounts
admin-users = Comptes
admin-users-intro = toutes les personnes ayant un compte ici, et leurs rôles.
admin-users-count = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}
admin-users-name = Nom
admin-users-email = Adresse e-mail
admin-users-role = Rôle
admin-users-since = Depuis
admin-users-role-of = Rôle de { $name }
admin-users-change-role = Changer le rôle

admin-users-suspension = Suspension
admin-users-suspension-hint = Les membres suspendus ne peuvent plus se connecter ni utiliser leurs jetons, jusqu’à la levée de la suspension.
admin-users-suspend-reason = Motif, pour le registre
admin-users-suspend = Suspendre
admin-users-suspend-confirm = Suspendre { $name } ?
admin-users-unsuspend = Lever la suspension

## Invitation links
admin-invitations = Liens d’invitation
admin-invitations-intro = Chaque lien permet à une personne de créer un compte sur ce serveur.
admin-invitations-new = Nouveau lien d’invitation
admin-invitations-note = Note
admin-invitations-note-hint = Pour mémoire : à qui il est destiné. Seuls les modérateurs la voient.
admin-invitations-days = Valable pendant (jours)
admin-invitations-create = Créer le lien
admin-invitations-created = Le lien d’invitation est prêt. Copiez-le maintenant et envoyez-le à la personne à qui il est destiné.
admin-invitations-link = Lien d’invitation
admin-invitations-expires = Il fonctionne jusqu’au { $date }.
admin-invitations-once = Il n’est affiché que cette fois-ci.
admin-invitations-list = Liens déjà créés
admin-invitations-none = Aucun lien d’invitation pour l’instant.
admin-invitations-made = Créé le
admin-invitations-expiry = Expire le
admin-invitations-used-by = Utilisé par
admin-invitations-no-note = Sans note
admin-invitations-unused = Pas utilisé

## Federation policy
admin-federation = Fédération
admin-federation-intro = Les autres serveurs avec lesquels celui-ci échange.
admin-federation-settings = Réglages
admin-federation-mode = Mode
admin-mode-open = Ouvert
admin-mode-blocklist = Liste de blocage
admin-mode-allowlist = Liste d’autorisation
admin-mode-hint-open = Échanger avec tous les serveurs ; les règles ci-dessous s’appliquent quand même.
admin-mode-hint-blocklist = Échanger avec tous les serveurs sauf ceux qui sont suspendus.
admin-mode-hint-allowlist = Échanger uniquement avec les serveurs qui ont une règle « autoriser ».
admin-federation-publish = Publier la liste des serveurs limités et suspendus
admin-federation-rules = Règles par serveur
admin-federation-no-rules = Aucune règle pour l’instant.
admin-action-none = Aucune restriction
admin-action-limit = Limiter
admin-action-suspend = Suspendre
admin-action-allow = Autoriser
admin-rule-domain = Serveur
admin-rule-domain-hint = Son nom de domaine, comme example.org. La règle couvre aussi ses sous-domaines.
admin-rule-action = Action
admin-rule-reasons = Motifs
admin-rule-made = Créée par
admin-rule-reject-media = Refuser ses fichiers médias
admin-rule-reject-reports = Ignorer ses signalements
admin-rule-obfuscate = Masquer en partie son nom dans la liste publique
admin-rule-public-reason = Motif public
admin-rule-private-comment = Commentaire privé
admin-rule-expires = Levée le { $date }
admin-rule-lift = Lever
admin-rule-lift-confirm = Lever la règle sur { $domain } ?
admin-rule-new = Ajouter ou modifier une règle
admin-rule-days = Levée automatique après (jours)
admin-rule-days-hint = Laissez vide pour garder la règle jusqu’à ce que vous la leviez.
admin-error-invitation-days = Indiquez un nombre entier de jours entre 1 et 365.
admin-error-rule-domain = Indiquez un nom de domaine comme example.org.
admin-error-rule-days = Indiquez un nombre entier de jours entre 1 et 3 650, ou laissez vide.
admin-rule-save = Enregistrer la règle

## Reports
admin-reports = Signalements
admin-reports-open-count = { $count ->
    [0] aucun signalement ouvert.
    [one] { $count } signalement ouvert.
   *[other] { $count } signalements ouverts.
}
admin-reports-states = Signalements par état
admin-report-state-open = Ouverts
admin-report-state-resolved = Traités
admin-report-state-dismissed = Classés sans suite
admin-reports-none = Aucun signalement ici.
admin-report-title = Signalement { $id }
admin-report-by = Signalé par
admin-report-from = Envoyé par le serveur
admin-report-forwarded = Transmis
admin-report-private = Espace privé
admin-report-private-hidden = Le contenu signalé se trouve dans un espace privé dont vous n’êtes pas membre : ses responsables s’en chargent. Vous pouvez agir sur le compte signalé.
admin-report-space = Espace
admin-report-account = Personne signalée
admin-report-post = Publication
admin-report-post-link = Publication { $id }
admin-report-comment = Commentaire
admin-report-reason = Motif
admin-report-resolution = Décision
admin-decision-dismiss = Classer sans suite
admin-decision-remove_content = Supprimer le contenu
admin-decision-suspend_account = Suspendre le compte
admin-decision-ban_from_space = Bannir de l’espace
admin-report-decision = Action
admin-report-note = Note pour le registre
admin-report-act = Agir et clore
admin-report-act-confirm = Effectuer cette action et clore le signalement ?
