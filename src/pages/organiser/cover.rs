//! The activity's cover: a JPEG, PNG or WebP of at most 5 MiB, checked in the browser, previewed,
//! and uploaded at once through `use_upload`; its upload id goes into the draft.
use crate::components::error_message;
use crate::hooks::{use_upload, UploadStop, UseUploadOptions};
use leptos::prelude::*;

const COVER_MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
const COVER_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

#[component]
pub fn CoverField(
    /// The cover the server has (when the draft has one).
    #[prop(into)]
    url: Signal<Option<String>>,
    /// Whether the draft already holds an uploaded cover (its image is only public once
    /// published, so a reloaded draft may have one it cannot show).
    #[prop(into)]
    has_cover: Signal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    on_uploaded: Callback<String>,
) -> impl IntoView {
    let upload = use_upload(UseUploadOptions {
        keep: None,
        retries: 3,
    });
    let preview = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    on_cleanup(move || {
        if let Some(Some(u)) = preview.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        if !COVER_TYPES.contains(&file.type_().as_str()) {
            problem.set(Some("请选择 JPEG、PNG 或 WebP 图片".into()));
            return;
        }
        if file.size() > COVER_MAX_BYTES {
            problem.set(Some("图片不能超过 5 MB".into()));
            return;
        }
        problem.set(None);
        if let Some(old) = preview.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        preview.set(web_sys::Url::create_object_url_with_blob(&file).ok());
        sending.set(true);
        leptos::task::spawn_local(async move {
            let result = upload.send(file).await;
            if sending.try_set(false).is_some() {
                return; // the page is gone
            }
            match result {
                Ok(id) => on_uploaded.run(id),
                Err(UploadStop::Left) => {}
                Err(UploadStop::Paused) => {}
                Err(UploadStop::Failed(e)) => _ = problem.try_set(Some(error_message(&e))),
            }
        });
    };
    let shown = move || preview.get().or_else(|| url.get());
    let message = move || {
        problem
            .get()
            .or_else(|| {
                sending.get().then(|| {
                    let total = upload.total.get().max(1.0);
                    format!(
                        "正在上传 {}%",
                        (upload.sent.get() / total * 100.0).min(100.0) as u32
                    )
                })
            })
            .or_else(|| error.get())
            .or_else(|| {
                (has_cover.get() && preview.get().is_none()).then(|| "封面已上传".to_string())
            })
    };
    view! {
        <div class="field cover-field">
            <p class="field__label" id="cover-label">"封面图片"</p>
            <p class="field__hint" id="cover-hint">"JPEG、PNG 或 WebP，不超过 5 MB，建议横版 16:9"</p>
            {move || shown().map(|src| view! {
                <img class="cover-field__preview" src=src alt="封面预览" width="320" height="180" data-testid="cover-preview"/>
            })}
            <label class="button button--ghost cover-field__pick">
                {move || if shown().is_some() || has_cover.get() { "更换封面" } else { "选择封面图片" }}
                <input type="file" class="visually-hidden" accept="image/jpeg,image/png,image/webp"
                    aria-labelledby="cover-label" aria-describedby="cover-hint cover-error"
                    data-testid="cover-input" on:change=on_change/>
            </label>
            <p id="cover-error" class="field__error" role="status">{message}</p>
        </div>
    }
}
