//! The spaces directory, creating a space, a space's feed and about page,
//! joining and leaving, and following a space of another instance.

use activitypub_federation::config::Data;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::home::FEED_PAGE;
use super::post_form::Composer;
use super::{FeedPost, feed};
use crate::AppState;
use crate::accounts::Account;
use crate::error::{AppError, AppResult};
use crate::feeds::{self, Cursor};
use crate::notifications;
use crate::spaces::follows;
use crate::spaces::members::{self, JoinOutcome};
use crate::spaces::{
    self, Action, JoinPolicy, NewSpace, SpaceAccess, SpaceChange, SpaceRole, SpaceView, Visibility,
};
use crate::web::field_errors::{FieldErrors, Refusable, refused};
use crate::web::{Ctx, NoFields, Paging, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/spaces", get(directory))
        .route("/spaces/new", get(new_space_page).post(create_space))
        .route("/s/{space}", get(space_page))
        .route("/s/{space}/about", get(about_page))
        .route("/s/{space}/settings", post(save_settings))
        .route("/s/{space}/join", get(join_page).post(join))
        .route("/s/{space}/leave", post(leave))
}

pub fn federated() -> axum::Router<AppState> {
    axum::Router::new().route("/follow", post(follow))
}

/// The top of every page of a space: its name, what the viewer may do, and
/// the tabs. `tab` is the current one.
pub struct SpaceHeader {
    pub s: SpaceView,
    /// How the space is named in URLs (see [`SpaceView::reference`]).
    pub r: String,
    pub tab: &'static str,
    pub can_contribute: bool,
    pub can_manage: bool,
    /// Whether the signed-in viewer hears of new posts here (`None`:
    /// signed out, or a followed remote space).
    pub watching: Option<bool>,
}

impl SpaceHeader {
    pub fn is_private(&self) -> bool {
        self.s.visibility == Visibility::Private
    }
    pub fn is_member(&self) -> bool {
        self.s.my_role.is_some()
    }
    pub fn is_remote(&self) -> bool {
        self.s.domain.is_some()
    }
    pub fn current(&self, tab: &str) -> bool {
        self.tab == tab
    }
    /// The message id of the viewer's role, if they have one.
    pub fn role_label(&self) -> Option<String> {
        self.s.my_role.map(|r| format!("role-{r}"))
    }
}

/// The space named in the URL as the viewer may see it, with its header.
pub async fn header(
    state: &AppState,
    c: &Ctx,
    reference: &str,
    tab: &'static str,
) -> AppResult<(SpaceAccess, SpaceHeader)> {
    let access = spaces::find_visible(&state.db, reference, c.me.as_ref()).await?;
    let s = spaces::view(&state.db, &access).await?;
    let watching = match &c.me {
        Some(me) if s.domain.is_none() => {
            Some(notifications::settings::watching(&state.db, me, &access).await?)
        }
        _ => None,
    };
    let header = SpaceHeader {
        watching,
        r: s.reference(),
        s,
        tab,
        can_contribute: access.require(Action::Contribute).is_ok(),
        can_manage: access.require(Action::Manage).is_ok(),
    };
    Ok((access, header))
}

/// The signed-in member and the space named in the URL as they may see it:
/// where every form about a space starts.
pub async fn member_in<'c>(
    state: &AppState,
    c: &'c Ctx,
    reference: &str,
) -> AppResult<(&'c Account, SpaceAccess)> {
    let me = c.member()?;
    Ok((
        me,
        spaces::find_visible(&state.db, reference, Some(me)).await?,
    ))
}

#[derive(Template)]
#[template(path = "spaces.html", config = "src/web/askama.toml")]
struct DirectoryPage {
    c: Ctx,
    mine: Vec<SpaceView>,
    public: Vec<SpaceView>,
    next: Option<String>,
}

async fn directory(
    State(state): State<AppState>,
    c: Ctx,
    Query(paging): Query<Paging>,
) -> AppResult<Response> {
    let request = paging.request(50)?;
    let mine = match &c.me {
        Some(me) if paging.before.is_none() => {
            spaces::list_visible(&state.db, Some(me), true, Cursor::START, 100)
                .await?
                .items
        }
        _ => Vec::new(),
    };
    let page = spaces::list_visible(&state.db, None, false, request.before, request.limit).await?;
    let (public, next): (Vec<SpaceView>, _) = (page.items, page.next_cursor);
    html(DirectoryPage {
        c,
        mine,
        public,
        next,
    })
}

#[derive(Template)]
#[template(path = "space_new.html", config = "src/web/askama.toml")]
struct NewSpacePage {
    c: Ctx,
    /// What was typed, when shown again.
    form: NewSpaceForm,
    errors: FieldErrors,
}

impl NewSpacePage {
    fn is_private(&self) -> bool {
        self.form.visibility == Visibility::Private
    }

    fn policy_is(&self, policy: &str) -> bool {
        self.form
            .join_policy
            .as_ref()
            .is_some_and(|p| p.as_str() == policy)
    }
}

