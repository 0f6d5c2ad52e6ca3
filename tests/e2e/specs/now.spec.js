// Time awareness by the server clock (issue 20): the suite's server clock starts at
// 2021-09-13 10:00 (UTC+08:00), day 3 of the edition, and this browser is in New York.
// /activities opens on what is on now, then next; ended ones sit behind 已结束 and lose what no
// longer makes sense; /live marks exactly one tab and one day; the day strips mark 今天.
import { test, expect } from '../fixtures.js';
import { SearchPage, AppPage, shot } from '../pages/app.js';
import { LiveListPage } from '../pages/live.js';

const RANK = { ongoing: 0, upcoming: 1 };

/** The data-status of the cards drawn, in order. */
async function statuses(search) {
  return search.results.locator('.activity-card').evaluateAll((cards) => cards.map((c) => c.dataset.status));
}

test('/activities opens on what is on now, then next; 已结束 shows the ended ones, marked', async ({ page, request }) => {
  const search = new SearchPage(page);
  await search.open();
  await expect(search.results.first()).toBeVisible();

  // The same first page the API gives for "now, then next without ended ones".
  const api = await (await request.get('/api/v1/activities?sort=now&time_status=ongoing,upcoming&limit=8')).json();
  expect(api.items[0].time_status).toBe('ongoing');
  await expect.poll(async () => (await search.titles()).slice(0, 8)).toEqual(api.items.map((a) => a.title));

  const drawn = await statuses(search);
  expect(drawn.length).toBeGreaterThan(5);
  expect(drawn[0]).toBe('ongoing');
  expect(drawn).not.toContain('ended');
  // Ongoing ones first, then upcoming: never back from upcoming to ongoing.
  const ranks = drawn.map((s) => RANK[s]);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  await expect(search.results.first().getByTestId('time-status')).toHaveText('进行中');
  await expect(search.results.getByTestId('time-status').filter({ hasText: '已结束' })).toHaveCount(0);
  await expect(search.filterButton('排序')).toContainText('进行中优先');
  await search.expectNoHorizontalScroll();
  await search.expectAccessible();
  await shot(page, 'now-activities', false);

  // 已结束: a toggle in the URL; only ended activities, each marked.
  const ended = page.getByTestId('show-ended');
  await expect(ended).toHaveAttribute('aria-pressed', 'false');
  await ended.click();
  await expect(page).toHaveURL(/\/activities\?time_status=ended$/);
  await expect(ended).toHaveAttribute('aria-pressed', 'true');
  await expect(search.results.first()).toBeVisible();
  await expect.poll(async () => new Set(await statuses(search))).toEqual(new Set(['ended']));
  await expect(search.results.first().getByTestId('time-status')).toHaveText('已结束');
  // An ended card no longer offers places.
  await expect(search.results.getByTestId('card-seats')).toHaveCount(0);
  await search.expectAccessible();

  // Back: what is on now and next again, without the toggle.
  await page.goBack();
  await expect(page).toHaveURL(/\/activities$/);
  await expect(ended).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await statuses(search))[0]).toBe('ongoing');
});

test('an ended online activity is marked 已结束 and offers neither 进入线上活动 nor 添加到日历', async ({ page, request }) => {
  const app = new AppPage(page);
  // An online activity with a link, ended by the server clock (found through the API so the test
  // does not depend on the seed's ids).
  const ended = await (await request.get('/api/v1/activities?format=online&time_status=ended&limit=20')).json();
  let target = null;
  for (const a of ended.items) {
    const detail = await (await request.get(`/api/v1/activities/${a.id}`)).json();
    if (detail.online_url) { target = detail; break; }
  }
  expect(target, 'an ended online activity with a link').not.toBeNull();
  expect(target.time_status).toBe('ended');

  // Reached from the list behind 已结束, as a visitor would.
  await app.goto(`/activities?q=${encodeURIComponent(target.title)}&time_status=ended`);
  const card = page.getByTestId('results').locator('.activity-card', { hasText: target.title }).first();
  await expect(card.getByTestId('time-status')).toHaveText('已结束');
  await card.click();
  await expect(page.getByTestId('activity-title')).toHaveText(target.title);
  await expect(page.locator('.activity-detail__tags').getByTestId('time-status')).toHaveText('已结束');
  await expect(page.getByTestId('activity-ended')).toContainText('活动已结束');
  await expect(page.getByRole('link', { name: '进入线上活动' })).toHaveCount(0);
  await expect(page.getByTestId('add-to-calendar')).toHaveCount(0);
  await expect(page.getByTestId('reservation-panel')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '分享' })).toBeVisible();
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await shot(page, 'now-detail-ended', false);

  // The same page for an online activity that is on now keeps its way in.
  const on = await (await request.get('/api/v1/activities?format=online&time_status=ongoing&sort=now&limit=20')).json();
  let live = null;
  for (const a of on.items) {
    const detail = await (await request.get(`/api/v1/activities/${a.id}`)).json();
    if (detail.online_url) { live = detail; break; }
  }
  expect(live, 'an ongoing online activity with a link').not.toBeNull();
  await app.goto(`/activities/${live.id}`);
  await expect(page.locator('.activity-detail__tags').getByTestId('time-status')).toHaveText('进行中');
  await expect(page.getByRole('link', { name: '进入线上活动' })).toBeVisible();
  await expect(page.getByTestId('add-to-calendar')).toBeVisible();
  await expect(page.getByTestId('activity-ended')).toHaveCount(0);
  await app.expectAccessible();
  await shot(page, 'now-detail-ongoing', false);
});

