//! A space's members, and what its managers do about them: roles,
//! removals, requests to join, invitations. Also a member's own
//! invitations to spaces, to accept or decline.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::spaces::{ROLES, SpaceHeader, header, member_in};
use crate::AppState;
use crate::accounts::{self, directory, directory::Person};
use crate::api::extract::AppPath;
use crate::error::{AppError, AppResult};
use crate::spaces::members::{self, JoinRequestView, MemberView, SpaceInvitationView};
use crate::spaces::{self, Action, SpaceRole};
use crate::web::context::urlencode;
use crate::web::field_errors::{FieldErrors, answer};
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{space}/members", get(members_page))
        .route("/s/{space}/members/invite", post(invite))
        .route("/s/{space}/members/{username}/role", post(change_role))
        .route("/s/{space}/members/{username}/remove", post(remove))
        .route("/s/{space}/requests/{id}/approve", post(approve))
        .route("/s/{space}/requests/{id}/reject", post(reject))
        .route("/invitations", get(invitations_page))
        .route("/invitations/{id}/accept", post(accept))
        .route("/invitations/{id}/decline", post(decline))
}

#[derive(Template)]
#[template(path = "members.html", config = "src/web/askama.toml")]
struct MembersPage {
    c: Ctx,
    h: SpaceHeader,
    members: Vec<MemberView>,
    /// Only space managers see them.
    requests: Vec<JoinRequestView>,
    roles: [SpaceRole; 4],
    invited: Option<String>,
    /// What a manager typed to find someone to invite, and who matched
    /// (members already in the space left out).
    find: String,
    found: Option<Vec<Person>>,
    /// The invitation by username: empty, or as sent when refused.
    invite: Invite,
}

/// The invitation by username as typed, and why it was refused.
struct Invite {
    username: String,
    role: Option<SpaceRole>,
    errors: FieldErrors,
}

impl Default for Invite {
    fn default() -> Self {
        Invite {
            username: String::new(),
            role: None,
            errors: FieldErrors::new("invite"),
        }
    }
}

impl MembersPage {
    /// Managers act on the members of our own spaces; a followed remote
    /// space's managers live elsewhere.
    fn manages(&self) -> bool {
        self.h.can_manage && !self.h.is_remote()
    }

    fn person_name<'a>(&self, p: &'a Person) -> &'a str {
        self.name(&p.display_name, &p.username)
    }

    fn is_me(&self, username: &str) -> bool {
        self.c.username() == username
    }

    fn has_role(&self, member: &MemberView, role: &SpaceRole) -> bool {
        member.role == *role
    }

    fn is_default(&self, role: &SpaceRole) -> bool {
        self.h.s.default_role == *role
    }

    /// The role the invitation form shows: as sent, or the default.
    fn invite_role_is(&self, role: &SpaceRole) -> bool {
        self.invite.role.unwrap_or(self.h.s.default_role) == *role
    }

    /// The name a member is shown by.
    fn name<'a>(&self, display_name: &'a str, username: &'a str) -> &'a str {
        if display_name.is_empty() {
            username
        } else {
            display_name
        }
    }
}

#[derive(Deserialize, Default)]
struct InvitedQuery {
    /// Set after an invitation, to say it was sent.
    invited: Option<String>,
    /// A name, username or organisation to find someone to invite.
    #[serde(default)]
    find: String,
}

async fn members_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Query(q): Query<InvitedQuery>,
) -> AppResult<Response> {
    show_members(&state, c, &space, q, Invite::default()).await
}

/// The members page, with the invitation form as given: a refused one
/// comes back with 422.
async fn show_members(
    state: &AppState,
    c: Ctx,
    space: &str,
    q: InvitedQuery,
    invite: Invite,
) -> AppResult<Response> {
    let (access, h) = header(state, &c, space, "members").await?;
    let list = members::list(&state.db, &access, c.me.as_ref()).await?;
    let requests = if h.can_manage && !h.is_remote() {
        members::join_requests(&state.db, &access).await?
    } else {
        Vec::new()
    };
    let find = q.find.trim().to_owned();
    let found = match c.me.as_ref() {
        Some(me) if h.can_manage && !h.is_remote() && !find.is_empty() => {
            let filter = directory::Filter {
                q: find.clone(),
                ..Default::default()
            };
            let people = directory::search(&state.db, me, &filter).await?;
            Some(
                people
                    .into_iter()
                    .filter(|p| !list.iter().any(|m| m.username == p.username))
                    .take(20)
                    .collect(),
            )
        }
        _ => None,
    };
    let page = MembersPage {
        c,
        h,
        members: list,
        requests,
        roles: ROLES,
        find,
        found,
        // Only a username-shaped word: the link cannot be made to say more.
        invited: q
            .invited
            .and_then(|name| accounts::validate_username(&name).ok()),
        invite,
    };
    let refused_form = !page.invite.errors.is_empty();
    answer(page, refused_form)
}

