//! 推荐 (issue 17) for reviewers: `/review?view=recommend` — the units and the activities of the
//! reviewer's scope with the notice's indicators side by side (columns sortable, the table
//! scrolling inside its own box on a phone), a 推荐 toggle on each row that asks for the reason,
//! the quota used / total, and the server's refusals (quota, period over) next to the row.
//! `/review?view=recommendations` — the admin's list of every recommendation with the CSV export.
//! Both are `ReviewPage` at `/review` with a `view` parameter: no route entry of their own.
use crate::api::recommend::{
    activity_indicators, all_recommendations, my_recommendations, recommend, recommendations_csv,
    unit_indicators, withdraw,
};
use crate::api::ApiError;
use crate::components::{error_message, PagedList, Remote};
use crate::format::{china_datetime, fixed};
use crate::hooks::{use_download, use_paged, PagedState};
use crate::models::IndicatorPage;
use crate::models::{ActivityIndicators, RecommendationState, UnitIndicators};
use crate::pages::organiser::access::{staff_data, RoleGate};
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};
use leptos_router::components::A;

/// The page `view` (the `/review?view=` parameter) names, or `None` for the queue.
pub fn recommend_page(view: &str) -> Option<AnyView> {
    match view {
        "recommend" => Some(view! { <RecommendPage/> }.into_any()),
        "recommendations" => Some(view! { <RecommendationsAdminPage/> }.into_any()),
        _ => None,
    }
}

#[component]
fn RecommendPage() -> impl IntoView {
    crate::pages::organiser::use_organiser_style();
    view! {
        <Title text="推荐优秀"/>
        <Stylesheet id="recommend-css" href="/recommend.css"/>
        <section class="page org-page rec-page">
            <A href="/review" attr:class="link-button">"‹ 审核"</A>
            <h1 class="page__title">"推荐优秀"</h1>
            <RoleGate role="reviewer" what="推荐优秀组织单位和优秀活动">
                <Recommend/>
            </RoleGate>
        </section>
    }
}

/// The body's quotas and deadline, shared by both tables (refetched after every change).
#[derive(Clone, Copy)]
struct Quotas {
    state: LocalResource<Result<RecommendationState, ApiError>>,
}

impl Quotas {
    /// The quota of `kind` (`units` or `activities`): used and limit.
    fn of(&self, kind: &str) -> Option<(u32, u32)> {
        self.state.get().and_then(Result::ok).map(|s| {
            let q = if kind == "units" {
                s.units
            } else {
                s.activities
            };
            (q.used, q.limit)
        })
    }
}

#[component]
fn Recommend() -> impl IntoView {
    let state = LocalResource::new(my_recommendations);
    let quotas = Quotas { state };
    view! {
        <Remote resource=state skeleton=|| view! { <p class="muted" aria-busy="true">"加载中…"</p> } let:s>
            {if s.open {
                view! {
                    <p class="notice" data-testid="rec-window">
                        "请在 "{deadline(&s.closes_at)}" 前完成推荐。每类推荐名额为范围内数量的 10%，至少 1 个。"
                    </p>
                }.into_any()
            } else {
                view! {
                    <p class="notice notice--warning" role="status" data-testid="rec-window">
                        "推荐已于 "{deadline(&s.closes_at)}" 截止。"
                    </p>
                }.into_any()
            }}
        </Remote>
        <UnitTable quotas/>
        <ActivityTable quotas/>
    }
}

/// An exclusive end at China midnight as the notice says it (`10月29日 24:00`), else as is.
fn deadline(closes_at: &str) -> String {
    use chrono::Timelike;
    match crate::models::wire_time::parse_rfc3339(closes_at).map(|t| crate::format::to_cst(&t)) {
        Some(t) if t.hour() == 0 && t.minute() == 0 => {
            let day = t.date_naive() - chrono::Duration::days(1);
            format!("{} 24:00", crate::format::month_day(day))
        }
        _ => china_datetime(closes_at),
    }
}

