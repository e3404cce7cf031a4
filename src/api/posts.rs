//! Posts, comments, reactions and feeds.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount, MaybeAccount};
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppResult, ErrorBody};
use crate::federation::outbox::held_back;
use crate::feeds::{self, PageRequest};
use crate::posts::comments::{self, CommentChange, CommentView, NewComment};
use crate::posts::reactions::{self, Target};
use crate::posts::{self, NewPost, Page, PostChange, PostView};
use crate::spaces;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(space_feed, create_post))
        .routes(routes!(get_post, edit_post, delete_post))
        .routes(routes!(list_comments, create_comment))
        .routes(routes!(edit_comment, delete_comment))
        .routes(routes!(react_to_post))
        .routes(routes!(unreact_to_post))
        .routes(routes!(react_to_comment))
        .routes(routes!(unreact_to_comment))
        .routes(routes!(home_feed))
        .routes(routes!(public_feed))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// From `next_cursor` of the previous page.
    #[param(pattern = "^([0-9]+_[0-9]+)?$")]
    cursor: Option<String>,
    /// 1 to 100; default 20.
    #[param(minimum = 1, maximum = 100)]
    limit: Option<i64>,
}

impl PageQuery {
    fn request(&self) -> AppResult<PageRequest> {
        PageRequest::parse(self.cursor.as_deref(), self.limit)
    }
}

/// A space's posts, newest first.
#[utoipa::path(get, path = "/api/v1/spaces/{space}/posts", tag = "posts",
    params(("space" = String, Path), PageQuery),
    responses((status = 200, body = Page<PostView>), (status = 404, body = ErrorBody)))]
async fn space_feed(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(space): AppPath<String>,
    AppQuery(query): AppQuery<PageQuery>,
) -> AppResult<Json<Page<PostView>>> {
    let request = query.request()?;
    let access = spaces::find_visible(&state.db, &space, viewer.as_ref()).await?;
    Ok(Json(
        feeds::space(&state.db, &access, viewer.as_ref(), request).await?,
    ))
}

