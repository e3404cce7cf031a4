//! What the home page says to visitors (issue 17 point 9): admins write it
//! in each interface language at `/admin/front-page`; `home` shows it.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::admin::{Nav, admin};
use crate::AppState;
use crate::accounts::site;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::web::{Ctx, Submitted, html};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/admin/front-page", get(edit_page).post(save))
}

/// One language's text, as written.
pub struct Text {
    pub lang: Lang,
    pub source: String,
}

#[derive(Template)]
#[template(path = "admin_front.html", config = "src/web/askama.toml")]
struct FrontPageForm {
    c: Ctx,
    n: Nav,
    texts: Vec<Text>,
    saved: bool,
}

async fn texts(state: &AppState) -> AppResult<Vec<Text>> {
    let mut texts = Vec::new();
    for lang in Lang::ALL {
        let source = site::front_page_source(&state.db, lang.code()).await?;
        texts.push(Text { lang, source });
    }
    Ok(texts)
}

async fn edit_page(State(state): State<AppState>, c: Ctx) -> AppResult<Response> {
    let n = Nav::new(admin(&c)?, "front");
    html(FrontPageForm {
        texts: texts(&state).await?,
        c,
        n,
        saved: false,
    })
}

#[derive(Deserialize)]
struct Form {
    #[serde(default)]
    en: String,
    #[serde(default)]
    fr: String,
    #[serde(default)]
    ar: String,
    #[serde(default)]
    de: String,
    #[serde(default)]
    pt: String,
}

async fn save(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<Form>,
) -> AppResult<Response> {
    let n = Nav::new(admin(&c)?, "front");
    for (lang, source) in [
        ("en", &form.en),
        ("fr", &form.fr),
        ("ar", &form.ar),
        ("de", &form.de),
        ("pt", &form.pt),
    ] {
        site::set_front_page(&state.db, lang, source).await?;
    }
    html(FrontPageForm {
        texts: texts(&state).await?,
        c,
        n,
        saved: true,
    })
}
