//! 内容审核 (`/moderation/*`): moderators review submitted entries, reported posts and the
//! banned-word list. Everything here lives in the lazily loaded `moderation` section, including
//! the role check and its Chinese text (moderators are the organisers' own staff).
mod entries;
mod feedback;
mod reports;
mod words;

use entries::ModerationEntriesPage;
use feedback::ModerationFeedbackPage;
use reports::ModerationReportsPage;
use words::ModerationWordsPage;

use crate::api::idempotency::IntentKey;
use crate::api::moderation::{entry_queue, feedback_queue, report_queue};
use crate::api::organiser::fetch_my_roles;
use crate::api::ApiError;
use crate::components::Remote;
use crate::hooks::{PagedState, PagedStatus, UsePagedReturn};
use crate::models::MyRoles;
use crate::state::{current_path, login_href, use_section_state, use_session};
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};
use leptos_router::components::A;

/// `/moderation` and `/moderation/*`: the page for the path (one lazily loaded route for all).
#[component]
pub fn ModerationPages() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    move || match location.pathname.get().trim_end_matches('/') {
        "/moderation" => view! { <ModerationHomePage/> }.into_any(),
        "/moderation/entries" => view! { <ModerationEntriesPage/> }.into_any(),
        "/moderation/reports" => view! { <ModerationReportsPage/> }.into_any(),
        "/moderation/words" => view! { <ModerationWordsPage/> }.into_any(),
        "/moderation/feedback" => view! { <ModerationFeedbackPage/> }.into_any(),
        _ => view! { <crate::pages::NotFoundPage/> }.into_any(),
    }
}

/// The caller's roles, asked once per login for the whole section.
#[derive(Clone, Copy)]
struct ModerationState {
    roles: LocalResource<Result<MyRoles, ApiError>>,
}

fn use_moderation() -> ModerationState {
    let session = use_session();
    use_section_state(move || ModerationState {
        // Keyed on who is logged in, so another login asks again.
        roles: LocalResource::new(move || {
            let who = session.user().map(|u| u.id);
            async move {
                // A visitor is not asked about (no request, no 401): the login prompt shows.
                match who {
                    Some(_) => fetch_my_roles().await,
                    None => Ok(MyRoles::default()),
                }
            }
        }),
    })
}

/// Shows `children` to moderators (and admins) only; anyone else is told why, and a visitor who
/// is not logged in gets a login link that comes back here.
#[component]
fn ModeratorsOnly(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let state = use_moderation();
    let children = StoredValue::new(children);
    move || {
        if !session.is_logged_in() {
            return view! {
                <div class="state" data-testid="moderation-refused">
                    <p class="state__title">"请先登录审核员账号"</p>
                    <A href=login_href(&current_path()) attr:class="button button--primary">"登录"</A>
                </div>
            }
            .into_any();
        }
        view! {
            <Remote resource=state.roles skeleton=|| view! { <p class="muted" aria-busy="true">"加载中…"</p> } let:roles>
                {if roles.moderator || roles.admin {
                    children.with_value(|c| c()).into_any()
                } else {
                    view! {
                        <div class="state" data-testid="moderation-refused">
                            <p class="state__title">"你没有内容审核权限"</p>
                            <p class="state__body">"内容审核仅对审核员和管理员开放。如需开通，请联系活动主办方。"</p>
                            <A href="/me" attr:class="button button--ghost">"返回我的"</A>
                        </div>
                    }.into_any()
                }}
            </Remote>
        }
        .into_any()
    }
}

/// The links between the moderation pages.
#[component]
fn ModerationNav() -> impl IntoView {
    view! {
        <nav class="mod-nav" aria-label="内容审核">
            <A href="/moderation" exact=true attr:class="mod-nav__link">"概览"</A>
            <A href="/moderation/entries" attr:class="mod-nav__link">"作品"</A>
            <A href="/moderation/reports" attr:class="mod-nav__link">"举报"</A>
            <A href="/moderation/feedback" attr:class="mod-nav__link">"评价"</A>
            <A href="/moderation/words" attr:class="mod-nav__link">"敏感词"</A>
        </nav>
    }
}

