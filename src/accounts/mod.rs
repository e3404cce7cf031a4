//! Local members: registration, profiles and instance roles.
//!
//! Every member is an ActivityPub `Person` with its own key pair; its
//! username is its WebFinger handle and shares one namespace with space
//! slugs (`handles`). People on other instances are rows of `accounts` too
//! (with `domain` set), so content from them is stored like local content;
//! every function here deals with members only (`domain IS NULL`).

pub mod closing;
pub mod directory;
pub mod editors;
pub mod export;
pub mod invitations;
pub mod keys;
pub mod links;
mod login;
pub mod passwords;
pub mod public;
pub mod recovery;
pub mod remote;
pub mod second_factor;
pub mod site;
pub mod throttle;
pub mod tokens;

pub use login::{register, verify_login};

use serde::Serialize;

use crate::config::RegistrationMode;
use crate::db::{self, Db, format_time};
use crate::error::{AppError, AppResult};
use crate::text_enum::text_enum;

text_enum! {
    /// What a member may do on the whole instance.
    pub enum InstanceRole {
        Member = "member",
        Moderator = "moderator",
        Admin = "admin",
    }
}

text_enum! {
    /// Who may see a member's profile (organisation, country, languages,
    /// bio). The member themself and admins always may.
    pub enum ProfileVisibility {
        /// Anyone, signed in or not, and other servers.
        Everyone = "everyone",
        /// Members of this instance (the default).
        Instance = "instance",
        /// Only the member and the instance's admins.
        Nobody = "nobody",
    }
}

/// Whether `viewer` (`None`: anonymous, or another server) may see the
/// profile of member `owner`, shown as `visibility`: the member and admins
/// always, members of this instance unless it is `nobody`'s, anyone when
/// it is `everyone`'s. The one rule for profiles, their pictures and the
/// directory (whose SQL says the same for members).
pub fn profile_visible(
    owner: i64,
    visibility: ProfileVisibility,
    viewer: Option<&Account>,
) -> bool {
    match viewer {
        Some(v) if v.id == owner || v.role == InstanceRole::Admin => true,
        Some(_) => visibility != ProfileVisibility::Nobody,
        None => visibility == ProfileVisibility::Everyone,
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub role: InstanceRole,
    pub display_name: String,
    pub organisation: String,
    pub country: String,
    pub languages: String,
    pub bio: String,
    pub created_at: i64,
    /// The web interface's language (`en`, `fr`, `ar`, `de`, `pt`), or empty
    /// to follow the browser.
    pub ui_language: String,
    /// When the current email address was confirmed (None: not yet).
    pub email_verified_at: Option<i64>,
    /// When the member turned on a second factor (TOTP).
    pub totp_enabled_at: Option<i64>,
    pub profile_visibility: ProfileVisibility,
    /// IANA time zone for times written to the member; empty: UTC.
    pub timezone: String,
}

/// The columns of [`Account`], for `concat!` into queries.
macro_rules! account_columns {
    () => {
        "id, username, email, role, display_name, organisation, country, languages, bio, created_at, ui_language, \
         email_verified_at, totp_enabled_at, profile_visibility, timezone"
    };
}

/// A member as others see them. `email` is present only for the member
/// themself and for admins.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AccountView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub organisation: String,
    /// ISO 3166-1 alpha-2 code, or empty.
    pub country: String,
    /// BCP 47 language tags, e.g. `["fr", "ar"]`.
    pub languages: Vec<String>,
    pub bio: String,
    pub role: InstanceRole,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The web interface's language; only for the member themself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ui_language: Option<String>,
    /// Whether `email` was confirmed by a link sent to it; only for the
    /// member themself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// Whether signing in asks for a second factor; only for the member
    /// themself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub totp_enabled: Option<bool>,
    /// Who may see this profile; only for the member themself and admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_visibility: Option<ProfileVisibility>,
    /// The member's IANA time zone (empty: UTC); only for the member themself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

impl Account {
    pub fn view(&self, viewer: Option<&Account>) -> AccountView {
        let sees_private = viewer.is_some_and(|v| v.id == self.id || v.role == InstanceRole::Admin);
        let own = viewer.is_some_and(|v| v.id == self.id);
        AccountView {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            organisation: self.organisation.clone(),
            country: self.country.clone(),
            languages: split_languages(&self.languages),
            bio: self.bio.clone(),
            role: self.role,
            email: sees_private.then(|| self.email.clone()),
            ui_language: own.then(|| self.ui_language.clone()),
            email_verified: own.then_some(self.email_verified_at.is_some()),
            totp_enabled: own.then_some(self.totp_enabled_at.is_some()),
            profile_visibility: sees_private.then_some(self.profile_visibility),
            timezone: own.then(|| self.timezone.clone()),
            created_at: format_time(self.created_at),
        }
    }

    /// Whether `viewer` (`None`: anonymous, or another server) may see
    /// this member's profile. Everyone else is told it does not exist.
    pub fn profile_visible_to(&self, viewer: Option<&Account>) -> bool {
        profile_visible(self.id, self.profile_visibility, viewer)
    }

    pub fn is_moderator(&self) -> bool {
        self.role >= InstanceRole::Moderator
    }

    pub fn has_second_factor(&self) -> bool {
        self.totp_enabled_at.is_some()
    }

    /// The member's time zone (UTC when unset or no longer known).
    pub fn zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

fn split_languages(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// SQL for the handle of the account joined as `$alias`: `name` for our
/// members, `name@domain` for people of other instances (for `concat!`).
macro_rules! handle_sql {
    ($alias:literal) => {
        concat!(
            "CASE WHEN ",
            $alias,
            ".domain IS NULL THEN ",
            $alias,
            ".username ELSE ",
            $alias,
            ".username || '@' || ",
            $alias,
            ".domain END"
        )
    };
}
pub(crate) use handle_sql;

/// Member names: a lowercase letter, then letters, digits or `_`; at most 30.
pub fn validate_username(raw: &str) -> AppResult<String> {
    let name = raw.trim().to_ascii_lowercase();
    let mut chars = name.chars();
    let valid = name.len() <= 30
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(name)
    } else {
        Err(AppError::invalid(
            "username: use 1 to 30 letters, digits or _, starting with a letter",
        ))
    }
}

pub fn validate_email(raw: &str) -> AppResult<String> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        })
        // An address the mailer could not write to is no use: links and
        // notifications go there.
        && email.parse::<lettre::Address>().is_ok();
    if valid {
        Ok(email)
    } else {
        Err(AppError::invalid(
            "email: not an email address like name@example.org",
        ))
    }
}

