//! Running the instance: accounts and their roles, the instance's
//! security settings and the moderators' queue of reports; invitation
//! links (`invitations`) and the federation policy (`federation`).
//! Moderators and admins only; the federation policy, the security
//! settings and instance roles are for admins.

mod federation;
mod invitations;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::{
    self, Account, AccountView, InstanceRole, links, recovery, second_factor, site,
};
use crate::api::extract::{AppPath, AppQuery};
use crate::error::{AppError, AppResult};
use crate::moderation::{self, Decision, ReportState, ReportView, Resolution};
use crate::web::field_errors::{FieldErrors, Refusable, answer};
use crate::web::{Ctx, NoFields, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/admin", get(overview))
        .route("/admin/users", get(users_page))
        .route("/admin/users/{username}/role", post(set_role))
        .route("/admin/users/{username}/suspend", post(suspend))
        .route("/admin/users/{username}/unsuspend", post(unsuspend))
        .route(
            "/admin/users/{username}/password-reset",
            post(password_reset),
        )
        .route(
            "/admin/users/{username}/second-factor",
            post(remove_second_factor),
        )
        .route("/admin/security", post(security_settings))
        .route("/admin/reports", get(reports_page))
        .route("/admin/reports/{id}/resolve", post(resolve_report))
        .merge(invitations::router())
        .merge(federation::router())
}

/// The signed-in moderator or admin; anyone else gets the domain's 403.
fn moderator(c: &Ctx) -> AppResult<&Account> {
    let me = c.member()?;
    moderation::require_moderator(me)?;
    Ok(me)
}

/// The signed-in admin: instance roles and the federation policy are theirs.
pub(super) fn admin(c: &Ctx) -> AppResult<&Account> {
    let me = c.member()?;
    if me.role != InstanceRole::Admin {
        return Err(AppError::forbidden("only admins may do this"));
    }
    Ok(me)
}

/// The administration's own tabs.
pub struct Nav {
    section: &'static str,
    /// Admins also see the federation policy.
    admin: bool,
}

impl Nav {
    pub(super) fn new(me: &Account, section: &'static str) -> Nav {
        Nav {
            section,
            admin: me.role == InstanceRole::Admin,
        }
    }

    pub fn current(&self, section: &str) -> bool {
        self.section == section
    }

    pub fn is_admin(&self) -> bool {
        self.admin
    }
}

const INSTANCE_ROLES: [InstanceRole; 3] = [
    InstanceRole::Member,
    InstanceRole::Moderator,
    InstanceRole::Admin,
];

/// A whole number of days typed in a form, or nothing; anything else is
/// refused by `field` with `message`.
fn days(
    typed: &str,
    field: &'static str,
    message: &'static str,
    errors: &mut FieldErrors,
) -> Option<i64> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let days = typed.parse().ok();
    if days.is_none() {
        errors.add(field, message);
    }
    days
}

pub(super) const REPORT_STATES: [ReportState; 3] = [
    ReportState::Open,
    ReportState::Resolved,
    ReportState::Dismissed,
];

#[derive(Template)]
#[template(path = "admin.html", config = "src/web/askama.toml")]
struct OverviewPage {
    c: Ctx,
    n: Nav,
    open_reports: i64,
    require_totp_for_staff: bool,
}

async fn overview(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let me = moderator(&c)?;
    let n = Nav::new(me, "overview");
    let open_reports = moderation::queue(&state.db, Some(me), Some(ReportState::Open))
        .await?
        .len() as i64;
    let require_totp_for_staff = site::flag(&state.db, site::REQUIRE_TOTP_FOR_STAFF).await?;
    html(OverviewPage {
        c,
        n,
        open_reports,
        require_totp_for_staff,
    })
}

#[derive(Deserialize)]
struct SecurityForm {
    /// A checkbox: present when ticked.
    require_totp_for_staff: Option<String>,
}

async fn security_settings(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<SecurityForm>,
) -> AppResult<Response> {
    admin(&c)?;
    site::set_flag(
        &state.db,
        site::REQUIRE_TOTP_FOR_STAFF,
        form.require_totp_for_staff.is_some(),
    )
    .await?;
    Ok(see_other("/admin"))
}

