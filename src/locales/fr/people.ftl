# people: profiles, settings, members of a space, invitations

## A member's profile
profile-edit = Modifier mon profil
profile-my-invitations = Mes invitations à des espaces
profile-no-bio = Pas encore de présentation.
profile-organisation = Organisation
profile-country = Pays
profile-languages = Langues
profile-email = Adresse e-mail
profile-member-since = Membre depuis le

## Settings
settings-title = Mon profil et mes réglages
settings-saved = Vos modifications sont enregistrées.
settings-see-profile = Voir mon profil
settings-display-name = Nom affiché
settings-organisation = Organisation
settings-country = Pays
settings-country-hint = Code à deux lettres, comme CD, TN ou BR. Laissez vide pour ne pas le dire.
settings-languages = Langues que vous parlez
settings-languages-hint = Codes de langue séparés par des virgules, comme fr, ln, sw.
settings-bio = À propos de vous
settings-ui-language = Langue de cette interface
settings-ui-language-browser = Suivre mon navigateur

## Members of a space
members-title = Membres
members-invited = { $name } a été invité·e. L’invitation l’attendra à sa prochaine connexion.
members-name = Nom
members-organisation = Organisation
members-role = Rôle
members-joined = Arrivée
members-actions = Actions
members-you = vous
members-role-of = Rôle de { $name }
members-change-role = Changer le rôle
members-remove = Retirer
members-leave = Quitter
members-remove-confirm = Retirer { $name } de cet espace ?
members-requests = Demandes d’adhésion
members-no-requests = Personne n’attend de réponse.
members-approve-as = Accepter comme
members-approve = Accepter
members-reject = Refuser
members-reject-confirm = Refuser la demande de { $name } ?
members-invite = Inviter un membre
members-invite-username = Nom d’utilisateur
members-invite-hint = Une personne qui a un compte sur ce serveur. Elle accepte ou décline l’invitation.
members-error-unknown = Personne sur ce serveur n’a ce nom d’utilisateur : vérifiez l’orthographe, ou cherchez la personne par son nom ci-dessus.
members-error-already = Cette personne est déjà membre de l’espace.
members-invite-submit = Envoyer l’invitation

## One's invitations to spaces
invitations-title = Invitations à des espaces
invitations-none = Aucune invitation en attente.
invitations-role = Rôle : { $role }
invitations-invited-by = Invitation de
invitations-accept = Accepter
invitations-decline = Décliner
invitations-decline-confirm = Décliner cette invitation ?

# The profile settings' messages next to a refused field.
settings-error-country = Indiquez un code de pays à deux lettres comme CD, TN ou BR, ou laissez vide.
settings-error-languages = Indiquez au plus 20 codes de langue comme fr, ln, sw, séparés par des virgules.
