//! Sharing a page: the Web Share API where the browser has it, otherwise copying the link.
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareOutcome {
    Shared,
    Copied,
    Cancelled,
    Failed,
}

fn call(target: &JsValue, method: &str, arg: &JsValue) -> Option<js_sys::Promise> {
    let f = js_sys::Reflect::get(target, &JsValue::from_str(method)).ok()?;
    let f: js_sys::Function = f.dyn_into().ok()?;
    f.call1(target, arg).ok()?.dyn_into().ok()
}

pub async fn share_or_copy(title: &str, url: &str) -> ShareOutcome {
    let Some(window) = web_sys::window() else {
        return ShareOutcome::Failed;
    };
    let navigator: JsValue = window.navigator().into();
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"url".into(), &url.into());
    if let Some(promise) = call(&navigator, "share", &data) {
        return match JsFuture::from(promise).await {
            Ok(_) => ShareOutcome::Shared,
            Err(e) => {
                let name = js_sys::Reflect::get(&e, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string());
                if name.as_deref() == Some("AbortError") {
                    ShareOutcome::Cancelled
                } else {
                    copy(&navigator, url).await
                }
            }
        };
    }
    copy(&navigator, url).await
}

async fn copy(navigator: &JsValue, text: &str) -> ShareOutcome {
    let Some(clipboard) = js_sys::Reflect::get(navigator, &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined())
    else {
        return ShareOutcome::Failed;
    };
    let Some(promise) = call(&clipboard, "writeText", &text.into()) else {
        return ShareOutcome::Failed;
    };
    match JsFuture::from(promise).await {
        Ok(_) => ShareOutcome::Copied,
        Err(_) => ShareOutcome::Failed,
    }
}
