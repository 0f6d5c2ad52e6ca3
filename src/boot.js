// Start-up, appended to the main JS module by scripts/split-build.mjs (index.html has no inline
// script, so a strict Content-Security-Policy holds). The placeholders are filled in by the build.
// In the section loader's compile worker (which imports this module too) it does nothing.
if (typeof document !== 'undefined') {
  const mainWasm = new URL(__MAIN_WASM__, import.meta.url);
  // Files of each section (its split module and the chunks it shares), and which section the
  // first URL segment opens.
  const sections = __SECTIONS__;
  const sectionOfSegment = __SECTION_OF_SEGMENT__;

  const banner = document.getElementById('panic-banner');
  if (banner) banner.addEventListener('click', () => location.reload());

  if (typeof WebAssembly !== 'object') {
    const noWasm = document.getElementById('no-wasm');
    if (noWasm) noWasm.hidden = false;
  } else {
    // A deep link fetches its section in parallel with the main module, not after it: the
    // loader's fetch() of the same URL then takes the preloaded response.
    // Two segments first: /me/saved is the activities section's, the rest of /me the account's.
    const parts = location.pathname.split('/');
    const section = sectionOfSegment[parts.slice(1, 3).join('/')] || sectionOfSegment[parts[1] || ''];
    const wanted = [...(sections[section] || [])];
    // In English the UI table is the late pack `en`, awaited before mounting: fetched now too.
    // (A hint only: src/i18n.rs decides, from the saved choice or, on a first visit, the first
    // zh* or en* of navigator.languages.)
    let saved = null;
    try {
      saved = localStorage.getItem('kepuri.locale');
    } catch {
      // Storage refused (a privacy mode): the app treats it as nothing saved too.
    }
    const first = (navigator.languages || [navigator.language || '']).find((l) => /^(zh|en)\b/i.test(l));
    if (saved ? /^"?en"?$/.test(saved) : /^en/i.test(first || '')) {
      wanted.push(...(sections.en || []));
      // The start screen in English too (the app's table says the same once it has loaded).
      const say = (selector, text) => {
        const el = document.querySelector(selector);
        if (el) el.textContent = text;
      };
      document.documentElement.lang = 'en';
      say('.boot__name', 'Cloud Science Day');
      say('.boot__theme', 'National Science Day 2021 · Setting out again after a century, toward self-reliance in science and technology');
      say('#panic-banner', 'Something went wrong — tap to reload');
    }
    for (const file of wanted) {
      const link = document.createElement('link');
      link.rel = 'preload';
      link.as = 'fetch';
      link.type = 'application/wasm';
      link.crossOrigin = 'anonymous';
      link.href = new URL(`./${file}`, import.meta.url).href;
      document.head.append(link);
    }
    // Once rendered: src/pwa.js (null in dev builds).
    const pwa = __PWA__;
    __wbg_init({ module_or_path: mainWasm }).then(() => pwa && import(pwa), (error) => {
      console.error(error);
      if (banner) banner.hidden = false;
    });
  }
}
