//! 统计 for reviewers (issue 17) at `/review/stats`: the public page's charts and tables over
//! the caller's scope (their province, their 全国学会's units; everything for an admin), and the
//! scope's CSV (UTF-8 with BOM, for Excel).
use crate::api::stats::{fetch_review_stats, review_stats_csv};
use crate::components::{error_message, Remote};
use crate::pages::organiser::access::RoleGate;
use crate::pages::stats::{StatsStyle, StatsView};
use crate::state::use_toasts;
use leptos::prelude::*;
use leptos::task::spawn_local;
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
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let download = move |taken_at: String| {
        busy.set(true);
        spawn_local(async move {
            match review_stats_csv().await {
                Ok(csv) => {
                    let day = taken_at.get(..10).unwrap_or("stats").to_string();
                    if crate::calendar::download(
                        &format!("stats-{day}.csv"),
                        "text/csv;charset=utf-8",
                        &csv,
                    )
                    .is_err()
                    {
                        toasts.show("浏览器未能保存文件，请重试");
                    }
                }
                Err(e) => toasts.show(error_message(&e)),
            }
            busy.set(false);
        });
    };
    view! {
        <Remote resource=stats skeleton=|| view! { <p class="muted" aria-busy="true">"加载中…"</p> } let:s>
            {
                let taken_at = s.taken_at.clone();
                view! {
                    <div class="stats-scope">
                        <p data-testid="stats-scope">"统计范围：" {s.scope.clone()}</p>
                        <button type="button" class="button button--ghost" data-testid="stats-csv"
                            disabled=move || busy.get()
                            on:click=move |_| download(taken_at.clone())>
                            {move || if busy.get() { "正在导出…" } else { "下载 CSV" }}
                        </button>
                    </div>
                    <StatsView stats=s/>
                }
            }
        </Remote>
    }
}
