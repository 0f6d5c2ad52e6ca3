// Installable and offline (issue 19): the web app manifest and its icons, Chrome's own
// installability check, the service worker's precache and API copies when the network is gone,
// and a new build deployed under a running app (有新版本，点击刷新).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '../fixtures.js';
import { AppPage, SearchPage, ActivityDetailPage, LoginPage, logInAs, shot } from '../pages/app.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Waits until a service worker controls the page (the first visit's worker claims it). */
async function controlled(page) {
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
}

/** The width and height a PNG's IHDR declares (after checking the signature). */
function pngSize(bytes) {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.toString('latin1', 12, 16)).toBe('IHDR');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('the manifest and its icons make the app installable (Chrome\'s own check)', async ({ page, request, playwright, baseURL }) => {
  const app = new AppPage(page);
  await app.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/manifest+json');
  expect(res.headers()['cache-control']).toBe('no-cache');
  const manifest = await res.json();
  expect(manifest).toMatchObject({
    name: '云上科普日', short_name: '云上科普日', lang: 'zh-CN', start_url: '/', scope: '/', display: 'standalone',
  });
  // The colours are the design tokens', and the page's theme-color is the same.
  const tokens = fs.readFileSync(path.join(root, 'style/tokens.css'), 'utf8');
  expect(manifest.theme_color).toBe(tokens.match(/--brand:\s*(#[0-9a-f]+)/i)[1]);
  expect(manifest.background_color).toBe(tokens.match(/--bg:\s*(#[0-9a-f]+)/i)[1]);
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', manifest.theme_color);

  // Every PNG is a real PNG of the size it declares: 192 and 512, for `any` and `maskable`.
  const pngs = manifest.icons.filter((i) => i.type === 'image/png');
  expect(pngs.map((i) => `${i.purpose} ${i.sizes}`).sort())
    .toEqual(['any 192x192', 'any 512x512', 'maskable 192x192', 'maskable 512x512']);
  for (const icon of pngs) {
    const r = await request.get(icon.src);
    expect(r.headers()['content-type']).toBe('image/png');
    expect(pngSize(await r.body()), icon.src).toBe(icon.sizes);
  }
  const svg = manifest.icons.find((i) => i.type === 'image/svg+xml');
  expect((await (await request.get(svg.src)).text())).toContain('<svg');
  const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect(pngSize(await (await request.get(apple)).body())).toBe('180x180');

  // Chrome's installability criteria (manifest, icons, a service worker with a fetch handler).
  // Playwright's contexts are incognito, where Chrome installs nothing ('in-incognito'): the
  // check runs in a browser with a profile of its own.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-pwa-profile-'));
  const browser = await playwright.chromium.launchPersistentContext(profile, {
    ...test.info().project.use.launchOptions, viewport: { width: 390, height: 844 },
  });
  try {
    const tab = browser.pages()[0] || await browser.newPage();
    await tab.goto(`${baseURL}/`);
    await controlled(tab);
    const cdp = await browser.newCDPSession(tab);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('offline: the shell, the list and the activity seen come from the service worker', async ({ page, context }) => {
  const search = new SearchPage(page);
  await search.open();
  await controlled(page);
  // The first load's reads left before the worker took control: the reload's go through it.
  await search.open();
  await expect(search.results.first()).toBeVisible();
  const titles = await search.titles();
  expect(titles.length).toBeGreaterThan(3);
  await search.results.first().getByRole('link').first().click();
  const detail = new ActivityDetailPage(page);
  await expect(detail.title).toBeVisible();
  const title = await detail.title.textContent();
  const detailUrl = page.url();

  // Online, reads come from the network: never a stored copy.
  const online = await page.request.get(detailUrl.replace(/\/activities\//, '/api/v1/activities/'));
  expect(online.headers()['x-kepuri-cached-at']).toBeUndefined();

  await context.setOffline(true);
  const copy = page.waitForResponse((r) => /\/api\/v1\/activities\/[^/?]+$/.test(new URL(r.url()).pathname));
  await page.reload();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(detail.title).toHaveText(title);
  // The stored copy says when it was stored (interface 2: the app labels it).
  const cachedAt = (await copy).headers()['x-kepuri-cached-at'];
  expect(cachedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  expect(Math.abs(Date.now() - Date.parse(cachedAt))).toBeLessThan(120_000);

  // The app labels what the worker answered from its copy (interface 2), once, above the page.
  await expect(page.getByTestId('stale-label')).toContainText('离线数据 · 更新于');

  await search.open();
  await expect(page.getByTestId('stale-label')).toContainText('离线数据 · 更新于');
  // The 离线 banner and the label push the list down, so its second page (also a stored copy)
  // comes only when the visitor scrolls to it.
  await expect.poll(async () => {
    await page.mouse.wheel(0, 1500);
    return search.titles();
  }).toEqual(titles);

  // Back online: the network again, not the copy.
  await context.setOffline(false);
  const fresh = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/activities');
  await page.reload();
  expect((await fresh).headers()['x-kepuri-cached-at']).toBeUndefined();
});

test('offline: an activity saved (收藏) and 我的收藏 read from the worker after a reload', async ({ page, context }) => {
  test.setTimeout(60_000);
  // The worker first (as in the test above), then the login: every page after it is controlled.
  await new AppPage(page).goto('/');
  await controlled(page);
  const app = await logInAs(page, '13800138731', '/activities/act_000001');
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  const detail = new ActivityDetailPage(page);
  await expect(detail.title).toBeVisible();
  const title = (await detail.title.textContent()).trim();
  const save = page.getByTestId('save-button').first();
  await expect(save).toHaveAttribute('aria-pressed', /true|false/);
  if ((await save.getAttribute('aria-pressed')) !== 'true') await save.click(); // (a rerun's user has it)
  await expect(save).toHaveAttribute('aria-pressed', 'true');
  await app.goto('/me/saved');
  const saved = page.getByTestId('saved-list').getByRole('listitem');
  await expect(saved).toHaveCount(1);

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(saved).toHaveCount(1);
  await expect(saved.first().locator('.activity-card__title')).toHaveText(title);
  await expect(page.getByTestId('stale-label')).toContainText('离线数据 · 更新于');
  // The saved activity itself reads offline too, marked as saved.
  await saved.first().locator('a.activity-card').click();
  await expect(detail.title).toHaveText(title);
  await expect(page.getByTestId('save-button').first()).toHaveAttribute('aria-pressed', 'true');
  await app.expectAccessible();
  await context.setOffline(false);
});

test('logging in drops the API copies of the previous session', async ({ page }) => {
  const search = new SearchPage(page);
  await search.open();
  await controlled(page);
  await search.open();
  await expect(search.results.first()).toBeVisible();
  const kept = () => page.evaluate(async () => (await (await caches.open('kepuri-api')).keys())
    .map((r) => new URL(r.url).pathname));
  await expect.poll(kept).toContain('/api/v1/activities');

  const login = new LoginPage(page);
  await login.goto('/login?next=/me/reservations');
  await login.logIn('13800000002');
  await expect(page).toHaveURL(/\/me\/reservations/);
  await expect.poll(kept).not.toContain('/api/v1/activities');
});

test('a new build: 有新版本，点击刷新 once, and the tap reloads into it', async ({ page }) => {
  test.setTimeout(90_000);
  // A second reference server over a copy of this build's dist/, so the "deploy" (the build's
  // own PWA step run again over a changed index.html: a new build id, a new sw.js) touches
  // nothing the other specs use.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-pwa-'));
  const dist = path.join(dir, 'dist');
  fs.cpSync(path.join(root, 'dist'), dist, { recursive: true });
  const port = Number(process.env.E2E_PORT || 8181) + 1;
  const server = spawn(process.env.KEPURI_SERVER_BIN || path.join(root, 'target/server/kepuri-server'),
    ['--db', path.join(dir, 'pwa.db'), '--addr', `127.0.0.1:${port}`, '--static', dist,
      '--clock', '2021-09-13T10:00:00+08:00'], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await expect.poll(async () => (await fetch(`${base}/api/v1/health`).catch(() => null))?.status,
      { timeout: 30_000 }).toBe(200);
    const buildOf = () => page.locator('meta[name="kepuri-build"]').getAttribute('content');
    const app = new AppPage(page);
    await app.goto(`${base}/`);
    await controlled(page);
    const first = await buildOf();
    const button = page.locator('#update-button');
    await expect(button).toBeHidden();
    // No second status region beside the app's toasts while there is nothing to say.
    await expect(page.locator('#update-bar')).toBeHidden();

    // Deploy: a changed index.html, and the build's PWA step over the files.
    const index = path.join(dist, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('</body>', '<!-- second deploy -->\n</body>'));
    execFileSync('node', [path.join(root, 'scripts/pwa-build.mjs'), dist]);
    const second = fs.readFileSync(index, 'utf8').match(/name="kepuri-build" content="([0-9a-f]+)"/)[1];
    expect(second).not.toBe(first);

    // The next visit still runs the build it has (never its index.html with other files) and
    // finds the new one waiting.
    await app.goto(`${base}/`);
    expect(await buildOf()).toBe(first);
    await expect(button).toBeVisible({ timeout: 30_000 });
    await expect(button).toHaveText('有新版本，点击刷新');
    await expect(page.locator('#update-bar')).toHaveAttribute('role', 'status');
    const box = await button.boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await app.expectAccessible();
    await shot(page, 'pwa-update-prompt', false);

    // The tap: the new worker takes over and the page reloads once, into the new build.
    await Promise.all([page.waitForEvent('load'), button.click()]);
    await expect.poll(buildOf).toBe(second);
    await expect(page.locator('#boot')).toHaveCount(0);
    await expect(button).toBeHidden();
    const caches = await page.evaluate(() => caches.keys());
    expect(caches).toContain(`kepuri-static-${second}`);
    expect(caches).not.toContain(`kepuri-static-${first}`);
    // Once: the next visit has nothing waiting.
    await app.goto(`${base}/`);
    expect(await buildOf()).toBe(second);
    await page.waitForTimeout(1_000);
    await expect(button).toBeHidden();
  } finally {
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
