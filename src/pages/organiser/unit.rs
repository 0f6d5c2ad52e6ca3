//! `/organiser/unit`: the organising unit's registration — name, kind, 统一社会信用代码 (checked
//! here with its GB 32100-2015 check character before it is sent), province and city, contact,
//! optional 全国学会 — and where its review stands.
use super::access::{staff_data, RoleGate};
use super::fields::{region_options, SelectField, TextField};
use super::history::HistoryList;
use super::StatusBadge;
use crate::api::client::new_idempotency_key;
use crate::api::organiser::{fetch_societies, my_units, save_unit, unit_history};
use crate::api::reference::fetch_regions;
use crate::api::ApiError;
use crate::components::error_message;
use crate::models::{
    credit_code_problem, is_mainland_mobile, normalize_credit_code, CreditCodeProblem,
    HistoryEntry, Province, ReviewStatus, Unit, UnitInput, UnitRef, UNIT_KINDS,
};
use crate::state::use_toasts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn UnitPage() -> impl IntoView {
    crate::pages::organiser::use_organiser_style();
    view! {
        <Title text="举办单位信息"/>
        <section class="page page--narrow org-page">
            <A href="/organiser" attr:class="link-button">"‹ 举办单位"</A>
            <h1 class="page__title">"举办单位信息"</h1>
            <RoleGate what="登记举办单位">
                <UnitLoader/>
            </RoleGate>
        </section>
    }
}

#[component]
fn UnitLoader() -> impl IntoView {
    let loaded = LocalResource::new(|| async {
        let regions = fetch_regions().await?;
        let societies = fetch_societies().await?;
        let unit = my_units().await?.into_iter().next();
        let history = match &unit {
            Some(u) => unit_history(&u.id).await?,
            None => Vec::new(),
        };
        Ok::<_, ApiError>(Loaded {
            regions,
            societies,
            unit,
            history,
        })
    });
    move || match staff_data(loaded.get(), move || loaded.refetch(), "/organiser") {
        Err(waiting) => waiting,
        Ok(data) => untrack(|| view! { <UnitForm data/> }.into_any()),
    }
}

#[derive(Clone)]
struct Loaded {
    regions: Vec<Province>,
    societies: Vec<UnitRef>,
    unit: Option<Unit>,
    history: Vec<HistoryEntry>,
}

