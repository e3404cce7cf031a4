# admin: running the instance

admin-title = Administration
admin-sections = Administration sections
admin-overview = Overview

## Instance roles
admin-role-member = Member
admin-role-moderator = Moderator
admin-role-admin = Administrator

## Accounts
admin-users = Accounts
admin-users-intro = everyone with an account here, and their roles.
admin-users-count = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
admin-users-name = Name
admin-users-email = Email
admin-users-role = Role
admin-users-since = Since
admin-users-role-of = Role of { $name }
admin-users-change-role = Change role

admin-users-suspension = Suspension
admin-users-suspension-hint = Suspended members can no longer sign in or use their tokens, until the suspension is lifted.
admin-users-suspend-reason = Reason, for the record
admin-users-suspend = Suspend
admin-users-suspend-confirm = Suspend { $name }?
admin-users-unsuspend = Lift the suspension

## Invitation links
admin-invitations = Invitation links
admin-invitations-intro = Each link lets one person create an account on this server.
admin-invitations-new = New invitation link
admin-invitations-note = Note
admin-invitations-note-hint = For your memory: who it is for. Only moderators see it.
admin-invitations-days = Valid for (days)
admin-invitations-create = Create the link
admin-invitations-created = The invitation link is ready. Copy it now and send it to the person it is for.
admin-invitations-link = Invitation link
admin-invitations-expires = It works until { $date }.
admin-invitations-once = It is shown only this once.
admin-invitations-list = Links made so far
admin-invitations-none = No invitation links yet.
admin-invitations-made = Made
admin-invitations-expiry = Expires
admin-invitations-used-by = Used by
admin-invitations-no-note = No note
admin-invitations-unused = Not used

## Federation policy
admin-federation = Federation
admin-federation-intro = Which other servers this one exchanges with.
admin-federation-settings = Settings
admin-federation-mode = Mode
admin-mode-open = Open
admin-mode-blocklist = Blocklist
admin-mode-allowlist = Allowlist
admin-mode-hint-open = Exchange with every server; the rules below still apply.
admin-mode-hint-blocklist = Exchange with every server except suspended ones.
admin-mode-hint-allowlist = Exchange only with servers that have an "allow" rule.
admin-federation-publish = Publish the list of limited and suspended servers
admin-federation-rules = Rules per server
admin-federation-no-rules = No rules yet.
admin-action-none = No restriction
admin-action-limit = Limit
admin-action-suspend = Suspend
admin-action-allow = Allow
admin-rule-domain = Server
admin-rule-domain-hint = Its domain name, such as example.org. The rule covers its subdomains too.
admin-rule-action = Action
admin-rule-reasons = Reasons
admin-rule-made = Made by
admin-rule-reject-media = Refuse its media files
admin-rule-reject-reports = Ignore its reports
admin-rule-obfuscate = Partly hide its name in the public list
admin-rule-public-reason = Public reason
admin-rule-private-comment = Private comment
admin-rule-expires = Lifts on { $date }
admin-rule-lift = Lift
admin-rule-lift-confirm = Lift the rule on { $domain }?
admin-rule-new = Add or change a rule
admin-rule-days = Lifts by itself after (days)
admin-rule-days-hint = Leave empty to keep the rule until you lift it.
admin-error-invitation-days = Enter a whole number of days between 1 and 365.
admin-error-rule-domain = Enter a domain name such as example.org.
admin-error-rule-days = Enter a whole number of days between 1 and 3,650, or leave it empty.
admin-rule-save = Save the rule

## Reports
admin-reports = Reports
admin-reports-open-count = { $count ->
    [0] no open reports.
    [one] { $count } open report.
   *[other] { $count } open reports.
}
admin-reports-states = Reports by state
admin-report-state-open = Open
admin-report-state-resolved = Resolved
admin-report-state-dismissed = Dismissed
admin-reports-none = No reports here.
admin-report-title = Report { $id }
admin-report-by = Reported by
admin-report-from = Sent by the server
admin-report-forwarded = Forwarded
admin-report-private = Private space
admin-report-private-hidden = The reported content is in a private space you are not a member of: its space managers handle it. You can act on the reported account.
admin-report-space = Space
admin-report-account = Reported person
admin-report-post = Post
admin-report-post-link = Post { $id }
admin-report-comment = Comment
admin-report-reason = Reason
admin-report-resolution = Outcome
admin-decision-dismiss = Dismiss
admin-decision-remove_content = Remove the content
admin-decision-suspend_account = Suspend the account
admin-decision-ban_from_space = Ban from the space
admin-report-decision = Action
admin-report-note = Note for the record
admin-report-act = Act and close
admin-report-act-confirm = Carry out this action and close the report?
