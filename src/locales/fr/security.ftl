## Garder son compte : mots de passe et réinitialisation, vérification de l'adresse, second facteur, sessions et jetons.

## Onglets des réglages
security-settings-sections = Réglages
security-nav-profile = Profil
security-nav-security = Sécurité
security-nav-sessions = Sessions
security-title = Sécurité

## Mot de passe
security-password-heading = Mot de passe
security-password-current = Mot de passe actuel
security-password-new = Nouveau mot de passe
security-password-hint = Au moins 10 caractères. Le changer vous déconnecte partout ailleurs.
security-password-submit = Changer le mot de passe
security-password-changed = Votre mot de passe a été changé. Vous avez été déconnecté·e partout ailleurs.
security-password-wrong = Ce n'est pas votre mot de passe actuel.
security-password-weak = Le nouveau mot de passe doit compter au moins 10 caractères.
security-password-confirm = Votre mot de passe

## Adresse e-mail
security-email-heading = Adresse e-mail
security-email-verified = confirmée
security-email-unverified = pas encore confirmée : suivez le lien que nous avons envoyé à cette adresse
security-email-resend = Renvoyer le lien
security-email-sent = Un lien a été envoyé. Suivez-le pour confirmer l'adresse.
security-email-pending = Un lien a été envoyé à { $email } : votre adresse changera quand vous l'aurez suivi.
security-email-new = Nouvelle adresse
security-email-hint = Votre adresse ne change qu'une fois suivi le lien que nous envoyons à la nouvelle.
security-email-submit = Changer d'adresse
security-email-invalid = Cette adresse e-mail ne semble pas correcte.
security-email-taken = Un autre compte utilise déjà cette adresse e-mail.
security-email-too-many = Plusieurs liens ont été envoyés dans l'heure. Patientez un peu avant de réessayer.

## Second facteur
security-totp-heading = Second facteur
security-totp-intro = Avec un second facteur, la connexion demande, en plus du mot de passe, un code donné par une application de votre téléphone (Aegis, FreeOTP ou Google Authenticator, par exemple) : quelqu'un qui apprendrait votre mot de passe ne pourrait toujours pas entrer.
security-totp-on = Activé depuis le { $date }.
security-totp-off = Le second facteur est désactivé.
security-totp-required = Ce serveur exige un second facteur des modératrices, modérateurs et administrateurs. Ajoutez-en un pour continuer.
security-totp-start = Ajouter un second facteur
security-totp-scan = Scannez ce code avec votre application d'authentification, ou saisissez-y la clé ci-dessous. Tapez ensuite le code qu'elle affiche.
security-totp-qr-alt = Code QR à scanner avec votre application d'authentification
security-totp-key = Clé :
security-totp-code = Code affiché par l'application
security-totp-confirm = Activer
security-totp-wrong = Ce code n'est pas le bon. Vérifiez que l'horloge du téléphone est à l'heure et tapez le code affiché maintenant.
security-totp-disable = Désactiver le second facteur
security-totp-disabled = Le second facteur est désactivé.
security-recovery-heading = Vos codes de secours
security-recovery-intro = Si vous perdez votre téléphone, chacun de ces codes remplace une fois un code de l'application. Notez-les ou imprimez-les, et gardez-les en lieu sûr : ils ne sont montrés que maintenant.
security-recovery-left = { $count ->
    [one] Il reste un code de secours.
   *[other] Il reste { $count } codes de secours.
}
security-recovery-new = Créer de nouveaux codes de secours

## Connexion avec un second facteur
security-code-title = Deuxième étape : votre code
security-code-intro = Ouvrez votre application d'authentification et tapez le code à 6 chiffres qu'elle affiche pour ce serveur. Téléphone perdu ? Tapez plutôt l'un de vos codes de secours.
security-code-label = Code
security-code-submit = Continuer
security-code-wrong = Ce code n'est pas le bon, ou a déjà servi. Réessayez.
security-code-expired = Cette connexion a pris trop de temps ou a reçu trop de codes erronés. Saisissez à nouveau votre mot de passe.
security-code-locked = Trop de codes erronés ont été saisis pour ce compte. Attendez 15 minutes, puis reconnectez-vous.

