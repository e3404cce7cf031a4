//! Spaces: where members work together.
//!
//! A `public` space is readable by anyone and will federate as an
//! ActivityPub `Group`. A `private` space is local-only and invisible to
//! anyone who is not a member. That rule is decided here, and only here:
//!
//! - a [`SpaceAccess`] can only be made in this module, and
//!   [`find_visible`] makes one only for a space the viewer may see; every
//!   handler that touches a space or its content starts from it;
//! - listings filter with [`visible_to_viewer!`]; the feeds
//!   (`crate::feeds`) read a space only through a `SpaceAccess`, the home
//!   feed only through the member's own memberships, and the public feed only
//!   public spaces.

pub mod addresses;
pub mod federation;
pub mod follows;
pub mod members;
pub mod remote;
mod settings;

pub use settings::{NewSpace, SpaceChange, create, update, validate_slug};

use serde::Serialize;

use crate::accounts::{self, Account, bounded, validate_language};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::feeds::Cursor;
use crate::posts::Page;
use crate::text_enum::text_enum;

text_enum! {
    pub enum Visibility {
        /// Readable by anyone; federates to followers.
        Public = "public",
        /// Members only; never leaves this server.
        Private = "private",
    }
}

text_enum! {
    pub enum JoinPolicy {
        /// Anyone may join (public spaces).
        Open = "open",
        /// Members ask; a space manager approves (private spaces).
        Request = "request",
        /// Only a space manager's invitation lets someone in (private spaces).
        Invitation = "invitation",
    }
}

text_enum! {
    /// Roles within a space, in increasing order of power (from Tracim).
    pub enum SpaceRole {
        /// Reads everything in the space.
        Reader = "reader",
        /// Also posts, comments, reacts, and edits or deletes their own content.
        Contributor = "contributor",
        /// Also edits and deletes anyone's content.
        ContentManager = "content_manager",
        /// Also manages members, roles and the space's settings.
        SpaceManager = "space_manager",
    }
}

/// What someone wants to do in a space; see [`SpaceAccess::require`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Contribute,
    ModerateContent,
    Manage,
}

