## Personal data: export, account deletion, profile visibility, the privacy notice.

## Who sees my profile (settings)
data-visibility = Who can see my profile (organisation, country, languages, introduction)
data-visibility-everyone = Everyone, including people who are not signed in and other servers
data-visibility-instance = Members of this instance
data-visibility-nobody = Nobody but me and the administrators

## My data (settings)
data-title = My data
data-export-hint = Download everything you wrote here, with your profile, in one zip file: data files and a page you can open in a browser.
data-export = Download my data
data-delete-link = Delete my account

## Deleting my account
data-delete-title = Delete my account
data-delete-intro = You will be signed out everywhere and nobody can sign in to this account again. Your username stays reserved so that nobody can take it. You may want to download your data first.
data-delete-content = What becomes of what I wrote
data-delete-anonymise = Keep my posts, comments and files, without my name and profile
data-delete-everything = Delete my posts, comments, reactions and the library files I created
data-delete-password = Your password, to confirm
data-delete-confirm = Delete my account for good
data-delete-cancel = Keep my account
data-delete-wrong-password = This is not your password.
data-delete-last-admin = You are the last administrator of this instance. Make someone else administrator first.
data-delete-sole-manager = You are the only manager of these spaces. Make another member manager of each, or leave them, before you delete your account:

## The privacy notice
data-privacy-title = Privacy notice
data-privacy-read = Read the privacy notice
data-privacy-none = The administrators of this instance have not written a privacy notice yet.
data-privacy-edit = The privacy notice, shown to everyone who signs up
data-privacy-hint = Markdown: **bold**, *italic*, [links](https://example.org), lists and headings.
data-privacy-saved = The privacy notice is saved.

## The export archive's index.html
data-export-title = My data on Agora
data-export-made = Exported on { $date }. Every file listed here is in the archive beside this page.
data-export-email = Email address
data-export-memberships = My spaces
data-export-posts = My posts
data-export-comments = My comments
data-export-reactions = My reactions
data-export-events = Events I organise
data-export-registrations = My event registrations
data-export-library = Library files and notes I created
data-export-library-comments = My comments on library items
data-export-notifications = My notifications
