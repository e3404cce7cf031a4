# people: profiles, settings, members of a space, invitations

## A member's profile
profile-edit = Mein Profil bearbeiten
profile-my-invitations = Meine Einladungen in Räume
profile-no-bio = Noch keine Vorstellung.
profile-organisation = Organisation
profile-country = Land
profile-languages = Sprachen
profile-email = E-Mail
profile-member-since = Mitglied seit

## Settings
settings-title = Mein Profil und meine Einstellungen
settings-saved = Ihre Änderungen sind gespeichert.
settings-see-profile = Mein Profil ansehen
settings-display-name = Anzeigename
settings-organisation = Organisation
settings-country = Land
settings-country-hint = Zweibuchstabiger Code, etwa CD, TN oder BR. Leer lassen, um es nicht anzugeben.
settings-languages = Sprachen, die Sie sprechen
settings-languages-hint = Sprachcodes, durch Kommas getrennt, etwa fr, ln, sw.
settings-bio = Über Sie
settings-ui-language = Sprache dieser Oberfläche
settings-ui-language-browser = Wie mein Browser

## Members of a space
members-title = Mitglieder
members-invited = { $name } wurde eingeladen und sieht die Einladung bei der nächsten Anmeldung.
members-name = Name
members-organisation = Organisation
members-role = Rolle
members-joined = Beigetreten
members-actions = Aktionen
members-you = Sie
members-role-of = Rolle von { $name }
members-change-role = Rolle ändern
members-remove = Entfernen
members-leave = Verlassen
members-remove-confirm = { $name } aus diesem Raum entfernen?
members-requests = Beitrittsanfragen
members-no-requests = Niemand wartet auf Aufnahme.
members-approve-as = Aufnehmen als
members-approve = Aufnehmen
members-reject = Ablehnen
members-reject-confirm = Die Anfrage von { $name } ablehnen?
members-invite = Ein Mitglied einladen
members-invite-username = Benutzername
members-invite-hint = Jemand mit einem Konto auf diesem Server. Die Person nimmt die Einladung an oder lehnt sie ab.
members-error-unknown = Niemand auf diesem Server hat diesen Benutzernamen: Prüfen Sie die Schreibweise oder suchen Sie die Person oben nach ihrem Namen.
members-error-already = Diese Person ist bereits Mitglied des Raums.
members-invite-submit = Einladung senden

## One's invitations to spaces
invitations-title = Einladungen in Räume
invitations-none = Es warten keine Einladungen auf Sie.
invitations-role = Rolle: { $role }
invitations-invited-by = Eingeladen von
invitations-accept = Annehmen
invitations-decline = Ablehnen
invitations-decline-confirm = Diese Einladung ablehnen?

# The profile settings' messages next to a refused field.
settings-error-country = Geben Sie einen zweistelligen Ländercode wie CD, TN oder BR ein, oder lassen Sie das Feld leer.
settings-error-languages = Geben Sie höchstens 20 Sprachcodes wie fr, ln, sw ein, durch Kommas getrennt.
