//! Who is entering: the entrant's age in whole years, asked with the category (typing the age
//! picks the category whose ages hold it; the groups do not overlap), and under 14 a guardian's
//! consent (name, relation, an explicit tick) — PIPL: a child's personal information needs it.
//! What was typed is kept as a draft until the entry is filed.
use super::page_text::page_tx;
use crate::api::ApiError;
use crate::i18n::t;
use crate::models::{category_for_age, ChallengeCategory, GuardianConsent, GUARDIAN_UNDER};
use crate::state::storage::{self, StorageKey};
use leptos::prelude::*;
use leptos_router::components::A;

/// Between the fields of the kept draft (plain text: no serde type of its own in the chunk).
const SEP: char = '\u{1f}';

/// The age as typed: whole years 0–120, else why not.
pub(super) fn parse_age(text: &str) -> Result<u32, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err(page_tx().age_empty);
    }
    match text.parse::<u32>() {
        Ok(age) if age <= 120 => Ok(age),
        _ => Err(page_tx().age_invalid),
    }
}

#[derive(Clone, Copy)]
pub(super) struct Entrant {
    pub age: RwSignal<String>,
    pub guardian_name: RwSignal<String>,
    pub guardian_relation: RwSignal<String>,
    pub guardian_agreed: RwSignal<bool>,
    pub age_error: RwSignal<Option<String>>,
    pub name_error: RwSignal<Option<String>>,
    pub relation_error: RwSignal<Option<String>>,
    pub agreed_error: RwSignal<Option<String>>,
}

impl Entrant {
    pub fn load() -> Self {
        let kept = storage::load::<String>(&StorageKey::EntrantDraft).unwrap_or_default();
        let mut d = kept.split(SEP).map(str::to_string);
        let mut next = move || d.next().unwrap_or_default();
        Self {
            age: RwSignal::new(next()),
            guardian_name: RwSignal::new(next()),
            guardian_relation: RwSignal::new(next()),
            guardian_agreed: RwSignal::new(next() == "1"),
            age_error: RwSignal::new(None),
            name_error: RwSignal::new(None),
            relation_error: RwSignal::new(None),
            agreed_error: RwSignal::new(None),
        }
    }

    fn persist(&self) {
        let agreed = if self.guardian_agreed.get_untracked() {
            "1"
        } else {
            "0"
        };
        let kept = [
            self.age.get_untracked(),
            self.guardian_name.get_untracked(),
            self.guardian_relation.get_untracked(),
            agreed.to_string(),
        ]
        .join(&SEP.to_string());
        storage::save(&StorageKey::EntrantDraft, &kept);
    }

    /// Filed: the draft is not kept.
    pub fn forget() {
        storage::forget(&StorageKey::EntrantDraft);
    }

    /// The age when it is valid (reactive).
    pub fn age_value(&self) -> Option<u32> {
        parse_age(&self.age.read()).ok()
    }

    pub fn needs_guardian(&self) -> bool {
        self.age_value().is_some_and(|a| a < GUARDIAN_UNDER)
    }

    /// What goes with the entry: the age and, under 14, the guardian's consent.
    pub fn what_to_send(&self) -> (u32, Option<GuardianConsent>) {
        let age = untrack(|| self.age_value()).unwrap_or_default();
        let guardian = (age < GUARDIAN_UNDER).then(|| GuardianConsent {
            name: self.guardian_name.get_untracked().trim().to_string(),
            relation: self.guardian_relation.get_untracked(),
            agreed: self.guardian_agreed.get_untracked(),
        });
        (age, guardian)
    }

    /// Checks the age, the category against it, and the guardian's consent under 14; says
    /// what is wrong next to each field. `category_error` is the category field's.
    pub fn validate(
        &self,
        categories: &[ChallengeCategory],
        category: &str,
        category_error: RwSignal<Option<String>>,
    ) -> bool {
        let age = parse_age(&self.age.get_untracked());
        self.age_error.set(age.err().map(str::to_string));
        let Ok(age) = age else {
            return false;
        };
        if !category.is_empty() {
            let right = category_for_age(categories, age);
            if right.is_some_and(|c| c.id != category) {
                category_error.set(right.map(|c| (page_tx().category_for_age)(age, &c.name)));
            }
        }
        if age >= GUARDIAN_UNDER {
            return true;
        }
        let name_len = self.guardian_name.read_untracked().trim().chars().count();
        self.name_error.set(
            (name_len == 0 || name_len > 20).then(|| page_tx().guardian_name_invalid.to_string()),
        );
        self.relation_error.set(
            self.guardian_relation
                .read_untracked()
                .is_empty()
                .then(|| page_tx().guardian_relation_empty.to_string()),
        );
        self.agreed_error.set(
            (!self.guardian_agreed.get_untracked())
                .then(|| page_tx().guardian_agreed_required.to_string()),
        );
        self.name_error.read_untracked().is_none()
            && self.relation_error.read_untracked().is_none()
            && self.agreed_error.read_untracked().is_none()
    }

