# Agora's web interface: the frame of every page, signing in and up,
# errors, dates and sizes.

## Frame
skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-spaces = Espaces
nav-profile = Profil
nav-admin = Administration
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-register = Créer un compte
language = Langue
footer-instance = Agora sur { $domain }
footer-api = API

## Dates, numbers, sizes
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
# $day, $month (a name) and $year are already written in the language's digits.
date = { $day } { $month } { $year }
datetime = { $date } à { $time }
size-bytes = { $n } octets
size-kb = { $n } Ko
size-mb = { $n } Mo
size-gb = { $n } Go

## Errors
error-bad_request = Cette requête n’a pas pu être comprise
error-invalid = Une partie de ce que vous avez saisi n’est pas acceptée
error-unauthorized = Veuillez vous connecter
error-forbidden = Vous n’avez pas le droit de faire ceci
error-not_found = Page introuvable
error-gone = Ceci a été supprimé
error-conflict = Cela entre en conflit avec un élément qui existe déjà
error-payload_too_large = C’est trop volumineux
error-unsupported_media_type = Ce type de contenu n’est pas accepté
error-method_not_allowed = Cette action n’est pas possible ici
error-remote_error = L’autre serveur n’a pas pu être joint
error-internal = Un problème est survenu de notre côté ; veuillez réessayer plus tard
error-too_many_requests = Trop de tentatives
error-busy = Le serveur est occupé ; veuillez réessayer dans un instant
error-back-home = Retour à la page d’accueil

## Signing in and up
login-title = Se connecter
login-login = Nom d’utilisateur ou adresse e-mail
login-password = Mot de passe
login-submit = Se connecter
login-failed = Nom d’utilisateur ou mot de passe incorrect.
login-suspended = Ce compte est suspendu. Contactez les modérateurs de ce serveur.
throttled-seconds = { $count ->
    [one] Trop de tentatives. Veuillez attendre { $count } seconde avant de réessayer.
   *[other] Trop de tentatives. Veuillez attendre { $count } secondes avant de réessayer.
}
throttled-minutes = { $count ->
    [one] Trop de tentatives. Veuillez attendre { $count } minute avant de réessayer.
   *[other] Trop de tentatives. Veuillez attendre { $count } minutes avant de réessayer.
}
login-no-account = Pas encore de compte ?
register-title = Créer un compte
register-username = Nom d’utilisateur
register-username-hint = De 2 à 30 lettres minuscules, chiffres ou _, en commençant par une lettre. Il est visible par les autres.
register-email = Adresse e-mail
register-password = Mot de passe
register-password-hint = Au moins 10 caractères.
register-submit = Créer mon compte
register-have-account = Vous avez déjà un compte ?
register-closed = Ce serveur n’accepte pas de nouveaux comptes. Demandez-en un à ses administrateurs.
register-invite-only = Ce serveur accueille de nouveaux membres sur invitation. Ouvrez le lien d’invitation que vous avez reçu.
register-error-username = Ce nom d’utilisateur n’est pas accepté : utilisez de 2 à 30 lettres minuscules, chiffres ou _, en commençant par une lettre.
register-error-email = Cette adresse e-mail ne semble pas valide.
register-error-password = Le mot de passe doit comporter au moins 10 caractères.
register-error-email-taken = Un compte existe déjà avec cette adresse e-mail.
register-error-username-taken = Ce nom d’utilisateur est déjà pris.
register-error-invitation = Ce lien d’invitation n’est pas valide ou a déjà été utilisé.

## Offline
offline-title = Vous êtes hors ligne
offline-text = Cette page nécessite une connexion. Ce que vous faisiez n’est pas perdu : revenez-y dès que la connexion sera rétablie.
offline-retry = Réessayer

## Feeds and posts in lists
home-title = Votre fil
home-my-spaces = Vos espaces
home-no-spaces = Vous ne faites encore partie d’aucun espace.
home-find-spaces = Trouver des espaces
home-invitations = { $count ->
    [one] Vous avez une invitation à rejoindre un espace.
   *[other] Vous avez { $count } invitations à rejoindre des espaces.
}
public-title = Dernières nouvelles des espaces publics
public-intro = Agora est l’endroit où notre réseau partage actualités, échanges et ressources.
feed-label = Publications
feed-empty = Rien ici pour l’instant.
feed-older = Publications plus anciennes
post-language = Langue : { $code }
post-language-title = La langue dans laquelle ce contenu a été rédigé
comments-count = { $count ->
    [0] Aucun commentaire
    [one] 1 commentaire
   *[other] { $count } commentaires
}
members-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}

## Traduction automatique (le bouton Traduire)
translate-button = Traduire
translate-title = Traduction
translate-machine = Traduction automatique depuis « { $language } » : elle peut contenir des erreurs.
translate-original = Voir l’original
translate-error-off = La traduction n’est pas disponible sur ce serveur.
translate-error-private = Le contenu des espaces privés n’est pas envoyé au service de traduction de ce serveur.
translate-error-same = Ce texte est déjà dans votre langue.
translate-error-too-long = Ce texte est trop long pour être traduit.
translate-error-too-many = Vous avez demandé beaucoup de traductions au cours de la dernière heure. Veuillez réessayer plus tard.
translate-error-unavailable = Le service de traduction est indisponible pour le moment. Veuillez réessayer plus tard.
translate-error-slow = Le service de traduction a mis trop de temps à répondre. Veuillez réessayer plus tard.

# Atom feeds, named in the pages that link to them.
feed-public = Publications publiques (flux Atom)
feed-events = Événements publics à venir (flux Atom)
feed-space = { $space } : publications (flux Atom)

# The front page for visitors, and its editor.
front-title = Page d’accueil
front-hint = Ce que les visiteurs lisent en premier sur la page d’accueil, au-dessus des espaces publics, des événements à venir et des publications récentes : qui vous êtes et ce que fait le réseau. Markdown. Écrivez-le dans les langues que vous pouvez ; un visiteur dont la langue n’a pas de texte lit le texte anglais, ou un autre.
front-saved = La page d’accueil est enregistrée.
front-see = La voir
front-spaces = Espaces publics
front-events = Événements à venir
front-posts = Publications récentes
front-all-spaces = Tous les espaces

# Asking before a destructive action without JavaScript
confirm-question = En êtes-vous sûr·e ?
confirm-title = Veuillez confirmer
confirm-yes = Oui, continuer
confirm-no = Non, revenir

# First steps on the home page (issue 19 point 7)
first-steps-member = Vos premiers pas
first-steps-admin = Mettre en place cette instance
first-steps-profile = Ajoutez votre nom et votre organisation à votre profil
first-steps-space = Rejoignez un espace
first-steps-notifications = Choisissez comment les notifications vous parviennent
first-steps-domain = Donnez son domaine à l’instance (instance.domain dans agora.toml)
first-steps-registration = Décidez qui peut rejoindre : invitez des personnes ou ouvrez les inscriptions
first-steps-federation = Définissez la politique de fédération : avec qui cette instance échange
first-steps-email = Branchez un serveur de courrier (email.smtp_url) pour que les e-mails arrivent
first-steps-done = fait
first-steps-hide = Masquer ces étapes

# Time zone lists (profile, event form) and forms shown again with messages.
zone-group-yours = Votre fuseau horaire
zone-group-browser = Le fuseau horaire de cet appareil
form-refused = Certains champs sont à revoir : les messages sont à côté.
form-error-timezone = Choisissez un fuseau horaire dans la liste.
form-error-too-long = C'est trop long.
form-error-choice = Choisissez une valeur de la liste.
