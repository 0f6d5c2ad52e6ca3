//! The entry's video: chosen or recorded, checked in the browser (type, size, and the duration
//! from a `<video>` element's metadata) before any byte is sent, previewed, and — when it is the
//! file of an unfinished upload — announced as continuing from the server's offset.
use super::text::tx;
use crate::hooks::UseUploadReturn;
use crate::models::{check_video, human_bytes, Challenge, VideoProblem};
use leptos::prelude::*;

/// The picked video and what is known about it.
#[derive(Clone, Copy)]
pub struct VideoPick {
    pub file: RwSignal<Option<web_sys::File>, LocalStorage>,
    preview: RwSignal<Option<String>>,
    duration: RwSignal<Option<f64>>,
    error: RwSignal<Option<String>>,
    /// The duration is still being read from the file.
    checking: RwSignal<bool>,
    resume_note: RwSignal<Option<String>>,
    challenge: StoredValue<Challenge>,
}

impl VideoPick {
    pub fn new(challenge: StoredValue<Challenge>) -> Self {
        let pick = Self {
            file: RwSignal::new_local(None),
            preview: RwSignal::new(None),
            duration: RwSignal::new(None),
            error: RwSignal::new(None),
            checking: RwSignal::new(false),
            resume_note: RwSignal::new(None),
            challenge,
        };
        on_cleanup(move || pick.revoke());
        pick
    }

    fn revoke(&self) {
        if let Some(Some(url)) = self.preview.try_get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }

    /// Whether a video is picked and passed every check (says why not next to the field).
    pub fn validate(&self) -> bool {
        if self.file.read_untracked().is_none() {
            self.error.set(Some(tx().sub_video_missing.into()));
        }
        self.error.read_untracked().is_none() && !self.checking.get_untracked()
    }

    /// What the server found wrong with the uploaded video, next to the field.
    pub fn show_error(&self, message: String) {
        self.error.try_set(Some(message));
    }

    fn check(&self) {
        let Some(f) = self.file.get_untracked() else {
            return;
        };
        let duration = self.duration.get_untracked();
        let problem = self
            .challenge
            .with_value(|c| check_video(c, &f.type_(), &f.name(), f.size(), duration));
        self.error.set(problem.map(|p| {
            match p {
                VideoProblem::Container => tx().sub_container.to_string(),
                VideoProblem::TooLarge => (tx().sub_too_large)(
                    &self
                        .challenge
                        .with_value(|c| human_bytes(c.max_bytes as f64)),
                ),
                VideoProblem::TooLong => {
                    (tx().sub_too_long)(self.challenge.with_value(|c| c.max_duration_seconds))
                }
                VideoProblem::Unreadable => tx().sub_unreadable.to_string(),
            }
        }));
    }

    fn pick(&self, f: web_sys::File, upload: UseUploadReturn) {
        self.revoke();
        self.duration.set(None);
        self.resume_note.set(None);
        let (picked, note) = (f.clone(), self.resume_note);
        leptos::task::spawn_local(async move {
            if let Some(done) = upload.resumable(&picked).await {
                note.try_set(Some((tx().sub_resuming)((done * 100.0) as u32)));
            }
        });
        // Type and size now; duration when the preview's metadata arrives.
        let quick = self
            .challenge
            .with_value(|c| check_video(c, &f.type_(), &f.name(), f.size(), Some(1.0)));
        self.checking.set(quick.is_none());
        self.preview.set(
            quick
                .is_none()
                .then(|| web_sys::Url::create_object_url_with_blob(&f).ok())
                .flatten(),
        );
        self.file.set(Some(f));
        self.check();
    }

    fn measured(&self, duration: Option<f64>) {
        self.duration.set(duration);
        self.checking.set(false);
        self.check();
    }
}

/// The file input, its error, the resume note, the preview and the file's size and length.
#[component]
pub fn VideoField(
    pick: VideoPick,
    upload: UseUploadReturn,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            pick.pick(f, upload);
        }
    };
    let on_metadata = move |ev: leptos::ev::Event| {
        let v: web_sys::HtmlMediaElement = event_target(&ev);
        pick.measured(Some(v.duration()));
    };
    view! {
        <div class="field">
            <label class="field__label" for="entry-video">{tx().sub_video_label}</label>
            <input id="entry-video" class="field__input submit-form__file" type="file" accept="video/mp4,video/quicktime,video/webm,video/*" capture="environment"
                aria-describedby="video-error" aria-invalid=move || pick.error.read().is_some().to_string() prop:disabled=disabled on:change=on_pick/>
            <p id="video-error" class="field__error" role="alert">
                {move || pick.error.get().or_else(|| pick.checking.get().then(|| tx().sub_checking.to_string()))}
            </p>
            {move || pick.resume_note.get().map(|n| view! { <p class="form-notice" data-testid="resume-note">{n}</p> })}
            {move || pick.preview.get().map(|src| view! {
                <video class="submit-form__preview" src=format!("{src}#t=0.1") preload="metadata" controls playsinline muted
                    on:loadedmetadata=on_metadata on:error=move |_| pick.measured(None) data-testid="video-preview"></video>
            })}
            {move || match (pick.file.get(), pick.duration.get().filter(|d| d.is_finite())) {
                (Some(f), Some(d)) => Some(view! { <p class="muted">{(tx().sub_video_info)(&human_bytes(f.size()), d.round() as u32)}</p> }),
                _ => None,
            }}
        </div>
    }
}
