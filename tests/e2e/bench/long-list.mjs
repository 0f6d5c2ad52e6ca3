// Benchmark (not a test): does /activities stay smooth with thousands of loaded results?
// Loads result pages through the app's own infinite scroll until TARGET cards are in the
// list, then scrolls the page frame by frame and reports frame intervals, long tasks and DOM
// size — once early (100 cards) and once at TARGET, so a slowdown that grows with the list
// shows as a difference. Run by scripts/bench against a server with the built app.
// Usage: node long-list.mjs http://127.0.0.1:PORT [TARGET]
import { chromium } from '@playwright/test';

const base = process.argv[2];
const target = Number(process.argv[3] ?? 2000);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
});
await page.goto(`${base}/activities?sort=start`);
await page.locator('.activity-card').first().waitFor();

const cards = () => page.getByTestId('results').evaluate((el) => Number(el.dataset.loaded));
const appendTimes = [];

async function loadUntil(n) {
  let count = await cards();
  while (count < n) {
    const started = Date.now();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction((c) => Number(document.querySelector('[data-testid=results]').dataset.loaded) > c, count, { timeout: 30000 });
    appendTimes.push(Date.now() - started);
    count = await cards();
  }
  return count;
}

// Scrolls down from the top in steps of `step` px per animation frame for `frames` frames.
async function scrollFrames(frames = 240, step = 48) {
  return page.evaluate(async ({ frames, step }) => {
    window.scrollTo(0, 0);
    // Let the blocks at the top draw after the jump; then measure steady scrolling.
    await new Promise((r) => setTimeout(r, 1000));
    window.__longTasks = [];
    const gaps = [];
    let last = await new Promise(requestAnimationFrame);
    for (let i = 0; i < frames; i++) {
      window.scrollBy(0, step);
      const now = await new Promise(requestAnimationFrame);
      gaps.push(now - last);
      last = now;
    }
    gaps.sort((a, b) => a - b);
    const pct = (p) => gaps[Math.min(gaps.length - 1, Math.round((gaps.length - 1) * p))];
    return {
      p50: pct(0.5), p95: pct(0.95), max: gaps[gaps.length - 1],
      over20: gaps.filter((g) => g > 20).length,
      longTasks: window.__longTasks.length,
      domNodes: document.getElementsByTagName('*').length,
      rendered: document.querySelectorAll('.activity-card').length,
      heapMiB: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null,
    };
  }, { frames, step });
}

const rows = [];
const early = await loadUntil(100);
rows.push({ cards: early, ...(await scrollFrames()) });
const late = await loadUntil(target);
const longDuringLoad = await page.evaluate(() => window.__longTasks.slice());
rows.push({ cards: late, ...(await scrollFrames()) });

// Appending one more page at the end of the long list: how long the main thread is busy.
const before = await page.evaluate(() => { window.__longTasks = []; return Number(document.querySelector('[data-testid=results]').dataset.loaded); });
await loadUntil(before + 1);
const appendLong = await page.evaluate(() => window.__longTasks.slice());
await browser.close();

const f = (v) => (v == null ? '—' : v.toFixed(1));
console.log(`loaded  drawn   frame p50   frame p95   frame max   frames>20ms   long tasks   DOM elements   JS heap`);
for (const r of rows) {
  console.log(`${String(r.cards).padStart(6)}  ${String(r.rendered).padStart(5)}   ${f(r.p50).padStart(6)} ms   ${f(r.p95).padStart(6)} ms   ${f(r.max).padStart(6)} ms   ${String(r.over20).padStart(8)}/240   ${String(r.longTasks).padStart(10)}   ${String(r.domNodes).padStart(12)}   ${f(r.heapMiB)} MiB`);
}
appendTimes.sort((a, b) => a - b);
console.log(`page appends: ${appendTimes.length}, p50 ${appendTimes[Math.floor(appendTimes.length / 2)]} ms, max ${appendTimes[appendTimes.length - 1]} ms (scroll → new cards, incl. the request)`);
console.log(`long tasks while loading ${late} cards: ${longDuringLoad.length}, longest ${f(Math.max(0, ...longDuringLoad))} ms`);
console.log(`long tasks appending page ${Math.ceil((before + 1) / 20)}: ${appendLong.length}, longest ${f(Math.max(0, ...appendLong))} ms`);