    /// Field errors the server named, next to their fields.
    pub fn show_server_errors(&self, e: &ApiError, category_error: RwSignal<Option<String>>) {
        let set = |signal: RwSignal<Option<String>>, fields: &[&str]| {
            if let Some(m) = fields.iter().find_map(|f| e.field_message(f)) {
                signal.try_set(Some(m.to_string()));
            }
        };
        set(self.age_error, &["age"]);
        set(category_error, &["category_id"]);
        set(self.name_error, &["guardian.name", "guardian"]);
        set(self.relation_error, &["guardian.relation"]);
        set(self.agreed_error, &["guardian.agreed"]);
    }
}

/// 参赛者年龄, then (under 14) the guardian's consent step. `on_age` gets each valid age (the
/// page picks the category that holds it).
#[component]
pub(super) fn EntrantFields(entrant: Entrant, on_age: Callback<u32>) -> impl IntoView {
    let s = t();
    let e = entrant;
    view! {
        <div class="field">
            <label class="field__label" for="entry-age">{page_tx().age_label}</label>
            <input id="entry-age" class="field__input entrant__age" type="text" inputmode="numeric" maxlength="3"
                autocomplete="off" aria-describedby="age-hint age-error"
                aria-invalid=move || e.age_error.read().is_some().to_string()
                prop:value=move || e.age.get()
                on:input=move |ev| {
                    e.age.set(event_target_value(&ev));
                    e.age_error.set(None);
                    e.persist();
                    if let Ok(age) = parse_age(&e.age.get_untracked()) {
                        on_age.run(age);
                    }
                }/>
            <p id="age-hint" class="field__hint">{page_tx().age_hint}</p>
            <p id="age-error" class="field__error" role="alert">{move || e.age_error.get()}</p>
        </div>
        <Show when=move || e.needs_guardian()>
            <fieldset class="guardian" data-testid="guardian-consent">
                <legend class="guardian__title">{page_tx().guardian_title}</legend>
                <p class="field__hint">{page_tx().guardian_intro}</p>
                <div class="field">
                    <label class="field__label" for="guardian-name">{page_tx().guardian_name_label}</label>
                    <input id="guardian-name" class="field__input" maxlength="20" autocomplete="name"
                        aria-describedby="guardian-name-error"
                        aria-invalid=move || e.name_error.read().is_some().to_string()
                        prop:value=move || e.guardian_name.get()
                        on:input=move |ev| { e.guardian_name.set(event_target_value(&ev)); e.name_error.set(None); e.persist(); }/>
                    <p id="guardian-name-error" class="field__error" role="alert">{move || e.name_error.get()}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="guardian-relation">{page_tx().guardian_relation_label}</label>
                    <select id="guardian-relation" class="select" aria-describedby="guardian-relation-error"
                        aria-invalid=move || e.relation_error.read().is_some().to_string()
                        prop:value=move || e.guardian_relation.get()
                        on:change=move |ev| { e.guardian_relation.set(event_target_value(&ev)); e.relation_error.set(None); e.persist(); }>
                        <option value="">{page_tx().guardian_relation_pick}</option>
                        {[("father", page_tx().relation_father), ("mother", page_tx().relation_mother), ("guardian", page_tx().relation_guardian)]
                            .into_iter()
                            .map(|(v, label)| view! { <option value=v selected=e.guardian_relation.get_untracked() == v>{label}</option> })
                            .collect_view()}
                    </select>
                    <p id="guardian-relation-error" class="field__error" role="alert">{move || e.relation_error.get()}</p>
                </div>
                <div class="field consent">
                    <label class="consent__label">
                        <input id="guardian-agreed" type="checkbox" class="consent__box"
                            aria-describedby="guardian-agreed-error"
                            aria-invalid=move || e.agreed_error.read().is_some().to_string()
                            prop:checked=move || e.guardian_agreed.get()
                            on:change=move |ev| { e.guardian_agreed.set(event_target_checked(&ev)); e.agreed_error.set(None); e.persist(); }/>
                        <span>{page_tx().guardian_agree}</span>
                    </label>
                    <A href="/legal/privacy" attr:class="link-button">{s.privacy_title_quoted}</A>
                    <p id="guardian-agreed-error" class="field__error" role="alert">{move || e.agreed_error.get()}</p>
                </div>
            </fieldset>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_age;

    #[test]
    fn ages_are_whole_years_up_to_120() {
        assert_eq!(parse_age(" 9 "), Ok(9));
        assert_eq!(parse_age("0"), Ok(0));
        assert!(parse_age("").is_err());
        assert!(parse_age("9.5").is_err());
        assert!(parse_age("-3").is_err());
        assert!(parse_age("121").is_err());
    }
}
