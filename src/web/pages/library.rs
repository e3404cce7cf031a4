//! TODO(this session): library pages.

use crate::AppState;

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
}

pub fn uploads() -> axum::Router<AppState> {
    axum::Router::new()
}
