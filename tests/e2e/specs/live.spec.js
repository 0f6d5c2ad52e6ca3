// 直播: tabs, days and theme in the URL; countdowns and statuses from the server clock (the
// device here is in New York, and in one test its clock is years off); a replay really plays;
// 预约提醒 downloads a correct .ics. The server's clock starts at 2021-09-13 10:00 (UTC+08:00).
import fs from 'node:fs';
import { test, expect } from '../fixtures.js';
import { LiveListPage, WatchPage } from '../pages/live.js';

test('tabs, days and theme live in the URL and survive reload and Back', async ({ page }) => {
  const live = new LiveListPage(page);
  await live.open();
  await live.expectCurrentTab('正在直播');
  await expect(live.cards.first()).toBeVisible();
  for (const badge of await live.cards.locator('.live-badge').allTextContents()) expect(badge).toBe('直播中');
  await expect(live.cards.first().getByTestId('viewers')).toHaveText(/人在看$/);
  await live.expectNoHorizontalScroll();
  await live.expectAccessible();

  await live.tab('即将开始').click();
  await expect(page).toHaveURL(/\/live\?status=upcoming$/);
  await live.expectCurrentTab('即将开始');
  await live.day('9月14日').click();
  await expect(page).toHaveURL(/status=upcoming&date=2021-09-14$/);
  await expect(live.cards.first()).toBeVisible();
  for (const when of await live.cards.locator('.live-card__meta').filter({ hasText: '周' }).allTextContents()) {
    expect(when).toContain('9月14日');
  }
  await live.theme.selectOption({ label: '航天科普' });
  await expect(page).toHaveURL(/status=upcoming&date=2021-09-14&theme=space$/);
  await expect(live.cards.first()).toBeVisible();
  for (const tag of await live.cards.locator('.tag--theme').allTextContents()) expect(tag).toBe('航天科普');
  const titles = await live.cards.locator('.live-card__title').allTextContents();

  await page.reload();
  await live.expectCurrentTab('即将开始');
  await expect(live.day('9月14日')).toHaveAttribute('aria-current', 'page');
  await expect(live.theme).toHaveValue('space');
  await expect.poll(() => live.cards.locator('.live-card__title').allTextContents()).toEqual(titles);
  await live.expectAccessible();

  await page.goBack();
  await expect(page).toHaveURL(/status=upcoming&date=2021-09-14$/);
  await expect(live.theme).toHaveValue('');

  await live.tab('精彩回放').click();
  await expect(page).toHaveURL(/status=replay&date=2021-09-14$/);
  await expect(page.getByTestId('no-streams')).toContainText('还没有回放');
});

test('countdowns tick from the server clock even when the device clock is wrong', async ({ page }) => {
  // The device believes it is 2030; the app must still count down to 10:30 on 2021-09-13.
  await page.clock.install({ time: new Date('2030-01-01T00:00:00Z') });
  await page.clock.resume();
  const live = new LiveListPage(page);
  await live.open('?status=upcoming&date=2021-09-13');
  const first = live.cards.first();
  await expect(first.getByTestId('countdown')).toHaveText(/^距开播 00:[0-2]\d:\d\d$/);
  await expect(first.locator('.live-card__meta').nth(1)).toContainText('9月13日 周一 10:30');
  const before = await first.getByTestId('countdown').textContent();
  await expect.poll(() => first.getByTestId('countdown').textContent(), { timeout: 5000 }).not.toBe(before);

  // Half an hour later (device time), the stream is live by itself, without a reload.
  const title = await first.locator('.live-card__title').textContent();
  await page.clock.fastForward('30:00');
  const card = live.cards.filter({ hasText: title });
  await expect(card.locator('.live-badge')).toHaveText('直播中');
});

test('a replay plays in the page', async ({ page }) => {
  const live = new LiveListPage(page);
  await live.open('?status=replay');
  const first = live.cards.first();
  const title = await first.locator('.live-card__title').textContent();
  await first.locator('.live-card__title a').click();
  const watch = new WatchPage(page);
  await expect(watch.title).toHaveText(title);
  await expect(page.locator('.watch-head .live-badge')).toHaveText('回放');
  await expect(watch.video).toHaveAttribute('src', /\.mp4$/);
  await watch.video.evaluate((v) => { v.muted = true; return v.play(); });
  await expect.poll(() => watch.video.evaluate((v) => v.currentTime), { timeout: 15000 }).toBeGreaterThan(0);
  await watch.expectNoHorizontalScroll();
  await watch.expectAccessible();
});

test('预约提醒 downloads an .ics with the start in UTC', async ({ page, context }) => {
  await context.grantPermissions(['notifications']);
  const live = new LiveListPage(page);
  await live.open('?status=upcoming&date=2021-09-13');
  const first = live.cards.first();
  const title = await first.locator('.live-card__title').textContent();
  const download = page.waitForEvent('download');
  await first.getByRole('button', { name: '预约提醒' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ls_\d+\.ics$/);
  const ics = fs.readFileSync(await file.path(), 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain('DTSTART:20210913T023000Z'); // 10:30 in UTC+08:00
  expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${title.replace(/([,;])/g, '\\$1')}`);
  expect(ics).toMatch(/\r\nUID:ls_\d+@kepuri\r\n/); // one domain part, not @kepuri@kepuri
  await expect(first.getByRole('button', { name: '已预约' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('status')).toContainText('开播时本页也会通知你');
  // The reminder is kept across a full page load (as after the login redirect).
  await page.reload();
  await expect(live.cards.filter({ hasText: title }).first().getByRole('button', { name: '已预约' }))
    .toHaveAttribute('aria-pressed', 'true');
});
