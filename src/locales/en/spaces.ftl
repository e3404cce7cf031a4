# Spaces, posts and comments.

## Shared words
save = Save
cancel = Cancel
edit = Edit
delete = Delete
language-code-hint = A language code such as en, fr, ar, de, pt or sw.
role-reader = Reader
role-contributor = Contributor
role-content_manager = Content manager
role-space_manager = Space manager
join-policy-open = Anyone may join
join-policy-request = Members ask to join; a manager approves
join-policy-invitation = By invitation only

## Directory
spaces-title = Spaces
spaces-create = Create a space
spaces-mine = Your spaces
spaces-public = Public spaces
spaces-none = No public spaces yet.
spaces-more = More spaces
spaces-follow-title = Follow a space on another server
spaces-follow-handle = The space's handle
spaces-follow-hint = For example @human-rights-news@agora.example.org, or the space's address.
spaces-follow-submit = Follow
posts-count = { $count ->
    [one] { $count } post
   *[other] { $count } posts
}

## One space
space-public = Public
space-private = Private
space-public-hint = Anyone can read it; it is shared with servers that follow it.
space-private-hint = Only its members can see it; nothing of it ever leaves this server.
space-remote = On { $domain }
space-your-role = Your role: { $role }
space-join = Join
space-leave = Leave
space-unfollow = Stop following
space-leave-confirm = Leave this space?
space-sections = Sections of this space
tab-feed = Posts
tab-events = Events
tab-library = Library
tab-members = Members
tab-about = About
space-no-description = No description yet.
space-created = Created
space-handle = Handle for other servers
space-settings = Settings
space-field-title = Name
space-field-slug = Short name for addresses
space-field-slug-hint = 2 to 50 lowercase letters, digits or -, starting with a letter. It cannot change later.
space-field-description = Description
space-field-language = Main language
space-field-visibility = Who can see it
space-field-join-policy = How people join a private space
space-field-join-policy-hint = Public spaces are open to everyone.
space-field-default-role = Role of new members
join-request-title = Ask to join
join-request-intro = If this space takes requests, its managers will see yours and decide.
join-request-message = A note for the space's managers (optional)
join-request-submit = Send my request
join-request-sent = Your request has been recorded. If the space takes requests, its managers will decide.

## Posts
post-new = Write a post
post-title = Title
post-body = Text
post-body-hint = Markdown: *italic*, **bold**, [link](https://…), lists with -. Mention members with @name.
post-language-field = Language of the post
post-publish = Publish
post-by = By
post-edited = edited { $date }
post-edit-title = Edit the post
post-delete-confirm = Delete this post and its comments?
reactions-label = Reactions
reaction-add = React with { $emoji } ({ $count } so far)
reaction-remove = Take back your { $emoji } ({ $count } in all)

## Comments
comment-new = Your comment
comment-send = Send
comment-reply = Reply
comment-reply-label = Your reply
comment-edit-label = Your comment
comment-edited = edited
comment-deleted = This comment was deleted.
comment-delete-confirm = Delete this comment?
comment-join-to-take-part = Join this space to comment.
comment-sign-in = Sign in to comment
post-held-back = Not sent to other instances: this post links to { $url }, a page of this instance that is not public or does not exist. Remove or change the link and save again.

# The new space form's messages next to a refused field.
space-error-slug = Use 2 to 50 lowercase letters, digits or -, starting with a letter.
space-error-slug-taken = This address is taken: choose another.
space-error-title = Give the space a name, at most 200 characters long.
space-error-language = Enter a language code such as en, fr, ar, de or pt.