/// The new space's refusals the form shows next to a field.
const NEW_SPACE_REFUSABLE: [Refusable; 5] = [
    ("slug", "slug", "space-error-slug"),
    ("title", "title", "space-error-title"),
    ("description", "description", "form-error-too-long"),
    ("language", "language", "space-error-language"),
    ("join_policy", "join_policy", "form-error-choice"),
];

async fn new_space_page(c: Ctx) -> AppResult<Response> {
    c.member()?;
    let form = NewSpaceForm {
        slug: String::new(),
        title: String::new(),
        description: String::new(),
        language: c.lang().code().to_owned(),
        visibility: Visibility::Public,
        join_policy: None,
    };
    html(NewSpacePage {
        c,
        form,
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize, Clone)]
struct NewSpaceForm {
    slug: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    language: String,
    visibility: Visibility,
    join_policy: Option<JoinPolicy>,
}

async fn create_space(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<NewSpaceForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let join_policy = match form.visibility {
        Visibility::Public => None,
        Visibility::Private => form.join_policy,
    };
    let typed = form.clone();
    let created = spaces::create(
        &state.db,
        me,
        NewSpace {
            slug: form.slug,
            title: form.title,
            description: form.description,
            language: Some(form.language).filter(|l| !l.trim().is_empty()),
            visibility: form.visibility,
            join_policy,
            default_role: None,
        },
    )
    .await;
    let access = match created {
        Ok(access) => access,
        // A name someone already has is about the address field.
        Err(AppError::Conflict(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("slug", "space-error-slug-taken");
            return refused(NewSpacePage {
                c,
                form: typed,
                errors,
            });
        }
        Err(e) => {
            let errors = FieldErrors::from_refusal("", &e, &NEW_SPACE_REFUSABLE).ok_or(e)?;
            return refused(NewSpacePage {
                c,
                form: typed,
                errors,
            });
        }
    };
    let view = spaces::view(&state.db, &access).await?;
    Ok(see_other(&format!("/s/{}", view.reference())))
}

#[derive(Template)]
#[template(path = "space.html", config = "src/web/askama.toml")]
struct SpacePage {
    c: Ctx,
    h: SpaceHeader,
    posts: Vec<FeedPost>,
    next: Option<String>,
    /// The viewer's drafts in this space.
    drafts: Vec<crate::posts::drafts::DraftView>,
    /// The new post form, as typed when it comes back.
    composer: Composer,
}

async fn space_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Query(paging): Query<Paging>,
) -> AppResult<Response> {
    html(space_feed(&state, c, &space, &paging, Composer::default()).await?)
}

/// The space's page again with its new post form as typed: 422.
pub(super) async fn show_space(
    state: &AppState,
    c: Ctx,
    space: &str,
    composer: Composer,
) -> AppResult<Response> {
    refused(space_feed(state, c, space, &Paging::default(), composer).await?)
}

async fn space_feed(
    state: &AppState,
    c: Ctx,
    space: &str,
    paging: &Paging,
    composer: Composer,
) -> AppResult<SpacePage> {
    let (access, h) = header(state, &c, space, "feed").await?;
    let page = feeds::space(
        &state.db,
        &access,
        c.me.as_ref(),
        paging.request(FEED_PAGE)?,
    )
    .await?;
    let drafts = match c.me.as_ref() {
        Some(me) if h.can_contribute => {
            crate::posts::drafts::mine(&state.db, me, Some(access.space.id)).await?
        }
        _ => Vec::new(),
    };
    Ok(SpacePage {
        c,
        h,
        posts: feed(page.items),
        next: page.next_cursor,
        drafts,
        composer,
    })
}

#[derive(Template)]
#[template(path = "space_about.html", config = "src/web/askama.toml")]
struct AboutPage {
    c: Ctx,
    h: SpaceHeader,
    roles: [SpaceRole; 4],
    /// The settings form: the space's, or as sent when refused.
    settings: Settings,
}

/// The settings form's fields, and what is wrong with them.
struct Settings {
    title: String,
    description: String,
    language: String,
    join_policy: String,
    default_role: SpaceRole,
    email_full_text: bool,
    errors: FieldErrors,
}

impl Settings {
    fn of(space: &SpaceView) -> Self {
        Settings {
            title: space.title.clone(),
            description: space.description.clone(),
            language: space.language.clone(),
            join_policy: space.join_policy.as_str().to_owned(),
            default_role: space.default_role,
            email_full_text: space.email_full_text,
            errors: FieldErrors::new("set"),
        }
    }

    /// The form as sent; what it left out (a private space's choices) as
    /// the space has it.
    fn typed(space: &SpaceView, form: SettingsForm, errors: FieldErrors) -> Self {
        Settings {
            title: form.title,
            description: form.description,
            language: form.language,
            join_policy: form.join_policy.map_or_else(
                || space.join_policy.as_str().to_owned(),
                |p| p.as_str().to_owned(),
            ),
            default_role: form.default_role,
            email_full_text: form.email_full_text.is_some(),
            errors,
        }
    }
}

impl AboutPage {
    fn policy_is(&self, policy: &str) -> bool {
        self.settings.join_policy == policy
    }
    fn default_is(&self, role: &SpaceRole) -> bool {
        self.settings.default_role == *role
    }
}

pub const ROLES: [SpaceRole; 4] = [
    SpaceRole::Reader,
    SpaceRole::Contributor,
    SpaceRole::ContentManager,
    SpaceRole::SpaceManager,
];

async fn about_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
) -> AppResult<Response> {
    let (_, h) = header(&state, &c, &space, "about").await?;
    let settings = Settings::of(&h.s);
    html(AboutPage {
        c,
        h,
        roles: ROLES,
        settings,
    })
}