#[derive(Template)]
#[template(path = "admin_users.html", config = "src/web/askama.toml")]
struct UsersPage {
    c: Ctx,
    n: Nav,
    accounts: Vec<AccountView>,
    roles: [InstanceRole; 3],
    /// Just made: a reset link for this member, shown this once.
    reset_link: Option<(String, String)>,
    reset_hours: i64,
    /// Just done: this member's second factor was removed.
    factor_removed: Option<String>,
    /// A suspension refused: whose, the reason as typed, and why.
    suspension: Option<(String, String, FieldErrors)>,
}

impl UsersPage {
    fn has_role(&self, account: &AccountView, role: &InstanceRole) -> bool {
        account.role == *role
    }

    /// The suspension refused, if it is `account`'s: its reason as typed
    /// and what was wrong with it.
    fn refused_suspension(&self, account: &AccountView) -> Option<(&str, &FieldErrors)> {
        self.suspension
            .as_ref()
            .filter(|(username, ..)| *username == account.username)
            .map(|(_, reason, errors)| (reason.as_str(), errors))
    }

    fn is_me(&self, account: &AccountView) -> bool {
        self.c.username() == account.username
    }

    fn name<'a>(&self, account: &'a AccountView) -> &'a str {
        if account.display_name.is_empty() {
            &account.username
        } else {
            &account.display_name
        }
    }
}

async fn users_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    render_users(&state, c, None, None).await
}

async fn render_users(
    state: &AppState,
    c: Ctx,
    reset_link: Option<(String, String)>,
    factor_removed: Option<String>,
) -> AppResult<Response> {
    users_with(state, c, reset_link, factor_removed, None).await
}

/// The accounts page, with a refused suspension's form as typed (422).
async fn users_with(
    state: &AppState,
    c: Ctx,
    reset_link: Option<(String, String)>,
    factor_removed: Option<String>,
    suspension: Option<(String, String, FieldErrors)>,
) -> AppResult<Response> {
    let me = moderator(&c)?;
    let n = Nav::new(me, "users");
    let accounts = accounts::list(&state.db)
        .await?
        .iter()
        .map(|a| a.view(Some(me)))
        .collect();
    let page = UsersPage {
        c,
        n,
        accounts,
        roles: INSTANCE_ROLES,
        reset_link,
        reset_hours: links::ADMIN_RESET_LIFETIME_SECS / 3600,
        factor_removed,
        suspension,
    };
    let refused_form = page.suspension.is_some();
    answer(page, refused_form)
}

/// Makes a password reset link and shows it at once, this only time.
async fn password_reset(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(username): AppPath<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = admin(&c)?;
    let link = recovery::issue_reset_link(&state.db, &state.config.public_url(), &username).await?;
    tracing::info!(by = %me.username, account = %username, "admin made a password reset link");
    render_users(&state, c, Some((username.to_ascii_lowercase(), link)), None).await
}

/// Takes a member's second factor away (they lost their phone and their
/// recovery codes), and says so on the page.
async fn remove_second_factor(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(username): AppPath<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = admin(&c)?;
    second_factor::remove_for(&state.db, &username).await?;
    tracing::warn!(by = %me.username, account = %username, "admin removed a member's second factor");
    render_users(&state, c, None, Some(username.to_ascii_lowercase())).await
}

#[derive(Deserialize)]
struct RoleForm {
    role: InstanceRole,
}

async fn set_role(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(username): AppPath<String>,
    Submitted(form): Submitted<RoleForm>,
) -> AppResult<Response> {
    admin(&c)?;
    accounts::set_role(&state.db, &username.to_ascii_lowercase(), form.role).await?;
    Ok(see_other("/admin/users"))
}

#[derive(Deserialize)]
struct SuspendForm {
    #[serde(default)]
    reason: String,
}

