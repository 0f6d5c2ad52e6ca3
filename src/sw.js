// 云上科普日's service worker, templated by scripts/pwa-build.mjs (release builds): the
// placeholders become this build's id and the files it holds. Plain JS, no framework.
//
// - The app's files: precached at install into a cache named by the build, so a page only ever
//   gets the index.html and the wasm of one build. A file the previous build already had (same
//   hashed name) is copied from its cache, not downloaded again. The staff sections' packs are
//   kept the first time they are used instead of precached for every visitor.
// - Navigations (in-app paths): the build's index.html from the cache, also online. A repeat
//   visit then needs nothing from the network to start, on a weak signal too; a new build comes
//   as a new sw.js (the browser checks it on every navigation, served `no-cache`), which waits
//   until the page's 有新版本，点击刷新 lets it take over (src/pwa.js).
// - API reads the user has seen (lists and details): network first; each 200 is stored, and the
//   stored copy is answered only when the network fails, marked `X-Kepuri-Cached-At`. Not
//   stale-while-revalidate: online, a like or a reservation must show its new count and places
//   at once, not the copy from before the write. Bounded: the newest API_MAX_ENTRIES, none older
//   than API_MAX_AGE_MS. Dropped when the session changes (the page's kepuri-clear-api-cache).
// - Never touched: writes (non-GET), Range requests, /media/ (video), uploads, auth, staff APIs,
//   other origins.
const BUILD = __BUILD__;
const PRECACHE = __PRECACHE__;
const ON_USE = __ON_USE__;
const STATIC = `kepuri-static-${BUILD}`;
const API = 'kepuri-api';
const API_MAX_ENTRIES = 200;
const API_MAX_AGE_MS = 7 * 24 * 3600 * 1000; // the week of 科普日
const CACHED_AT = 'X-Kepuri-Cached-At';
const INDEX = '/index.html';
const FILES = new Set([...PRECACHE, ...ON_USE]);
// What a visitor reads (the contract's GET paths under /api/v1), nothing of the back office.
const API_READS = new RegExp('^/api/v1/(edition|regions|themes|event-kinds|now'
  + '|activities(/[^/]+(/availability)?)?|livestreams(/[^/]+)?|challenges(/[^/]+(/entries)?)?'
  + '|entries/[^/]+|volunteers(/leaderboard|/[^/]+)?|topics(/[^/]+(/posts)?)?|posts/[^/]+'
  + '|me(/(reservations(/[^/]+(/qr\\.svg)?)?|entries|likes|saved(/ids)?|roles))?)$');

// Bumped when the session changes: a response that left before it is not stored after it.
let session = 0;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC);
    await Promise.all([INDEX, ...PRECACHE].map(async (file) => {
      const kept = file !== INDEX && (await caches.match(file));
      const res = kept || (await fetch(file, { cache: file === INDEX ? 'no-cache' : 'default' }));
      if (!res.ok) throw new Error(`${file}: HTTP ${res.status}`);
      await cache.put(file, res);
    }));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== STATIC && name !== API) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'kepuri-clear-api-cache') {
    session += 1;
    event.waitUntil(caches.delete(API));
  } else if (type === 'kepuri-skip-waiting') {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || req.headers.has('range')) return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const p = url.pathname;
  if (req.mode === 'navigate') {
    // In-app paths only: /api/, /media/ and files (robots.txt, the legal texts) go as they are.
    if (!p.startsWith('/api/') && !p.startsWith('/media/') && !p.split('/').pop().includes('.')) {
      event.respondWith(shell(req));
    }
  } else if (FILES.has(p)) {
    event.respondWith(file(req, p));
  } else if (API_READS.test(p)) {
    event.respondWith(apiRead(event, req));
  }
});

async function shell(req) {
  const cached = await caches.match(INDEX, { cacheName: STATIC });
  return cached || fetch(req);
}

async function file(req, p) {
  const cache = await caches.open(STATIC);
  const cached = await cache.match(p);
  if (cached) return cached;
  const res = await fetch(req);
  if (res.ok && !PRECACHE.includes(p)) await cache.put(p, res.clone());
  return res;
}

async function apiRead(event, req) {
  const seen = session;
  let res;
  try {
    res = await fetch(req);
  } catch (error) {
    const cached = await (await caches.open(API)).match(req);
    if (cached && Date.now() - Date.parse(cached.headers.get(CACHED_AT)) < API_MAX_AGE_MS) return cached;
    throw error;
  }
  if (res.status === 200) event.waitUntil(keep(req, res.clone(), seen));
  return res;
}

async function keep(req, res, seen) {
  const headers = new Headers(res.headers);
  headers.set(CACHED_AT, new Date().toISOString());
  const copy = new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers });
  if (seen !== session) return;
  const cache = await caches.open(API);
  await cache.put(req, copy);
  // Keys come back oldest first (a stored URL moves to the end).
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - API_MAX_ENTRIES))) await cache.delete(old);
}
