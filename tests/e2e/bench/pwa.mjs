// Installable and fast on a repeat visit (issue 19), against a running release build:
//   1. installability: Chrome's own check (CDP Page.getInstallabilityErrors) once the service
//      worker controls the page, and the manifest as served;
//   2. repeat visit on a throttled phone (4× CPU by Emulation.setCPUThrottlingRate; 1.6 Mbps
//      down, 750 kbps up, 150 ms round trip by Network.emulateNetworkConditions, on the page
//      and on the service worker): the time from navigation to home's content (the edition
//      status and the section cards in the DOM), first visit (nothing cached) against repeat
//      visits (service worker installed), and which of the app's files went to the network;
//   3. Lighthouse 12 (performance only: it has no PWA category any more) on the repeat visit:
//      its own Chrome on the same profile, storage kept, the same throttling applied by DevTools.
//   node bench/pwa.mjs <base URL>     Environment: PWA_RUNS (default 5), CHROME_PATH.
// Exits non-zero if Chrome reports an installability error, or an app file of a repeat visit
// went to the network.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tools = path.resolve(import.meta.dirname, '../../../.tools/node_modules');
const { default: puppeteer } = await import(path.join(tools, 'puppeteer-core/lib/esm/puppeteer/puppeteer-core.js'));
const base = (process.argv[2] || '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node bench/pwa.mjs <base URL>');
  process.exit(2);
}
const runs = Number(process.env.PWA_RUNS || 5);
const chrome = process.env.CHROME_PATH || '/usr/bin/chromium';
const NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let failed = false;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-pwa-bench-'));
const browser = await puppeteer.launch({
  executablePath: chrome,
  headless: true,
  userDataDir: profile,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  defaultViewport: { width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
});

/** The app's own files: everything the build wrote (not /api/, /media/). */
const isAppFile = (url) => url.startsWith(base) && !/^\/(api|media)\//.test(new URL(url).pathname);

async function throttle(session) {
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', NETWORK);
}

/** Throttles a page (and the service worker, when there is one) and loads `/` in it. */
async function visit(context) {
  const page = await context.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await throttle(cdp);
  const worker = browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(base));
  if (worker && context === browser.defaultBrowserContext()) await throttle(await worker.createCDPSession());
  await page.evaluateOnNewDocument(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="edition-status"]') && document.querySelector('.section-card')) {
        window.__homeShown = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const network = [];
  const fromWorker = [];
  page.on('response', (res) => {
    if (!isAppFile(res.url())) return;
    (res.fromServiceWorker() ? fromWorker : network).push(new URL(res.url()).pathname);
  });
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__homeShown !== undefined, { timeout: 60_000 });
  const shown = await page.evaluate(() => window.__homeShown);
  await page.close();
  return { shown, network, fromWorker };
}

// 1. Installability.
{
  const page = await browser.newPage();
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, { timeout: 60_000 });
  // The precache is complete once the worker is active (install waits for it).
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await page.createCDPSession();
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const { url, errors, data } = await cdp.send('Page.getAppManifest');
  const manifest = JSON.parse(data);
  console.log('## installability');
  console.log(`manifest ${url}: ${errors.length ? JSON.stringify(errors) : 'no errors'}; name ${manifest.name}, display ${manifest.display}, `
    + `start_url ${manifest.start_url}, icons ${manifest.icons.map((i) => `${i.sizes} ${i.purpose}`).join(', ')}`);
  console.log(`Page.getInstallabilityErrors: ${installabilityErrors.length ? JSON.stringify(installabilityErrors) : 'none (installable)'}`);
  if (installabilityErrors.length || errors.length) failed = true;
  await page.close();
}

// 2. First visit (a fresh incognito context: no service worker, no HTTP cache) and repeat visits.
console.log('\n## home content on a throttled phone (4× CPU, 1.6 Mbps, 150 ms RTT)');
const first = [];
for (let i = 0; i < runs; i += 1) {
  const context = await browser.createBrowserContext();
  first.push(await visit(context));
  await context.close();
}
const repeat = [];
for (let i = 0; i < runs; i += 1) repeat.push(await visit(browser.defaultBrowserContext()));
const wentOut = [...new Set(repeat.flatMap((r) => r.network))];
console.log(`first visit:  home content at ${Math.round(median(first.map((r) => r.shown)))} ms (median of ${runs}; `
  + `${median(first.map((r) => r.network.length))} app files from the network)`);
console.log(`repeat visit: home content at ${Math.round(median(repeat.map((r) => r.shown)))} ms (median of ${runs}; `
  + `runs ${repeat.map((r) => Math.round(r.shown)).join(', ')} ms; ${median(repeat.map((r) => r.fromWorker.length))} app files from the service worker, `
  + `${wentOut.length ? `FROM THE NETWORK: ${wentOut.join(', ')}` : 'none from the network'})`);
if (wentOut.length) failed = true;

await browser.close();

// 3. Lighthouse on the repeat visit: a Chrome of its own on this profile (its service worker and
// caches), storage kept.
const lighthouse = path.join(tools, '.bin/lighthouse');
const out = path.join(os.tmpdir(), `kepuri-pwa-lh-${process.pid}.json`);
const lh = [];
for (let i = 0; i < Math.min(runs, 3); i += 1) {
  execFileSync(lighthouse, [`${base}/`, '--quiet', '--disable-storage-reset', '--only-categories=performance',
    '--output=json', `--output-path=${out}`, '--form-factor=mobile', '--throttling-method=devtools',
    '--throttling.cpuSlowdownMultiplier=4', '--throttling.requestLatencyMs=150',
    '--throttling.downloadThroughputKbps=1638.4', '--throttling.uploadThroughputKbps=750', '--max-wait-for-load=30000',
    `--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --user-data-dir=${profile}`],
  { env: { ...process.env, CHROME_PATH: chrome }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
  const lhr = JSON.parse(fs.readFileSync(out, 'utf8'));
  const a = lhr.audits;
  if (lhr.runtimeError || lhr.categories.performance.score === null) {
    console.log(`Lighthouse run ${i + 1}: no score (${lhr.runtimeError ? lhr.runtimeError.code : 'no performance score'}; ${lhr.runWarnings.join(' / ')})`);
    continue;
  }
  lh.push({
    score: Math.round(lhr.categories.performance.score * 100),
    fcp: a['first-contentful-paint'].numericValue,
    lcp: a['largest-contentful-paint'].numericValue,
    tbt: a['total-blocking-time'].numericValue,
    bytes: a['total-byte-weight'].numericValue,
  });
}
const m = (k) => median(lh.map((x) => x[k]));
console.log(`\n## Lighthouse ${JSON.parse(fs.readFileSync(path.join(tools, 'lighthouse/package.json'), 'utf8')).version}, repeat visit of /`
  + ` (devtools throttling as above, median of ${lh.length})`);
console.log(`performance ${m('score')} (runs ${lh.map((x) => x.score).join(', ')}), FCP ${(m('fcp') / 1000).toFixed(2)} s, `
  + `LCP ${(m('lcp') / 1000).toFixed(2)} s, TBT ${Math.round(m('tbt'))} ms, ${(m('bytes') / 1024).toFixed(0)} KiB transferred`);

fs.rmSync(out, { force: true });
fs.rmSync(profile, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
