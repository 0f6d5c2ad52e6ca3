// The split build (scripts/split-build.mjs): every route opened directly renders from its own
// section chunk with no console error, a deep link fetches its section together with the main
// module, navigating across all sections and back works, and what `/` sends is the precompressed
// size the budget counts.
import { test, expect } from '../fixtures.js';
import fs from 'node:fs';
import path from 'node:path';
import { AppPage, logInAs } from '../pages/app.js';

// These tests fail requests with page.route, which does not see what a service worker answers
// (app files from its precache, API reads it fetches itself): without one here. The worker has
// its own tests (pwa.spec.js); every other spec runs with it.
test.use({ serviceWorkers: 'block' });

const root = path.resolve(import.meta.dirname, '../../..');
const target = path.resolve(root, process.env.CARGO_TARGET_DIR || 'target');
const manifest = JSON.parse(fs.readFileSync(path.join(target, 'split/release/manifest.json'), 'utf8'));

// One real path per route, with what each shows once its section has loaded.
const ROUTES = [
  ['/', (p) => p.getByTestId('edition-status')],
  ['/activities', (p) => p.getByRole('heading', { level: 1, name: '活动查询' })],
  ['/activities/act_000001', (p) => p.getByTestId('activity-title')],
  ['/live', (p) => p.getByRole('heading', { level: 1, name: '科普直播' })],
  ['/live/ls_0001', (p) => p.locator('video')],
  ['/challenge', (p) => p.getByRole('heading', { level: 1 })],
  ['/challenge/entries/ent_0001', (p) => p.getByRole('heading', { level: 1 })],
  ['/challenge/submit', (p) => p.getByRole('heading', { level: 1, name: '投稿「点亮好奇心」' })],
  ['/volunteers', (p) => p.getByRole('heading', { level: 1, name: '点赞科技志愿' })],
  ['/volunteers/leaderboard', (p) => p.getByRole('heading', { level: 1 })],
  ['/volunteers/vol_0001', (p) => p.getByRole('heading', { level: 1 })],
  ['/topics', (p) => p.getByRole('heading', { level: 1, name: '话题互动' })],
  ['/topics/tp_001', (p) => p.getByRole('heading', { level: 1 })],
  ['/login', (p) => p.getByRole('heading', { level: 1, name: '登录' })],
  ['/legal/privacy', (p) => p.getByTestId('legal-text')],
  ['/me', (p) => p.getByRole('heading', { level: 1, name: '我的' })],
  ['/me/saved', (p) => p.getByRole('heading', { level: 1, name: '我的收藏' })],
  ['/organiser', (p) => p.getByRole('heading', { level: 1, name: '举办单位' })],
  ['/organiser/unit', (p) => p.getByRole('heading', { level: 1, name: '举办单位信息' })],
  ['/organiser/activities/new', (p) => p.getByRole('heading', { level: 1, name: '登记活动' })],
  ['/organiser/activities/act_r00001/edit', (p) => p.getByRole('heading', { level: 1, name: '编辑活动' })],
  ['/organiser/activities/act_000001/check-in', (p) => p.getByRole('heading', { level: 1, name: '现场签到' })],
  ['/review', (p) => p.getByRole('heading', { level: 1, name: '审核' })],
  ['/review/activities/act_r00001', (p) => p.getByRole('heading', { level: 1, name: '审核活动' })],
  ['/review/units/unit_000001', (p) => p.getByRole('heading', { level: 1, name: '审核单位' })],
  // summary
  ['/organiser/summary', (p) => p.getByRole('heading', { level: 1, name: '工作总结' })],
  ['/moderation', (p) => p.getByRole('heading', { level: 1, name: '内容审核' })],
  ['/moderation/entries', (p) => p.getByRole('heading', { level: 1, name: '作品审核' })],
  // stats
  ['/stats', (p) => p.getByTestId('stats-table-province')],
  ['/review/stats', (p) => p.getByRole('heading', { level: 1, name: '统计' })],
  // results
  ['/organiser/activities/act_000072/results', (p) => p.getByRole('heading', { level: 1, name: '活动回顾' })],
  // modfb
  ['/organiser/activities/act_000072/feedback', (p) => p.getByRole('heading', { level: 1, name: '活动评价' })],
];

/** Console errors and uncaught exceptions (a panic logs one and shows the banner). */
function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

// `/` loads home's lists (the late section `now`) once its shell has painted.
const sectionOf = (route) => (route === '/' ? 'now'
  : manifest.section_of_segment[route.split('/').slice(1, 3).join('/')] ?? manifest.section_of_segment[route.split('/')[1]]);

// An activity that has started (act_000001, by the suite's clock) asks for its after-the-week
// parts, the late pack `after` (反馈评价, 活动回顾); 活动回顾's editor is the late pack `results`.
const LATE_OF_ROUTE = {
  '/me/saved': 'saved',
  '/activities/act_000001': 'after', // public
  '/organiser/activities/act_000072/results': 'results', // results
  '/organiser/activities/act_000072/feedback': 'results', // modfb
};

