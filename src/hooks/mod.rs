//! Our own `use_*` hooks, in leptos-use style (one per file, `use_x` returning `UseXReturn`).
pub mod use_download;
pub mod use_ime_text;
pub mod use_intersection;
pub mod use_item;
pub mod use_like;
pub mod use_paged;
pub mod use_refresh_while_visible;
pub mod use_scroll_restore;
pub mod use_share;
pub mod use_upload;

pub use use_download::{use_download, UseDownloadReturn};
pub use use_ime_text::{use_ime_text, UseImeTextReturn};
pub use use_intersection::{use_intersection, use_visibility};
pub use use_item::use_item;
pub use use_like::{use_like, UseLikeReturn};
pub use use_paged::{use_paged, PagedState, PagedStatus, UsePagedReturn};
pub use use_refresh_while_visible::{page_visible, use_refresh_while_visible};
pub use use_scroll_restore::use_scroll_restore;
pub use use_share::use_share;
pub use use_upload::{use_upload, UploadStatus, UploadStop, UseUploadOptions, UseUploadReturn};
