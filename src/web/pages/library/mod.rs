//! A space's library: browsing folders and tags, one item's page with its
//! revisions and comments, writing notes and uploading files. Downloads
//! are the addresses the API already serves (`/library/{id}/download`,
//! `/api/v1/library/items/{id}/revisions/{n}/content`), with their ranges
//! and safety headers.
//!
//! One file per noun, as in [`crate::library`]: `folders` (a folder's or
//! a tag's listing, new folders), `items` (an item's page, notes, details,
//! archiving, following, deletion), `files` (uploads), `revisions`
//! (restore, diff) and `comments`, each with its routes. This file joins
//! them and keeps the helpers they share.

mod comments;
mod files;
mod folders;
mod items;
mod revisions;

use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::library::{self, ItemKind};
use crate::spaces::SpaceAccess;
use crate::web::field_errors::FieldErrors;

pub fn router() -> axum::Router<AppState> {
    folders::router()
        .merge(items::router())
        .merge(revisions::router())
        .merge(comments::router())
}

/// The forms that carry a file: streamed, so served without the overall
/// request timeout.
pub fn uploads() -> axum::Router<AppState> {
    files::uploads()
}

/// A file refused for its size or for the space's quota, as a message
/// next to the form's `file` field naming the limit; `None` for any other
/// error. The replays' upload form says it the same way.
pub fn file_refusal(
    state: &AppState,
    prefix: &'static str,
    error: &AppError,
) -> Option<FieldErrors> {
    let storage = &state.storage;
    let mut errors = FieldErrors::new(prefix);
    if library::over_quota(error) {
        let quota = [("quota", storage.space_quota_bytes)];
        errors.add_sizes("file", "library-error-quota", &quota);
    } else if matches!(error, AppError::TooLarge(_)) {
        let limit = [("limit", storage.max_file_bytes)];
        errors.add_sizes("file", "library-error-file-size", &limit);
    } else {
        return None;
    }
    Some(errors)
}

/// Folders nest; a breadcrumb trail stops here rather than walk a cycle.
const MAX_DEPTH: usize = 32;

/// A number from the URL; anything else is a page that does not exist.
fn id(raw: &str) -> AppResult<i64> {
    raw.parse().map_err(|_| AppError::NotFound("library item"))
}

/// An optional form field: empty means not given.
fn filled(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The folder a form names (hidden field; empty: the top of the library).
fn folder_field(value: &str) -> AppResult<Option<i64>> {
    filled(value)
        .map(|v| {
            v.parse()
                .map_err(|_| AppError::invalid("folder: no such folder in this space's library"))
        })
        .transpose()
}

/// Tags as typed: separated by commas.
fn tag_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The library's address for a folder (`None`: the top).
fn folder_url(space: &str, folder: Option<i64>) -> String {
    match folder {
        Some(f) => format!("/s/{space}/library?folder={f}"),
        None => format!("/s/{space}/library"),
    }
}

/// One step of a breadcrumb trail.
pub struct Crumb {
    pub id: i64,
    pub title: String,
}

/// The folders from the top of the library down to `folder`, each checked
/// the way any item is, and each of this space.
async fn trail(
    state: &AppState,
    access: &SpaceAccess,
    viewer: Option<&Account>,
    mut folder: Option<i64>,
) -> AppResult<Vec<Crumb>> {
    let mut crumbs = Vec::new();
    while let Some(id) = folder {
        if crumbs.len() >= MAX_DEPTH {
            break;
        }
        let (item, _) = library::find_visible(&state.db, id, viewer).await?;
        if item.space_id != access.space.id || item.kind != ItemKind::Folder {
            break;
        }
        folder = item.parent_id;
        crumbs.push(Crumb {
            id: item.id,
            title: item.title,
        });
    }
    crumbs.reverse();
    Ok(crumbs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::pages::demote_headings;

    #[test]
    fn member_headings_go_one_level_down() {
        assert_eq!(
            demote_headings("<h1 id=\"a\">A</h1><p>x</p><h2>B</h2><h6>C</h6>"),
            "<h2 id=\"a\">A</h2><p>x</p><h3>B</h3><h6>C</h6>"
        );
        assert_eq!(
            demote_headings("<p>&lt;h1&gt;</p><hr>"),
            "<p>&lt;h1&gt;</p><hr>"
        );
    }

    #[test]
    fn tags_are_split_on_commas() {
        assert_eq!(tag_list(" board, ,2026 ,"), vec!["board", "2026"]);
        assert_eq!(folder_field(" ").ok(), Some(None));
        assert_eq!(folder_field("12").ok(), Some(Some(12)));
        assert!(folder_field("twelve").is_err());
    }
}
