//! The federation policy (admins): the mode (open, blocklist, allowlist),
//! whether the list of limited and suspended domains is public, and a rule
//! per domain.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::{Nav, admin, days};
use crate::AppState;
use crate::api::extract::AppPath;
use crate::error::AppResult;
use crate::federation::policy::{self, DomainRule, Mode, NewRule, RuleAction};
use crate::web::field_errors::{FieldErrors, Refusable, answer};
use crate::web::{Ctx, NoFields, Submitted, see_other};

pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/admin/federation", get(federation_page))
        .route("/admin/federation/settings", post(federation_settings))
        .route("/admin/federation/rules", post(put_rule))
        .route("/admin/federation/rules/{domain}/lift", post(lift_rule))
}

pub(super) const MODES: [Mode; 3] = [Mode::Open, Mode::Blocklist, Mode::Allowlist];

/// The most used first.
pub(super) const RULE_ACTIONS: [RuleAction; 4] = [
    RuleAction::Suspend,
    RuleAction::Limit,
    RuleAction::None,
    RuleAction::Allow,
];

#[derive(Template)]
#[template(path = "admin_federation.html", config = "src/web/askama.toml")]
struct FederationPage {
    c: Ctx,
    n: Nav,
    mode: Mode,
    publish_domain_list: bool,
    rules: Vec<DomainRule>,
    modes: [Mode; 3],
    actions: [RuleAction; 4],
    /// What the settings form refused.
    settings: FieldErrors,
    /// The new rule's form: empty, or as sent when refused.
    rule: RuleForm,
    rule_errors: FieldErrors,
}

impl FederationPage {
    fn mode_is(&self, mode: &Mode) -> bool {
        self.mode == *mode
    }

    /// A mode's radio button: its hint, and the message when refused.
    fn mode_aria(&self, mode: &Mode) -> String {
        self.settings.aria("mode", &format!("mode-{mode}"))
    }

    fn action_is(&self, action: &RuleAction) -> bool {
        self.rule.action == action.as_str()
    }
}

async fn federation_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let empty = RuleForm::default();
    show(&state, c, None, FieldErrors::new(""), empty, rule_errors()).await
}

fn rule_errors() -> FieldErrors {
    FieldErrors::new("rule")
}

/// The page, with either form as sent when refused (422): the settings'
/// "publish" box as ticked (`publish`), or the new rule as typed.
async fn show(
    state: &AppState,
    c: Ctx,
    publish: Option<bool>,
    settings: FieldErrors,
    rule: RuleForm,
    rule_errors: FieldErrors,
) -> AppResult<Response> {
    let me = admin(&c)?;
    let n = Nav::new(me, "federation");
    let policy = &state.federation.policy;
    let page = FederationPage {
        mode: policy.mode(),
        publish_domain_list: publish.unwrap_or_else(|| policy.publishes_list()),
        rules: policy::rules(&state.db).await?,
        modes: MODES,
        actions: RULE_ACTIONS,
        c,
        n,
        settings,
        rule,
        rule_errors,
    };
    let refused_form = !(page.settings.is_empty() && page.rule_errors.is_empty());
    answer(page, refused_form)
}

#[derive(Deserialize)]
struct SettingsForm {
    /// One of [`MODES`]; anything else comes back refused.
    #[serde(default)]
    mode: String,
    /// A checkbox: present when ticked.
    publish_domain_list: Option<String>,
}

async fn federation_settings(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<SettingsForm>,
) -> AppResult<Response> {
    let me = admin(&c)?;
    let publish = form.publish_domain_list.is_some();
    let Ok(mode) = form.mode.parse::<Mode>() else {
        let mut errors = FieldErrors::new("");
        errors.add("mode", "form-error-choice");
        let empty = RuleForm::default();
        return show(&state, c, Some(publish), errors, empty, rule_errors()).await;
    };
    let policy = &state.federation.policy;
    if mode != policy.mode() {
        policy::set_mode(&state.db, policy, mode, &me.username).await?;
    }
    if publish != policy.publishes_list() {
        policy::set_publish_list(&state.db, policy, publish, &me.username).await?;
    }
    Ok(see_other("/admin/federation"))
}

/// A new rule as the form sends it, and as it shows it again.
#[derive(Deserialize, Default)]
struct RuleForm {
    #[serde(default)]
    domain: String,
    /// One of [`RULE_ACTIONS`]; anything else comes back refused.
    #[serde(default)]
    action: String,
    reject_media: Option<String>,
    reject_reports: Option<String>,
    obfuscate: Option<String>,
    #[serde(default)]
    public_reason: String,
    #[serde(default)]
    private_comment: String,
    #[serde(default)]
    expires_in_days: String,
}

/// What the domain refuses of a rule, by the form's fields.
const RULE_REFUSABLE: [Refusable; 4] = [
    ("domain", "domain", "admin-error-rule-domain"),
    ("public_reason", "public_reason", "form-error-too-long"),
    ("private_comment", "private_comment", "form-error-too-long"),
    (
        "expires_in_days",
        "expires_in_days",
        "admin-error-rule-days",
    ),
];

async fn put_rule(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<RuleForm>,
) -> AppResult<Response> {
    let me = admin(&c)?;
    let mut errors = rule_errors();
    let action = form.action.parse::<RuleAction>();
    if action.is_err() {
        errors.add("action", "form-error-choice");
    }
    let expires_in_days = days(
        &form.expires_in_days,
        "expires_in_days",
        "admin-error-rule-days",
        &mut errors,
    );
    if let (Ok(action), true) = (action, errors.is_empty()) {
        let rule = NewRule {
            domain: form.domain.clone(),
            action,
            reject_media: form.reject_media.is_some(),
            reject_reports: form.reject_reports.is_some(),
            obfuscate: form.obfuscate.is_some(),
            public_reason: form.public_reason.clone(),
            private_comment: form.private_comment.clone(),
            expires_in_days,
        };
        let policy = &state.federation.policy;
        match policy::put_rule(&state.db, policy, &rule, &me.username).await {
            Ok(_) => return Ok(see_other("/admin/federation")),
            Err(e) => errors = FieldErrors::from_refusal("rule", &e, &RULE_REFUSABLE).ok_or(e)?,
        }
    }
    show(&state, c, None, FieldErrors::new(""), form, errors).await
}

async fn lift_rule(
    State(state): State<AppState>,
    c: Ctx,
    AppPath(domain): AppPath<String>,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    let me = admin(&c)?;
    policy::lift(&state.db, &state.federation.policy, &domain, &me.username).await?;
    Ok(see_other("/admin/federation"))
}