## Mot de passe oublié
security-forgot-link = Mot de passe oublié ?
security-forgot-title = Mot de passe oublié
security-forgot-intro = Tapez l'adresse e-mail de votre compte. Nous y enverrons un lien pour choisir un nouveau mot de passe ; il ne sert qu'une fois, pendant une heure.
security-forgot-email = E-mail
security-forgot-submit = M'envoyer un lien
security-forgot-sent = Si un compte a cette adresse, un lien pour choisir un nouveau mot de passe est en route. Regardez dans votre boîte de réception, et dans les indésirables.
security-forgot-no-mail = Aucun e-mail reçu ? Un administrateur de ce serveur peut aussi vous donner un lien.
security-reset-title = Choisir un nouveau mot de passe
security-reset-intro = Vous serez ensuite déconnecté·e partout : reconnectez-vous avec le nouveau mot de passe.
security-reset-submit = Enregistrer le nouveau mot de passe
security-reset-dead = Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.
security-reset-done = Votre mot de passe a été changé. Connectez-vous avec.

## Vérification de l'adresse
security-verify-title = Adresse e-mail
security-verify-done = Votre adresse e-mail { $email } est confirmée. Merci.
security-verify-dead = Ce lien a expiré ou a déjà servi. Envoyez-en un nouveau depuis vos réglages de sécurité.

## Sessions et jetons d'API
security-sessions-title = Sessions et jetons d'API
security-sessions-intro = Les navigateurs et applications connectés à votre compte. Mettez fin à ceux que vous ne reconnaissez pas.
security-sessions-heading = Sessions de navigateur
security-sessions-device = Navigateur
security-sessions-started = Ouverte le
security-sessions-last-used = Dernière utilisation
security-sessions-never = Jamais
security-sessions-current = Ce navigateur
security-sessions-end = Fermer
security-tokens-heading = Jetons d'API
security-tokens-name = Nom
security-tokens-none = Aucun jeton d'API.
security-tokens-revoke = Révoquer

## Administration
security-admin-heading = Sécurité
security-admin-require-totp = Les modérateurs et administrateurs doivent utiliser un second facteur
security-admin-require-totp-hint = Sans second facteur, ils ne peuvent, une fois connectés, qu'en ajouter un, et leurs requêtes d'API sont refusées.
security-admin-password = Mot de passe
security-admin-reset = Créer un lien de réinitialisation
security-admin-reset-made = Un lien de réinitialisation du mot de passe pour { $name }, valable { $hours } heures. Il n'est montré que maintenant : transmettez-le par un canal de confiance.
security-admin-reset-link = Lien de réinitialisation
security-admin-remove-factor = Retirer le second facteur
security-admin-remove-factor-hint = Pour un membre qui a perdu son téléphone et ses codes de secours : il se connectera avec son seul mot de passe jusqu'à ce qu'il en ajoute un nouveau.
security-admin-factor-removed = Le second facteur de { $name } a été retiré.

## Erreurs
error-second_factor_required = Un code de votre application d'authentification est nécessaire
error-second_factor_enrolment_required = Ajoutez d'abord un second facteur

## E-mails
security-mail-greeting = Bonjour { $name },
security-mail-reset-subject = Choisissez un nouveau mot de passe sur { $domain }
security-mail-reset-body = Quelqu'un, vous sans doute, a demandé à choisir un nouveau mot de passe pour le compte { $username } sur { $domain }.
security-mail-reset-expiry = { $count ->
    [one] Le lien ne sert qu'une fois, pendant une heure.
   *[other] Le lien ne sert qu'une fois, pendant { $count } heures.
}
security-mail-reset-action = Choisir un nouveau mot de passe
security-mail-reset-ignore = Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe reste le même.
security-mail-verify-subject = Confirmez votre adresse e-mail sur { $domain }
security-mail-verify-body = Merci de confirmer que cette adresse est celle du compte { $username } sur { $domain }.
security-mail-verify-expiry = { $count ->
    [one] Le lien est valable une heure.
   *[other] Le lien est valable { $count } heures.
}
security-mail-verify-action = Confirmer cette adresse
security-mail-verify-ignore = Si vous n'avez rien demandé, ignorez cet e-mail : cette adresse ne sera pas utilisée.
