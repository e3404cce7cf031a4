# Agora's web interface: the frame of every page, signing in and up,
# errors, dates and sizes.

## Frame
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-spaces = Spaces
nav-profile = Profile
nav-admin = Administration
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-register = Create an account
language = Language
footer-instance = Agora on { $domain }
footer-api = API

## Dates, numbers, sizes
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
# $day, $month (a name) and $year are already written in the language's digits.
date = { $day } { $month } { $year }
datetime = { $date }, { $time }
size-bytes = { $n } bytes
size-kb = { $n } KB
size-mb = { $n } MB
size-gb = { $n } GB

## Errors
error-bad_request = This request could not be understood
error-invalid = Some of what you entered is not accepted
error-unauthorized = Please sign in
error-forbidden = You may not do this
error-not_found = Page not found
error-gone = This was deleted
error-conflict = This clashes with something that already exists
error-payload_too_large = This is too large
error-unsupported_media_type = This kind of content is not accepted
error-method_not_allowed = This action is not possible here
error-remote_error = The other server could not be reached
error-internal = Something went wrong on our side; please try again later
error-too_many_requests = Too many attempts
error-busy = The server is busy; please try again in a moment
error-back-home = Back to the home page

## Signing in and up
login-title = Sign in
login-login = Username or email
login-password = Password
login-submit = Sign in
login-failed = Wrong username or password.
login-suspended = This account is suspended. Contact the moderators of this server.
throttled-seconds = { $count ->
    [one] Too many attempts. Please wait { $count } second before trying again.
   *[other] Too many attempts. Please wait { $count } seconds before trying again.
}
throttled-minutes = { $count ->
    [one] Too many attempts. Please wait { $count } minute before trying again.
   *[other] Too many attempts. Please wait { $count } minutes before trying again.
}
login-no-account = No account yet?
register-title = Create an account
register-username = Username
register-username-hint = 2 to 30 lowercase letters, digits or _, starting with a letter. Others see it.
register-email = Email
register-password = Password
register-password-hint = At least 10 characters.
register-submit = Create my account
register-have-account = Already have an account?
register-closed = This server does not take new accounts. Ask its administrators for one.
register-invite-only = This server takes new members by invitation. Open the invitation link you were sent.
register-error-username = This username is not accepted: use 2 to 30 lowercase letters, digits or _, starting with a letter.
register-error-email = This email address does not look right.
register-error-password = The password must be at least 10 characters long.
register-error-email-taken = An account with this email already exists.
register-error-username-taken = This username is taken.
register-error-invitation = This invitation link is not valid, or was already used.

## Offline
offline-title = You are offline
offline-text = This page needs a connection. What you were doing is not lost: go back once you are connected again.
offline-retry = Try again

## Feeds and posts in lists
home-title = Your feed
home-my-spaces = Your spaces
home-no-spaces = You are not in any space yet.
home-find-spaces = Find spaces
home-invitations = { $count ->
    [one] You have an invitation to a space.
   *[other] You have { $count } invitations to spaces.
}
public-title = Latest from public spaces
public-intro = Agora is where our network shares news, talks and resources.
feed-label = Posts
feed-empty = Nothing here yet.
feed-older = Older posts
post-language = Language: { $code }
post-language-title = The language this was written in
comments-count = { $count ->
    [0] No comments
    [one] 1 comment
   *[other] { $count } comments
}
members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}

## Machine translation (the Translate button)
translate-button = Translate
translate-title = Translation
translate-machine = Machine translation from “{ $language }”: it may contain mistakes.
translate-original = Show the original
translate-error-off = Translation is not available on this server.
translate-error-private = Content of private spaces is not sent to this server’s translation service.
translate-error-same = This text is already in your language.
translate-error-too-long = This text is too long to be translated.
translate-error-too-many = You have asked for many translations in the last hour. Please try again later.
translate-error-unavailable = The translation service is unavailable at the moment. Please try again later.
translate-error-slow = The translation service took too long to answer. Please try again later.

# Atom feeds, named in the pages that link to them.
feed-public = Public posts (Atom feed)
feed-events = Upcoming public events (Atom feed)
feed-space = { $space }: posts (Atom feed)

# The front page for visitors, and its editor.
front-title = Front page
front-hint = What visitors read first on the home page, above the public spaces, upcoming events and recent posts: who you are and what the network does. Markdown. Write it in the languages you can; a visitor whose language has no text reads the English one, or any other.
front-saved = The front page is saved.
front-see = See it
front-spaces = Public spaces
front-events = Upcoming events
front-posts = Recent posts
front-all-spaces = All spaces

# Asking before a destructive action without JavaScript
confirm-question = Are you sure?
confirm-title = Please confirm
confirm-yes = Yes, go ahead
confirm-no = No, go back

# First steps on the home page (issue 19 point 7)
first-steps-member = Your first steps
first-steps-admin = Setting up this instance
first-steps-profile = Add your name and organisation to your profile
first-steps-space = Join a space
first-steps-notifications = Choose how notifications reach you
first-steps-domain = Give the instance its domain (instance.domain in agora.toml)
first-steps-registration = Decide who may join: invite people, or open registration
first-steps-federation = Set the federation policy: who this instance talks to
first-steps-email = Connect a mail server (email.smtp_url), so emails reach people
first-steps-done = done
first-steps-hide = Hide these steps

# Time zone lists (profile, event form) and forms shown again with messages.
zone-group-yours = Your time zone
zone-group-browser = This device's time zone
form-refused = Some fields need another look: the messages are next to them.
form-error-timezone = Choose a time zone from the list.
form-error-too-long = This is too long.
form-error-choice = Choose one of the list.
