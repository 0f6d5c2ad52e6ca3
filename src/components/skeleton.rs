use leptos::prelude::*;

/// Grey placeholder cards shown while a list loads.
#[component]
pub fn SkeletonCards(#[prop(default = 3)] count: usize) -> impl IntoView {
    let s = crate::i18n::t();
    view! {
        <div class="skeleton-list" aria-busy="true" data-testid="loading">
            <span class="visually-hidden">{s.loading}</span>
            {(0..count)
                .map(|_| {
                    view! {
                        <div class="skeleton-card" aria-hidden="true">
                            <div class="skeleton skeleton--media"></div>
                            <div class="skeleton skeleton--line"></div>
                            <div class="skeleton skeleton--line skeleton--short"></div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