impl Action {
    fn minimum_role(self) -> Option<SpaceRole> {
        match self {
            Action::Read => None,
            Action::Contribute => Some(SpaceRole::Contributor),
            Action::ModerateContent => Some(SpaceRole::ContentManager),
            Action::Manage => Some(SpaceRole::SpaceManager),
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Space {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub language: String,
    pub visibility: Visibility,
    pub join_policy: JoinPolicy,
    pub default_role: SpaceRole,
    pub created_at: i64,
    /// The instance a followed remote space lives on; `None` for ours.
    pub domain: Option<String>,
}

/// A space as seen by one viewer, with the viewer's role in it.
#[derive(Clone, Debug)]
pub struct SpaceAccess {
    pub space: Space,
    pub role: Option<SpaceRole>,
    /// Private: no code outside this module can make a `SpaceAccess`.
    _checked: Checked,
}

#[derive(Clone, Debug)]
struct Checked;

impl SpaceAccess {
    /// Allows the action or explains why not. Reading is checked by
    /// [`find_visible`] already; this covers everything else.
    pub fn require(&self, action: Action) -> AppResult<()> {
        let Some(minimum) = action.minimum_role() else {
            return Ok(());
        };
        match self.role {
            Some(role) if role >= minimum => Ok(()),
            Some(role) => Err(AppError::forbidden(format!(
                "your role in this space ({role}) does not allow this; it needs {minimum} or higher"
            ))),
            None => Err(AppError::forbidden("join this space to take part in it")),
        }
    }
}

/// SQL condition: the space `s` is visible to the viewer whose membership
/// row, if any, is joined as `m` (for `concat!` into listing queries).
macro_rules! visible_to_viewer {
    () => {
        "(s.visibility = 'public' OR m.role IS NOT NULL)"
    };
}

/// The SQL condition "the space `$col` holds is one viewer `$viewer` may
/// see". Content finders put it in their WHERE clause, so that content the
/// viewer may not see comes back as no row at all, exactly like missing
/// content: nothing is decoded that would make it slower to refuse.
macro_rules! in_space_visible_to {
    ($col:literal, $viewer:literal) => {
        concat!(
            "EXISTS (SELECT 1 FROM spaces vs LEFT JOIN memberships vm \
                     ON vm.space_id = vs.id AND vm.account_id = ",
            $viewer,
            " WHERE vs.id = ",
            $col,
            " AND ",
            crate::spaces::visible_space!(),
            ")"
        )
    };
}
pub(crate) use in_space_visible_to;

/// The rule itself, on a space `vs` and the viewer's membership `vm` in
/// it (LEFT JOINed): the one text both forms below share.
macro_rules! visible_space {
    () => {
        "(vs.visibility = 'public' OR vm.role IS NOT NULL)"
    };
}
pub(crate) use visible_space;

/// The same rule as [`in_space_visible_to!`], as the set of spaces
/// (`vs.id`) viewer `$viewer` may see, for a query that checks many rows:
/// `space_id IN (…)` is computed once per query where the `EXISTS` runs
/// once per row. A caller may add conditions on `vs` (`AND …`).
macro_rules! spaces_visible_to {
    ($viewer:literal) => {
        concat!(
            "SELECT vs.id FROM spaces vs LEFT JOIN memberships vm \
                     ON vm.space_id = vs.id AND vm.account_id = ",
            $viewer,
            " WHERE ",
            crate::spaces::visible_space!()
        )
    };
}
pub(crate) use spaces_visible_to;

/// The private spaces `account_id` is a member of, by id: with the public
/// ones, the spaces whose content they may open (the rule of
/// [`in_space_visible_to!`]), for a search to narrow its index by.
pub async fn private_ids_of(db: &Db, account_id: i64) -> AppResult<Vec<i64>> {
    let ids = sqlx::query_as::<_, (i64,)>(
        "SELECT m.space_id FROM memberships m JOIN spaces s ON s.id = m.space_id \
         WHERE m.account_id = $1 AND s.visibility <> 'public' ORDER BY m.space_id",
    )
    .bind(account_id)
    .fetch_all(&db.read)
    .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// Looks a space up by slug or numeric id, as the viewer may see it.
/// A private space the viewer is not a member of is reported exactly like
/// a space that does not exist.
pub async fn find_visible(
    db: &Db,
    reference: &str,
    viewer: Option<&Account>,
) -> AppResult<SpaceAccess> {
    let viewer_id = viewer.map(|v| v.id);
    let (slug, domain) = reference
        .trim_start_matches('@')
        .split_once('@')
        .unwrap_or((reference, ""));
    let row: Option<SpaceRow> = match reference.parse::<i64>() {
        Ok(id) => {
            sqlx::query_as(
                "SELECT s.id, s.slug, s.title, s.description, s.language, s.visibility, \
                        s.join_policy, s.default_role, s.created_at, s.domain, m.role AS my_role \
                 FROM spaces s LEFT JOIN memberships m ON m.space_id = s.id AND m.account_id = $2 \
                 WHERE s.id = $1 AND s.federation_state < 2 AND (s.visibility = 'public' \
                   OR m.role IS NOT NULL)",
            )
            .bind(id)
            .bind(viewer_id)
            .fetch_optional(&db.read)
            .await?
        }
        // Slugs of private spaces may repeat (they take no handle), so a
        // slug means the public space of that name, else the newest private
        // one the viewer belongs to. `slug@domain` names a followed
        // remote space.
        Err(_) => {
            sqlx::query_as(concat!(
                "SELECT s.id, s.slug, s.title, s.description, s.language, s.visibility, \
                        s.join_policy, s.default_role, s.created_at, s.domain, m.role AS my_role \
                 FROM spaces s LEFT JOIN memberships m ON m.space_id = s.id AND m.account_id = $2 \
                 WHERE s.slug = $1 AND COALESCE(s.domain, '') = $3 AND s.federation_state < 2 AND ",
                visible_to_viewer!(),
                " ORDER BY CASE WHEN s.visibility = 'public' THEN 0 ELSE 1 END, \
                   s.created_at DESC, s.id DESC LIMIT 1"
            ))
            .bind(slug.to_ascii_lowercase())
            .bind(viewer_id)
            .bind(domain.to_ascii_lowercase())
            .fetch_optional(&db.read)
            .await?
        }
    };
    let access = row
        .map(SpaceRow::into_access)
        .ok_or(AppError::NotFound("space"))?;
    if access.space.visibility == Visibility::Private && access.role.is_none() {
        return Err(AppError::NotFound("space"));
    }
    Ok(access)
}

/// [`find_visible`] by id, for content that records its space's id.
pub async fn find_visible_by_id(
    db: &Db,
    space_id: i64,
    viewer: Option<&Account>,
) -> AppResult<SpaceAccess> {
    find_visible(db, &space_id.to_string(), viewer).await
}

/// The space holding a piece of content, as the viewer may see it, given
/// the space id of the content found (`None` when there is none). When they
/// cannot see it, the content itself is "no such {what}", exactly like
/// content that does not exist, and it takes the same time: the space is
/// looked up either way (no space has id 0), so a private post costs the
/// same queries as a missing one (`benches/private_timing.rs` measures it).
pub async fn find_visible_holding(
    db: &Db,
    space_id: Option<i64>,
    viewer: Option<&Account>,
    what: &'static str,
) -> AppResult<SpaceAccess> {
    find_visible_by_id(db, space_id.unwrap_or(0), viewer)
        .await
        .map_err(|e| match e {
            AppError::NotFound(_) => AppError::NotFound(what),
            other => other,
        })
}

#[derive(sqlx::FromRow)]
struct SpaceRow {
    #[sqlx(flatten)]
    space: Space,
    my_role: Option<SpaceRole>,
}

impl SpaceRow {
    fn into_access(self) -> SpaceAccess {
        SpaceAccess {
            space: self.space,
            role: self.my_role,
            _checked: Checked,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SpaceView {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub language: String,
    pub visibility: Visibility,
    pub join_policy: JoinPolicy,
    /// The role given to members who join or are approved without one.
    pub default_role: SpaceRole,
    /// The instance a followed remote space lives on (its handle is then
    /// `slug@domain`); absent for this instance's spaces.
    pub domain: Option<String>,
    pub member_count: i64,
    pub post_count: i64,
    /// The viewer's role, if they are a member.
    pub my_role: Option<SpaceRole>,
    /// Whether emails about this space may quote its content; when false
    /// (the default), emails about a private space carry only titles.
    /// Public spaces' content is public anyway.
    pub email_full_text: bool,
    pub created_at: String,
}

impl SpaceView {
    /// How to name this space in a URL: its slug when that is unique (our
    /// public spaces), `slug@domain` for a followed one, else its id
    /// (private spaces' slugs may repeat).
    pub fn reference(&self) -> String {
        match (&self.domain, self.visibility) {
            (Some(domain), _) => format!("{}@{domain}", self.slug),
            (None, Visibility::Public) => self.slug.clone(),
            (None, Visibility::Private) => self.id.to_string(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct SpaceListRow {
    #[sqlx(flatten)]
    space: Space,
    my_role: Option<SpaceRole>,
    member_count: i64,
    post_count: i64,
    email_full_text: i64,
}

impl SpaceListRow {
    fn into_view(self) -> SpaceView {
        let s = self.space;
        SpaceView {
            id: s.id,
            slug: s.slug,
            title: s.title,
            description: s.description,
            language: s.language,
            visibility: s.visibility,
            join_policy: s.join_policy,
            default_role: s.default_role,
            domain: s.domain,
            member_count: self.member_count,
            post_count: self.post_count,
            my_role: self.my_role,
            email_full_text: self.email_full_text != 0,
            created_at: format_time(s.created_at),
        }
    }
}

/// The view of one space the viewer may see (counts included).
pub async fn view(db: &Db, access: &SpaceAccess) -> AppResult<SpaceView> {
    let (member_count, post_count, email_full_text): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM memberships WHERE space_id = $1), \
                (SELECT COUNT(*) FROM posts WHERE space_id = $1 AND deleted_at IS NULL), \
                (SELECT email_full_text FROM spaces WHERE id = $1)",
    )
    .bind(access.space.id)
    .fetch_one(&db.read)
    .await?;
    Ok(SpaceListRow {
        space: access.space.clone(),
        my_role: access.role,
        member_count,
        post_count,
        email_full_text,
    }
    .into_view())
}

/// Spaces the viewer may see, newest first, `limit` at a time before `cursor`.
pub async fn list_visible(
    db: &Db,
    viewer: Option<&Account>,
    only_mine: bool,
    cursor: Cursor,
    limit: i64,
) -> AppResult<Page<SpaceView>> {
    let rows: Vec<SpaceListRow> = sqlx::query_as(concat!(
        "SELECT s.id, s.slug, s.title, s.description, s.language, s.visibility, s.join_policy, \
                s.default_role, s.created_at, s.domain, m.role AS my_role, \
                (SELECT COUNT(*) FROM memberships c WHERE c.space_id = s.id) AS member_count, \
                (SELECT COUNT(*) FROM posts p WHERE p.space_id = s.id AND p.deleted_at IS NULL) AS post_count, \
                s.email_full_text \
         FROM spaces s LEFT JOIN memberships m ON m.space_id = s.id AND m.account_id = $1 \
         WHERE ",
        visible_to_viewer!(),
        " AND ($2 = 0 OR m.role IS NOT NULL) AND (s.domain IS NULL OR m.role IS NOT NULL) \
         AND (s.created_at, s.id) < ($3, $4) \
         ORDER BY s.created_at DESC, s.id DESC LIMIT $5 + 0"
    ))
    .bind(viewer.map(|v| v.id))
    .bind(i64::from(only_mine))
    .bind(cursor.created_at)
    .bind(cursor.id)
    .bind(limit)
    .fetch_all(&db.read)
    .await?;
    let next_cursor = (rows.len() as i64 == limit)
        .then(|| {
            rows.last()
                .map(|r| Cursor::after(r.space.created_at, r.space.id))
        })
        .flatten();
    Ok(Page {
        items: rows.into_iter().map(SpaceListRow::into_view).collect(),
        next_cursor,
    })
}

/// Serialises membership changes of one space across concurrent
/// transactions (a row lock on PostgreSQL; SQLite has one writer anyway),
/// so rules like "the last space manager cannot leave" hold under races.
pub(crate) async fn lock(tx: &mut Tx, space_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE spaces SET id = id WHERE id = $1")
        .bind(space_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
