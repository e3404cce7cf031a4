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
use crate::web::field_errors::{FieldErrors, Refusable, refused};
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
    /// The texts refused, each by its language's field.
    errors: FieldErrors,
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
        errors: FieldErrors::new("front"),
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

/// A text refused is shown by its language's field.
const FRONT_REFUSABLE: [Refusable; 5] = [
    ("en", "en", "form-error-too-long"),
    ("fr", "fr", "form-error-too-long"),
    ("ar", "ar", "form-error-too-long"),
    ("de", "de", "form-error-too-long"),
    ("pt", "pt", "form-error-too-long"),
];

/// Saves the five texts at once; one too long brings them all back as
/// typed, nothing saved.
async fn save(
    State(state): State<AppState>,
    c: Ctx,
    Submitted(form): Submitted<Form>,
) -> AppResult<Response> {
    let n = Nav::new(admin(&c)?, "front");
    let typed = [
        (Lang::En, form.en),
        (Lang::Fr, form.fr),
        (Lang::Ar, form.ar),
        (Lang::De, form.de),
        (Lang::Pt, form.pt),
    ];
    let sent: Vec<(&str, &str)> = typed.iter().map(|(l, t)| (l.code(), t.as_str())).collect();
    if let Err(e) = site::set_front_pages(&state.db, &sent).await {
        let errors = FieldErrors::from_refusal("front", &e, &FRONT_REFUSABLE).ok_or(e)?;
        let texts = typed
            .into_iter()
            .map(|(lang, source)| Text { lang, source })
            .collect();
        return refused(FrontPageForm {
            c,
            n,
            texts,
            saved: false,
            errors,
        });
    }
    html(FrontPageForm {
        texts: texts(&state).await?,
        c,
        n,
        saved: true,
        errors: FieldErrors::new("front"),
    })
}
