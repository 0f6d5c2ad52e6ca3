// Issue 20, the visitor's side: home answers "what can I do now?" (GET /now, by the server clock
// 2021-09-13 10:00), and 附近 — a city chosen once (from the list or the browser's position) that
// orders /activities by distance, survives a reload, follows the account, and names 本省.
import { test, expect } from '../fixtures.js';
import { AppPage, SearchPage, apiSession, logInAs, shot } from '../pages/app.js';

/** The city picker sheet and the button that opens it. */
class NearMe {
  constructor(page) {
    this.page = page;
    this.sheet = page.getByRole('dialog', { name: '选择城市' });
    this.city = page.getByTestId('near-city');
  }
  async pick(provinceCode, cityCode) {
    await expect(this.sheet).toBeVisible();
    await this.sheet.getByLabel('省份').selectOption(provinceCode);
    await this.sheet.getByLabel('城市').selectOption(cityCode);
    await this.sheet.getByRole('button', { name: '确定' }).click();
    await expect(this.sheet).toBeHidden();
  }
}

const app = (page) => new AppPage(page);

const distancesOf = async (page) => (await page.getByTestId('card-distance').allTextContents())
  .map((t) => Number(t.match(/([\d.]+)\s*公里/)[1]));

test('home lists what is live now with its viewer counts, and what starts soon, from GET /now', async ({ page, request }) => {
  const now = await (await request.get('/api/v1/now')).json();
  expect(now.live.length, 'the seed has streams live at 10:00').toBeGreaterThan(0);
  const app = new AppPage(page);
  await app.goto('/');
  const live = page.getByTestId('now-live');
  await expect(live.getByTestId('now-stream')).toHaveCount(now.live.length);
  await expect(live.getByTestId('now-title')).toHaveText(now.live.map((s) => s.title));
  // Each live stream says how many are watching.
  for (const tile of await live.getByTestId('now-stream').all()) {
    await expect(tile.getByTestId('viewers')).toHaveText(/人在看/);
  }
  const soon = page.getByTestId('now-soon');
  await expect(soon.getByTestId('now-title')).toHaveCount(now.starting_soon.length + now.streams_soon.length);
  if (now.challenge) {
    await expect(page.getByTestId('now-challenge')).toContainText(now.challenge.title);
  }
  // Without a city, the near strip asks for one.
  await expect(page.getByTestId('now-near')).toContainText('选择你所在的城市');
  await expect(live.getByRole('link', { name: /查看全部直播/ })).toHaveAttribute('href', '/live');
  // Tiles are big enough to tap, and only the strips scroll sideways, never the page.
  const box = await live.getByTestId('now-stream').first().boundingBox();
  expect(box.height).toBeGreaterThanOrEqual(44);
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await shot(page, 'home-now');
  await page.setViewportSize({ width: 360, height: 740 });
  await app.expectNoHorizontalScroll();
});

test('picking a city orders /activities by distance from it, and the choice survives a reload', async ({ page, request }) => {
  const search = new SearchPage(page);
  const near = new NearMe(page);
  await search.open();
  // 距离 with no city yet: the picker asks for one first.
  await search.filterButton('排序').click();
  await page.getByRole('dialog', { name: '排序' }).getByRole('button', { name: '距离最近' }).click();
  await expect(near.sheet).toBeVisible();
  await near.sheet.getByLabel('省份').selectOption('310000');
  await app(page).expectAccessible();
  await shot(page, 'city-picker', false);
  await near.pick('310000', '310104');
  await expect(page).toHaveURL(/sort=distance&near=310104/);
  await expect(page.getByTestId('distance-from')).toContainText('上海市 · 徐汇区');

  const api = await (await request.get('/api/v1/activities?sort=distance&near=310104&limit=20')).json();
  expect(api.items[0].region.province_code, 'the nearest activity is in Shanghai').toBe('310000');
  await expect(search.results.first()).toContainText(api.items[0].title);
  const distances = await distancesOf(page);
  expect(distances.length).toBeGreaterThan(1);
  expect(distances).toEqual([...distances].sort((a, b) => a - b));
  expect(distances[0]).toBeLessThan(50);
  await search.expectAccessible();

  // Remembered on the device: a reload (and a new visit without the URL) keeps it.
  await page.reload();
  await expect(page.getByTestId('distance-from')).toContainText('上海市 · 徐汇区');
  expect(await distancesOf(page)).toEqual(distances);
  await search.goto('/activities?sort=distance');
  await expect(page.getByTestId('distance-from')).toContainText('上海市 · 徐汇区');

  // Home's near strip follows the city: today's activities near it, nearest first.
  const now = await (await request.get('/api/v1/now?city=310104')).json();
  await search.goto('/');
  await expect(near.city).toContainText('上海市 · 徐汇区');
  const nearStrip = page.getByTestId('now-near');
  await expect(nearStrip.getByTestId('now-activity')).toHaveCount(now.today_near.length);
  if (now.today_near.length) {
    await expect(nearStrip.getByTestId('now-title').first()).toHaveText(now.today_near[0].title);
    await expect(nearStrip.getByTestId('now-distance').first()).toContainText('公里');
  }
  await search.expectAccessible();
});