#[derive(Deserialize)]
struct SettingsForm {
    title: String,
    #[serde(default)]
    description: String,
    language: String,
    join_policy: Option<JoinPolicy>,
    default_role: SpaceRole,
    /// A checkbox: present when ticked.
    email_full_text: Option<String>,
}

async fn save_settings(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<SettingsForm>,
) -> AppResult<Response> {
    let (_, access) = member_in(&state, &c, &space).await?;
    let updated = spaces::update(
        &state.db,
        &access,
        SpaceChange {
            title: Some(form.title.clone()),
            description: Some(form.description.clone()),
            language: Some(form.language.clone()),
            join_policy: form.join_policy,
            default_role: Some(form.default_role),
            // Only private spaces show the box; an unticked box sends nothing.
            email_full_text: (access.space.visibility == Visibility::Private)
                .then_some(form.email_full_text.is_some()),
        },
    )
    .await;
    match updated {
        Ok(updated) => {
            let view = spaces::view(&state.db, &updated).await?;
            Ok(see_other(&format!("/s/{}/about", view.reference())))
        }
        // A refused field: the about page again, the settings as typed.
        Err(e) => {
            let errors = FieldErrors::from_refusal("set", &e, &SETTINGS_REFUSABLE).ok_or(e)?;
            let (_, h) = header(&state, &c, &space, "about").await?;
            let settings = Settings::typed(&h.s, form, errors);
            refused(AboutPage {
                c,
                h,
                roles: ROLES,
                settings,
            })
        }
    }
}

/// The domain's refusals of a space's settings the form shows next to a
/// field.
const SETTINGS_REFUSABLE: [Refusable; 4] = [
    ("title", "title", "space-error-title"),
    ("description", "description", "form-error-too-long"),
    ("language", "language", "space-error-language"),
    ("join_policy", "join_policy", "form-error-choice"),
];

#[derive(Template)]
#[template(path = "space_join.html", config = "src/web/askama.toml")]
struct JoinPage {
    c: Ctx,
    reference: String,
    /// After a request: the answer, the same whether or not the space
    /// exists.
    requested: bool,
    /// The message as typed, when refused (its length is checked before
    /// the space is looked for, so this says nothing of it either).
    message: String,
    errors: FieldErrors,
}

/// Asking to join a space one cannot see. The page is the same for every
/// reference, existing or not, so it reveals nothing.
async fn join_page(c: Ctx, Path(space): Path<String>) -> AppResult<Response> {
    c.member()?;
    html(JoinPage {
        c,
        reference: space,
        requested: false,
        message: String::new(),
        errors: FieldErrors::default(),
    })
}

#[derive(Deserialize)]
struct JoinForm {
    #[serde(default)]
    message: String,
}

async fn join(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<JoinForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    match members::join(&state.db, &space, me, &form.message).await {
        Ok(JoinOutcome::Member { .. }) => Ok(see_other(&format!("/s/{space}"))),
        Ok(JoinOutcome::Requested) => html(JoinPage {
            c,
            reference: space,
            requested: true,
            message: String::new(),
            errors: FieldErrors::default(),
        }),
        Err(e) => {
            let errors = FieldErrors::from_refusal("", &e, &JOIN_REFUSABLE).ok_or(e)?;
            refused(JoinPage {
                c,
                reference: space,
                requested: false,
                message: form.message,
                errors,
            })
        }
    }
}

/// A join request's message too long comes back as typed.
const JOIN_REFUSABLE: [Refusable; 1] = [("message", "message", "form-error-too-long")];

async fn leave(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    if access.space.domain.is_some() {
        follows::unfollow(&state, me, access.space.id).await?;
    } else {
        members::remove(&state.db, &access, me, &me.username).await?;
    }
    Ok(see_other(&format!("/s/{space}")))
}

#[derive(Deserialize)]
struct FollowForm {
    handle: String,
}

async fn follow(
    data: Data<AppState>,
    c: Ctx,
    Submitted(form): Submitted<FollowForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let handle = form.handle.trim();
    if handle.is_empty() {
        return Err(AppError::invalid(
            "handle: write a space's handle, like @slug@example.org",
        ));
    }
    let space_id = crate::federation::remote::resolve_space(&data, handle).await?;
    let followed = follows::follow(&data.db, &data.changes, me, space_id).await?;
    Ok(see_other(&format!("/s/{}", followed.space_id)))
}