/// A page of the section: title, the section's links, then `children` for moderators.
#[component]
fn ModerationPage(title: &'static str, children: ChildrenFn) -> impl IntoView {
    view! {
        <Title text=title/>
        // Only this section's pages need its CSS: loaded with them, not with the first page.
        <Stylesheet id="moderation-css" href="/moderation.css"/>
        <section class="page mod-page">
            <h1 class="page__title">{title}</h1>
            <ModerationNav/>
            <ModeratorsOnly children/>
        </section>
    }
}

/// `/moderation`: how much waits in each queue, with the way to it.
#[component]
pub fn ModerationHomePage() -> impl IntoView {
    view! {
        <ModerationPage title="内容审核">
            <QueueSizes/>
        </ModerationPage>
    }
}

#[component]
fn QueueSizes() -> impl IntoView {
    let entries = LocalResource::new(|| entry_queue(None));
    let reports = LocalResource::new(|| report_queue(None));
    let feedback = LocalResource::new(|| feedback_queue(None));
    let skeleton = || view! { <p class="muted" aria-busy="true">"加载中…"</p> };
    view! {
        <ul class="mod-cards">
            <li class="mod-card">
                <h2 class="mod-card__title">"待审作品"</h2>
                <Remote resource=entries skeleton let:page>
                    <p class="mod-card__count" data-testid="entries-waiting">{page.total}</p>
                </Remote>
                <A href="/moderation/entries" attr:class="button button--primary button--block">"审核作品"</A>
            </li>
            <li class="mod-card">
                <h2 class="mod-card__title">"被举报的帖子"</h2>
                <Remote resource=reports skeleton let:page>
                    <p class="mod-card__count" data-testid="reports-waiting">{page.total}</p>
                    <p class="muted">{format!("其中 {} 条已自动隐藏待审", page.items.iter().filter(|p| p.status == "held").count())}</p>
                </Remote>
                <A href="/moderation/reports" attr:class="button button--primary button--block">"处理举报"</A>
            </li>
            <li class="mod-card">
                <h2 class="mod-card__title">"待审评价"</h2>
                <Remote resource=feedback skeleton let:page>
                    <p class="mod-card__count" data-testid="feedback-waiting">{page.total}</p>
                </Remote>
                <A href="/moderation/feedback" attr:class="button button--primary button--block">"审核评价"</A>
            </li>
            <li class="mod-card">
                <h2 class="mod-card__title">"敏感词"</h2>
                <p class="muted">"发帖时按此列表检查，修改后立即生效"</p>
                <A href="/moderation/words" attr:class="button button--ghost button--block">"管理敏感词"</A>
            </li>
        </ul>
    }
}

/// A queue with nothing (left) to decide: says so, with 刷新 — or, while the next page is on its
/// way after every loaded item was decided, that it is loading.
fn queue_empty<T, M>(list: PagedState<T, M>, paged: UsePagedReturn, title: &'static str) -> AnyView
where
    T: Send + Sync + 'static,
    M: Send + Sync + 'static,
{
    if list.next_cursor.read().is_some() {
        return view! { <p class="muted" aria-busy="true">"加载中…"</p> }.into_any();
    }
    view! {
        <div class="state" data-testid="queue-empty">
            <p class="state__title">{title}</p>
            <button type="button" class="button button--ghost" on:click=move |_| paged.reload.run(())>"刷新"</button>
        </div>
    }
    .into_any()
}

/// Takes decided items (`decided`) out of a loaded queue: one fewer waiting each, so the total
/// stays right without asking again.
fn leave_queue<T: Send + Sync + 'static>(list: PagedState<T, u64>, decided: impl Fn(&T) -> bool) {
    let mut gone = 0u64;
    list.items.update(|v| {
        let before = v.len();
        v.retain(|x| !decided(x));
        gone = (before - v.len()) as u64;
    });
    list.meta.update(|t| {
        if let Some(t) = t {
            *t = t.saturating_sub(gone);
        }
    });
}

