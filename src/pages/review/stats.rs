//! 统计 for reviewers (issue 17) at `/review/stats`: the public page's charts and tables over
//! the caller's scope (their province, their 全国学会's units; everything for an admin), and the
//! scope's CSV (UTF-8 with BOM, for Excel).
use crate::api::stats::{fetch_review_stats, review_stats_csv};
use crate::components::Remote;
use crate::hooks::use_download;
use crate::pages::organiser::access::RoleGate;
use crate::pages::stats::{StatsStyle, StatsView};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub(super) fn ReviewStatsPage() -> impl IntoView {
    crate::pages::organiser::use_organiser_style();
    view! {
        <Title text="统计"/>
        <StatsStyle/>
        <section class="page page--narrow org-page stats-page">
            <h1 class="page__title">"统计"</h1>
            <RoleGate role="reviewer" what="查看本范围的活动统计">
                <ReviewStats/>
            </RoleGate>
        </section>
    }
}

#[component]
fn ReviewStats() -> impl IntoView {
    let stats = LocalResource::new(fetch_review_stats);
    let csv = use_download();
    view! {
        <Remote resource=stats skeleton=|| view! { <p class="muted" aria-busy="true">"加载中…"</p> } let:s>
            {
                let taken_at = s.taken_at.clone();
                view! {
                    <div class="stats-scope">
                        <p data-testid="stats-scope">"统计范围：" {s.scope.clone()}</p>
                        <button type="button" class="button button--ghost" data-testid="stats-csv"
                            disabled=move || csv.busy.get()
                            on:click=move |_| {
                                let day = taken_at.get(..10).unwrap_or("stats");
                                csv.start(format!("stats-{day}.csv"), "text/csv;charset=utf-8", review_stats_csv());
                            }>
                            {move || if csv.busy.get() { "正在导出…" } else { "下载 CSV" }}
                        </button>
                    </div>
                    <p class="field__error" role="alert" data-testid="stats-csv-error">{move || csv.error.get()}</p>
                    <StatsView stats=s/>
                }
            }
        </Remote>
    }
}
