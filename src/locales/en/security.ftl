## Keeping an account: passwords and resets, email verification, the second factor, sessions and tokens.

## Settings tabs
security-settings-sections = Settings
security-nav-profile = Profile
security-nav-security = Security
security-nav-sessions = Sessions
security-title = Security

## Password
security-password-heading = Password
security-password-current = Current password
security-password-new = New password
security-password-hint = At least 10 characters. Changing it signs you out everywhere else.
security-password-submit = Change the password
security-password-changed = Your password was changed. You were signed out everywhere else.
security-password-wrong = This is not your current password.
security-password-weak = The new password must be at least 10 characters long.
security-password-confirm = Your password

## Email address
security-email-heading = Email address
security-email-verified = confirmed
security-email-unverified = not confirmed yet: follow the link we sent to this address
security-email-resend = Send the link again
security-email-sent = A link was sent. Follow it to confirm the address.
security-email-pending = A link was sent to { $email }: your address changes when you follow it.
security-email-new = New address
security-email-hint = Your address changes only once you follow the link we send to the new one.
security-email-submit = Change the address
security-email-invalid = This email address does not look right.
security-email-taken = Another account already has this email address.
security-email-too-many = Several links were sent in the last hour. Wait a little and try again.

## Second factor
security-totp-heading = Second factor
security-totp-intro = With a second factor, signing in asks for a code from an app on your phone (such as Aegis, FreeOTP or Google Authenticator) as well as your password: someone who learns your password still cannot get in.
security-totp-on = On since { $date }.
security-totp-off = The second factor is off.
security-totp-required = This server requires moderators and administrators to use a second factor. Add one to continue.
security-totp-start = Add a second factor
security-totp-scan = Scan this code with your authenticator app, or type the key below into it. Then type the code the app shows.
security-totp-qr-alt = QR code to scan with your authenticator app
security-totp-key = Key:
security-totp-code = Code shown by the app
security-totp-confirm = Turn on
security-totp-wrong = This code is not right. Check that the phone's clock is right and type the code the app shows now.
security-totp-disable = Turn off the second factor
security-totp-disabled = The second factor is off.
security-recovery-heading = Your recovery codes
security-recovery-intro = If you lose your phone, each of these codes works once instead of a code from the app. Write them down or print them, and keep them somewhere safe: they are shown only now.
security-recovery-left = { $count ->
    [one] One recovery code left.
   *[other] { $count } recovery codes left.
}
security-recovery-new = Make new recovery codes

## Signing in with a second factor
security-code-title = Second step: your code
security-code-intro = Open your authenticator app and type the 6-digit code it shows for this server. Lost your phone? Type one of your recovery codes instead.
security-code-label = Code
security-code-submit = Continue
security-code-wrong = This code is not right, or was already used. Try again.
security-code-expired = This sign-in took too long or had too many wrong codes. Enter your password again.
security-code-locked = Too many wrong codes were typed for this account. Wait 15 minutes, then sign in again.

## Forgotten password
security-forgot-link = Forgot your password?
security-forgot-title = Forgot your password
security-forgot-intro = Type the email address of your account. We will send it a link to choose a new password; the link works once, for one hour.
security-forgot-email = Email
security-forgot-submit = Send me a link
security-forgot-sent = If an account has this address, a link to choose a new password is on its way. Look in your mailbox, and in its spam folder.
security-forgot-no-mail = No email came? An administrator of this server can give you a link too.
security-reset-title = Choose a new password
security-reset-intro = After this you are signed out everywhere: sign in again with the new password.
security-reset-submit = Save the new password
security-reset-dead = This link has expired or was already used. Ask for a new one.
security-reset-done = Your password was changed. Sign in with it.

## Email verification
security-verify-title = Email address
security-verify-done = Your email address { $email } is confirmed. Thank you.
security-verify-dead = This link has expired or was already used. Send a new one from your security settings.

## Sessions and API tokens
security-sessions-title = Sessions and API tokens
security-sessions-intro = The browsers and apps signed in to your account. End any you do not recognise.
security-sessions-heading = Browser sessions
security-sessions-device = Browser
security-sessions-started = Started
security-sessions-last-used = Last used
security-sessions-never = Never
security-sessions-current = This browser
security-sessions-end = End
security-tokens-heading = API tokens
security-tokens-name = Name
security-tokens-none = No API tokens.
security-tokens-revoke = Revoke

## Administration
security-admin-heading = Security
security-admin-require-totp = Moderators and administrators must use a second factor
security-admin-require-totp-hint = Without one, they can only add one after signing in, and their API requests are refused.
security-admin-password = Password
security-admin-reset = Make a reset link
security-admin-reset-made = A password reset link for { $name }, valid for { $hours } hours. It is shown only now: hand it over by a channel you trust.
security-admin-reset-link = Reset link
security-admin-remove-factor = Remove the second factor
security-admin-remove-factor-hint = For a member who lost their phone and their recovery codes: they will sign in with their password alone until they add a new one.
security-admin-factor-removed = The second factor of { $name } was removed.

## Errors
error-second_factor_required = A code from your authenticator app is needed
error-second_factor_enrolment_required = Add a second factor first

## Emails
security-mail-greeting = Hello { $name },
security-mail-reset-subject = Choose a new password on { $domain }
security-mail-reset-body = Someone, hopefully you, asked to choose a new password for the account { $username } on { $domain }.
security-mail-reset-expiry = { $count ->
    [one] The link works once, for one hour.
   *[other] The link works once, for { $count } hours.
}
security-mail-reset-action = Choose a new password
security-mail-reset-ignore = If you did not ask for this, ignore this email: your password stays as it is.
security-mail-verify-subject = Confirm your email address on { $domain }
security-mail-verify-body = Please confirm that this address belongs to the account { $username } on { $domain }.
security-mail-verify-expiry = { $count ->
    [one] The link works for one hour.
   *[other] The link works for { $count } hours.
}
security-mail-verify-action = Confirm this address
security-mail-verify-ignore = If you did not ask for this, ignore this email: this address will not be used.
