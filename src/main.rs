//! Entry point: install the panic hook and mount the app. Everything else lives in the library.
fn main() {
    kepuri::panic_banner::install();
    leptos::mount::mount_to_body(kepuri::App);
    kepuri::boot::remove_boot_screen();
}
