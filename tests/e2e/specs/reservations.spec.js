// 预约报名 (issue 18) on a phone: a visitor sees the places and is sent to log in and back; one
// user reserves every place left and sees the check-in code on the page and on /me; a second
// user finds it full and joins the waitlist; the first cancels (with confirmation) and the second
// is promoted, with a code, on /me; the organiser checks that code in, and a second check-in of
// the same code (and a made-up one) is refused in place. axe on every new page and state.
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, logInAs, shot } from '../pages/app.js';

// The seed's small offline activity of unit_000001 (whose organiser is 13800000001), open for
// reservations at the suite's clock (2021-09-13 10:00).
const ACTIVITY = 'act_000072';
const FIRST = '13800138501';
const SECOND = '13800138502';
const ORGANISER = '13800000001';

test.describe.configure({ mode: 'serial' });

test('reserve, see the code, cancel, promote from the waitlist, check in once', async ({ page }) => {
  test.setTimeout(180_000);
  const path = `/activities/${ACTIVITY}`;
  const panel = page.getByTestId('reservation-panel');
  const seats = panel.getByTestId('seats');

  // ── A visitor sees the places and the party-size choice with 登录并预约.
  const app = new AppPage(page);
  await app.goto(path);
  await expect(seats).toContainText('剩余');
  const remaining = Number((await seats.locator('.resv-status__main').textContent()).match(/\d+/)[0]);
  expect(remaining).toBeGreaterThan(0);
  expect(remaining).toBeLessThanOrEqual(3);
  // (The way to log in is a party-size choice and 登录并预约: flow.spec.js follows it through.)
  await expect(panel.getByTestId('reserve')).toHaveText('登录并预约');
  await app.expectAccessible();

  // ── The first user takes every place left.
  await logInAs(page, FIRST, path);
  await expect(panel.getByTestId('reserve')).toHaveText('预约');
  await panel.getByRole('radio', { name: `${remaining} 人` }).check();
  await expect(panel.getByTestId('reserve')).toHaveText('预约');
  await shot(page, '01-panel-form');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await panel.getByTestId('reserve').click();
  const mine = panel.getByTestId('my-reservation');
  await expect(mine).toContainText('预约成功');
  const firstCode = (await mine.getByTestId('code-value').textContent()).trim();
  expect(firstCode).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  await expect(mine.getByTestId('code-qr')).toBeVisible();
  await expect(seats).toContainText('已约满');
  await shot(page, '02-panel-reserved');
  await app.expectAccessible();

  // ── On /me: the code under 即将参加, with 添加到日历 and 取消预约.
  await mine.getByRole('link', { name: '我的预约' }).click();
  await expect(page).toHaveURL(/\/me#my-reservations$/);
  const upcoming = page.getByTestId('reservations-upcoming').getByTestId('reservation');
  await expect(upcoming).toHaveCount(1);
  await expect(upcoming.getByTestId('code-value')).toHaveText(firstCode);
  await expect(upcoming).toContainText(`${remaining} 人`);
  const download = page.waitForEvent('download');
  await upcoming.getByTestId('reservation-calendar').click();
  expect((await download).suggestedFilename()).toBe(`${ACTIVITY}.ics`);
  await page.getByTestId('my-reservations').scrollIntoViewIfNeeded();
  await shot(page, '03-me-reserved');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // ── The second user finds it full and joins the waitlist.
  await logInAs(page, SECOND, path);
  await expect(seats).toContainText('已约满');
  await expect(panel.getByTestId('reserve')).toHaveText('加入候补');
  await expect(panel.getByTestId('waitlist-hint')).toBeVisible();
  await panel.getByTestId('reserve').click();
  await expect(panel.getByTestId('my-reservation')).toContainText('已加入候补 · 第 1 位');
  await expect(seats).toContainText('候补 1 人');
  await shot(page, '04-panel-waitlisted');
  await app.expectAccessible();

  // ── The first user cancels (after confirming) on /me.
  await logInAs(page, FIRST, '/me');
  await page.getByTestId('reservations-upcoming').getByTestId('cancel-reservation').click();
  const sheet = page.getByRole('dialog', { name: '取消预约' });
  await expect(sheet).toContainText('取消后名额将让给候补的人');
  await app.expectAccessible();
  await sheet.getByTestId('confirm-cancel-reservation').click();
  await expect(sheet).toBeHidden();
  await expect(page.getByTestId('reservations-upcoming').getByTestId('reservation')).toHaveCount(0);
  await expect(page.getByTestId('reservations-past').getByTestId('reservation').first()).toContainText('已取消');

  // ── The second user was promoted: a code on /me.
  await logInAs(page, SECOND, '/me');
  const promoted = page.getByTestId('reservations-upcoming').getByTestId('reservation');
  await expect(promoted).toHaveCount(1);
  await expect(promoted.getByTestId('promoted')).toHaveText('候补成功，已为你保留名额');
  const secondCode = (await promoted.getByTestId('code-value').textContent()).trim();
  expect(secondCode).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  await page.getByTestId('my-reservations').scrollIntoViewIfNeeded();
  await shot(page, '05-me-promoted');
  await app.expectAccessible();

  // ── The organiser checks the code in (typed in lower case), once.
  await logInAs(page, ORGANISER, `/organiser/activities/${ACTIVITY}/check-in`);
  await expect(page.getByRole('heading', { level: 1, name: '现场签到' })).toBeVisible();
  const arrived = Number(await page.getByTestId('arrived').textContent());
  const code = page.getByLabel('签到码');
  await code.fill(secondCode.toLowerCase());
  await expect(code).toHaveValue(secondCode);
  await shot(page, '06-check-in-empty');
  await app.expectAccessible();
  await page.getByTestId('check-in-submit').click();
  const outcome = page.getByTestId('check-in-outcome');
  await expect(outcome).toContainText('签到成功 · 1 人');
  await expect(page.getByTestId('arrived')).toHaveText(String(arrived + 1));
  await expect(code).toHaveValue('');
  await shot(page, '07-check-in-ok');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await code.fill(secondCode);
  await page.getByTestId('check-in-submit').click();
  await expect(outcome).toContainText('该签到码已使用');
  await expect(page.getByTestId('arrived')).toHaveText(String(arrived + 1));
  await shot(page, '08-check-in-used');
  await app.expectAccessible();
  // The first user's code went with the cancellation.
  await code.fill(firstCode);
  await page.getByTestId('check-in-submit').click();
  await expect(outcome).toContainText('签到码无效');
  await app.expectAccessible();
});

test('before its opening an activity counts down on the server clock; search cards show the places', async ({ page }) => {
  // The seed's second activity of unit_000001 opens for reservations on 2021-09-14 09:00, the
  // day after the suite's clock (2021-09-13 10:00): 23 hours to go whatever the device's clock.
  const app = new AppPage(page);
  await app.goto('/activities/act_000164');
  const panel = page.getByTestId('reservation-panel');
  await expect(panel.getByTestId('seats')).toContainText('未开放');
  await expect(panel.getByTestId('seats')).toContainText('9月14日 09:00 开放预约');
  await expect(panel.getByTestId('opens-countdown')).toContainText(/距开放还有 (22|23)时\d\d分\d\d秒/);
  await shot(page, '09-panel-not-open');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // Search results carry the places: no request per card.
  const availability = [];
  page.on('request', (r) => /\/availability$/.test(new URL(r.url()).pathname) && availability.push(r.url()));
  await app.goto('/activities?q=%E4%B8%B0%E5%8F%B0%E5%8C%BA');
  const seats = page.getByTestId('card-seats');
  await expect(seats.first()).toBeVisible();
  await expect(seats.filter({ hasText: /剩余 \d+ 个名额|已约满 · 可候补|预约未开放|预约已截止/ }).first()).toBeVisible();
  await shot(page, '10-cards');
  expect(availability).toEqual([]);
});
