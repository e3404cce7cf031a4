//! The results page of the header's search box: `/search?q=…` with the
//! API's filters as a plain GET form. It calls the same domain functions
//! as `GET /api/v1/search` (`search::request` then `search::search`), so
//! what a visitor may find, count and page through is decided in the same
//! query: nothing here filters results afterwards.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::search::{self, Filters, Hit, Kind, MAX_QUERY_CHARS};
use crate::web::context::urlencode;
use crate::web::{Ctx, html};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/search", get(search_page))
}

/// The page's query string. Everything is text, read leniently: a value
/// the search does not accept is explained on the page, not a bare 400.
#[derive(Deserialize, Default)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    space: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    until: String,
    #[serde(default)]
    page: String,
}

impl SearchQuery {
    /// This search's address at another page.
    fn at_page(&self, page: i64) -> String {
        let mut parts = vec![format!("q={}", urlencode(&self.q))];
        for (name, value) in [
            ("kind", &self.kind),
            ("space", &self.space),
            ("author", &self.author),
            ("language", &self.language),
            ("since", &self.since),
            ("until", &self.until),
        ] {
            if !value.is_empty() {
                parts.push(format!("{name}={}", urlencode(value)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        format!("/search?{}", parts.join("&"))
    }

    fn filters(&self) -> Result<Filters, AppError> {
        let some = |s: &String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let kind = match self.kind.as_str() {
            "" => None,
            k => Some(
                k.parse::<Kind>()
                    .map_err(|_| AppError::invalid("kind: unknown"))?,
            ),
        };
        let page = match self.page.trim() {
            "" => None,
            p => Some(
                p.parse::<i64>()
                    .map_err(|_| AppError::invalid("page: a number"))?,
            ),
        };
        Ok(Filters {
            q: self.q.clone(),
            kind,
            space: some(&self.space),
            author: some(&self.author),
            language: some(&self.language),
            since: some(&self.since),
            until: some(&self.until),
            page,
            per_page: None,
        })
    }
}

/// What the filters' menus offer.
const KINDS: [Kind; 6] = [
    Kind::Post,
    Kind::Comment,
    Kind::Event,
    Kind::LibraryItem,
    Kind::Space,
    Kind::Person,
];

#[derive(Template)]
#[template(path = "search.html", config = "src/web/askama.toml")]
struct SearchPage {
    c: Ctx,
    form: SearchQuery,
    kinds: [Kind; 6],
    languages: [Lang; 5],
    /// What to say instead of results (a prompt, or why the search
    /// could not run).
    message: Option<String>,
    hits: Vec<Hit>,
    /// `None` until a search ran.
    total: Option<i64>,
    /// There are more matches than the newest `total`, which were ranked.
    more: bool,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    max_chars: usize,
}

impl SearchPage {
    fn kind_label(&self, kind: &Kind) -> String {
        self.c.t.label("search-kind-", kind)
    }

    /// "Page 2 of 5", in the reader's digits.
    fn page_label(&self) -> String {
        let t = &self.c.t;
        t.args(
            "search-page",
            &[
                ("page", &t.number(self.page)),
                ("pages", &t.number(self.pages)),
            ],
        )
    }

    /// The filters were opened: a search used one of them.
    fn filtered(&self) -> bool {
        let f = &self.form;
        [
            &f.kind,
            &f.space,
            &f.author,
            &f.language,
            &f.since,
            &f.until,
        ]
        .iter()
        .any(|v| !v.is_empty())
    }
}

async fn search_page(
    State(state): State<AppState>,
    c: Ctx,
    Query(form): Query<SearchQuery>,
) -> AppResult<Response> {
    let mut page = SearchPage {
        message: None,
        hits: Vec::new(),
        total: None,
        more: false,
        page: 1,
        pages: 0,
        previous: None,
        next: None,
        kinds: KINDS,
        languages: Lang::ALL,
        max_chars: MAX_QUERY_CHARS,
        form,
        c,
    };
    if page.form.q.trim().is_empty() {
        page.message = Some(page.c.t.get("search-prompt"));
        return html(page);
    }
    if page.form.q.chars().count() > MAX_QUERY_CHARS {
        let message = page
            .c
            .t
            .with("search-too-long", "max", page.c.t.number(MAX_QUERY_CHARS));
        page.message = Some(message);
        return unprocessable(page);
    }
    let viewer = page.c.me.clone();
    let request = match page.form.filters() {
        Ok(filters) => search::request(&state.db, viewer.as_ref(), filters).await,
        Err(e) => Err(e),
    };
    let results = match request {
        Ok(request) => search::search(&state.db, viewer.as_ref(), request).await,
        Err(e) => Err(e),
    };
    match results {
        Ok(results) => {
            page.page = results.page;
            page.pages = results.pages;
            page.total = Some(results.total);
            page.more = results.more;
            if results.page > 1 {
                page.previous = Some(page.form.at_page(results.page - 1));
            }
            if results.page < results.pages {
                page.next = Some(page.form.at_page(results.page + 1));
            }
            page.hits = results.items;
            html(page)
        }
        // Only punctuation: there is nothing to look for.
        Err(AppError::Invalid(reason)) if reason.starts_with("q:") => {
            page.message = Some(page.c.t.get("search-prompt"));
            unprocessable(page)
        }
        Err(AppError::Invalid(reason)) => {
            page.message = Some(page.c.t.with("search-invalid", "reason", reason));
            unprocessable(page)
        }
        Err(e) => Err(e),
    }
}

/// The page, answered 422: the search as asked cannot run.
fn unprocessable(page: SearchPage) -> AppResult<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(page)?).into_response())
}
