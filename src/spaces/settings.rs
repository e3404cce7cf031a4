//! Making a space and changing its settings: the address, title,
//! language, visibility, how people join and the role they get.

use serde::Deserialize;

use super::*;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSpace {
    /// 2 to 50 lowercase letters, digits or `-`, starting with a letter.
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// BCP 47 tag; defaults to `en`.
    pub language: Option<String>,
    pub visibility: Visibility,
    /// `open` for public spaces (the default); `request` (default) or
    /// `invitation` for private ones.
    pub join_policy: Option<JoinPolicy>,
    /// Role for new members; defaults to `contributor`.
    pub default_role: Option<SpaceRole>,
}

pub fn validate_slug(raw: &str) -> AppResult<String> {
    let slug = raw.trim().to_ascii_lowercase();
    let mut chars = slug.chars();
    let valid = (2..=50).contains(&slug.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.ends_with('-');
    if valid {
        Ok(slug)
    } else {
        Err(AppError::invalid(
            "slug: use 2 to 50 lowercase letters, digits or -, starting with a letter",
        ))
    }
}

fn validate_title(title: &str) -> AppResult<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(AppError::invalid("title: must not be empty"));
    }
    bounded("title", title, 200)?;
    Ok(title.to_owned())
}

fn check_policy(visibility: Visibility, policy: JoinPolicy) -> AppResult<()> {
    match (visibility, policy) {
        (Visibility::Public, JoinPolicy::Open) => Ok(()),
        (Visibility::Private, JoinPolicy::Request | JoinPolicy::Invitation) => Ok(()),
        (Visibility::Public, _) => Err(AppError::invalid(
            "join_policy: public spaces are open to everyone",
        )),
        (Visibility::Private, _) => Err(AppError::invalid(
            "join_policy: private spaces admit members by request or invitation",
        )),
    }
}

/// Creates a space; its creator becomes its first space manager.
pub async fn create(db: &Db, creator: &Account, new: NewSpace) -> AppResult<SpaceAccess> {
    let slug = validate_slug(&new.slug)?;
    let title = validate_title(&new.title)?;
    bounded("description", &new.description, 5000)?;
    let language = validate_language("language", new.language.as_deref().unwrap_or("en"))?;
    let join_policy = new.join_policy.unwrap_or(match new.visibility {
        Visibility::Public => JoinPolicy::Open,
        Visibility::Private => JoinPolicy::Request,
    });
    check_policy(new.visibility, join_policy)?;
    let default_role = new.default_role.unwrap_or(SpaceRole::Contributor);

    // A public space is a federated `Group` with its own key pair; a
    // private one has no actor and no key.
    let keys = match new.visibility {
        Visibility::Public => Some(crate::accounts::keys::generate().await?),
        Visibility::Private => None,
    };
    let (public_key, private_key) = keys.unzip();
    let now = db::now();
    let mut tx = db.begin().await?;
    match new.visibility {
        Visibility::Public => accounts::claim_handle(&mut tx, &slug, "space").await?,
        // A private space takes no handle, so its slug never blocks anyone
        // else's name and trying names reveals nothing. It may not shadow a
        // public name, which everyone can see anyway.
        Visibility::Private => accounts::check_handle_free(&mut tx, &slug).await?,
    }
    let space: Space = sqlx::query_as(
        "INSERT INTO spaces (slug, title, description, language, visibility, join_policy, \
                             default_role, created_by, created_at, public_key_pem, private_key_pem, \
                             id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         RETURNING id, slug, title, description, language, visibility, join_policy, \
                   default_role, created_at, domain",
    )
    .bind(&slug)
    .bind(&title)
    .bind(new.description.trim())
    .bind(&language)
    .bind(new.visibility)
    .bind(join_policy)
    .bind(default_role)
    .bind(creator.id)
    .bind(now)
    .bind(public_key)
    .bind(private_key)
    .bind(db::new_id())
    .fetch_one(&mut *tx)
    .await?;
    members::insert(&mut tx, space.id, creator.id, SpaceRole::SpaceManager).await?;
    crate::search::index::space(&mut tx, space.id).await?;
    tx.commit().await?;
    Ok(SpaceAccess {
        space,
        role: Some(SpaceRole::SpaceManager),
        _checked: Checked,
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    /// Within the space's visibility: a private space may switch between
    /// `request` and `invitation`. Visibility itself is fixed at creation.
    pub join_policy: Option<JoinPolicy>,
    pub default_role: Option<SpaceRole>,
    /// Whether emails about the space may quote its content (posts,
    /// comments), not only titles. Matters for private spaces.
    pub email_full_text: Option<bool>,
}

pub async fn update(db: &Db, access: &SpaceAccess, change: SpaceChange) -> AppResult<SpaceAccess> {
    access.require(Action::Manage)?;
    let old = &access.space;
    let title = match change.title {
        Some(t) => validate_title(&t)?,
        None => old.title.clone(),
    };
    let description = change
        .description
        .unwrap_or_else(|| old.description.clone());
    bounded("description", &description, 5000)?;
    let language = match change.language {
        Some(l) => validate_language("language", &l)?,
        None => old.language.clone(),
    };
    let join_policy = change.join_policy.unwrap_or(old.join_policy);
    check_policy(old.visibility, join_policy)?;
    let default_role = change.default_role.unwrap_or(old.default_role);
    let mut tx = db.begin().await?;
    let space: Space = sqlx::query_as(
        "UPDATE spaces SET title = $1, description = $2, language = $3, join_policy = $4, \
                default_role = $5, email_full_text = COALESCE($7, email_full_text) WHERE id = $6 \
         RETURNING id, slug, title, description, language, visibility, join_policy, \
                   default_role, created_at, domain",
    )
    .bind(title)
    .bind(description.trim())
    .bind(language)
    .bind(join_policy)
    .bind(default_role)
    .bind(old.id)
    .bind(change.email_full_text.map(i64::from))
    .fetch_one(&mut *tx)
    .await?;
    crate::search::index::space(&mut tx, space.id).await?;
    tx.commit().await?;
    Ok(SpaceAccess {
        space,
        role: access.role,
        _checked: Checked,
    })
}
