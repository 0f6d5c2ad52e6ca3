//! Reusable views. They take props and signals and never call the API themselves.
pub mod activity_card;
pub mod app_header;
pub mod coming_soon;
pub mod edition_status;
pub mod error_view;
pub mod icon;
pub mod live_card;
pub mod search_box;
pub mod section_card;
pub mod sheet;
pub mod skeleton;
pub mod tab_bar;
pub mod theme_chips;

pub use activity_card::ActivityCard;
pub use app_header::AppHeader;
pub use coming_soon::ComingSoon;
pub use edition_status::EditionStatus;
pub use error_view::{error_message, ErrorView, RemoteErrorFallback};
pub use icon::{Icon, IconName};
pub use live_card::{use_live_status, LiveBadge, LiveCard, ReminderButton};
pub use search_box::SearchBox;
pub use section_card::SectionCard;
pub use sheet::Sheet;
pub use skeleton::SkeletonCards;
pub use tab_bar::TabBar;
pub use theme_chips::ThemeChips;
