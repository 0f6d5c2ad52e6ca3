// 反馈评价, the staff's side (issue 17) at 390×844: a visitor's comment waits in the moderators'
// queue (/moderation/feedback) with its activity, stars and text; the moderator approves it there
// with a note and it shows on the public activity page; the organiser opens 评价 beside 活动回顾 in
// their activity list and sees the rating with its comment and moderation state. axe on each.
//
// The rated activity is the organiser's own, registered and published through the API, that
// started yesterday by the suite's clock (09-13): the list at /organiser shows registered ones.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '../fixtures.js';
import { apiSession, logInAs, shot } from '../pages/app.js';

const TITLE = '萤火虫的光从哪里来';
const VISITOR = '13800138833';
const MODERATOR = '13800000005';
const ORGANISER = '13800000001';
const BEIJING_REVIEWER = '13800000002';

test.describe.configure({ mode: 'serial' });

const auth = async (request, phone) => ({ Authorization: `Bearer ${(await apiSession(request, phone)).token}` });
const key = () => ({ 'Idempotency-Key': crypto.randomUUID() });

/** The organiser's activity on 9月12日, registered, submitted and approved; its id. */
async function startedActivity(request) {
  const organiser = await auth(request, ORGANISER);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-fbstaff-')), 'cover.png');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=0x166534:s=800x600', '-frames:v', '1', file]);
  const bytes = fs.readFileSync(file);
  const tus = { 'Tus-Resumable': '1.0.0' };
  const created = await request.post('/api/v1/uploads', { headers: { ...organiser, ...tus, 'Upload-Length': String(bytes.length) } });
  expect(created.status()).toBe(201);
  const location = created.headers().location;
  expect((await request.patch(location, {
    headers: { ...organiser, ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, data: bytes,
  })).status()).toBe(204);
  const draft = await request.post('/api/v1/organiser/activities', {
    headers: { ...organiser, ...key() },
    data: {
      unit_id: 'unit_000001', title: TITLE, summary: '夜观萤火虫，认识生物发光。', description: '昆虫学家带领观察并讲解荧光素酶。',
      event_kind: 'open-day', themes: ['space'], audience: '8岁以上青少年及家长', format: 'offline',
      venue_name: '北京植物园', venue_address: '北京市海淀区香山卧佛寺路', province_code: '110000', city_code: '110108',
      capacity: 60, starts_at: '2021-09-12T19:00:00+08:00', ends_at: '2021-09-12T21:00:00+08:00',
      cover_upload_id: location.split('/').pop(), marks_confirmed: true,
    },
  });
  expect(draft.status(), await draft.text()).toBe(201);
  const { id } = await draft.json();
  const submitted = await request.post(`/api/v1/organiser/activities/${id}/submit`, { headers: { ...organiser, ...key() } });
  expect(submitted.status(), await submitted.text()).toBe(200);
  const approved = await request.post(`/api/v1/review/activities/${id}/decision`, {
    headers: { ...(await auth(request, BEIJING_REVIEWER)), ...key() }, data: { decision: 'approve' },
  });
  expect(approved.status(), await approved.text()).toBe(200);
  return id;
}

test('a comment is approved in the moderators\' queue, shows publicly, and the organiser sees the rating', async ({ page, request }) => {
  test.setTimeout(150_000);
  const ACTIVITY = await startedActivity(request);
  const activity = { title: TITLE };
  // A comment with markup in it: shown as the text it is, never as HTML.
  const text = `<b>讲解很清楚</b>，孩子回家还在讲 ${Date.now() % 100000}`;
  const visitor = await auth(request, VISITOR);
  const rated = await request.put(`/api/v1/activities/${ACTIVITY}/feedback/mine`, { headers: visitor, data: { stars: 4, comment: text } });
  expect(rated.status(), await rated.text()).toBe(200);
  expect((await rated.json()).comment_status).toBe('pending');

  // ── The moderator: the queue is linked from the overview, the item shows what was rated.
  const app = await logInAs(page, MODERATOR, '/moderation');
  await expect(page.getByTestId('feedback-waiting')).toHaveText(/^[1-9]\d*$/);
  await page.getByRole('navigation', { name: '内容审核' }).getByRole('link', { name: '评价' }).click();
  await expect(page).toHaveURL(/\/moderation\/feedback$/);
  await expect(page.getByRole('heading', { name: '评价审核', level: 1 })).toBeVisible();
  const item = page.getByTestId('mod-feedback').filter({ hasText: text });
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('mod-feedback-activity')).toHaveText(activity.title);
  await expect(item.getByTestId('mod-feedback-stars')).toHaveText('4 星');
  await expect(item.getByTestId('mod-feedback-comment')).toHaveText(text);
  await expect(item.locator('b')).toHaveCount(0);
  // When it was written, in China time (the server's clock is 09-13 10:00 +08:00).
  await expect(item).toContainText(/9月13日\S* 1\d:\d\d/);
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
  const mod = await auth(request, MODERATOR);
  const queue = await (await request.get('/api/v1/moderation/feedback?limit=50', { headers: mod })).json();
  expect(queue.items.some((f) => f.comment === text)).toBe(false);

  // ── The public page shows the comment (as text).
  await app.goto(`/activities/${ACTIVITY}`);
  const comments = page.getByTestId('feedback').getByTestId('feedback-comments');
  await expect(comments.getByText(text)).toBeVisible();

  // ── The organiser: 评价 beside 活动回顾, every rating with its moderation state.
  await logInAs(page, ORGANISER, '/organiser');
  const row = page.getByTestId('org-activity').filter({ has: page.locator(`a[href="/organiser/activities/${ACTIVITY}/feedback"]`) });
  await expect(row.getByRole('link', { name: '活动回顾' })).toBeVisible();
  await row.getByRole('link', { name: '评价', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/organiser/activities/${ACTIVITY}/feedback$`));
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
});
