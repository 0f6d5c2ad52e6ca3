//! 统计 (issue 17) at `/stats`, the `stats` section: published activities, places reserved and
//! ratings by province, theme, event kind and day, as SVG bar charts the app draws (no chart
//! library) with the same numbers in an accessible table under each, and when the figures were
//! taken (China time). [`StatsView`] is also the reviewers' scoped page (`/review/stats`).
pub mod text;

use crate::api::stats::fetch_stats;
use crate::format::{china_datetime, count, fixed, month_day, weekday};
use crate::i18n::{locale, Locale};
use crate::models::{Stats, StatsRow};
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};
use text::tx;

/// The public page.
#[component]
pub fn StatsPage() -> impl IntoView {
    let s = tx();
    let stats = LocalResource::new(fetch_stats);
    view! {
        <Title text=s.title/>
        <StatsStyle/>
        <section class="page page--narrow stats-page">
            <h1 class="page__title">{s.title}</h1>
            <p class="muted">{s.intro}</p>
            <crate::components::Remote resource=stats let:stats>
                <StatsView stats/>
            </crate::components::Remote>
        </section>
    }
}

/// `style/stats.css`, loaded with the section.
#[component]
pub fn StatsStyle() -> impl IntoView {
    view! { <Stylesheet id="stats-css" href="/stats.css"/> }
}

/// A whole number as the table shows it: exact (`12345`; `12,345` in English).
fn exact(n: u64) -> String {
    match locale() {
        Locale::En => count(n),
        Locale::ZhCn => n.to_string(),
    }
}

fn average(row: &StatsRow) -> String {
    row.average_stars
        .map(|a| fixed(a, 1))
        .unwrap_or_else(|| "—".into())
}

/// The figures: when taken, the totals, then each dimension's chart and table.
#[component]
pub fn StatsView(stats: Stats) -> impl IntoView {
    let s = tx();
    let updated = (s.updated)(&china_datetime(&stats.taken_at));
    if stats.totals.activities == 0 {
        return view! {
            <p class="muted stats-updated" data-testid="stats-updated">{updated}</p>
            <p class="state" data-testid="stats-empty">{s.empty}</p>
        }
        .into_any();
    }
    let t = &stats.totals;
    let total = |label: &'static str, value: String, id: &'static str| {
        view! {
            <div class="stats-total">
                <dt>{label}</dt>
                <dd data-testid=id>{value}</dd>
            </div>
        }
    };
    view! {
        <p class="muted stats-updated" data-testid="stats-updated">{updated}</p>
        <dl class="stats-totals" aria-label=s.totals>
            {total(s.activities, exact(t.activities), "stats-total-activities")}
            {total(s.participants, exact(t.participants), "stats-total-participants")}
            {total(s.participants_offline, exact(t.participants_offline), "stats-total-offline")}
            {total(s.views_online, exact(t.views_online), "stats-total-views")}
            {total(s.ratings, exact(t.ratings), "stats-total-ratings")}
            {total(s.average, average(t), "stats-total-average")}
        </dl>
        <Dimension id="province" heading=s.by_province rows=stats.by_province/>
        <Dimension id="theme" heading=s.by_theme rows=stats.by_theme/>
        <Dimension id="kind" heading=s.by_event_kind rows=stats.by_event_kind/>
        <Dimension id="day" heading=s.by_day rows=stats.by_day/>
    }
    .into_any()
}

