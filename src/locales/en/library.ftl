# The library: browsing a space's folders, files and notes, one item's page,
# revisions and comments.

## Browsing
library-title = Library
library-breadcrumbs = You are here
library-top = Library
library-tagged = Tagged “{ $tag }”
library-clear-tag = All items
library-show-archived = Show archived items
library-hide-archived = Hide archived items
# $used and $quota are sizes, already written out ("12 MB").
library-usage = { $used } used
library-usage-of = { $used } of { $quota } used
library-empty = This folder is empty.
library-none-tagged = No item has this tag.
library-more = More items
library-col-name = Name
library-col-kind = Kind
library-col-size = Size
library-col-changed = Changed
library-col-status = Status
library-col-tags = Tags
library-col-author = By
library-col-date = Date
library-col-comment = Comment
library-col-actions = Actions
library-archived = Archived
library-remote = From another server
library-kind-folder = Folder
library-kind-file = File
library-kind-note = Note
library-status-open = Open
library-status-validated = Validated
library-status-cancelled = Cancelled
library-status-deprecated = Outdated

## Adding
library-add = Add to the library
library-upload = Upload a file
library-upload-submit = Upload
library-new-note = Write a note
library-new-note-submit = Save the note
library-new-folder = New folder
library-new-folder-submit = Create the folder
library-field-title = Title
library-field-title-file-hint = Leave empty to use the file's name.
library-field-folder-name = Folder name
library-field-description = Description
library-field-tags = Tags
library-field-tags-hint = Separated by commas, for example: minutes, budget 2026.
library-field-language = Language
library-field-comment = What changed (optional)
library-field-file = File
# $size is already written out ("200 MB").
library-field-file-hint = Up to { $size }.
library-field-body = Text
library-field-body-hint = Markdown: **bold**, *italics*, # headings, lists, [links](https://example.org).

## One item
library-file-name = File name
library-media-type = Type
library-revision = Revision
library-created = Created
library-updated = Last changed
library-download = Download
library-change = Change this item
library-new-revision = Upload a new revision
library-new-revision-submit = Upload the revision
library-edit-note = Edit the text
library-save-note = Save as a new revision
library-edit-details = Edit the details
library-save-details = Save the details
library-archive = Archive
library-unarchive = Bring back from the archive
library-delete = Delete
library-delete-confirm = Delete this item with all its revisions and comments? This cannot be undone.
# Where the text inside a file stands: read for search, waiting, or not.
# $reason is the reader's own explanation, in English.
library-text-done = Text indexed for search
library-text-pending = Text extraction pending
library-text-failed = Could not read the text: { $reason }
library-text-unsupported = The text of this kind of file is not read

## Revisions
library-revisions = Revisions
library-current = Current
# $number is already written out.
library-download-revision = Download revision { $number }
library-restore = Restore revision { $number }
library-compare = Compare with the previous one
library-diff-title = Changes from revision { $from } to { $to }
library-diff-added = { $count ->
    [one] 1 line added
   *[other] { $count } lines added
}
library-diff-removed = { $count ->
    [one] 1 line removed
   *[other] { $count } lines removed
}

## Comments
library-comments = Comments
library-no-comments = No comments yet.
library-comment-edited = (edited)
library-comment-label = Your comment
library-comment-send = Send
library-comment-delete = Delete
library-comment-delete-confirm = Delete this comment?

# The new note form's messages next to a refused field.
library-error-title = Give the note a title, at most 200 characters long.
library-error-tags = Each tag is at most 50 characters long, without commas; at most 20 tags.
library-error-language = Enter a language code such as en, fr, ar, de or pt.
library-error-item-title = Give it a title, at most 200 characters long.
library-error-folder-title = Give the folder a name, at most 200 characters long.
library-error-description = A description is at most 5,000 characters long.
library-error-comment = What changed is said in at most 500 characters.
library-error-comment-body = Write your comment, in at most 10,000 characters.
library-error-file = Choose a file to upload.
library-error-file-again = Choose the file again: a browser does not keep it when a form comes back.
library-error-file-size = This file is larger than the { $limit } a file may be here: choose a smaller one.
library-error-quota = This space's library is full (it may hold { $quota }): delete old items or ask an admin for more room, then choose the file again.
library-error-note-size = A note holds at most { $limit } of text: shorten it, or split it into several notes.
library-error-note-quota = This space's library is full (it may hold { $quota }): delete old items or ask an admin for more room, then save again.