test('the day strips mark 今天 by the server clock and open on it, even with a wrong device clock', async ({ page }) => {
  // The device believes it is 2030; today is still 2021-09-13 (周一) by the server.
  await page.clock.install({ time: new Date('2030-01-01T00:00:00Z') });
  await page.clock.resume();
  const search = new SearchPage(page);
  await search.open();
  const strip = page.getByRole('list', { name: '按日期' });
  const today = strip.getByRole('button', { name: '9月13日 今天' });
  await expect(today).toBeVisible();
  await expect(strip.getByText('今天')).toHaveCount(1);
  await expect(today).toHaveAttribute('aria-pressed', 'false');
  await expect(today).toBeInViewport();
  await search.expectAccessible();

  const live = new LiveListPage(page);
  await live.open('?status=upcoming');
  const liveToday = live.days.getByRole('link', { name: '9月13日 今天' });
  await expect(liveToday).toBeVisible();
  await expect(live.days.getByText('今天')).toHaveCount(1);
  await expect(liveToday).toBeInViewport();
  await expect(liveToday).not.toHaveAttribute('aria-current', /.*/);
  await live.expectAccessible();

  // A chosen day at the end of the week opens in view too (the strip scrolls, not the page).
  await live.open('?status=upcoming&date=2021-09-17');
  await expect(live.day('9月17日')).toHaveAttribute('aria-current', 'page');
  await expect(live.day('9月17日')).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

/** Background colour of an element. */
const background = (locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);

async function expectOneSelected(live, tab, day) {
  const currentTabs = live.tabs.locator('[aria-current]');
  await expect(currentTabs).toHaveCount(1);
  await expect(currentTabs).toHaveAttribute('aria-current', 'page');
  await expect(currentTabs).toHaveText(tab);
  const currentDays = live.days.locator('[aria-current]');
  await expect(currentDays).toHaveCount(1);
  await expect(currentDays).toHaveText(new RegExp(`^${day}`));
  // And by style: the chosen one looks different from every other one.
  const tabs = live.tabs.getByRole('link');
  const chosenTab = await background(currentTabs);
  for (const other of await tabs.all()) {
    if ((await other.getAttribute('aria-current')) === null) expect(await background(other)).not.toBe(chosenTab);
  }
  const chosenDay = await background(currentDays);
  const days = live.days.getByRole('link');
  expect(await days.count()).toBe(8);
  for (const other of await days.all()) {
    if ((await other.getAttribute('aria-current')) === null) expect(await background(other)).not.toBe(chosenDay);
  }
}

test('/live shows exactly one chosen tab and one chosen day, by ARIA and by style; upcoming cards have no ▶', async ({ page, request }) => {
  const live = new LiveListPage(page);
  await live.open();
  await expect(live.cards.first()).toBeVisible();
  await expectOneSelected(live, '正在直播', '全部日期');
  // Live streams can play: ▶ on their covers.
  await expect(live.cards.first().locator('.live-card__play')).toHaveCount(1);
  await live.expectAccessible();
  await shot(page, 'now-live', false);

  await live.tab('即将开始').click();
  await expect(page).toHaveURL(/\/live\?status=upcoming$/);
  await live.day('9月14日').click();
  await expect(page).toHaveURL(/status=upcoming&date=2021-09-14$/);
  await expect(live.cards.first()).toBeVisible();
  await expectOneSelected(live, '即将开始', '9月14日');

  // Nothing upcoming can play: no ▶ on the card nor baked into its cover; the start instead.
  const n = await live.cards.count();
  expect(n).toBeGreaterThan(0);
  await expect(live.cards.locator('.live-card__play')).toHaveCount(0);
  await expect(live.cards.locator('.live-card__starts')).toHaveCount(n);
  await expect(live.cards.first().locator('.live-card__starts')).toHaveText(/^9月14日 \d\d:\d\d 开播$/);
  const cover = await live.cards.first().locator('.live-card__cover img').getAttribute('src');
  const svg = await (await request.get(cover)).text();
  expect(svg).toContain('<svg');
  expect(svg).not.toContain('L386 180'); // the old baked-in play triangle
  await live.expectNoHorizontalScroll();
  await live.expectAccessible();
  await shot(page, 'now-live-upcoming', false);

  // Today's upcoming streams say 今天.
  await live.day('9月13日').click();
  await expect(page).toHaveURL(/status=upcoming&date=2021-09-13$/);
  await expect(live.cards.first().locator('.live-card__starts')).toHaveText(/^今天 \d\d:\d\d 开播$/);
  await expectOneSelected(live, '即将开始', '9月13日');
});
