//! App-wide state, provided once in `App` as typed contexts with `provide_x()` / `use_x()`.
pub mod clock;

pub use clock::{provide_clock, use_clock, ServerClock};