/// Field errors found here before sending, or sent back by the server (422).
/// (field, message) pairs.
type FieldErrors = Vec<(&'static str, String)>;

fn check(input: &UnitInput) -> FieldErrors {
    let mut e = FieldErrors::new();
    let n = input.name.trim().chars().count();
    if n < 2 {
        e.push(("name", "请填写单位全称".into()));
    } else if n > 60 {
        e.push(("name", "单位名称不超过 60 个字".into()));
    }
    if input.kind.is_empty() {
        e.push(("kind", "请选择单位类型".into()));
    }
    if let Some(p) = credit_code_problem(&input.credit_code) {
        e.push((
            "credit_code",
            match p {
                CreditCodeProblem::Length => "统一社会信用代码为 18 位",
                CreditCodeProblem::Character => "只能包含数字和大写字母（不含 I、O、S、V、Z）",
                CreditCodeProblem::CheckCharacter => "校验位不正确，请核对代码",
            }
            .into(),
        ));
    }
    if input.province_code.is_empty() {
        e.push(("province_code", "请选择省份".into()));
    } else if input.city_code.is_empty() {
        e.push(("city_code", "请选择城市".into()));
    }
    if input.contact_name.trim().is_empty() {
        e.push(("contact_name", "请填写联系人".into()));
    }
    if !is_mainland_mobile(input.contact_phone.trim()) {
        e.push(("contact_phone", "请填写 11 位手机号".into()));
    }
    e
}

#[component]
fn UnitForm(data: Loaded) -> impl IntoView {
    let Loaded {
        regions,
        societies,
        unit,
        history,
    } = data;
    let toasts = use_toasts();
    let input = RwSignal::new(unit.as_ref().map(Unit::input).unwrap_or_default());
    let current = RwSignal::new(unit);
    let history = RwSignal::new(history);
    // One registration per intended unit, however often the first save is retried.
    let key = StoredValue::new(new_idempotency_key());
    let errors = RwSignal::new(FieldErrors::new());
    let touched = RwSignal::new(false);

    let save = Action::new_local(move |(value, id): &(UnitInput, Option<String>)| {
        let (value, id) = (value.clone(), id.clone());
        let key = key.get_value();
        async move {
            let unit = save_unit(id.as_deref(), &value, &key).await?;
            let history = unit_history(&unit.id).await.unwrap_or_default();
            Ok::<_, ApiError>((unit, history))
        }
    });
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| match save.value().get() {
        Some(Ok((saved, h))) => {
            input.set(saved.input());
            current.set(Some(saved));
            history.set(h);
            failure.set(None);
            toasts.show("已提交，等待所在地区审核");
        }
        Some(Err(e)) => {
            let from_server: FieldErrors = [
                "name",
                "kind",
                "credit_code",
                "province_code",
                "city_code",
                "contact_name",
                "contact_phone",
                "society_id",
            ]
            .into_iter()
            .filter_map(|f| e.field_message(f).map(|m| (f, m.to_string())))
            .collect();
            errors.set(from_server);
            failure.set(Some(error_message(&e)));
            crate::components::focus_first_invalid();
        }
        None => {}
    });

    let edit = move |f: &dyn Fn(&mut UnitInput)| {
        input.update(|i| f(i));
        if touched.get_untracked() {
            errors.set(check(&input.get_untracked()));
        }
    };
    let value = move |get: fn(&UnitInput) -> String| Signal::derive(move || input.with(get));
    let setter = move |set: fn(&mut UnitInput, String)| {
        Callback::new(move |v: String| edit(&|i| set(i, v.clone())))
    };
    let error = move |field: &'static str| {
        Signal::derive(move || {
            errors.with(|e| e.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        input.update(|i| i.credit_code = normalize_credit_code(&i.credit_code));
        let value = input.get_untracked();
        let found = check(&value);
        let ok = found.is_empty();
        errors.set(found);
        if ok {
            let id = current.with_untracked(|c| c.as_ref().map(|c| c.id.clone()));
            save.dispatch((value, id));
        } else {
            crate::components::focus_first_invalid();
        }
    };

    let society_options: Vec<(String, String)> =
        societies.into_iter().map(|s| (s.id, s.name)).collect();
    let locked = move || {
        current
            .read()
            .as_ref()
            .is_some_and(|u| u.status == ReviewStatus::Approved)
    };
    let kinds: Vec<(String, String)> = UNIT_KINDS
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    let (provinces, cities) = region_options(regions, value(|i| i.province_code.clone()));

    view! {
        {move || current.get().map(|u| {
            view! {
                <section class="org-card" data-testid="unit-status">
                    <div class="org-card__row">
                        <p class="org-card__title">"审核状态"</p>
                        <StatusBadge status=u.status/>
                    </div>
                    <p class="muted">{match u.status {
                        ReviewStatus::Pending => "已提交，等待所在地区科协审核。",
                        ReviewStatus::Approved => "已通过审核，可以登记活动；单位信息不能再修改。",
                        ReviewStatus::Returned => "已退回，请按原因修改后重新提交。",
                        _ => "",
                    }}</p>
                    {u.return_reason.clone().filter(|_| u.status == ReviewStatus::Returned).map(|r| view! {
                        <p class="org-card__reason">"退回原因："{r}</p>
                    })}
                    {move || (!history.read().is_empty()).then(|| view! { <HistoryList items=history.get()/> })}
                </section>
            }
        })}
        <form class="form-card form-stack" novalidate on:submit=on_submit>
            <fieldset class="form-stack plain-fieldset" prop:disabled=locked>
            <legend class="visually-hidden">"单位信息"</legend>
            <TextField id="unit-name" label="单位全称" maxlength=60 autocomplete="organization"
                value=value(|i| i.name.clone()) on_text=setter(|i, v| i.name = v) error=error("name")/>
            <SelectField id="unit-kind" label="单位类型" placeholder="请选择" options=kinds
                value=value(|i| i.kind.clone()) on_change=setter(|i, v| i.kind = v) error=error("kind")/>
            <TextField id="unit-code" label="统一社会信用代码" hint="18 位，见营业执照或登记证书" maxlength=24
                value=value(|i| i.credit_code.clone())
                on_text=setter(|i, v| i.credit_code = v.to_uppercase())
                error=error("credit_code")/>
            <SelectField id="unit-province" label="所在省份" placeholder="请选择省份" options=provinces
                value=value(|i| i.province_code.clone())
                on_change=setter(|i, v| { i.province_code = v; i.city_code.clear(); })
                error=error("province_code")/>
            <SelectField id="unit-city" label="所在城市" placeholder="请选择城市" options=cities
                value=value(|i| i.city_code.clone()) on_change=setter(|i, v| i.city_code = v) error=error("city_code")/>
            <TextField id="unit-contact" label="联系人" maxlength=20 autocomplete="name"
                value=value(|i| i.contact_name.clone()) on_text=setter(|i, v| i.contact_name = v) error=error("contact_name")/>
            <TextField id="unit-phone" label="联系人手机号" input_type="tel" inputmode="numeric" maxlength=11 autocomplete="tel"
                value=value(|i| i.contact_phone.clone()) on_text=setter(|i, v| i.contact_phone = v) error=error("contact_phone")/>
            <SelectField id="unit-society" label="所属全国学会（选填）" placeholder="无" options=society_options
                value=value(|i| i.society_id.clone()) on_change=setter(|i, v| i.society_id = v) error=error("society_id")/>
            <p class="field__error" role="alert" data-testid="unit-failure">{move || failure.get()}</p>
            <Show when=move || !locked()>
                <button type="submit" class="button button--primary button--block" data-testid="save-unit"
                    prop:disabled=move || save.pending().get()>
                    {move || if save.pending().get() { "正在提交…" } else if current.read().is_some() { "保存修改" } else { "提交审核" }}
                </button>
            </Show>
            </fieldset>
        </form>
    }
}
