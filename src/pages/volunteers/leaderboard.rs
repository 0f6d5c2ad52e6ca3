//! `/volunteers/leaderboard`: the top 100 by likes today or this week, nationwide or in one
//! province, with the likes I have left today. Scope, province and period are in the URL.
use super::text::tx;
use super::{ProvinceSelect, RemainingLikes, VolunteerTabs};
use crate::api::volunteers::fetch_leaderboard;
use crate::components::volunteer_card::region_line;
use crate::components::Remote;
use crate::components::SkeletonCards;
use crate::format::count;
use crate::i18n::t;
use crate::models::RegionRef;
use crate::models::{Leaderboard, LeaderboardQuery};
use crate::pages::near_me::{province_short, CityPicker};
use crate::state::{use_near_me, use_volunteers};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn VolunteerLeaderboardPage() -> impl IntoView {
    let s = t();
    let state = use_volunteers();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let map = params.read();
        LeaderboardQuery::from_params(|k| map.get(k))
    });
    let board = LocalResource::new(move || {
        let q = query.get();
        async move { fetch_leaderboard(&q).await }
    });
    let navigate = use_navigate();
    let on_province = Callback::new(move |code: Option<String>| {
        let mut q = query.get_untracked();
        q.province = code;
        navigate(&q.href(), Default::default());
    });
    // 本省 is the province of the visitor's city (附近), and says which; with no city chosen yet
    // it opens the city picker.
    let near = use_near_me();
    let open_city = RwSignal::new(false);
    let own_province = move || near.city.get().map(|c| (c.province_code, c.province_name));
    let province_scope = move || {
        match own_province() {
        Some((code, name)) => {
            let current = {
                let code = code.clone();
                move || query.read().province.as_deref() == Some(code.as_str())
            };
            let href = move || {
                let mut q = query.get();
                q.province = Some(code.clone());
                q.href()
            };
            view! {
                <a href=href class="segmented__item" data-testid="own-province"
                    aria-current=move || if current() { "true" } else { "false" }>{(tx().vol_scope_province_of)(province_short(&name))}</a>
            }
            .into_any()
        }
        None => view! {
            <button type="button" class="segmented__item" aria-haspopup="dialog" data-testid="own-province"
                on:click=move |_| open_city.set(true)>{(tx().vol_scope_province_of)(s.near_choose)}</button>
        }
        .into_any(),
    }
    };
    let choice = move |label: &'static str, change: fn(&mut LeaderboardQuery)| {
        let next = move || {
            let mut q = query.get();
            change(&mut q);
            q
        };
        view! {
            <a href=move || next().href() class="segmented__item"
                aria-current=move || if next() == query.get() { "true" } else { "false" }>{label}</a>
        }
    };

    view! {
        <Title text=tx().vol_tab_board/>
        <section class="page volunteers-page">
            <h1 class="page__title">{tx().vol_title}</h1>
            <VolunteerTabs board=true/>
            <div class="vol-filters">
                <div class="segmented" role="group" aria-label=tx().vol_scope_label>
                    {choice(tx().vol_all_provinces, |q| q.province = None)}
                    {province_scope}
                </div>
                <CityPicker open=open_city on_pick=Some(Callback::new(move |city: RegionRef| on_province.run(Some(city.province_code))))/>
                <div class="segmented" role="group" aria-label=tx().vol_period_label>
                    {choice(tx().vol_period_today, |q| q.today = true)}
                    {choice(tx().vol_period_week, |q| q.today = false)}
                </div>
                <Show when=move || query.read().province.is_some()>
                    <ProvinceSelect value=Signal::derive(move || query.read().province.clone()) all=false on_pick=on_province/>
                </Show>
            </div>
            <RemainingLikes/>
            // The last board stays up while the next one loads (the resource keeps its value).
            <Remote resource=board skeleton=|| view! { <SkeletonCards count=3/> } let:b>
                {
                    if b.my_remaining_likes.is_some() {
                        state.remaining.set(b.my_remaining_likes);
                    }
                    view! { <BoardList board=b/> }
                }
            </Remote>
        </section>
    }
}

#[component]
fn BoardList(board: Leaderboard) -> impl IntoView {
    if board.items.is_empty() {
        return view! { <p class="state" data-testid="no-results">{tx().vol_board_empty}</p> }
            .into_any();
    }
    view! {
        <ol class="board" data-testid="leaderboard">
            {board.items.into_iter().map(|e| {
                let v = e.volunteer;
                view! {
                    <li class="board__row">
                        <span class="board__rank" class:board__rank--top=e.rank <= 3>
                            <span class="visually-hidden">{(tx().vol_board_rank)(e.rank)}</span>
                            <span aria-hidden="true">{e.rank}</span>
                        </span>
                        <img class="board__photo" src=v.photo_url alt="" width="160" height="160" loading="lazy" decoding="async"/>
                        <a class="board__main" href=format!("/volunteers/{}", v.id)>
                            <span class="board__name">{v.name}</span>
                            <span class="board__meta">{v.region.as_ref().map(region_line)}" · "{v.organization}</span>
                        </a>
                        <span class="board__likes">{(tx().vol_board_likes)(&count(e.likes))}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }.into_any()
}
