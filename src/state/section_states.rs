//! State that a section keeps for the whole visit (its list and scroll position, what its like
//! buttons show, …), created by the section itself on first use.
//!
//! The app provides only an empty store; `use_section_state` creates a section's state the first
//! time one of its pages asks, under the app's owner (so it outlives the page, like a context
//! provided in `App`), and hands out the same value afterwards. The code that builds the state is
//! instantiated where `use_section_state` is called, so it travels in that section's lazily loaded
//! chunk instead of in the first load.
use leptos::prelude::*;
use std::any::{Any, TypeId};
use std::collections::HashMap;

#[derive(Clone)]
struct SectionStates {
    owner: Owner,
    states: StoredValue<HashMap<TypeId, Box<dyn Any + Send + Sync>>>,
}

/// Called once in `App`.
pub fn provide_section_states() {
    provide_context(SectionStates {
        owner: Owner::current().expect("provide_section_states runs inside the app"),
        states: StoredValue::new(HashMap::new()),
    });
}

/// The section state of type `T`, made by `init` (under the app's owner, with the app's contexts)
/// the first time it is asked for.
pub fn use_section_state<T>(init: impl FnOnce() -> T) -> T
where
    T: Clone + Send + Sync + 'static,
{
    let store = expect_context::<SectionStates>();
    let key = TypeId::of::<T>();
    if let Some(state) = store
        .states
        .with_value(|m| m.get(&key).and_then(|s| s.downcast_ref::<T>()).cloned())
    {
        return state;
    }
    let state = store.owner.with(init);
    store
        .states
        .update_value(|m| _ = m.insert(key, Box::new(state.clone())));
    state
}
