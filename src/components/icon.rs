use leptos::prelude::*;

/// The app's own line icons (24×24, drawn with `currentColor`). Decorative: hidden from
/// assistive technology, so whatever holds one needs its own text label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Home,
    Calendar,
    Live,
    Video,
    Heart,
    Chat,
    User,
    Door,
    Pin,
    Clock,
    Building,
    Tag,
    Arrow,
    Globe,
    Bookmark,
}

impl IconName {
    fn path(self) -> &'static str {
        match self {
            IconName::Home => "M3 11.5 12 4l9 7.5M5.5 9.5V20h13V9.5M10 20v-5.5h4V20",
            IconName::Calendar => "M4 6.5h16V20H4zM4 10.5h16M8.5 3.5v5M15.5 3.5v5M8 14h3M8 17h6",
            IconName::Live => "M3.5 6h17v12h-17zM10 9.5v5l4.5-2.5zM7 3.5l2.5 2.5M17 3.5 14.5 6",
            IconName::Video => "M3.5 6.5h12v11h-12zM15.5 10.5l5-3v9l-5-3",
            IconName::Heart => "M12 20s-7.5-4.6-7.5-10A4.3 4.3 0 0 1 12 7.3 4.3 4.3 0 0 1 19.5 10C19.5 15.4 12 20 12 20z",
            IconName::Chat => "M4 5h16v11H9l-5 4zM8 9.5h8M8 12.5h5",
            IconName::User => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4.5 20.5c.8-3.7 3.7-5.5 7.5-5.5s6.7 1.8 7.5 5.5",
            IconName::Door => "M5 20.5h14M7 20.5V4h10v16.5M13.5 12.5h.01",
            IconName::Pin => "M12 21s-6.5-6.2-6.5-11a6.5 6.5 0 0 1 13 0c0 4.8-6.5 11-6.5 11zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
            IconName::Clock => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3.5 2",
            IconName::Building => "M4 20.5h16M6 20.5V8l6-4 6 4v12.5M10 20.5v-4h4v4M9.5 11h.01M14.5 11h.01",
            IconName::Tag => "M3.5 12.5 12 4h8v8l-8.5 8.5zM16 8h.01",
            IconName::Arrow => "M9 5l7 7-7 7",
            IconName::Bookmark => "M6.5 3.5h11v17L12 16.5l-5.5 4z",
            IconName::Globe => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.6 3.7 5.6 3.7 9s-1.2 6.4-3.7 9c-2.5-2.6-3.7-5.6-3.7-9S9.5 5.6 12 3z",
        }
    }
}

/// Static markup, so Leptos parses each distinct icon once into a `<template>` and every use is
/// one `cloneNode` (a list of cards shows dozens; built attribute by attribute, each cost a
/// dozen calls into the DOM).
#[component]
pub fn Icon(name: IconName, #[prop(optional)] class: &'static str) -> impl IntoView {
    leptos::tachys::html::InertElement::new(format!(
        r#"<svg class="icon {class}" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="{}"></path></svg>"#,
        name.path()
    ))
}
