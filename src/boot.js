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
    // Home's 现在能做什么 lists (the late pack `now`, instantiated after the first paint): fetched
    // now too, with their data below, since their first cover is the largest thing home paints.
    if (location.pathname === '/') wanted.push(...(sections.now || []));
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
    // The page's first API read, started now instead of once the app runs, and the image it
    // will paint first preloaded from its answer: on a phone the two round trips otherwise come
    // after the code has arrived. Only on a first, anonymous visit (no session: the app would
    // send its token; no 附近 city: the lists would ask by it) and with no query in the URL: the
    // app then asks for exactly these URLs, with these headers, and its client
    // (src/api/client.rs, `take_prefetched`) takes the answer instead of asking again.
    const api = __API_BASE__;
    const lang = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
    let fresh = !location.search;
    try {
      fresh = fresh && !localStorage.getItem('kepuri.session') && !localStorage.getItem('kepuri.near.city');
    } catch {
      fresh = false;
    }
    const lead = (field) => (answer) => answer.items?.[0]?.[field];
    // A detail page's id as the app writes it into the API path (ids are plain: act_000001).
    const id = /^[A-Za-z0-9_-]+$/.test(parts[2] || '') ? parts[2] : null;
    if (parts.length > 3 || (parts[2] && !id)) fresh = false;
    const reads = !fresh ? [] : {
      '': [['/now', (n) => (n.live?.[0] || n.streams_soon?.[0] || n.starting_soon?.[0])?.cover_url]],
      activities: id ? [[`/activities/${id}`, (a) => a.cover_url]]
        : [['/activities?sort=now&time_status=ongoing%2Cupcoming&limit=20', lead('cover_url')]],
      live: id ? [[`/livestreams/${id}`, (a) => a.cover_url]]
        : [['/livestreams?status=live&limit=20', lead('cover_url')]],
      challenge: id ? [] : [['/challenges/ch_2021', (c) => c.banner_url],
        ['/challenges/ch_2021/entries?sort=latest&limit=20']],
      volunteers: id ? [] : [['/volunteers?limit=20', lead('photo_url')]],
      topics: id ? [] : [['/topics?limit=20', lead('cover_url')]],
    }[parts[1]] || [];
    const prefetched = new Map();
    for (const [read, image] of reads) {
      const url = api + read;
      const response = fetch(url, {
        headers: { Accept: 'application/json, application/problem+json', 'Accept-Language': lang },
      }).then((answer) => {
        if (answer.ok && image) {
          answer.clone().json().then((body) => {
            const src = image(body);
            if (typeof src !== 'string' || !src) return;
            const link = document.createElement('link');
            link.rel = 'preload';
            link.as = 'image';
            link.href = src;
            link.fetchPriority = 'high';
            document.head.append(link);
          }).catch(() => {});
        }
        return answer;
      });
      // A failed prefetch is not reported here: the app asks again and handles the error.
      response.catch(() => {});
      prefetched.set(url, { lang, response });
    }
    globalThis.__kepuriPrefetch = prefetched;
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
