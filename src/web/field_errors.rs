//! Forms that forgive: a field the server refuses comes back in the same
//! form (422), with everything typed kept and a message next to the field
//! in the reader's language.
//!
//! A page handler checks what only it can read (a number, a zone, a date
//! as typed) into a [`FieldErrors`], and turns the domain's refusal, an
//! English `AppError::Invalid("field: …")`, into one with
//! [`FieldErrors::from_refusal`] and a table of the form's fields. The
//! template marks each field with [`FieldErrors::aria`] and shows the
//! message with the `field_error` macro of `_field_error.html`.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, AppResult};
use crate::i18n::Tr;

/// A form field the domain may refuse: the name the domain's message
/// starts with (`"latitude/longitude"`), the form's field it is about
/// (`"latitude"`), and the message id that says what to do.
pub type Refusable = (&'static str, &'static str, &'static str);

/// What is wrong with a form's fields: each field with a message id.
#[derive(Default)]
pub struct FieldErrors {
    /// Before field names in element ids (`new` → `new-title-error`),
    /// keeping apart two forms of one page; empty: none.
    prefix: &'static str,
    errors: Vec<Refused>,
}

/// One field's message, with the sizes it names (a file's limit, a
/// space's quota), shown in the reader's words.
struct Refused {
    field: &'static str,
    message: &'static str,
    sizes: Vec<(&'static str, u64)>,
}

impl FieldErrors {
    pub fn new(prefix: &'static str) -> Self {
        FieldErrors {
            prefix,
            errors: Vec::new(),
        }
    }

    /// Says what is wrong with `field`; the first message for a field
    /// stays.
    pub fn add(&mut self, field: &'static str, message: &'static str) {
        self.add_sizes(field, message, &[]);
    }

    /// Says what is wrong with `field` in a message naming sizes in bytes
    /// (`("limit", 10_000_000)` for `{ $limit }`).
    pub fn add_sizes(
        &mut self,
        field: &'static str,
        message: &'static str,
        sizes: &[(&'static str, u64)],
    ) {
        if self.message(field).is_none() {
            self.errors.push(Refused {
                field,
                message,
                sizes: sizes.to_vec(),
            });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The message id for `field`, if it was refused.
    pub fn message(&self, field: &str) -> Option<&'static str> {
        self.refused(field).map(|r| r.message)
    }

    fn refused(&self, field: &str) -> Option<&Refused> {
        self.errors.iter().find(|r| r.field == field)
    }

    /// `field`'s message in the reader's language, its sizes in words.
    pub fn text(&self, t: &Tr, field: &str) -> String {
        let Some(refused) = self.refused(field) else {
            return String::new();
        };
        let sizes: Vec<(&str, String)> = refused
            .sizes
            .iter()
            .map(|(name, bytes)| (*name, t.size(i64::try_from(*bytes).unwrap_or(i64::MAX))))
            .collect();
        let args: Vec<(&str, &str)> = sizes.iter().map(|(n, v)| (*n, v.as_str())).collect();
        t.args(refused.message, &args)
    }

    /// The id of the element holding `field`'s message.
    pub fn error_id(&self, field: &str) -> String {
        self.id(field, "error")
    }

    fn id(&self, name: &str, kind: &str) -> String {
        if self.prefix.is_empty() {
            format!("{name}-{kind}")
        } else {
            format!("{}-{name}-{kind}", self.prefix)
        }
    }

    /// The attributes of `field`'s input: `aria-describedby` naming its
    /// hint (`hint`: the hint's name, as in `{prefix}-{hint}-hint`; empty:
    /// none) and, when refused, its message, with `aria-invalid`. Written
    /// with `|safe`: every part is a name from the template itself.
    pub fn aria(&self, field: &str, hint: &str) -> String {
        let mut described = Vec::new();
        if !hint.is_empty() {
            described.push(self.id(hint, "hint"));
        }
        let refused = self.message(field).is_some();
        if refused {
            described.push(self.error_id(field));
        }
        let mut attributes = String::new();
        if refused {
            attributes.push_str(r#" aria-invalid="true""#);
        }
        if !described.is_empty() {
            attributes.push_str(&format!(r#" aria-describedby="{}""#, described.join(" ")));
        }
        attributes
    }

    /// The domain's refusal of one of `fields`, as the form's message; any
    /// other error is not about a field (`None`: it goes to the error page).
    pub fn from_refusal(
        prefix: &'static str,
        error: &AppError,
        fields: &[Refusable],
    ) -> Option<Self> {
        let AppError::Invalid(message) = error else {
            return None;
        };
        let (name, _) = message.split_once(':')?;
        let (_, field, id) = fields.iter().find(|(n, _, _)| *n == name)?;
        let mut errors = FieldErrors::new(prefix);
        errors.add(field, id);
        Some(errors)
    }
}

/// A form shown again because of what was typed: 422.
pub fn refused(page: impl Template) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::html(page)?).into_response())
}

/// A page that may hold a form shown again: 422 when `refused_form`,
/// else the page as usual.
pub fn answer(page: impl Template, refused_form: bool) -> AppResult<Response> {
    if refused_form {
        refused(page)
    } else {
        super::html(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_field_points_at_its_hint_and_message() {
        let mut errors = FieldErrors::new("new");
        assert_eq!(
            errors.aria("timezone", "timezone"),
            r#" aria-describedby="new-timezone-hint""#
        );
        errors.add("timezone", "form-error-timezone");
        errors.add("timezone", "another");
        assert_eq!(errors.message("timezone"), Some("form-error-timezone"));
        assert_eq!(
            errors.aria("timezone", "timezone"),
            r#" aria-invalid="true" aria-describedby="new-timezone-hint new-timezone-error""#
        );
        assert_eq!(errors.aria("title", ""), "");
        assert_eq!(FieldErrors::new("").error_id("email"), "email-error");
    }

    #[test]
    fn only_refusals_of_known_fields_become_messages() {
        const FIELDS: [Refusable; 1] =
            [("latitude/longitude", "latitude", "event-error-coordinates")];
        let out_of_range = AppError::invalid("latitude/longitude: out of range");
        let errors = FieldErrors::from_refusal("edit", &out_of_range, &FIELDS);
        assert_eq!(
            errors.and_then(|e| e.message("latitude")),
            Some("event-error-coordinates")
        );
        assert!(
            FieldErrors::from_refusal("edit", &AppError::invalid("title: empty"), &FIELDS)
                .is_none()
        );
        assert!(FieldErrors::from_refusal("edit", &AppError::NotFound("event"), &FIELDS).is_none());
    }
}
