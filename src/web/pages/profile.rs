//! A member's public profile, and the settings page where members edit
//! their own profile and interface language.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::accounts::{
    self, AccountView, INTERFACE_LANGUAGES, InstanceRole, ProfileChange, ProfileVisibility,
};
use crate::error::{AppError, AppResult};
use crate::web::context::{LANG_COOKIE, set_cookie};
use crate::web::field_errors::{FieldErrors, Refusable, refused};
use crate::web::i18n::Lang;
use crate::web::zones::ZoneChoice;
use crate::web::{Ctx, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/people/{name}", get(profile_page))
        .route("/settings", get(settings_page).post(save_settings))
}

#[derive(Template)]
#[template(path = "profile.html", config = "src/web/askama.toml")]
struct ProfilePage {
    c: Ctx,
    a: AccountView,
    /// The viewer's own profile: it links to the settings.
    own: bool,
    avatar: Option<crate::media::Attachment>,
}

impl ProfilePage {
    /// The name shown: the display name, else the username.
    fn name(&self) -> &str {
        if self.a.display_name.is_empty() {
            &self.a.username
        } else {
            &self.a.display_name
        }
    }

    /// The introduction's paragraphs: one per line, as it was typed.
    fn bio_paragraphs(&self) -> Vec<&str> {
        self.a
            .bio
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect()
    }

    /// A badge for instance staff; plain members get none.
    fn staff_label(&self) -> Option<String> {
        (self.a.role != InstanceRole::Member).then(|| format!("admin-role-{}", self.a.role))
    }
}

async fn profile_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(name): Path<String>,
) -> AppResult<Response> {
    // A hidden profile answers exactly like a missing one.
    let account = accounts::find_by_username(&state.db, &name)
        .await?
        .filter(|a| a.profile_visible_to(c.me.as_ref()))
        .ok_or(AppError::NotFound("account"))?;
    let own = c.me.as_ref().is_some_and(|me| me.id == account.id);
    let avatar = crate::media::avatar(&state.db, account.id).await?;
    let a = account.view(c.me.as_ref());
    html(ProfilePage { c, a, own, avatar })
}

#[derive(Template)]
#[template(path = "profile_settings.html", config = "src/web/askama.toml")]
struct SettingsPage {
    c: Ctx,
    username: String,
    display_name: String,
    organisation: String,
    country: String,
    /// As the member types them: comma separated.
    languages: String,
    bio: String,
    ui_language: String,
    profile_visibility: ProfileVisibility,
    zone: ZoneChoice,
    saved: bool,
    /// What was refused, after sending.
    errors: FieldErrors,
}

impl SettingsPage {
    /// The interface languages, each named in itself: `(code, name)`.
    fn interface_languages(&self) -> Vec<(&'static str, &'static str)> {
        INTERFACE_LANGUAGES
            .iter()
            .filter_map(|code| Lang::from_code(code).map(|l| (*code, l.native_name())))
            .collect()
    }

    fn ui_is(&self, code: &str) -> bool {
        self.ui_language == code
    }

    /// The choices of who sees the profile: `(value, message id)`.
    fn visibilities(&self) -> [(&'static str, &'static str); 3] {
        [
            ("everyone", "data-visibility-everyone"),
            ("instance", "data-visibility-instance"),
            ("nobody", "data-visibility-nobody"),
        ]
    }

    fn visibility_is(&self, value: &str) -> bool {
        self.profile_visibility.as_str() == value
    }
}

/// The profile's refusals the form shows next to a field.
const REFUSABLE: [Refusable; 7] = [
    ("display_name", "display_name", "form-error-too-long"),
    ("organisation", "organisation", "form-error-too-long"),
    ("bio", "bio", "form-error-too-long"),
    ("country", "country", "settings-error-country"),
    ("languages", "languages", "settings-error-languages"),
    ("ui_language", "ui_language", "form-error-choice"),
    ("timezone", "timezone", "form-error-timezone"),
];

#[derive(Deserialize, Default)]
struct SavedQuery {
    #[serde(default)]
    saved: bool,
}

async fn settings_page(c: Ctx, Query(q): Query<SavedQuery>) -> AppResult<Response> {
    let me = c.member()?.clone();
    html(SettingsPage {
        username: me.username,
        display_name: me.display_name,
        organisation: me.organisation,
        country: me.country,
        languages: me.languages.split(',').collect::<Vec<_>>().join(", "),
        bio: me.bio,
        ui_language: me.ui_language,
        profile_visibility: me.profile_visibility,
        zone: ZoneChoice::new(&me.timezone, Some(&me.timezone)),
        saved: q.saved,
        errors: FieldErrors::default(),
        c,
    })
}

/// The settings as sent, shown again with why they were refused.
fn refused_settings(c: Ctx, form: SettingsForm, errors: FieldErrors) -> AppResult<Response> {
    let me = c.member()?.clone();
    let timezone = form.timezone.unwrap_or(me.timezone.clone());
    refused(SettingsPage {
        username: me.username,
        display_name: form.display_name,
        organisation: form.organisation,
        country: form.country,
        languages: form.languages,
        bio: form.bio,
        ui_language: form.ui_language,
        profile_visibility: form.profile_visibility.unwrap_or(me.profile_visibility),
        zone: ZoneChoice::new(&timezone, Some(&me.timezone)),
        saved: false,
        errors,
        c,
    })
}

#[derive(Deserialize, Clone)]
struct SettingsForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    languages: String,
    #[serde(default)]
    bio: String,
    #[serde(default)]
    ui_language: String,
    profile_visibility: Option<ProfileVisibility>,
    /// Absent: unchanged.
    timezone: Option<String>,
}

/// Language tags as typed: separated by commas or spaces.
fn language_list(typed: &str) -> Vec<String> {
    typed
        .split(|ch: char| ch == ',' || ch.is_whitespace())
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Saves the whole profile. A new interface language is also remembered in
/// this browser, so pages seen before signing in next time use it too;
/// "follow my browser" forgets the browser's choice as well.
async fn save_settings(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<SettingsForm>,
) -> AppResult<Response> {
    let me = c.member()?;
    let typed = form.clone();
    let saved = accounts::update_profile(
        &state.db,
        me,
        ProfileChange {
            display_name: Some(form.display_name),
            organisation: Some(form.organisation),
            country: Some(form.country),
            languages: Some(language_list(&form.languages)),
            bio: Some(form.bio),
            ui_language: Some(form.ui_language),
            email: None,
            profile_visibility: form.profile_visibility,
            timezone: form.timezone,
        },
    )
    .await;
    let updated = match saved {
        Ok(updated) => updated,
        Err(e) => {
            let errors = FieldErrors::from_refusal("", &e, &REFUSABLE).ok_or(e)?;
            return refused_settings(c, typed, errors);
        }
    };
    let mut response = see_other("/settings?saved=true");
    if updated.ui_language != me.ui_language {
        let cookie = match Lang::from_code(&updated.ui_language) {
            Some(lang) => set_cookie(&state, LANG_COOKIE, lang.code(), 60 * 60 * 24 * 365),
            None => set_cookie(&state, LANG_COOKIE, "", 0),
        };
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::language_list;

    #[test]
    fn languages_are_split_on_commas_and_spaces() {
        assert_eq!(language_list("fr, ar ,,sw  en"), ["fr", "ar", "sw", "en"]);
        assert!(language_list(" , ").is_empty());
    }
}
