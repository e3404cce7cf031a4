//! Notification settings (`/settings/notifications`), watching a space,
//! and the one-click unsubscribe page an email links to.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Deserialize;

use super::spaces::member_in;
use crate::AppState;
use crate::error::AppResult;
use crate::notifications::settings::{self, CategorySetting, SpaceChoices};
use crate::notifications::unsubscribe::{self, Scope, Target};
use crate::notifications::{Category, Delivery};
use crate::web::{Ctx, Submitted, html, see_other};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/settings/notifications",
            get(settings_page).post(save_everywhere),
        )
        .route("/settings/notifications/spaces/{space}", post(save_space))
        .route("/s/{space}/watch", post(watch))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

const DELIVERIES: [Delivery; 5] = [
    Delivery::Email,
    Delivery::Daily,
    Delivery::Weekly,
    Delivery::App,
    Delivery::Off,
];

#[derive(Template)]
#[template(path = "settings_notifications.html", config = "src/web/askama.toml")]
struct SettingsPage {
    c: Ctx,
    everywhere: Vec<CategorySetting>,
    spaces: Vec<SpaceChoices>,
    deliveries: [Delivery; 5],
    categories: [Category; 10],
    saved: bool,
}

impl SettingsPage {
    fn is(&self, setting: &CategorySetting, delivery: &Delivery) -> bool {
        setting.delivery == *delivery
    }
    fn is_default(&self, setting: &CategorySetting, delivery: &Delivery) -> bool {
        setting.default == *delivery
    }
    fn overrides(&self, space: &SpaceChoices, category: &Category, delivery: &Delivery) -> bool {
        space.override_of(category) == Some(*delivery)
    }
    fn follows(&self, space: &SpaceChoices, category: &Category) -> bool {
        space.override_of(category).is_none()
    }
}

#[derive(Deserialize, Default)]
struct SavedQuery {
    #[serde(default)]
    saved: bool,
}

async fn settings_page(
    State(state): State<AppState>,
    c: Ctx,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> AppResult<Response> {
    let me = c.member()?;
    let everywhere = settings::overview(&state.db, me).await?.everywhere;
    let spaces = settings::space_choices(&state.db, me).await?;
    html(SettingsPage {
        c,
        everywhere,
        spaces,
        deliveries: DELIVERIES,
        categories: Category::ALL,
        saved: q.saved,
    })
}

/// The form names each category (`mentions=email`…); a category left out
/// stays as it is, an empty value follows the default (or, for a space,
/// the choice for all spaces).
fn choices(form: &HashMap<String, String>) -> Vec<(Category, Option<Delivery>)> {
    Category::ALL
        .into_iter()
        .filter_map(|category| {
            let value = form.get(category.as_str())?;
            if value.is_empty() {
                return Some((category, None));
            }
            value.parse().ok().map(|d| (category, Some(d)))
        })
        .collect()
}

async fn save_everywhere(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<HashMap<String, String>>,
) -> AppResult<Response> {
    let me = c.member()?;
    for (category, delivery) in choices(&form) {
        // Choosing the default is not choosing: it keeps following it.
        let delivery = delivery.filter(|d| *d != category.default_delivery());
        settings::choose(&state.db, me, None, category, delivery).await?;
    }
    Ok(see_other("/settings/notifications?saved=true"))
}

async fn save_space(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<HashMap<String, String>>,
) -> AppResult<Response> {
    let me = c.member()?;
    for (category, delivery) in choices(&form) {
        settings::choose(&state.db, me, Some(&space), category, delivery).await?;
    }
    Ok(see_other("/settings/notifications?saved=true"))
}

#[derive(Deserialize)]
struct WatchForm {
    /// `1` to watch, `0` to stop.
    watch: String,
}

async fn watch(
    State(state): State<AppState>,
    c: Ctx,
    Path(space): Path<String>,
    Submitted(form): Submitted<WatchForm>,
) -> AppResult<Response> {
    let (me, access) = member_in(&state, &c, &space).await?;
    settings::watch(&state.db, me, &access, form.watch == "1").await?;
    Ok(see_other(&format!("/s/{space}")))
}

#[derive(Template)]
#[template(path = "unsubscribe.html", config = "src/web/askama.toml")]
struct UnsubscribePage {
    c: Ctx,
    token: String,
    /// What the link turns off, in words.
    what: String,
    done: bool,
}

fn describe(c: &Ctx, target: &Target) -> String {
    let t = &c.t;
    match (target.scope, &target.space_title) {
        (Scope::Category(category), Some(space)) => t.args(
            "mail-unsubscribe-what-space",
            &[
                ("category", &t.label("mail-category-", category)),
                ("space", space),
            ],
        ),
        (Scope::Category(category), None) => t.with(
            "mail-unsubscribe-what",
            "category",
            t.label("mail-category-", category),
        ),
        (Scope::Digest(delivery), _) => t.label("mail-unsubscribe-what-digest-", delivery),
    }
}

async fn unsubscribe_page(
    State(state): State<AppState>,
    c: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let target = unsubscribe::find(&state.db, &token).await?;
    let what = describe(&c, &target);
    html(UnsubscribePage {
        c,
        token,
        what,
        done: false,
    })
}

/// RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click`
/// with no cookie and no CSRF token, so the body is not read; the token in
/// the address is the authority, and all it can do is turn email off.
async fn unsubscribe(
    State(state): State<AppState>,
    c: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let target = unsubscribe::apply(&state.db, &token).await?;
    let what = describe(&c, &target);
    html(UnsubscribePage {
        c,
        token,
        what,
        done: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, Tr};

    /// Labels are looked up by prefix and value, which the catalogue scan
    /// cannot see: check every value here (emails use the same labels).
    #[test]
    fn every_value_shown_has_a_label_in_every_language() {
        let mut ids: Vec<String> = Vec::new();
        for category in Category::ALL {
            ids.push(format!("mail-category-{category}"));
            ids.push(format!("prefs-category-hint-{category}"));
        }
        ids.extend(DELIVERIES.iter().map(|d| format!("mail-delivery-{d}")));
        ids.extend(
            ["pending", "sent", "written", "failed"]
                .iter()
                .map(|s| format!("mail-state-{s}")),
        );
        ids.extend(
            [Delivery::Daily, Delivery::Weekly]
                .iter()
                .map(|d| format!("mail-unsubscribe-what-digest-{d}")),
        );
        for lang in Lang::ALL {
            for id in &ids {
                assert_ne!(Tr::new(lang).get(id), *id, "{} lacks {id}", lang.code());
            }
        }
    }

    #[test]
    fn a_form_sets_named_categories_only() {
        let form: HashMap<String, String> = [
            ("csrf", "x"),
            ("mentions", "daily"),
            ("posts", ""),
            ("reports", "sometimes"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let mut chosen = choices(&form);
        chosen.sort();
        assert_eq!(
            chosen,
            vec![
                (Category::Mentions, Some(Delivery::Daily)),
                (Category::Posts, None)
            ]
        );
    }
}