async fn suspend(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(username): AppPath<String>,
    Submitted(form): Submitted<SuspendForm>,
) -> AppResult<Response> {
    let me = moderator(&c)?;
    let Err(e) = moderation::set_suspended(&state.db, me, &username, true, &form.reason).await
    else {
        return Ok(see_other("/admin/users"));
    };
    const REFUSABLE: [Refusable; 1] = [("reason", "reason", "form-error-too-long")];
    let errors = FieldErrors::from_refusal("suspend", &e, &REFUSABLE).ok_or(e)?;
    let typed = (username.to_ascii_lowercase(), form.reason, errors);
    users_with(&state, c, None, None, Some(typed)).await
}

async fn unsuspend(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(username): AppPath<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = moderator(&c)?;
    moderation::set_suspended(&state.db, me, &username, false, "").await?;
    Ok(see_other("/admin/users"))
}

#[derive(Template)]
#[template(path = "admin_reports.html", config = "src/web/askama.toml")]
struct ReportsPage {
    c: Ctx,
    n: Nav,
    state: ReportState,
    reports: Vec<ReportView>,
    states: [ReportState; 3],
    refused: Option<RefusedNote>,
}

/// A report's decision refused for its note (too long): the note as
/// typed, shown again in that report's form.
pub(super) struct RefusedNote {
    report: i64,
    decision: Decision,
    note: String,
    errors: FieldErrors,
}

impl RefusedNote {
    /// The refusal of `note`, for report `report`; `None`: not the note's.
    pub(super) fn of(
        report: i64,
        decision: Decision,
        note: String,
        error: &AppError,
    ) -> Option<Self> {
        const REFUSABLE: [Refusable; 1] = [("note", "note", "form-error-too-long")];
        let errors = FieldErrors::from_refusal("resolve", error, &REFUSABLE)?;
        Some(RefusedNote {
            report,
            decision,
            note,
            errors,
        })
    }

    /// The note as typed and its message, if `report`'s was refused.
    pub(super) fn for_report<'a>(
        refused: &'a Option<RefusedNote>,
        report: &i64,
    ) -> Option<(&'a str, &'a FieldErrors)> {
        refused
            .as_ref()
            .filter(|r| r.report == *report)
            .map(|r| (r.note.as_str(), &r.errors))
    }

    /// Whether `decision` was the one chosen for `report` when refused.
    pub(super) fn chose(refused: &Option<RefusedNote>, report: &i64, decision: &Decision) -> bool {
        refused
            .as_ref()
            .is_some_and(|r| r.report == *report && r.decision == *decision)
    }
}

impl ReportsPage {
    fn refused_note(&self, report: &i64) -> Option<(&str, &FieldErrors)> {
        RefusedNote::for_report(&self.refused, report)
    }

    fn chose(&self, report: &i64, decision: &Decision) -> bool {
        RefusedNote::chose(&self.refused, report, decision)
    }

    fn showing(&self, state: &ReportState) -> bool {
        self.state == *state
    }

    fn is_open(&self) -> bool {
        self.state == ReportState::Open
    }

    fn resolve_url(&self, id: &i64) -> String {
        format!("/admin/reports/{id}/resolve")
    }

    /// What can be done about a report besides dismissing it, given what it
    /// names: content can be removed and its author banned from its space
    /// (when the moderator may see it); only our own members can be
    /// suspended.
    fn actions(&self, report: &ReportView) -> Vec<Decision> {
        let local = report.account.as_deref().is_some_and(|a| !a.contains('@'));
        let mut actions = report_actions(report);
        if local {
            actions.insert(1.min(actions.len()), Decision::SuspendAccount);
        }
        actions
    }
}

/// What anyone who sees a report's content may do about it besides
/// dismissing it: remove the content, ban its author from its space.
pub(super) fn report_actions(report: &ReportView) -> Vec<Decision> {
    let content = report.post_id.is_some() || report.comment_id.is_some();
    let mut actions = Vec::new();
    if content {
        actions.push(Decision::RemoveContent);
    }
    if content && report.account.is_some() {
        actions.push(Decision::BanFromSpace);
    }
    actions
}

