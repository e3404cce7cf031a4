# people: profiles, settings, members of a space, invitations