for (const [route, shown] of ROUTES) {
  test(`a direct load of ${route} renders from its section with no console error`, async ({ page }) => {
    const errors = watchErrors(page);
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname.slice(1)));
    const app = new AppPage(page);
    await app.goto(route);
    await expect(shown(page).first()).toBeVisible();
    await expect(page.locator('#panic-banner')).toBeHidden();
    const section = sectionOf(route);
    for (const file of section ? manifest.sections[section] : []) expect(fetched).toContain(file);
    // The late pack the page itself asks for once it runs (/me/saved: 收藏's, `saved`; a started
    // activity: `after`).
    const late = LATE_OF_ROUTE[route];
    for (const file of late ? manifest.sections[late] : []) expect(fetched).toContain(file);
    // Only this route's section: the others stay on the server until they are visited.
    const wanted = [section, late].flatMap((s) => manifest.sections[s] ?? []);
    for (const [other, files] of Object.entries(manifest.sections)) {
      if (other !== section && other !== late) for (const file of files.filter((f) => !wanted.includes(f))) expect(fetched).not.toContain(file);
    }
    expect(errors).toEqual([]);
  });
}

test('a deep link to /activities requests its section while the main module is still loading', async ({ page }) => {
  const started = new Map();
  const finished = new Map();
  page.on('request', (r) => started.set(new URL(r.url()).pathname.slice(1), Date.now()));
  page.on('requestfinished', (r) => finished.set(new URL(r.url()).pathname.slice(1), Date.now()));
  // Slow the main module down so "in parallel" and "after" can't look alike.
  const mainWasm = manifest.main.find((f) => f.endsWith('.wasm'));
  await page.route(`**/${mainWasm}`, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  const app = new AppPage(page);
  await app.goto('/activities');
  await expect(page.getByRole('heading', { level: 1, name: '活动查询' })).toBeVisible();
  for (const file of manifest.sections.activities) {
    expect(started.has(file), `${file} requested`).toBe(true);
    expect(started.get(file), `${file} requested before the main wasm arrived`).toBeLessThan(finished.get(mainWasm));
  }
});

// The start-up script fetches a deep link's first API read and preloads the image that read
// names first while the main module loads; the app then takes that answer (one request, not two).
const FIRST_READS = [
  ['/', '/api/v1/now', (p) => p.getByTestId('edition-status')],
  ['/activities', '/api/v1/activities?sort=now&time_status=ongoing%2Cupcoming&limit=20', (p) => p.locator('.activity-card').first()],
  ['/activities/act_000001', '/api/v1/activities/act_000001', (p) => p.getByTestId('activity-title')],
  ['/live', '/api/v1/livestreams?status=live&limit=20', (p) => p.getByRole('heading', { level: 1, name: '科普直播' })],
  ['/challenge', '/api/v1/challenges/ch_2021/entries?sort=latest&limit=20', (p) => p.getByRole('heading', { level: 1 })],
  ['/volunteers', '/api/v1/volunteers?limit=20', (p) => p.getByRole('heading', { level: 1, name: '点赞科技志愿' })],
  ['/topics', '/api/v1/topics?limit=20', (p) => p.getByRole('heading', { level: 1 })],
];
for (const [route, read, shown] of FIRST_READS) {
  test(`a deep link to ${route} starts its first API read and image with the main module, and reads once`, async ({ page }) => {
    const started = [];
    let mainArrived = Infinity;
    page.on('request', (r) => {
      const u = new URL(r.url());
      started.push({ at: Date.now(), url: u.pathname + u.search, type: r.resourceType() });
    });
    const mainWasm = manifest.main.find((f) => f.endsWith('.wasm'));
    page.on('requestfinished', (r) => {
      if (r.url().endsWith(mainWasm)) mainArrived = Date.now();
    });
    await page.route(`**/${mainWasm}`, async (r) => {
      await new Promise((done) => setTimeout(done, 1500));
      await r.continue();
    });
    const app = new AppPage(page);
    await app.goto(route);
    await expect(shown(page)).toBeVisible();
    await page.waitForLoadState('networkidle');
    const reads = started.filter((r) => r.url === read);
    expect(reads.length, `${read} asked for once`).toBe(1);
    expect(reads[0].at, `${read} asked for before the main wasm arrived`).toBeLessThan(mainArrived);
    const images = started.filter((r) => r.type === 'image' && r.url.startsWith('/media/'));
    if (route !== '/challenge' || images.length) {
      expect(images.length, 'an image requested').toBeGreaterThan(0);
      expect(images[0].at, `${images[0].url} requested before the main wasm arrived`).toBeLessThan(mainArrived);
    }
  });
}

test('when the start-up script\'s read fails, the page asks again and shows its list', async ({ page }) => {
  let calls = 0;
  await page.route((url) => url.pathname === '/api/v1/topics', async (r) => {
    calls += 1;
    if (calls === 1) await r.abort('connectionreset');
    else await r.continue();
  });
  await new AppPage(page).goto('/topics');
  await expect(page.locator('.topic-card').first()).toBeVisible();
  expect(calls).toBe(2);
});

test('a signed-in visit is not prefetched: the app asks, with its token', async ({ page }) => {
  await logInAs(page, '13800000009', '/');
  const reads = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/topics?')) reads.push(r.headers().authorization || '');
  });
  await page.reload();
  await new AppPage(page).goto('/topics');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(reads).toEqual([expect.stringMatching(/^Bearer /)]);
  expect(await page.evaluate(() => globalThis.__kepuriPrefetch.size)).toBe(0);
});