/// A BCP 47 language tag of the simple kind people use: `fr`, `pt-BR`, `ar`.
pub fn validate_language(field: &str, raw: &str) -> AppResult<String> {
    let tag = raw.trim();
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()));
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(tag.to_owned())
    } else {
        Err(AppError::invalid(format!(
            "{field}: \"{tag}\" is not a language tag like en, fr or pt-BR"
        )))
    }
}

/// Checks a free-text field's length in characters.
pub fn bounded(field: &str, value: &str, max_chars: usize) -> AppResult<()> {
    if value.chars().count() > max_chars {
        return Err(AppError::invalid(format!(
            "{field}: at most {max_chars} characters"
        )));
    }
    Ok(())
}

pub struct NewAccount {
    pub username: String,
    pub email: String,
    pub password: String,
    pub role: InstanceRole,
}

/// How an account comes to exist: through the API (subject to the
/// registration mode) or by an admin on the command line (always allowed).
pub enum Registration<'a> {
    Api {
        mode: RegistrationMode,
        invitation: Option<&'a str>,
    },
    Admin,
}

pub async fn create_account(db: &Db, new: NewAccount, how: Registration<'_>) -> AppResult<Account> {
    let username = validate_username(&new.username)?;
    let email = validate_email(&new.email)?;
    passwords::validate(&new.password)?;

    // An admin vouches for the address; anyone else proves it by a link.
    let verified = matches!(how, Registration::Admin);
    let invitation = match how {
        Registration::Admin => None,
        Registration::Api {
            mode: RegistrationMode::Closed,
            ..
        } => {
            return Err(AppError::forbidden(
                "registration is closed on this instance; ask an admin for an account",
            ));
        }
        Registration::Api {
            mode: RegistrationMode::Invite,
            invitation: None,
        } => {
            return Err(AppError::forbidden(
                "registration on this instance needs an invitation link",
            ));
        }
        Registration::Api { invitation, .. } => invitation,
    };

    // Hash before taking the write lock: argon2 is deliberately slow.
    let password_hash = db.passwords.hash(new.password).await?;
    // Every member is a federated `Person` with its own key pair.
    let (public_key, private_key) = crate::accounts::keys::generate().await?;
    let now = db::now();
    let mut tx = db.begin().await?;
    claim_handle(&mut tx, &username, "account").await?;
    let account = sqlx::query_as::<_, Account>(concat!(
        "INSERT INTO accounts (username, email, password_hash, role, created_at, \
                                   public_key_pem, private_key_pem, email_verified_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ",
        account_columns!()
    ))
    .bind(&username)
    .bind(&email)
    .bind(&password_hash)
    .bind(new.role)
    .bind(now)
    .bind(public_key)
    .bind(private_key)
    .bind(verified.then_some(now))
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        if db::is_unique_violation(&e) {
            AppError::conflict("email: an account with this email already exists")
        } else {
            e.into()
        }
    })?;
    if let Some(token) = invitation {
        invitations::consume(&mut tx, token, account.id).await?;
    }
    crate::search::index::person(&mut tx, account.id).await?;
    tx.commit().await?;
    Ok(account)
}

