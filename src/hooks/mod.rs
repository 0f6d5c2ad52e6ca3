//! Our own `use_*` hooks, in leptos-use style (one per file, `use_x` returning `UseXReturn`).
pub mod use_intersection;
pub mod use_paged;

pub use use_intersection::{use_intersection, use_visibility};
pub use use_paged::{use_paged, PagedState, PagedStatus};
