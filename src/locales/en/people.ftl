# people: profiles, settings, members of a space, invitations

## A member's profile
profile-edit = Edit my profile
profile-my-invitations = My invitations to spaces
profile-no-bio = No introduction yet.
profile-organisation = Organisation
profile-country = Country
profile-languages = Languages
profile-email = Email
profile-member-since = Member since

## Settings
settings-title = My profile and settings
settings-saved = Your changes are saved.
settings-see-profile = See my profile
settings-display-name = Display name
settings-organisation = Organisation
settings-country = Country
settings-country-hint = Two-letter code, such as CD, TN or BR. Leave empty to not say.
settings-languages = Languages you speak
settings-languages-hint = Language codes separated by commas, such as fr, ln, sw.
settings-bio = About you
settings-ui-language = Language of this interface
settings-ui-language-browser = Follow my browser

## Members of a space
members-title = Members
members-invited = { $name } has been invited. They will see the invitation when they next sign in.
members-name = Name
members-organisation = Organisation
members-role = Role
members-joined = Joined
members-actions = Actions
members-you = you
members-role-of = Role of { $name }
members-change-role = Change role
members-remove = Remove
members-leave = Leave
members-remove-confirm = Remove { $name } from this space?
members-requests = Requests to join
members-no-requests = No one is waiting to join.
members-approve-as = Accept as
members-approve = Accept
members-reject = Turn down
members-reject-confirm = Turn down the request from { $name }?
members-invite = Invite a member
members-invite-username = Username
members-invite-hint = Someone with an account on this server. They accept or decline the invitation.
members-error-unknown = Nobody on this server has this username: check its spelling, or find the person by name above.
members-error-already = This person is already a member of the space.
members-invite-submit = Send the invitation

## One's invitations to spaces
invitations-title = Invitations to spaces
invitations-none = You have no invitations waiting.
invitations-role = Role: { $role }
invitations-invited-by = Invited by
invitations-accept = Accept
invitations-decline = Decline
invitations-decline-confirm = Decline this invitation?

# The profile settings' messages next to a refused field.
settings-error-country = Enter a two-letter country code such as CD, TN or BR, or leave it empty.
settings-error-languages = Enter at most 20 language codes such as fr, ln, sw, separated by commas.