test('a section\'s modules are compiled off the main thread, by a worker running the loader', async ({ page }) => {
  const loader = manifest.main.find((f) => f.startsWith('wasm_split-'));
  const workers = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname.slice(1)));
  const app = new AppPage(page);
  // A page of the main module alone (`/` loads home's lists, a section, once it has painted).
  await app.goto('/no-such-page');
  expect(workers, 'no worker before a section is needed').toEqual([]);
  await app.tabBar.getByRole('link', { name: '活动' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '活动查询' })).toBeVisible();
  expect(workers).toEqual([loader]);
});

test('without module workers a section still loads (compiled on the main thread)', async ({ page }) => {
  const errors = watchErrors(page);
  await page.addInitScript(() => {
    window.Worker = function Worker() {
      throw new TypeError('module workers are not supported here');
    };
  });
  const app = new AppPage(page);
  await app.goto('/volunteers');
  await expect(page.getByRole('heading', { level: 1, name: '点赞科技志愿' })).toBeVisible();
  await app.tabBar.getByRole('link', { name: '活动' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '活动查询' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('navigating across every section and back works', async ({ page }) => {
  const errors = watchErrors(page);
  const app = new AppPage(page);
  await app.goto('/');
  // 话题互动 is reached from its card on the home page (the phone tab bar has five tabs).
  await app.main.getByRole('link', { name: /话题互动/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '话题互动' })).toBeVisible();
  const tabs = [['活动', '活动查询'], ['直播', '科普直播'], ['短视频', '「点亮好奇心」短视频征集'], ['志愿者', '点赞科技志愿'], ['我的', '我的']];
  for (const [tab, heading] of tabs) {
    await app.page.getByRole('link', { name: tab, exact: true }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }
  for (const heading of [...tabs.slice(0, -1).map(([, h]) => h).reverse(), '话题互动']) {
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }
  await page.goBack();
  await expect(page.getByTestId('edition-status')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a section that fails to load shows an error with a retry, not a dead app', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto('/');
  let failing = true;
  for (const file of manifest.sections.volunteers) {
    await page.route(`**/${file}`, (route) => (failing ? route.abort('connectionreset') : route.continue()));
  }
  await app.tabBar.getByRole('link', { name: '志愿者' }).click();
  const error = page.getByTestId('error-view');
  await expect(error).toContainText('网络连接失败');
  await expect(page.locator('#panic-banner')).toBeHidden();
  failing = false;
  await error.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '点赞科技志愿' })).toBeVisible();
});

test('/ is sent precompressed: the bytes on the wire are the budget figure ±2 %', async ({ page }) => {
  const bodies = new Map();
  page.on('response', async (r) => {
    const name = new URL(r.url()).pathname.slice(1) || 'index.html';
    const headers = await r.allHeaders();
    bodies.set(name, { encoding: headers['content-encoding'], length: Number(headers['content-length'] || 0) });
  });
  const app = new AppPage(page);
  await app.goto('/');
  await expect(page.getByTestId('edition-status')).toBeVisible();
  let wire = 0;
  let budget = 0;
  for (const file of manifest.main) {
    const got = bodies.get(file);
    expect(got, `${file} loaded`).toBeTruthy();
    expect(got.encoding, `${file} sent as brotli`).toBe('br');
    wire += got.length;
    budget += fs.statSync(path.join(root, 'dist', `${file}.br`)).size;
  }
  expect(Math.abs(wire - budget) / budget).toBeLessThanOrEqual(0.02);
});

test('the home page does not jump while it loads (cumulative layout shift < 0.05)', async ({ page }) => {
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const app = new AppPage(page);
  await app.goto('/');
  await expect(page.getByTestId('edition-status')).toBeVisible();
  await expect(page.getByTestId('theme-chips').getByRole('link').first()).toBeVisible();
  expect(await page.evaluate(() => window.__cls)).toBeLessThan(0.05);
});
