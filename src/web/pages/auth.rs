//! Signing up, in and out, and choosing the interface language.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::{SET_COOKIE, USER_AGENT};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::AppState;
use crate::accounts::recovery::{self, Postman};
use crate::accounts::second_factor::{self, Answer};
use crate::accounts::tokens::{self, SESSION_LIFETIME_SECS, TokenKind};
use crate::accounts::{self, InstanceRole, NewAccount, ProfileChange};
use crate::api::extract::{SESSION_COOKIE, SessionToken};
use crate::config::RegistrationMode;
use crate::error::{AppError, AppResult, retry_secs};
use crate::i18n::Tr;
use crate::serving::ClientAddr;
use crate::web::context::{LANG_COOKIE, set_cookie};
use crate::web::field_errors::FieldErrors;
use crate::web::i18n::Lang;
use crate::web::{Ctx, NoFields, Submitted, html, local_path, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/login", get(login_page).post(login))
        .route("/login/code", post(login_code))
        .route("/logout", post(logout))
        .route("/register", get(register_page).post(register))
        .route("/language", post(language))
        .route("/offline", get(offline))
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
    /// `done` after a password reset.
    #[serde(default)]
    reset: String,
}

#[derive(Template)]
#[template(path = "login.html", config = "src/web/askama.toml")]
struct LoginPage {
    c: Ctx,
    next: String,
    login: String,
    /// Why the last attempt failed: a message id.
    failed: Option<&'static str>,
    /// Good news to show first: a message id.
    notice: Option<&'static str>,
    /// Too many attempts: how long to wait, said in the visitor's language.
    wait: Option<String>,
}

async fn login_page(c: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    html(LoginPage {
        c,
        next: q.next,
        login: String::new(),
        failed: None,
        notice: (q.reset == "done").then_some("security-reset-done"),
        wait: None,
    })
}

/// "Too many attempts; try again in …", in seconds or minutes.
fn wait_message(t: &Tr, retry_after: std::time::Duration) -> String {
    let secs = i64::try_from(retry_secs(retry_after)).unwrap_or(i64::MAX);
    if secs < 120 {
        t.count("throttled-seconds", secs)
    } else {
        t.count("throttled-minutes", (secs + 59) / 60)
    }
}

/// A page answered 429, with `Retry-After` as the API gives it.
fn too_many(page: Response, retry_after: std::time::Duration) -> Response {
    let mut response = (StatusCode::TOO_MANY_REQUESTS, page).into_response();
    response.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from(retry_secs(retry_after)),
    );
    response
}

