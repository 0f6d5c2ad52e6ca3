// Imported by the boot code (src/boot.js) once the app has rendered, in release builds only:
// registers the service worker (src/sw.js) and offers a new build when one is waiting.
//
// A new build installs beside the running one and waits; the page shows index.html's
// #update-bar and its button (有新版本，点击刷新, in the app's locale: src/boot.rs sets the
// text) once.
// Tapping it lets the new worker take over, and the page reloads once it has (controllerchange),
// so the reloaded page gets the new build's index.html and wasm together, never a mix.
const sw = navigator.serviceWorker;
if (sw) {
  const button = document.getElementById('update-button');
  // The first install taking control (clients.claim) is no update; a later change of worker is
  // one, whether this page's tap or another tab's asked for it: this page's files are the old
  // build's, so it reloads into the new one.
  let controlled = !!sw.controller;
  let reloading = false;
  sw.addEventListener('controllerchange', () => {
    if (controlled && !reloading) {
      reloading = true;
      location.reload();
    }
    controlled = true;
  });
  // Login and logout (src/boot.rs, from the session code): the worker's API copies were the
  // previous user's.
  addEventListener('kepuri-session-change', () => {
    if (sw.controller) sw.controller.postMessage({ type: 'kepuri-clear-api-cache' });
  });
  const offer = (worker) => {
    if (!sw.controller || !button || !button.hidden) return;
    // The live region (role=status) appears empty first and the button a moment later, so
    // screen readers announce it; until then no status region stands beside the app's toasts.
    button.parentElement.hidden = false;
    setTimeout(() => { button.hidden = false; }, 100);
    button.addEventListener('click', () => {
      button.disabled = true;
      worker.postMessage({ type: 'kepuri-skip-waiting' });
    }, { once: true });
  };
  sw.register('/sw.js').then((reg) => {
    // (A test browser that blocks service workers resolves with nothing.)
    if (!reg) return;
    if (reg.waiting) offer(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed') offer(worker);
      });
    });
    // A tab left open for days (a visitor comes back during the week) looks for a new build
    // whenever it is shown again.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reg.update().catch(() => {});
    });
  }, (error) => console.warn('service worker', error));
}