/// `(sort key, ascending)` of a table.
type Sort = (&'static str, bool);

/// A sortable column header: `aria-sort` on the sorted one, a button that sorts by it
/// (descending first, again for ascending).
fn sort_header(label: &'static str, key: &'static str, sort: RwSignal<Sort>) -> impl IntoView {
    let current = move || sort.get().0 == key;
    view! {
        <th scope="col" class="rec-table__num"
            aria-sort=move || match (current(), sort.get().1) {
                (false, _) => "none",
                (true, true) => "ascending",
                (true, false) => "descending",
            }>
            <button type="button" class="rec-sort"
                on:click=move |_| sort.update(|s| *s = if s.0 == key { (key, !s.1) } else { (key, false) })>
                {label}
                <span class="rec-sort__arrow" aria-hidden="true">
                    {move || match (current(), sort.get().1) { (false, _) => "↕", (true, true) => "↑", (true, false) => "↓" }}
                </span>
            </button>
        </th>
    }
}

fn taken_note(taken_at: Option<String>) -> impl IntoView {
    taken_at.map(|t| {
        view! { <p class="rec-taken muted">"数据统计于 "{china_datetime(&t)}"（每分钟更新）"</p> }
    })
}

/// The id of `kind`'s quota line, which each of its 推荐 buttons is described by.
fn quota_id(kind: &str) -> String {
    format!("rec-quota-{kind}")
}

fn quota_line(quotas: Quotas, kind: &'static str) -> impl IntoView {
    let id = quota_id(kind);
    view! {
        <p class="rec-quota" id=id.clone() data-testid=id>
            {move || quotas.of(kind).map(|(used, limit)| format!("已推荐 {used} / {limit}"))}
        </p>
    }
}

fn rating_text(rating: Option<f64>, ratings: u32) -> String {
    match rating {
        Some(r) => format!("{}（{ratings}）", fixed(r, 1)),
        None => "—".into(),
    }
}

fn opt_count(n: Option<u64>) -> String {
    n.map_or_else(|| "—".into(), |n| n.to_string())
}

/// What the 优秀组织单位 and 优秀活动 tables differ in; the rest (sorting, paging, the quota,
/// the 推荐 rows) is [`IndicatorTable`].
struct TableSpec {
    /// `units` or `activities`: the API's and the page's name for the table.
    kind: &'static str,
    title: &'static str,
    empty: &'static str,
    sort: &'static str,
    /// The row header's column, the sortable columns (label, sort key) and the plain ones.
    name_column: &'static str,
    sortable: &'static [(&'static str, &'static str)],
    plain: &'static [&'static str],
}

/// One row: what the 推荐 toggle needs and the row's cells before it.
struct RowParts {
    id: String,
    name: String,
    recommended: bool,
    cells: AnyView,
}

const UNITS: TableSpec = TableSpec {
    kind: "units",
    title: "优秀组织单位",
    empty: "范围内没有已通过审核的单位",
    sort: "activities",
    name_column: "单位",
    sortable: &[
        ("活动", "activities"),
        ("线下参与", "participants"),
        ("线上观看", "online_views"),
        ("直播", "livestreams"),
        ("网络活动", "online_activities"),
        ("联合行动", "themes"),
        ("科技志愿者", "volunteers"),
        ("点亮好奇心", "challenge_entries"),
        ("评分", "rating"),
    ],
    plain: &["工作总结"],
};

const ACTIVITIES: TableSpec = TableSpec {
    kind: "activities",
    title: "优秀活动",
    empty: "范围内没有已发布的活动",
    sort: "participants",
    name_column: "活动",
    sortable: &[
        ("线下参与", "participants"),
        ("线上观看", "online_views"),
        ("评分", "rating"),
        ("评价数", "ratings"),
        ("照片", "photos"),
        ("新闻链接", "links"),
    ],
    plain: &[],
};