fn members_url(space: &str) -> String {
    format!("/s/{space}/members")
}

#[derive(Deserialize)]
struct RoleForm {
    role: SpaceRole,
}

async fn change_role(
    State(state): State<AppState>,
    c: Ctx,
    AppPath((space, username)): AppPath<(String, String)>,
    Submitted(form): Submitted<RoleForm>,
) -> AppResult<Response> {
    let (_, access) = member_in(&state, &c, &space).await?;
    members::change_role(&state.db, &access, &username, form.role).await?;
    Ok(see_other(&members_url(&space)))
}

/// Removes a member; removing oneself is leaving, after which the list of
/// a private space is no longer ours to see.
async fn remove(
    State(state): State<AppState>,
    c: Ctx,
    AppPath((space, username)): AppPath<(String, String)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    members::remove(&state.db, &access, me, &username).await?;
    if username.trim().eq_ignore_ascii_case(&me.username) {
        return Ok(see_other(&format!("/s/{space}")));
    }
    Ok(see_other(&members_url(&space)))
}

#[derive(Deserialize)]
struct ApproveForm {
    /// Empty or absent: the space's default role.
    #[serde(default)]
    role: Option<SpaceRole>,
}

async fn approve(
    State(state): State<AppState>,
    c: Ctx,
    AppPath((space, id)): AppPath<(String, i64)>,
    Submitted(form): Submitted<ApproveForm>,
) -> AppResult<Response> {
    let (_, access) = member_in(&state, &c, &space).await?;
    members::approve_request(&state.db, &access, id, form.role).await?;
    Ok(see_other(&members_url(&space)))
}

async fn reject(
    State(state): State<AppState>,
    c: Ctx,
    AppPath((space, id)): AppPath<(String, i64)>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let (_, access) = member_in(&state, &c, &space).await?;
    members::reject_request(&state.db, &access, id).await?;
    Ok(see_other(&members_url(&space)))
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    username: String,
    /// Empty: the space's default role.
    #[serde(default)]
    role: String,
}

/// Invites a member by username (typed, or picked from those found). An
/// unknown username, someone already a member or a role not in the list
/// comes back in the form: only the space's managers get this far, and
/// they may know who has an account.
async fn invite(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<InviteForm>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    access.require(Action::Manage)?;
    let mut typed = Invite {
        username: form.username,
        ..Invite::default()
    };
    match form.role.trim() {
        "" => {}
        role => match role.parse() {
            Ok(role) => typed.role = Some(role),
            Err(_) => typed.errors.add("role", "form-error-choice"),
        },
    }
    if typed.errors.is_empty() {
        let username = typed
            .username
            .trim()
            .trim_start_matches('@')
            .to_ascii_lowercase();
        match members::invite(&state.db, &access, me, &username, typed.role).await {
            Ok(_) => {
                return Ok(see_other(&format!(
                    "{}?invited={}",
                    members_url(&space),
                    urlencode(&username)
                )));
            }
            Err(AppError::NotFound("account")) => {
                typed.errors.add("username", "members-error-unknown");
            }
            Err(AppError::Conflict(_)) => typed.errors.add("username", "members-error-already"),
            Err(e) => return Err(e),
        }
    }
    show_members(&state, c, &space, InvitedQuery::default(), typed).await
}

#[derive(Template)]
#[template(path = "invitations.html", config = "src/web/askama.toml")]
struct InvitationsPage {
    c: Ctx,
    invitations: Vec<SpaceInvitationView>,
}

async fn invitations_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let me = c.member()?;
    let invitations = members::my_invitations(&state.db, me).await?;
    html(InvitationsPage { c, invitations })
}

/// Accepts, then opens the space: its page is why one accepts.
async fn accept(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(id): AppPath<i64>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    let slug = members::answer_invitation(&state.db, me, id, true)
        .await?
        .unwrap_or_default();
    let access = spaces::find_visible(&state.db, &slug, Some(me)).await?;
    let view = spaces::view(&state.db, &access).await?;
    Ok(see_other(&format!("/s/{}", view.reference())))
}

async fn decline(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(id): AppPath<i64>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = c.member()?;
    members::answer_invitation(&state.db, me, id, false).await?;
    Ok(see_other("/invitations"))
}
