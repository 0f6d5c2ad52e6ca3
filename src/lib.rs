//! 云上科普日 — the single-page app. `main.rs` mounts [`App`]; tests import the library.
pub mod api;
pub mod app;
pub mod boot;
pub mod calendar;
pub mod components;
pub mod format;
pub mod hooks;
pub mod i18n;
pub mod models;
pub mod pages;
pub mod panic_banner;
pub mod sections;
pub mod share;
pub mod state;

pub use app::App;