#[component]
fn UnitTable(quotas: Quotas) -> impl IntoView {
    let row = |u: UnitIndicators| {
        let f = &u.figures;
        let themes = f.theme_names();
        let summary = match u.summary_status.as_str() {
            "submitted" => "已提交",
            "draft" => "草稿",
            _ => "未填写",
        };
        let (href, name) = (format!("/review/units/{}", u.unit.id), u.unit.name.clone());
        let cells = view! {
            <th scope="row" class="rec-table__name">
                <A href=href>{name}</A>
            </th>
            <td class="rec-table__num">{f.activities.published}</td>
            <td class="rec-table__num">{f.participants_offline}</td>
            <td class="rec-table__num">{f.views_online}</td>
            <td class="rec-table__num">{f.livestreams}</td>
            <td class="rec-table__num">{f.online_activities}</td>
            <td class="rec-table__num" title=themes>{f.themes.len()}</td>
            <td class="rec-table__num">{f.volunteers}</td>
            <td class="rec-table__num">{f.challenge_entries}</td>
            <td class="rec-table__num">{rating_text(u.rating, u.ratings)}</td>
            <td>{summary}</td>
        }
        .into_any();
        RowParts {
            id: u.unit.id,
            name: u.unit.name,
            recommended: u.recommended,
            cells,
        }
    };
    view! {
        <IndicatorTable spec=UNITS quotas fetch=unit_indicators key=|u: &UnitIndicators| u.unit.id.clone() row/>
    }
}

#[component]
fn ActivityTable(quotas: Quotas) -> impl IntoView {
    let row = |a: ActivityIndicators| {
        let (href, name) = (
            format!("/review/activities/{}", a.activity.id),
            a.activity.name.clone(),
        );
        let unit = a.unit.name.clone();
        let cells = view! {
            <th scope="row" class="rec-table__name">
                <A href=href>{name}</A>
                <span class="rec-table__sub">{unit}</span>
            </th>
            <td class="rec-table__num">{opt_count(a.participants_offline)}</td>
            <td class="rec-table__num">{opt_count(a.views_online)}</td>
            <td class="rec-table__num">{rating_text(a.rating, a.ratings)}</td>
            <td class="rec-table__num">{a.ratings}</td>
            <td class="rec-table__num">{a.photos}</td>
            <td class="rec-table__num">{a.links}</td>
        }
        .into_any();
        RowParts {
            id: a.activity.id,
            name: a.activity.name,
            recommended: a.recommended,
            cells,
        }
    };
    view! {
        <IndicatorTable spec=ACTIVITIES quotas fetch=activity_indicators key=|a: &ActivityIndicators| a.activity.id.clone() row/>
    }
}

