use crate::components::LikeButton;
use crate::i18n::t;
use crate::models::{LikeView, RegionRef, Volunteer, VolunteerKind};
use leptos::prelude::*;

pub fn kind_label(kind: VolunteerKind) -> &'static str {
    match kind {
        VolunteerKind::Person => t().vol_kind_person,
        VolunteerKind::Team => t().vol_kind_team,
    }
}

/// 浙江省·杭州市 (or just the province).
pub fn region_line(r: &RegionRef) -> String {
    match &r.city_name {
        Some(c) if *c != r.province_name => format!("{}·{c}", r.province_name),
        _ => r.province_name.clone(),
    }
}

/// One volunteer in the list: photo, name, organisation, region, hours and the like button, with
/// why a like did not count right under it. Its element id (`vol-<id>`) is the anchor a login
/// comes back to.
#[component]
pub fn VolunteerCard(
    volunteer: Volunteer,
    #[prop(into)] like: Signal<LikeView>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    on_like: Callback<()>,
) -> impl IntoView {
    let v = volunteer;
    view! {
        <article class="volunteer-card" id=format!("vol-{}", v.id) data-testid="volunteer-card">
            <a href=format!("/volunteers/{}", v.id) class="volunteer-card__main">
                <img class="volunteer-card__photo" src=v.photo_url alt="" width="160" height="160" loading="lazy" decoding="async"/>
                <span class="volunteer-card__body">
                    <span class="volunteer-card__name" lang=crate::i18n::api_lang()>{v.name}</span>
                    <span class="volunteer-card__meta"><span class="tag">{kind_label(v.kind)}</span><span lang=crate::i18n::api_lang()>{v.organization}</span></span>
                    <span class="volunteer-card__meta" lang=crate::i18n::api_lang()>{region_line(&v.region)}</span>
                </span>
            </a>
            <div class="volunteer-card__foot">
                <span class="volunteer-card__hours">{t().vol_service_hours}" "{(t().vol_hours)(&v.service_hours.to_string())}</span>
                <LikeButton like pending on_like/>
            </div>
            <p class="like-error" role="alert" data-testid="like-error">{move || error.get()}</p>
        </article>
    }
}
