//! Notification preferences: per member, per category, for every space
//! (space 0) or for one space; no row means the category's default.
//!
//! The same resolution — the space's row, else the member's row for every
//! space, else the default — is written once as SQL ([`effective_sql`]) so
//! that a fan-out to a whole space decides every member's delivery in the
//! one `INSERT … SELECT`.

use serde::Serialize;

use super::kinds::{Category, Delivery};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// SQL for the effective delivery of category `$cat` (a bound parameter
/// holding the code) for the account `$acc` (a column) in space `$space`
/// (a column or parameter), given the default `$default` (a parameter).
/// For `concat!` into queries.
macro_rules! effective_sql {
    ($acc:literal, $space:literal, $cat:literal, $default:literal) => {
        concat!(
            "COALESCE((SELECT delivery FROM notification_preferences WHERE account_id = ",
            $acc,
            " AND space_id = ",
            $space,
            " AND category = ",
            $cat,
            "), (SELECT delivery FROM notification_preferences WHERE account_id = ",
            $acc,
            " AND space_id = 0 AND category = ",
            $cat,
            "), ",
            $default,
            ")"
        )
    };
}
pub(crate) use effective_sql;

/// How `category` reaches `account_id` for something in `space_id`.
pub async fn effective(
    conn: impl sqlx::Executor<'_, Database = sqlx::Any>,
    account_id: i64,
    space_id: Option<i64>,
    category: Category,
) -> AppResult<Delivery> {
    let (delivery,): (String,) =
        sqlx::query_as(concat!("SELECT ", effective_sql!("$1", "$2", "$3", "$4")))
            .bind(account_id)
            .bind(space_id.unwrap_or(0))
            .bind(category.as_str())
            .bind(category.default_delivery().as_str())
            .fetch_one(conn)
            .await?;
    delivery
        .parse()
        .map_err(|e: String| AppError::Internal(anyhow::anyhow!("stored delivery: {e}")))
}

/// One stored choice.
#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow, Clone, Debug)]
pub struct Preference {
    /// The space it applies to; absent: every space (the member's default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub space_id: Option<i64>,
    pub category: Category,
    pub delivery: Delivery,
}

/// The member's choices (without the defaults they did not change).
pub async fn list(db: &Db, account_id: i64) -> AppResult<Vec<Preference>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT space_id, category, delivery FROM notification_preferences \
         WHERE account_id = $1 ORDER BY space_id, category",
    )
    .bind(account_id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(space, category, delivery)| {
            Some(Preference {
                space_id: (space != 0).then_some(space),
                category: category.parse().ok()?,
                delivery: delivery.parse().ok()?,
            })
        })
        .collect())
}

/// Sets (or, with `None`, forgets) a choice. The caller has checked that
/// the member may see `space_id`.
pub async fn set(
    db: &Db,
    account_id: i64,
    space_id: Option<i64>,
    category: Category,
    delivery: Option<Delivery>,
) -> AppResult<()> {
    let space = space_id.unwrap_or(0);
    match delivery {
        Some(delivery) => {
            sqlx::query(
                "INSERT INTO notification_preferences (account_id, space_id, category, delivery) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, space_id, category) \
                 DO UPDATE SET delivery = $4",
            )
            .bind(account_id)
            .bind(space)
            .bind(category.as_str())
            .bind(delivery.as_str())
            .execute(db.writer())
            .await?;
        }
        None => {
            sqlx::query(
                "DELETE FROM notification_preferences \
                 WHERE account_id = $1 AND space_id = $2 AND category = $3",
            )
            .bind(account_id)
            .bind(space)
            .bind(category.as_str())
            .execute(db.writer())
            .await?;
        }
    }
    Ok(())
}

/// Stops a category's emails, keeping it on the notifications page (what
/// an unsubscribe link does).
pub async fn email_off(
    db: &Db,
    account_id: i64,
    space_id: Option<i64>,
    category: Category,
) -> AppResult<()> {
    set(db, account_id, space_id, category, Some(Delivery::App)).await
}
