//! The composer's optional image: picked, checked, previewed and uploaded through `use_upload`.
use super::text::tx;
use crate::hooks::{use_upload, UploadStop, UseUploadOptions, UseUploadReturn};
use leptos::prelude::*;

/// The composer's optional image: checked in the browser, previewed, uploaded with tus when the
/// post is sent, and reused (not uploaded again) when a send fails and is retried. Every method
/// may run after the composer is gone (it is called after awaits), so all go through `try_`.
#[derive(Clone, Copy)]
pub struct ImagePick {
    file: RwSignal<Option<web_sys::File>, LocalStorage>,
    preview: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
    /// Whether the upload's progress is shown (from the first send until the image is cleared).
    sending: RwSignal<bool>,
    upload: UseUploadReturn,
    /// Counts picks, so that a post sent again with another image is another post.
    generation: StoredValue<u32>,
}

const IMAGE_MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
const IMAGE_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "image/gif"];
/// A small image is retried a few times, then the composer says why it failed.
const IMAGE_RETRIES: u32 = 3;

impl ImagePick {
    pub fn new() -> Self {
        let pick = Self {
            file: RwSignal::new_local(None),
            preview: RwSignal::new(None),
            error: RwSignal::new(None),
            sending: RwSignal::new(false),
            upload: use_upload(UseUploadOptions {
                keep: None,
                retries: IMAGE_RETRIES,
            }),
            generation: StoredValue::new(0),
        };
        on_cleanup(move || pick.revoke());
        pick
    }

    /// Which pick this is (see `generation`).
    pub fn generation(&self) -> u32 {
        self.generation.try_get_value().unwrap_or_default()
    }

    fn revoke(&self) {
        if let Some(Some(url)) = self.preview.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }

    fn set(&self, file: Option<web_sys::File>) {
        self.revoke();
        self.generation.try_update_value(|n| *n += 1);
        self.sending.try_set(false);
        let ok = file.as_ref().is_none_or(|f| {
            IMAGE_TYPES.contains(&f.type_().as_str()) && f.size() <= IMAGE_MAX_BYTES
        });
        self.error
            .try_set((!ok).then(|| tx().image_invalid.to_string()));
        self.preview.try_set(
            file.as_ref()
                .filter(|_| ok)
                .and_then(|f| web_sys::Url::create_object_url_with_blob(f).ok()),
        );
        self.file.try_set(file.filter(|_| ok));
    }

    /// After the post is published (or the image removed): the next image is a new upload.
    pub fn clear(&self) {
        self.set(None);
        self.upload.forget();
    }

    /// Percent of the image sent, while it is being (or has been) sent.
    fn progress(&self) -> Option<u32> {
        let total = self.upload.total.get().max(1.0);
        self.sending
            .get()
            .then(|| (self.upload.sent.get() / total * 100.0).min(100.0) as u32)
    }

    /// Uploads the picked image (or resumes/reuses an earlier upload of it); its upload id.
    pub async fn send(self) -> Result<Option<String>, UploadStop> {
        let Some(file) = self.file.try_get_untracked().flatten() else {
            return Ok(None);
        };
        self.sending.try_set(true);
        let result = self.upload.send(file).await;
        if matches!(result, Err(UploadStop::Failed(_))) {
            self.sending.try_set(false);
        }
        result.map(Some)
    }
}

#[component]
pub fn ImagePicker(image: ImagePick) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        image.set(input.files().and_then(|f| f.get(0)));
        input.set_value("");
    };
    view! {
        <div class="composer__image">
            {move || image.preview.get().map(|src| view! {
                <figure class="composer__preview">
                    <img src=src alt="" data-testid="image-preview"/>
                    <button type="button" class="post__action" on:click=move |_| image.clear()>{tx().remove_image}</button>
                </figure>
            })}
            <label class="button button--ghost button--small composer__pick">
                {tx().add_image}
                <input type="file" class="visually-hidden" accept="image/jpeg,image/png,image/webp,image/gif"
                    aria-describedby="image-error" on:change=on_change/>
            </label>
            <p id="image-error" class="field__error" role="alert">
                {move || image.error.get().or_else(|| image.progress().map(|n| (tx().uploading_image)(n)))}
            </p>
        </div>
    }
}