/// A scope's indicator table (issue 17's 推荐 page): sortable columns, pages of rows by the
/// server's cursor, the quota line and a 推荐 toggle per row.
#[component]
fn IndicatorTable<T, Fut>(
    spec: TableSpec,
    quotas: Quotas,
    fetch: fn(&'static str, bool, Option<String>) -> Fut,
    key: fn(&T) -> String,
    row: fn(T) -> RowParts,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<IndicatorPage<T>, ApiError>> + 'static,
{
    let TableSpec {
        kind,
        title,
        empty,
        sort: first_sort,
        name_column,
        sortable,
        plain,
    } = spec;
    let sort = RwSignal::new((first_sort, false));
    let list = PagedState::<T, Option<String>>::new();
    let paged = use_paged(
        list,
        Memo::new(move |_| sort.get()),
        // A key names a query within this table's own list state.
        |(k, asc): &Sort| format!("{k}-{asc}"),
        move |(k, asc): Sort, cursor| async move {
            let p = fetch(k, asc, cursor).await?;
            Ok((p.items, p.next_cursor, Some(p.taken_at)))
        },
    );
    let title_id = format!("rec-{kind}-title");
    let region_label = title_id.clone();
    let columns = (2 + sortable.len() + plain.len()) as u8;
    view! {
        <section class="org-section" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone() class="section-title">{title}</h2>
            {quota_line(quotas, kind)}
            {move || taken_note(list.meta.get().flatten())}
            <PagedList list paged skeletons=2 infinite=false
                empty=move || view! { <div class="state"><p class="state__title">{empty}</p></div> }>
                <div class="rec-scroll" role="region" aria-labelledby=region_label.clone() tabindex="0">
                    <table class="rec-table" data-testid=format!("rec-{kind}")>
                        <thead><tr>
                            <th scope="col" class="rec-table__name">{name_column}</th>
                            {sortable.iter().map(|(label, key)| sort_header(label, key, sort)).collect_view()}
                            {plain.iter().map(|label| view! { <th scope="col">{*label}</th> }).collect_view()}
                            <th scope="col">"推荐"</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || list.items.get() key=key let:item>
                                {
                                    let RowParts { id, name, recommended, cells } = row(item);
                                    view! { <RecRow kind id name recommended columns quotas cells/> }
                                }
                            </For>
                        </tbody>
                    </table>
                </div>
            </PagedList>
        </section>
    }
}

/// A table row with its 推荐 toggle in the last cell; under it, when needed, a row spanning the
/// table with the reason form and the server's refusal.
#[component]
fn RecRow(
    kind: &'static str,
    id: String,
    name: String,
    recommended: bool,
    columns: u8,
    quotas: Quotas,
    cells: AnyView,
) -> impl IntoView {
    let marked = RwSignal::new(recommended);
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let reason_id = format!("rec-reason-{kind}-{id}");
    let error_id = format!("rec-error-{kind}-{id}");
    let quota_id = quota_id(kind);
    let target = StoredValue::new(id.clone());
    let put = Action::new_local(move |text: &String| {
        let (text, id) = (text.clone(), target.get_value());
        async move { recommend(kind, &id, &text).await.map(|_| true) }
    });
    let remove = Action::new_local(move |(): &()| {
        let id = target.get_value();
        async move { withdraw(kind, &id).await.map(|()| false) }
    });
    let settle = move |result: Option<Result<bool, ApiError>>| match result {
        Some(Ok(now)) => {
            marked.set(now);
            asking.set(false);
            error.set(None);
            quotas.state.refetch();
        }
        Some(Err(e)) => error.set(Some(
            e.field_message("reason")
                .map(str::to_string)
                .unwrap_or_else(|| error_message(&e)),
        )),
        None => {}
    };
    Effect::new(move |_| settle(put.value().get()));
    Effect::new(move |_| settle(remove.value().get()));
    let busy = move || put.pending().get() || remove.pending().get();
    let described = format!("{quota_id} {error_id}");
    let toggle_name = format!("「{name}」");
    let reason_label = format!("推荐「{name}」的理由");
    let (reason_for, error_for) = (
        StoredValue::new(reason_id.clone()),
        StoredValue::new(error_id.clone()),
    );
    let reason_label = StoredValue::new(reason_label);
    view! {
        <tr class="rec-table__row" class:rec-table__row--marked=move || marked.get() data-testid="rec-row" data-id=id.clone()>
            {cells}
            <td class="rec-table__toggle">
                <button type="button" class="rec-toggle"
                    aria-label=move || format!("{}{toggle_name}", if marked.get() { "已推荐" } else { "推荐" })
                    aria-pressed=move || if marked.get() { "true" } else { "false" }
                    aria-describedby=described data-testid="rec-toggle"
                    prop:disabled=busy
                    on:click=move |_| {
                        error.set(None);
                        if marked.get_untracked() {
                            remove.dispatch(());
                        } else {
                            asking.update(|a| *a = !*a);
                        }
                    }>
                    <span aria-hidden="true">{move || if marked.get() { "✓ " } else { "" }}</span>
                    {move || if marked.get() { "已推荐" } else { "推荐" }}
                </button>
                <span class="rec-toggle__quota" aria-hidden="true">
                    {move || quotas.of(kind).map(|(used, limit)| format!("名额 {used}/{limit}"))}
                </span>
            </td>
        </tr>
        <Show when=move || asking.get() || error.read().is_some()>
            <tr class="rec-table__extra">
                <td colspan=columns>
                    <Show when=move || asking.get()>
                        <form class="rec-reason" on:submit=move |ev| {
                            ev.prevent_default();
                            put.dispatch(reason.get_untracked());
                        }>
                            <label class="field__label" for=reason_for.get_value()>{reason_label.get_value()}</label>
                            <textarea id=reason_for.get_value() class="field__textarea rec-reason__text" maxlength="200" required
                                data-testid="rec-reason"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            <div class="rec-reason__actions">
                                <button type="submit" class="button button--primary" data-testid="rec-confirm"
                                    prop:disabled=busy>"确认推荐"</button>
                                <button type="button" class="button button--ghost"
                                    on:click=move |_| { asking.set(false); error.set(None); }>"取消"</button>
                            </div>
                        </form>
                    </Show>
                    <p class="rec-error" id=error_for.get_value() role="alert" data-testid="rec-error">
                        {move || error.get()}
                    </p>
                </td>
            </tr>
        </Show>
    }
}

#[component]
fn RecommendationsAdminPage() -> impl IntoView {
    crate::pages::organiser::use_organiser_style();
    view! {
        <Title text="全部推荐"/>
        <Stylesheet id="recommend-css" href="/recommend.css"/>
        <section class="page page--narrow org-page rec-page">
            <A href="/review" attr:class="link-button">"‹ 审核"</A>
            <h1 class="page__title">"全部推荐"</h1>
            <RoleGate role="reviewer" what="查看全部推荐">
                <AllRecommendations/>
            </RoleGate>
        </section>
    }
}

#[component]
fn AllRecommendations() -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let k = kind.get();
        async move { all_recommendations(&k).await }
    });
    let export = use_download();
    view! {
        <div class="rec-admin-bar">
            <div class="field">
                <label class="field__label" for="rec-kind">"类别"</label>
                <select id="rec-kind" class="field__input field__select"
                    on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">"全部"</option>
                    <option value="units">"优秀组织单位"</option>
                    <option value="activities">"优秀活动"</option>
                </select>
            </div>
            <button type="button" class="button button--primary" data-testid="rec-export"
                prop:disabled=move || export.busy.get()
                on:click=move |_| {
                    let k = kind.get_untracked();
                    export.start("recommendations-2021.csv", "text/csv;charset=utf-8", async move { recommendations_csv(&k).await });
                }>
                {move || if export.busy.get() { "正在导出…" } else { "导出 CSV" }}
            </button>
        </div>
        <p class="rec-error" role="alert">{move || export.error.get()}</p>
        {move || match staff_data(list.get(), move || list.refetch(), "/review") {
            Err(waiting) => waiting,
            Ok(items) if items.is_empty() => view! {
                <div class="state" data-testid="rec-none"><p class="state__title">"还没有推荐"</p></div>
            }.into_any(),
            Ok(items) => view! {
                <p class="muted">{format!("共 {} 项", items.len())}</p>
                <ul class="org-list" data-testid="rec-all">
                    {items.into_iter().map(|r| view! {
                        <li class="org-card rec-card" data-testid="rec-item">
                            <div class="org-card__row">
                                <span class="org-card__title">{r.name.clone()}</span>
                                <span class="status-badge status-badge--approved">{r.kind_label()}</span>
                            </div>
                            <span class="org-row__meta">{format!("{} · 推荐单位：{}", r.province.name, r.recommended_by.name)}</span>
                            <span>{format!("推荐理由：{}", r.reason)}</span>
                            <span class="org-row__meta">{china_datetime(&r.recommended_at)}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
