## Personal data: export, account deletion, profile visibility, the privacy notice.

## Who sees my profile (settings)
data-visibility = Qui peut voir mon profil (organisation, pays, langues, présentation)
data-visibility-everyone = Tout le monde, y compris les personnes non connectées et les autres serveurs
data-visibility-instance = Les membres de cette instance
data-visibility-nobody = Personne d’autre que moi et les administrateurs

## My data (settings)
data-title = Mes données
data-export-hint = Téléchargez tout ce que vous avez écrit ici, avec votre profil, dans un seul fichier zip : des fichiers de données et une page à ouvrir dans un navigateur.
data-export = Télécharger mes données
data-delete-link = Supprimer mon compte

## Deleting my account
data-delete-title = Supprimer mon compte
data-delete-intro = Vous serez déconnecté·e partout et personne ne pourra plus se connecter à ce compte. Votre nom d’utilisateur reste réservé pour que personne ne le prenne. Pensez à télécharger vos données avant.
data-delete-content = Ce que deviennent mes écrits
data-delete-anonymise = Garder mes publications, commentaires et fichiers, sans mon nom ni mon profil
data-delete-everything = Supprimer mes publications, commentaires, réactions et les fichiers de bibliothèque que j’ai créés
data-delete-password = Votre mot de passe, pour confirmer
data-delete-confirm = Supprimer définitivement mon compte
data-delete-cancel = Garder mon compte
data-delete-wrong-password = Ce n’est pas votre mot de passe.
data-delete-last-admin = Vous êtes le dernier administrateur de cette instance. Nommez d’abord quelqu’un d’autre administrateur.
data-delete-sole-manager = Vous êtes le seul gestionnaire de ces espaces. Nommez un autre membre gestionnaire de chacun, ou quittez-les, avant de supprimer votre compte :

## The privacy notice
data-privacy-title = Politique de confidentialité
data-privacy-read = Lire la politique de confidentialité
data-privacy-none = Les administrateurs de cette instance n’ont pas encore rédigé de politique de confidentialité.
data-privacy-edit = La politique de confidentialité, présentée à chaque inscription
data-privacy-hint = Markdown : **gras**, *italique*, [liens](https://example.org), listes et titres.
data-privacy-saved = La politique de confidentialité est enregistrée.

## The export archive's index.html
data-export-title = Mes données sur Agora
data-export-made = Exportées le { $date }. Chaque fichier cité ici se trouve dans l’archive, à côté de cette page.
data-export-email = Adresse e-mail
data-export-memberships = Mes espaces
data-export-posts = Mes publications
data-export-comments = Mes commentaires
data-export-reactions = Mes réactions
data-export-events = Les évènements que j’organise
data-export-registrations = Mes inscriptions à des évènements
data-export-library = Les fichiers et notes de bibliothèque que j’ai créés
data-export-library-comments = Mes commentaires sur la bibliothèque
data-export-notifications = Mes notifications
