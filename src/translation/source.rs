//! The text of a post, comment, event or library note as a reader may see
//! it: found through each domain module's own visibility check, so
//! nothing is translated that the reader could not open.

use super::Translatable;
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::library::ItemKind;
use crate::spaces::SpaceAccess;

/// What would be sent to the translation server.
pub struct Source {
    pub access: SpaceAccess,
    /// The content's language as its author gave it; `None` when it does
    /// not say (comments, `und`).
    pub language: Option<String>,
    /// Plain text; empty for comments.
    pub title: String,
    /// Sanitised HTML, as the content's page shows it.
    pub body_html: String,
    /// The page of the original.
    pub page: String,
}

/// The language as the translation server names it: the primary subtag
/// (`pt-BR` → `pt`); `None` for "unknown".
pub fn server_language(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    let known = primary.len() >= 2
        && primary.len() <= 3
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && primary != "und"
        && primary != "mul"
        && primary != "zxx";
    known.then_some(primary)
}

pub async fn load(
    state: &AppState,
    kind: Translatable,
    id: i64,
    viewer: &Account,
) -> AppResult<Source> {
    let db = &state.db;
    match kind {
        Translatable::Post => {
            let (post, access) = crate::posts::find_visible(db, id, Some(viewer)).await?;
            Ok(Source {
                access,
                language: server_language(&post.language),
                title: post.title,
                body_html: post.body_html,
                page: format!("/post/{id}"),
            })
        }
        Translatable::Comment => {
            let (comment, access) =
                crate::posts::comments::find_visible_comment(db, id, Some(viewer)).await?;
            if comment.deleted_at.is_some() {
                return Err(AppError::Gone("comment"));
            }
            let (body_html,): (String,) =
                sqlx::query_as("SELECT body_html FROM comments WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&db.read)
                    .await?
                    .ok_or(AppError::NotFound("comment"))?;
            Ok(Source {
                access,
                language: None,
                title: String::new(),
                body_html,
                page: format!("/post/{}#comment-{id}", comment.post_id),
            })
        }
        Translatable::Event => {
            let (event, access) = crate::events::find_visible(db, id, Some(viewer)).await?;
            Ok(Source {
                access,
                language: server_language(&event.language),
                title: event.title,
                body_html: event.description_html,
                page: format!("/event/{id}"),
            })
        }
        Translatable::LibraryNote => {
            let (item, access) = crate::library::find_visible(db, id, Some(viewer)).await?;
            if item.kind != ItemKind::Note || item.deleted_at.is_some() {
                return Err(AppError::NotFound("library note"));
            }
            let view = crate::library::view(db, &state.changes, id).await?;
            Ok(Source {
                access,
                language: server_language(&item.language),
                title: item.title,
                body_html: view.body_html.unwrap_or_default(),
                page: format!("/item/{id}"),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::server_language;

    #[test]
    fn languages_are_primary_subtags() {
        assert_eq!(server_language("pt-BR").as_deref(), Some("pt"));
        assert_eq!(server_language("FR").as_deref(), Some("fr"));
        assert_eq!(server_language("und"), None);
        assert_eq!(server_language(""), None);
        assert_eq!(server_language("x1"), None);
    }
}