/// Reserves a WebFinger handle for an account or a space.
pub async fn claim_handle(tx: &mut db::Tx, name: &str, kind: &str) -> AppResult<()> {
    sqlx::query("INSERT INTO handles (name, kind) VALUES ($1, $2)")
        .bind(name)
        .bind(kind)
        .execute(&mut **tx)
        .await
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                AppError::conflict(format!("the name \"{name}\" is already taken"))
            } else {
                e.into()
            }
        })?;
    Ok(())
}

/// Fails like [`claim_handle`] when `name` is a member's or a public
/// space's handle, without claiming it.
pub async fn check_handle_free(tx: &mut db::Tx, name: &str) -> AppResult<()> {
    let taken: Option<(String,)> = sqlx::query_as("SELECT name FROM handles WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut **tx)
        .await?;
    match taken {
        Some(_) => Err(AppError::conflict(format!(
            "the name \"{name}\" is already taken"
        ))),
        None => Ok(()),
    }
}

pub async fn find_by_id(db: &Db, id: i64) -> AppResult<Option<Account>> {
    Ok(sqlx::query_as::<_, Account>(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts WHERE id = $1 AND domain IS NULL AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(&db.read)
    .await?)
}

/// Whether `name` was the username of an account that was closed: the
/// name stays reserved in `handles` (nobody may take it over) while the
/// account row, anonymised, goes by `deleted-{id}` (`closing`).
pub async fn is_closed_name(db: &Db, name: &str) -> AppResult<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM accounts WHERE closed_username = $1 AND domain IS NULL")
            .bind(name)
            .fetch_optional(&db.read)
            .await?;
    Ok(row.is_some())
}

pub async fn find_by_username(db: &Db, username: &str) -> AppResult<Option<Account>> {
    Ok(sqlx::query_as::<_, Account>(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts WHERE username = $1 AND domain IS NULL AND deleted_at IS NULL"
    ))
    .bind(username.trim().to_ascii_lowercase())
    .fetch_optional(&db.read)
    .await?)
}

/// The account id behind `name` (a member) or `name@domain` (someone
/// elsewhere this instance knows), with or without a leading `@`.
pub async fn find_id_by_handle(db: &Db, handle: &str) -> AppResult<i64> {
    let handle = handle.trim().trim_start_matches('@').to_ascii_lowercase();
    let row: Option<(i64,)> = match handle.split_once('@') {
        None => sqlx::query_as(
            "SELECT id FROM accounts WHERE username = $1 AND domain IS NULL AND deleted_at IS NULL",
        )
        .bind(&handle)
        .fetch_optional(&db.read)
        .await?,
        Some((name, domain)) => {
            sqlx::query_as("SELECT id FROM accounts WHERE LOWER(username) = $1 AND domain = $2")
                .bind(name)
                .bind(domain)
                .fetch_optional(&db.read)
                .await?
        }
    };
    row.map(|(id,)| id).ok_or(AppError::NotFound("account"))
}

#[derive(Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    pub organisation: Option<String>,
    /// ISO 3166-1 alpha-2, e.g. `CD`; empty to clear.
    pub country: Option<String>,
    pub languages: Option<Vec<String>>,
    pub bio: Option<String>,
    /// The web interface's language: one of `en`, `fr`, `ar`, `de`, `pt`, or
    /// empty to follow the browser.
    pub ui_language: Option<String>,
    /// A new email address. It does not change at once: a link is sent to
    /// it, and the address changes when that link is followed.
    pub email: Option<String>,
    /// Who may see the profile: `everyone`, `instance` (members of this
    /// instance) or `nobody` (only oneself and the admins).
    pub profile_visibility: Option<ProfileVisibility>,
    /// An IANA time zone such as `Africa/Kinshasa`, or empty for UTC.
    pub timezone: Option<String>,
}

