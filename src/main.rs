//! Entry point: install the panic hook and mount the app. Everything else lives in the library.
fn main() {
    kepuri::panic_banner::install();
    if kepuri::i18n::locale() == kepuri::i18n::Locale::En {
        // The English table is a late pack: mount once it is here (or Chinese if it is not).
        // (Leptos sets its own executor up when mounting; this runs before that.)
        wasm_bindgen_futures::spawn_local(async {
            kepuri::sections::load_english().await;
            mount();
        });
    } else {
        mount();
    }
}

fn mount() {
    leptos::mount::mount_to_body(kepuri::App);
    kepuri::boot::remove_boot_screen();
}