/// One dimension: its heading, its chart (bars, or columns over days) and its table.
#[component]
fn Dimension(id: &'static str, heading: &'static str, rows: Vec<StatsRow>) -> impl IntoView {
    let s = tx();
    let heading_id = format!("stats-{id}-heading");
    let labelled_by = heading_id.clone();
    let chart = if id == "day" {
        day_chart(&rows, &(s.chart_label)(heading)).into_any()
    } else {
        bar_chart(&rows, &(s.chart_label)(heading)).into_any()
    };
    let first = if id == "day" { s.day } else { s.name };
    view! {
        <section class="stats-dimension" aria-labelledby=labelled_by>
            <h2 class="stats-dimension__title" id=heading_id>{heading}</h2>
            {chart}
            <div class="stats-table-wrap" tabindex="0" role="region" aria-label=(s.table_caption)(heading)>
                <table class="stats-table" data-testid=format!("stats-table-{id}")>
                    <caption>{(s.table_caption)(heading)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{first}</th>
                            <th scope="col">{s.activities}</th>
                            <th scope="col">{s.participants}</th>
                            <th scope="col">{s.participants_offline}</th>
                            <th scope="col">{s.views_online}</th>
                            <th scope="col">{s.ratings}</th>
                            <th scope="col">{s.average}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.iter().map(|r| view! {
                            <tr data-id=r.id.clone()>
                                <th scope="row">{if id == "day" { day_name(&r.id) } else { r.name.clone() }}</th>
                                <td>{exact(r.activities)}</td>
                                <td>{exact(r.participants)}</td>
                                <td>{exact(r.participants_offline)}</td>
                                <td>{exact(r.views_online)}</td>
                                <td>{exact(r.ratings)}</td>
                                <td>{average(r)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A China date as people read it: `9月11日 周六` / `Sep 11 Sat` (the id as it came when it
/// does not parse).
fn day_name(id: &str) -> String {
    match id.parse::<chrono::NaiveDate>() {
        Ok(d) => format!("{} {}", month_day(d), weekday(d)),
        Err(_) => id.to_string(),
    }
}

/// Chart geometry, in the SVG's own units (it is drawn 100 % wide, so about CSS pixels on a
/// phone).
const WIDTH: f64 = 320.0;
const LABEL_W: f64 = 92.0;
const VALUE_W: f64 = 48.0;
const ROW_H: f64 = 24.0;
const BAR_H: f64 = 16.0;

/// A label short enough for the chart's label column (the table has it whole).
fn short(name: &str) -> String {
    let max = match locale() {
        Locale::ZhCn => 6,
        Locale::En => 13,
    };
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

fn num(x: f64) -> String {
    fixed(x, 1)
}

/// Horizontal bars of the rows' activities, largest first (as the rows come).
fn bar_chart(rows: &[StatsRow], label: &str) -> impl IntoView {
    let max = rows.iter().map(|r| r.activities).max().unwrap_or(0).max(1) as f64;
    let height = ROW_H * rows.len() as f64;
    let span = WIDTH - LABEL_W - VALUE_W;
    view! {
        <svg class="stats-chart" role="img" aria-label=label.to_string()
            viewBox=format!("0 0 {WIDTH} {}", num(height.max(ROW_H)))
            preserveAspectRatio="xMinYMin meet">
            {rows.iter().enumerate().map(|(i, r)| {
                let y = ROW_H * i as f64;
                let w = span * r.activities as f64 / max;
                view! {
                    <g>
                        <text class="stats-chart__label" x="0" y=num(y + ROW_H / 2.0 + 4.0)>{short(&r.name)}</text>
                        <rect class="stats-chart__bar" x=num(LABEL_W) y=num(y + (ROW_H - BAR_H) / 2.0)
                            width=num(w.max(if r.activities > 0 { 1.0 } else { 0.0 })) height=num(BAR_H) rx="3"/>
                        <text class="stats-chart__value" x=num(LABEL_W + w + 4.0) y=num(y + ROW_H / 2.0 + 4.0)>
                            {exact(r.activities)}
                        </text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

const DAY_H: f64 = 120.0;
const DAY_AXIS: f64 = 20.0;

/// A timeline: one column per China day, its height the day's activities; the first, the
/// busiest and the last day are labelled under the axis (the table lists every day).
fn day_chart(rows: &[StatsRow], label: &str) -> impl IntoView {
    let max = rows.iter().map(|r| r.activities).max().unwrap_or(0).max(1) as f64;
    let n = rows.len().max(1) as f64;
    let step = WIDTH / n;
    let gap = if step > 4.0 { 1.0 } else { 0.0 };
    let busiest = rows
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.activities, std::cmp::Reverse(*i)))
        .map_or(0, |(i, _)| i);
    let date_label = |id: &str| {
        id.parse::<chrono::NaiveDate>()
            .map(month_day)
            .unwrap_or_else(|_| id.to_string())
    };
    let mut marks = vec![0, busiest, rows.len().saturating_sub(1)];
    marks.dedup();
    view! {
        <svg class="stats-chart stats-chart--days" role="img" aria-label=label.to_string()
            viewBox=format!("0 0 {WIDTH} {}", num(DAY_H + DAY_AXIS))
            preserveAspectRatio="xMinYMin meet">
            {rows.iter().enumerate().map(|(i, r)| {
                let h = (DAY_H - 14.0) * r.activities as f64 / max;
                view! {
                    <rect class="stats-chart__bar" x=num(step * i as f64) y=num(DAY_H - h)
                        width=num((step - gap).max(0.5)) height=num(h)/>
                }
            }).collect_view()}
            <line class="stats-chart__axis" x1="0" x2=num(WIDTH) y1=num(DAY_H) y2=num(DAY_H)/>
            {marks.into_iter().filter(|i| *i < rows.len()).map(|i| {
                let x = step * i as f64 + step / 2.0;
                let anchor = if i == 0 { "start" } else if i + 1 == rows.len() { "end" } else { "middle" };
                let x = match anchor { "start" => 0.0, "end" => WIDTH, _ => x };
                view! {
                    <text class="stats-chart__tick" x=num(x) y=num(DAY_H + 15.0) text-anchor=anchor>
                        {date_label(&rows[i].id)}
                    </text>
                }
            }).collect_view()}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_shortened_for_the_chart_only() {
        assert_eq!(short("北京市"), "北京市");
        assert_eq!(short("新疆维吾尔自治区"), "新疆维吾尔…");
    }
}