/// The languages the web interface is translated into.
pub const INTERFACE_LANGUAGES: [&str; 5] = ["en", "fr", "ar", "de", "pt"];

pub async fn update_profile(
    db: &Db,
    account: &Account,
    change: ProfileChange,
) -> AppResult<Account> {
    let display_name = change
        .display_name
        .unwrap_or_else(|| account.display_name.clone());
    bounded("display_name", &display_name, 100)?;
    let organisation = change
        .organisation
        .unwrap_or_else(|| account.organisation.clone());
    bounded("organisation", &organisation, 200)?;
    let bio = change.bio.unwrap_or_else(|| account.bio.clone());
    bounded("bio", &bio, 5000)?;
    let country = match change.country {
        Some(c) => {
            let c = c.trim().to_ascii_uppercase();
            if !(c.is_empty() || (c.len() == 2 && c.chars().all(|ch| ch.is_ascii_uppercase()))) {
                return Err(AppError::invalid(
                    "country: use a two-letter ISO code such as CD or TN",
                ));
            }
            c
        }
        None => account.country.clone(),
    };
    let languages = match change.languages {
        Some(list) => {
            if list.len() > 20 {
                return Err(AppError::invalid("languages: at most 20"));
            }
            list.iter()
                .map(|l| validate_language("languages", l))
                .collect::<AppResult<Vec<_>>>()?
                .join(",")
        }
        None => account.languages.clone(),
    };
    let ui_language = match change.ui_language {
        Some(l) if l.is_empty() || INTERFACE_LANGUAGES.contains(&l.as_str()) => l,
        Some(_) => {
            return Err(AppError::invalid(format!(
                "ui_language: use one of {}, or empty",
                INTERFACE_LANGUAGES.join(", ")
            )));
        }
        None => account.ui_language.clone(),
    };
    let timezone = match change.timezone.map(|z| z.trim().to_owned()) {
        Some(z) if z.is_empty() => z,
        Some(z) if z.len() <= 64 && jiff::tz::TimeZone::get(&z).is_ok() => z,
        Some(z) => {
            return Err(AppError::invalid(format!(
                "timezone: \"{}\" is not an IANA time zone such as Africa/Kinshasa; \
                 leave it empty for UTC",
                z.chars().take(64).collect::<String>()
            )));
        }
        None => account.timezone.clone(),
    };
    let mut tx = db.begin().await?;
    let updated = sqlx::query_as::<_, Account>(concat!(
        "UPDATE accounts SET display_name = $1, organisation = $2, country = $3, \
         languages = $4, bio = $5, ui_language = $7, profile_visibility = $8, timezone = $9 \
         WHERE id = $6 RETURNING ",
        account_columns!()
    ))
    .bind(display_name.trim())
    .bind(organisation.trim())
    .bind(country)
    .bind(languages)
    .bind(bio)
    .bind(account.id)
    .bind(ui_language)
    .bind(
        change
            .profile_visibility
            .unwrap_or(account.profile_visibility),
    )
    .bind(timezone)
    .fetch_one(&mut *tx)
    .await?;
    crate::search::index::person(&mut tx, account.id).await?;
    tx.commit().await?;
    db.auth_cache.forget_account(account.id);
    Ok(updated)
}

/// Changes an instance role. The last admin cannot stop being one.
pub async fn set_role(db: &Db, username: &str, role: InstanceRole) -> AppResult<Account> {
    let mut tx = db.begin().await?;
    let current: Option<(i64, InstanceRole)> =
        sqlx::query_as("SELECT id, role FROM accounts WHERE username = $1 AND domain IS NULL")
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
    let (id, old) = current.ok_or(AppError::NotFound("account"))?;
    if old == InstanceRole::Admin && role != InstanceRole::Admin {
        let (admins,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE role = 'admin'")
                .fetch_one(&mut *tx)
                .await?;
        if admins <= 1 {
            return Err(AppError::conflict(
                "this is the last admin; make someone else admin first",
            ));
        }
    }
    sqlx::query("UPDATE accounts SET role = $1 WHERE id = $2")
        .bind(role)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    db.auth_cache.forget_account(id);
    find_by_id(db, id)
        .await?
        .ok_or(AppError::NotFound("account"))
}

pub async fn list(db: &Db) -> AppResult<Vec<Account>> {
    Ok(sqlx::query_as::<_, Account>(concat!(
        "SELECT ",
        account_columns!(),
        " FROM accounts WHERE domain IS NULL AND deleted_at IS NULL ORDER BY id"
    ))
    .fetch_all(&db.read)
    .await?)
}