/// Write a post in a space (contributors and above).
#[utoipa::path(post, path = "/api/v1/spaces/{space}/posts", tag = "posts",
    params(("space" = String, Path)), request_body = NewPost,
    responses((status = 201, body = PostView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_post(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(space): AppPath<String>,
    AppJson(new): AppJson<NewPost>,
) -> AppResult<(StatusCode, Json<PostView>)> {
    let access = spaces::find_visible(&state.db, &space, Some(&me)).await?;
    let id = posts::create(&state.db, &state.changes, &access, &me, new).await?;
    let view = posts::view(&state.db, id, Some(&me)).await?;
    Ok((
        StatusCode::CREATED,
        Json(not_federated(&state, view, Some(&me)).await?),
    ))
}

/// One post. A deleted post answers 410.
#[utoipa::path(get, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 200, body = PostView), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn get_post(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<PostView>> {
    posts::find_visible(&state.db, id, viewer.as_ref()).await?;
    let view = posts::view(&state.db, id, viewer.as_ref()).await?;
    Ok(Json(not_federated(&state, view, viewer.as_ref()).await?))
}

/// For its author, why a post did not reach other instances (if it did not).
async fn not_federated(
    state: &AppState,
    mut view: PostView,
    viewer: Option<&Account>,
) -> AppResult<PostView> {
    if viewer.is_some_and(|me| me.username == view.author.username) {
        let object = state.federation.urls.post(view.id);
        view.not_federated = held_back::url(&state.db, &object)
            .await?
            .map(|url| held_back::reason(&url));
    }
    Ok(view)
}

/// Edit a post (its author, or content managers). The edit time is recorded.
#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    request_body = PostChange,
    responses((status = 200, body = PostView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn edit_post(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(change): AppJson<PostChange>,
) -> AppResult<Json<PostView>> {
    posts::edit(&state.db, &state.changes, id, &me, change).await?;
    let view = posts::view(&state.db, id, Some(&me)).await?;
    Ok(Json(not_federated(&state, view, Some(&me)).await?))
}

/// Delete a post (its author, or content managers), leaving a tombstone.
#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "posts", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_post(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    posts::delete(&state.db, &state.changes, id, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A post's comments as a tree.
#[utoipa::path(get, path = "/api/v1/posts/{id}/comments", tag = "comments", params(("id" = i64, Path)),
    responses((status = 200, body = [CommentView]), (status = 404, body = ErrorBody)))]
async fn list_comments(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<Json<Vec<CommentView>>> {
    Ok(Json(
        comments::thread(&state.db, id, viewer.as_ref()).await?,
    ))
}

/// Comment on a post, or reply to a comment with `parent_id`.
#[utoipa::path(post, path = "/api/v1/posts/{id}/comments", tag = "comments", params(("id" = i64, Path)),
    request_body = NewComment,
    responses((status = 201, body = [CommentView]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn create_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(new): AppJson<NewComment>,
) -> AppResult<(StatusCode, Json<Vec<CommentView>>)> {
    comments::create(&state.db, &state.changes, id, &me, new).await?;
    Ok((
        StatusCode::CREATED,
        Json(comments::thread(&state.db, id, Some(&me)).await?),
    ))
}

/// Edit a comment (its author, or content managers). Answers the thread.
#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "comments", params(("id" = i64, Path)),
    request_body = CommentChange,
    responses((status = 200, body = [CommentView]), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn edit_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(change): AppJson<CommentChange>,
) -> AppResult<Json<Vec<CommentView>>> {
    let post_id = comments::edit(&state.db, &state.changes, id, &me, change).await?;
    Ok(Json(comments::thread(&state.db, post_id, Some(&me)).await?))
}

/// Delete a comment (its author, or content managers), leaving a tombstone.
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    comments::delete(&state.db, &state.changes, id, &me).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ReactionBody {
    /// One emoji, e.g. 👍.
    emoji: String,
}

/// React to a post (contributors and above).
#[utoipa::path(post, path = "/api/v1/posts/{id}/reactions", tag = "posts", params(("id" = i64, Path)),
    request_body = ReactionBody,
    responses((status = 200, body = PostView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn react_to_post(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<ReactionBody>,
) -> AppResult<Json<PostView>> {
    reactions::add(
        &state.db,
        &state.changes,
        Target::Post(id),
        &me,
        &body.emoji,
    )
    .await?;
    Ok(Json(posts::view(&state.db, id, Some(&me)).await?))
}

/// Take back one's reaction to a post.
#[utoipa::path(delete, path = "/api/v1/posts/{id}/reactions/{emoji}", tag = "posts",
    params(("id" = i64, Path), ("emoji" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unreact_to_post(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((id, emoji)): AppPath<(i64, String)>,
) -> AppResult<StatusCode> {
    reactions::remove(&state.db, &state.changes, Target::Post(id), &me, &emoji).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// React to a comment (contributors and above).
#[utoipa::path(post, path = "/api/v1/comments/{id}/reactions", tag = "comments", params(("id" = i64, Path)),
    request_body = ReactionBody,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn react_to_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(id): AppPath<i64>,
    AppJson(body): AppJson<ReactionBody>,
) -> AppResult<StatusCode> {
    reactions::add(
        &state.db,
        &state.changes,
        Target::Comment(id),
        &me,
        &body.emoji,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Take back one's reaction to a comment.
#[utoipa::path(delete, path = "/api/v1/comments/{id}/reactions/{emoji}", tag = "comments",
    params(("id" = i64, Path), ("emoji" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unreact_to_comment(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath((id, emoji)): AppPath<(i64, String)>,
) -> AppResult<StatusCode> {
    reactions::remove(&state.db, &state.changes, Target::Comment(id), &me, &emoji).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Posts from every space the caller belongs to, newest first.
#[utoipa::path(get, path = "/api/v1/feeds/home", tag = "feeds", params(PageQuery),
    responses((status = 200, body = Page<PostView>), (status = 401, body = ErrorBody)))]
async fn home_feed(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<PageQuery>,
) -> AppResult<Json<Page<PostView>>> {
    Ok(Json(feeds::home(&state.db, &me, query.request()?).await?))
}

/// Posts from the instance's public spaces, newest first.
#[utoipa::path(get, path = "/api/v1/feeds/public", tag = "feeds", params(PageQuery),
    responses((status = 200, body = Page<PostView>)))]
async fn public_feed(
    State(state): State<AppState>,
    MaybeAccount(viewer): MaybeAccount,
    AppQuery(query): AppQuery<PageQuery>,
) -> AppResult<Json<Page<PostView>>> {
    Ok(Json(
        feeds::public(&state.db, viewer.as_ref(), query.request()?).await?,
    ))
}