test('本省 on the volunteer leaderboard is the chosen city\'s province, and says which', async ({ page }) => {
  const near = new NearMe(page);
  await app(page).goto('/volunteers/leaderboard');
  const own = page.getByTestId('own-province');
  await expect(own).toHaveText('本省（选择城市）');
  await own.click();
  await near.pick('440000', '440100');
  await expect(page).toHaveURL(/province=440000/);
  await expect(own).toHaveText('本省（广东）');
  await expect(own).toHaveAttribute('aria-current', 'true');
  await app(page).expectAccessible();
  // Elsewhere the same choice holds.
  await app(page).goto('/');
  await expect(near.city).toContainText('广东省 · 广州市');
});

test('使用我的位置 maps the browser\'s position to the nearest city', async ({ page, context, request }) => {
  const [lat, lng] = [31.2, 121.45];
  await context.grantPermissions(['geolocation']);
  await context.setGeolocation({ latitude: lat, longitude: lng });
  const located = await (await request.get(`/api/v1/regions/locate?lat=${lat}&lng=${lng}`)).json();
  await app(page).goto('/');
  await page.getByTestId('choose-city').click();
  await page.getByTestId('use-location').click();
  await expect(page.getByRole('dialog', { name: '选择城市' })).toBeHidden();
  await expect(page.getByTestId('near-city')).toContainText(`${located.province_name} · ${located.city_name}`);
  await expect(page.getByTestId('now-near')).not.toContainText('选择你所在的城市');
  await app(page).expectAccessible();
  await shot(page, 'home-near');
});

test('a refused position says so next to the button, and the list still works', async ({ page, context }) => {
  await context.clearPermissions();
  await page.addInitScript(() => {
    // As a browser whose visitor said no.
    navigator.geolocation.getCurrentPosition = (_ok, fail) => fail({ code: 1, message: 'denied' });
  });
  const near = new NearMe(page);
  await app(page).goto('/');
  await page.getByTestId('choose-city').click();
  await page.getByTestId('use-location').click();
  await expect(page.getByTestId('geo-status')).toHaveText('没有获得位置权限，请在下方选择城市');
  await app(page).expectAccessible();
  await near.pick('110000', '110108');
  await expect(near.city).toContainText('北京市 · 海淀区');
});

test('the account keeps the city: a new device takes it on login, a choice goes to the account', async ({ page, request }) => {
  const phone = '13900000020';
  const { token } = await apiSession(request, phone);
  const auth = { Authorization: `Bearer ${token}` };
  expect((await request.patch('/api/v1/me', { headers: auth, data: { city_code: '440100' } })).ok()).toBeTruthy();
  // A device with no city: the account's wins.
  await logInAs(page, phone, '/', { clearStorage: true });
  await expect(page.getByTestId('near-city')).toContainText('广东省 · 广州市');
  // A new choice on the device goes to the account.
  await page.getByRole('button', { name: '更换' }).click();
  await new NearMe(page).pick('310000', '310104');
  await expect.poll(async () => (await (await request.get('/api/v1/me', { headers: auth })).json()).city?.city_code)
    .toBe('310104');
});
