// 反馈评价, the staff's side (issue 17) at 390×844: a visitor's comment waits in the moderators'
// queue (/moderation/feedback) with its activity, stars and text; the moderator approves it there
// with a note and it shows on the public activity page; the organiser opens 评价 beside 活动回顾 in
// their activity list and sees the rating with its comment and moderation state. axe on each.
//
// The suite's clock (09-13) is before any of the organiser's activities starts (no rating is
// possible yet), so this spec runs its own server (the same build) with the clock on 09-16.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, apiSession, shot } from '../pages/app.js';

const PORT = Number(process.env.E2E_PORT || 8317) + 100;
const BASE = `http://127.0.0.1:${PORT}`;
const ACTIVITY = 'act_000072'; // unit_000001's, starting 2021-09-15 14:00
const VISITOR = '13800138833';
const MODERATOR = '13800000005';
const ORGANISER = '13800000001';

test.describe.configure({ mode: 'serial' });

let server;
test.beforeAll(async () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  const bin = process.env.KEPURI_SERVER_BIN || path.join(root, 'target/server/kepuri-server');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-fbstaff-'));
  server = spawn(bin, ['--db', path.join(dir, 'e2e.db'), '--addr', `127.0.0.1:${PORT}`,
    '--static', path.join(root, 'dist'), '--clock', '2021-09-16T10:00:00+08:00', '--dev-codes',
    '--auth-per-ip-per-minute', '100000', '--auth-global-per-minute', '100000',
    '--sms-per-phone-per-day', '100000'], { stdio: 'ignore' });
  await expect.poll(async () => {
    try {
      return (await fetch(`${BASE}/api/v1/health`)).ok;
    } catch {
      return false;
    }
  }, { timeout: 60_000 }).toBe(true);
});
test.afterAll(() => server?.kill());

/** Logs `phone` in through the login page of the 09-16 server and lands on `next`. */
async function logIn(page, phone, next) {
  const app = new AppPage(page);
  await app.goto(`${BASE}/`);
  await page.evaluate(() => localStorage.removeItem('kepuri.session'));
  await app.goto(`${BASE}/login?next=${encodeURIComponent(next)}`);
  await new LoginPage(page).logIn(phone);
  await expect(page).toHaveURL(`${BASE}${next}`);
  return app;
}

test('a comment is approved in the moderators\' queue, shows publicly, and the organiser sees the rating', async ({ page, playwright }) => {
  test.setTimeout(150_000);
  const request = await playwright.request.newContext({ baseURL: BASE });
  const activity = await (await request.get(`/api/v1/activities/${ACTIVITY}`)).json();
  // A comment with markup in it: shown as the text it is, never as HTML.
  const text = `<b>讲解很清楚</b>，孩子回家还在讲 ${Date.now() % 100000}`;
  const visitor = { Authorization: `Bearer ${(await apiSession(request, VISITOR)).token}` };
  const rated = await request.put(`/api/v1/activities/${ACTIVITY}/feedback/mine`, { headers: visitor, data: { stars: 4, comment: text } });
  expect(rated.status(), await rated.text()).toBe(200);
  expect((await rated.json()).comment_status).toBe('pending');

  // ── The moderator: the queue is linked from the overview, the item shows what was rated.
  const app = await logIn(page, MODERATOR, '/moderation');
  await expect(page.getByTestId('feedback-waiting')).toHaveText(/^[1-9]\d*$/);
  await page.getByRole('navigation', { name: '内容审核' }).getByRole('link', { name: '评价' }).click();
  await expect(page).toHaveURL(`${BASE}/moderation/feedback`);
  await expect(page.getByRole('heading', { name: '评价审核', level: 1 })).toBeVisible();
  const item = page.getByTestId('mod-feedback').filter({ hasText: text });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('mod-feedback-activity')).toHaveText(activity.title);
  await expect(item.getByTestId('mod-feedback-stars')).toHaveText('4 星');
  await expect(item.getByTestId('mod-feedback-comment')).toHaveText(text);
  await expect(item.locator('b')).toHaveCount(0);
  // When it was written, in China time (the server's clock is 09-16 10:00 +08:00).
  await expect(item).toContainText(/9月16日\S* 1\d:\d\d/);
  await shot(page, 'feedback-staff-01-queue');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  const waiting = Number(await page.getByTestId('queue-count').textContent().then((t) => t.match(/\d+/)[0]));
  await item.getByLabel('审核说明（选填，记入审核记录）').fill('内容真实');
  await item.getByTestId('approve').click();
  await expect(page.getByRole('status').filter({ hasText: '已通过' })).toBeVisible();
  await expect(item).toHaveCount(0);
  await expect(page.getByTestId('queue-count')).toContainText(`待审 ${waiting - 1} 条`);
  // The server has it approved, with the note in the moderation log.
  const mod = { Authorization: `Bearer ${(await apiSession(request, MODERATOR)).token}` };
  const queue = await (await request.get('/api/v1/moderation/feedback?limit=50', { headers: mod })).json();
  expect(queue.items.some((f) => f.comment === text)).toBe(false);

  // ── The public page shows the comment (as text).
  await app.goto(`${BASE}/activities/${ACTIVITY}`);
  const comments = page.getByTestId('feedback').getByTestId('feedback-comments');
  await expect(comments.getByText(text)).toBeVisible();

  // ── The organiser: 评价 beside 活动回顾, every rating with its moderation state.
  await logIn(page, ORGANISER, '/organiser');
  const row = page.getByTestId('org-activity').filter({ has: page.locator(`a[href="/organiser/activities/${ACTIVITY}/feedback"]`) });
  await expect(row.getByRole('link', { name: '活动回顾' })).toBeVisible();
  await row.getByRole('link', { name: '评价', exact: true }).click();
  await expect(page).toHaveURL(`${BASE}/organiser/activities/${ACTIVITY}/feedback`);
  await expect(page.getByRole('heading', { name: '活动评价', level: 1 })).toBeVisible();
  await expect(page.getByTestId('org-feedback-activity')).toHaveText(activity.title);
  const summary = await (await request.get(`/api/v1/activities/${ACTIVITY}/feedback`)).json();
  await expect(page.getByTestId('feedback-dist-4')).toHaveText(`${summary.distribution[3]} 人`);
  await expect(page.getByTestId('feedback-count')).toContainText(String(summary.count));
  const mine = page.getByTestId('org-feedback-item').filter({ hasText: text });
  await expect(mine.getByTestId('org-feedback-stars')).toHaveText('4 星');
  await expect(mine.getByTestId('org-feedback-status')).toHaveText('已公开');
  await expect(mine.getByTestId('org-feedback-comment')).toHaveText(text);
  await expect(page.getByRole('heading', { name: `全部评价（${summary.count}）` })).toBeVisible();
  await shot(page, 'feedback-staff-02-organiser');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await request.dispose();
});