#[derive(Deserialize)]
struct QueueQuery {
    state: Option<ReportState>,
}

async fn reports_page(
    State(state): State<AppState>,
    c: Ctx,
    AppQuery(query): AppQuery<QueueQuery>,
) -> AppResult<Response> {
    show_reports(&state, c, query.state, None).await
}

/// The queue, with a refused decision's note as typed (422).
async fn show_reports(
    state: &AppState,
    c: Ctx,
    shown: Option<ReportState>,
    note: Option<RefusedNote>,
) -> AppResult<Response> {
    let me = moderator(&c)?;
    let n = Nav::new(me, "reports");
    let shown = shown.unwrap_or(ReportState::Open);
    let reports = moderation::queue(&state.db, Some(me), Some(shown)).await?;
    let page = ReportsPage {
        c,
        n,
        state: shown,
        reports,
        states: REPORT_STATES,
        refused: note,
    };
    let refused_form = page.refused.is_some();
    answer(page, refused_form)
}

/// A moderator's decision on a report, from a queue's form.
#[derive(Deserialize)]
pub(super) struct ResolveForm {
    decision: Decision,
    #[serde(default)]
    note: String,
}

/// Acts on report `id` as `form` says, for either queue: `None` when
/// done, the note as typed when it was refused (any other refusal is the
/// error page).
pub(super) async fn resolve_as(
    state: &AppState,
    me: &Account,
    id: i64,
    form: ResolveForm,
) -> AppResult<Option<RefusedNote>> {
    let resolved = moderation::resolve(
        &state.db,
        &state.changes,
        me,
        id,
        Resolution {
            decision: form.decision,
            note: form.note.clone(),
        },
    )
    .await;
    let Err(e) = resolved else {
        return Ok(None);
    };
    let note = RefusedNote::of(id, form.decision, form.note, &e).ok_or(e)?;
    Ok(Some(note))
}

async fn resolve_report(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(id): AppPath<i64>,
    Submitted(form): Submitted<ResolveForm>,
) -> AppResult<Response> {
    let me = moderator(&c)?;
    match resolve_as(&state, me, id, form).await? {
        None => Ok(see_other("/admin/reports")),
        Some(note) => show_reports(&state, c, None, Some(note)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::{Lang, Tr};

    /// Labels are looked up by prefix and value, which the catalogue scan
    /// cannot see: check every value here.
    #[test]
    fn every_value_shown_has_a_label_in_every_language() {
        let mut ids: Vec<String> = Vec::new();
        ids.extend(INSTANCE_ROLES.iter().map(|r| format!("admin-role-{r}")));
        ids.extend(federation::MODES.iter().map(|m| format!("admin-mode-{m}")));
        ids.extend(
            federation::MODES
                .iter()
                .map(|m| format!("admin-mode-hint-{m}")),
        );
        ids.extend(
            federation::RULE_ACTIONS
                .iter()
                .map(|a| format!("admin-action-{a}")),
        );
        ids.extend(
            REPORT_STATES
                .iter()
                .map(|s| format!("admin-report-state-{s}")),
        );
        ids.extend(
            [
                Decision::Dismiss,
                Decision::RemoveContent,
                Decision::SuspendAccount,
                Decision::BanFromSpace,
            ]
            .iter()
            .map(|d| format!("admin-decision-{d}")),
        );
        ids.extend(
            super::super::spaces::ROLES
                .iter()
                .map(|r| format!("role-{r}")),
        );
        for lang in Lang::ALL {
            for id in &ids {
                assert_ne!(Tr::new(lang).get(id), *id, "{} lacks {id}", lang.code());
            }
        }
    }

    #[test]
    fn days_are_optional_whole_numbers() {
        let mut errors = FieldErrors::new("");
        assert_eq!(days(" ", "d", "m", &mut errors), None);
        assert_eq!(days("30", "d", "m", &mut errors), Some(30));
        assert!(errors.is_empty());
        assert_eq!(days("3.5", "d", "m", &mut errors), None);
        assert_eq!(errors.message("d"), Some("m"));
    }
}
