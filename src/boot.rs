//! The light first paint in `index.html` (`#boot`) shows until the app has mounted.
pub fn remove_boot_screen() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        el.remove();
    }
}
