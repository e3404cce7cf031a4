//! `/api/v1/admin/federation/...` (admins), `/api/v1/admin/audit-log`,
//! and the public `/api/v1/instance/federation`.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{AppJson, AppPath, AppQuery, CurrentAccount};
use crate::AppState;
use crate::accounts::{Account, InstanceRole};
use crate::error::{AppError, AppResult, ErrorBody};
use crate::federation::policy::{
    self, AuditEntry, DomainRule, ImportChange, Mode, NewRule, PublicRule,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(set_settings))
        .routes(routes!(put_rule))
        .routes(routes!(lift_rule))
        .routes(routes!(export_rules))
        .routes(routes!(import_rules))
        .routes(routes!(audit_log))
        .routes(routes!(public_list))
}

fn require_admin(me: &Account) -> AppResult<()> {
    if me.role == InstanceRole::Admin {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only admins may see or change the federation policy",
        ))
    }
}

#[derive(Serialize, utoipa::ToSchema)]
struct PolicyView {
    mode: Mode,
    /// Whether `/api/v1/instance/federation` lists limited and suspended domains.
    publish_domain_list: bool,
    rules: Vec<DomainRule>,
}

/// The mode, the settings and every rule (admins).
#[utoipa::path(get, path = "/api/v1/admin/federation", tag = "admin",
    responses((status = 200, body = PolicyView), (status = 403, body = ErrorBody)))]
async fn overview(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Json<PolicyView>> {
    require_admin(&me)?;
    let policy = &state.federation.policy;
    Ok(Json(PolicyView {
        mode: policy.mode(),
        publish_domain_list: policy.publishes_list(),
        rules: policy::rules(&state.db).await?,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SettingsChange {
    mode: Option<Mode>,
    publish_domain_list: Option<bool>,
}

/// Change the mode and/or whether the domain list is public (admins). Takes
/// effect at once.
#[utoipa::path(patch, path = "/api/v1/admin/federation", tag = "admin", request_body = SettingsChange,
    responses((status = 200, body = PolicyView), (status = 403, body = ErrorBody)))]
async fn set_settings(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(change): AppJson<SettingsChange>,
) -> AppResult<Json<PolicyView>> {
    require_admin(&me)?;
    let policy = &state.federation.policy;
    if let Some(mode) = change.mode {
        policy::set_mode(&state.db, policy, mode, &me.username).await?;
    }
    if let Some(publish) = change.publish_domain_list {
        policy::set_publish_list(&state.db, policy, publish, &me.username).await?;
    }
    overview(State(state), CurrentAccount(me)).await
}

/// Add or replace the rule on a domain (admins). A suspension drops the
/// domain's pending deliveries at once.
#[utoipa::path(post, path = "/api/v1/admin/federation/rules", tag = "admin", request_body = NewRule,
    responses((status = 201, body = DomainRule), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn put_rule(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppJson(rule): AppJson<NewRule>,
) -> AppResult<(StatusCode, Json<DomainRule>)> {
    require_admin(&me)?;
    let stored = policy::put_rule(&state.db, &state.federation.policy, &rule, &me.username).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

/// Lift the rule on a domain (admins).
#[utoipa::path(delete, path = "/api/v1/admin/federation/rules/{domain}", tag = "admin",
    params(("domain" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn lift_rule(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppPath(domain): AppPath<String>,
) -> AppResult<StatusCode> {
    require_admin(&me)?;
    policy::lift(&state.db, &state.federation.policy, &domain, &me.username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The rules as CSV, in the columns of Mastodon's domain-block export
/// (admins), so allied instances can share lists.
#[utoipa::path(get, path = "/api/v1/admin/federation/rules.csv", tag = "admin",
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 403, body = ErrorBody)))]
async fn export_rules(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
) -> AppResult<Response> {
    require_admin(&me)?;
    let csv = policy::export_csv(&state.db).await?;
    let mut response = csv.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    Ok(response)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    /// Write the rules; without it, only show what would change.
    #[serde(default)]
    apply: bool,
}

/// Import a Mastodon-style CSV (admins). Without `?apply=true` it only
/// shows what would change; with it, every row is written in one
/// transaction. A bad row is reported with its line number and nothing is
/// written.
#[utoipa::path(post, path = "/api/v1/admin/federation/rules/import", tag = "admin",
    params(ImportQuery), request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = Vec<ImportChange>), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn import_rules(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<ImportQuery>,
    body: String,
) -> AppResult<Json<Vec<ImportChange>>> {
    require_admin(&me)?;
    let rules = policy::parse_csv(&body)?;
    let changes = policy::import(
        &state.db,
        &state.federation.policy,
        rules,
        query.apply,
        &me.username,
    )
    .await?;
    Ok(Json(changes))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// `id` of the last entry of the previous page.
    cursor: Option<i64>,
    /// 1 to 200; default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
}

/// Every policy action, newest first: who, what, on what, when, why (admins).
#[utoipa::path(get, path = "/api/v1/admin/audit-log", tag = "admin", params(AuditQuery),
    responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    CurrentAccount(me): CurrentAccount,
    AppQuery(query): AppQuery<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    require_admin(&me)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::invalid("limit: between 1 and 200"));
    }
    Ok(Json(
        policy::audit_log(&state.db, query.cursor, limit).await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
struct PublicPolicy {
    mode: Mode,
    /// False when the admins keep the list private; `domains` is then empty.
    published: bool,
    domains: Vec<PublicRule>,
}

/// The domains this instance limits or suspends, with public reasons.
#[utoipa::path(get, path = "/api/v1/instance/federation", tag = "instance",
    responses((status = 200, body = PublicPolicy)))]
async fn public_list(State(state): State<AppState>) -> AppResult<Json<PublicPolicy>> {
    let policy = &state.federation.policy;
    let list = policy::public_list(&state.db, policy).await?;
    Ok(Json(PublicPolicy {
        mode: policy.mode(),
        published: list.is_some(),
        domains: list.unwrap_or_default(),
    }))
}
