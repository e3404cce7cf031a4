//! The member directory (`/people`): members find each other by name,
//! organisation, country or language. For members only; profiles show up
//! as `accounts::directory` allows.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;

use crate::AppState;
use crate::accounts::directory::{self, Filter, Person};
use crate::error::AppResult;
use crate::web::{Ctx, html};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/people", get(directory_page))
}

#[derive(Template)]
#[template(path = "directory.html", config = "src/web/askama.toml")]
struct DirectoryPage {
    c: Ctx,
    filter: Filter,
    people: Vec<Person>,
    /// The next page's query string, when there may be more.
    next: Option<String>,
}

impl DirectoryPage {
    fn name<'a>(&self, p: &'a Person) -> &'a str {
        if p.display_name.is_empty() {
            &p.username
        } else {
            &p.display_name
        }
    }
}

async fn directory_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(filter): Query<Filter>,
) -> AppResult<Response> {
    let me = c.member()?;
    let people = directory::search(&state.db, me, &filter).await?;
    let next = (people.len() as i64 == directory::PAGE).then(|| {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &filter.q)
            .append_pair("country", &filter.country)
            .append_pair("language", &filter.language)
            .append_pair(
                "offset",
                &(filter.offset.max(0) + directory::PAGE).to_string(),
            )
            .finish()
    });
    html(DirectoryPage {
        c,
        filter,
        people,
        next,
    })
}