/// Deciding every loaded item with more on the server brings the next page.
fn load_next_when_emptied<T: Send + Sync + 'static>(
    list: PagedState<T, u64>,
    paged: UsePagedReturn,
) {
    Effect::new(move |_| {
        if list.items.read().is_empty()
            && list.next_cursor.read().is_some()
            && list.first.get() == PagedStatus::Ready
        {
            paged.load_more.run(());
        }
    });
}

/// A decision `D` of a queue, sent by `send` with its Idempotency-Key: the same decision tried
/// again (after an error or a dropped answer) keeps its key, so the server replays instead of
/// refusing; `settled` gets each answer. Every queue decides through this.
fn use_decision<D, R, F, Fut>(
    send: F,
    settled: impl Fn(D, Result<R, ApiError>) + 'static,
) -> Action<D, (D, Result<R, ApiError>)>
where
    D: Clone + PartialEq + Send + Sync + 'static,
    R: Clone + Send + Sync + 'static,
    F: Fn(D, String) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<R, ApiError>> + 'static,
{
    let intent = StoredValue::new(IntentKey::<D>::default());
    let action = Action::new_local(move |d: &D| {
        let key = intent.write_value().key_for(d);
        let d = d.clone();
        let sent = send(d.clone(), key);
        async move { (d, sent.await) }
    });
    Effect::new(move |_| {
        let Some((d, result)) = action.value().get() else {
            return;
        };
        if result.is_ok() {
            intent.write_value().done();
        }
        settled(d, result);
    });
    action
}

/// China time for an instant from the API.
fn china_time(at: &str) -> String {
    crate::format::china_datetime(at)
}

/// What an audit row's action was.
fn action_label(action: &str) -> &str {
    match action {
        "approve" => "通过",
        "reject" => "退回",
        "hide" => "隐藏",
        "restore" => "恢复",
        "dismiss" => "驳回举报",
        "hold" => "自动隐藏",
        "mute" => "禁言",
        "add-word" => "添加敏感词",
        "remove-word" => "删除敏感词",
        other => other,
    }
}

/// An item's moderation log, oldest first.
#[component]
fn AuditRows(rows: Vec<crate::models::AuditEntry>) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <details class="mod-audit">
                <summary>{format!("审核记录（{}）", rows.len())}</summary>
                <ol class="mod-audit__list">
                    {rows.into_iter().map(|r| {
                        let why = [r.reason.map(|x| reason_label(&x).to_string()), r.note].into_iter().flatten().collect::<Vec<_>>().join("：");
                        view! {
                            <li>{china_time(&r.at)}" · "{r.moderator.display_name}" · "{action_label(&r.action).to_string()}
                                {(!why.is_empty()).then(|| format!(" · {why}"))}</li>
                        }
                    }).collect_view()}
                </ol>
            </details>
        }
    })
}

/// Reasons an entry is sent back, as the contract names them.
const REJECT_REASONS: [(&str, &str); 6] = [
    ("off-topic", "与主题无关"),
    ("quality", "质量不达标"),
    ("rights", "侵权"),
    ("unsafe", "不安全内容"),
    ("personal-info", "含个人信息"),
    ("other", "其他"),
];

/// The label of a rejection reason code (or the text itself when it is not a code).
fn reason_label(code: &str) -> &str {
    REJECT_REASONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, l)| l)
}

/// A 409 from a decision or a claim: someone else holds the item or it was decided already.
fn conflict_message(e: &ApiError) -> Option<String> {
    let ApiError::Conflict(p) = e else {
        return None;
    };
    let claimed = p.kind.as_deref().is_some_and(|k| k.ends_with("/claimed"));
    Some(if claimed {
        "他人正在审核这一条，已跳到下一条".to_string()
    } else {
        "这一条已被处理，已跳到下一条".to_string()
    })
}
