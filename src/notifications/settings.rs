//! A member's notification settings as the API and the settings page show
//! and change them: every category's delivery for all spaces, overrides
//! per space, and watching a space (its `posts` category).
//!
//! Naming a space goes through the spaces module's visibility check, so a
//! private space the member is not in is "no such space", exactly like
//! one that does not exist.

use serde::Serialize;

use super::kinds::{Category, Delivery};
use super::prefs;
use crate::accounts::Account;
use crate::db::Db;
use crate::error::AppResult;
use crate::spaces::{self, SpaceAccess};

/// How one category reaches the member in every space without an override.
#[derive(Serialize, utoipa::ToSchema, Clone, Debug)]
pub struct CategorySetting {
    pub category: Category,
    /// What applies now: the member's choice, else the default.
    pub delivery: Delivery,
    /// What applies without a choice.
    pub default: Delivery,
    /// Whether the member chose (`false`: the default applies).
    pub chosen: bool,
}

/// One space's override of one category.
#[derive(Serialize, utoipa::ToSchema, Clone, Debug)]
pub struct SpaceSetting {
    pub space_id: i64,
    /// How to name the space in URLs and in `PUT …/preferences`.
    pub space: String,
    pub space_title: String,
    pub category: Category,
    pub delivery: Delivery,
}

/// Everything the member set, with what applies.
#[derive(Serialize, utoipa::ToSchema, Clone, Debug)]
pub struct PreferencesView {
    /// Every category, for all spaces.
    pub everywhere: Vec<CategorySetting>,
    /// Overrides for single spaces the member may see.
    pub spaces: Vec<SpaceSetting>,
}

/// A space the settings page offers overrides for: the member's own, and
/// public ones they chose to watch or set something for.
#[derive(Clone, Debug)]
pub struct SpaceChoices {
    pub space_id: i64,
    pub space: String,
    pub title: String,
    /// The space's overrides (categories without one follow "all spaces").
    pub overrides: Vec<(Category, Delivery)>,
}

impl SpaceChoices {
    pub fn override_of(&self, category: &Category) -> Option<Delivery> {
        self.overrides
            .iter()
            .find(|(c, _)| c == category)
            .map(|(_, d)| *d)
    }
}

/// How a space is named in URLs: `slug@domain` for a followed one, the
/// slug for our public ones, the id for private ones (their slugs repeat).
fn reference(id: i64, slug: &str, visibility: &str, domain: Option<&str>) -> String {
    match (domain, visibility) {
        (Some(domain), _) => format!("{slug}@{domain}"),
        (None, "public") => slug.to_owned(),
        (None, _) => id.to_string(),
    }
}

#[derive(sqlx::FromRow)]
struct OverrideRow {
    id: i64,
    slug: String,
    title: String,
    visibility: String,
    domain: Option<String>,
    category: String,
    delivery: String,
}

/// The member's settings.
pub async fn overview(db: &Db, member: &Account) -> AppResult<PreferencesView> {
    let chosen = prefs::list(db, member.id).await?;
    let everywhere = Category::ALL
        .into_iter()
        .map(|category| {
            let choice = chosen
                .iter()
                .find(|p| p.space_id.is_none() && p.category == category)
                .map(|p| p.delivery);
            CategorySetting {
                category,
                delivery: choice.unwrap_or(category.default_delivery()),
                default: category.default_delivery(),
                chosen: choice.is_some(),
            }
        })
        .collect();
    let rows: Vec<OverrideRow> = sqlx::query_as(
        "SELECT s.id, s.slug, s.title, s.visibility, s.domain, p.category, p.delivery \
         FROM notification_preferences p JOIN spaces s ON s.id = p.space_id \
         LEFT JOIN memberships m ON m.space_id = s.id AND m.account_id = p.account_id \
         WHERE p.account_id = $1 AND p.space_id <> 0 \
         AND (s.visibility = 'public' OR m.role IS NOT NULL) \
         ORDER BY s.title, s.id, p.category",
    )
    .bind(member.id)
    .fetch_all(&db.read)
    .await?;
    let spaces = rows
        .into_iter()
        .filter_map(|r| {
            Some(SpaceSetting {
                space: reference(r.id, &r.slug, &r.visibility, r.domain.as_deref()),
                space_id: r.id,
                space_title: r.title,
                category: r.category.parse().ok()?,
                delivery: r.delivery.parse().ok()?,
            })
        })
        .collect();
    Ok(PreferencesView { everywhere, spaces })
}

/// The spaces the settings page offers overrides for, with theirs.
pub async fn space_choices(db: &Db, member: &Account) -> AppResult<Vec<SpaceChoices>> {
    let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT s.id, s.slug, s.title, s.visibility, s.domain FROM spaces s \
         WHERE s.id IN (SELECT space_id FROM memberships WHERE account_id = $1) \
         OR (s.visibility = 'public' AND s.id IN \
             (SELECT space_id FROM notification_preferences WHERE account_id = $1)) \
         ORDER BY s.title, s.id LIMIT 500",
    )
    .bind(member.id)
    .fetch_all(&db.read)
    .await?;
    let set = overview(db, member).await?.spaces;
    Ok(rows
        .into_iter()
        .map(|(id, slug, title, visibility, domain)| SpaceChoices {
            space_id: id,
            space: reference(id, &slug, &visibility, domain.as_deref()),
            title,
            overrides: set
                .iter()
                .filter(|s| s.space_id == id)
                .map(|s| (s.category, s.delivery))
                .collect(),
        })
        .collect())
}

/// Sets (or with `None` forgets) how `category` reaches the member, in the
/// space named `space` or in all spaces.
pub async fn choose(
    db: &Db,
    member: &Account,
    space: Option<&str>,
    category: Category,
    delivery: Option<Delivery>,
) -> AppResult<()> {
    let space_id = match space {
        Some(reference) => Some(
            spaces::find_visible(db, reference, Some(member))
                .await?
                .space
                .id,
        ),
        None => None,
    };
    prefs::set(db, member.id, space_id, category, delivery).await
}

/// Whether the member hears of new posts in the space: a member unless
/// they turned `posts` off there, anyone else only once they chose to watch.
pub async fn watching(db: &Db, member: &Account, access: &SpaceAccess) -> AppResult<bool> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT delivery FROM notification_preferences \
         WHERE account_id = $1 AND space_id = $2 AND category = $3",
    )
    .bind(member.id)
    .bind(access.space.id)
    .bind(Category::Posts.as_str())
    .fetch_optional(&db.read)
    .await?;
    Ok(match row {
        Some((delivery,)) => delivery != Delivery::Off.as_str(),
        None => {
            access.role.is_some()
                && prefs::effective(&db.read, member.id, None, Category::Posts).await?
                    != Delivery::Off
        }
    })
}

/// Watches a space (new posts as the member gets them elsewhere, or in
/// the weekly digest if they turned posts off everywhere) or stops.
pub async fn watch(db: &Db, member: &Account, access: &SpaceAccess, on: bool) -> AppResult<()> {
    let delivery = if on {
        match prefs::effective(&db.read, member.id, None, Category::Posts).await? {
            Delivery::Off => Category::Posts.default_delivery(),
            general => general,
        }
    } else {
        Delivery::Off
    };
    prefs::set(
        db,
        member.id,
        Some(access.space.id),
        Category::Posts,
        Some(delivery),
    )
    .await
}
