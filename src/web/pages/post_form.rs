//! The new post form that forgives: a refused title, body, language or
//! file brings the space's page back with the composer as typed and the
//! message next to the field.

use crate::error::AppError;
use crate::media::MAX_BYTES;
use crate::web::WithFiles;
use crate::web::field_errors::{FieldErrors, Refusable};

/// The composer on a space's page, as typed when it comes back.
#[derive(Default)]
pub struct Composer {
    pub title: String,
    pub body: String,
    /// `None`: the space's language, as on a fresh form.
    pub language: Option<String>,
    pub descriptions: String,
    pub errors: FieldErrors,
}

impl Composer {
    /// The form as sent, with what was refused.
    pub fn typed(sent: &WithFiles, errors: FieldErrors) -> Self {
        Composer {
            title: sent.field("title"),
            body: sent.field("body"),
            language: Some(sent.field("language")),
            descriptions: sent.field("descriptions"),
            errors,
        }
    }
}

/// The domain's refusals of a post or its files, by the field they are
/// about.
const POST_REFUSABLE: [Refusable; 6] = [
    ("title", "title", "post-error-title"),
    ("body", "body", "post-error-body"),
    ("language", "language", "space-error-language"),
    (
        "description",
        "descriptions",
        "attachment-error-description",
    ),
    ("media", "files", "attachment-error-count"),
    ("files", "files", "attachment-error-count"),
];

/// The domain's refusal of the post itself (title, body, language, how
/// many files), next to its field; `None`: not about what was typed.
pub fn post_refusal(error: &AppError) -> Option<FieldErrors> {
    again(FieldErrors::from_refusal("post", error, &POST_REFUSABLE)?)
}

/// The domain's refusal of an edited post (its title, text or language),
/// next to its field: the edit form carries no files.
pub fn edit_refusal(error: &AppError) -> Option<FieldErrors> {
    FieldErrors::from_refusal("post", error, &POST_REFUSABLE)
}

/// The refusal of a file the form carried (too large, too many, empty, a
/// picture that cannot be read, its description too long), next to the
/// file field; `None`: not a file's.
pub fn files_refusal(prefix: &'static str, error: &AppError) -> Option<FieldErrors> {
    if let Some(errors) = FieldErrors::from_refusal(prefix, error, &POST_REFUSABLE) {
        return again(errors);
    }
    let mut errors = FieldErrors::new(prefix);
    match error {
        AppError::TooLarge(_) => {
            errors.add_sizes(
                "files",
                "library-error-file-size",
                &[("limit", MAX_BYTES as u64)],
            );
        }
        // The domain names the file before the colon: empty, or not a
        // picture it can read.
        AppError::Invalid(_) => errors.add("files", "attachment-error-unreadable"),
        _ => return None,
    }
    again(errors)
}

/// The browser has let go of the files chosen: the file field says so.
fn again(mut errors: FieldErrors) -> Option<FieldErrors> {
    errors.add("files", "attachment-error-again");
    Some(errors)
}

/// A comment (or a reply, with its `parent`; or an edit of a comment,
/// with the comment it `edits`) refused, as typed.
#[derive(Default)]
pub struct CommentTyped {
    pub parent: Option<i64>,
    pub edits: Option<i64>,
    pub body: String,
    pub descriptions: String,
    pub errors: FieldErrors,
}

impl CommentTyped {
    pub fn of(sent: &WithFiles, parent: Option<i64>, errors: FieldErrors) -> Self {
        CommentTyped {
            parent,
            edits: None,
            body: sent.field("body"),
            descriptions: sent.field("descriptions"),
            errors,
        }
    }

    /// Whether this is the reply to `comment` that came back.
    pub fn replies_to(&self, comment: &i64) -> bool {
        self.parent == Some(*comment)
    }

    /// Whether this is the edit of `comment` that came back.
    pub fn edited(&self, comment: &i64) -> bool {
        self.edits == Some(*comment)
    }

    /// Whether this is the top-level comment that came back.
    pub fn is_top(&self) -> bool {
        self.parent.is_none() && self.edits.is_none() && !self.errors.is_empty()
    }
}

/// The domain's refusal of a comment's text.
const COMMENT_REFUSABLE: [Refusable; 2] = [
    ("body", "body", "comment-error-body"),
    ("media", "files", "attachment-error-count"),
];

/// The domain's refusal of a comment, next to its field; `had_files`: the
/// browser has let go of the files it carried.
pub fn comment_refusal(error: &AppError, had_files: bool) -> Option<FieldErrors> {
    let mut errors = FieldErrors::from_refusal("comment", error, &COMMENT_REFUSABLE)?;
    if had_files {
        errors.add("files", "attachment-error-again");
    }
    Some(errors)
}

/// The domain's refusal of an edited comment's text, next to it.
pub fn comment_edit_refusal(error: &AppError) -> Option<FieldErrors> {
    FieldErrors::from_refusal("edit", error, &COMMENT_REFUSABLE)
}

/// A comment's refused file, next to the file field.
pub fn comment_files_refusal(error: &AppError) -> Option<FieldErrors> {
    files_refusal("comment", error)
}

/// A picture's description refused, as typed: its form comes back open on
/// the page that shows the picture.
#[derive(Default)]
pub struct Described {
    pub media: Option<i64>,
    pub text: String,
    pub errors: FieldErrors,
}

impl Described {
    /// The domain's refusal of `text` as the description of `media`.
    pub fn refused(media: i64, text: String, error: &AppError) -> Option<Self> {
        let errors = FieldErrors::from_refusal(
            "describe",
            error,
            &[("description", "description", "attachment-error-description")],
        )?;
        Some(Described {
            media: Some(media),
            text,
            errors,
        })
    }

    /// Whether this is the description of `media` that came back.
    pub fn is(&self, media: &i64) -> bool {
        self.media == Some(*media)
    }
}
