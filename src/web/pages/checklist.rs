//! First steps (issue 19 point 7): on the home page, a new member's
//! checklist (a profile, a space, notifications) and the first admin's
//! (the domain, who may register, the federation policy, email), each
//! step a link to where it is done, ticked when it is. It goes once every
//! step is done, or when its reader hides it (a cookie: nothing stored).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use crate::AppState;
use crate::accounts::{Account, InstanceRole};
use crate::config::RegistrationMode;
use crate::error::AppResult;
use crate::web::{Ctx, NoFields, Submitted, see_other};

/// The cookie that hides the checklist.
pub const HIDDEN: &str = "agora_first_steps";

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/first-steps/hide", post(hide))
}

/// One step: its words, where it is done, whether it is.
pub struct Step {
    pub label: &'static str,
    pub href: &'static str,
    pub done: bool,
}

pub struct Checklist {
    /// `first-steps-member` or `first-steps-admin`.
    pub title: &'static str,
    pub steps: Vec<Step>,
}

impl Checklist {
    pub fn done(&self) -> usize {
        self.steps.iter().filter(|s| s.done).count()
    }
}

async fn exists(state: &AppState, sql: &'static str, id: i64) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(&state.db.read)
        .await?;
    Ok(row.is_some())
}

/// The reader's checklists with a step left, unless hidden.
pub async fn for_member(
    state: &AppState,
    me: &Account,
    in_a_space: bool,
    hidden: bool,
) -> AppResult<Vec<Checklist>> {
    if hidden {
        return Ok(Vec::new());
    }
    let mut lists = Vec::new();
    let notifications = exists(
        state,
        "SELECT 1 FROM notification_preferences WHERE account_id = $1 LIMIT 1",
        me.id,
    )
    .await?;
    lists.push(Checklist {
        title: "first-steps-member",
        steps: vec![
            Step {
                label: "first-steps-profile",
                href: "/settings",
                done: !me.display_name.trim().is_empty() && !me.organisation.trim().is_empty(),
            },
            Step {
                label: "first-steps-space",
                href: "/spaces",
                done: in_a_space,
            },
            Step {
                label: "first-steps-notifications",
                href: "/settings/notifications",
                done: notifications,
            },
        ],
    });
    if me.role == InstanceRole::Admin {
        let host = state.config.domain.split(':').next().unwrap_or_default();
        let federation = exists(
            state,
            "SELECT 1 FROM domain_rules WHERE $1 = $1 UNION ALL \
             SELECT 1 FROM instance_settings WHERE key LIKE 'federation.%' LIMIT 1",
            0,
        )
        .await?;
        let invited = exists(state, "SELECT 1 FROM invitations WHERE $1 = $1 LIMIT 1", 0).await?;
        lists.push(Checklist {
            title: "first-steps-admin",
            steps: vec![
                Step {
                    label: "first-steps-domain",
                    href: "/admin",
                    done: !(host == "localhost" || host.starts_with("127.") || host == "[::1]"),
                },
                Step {
                    label: "first-steps-registration",
                    href: "/admin/invitations",
                    done: state.config.registration != RegistrationMode::Invite || invited,
                },
                Step {
                    label: "first-steps-federation",
                    href: "/admin/federation",
                    done: federation,
                },
                Step {
                    label: "first-steps-email",
                    href: "/admin/mail",
                    done: state.config.email.smtp_url.is_some(),
                },
            ],
        });
    }
    lists.retain(|l| l.done() < l.steps.len());
    Ok(lists)
}

/// Hides the checklists for a year (on this browser).
async fn hide(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    c.member()?;
    let cookie = crate::web::context::set_cookie(&state, HIDDEN, "1", 365 * 24 * 3600);
    let mut response = see_other("/").into_response();
    response
        .headers_mut()
        .append(axum::http::header::SET_COOKIE, cookie);
    Ok(response)
}