#[derive(Template)]
#[template(path = "login_code.html", config = "src/web/askama.toml")]
struct CodePage {
    c: Ctx,
    /// The login challenge's secret, carried to the second step.
    challenge: String,
    next: String,
    wrong: bool,
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// Starts a browser session: the session cookie, and the member's language
/// for the pages that come before we know who they are.
async fn start_session(
    state: &AppState,
    account: &accounts::Account,
    next: &str,
    device: &str,
) -> AppResult<Response> {
    let (_, secret) = tokens::create(&state.db, account.id, TokenKind::Session, device).await?;
    // Staff who must add a second factor go straight to where they add it.
    let next = if second_factor::enrolment_required(&state.db, account).await? {
        "/settings/security"
    } else if next.is_empty() {
        "/"
    } else {
        next
    };
    let mut response = see_other(next);
    let headers = response.headers_mut();
    headers.append(
        SET_COOKIE,
        set_cookie(state, SESSION_COOKIE, &secret, SESSION_LIFETIME_SECS),
    );
    if Lang::from_code(&account.ui_language).is_some() {
        headers.append(
            SET_COOKIE,
            set_cookie(state, LANG_COOKIE, &account.ui_language, 60 * 60 * 24 * 365),
        );
    }
    Ok(response)
}

/// The name of a session started by this request: its browser and system.
fn device(headers: &HeaderMap) -> String {
    tokens::device_label(
        headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default(),
    )
}

async fn login(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Submitted(form): Submitted<LoginForm>,
) -> AppResult<Response> {
    let verified = accounts::verify_login(
        &state.db,
        &state.throttles,
        client,
        &form.login,
        &form.password,
    )
    .await;
    match verified {
        // A second step: the code from the app.
        Ok(account) if account.has_second_factor() => {
            let challenge = second_factor::start_challenge(&state.db, account.id).await?;
            html(CodePage {
                c,
                challenge,
                next: form.next,
                wrong: false,
            })
        }
        Ok(account) => {
            start_session(&state, &account, &local_path(&form.next), &device(&headers)).await
        }
        Err(AppError::TooManyRequests { retry_after }) => {
            state.metrics.login_throttled();
            let wait = wait_message(&c.t, retry_after);
            let page = html(LoginPage {
                c,
                next: form.next,
                login: form.login,
                failed: None,
                notice: None,
                wait: Some(wait),
            })?;
            Ok(too_many(page, retry_after))
        }
        Err(e @ (AppError::Unauthorized(_) | AppError::Forbidden(_))) => {
            state.metrics.login_failed();
            let (status, failed) = match e {
                AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "login-suspended"),
                _ => (StatusCode::UNAUTHORIZED, "login-failed"),
            };
            let page = html(LoginPage {
                c,
                next: form.next,
                login: form.login,
                failed: Some(failed),
                notice: None,
                wait: None,
            })?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct CodeForm {
    challenge: String,
    code: String,
    #[serde(default)]
    next: String,
}

/// The second step of signing in, for members with a second factor.
async fn login_code(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    Submitted(form): Submitted<CodeForm>,
) -> AppResult<Response> {
    match second_factor::answer_challenge(&state.db, &form.challenge, &form.code).await? {
        Answer::SignedIn(account) => {
            start_session(&state, &account, &local_path(&form.next), &device(&headers)).await
        }
        Answer::WrongCode => {
            let page = html(CodePage {
                c,
                challenge: form.challenge,
                next: form.next,
                wrong: true,
            })?;
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
        answer @ (Answer::Expired | Answer::Locked) => {
            let failed = match answer {
                Answer::Locked => "security-code-locked",
                _ => "security-code-expired",
            };
            let page = html(LoginPage {
                c,
                next: form.next,
                login: String::new(),
                failed: Some(failed),
                notice: None,
                wait: None,
            })?;
            Ok((StatusCode::UNAUTHORIZED, page).into_response())
        }
    }
}

async fn logout(
    State(state): State<AppState>,
    SessionToken(secret): SessionToken,
    Submitted(_): Submitted<NoFields>,
) -> AppResult<Response> {
    if let Some(secret) = secret
        && let Some((account, token_id)) =
            tokens::authenticate(&state.db, &secret, TokenKind::Session).await?
    {
        tokens::revoke(&state.db, account.id, token_id, TokenKind::Session).await?;
    }
    let mut response = see_other("/");
    response
        .headers_mut()
        .append(SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "", 0));
    Ok(response)
}

#[derive(Deserialize, Default)]
struct RegisterQuery {
    #[serde(default)]
    invitation: String,
}

#[derive(Template)]
#[template(path = "register.html", config = "src/web/askama.toml")]
struct RegisterPage {
    c: Ctx,
    mode: RegistrationMode,
    invitation: String,
    username: String,
    email: String,
    /// A message id: what went wrong with the invitation, in the
    /// visitor's language.
    error: Option<&'static str>,
    /// What was wrong with the fields, next to them.
    errors: FieldErrors,
    /// Too many attempts: how long to wait, said in the visitor's language.
    wait: Option<String>,
    /// The instance's privacy notice, as safe HTML (empty: none written).
    privacy_html: String,
}

impl RegisterPage {
    fn open(&self) -> bool {
        self.mode == RegistrationMode::Open
            || (self.mode == RegistrationMode::Invite && !self.invitation.is_empty())
    }
    fn closed(&self) -> bool {
        self.mode == RegistrationMode::Closed
    }
}

async fn register_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(q): Query<RegisterQuery>,
) -> AppResult<Response> {
    html(RegisterPage {
        c,
        mode: state.config.registration,
        invitation: q.invitation,
        username: String::new(),
        email: String::new(),
        error: None,
        errors: FieldErrors::default(),
        wait: None,
        privacy_html: accounts::site::privacy_notice(&state.db).await?.1,
    })
}

#[derive(Deserialize)]
struct RegisterForm {
    username: String,
    email: String,
    password: String,
    #[serde(default)]
    invitation: String,
}

/// The field a domain error is about (`invitation`: the link, which is
/// not a field one types), and a message in the visitor's language; the
/// domain's own messages are English.
fn registration_error(error: &AppError) -> Option<(&'static str, &'static str)> {
    match error {
        AppError::Invalid(m) if m.starts_with("username") => {
            Some(("username", "register-error-username"))
        }
        AppError::Invalid(m) if m.starts_with("email") => Some(("email", "register-error-email")),
        AppError::Invalid(m) if m.starts_with("password") => {
            Some(("password", "register-error-password"))
        }
        AppError::Conflict(m) if m.starts_with("email") => {
            Some(("email", "register-error-email-taken"))
        }
        AppError::Conflict(_) => Some(("username", "register-error-username-taken")),
        AppError::Forbidden(_) | AppError::NotFound(_) | AppError::Gone(_) => {
            Some(("invitation", "register-error-invitation"))
        }
        _ => None,
    }
}

async fn register(
    State(state): State<AppState>,
    c: Ctx,
    headers: HeaderMap,
    ClientAddr(client): ClientAddr,
    Submitted(form): Submitted<RegisterForm>,
) -> AppResult<Response> {
    let invitation = Some(form.invitation.trim()).filter(|i| !i.is_empty());
    let created = accounts::register(
        &state.db,
        &state.throttles,
        client,
        NewAccount {
            username: form.username.clone(),
            email: form.email.clone(),
            password: form.password,
            role: InstanceRole::Member,
        },
        state.config.registration,
        invitation,
    )
    .await;
    match created {
        Ok(account) => {
            // Keep the language they signed up in.
            let account = accounts::update_profile(
                &state.db,
                &account,
                ProfileChange {
                    ui_language: Some(c.lang().code().to_owned()),
                    ..Default::default()
                },
            )
            .await?;
            // The address is confirmed by following the link sent to it.
            recovery::send_verification(
                &Postman::new(&state.mailer, &state.config.language),
                &state.db,
                &account,
                &account.email,
            )
            .await?;
            start_session(&state, &account, "/spaces", &device(&headers)).await
        }
        Err(AppError::TooManyRequests { retry_after }) => {
            let wait = wait_message(&c.t, retry_after);
            let page = html(RegisterPage {
                c,
                mode: state.config.registration,
                invitation: form.invitation,
                username: form.username,
                email: form.email,
                error: None,
                errors: FieldErrors::default(),
                wait: Some(wait),
                privacy_html: accounts::site::privacy_notice(&state.db).await?.1,
            })?;
            Ok(too_many(page, retry_after))
        }
        Err(e) => match registration_error(&e) {
            Some((field, message)) => {
                let mut errors = FieldErrors::default();
                let error = if field == "invitation" {
                    Some(message)
                } else {
                    errors.add(field, message);
                    None
                };
                let status = match e {
                    AppError::Conflict(_) => StatusCode::CONFLICT,
                    AppError::Forbidden(_) => StatusCode::FORBIDDEN,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                let page = html(RegisterPage {
                    c,
                    mode: state.config.registration,
                    invitation: form.invitation,
                    username: form.username,
                    email: form.email,
                    error,
                    errors,
                    wait: None,
                    privacy_html: accounts::site::privacy_notice(&state.db).await?.1,
                })?;
                Ok((status, page).into_response())
            }
            None => Err(e),
        },
    }
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    next: String,
}

/// Switches the interface language: remembered in this browser, and in the
/// member's settings when signed in.
async fn language(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<LanguageForm>,
) -> AppResult<Response> {
    let lang = Lang::from_code(&form.lang)
        .ok_or_else(|| AppError::invalid("lang: not a language of this interface"))?;
    if let Some(me) = &c.me {
        accounts::update_profile(
            &state.db,
            me,
            ProfileChange {
                ui_language: Some(lang.code().to_owned()),
                ..Default::default()
            },
        )
        .await?;
    }
    let mut response = see_other(&local_path(&form.next));
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(&state, LANG_COOKIE, lang.code(), 60 * 60 * 24 * 365),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "offline.html", config = "src/web/askama.toml")]
struct OfflinePage {
    c: Ctx,
}

/// What the service worker shows when there is no network.
async fn offline(c: Ctx) -> AppResult<Response> {
    html(OfflinePage { c })
}
