// 反馈评价 (issue 17) on a phone (390×844): a visitor picks stars and writes a comment on an
// activity that has started, taps 登录并评价, logs in and comes back with the rating sent once
// (待审核); a changed rating stays one rating; a banned word is refused next to the field with
// the typed text kept (also across a reload); a moderator's approval shows the comment publicly;
// an activity that has not started says when rating opens; 活动回顾's strip opens a full-screen
// viewer (arrows, swipe, Esc, focus kept inside and given back). axe on every state.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { test, expect } from '../fixtures.js';
import { AppPage, LoginPage, apiSession, shot } from '../pages/app.js';

const VISITOR = '13800138811';
const MODERATOR = '13800000005';

test.describe.configure({ mode: 'serial' });

/** An activity of the seed by its time status (by the server clock). */
async function activityWhere(request, status) {
  const res = await request.get(`/api/v1/activities?time_status=${status}&limit=5`);
  expect(res.ok()).toBeTruthy();
  const { items } = await res.json();
  expect(items.length).toBeGreaterThan(0);
  return items[0];
}

async function summary(request, id, token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const res = await request.get(`/api/v1/activities/${id}/feedback`, { headers });
  expect(res.ok()).toBeTruthy();
  return res.json();
}

const tokenOf = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('kepuri.session')).token);

test('a visitor rates after logging in, changes it (still one), is told why a comment is refused; a moderator approves it', async ({ page, request }) => {
  test.setTimeout(150_000);
  const activity = await activityWhere(request, 'ongoing');
  const before = await summary(request, activity.id);
  expect(before.open).toBe(true);
  const app = new AppPage(page);
  await app.goto(`/activities/${activity.id}`);
  const section = page.getByTestId('feedback');
  await expect(section.getByRole('heading', { name: '反馈评价' })).toBeVisible();
  await expect(section.getByTestId('feedback-distribution').getByRole('listitem')).toHaveCount(5);

  // ── Logged out: the choice is made here, and kept through the login.
  const stars = section.getByRole('group', { name: '给活动打分' });
  const four = stars.getByRole('radio', { name: '4 星' });
  const box = await section.locator('.fb-star').nth(3).boundingBox();
  expect(box.width).toBeGreaterThanOrEqual(44);
  expect(box.height).toBeGreaterThanOrEqual(44);
  await section.getByTestId('feedback-submit').click();
  await expect(section.locator('#fb-stars-error')).toHaveText('请选择 1 到 5 颗星');
  await four.check();
  const comment = section.getByLabel('评价内容（选填）');
  const text = `讲解很清楚，孩子很喜欢 ${Date.now() % 100000}`;
  await comment.fill(text);
  await expect(section.getByTestId('feedback-submit')).toHaveText('登录并评价');
  await shot(page, 'feedback-01-visitor');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();
  await section.getByTestId('feedback-submit').click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await new LoginPage(page).logIn(VISITOR);
  await expect(page).toHaveURL(new RegExp(`/activities/${activity.id}$`));
  await expect(page.getByRole('status').filter({ hasText: '已提交你登录前写的评价' })).toBeVisible();
  await expect(section.getByTestId('feedback-state')).toHaveText('评价内容待审核，审核通过后公开显示。');
  await expect(section.getByRole('group', { name: '我的评分' }).getByRole('radio', { name: '4 星' })).toBeChecked();
  await expect(comment).toHaveValue(text);
  const token = await tokenOf(page);
  const rated = await summary(request, activity.id, token);
  expect(rated.count).toBe(before.count + 1);
  expect(rated.distribution[3]).toBe(before.distribution[3] + 1);
  expect(rated.mine.stars).toBe(4);
  expect(rated.mine.comment).toBe(text);
  await expect(section.getByTestId('feedback-dist-4')).toHaveText(`${rated.distribution[3]} 人`);
  await shot(page, 'feedback-02-pending');
  await app.expectAccessible();

  // ── Changed to 5 stars: still one rating of this user.
  await section.getByRole('radio', { name: '5 星' }).check();
  await section.getByTestId('feedback-submit').click();
  await expect(page.getByRole('status').filter({ hasText: '评价已提交' })).toBeVisible();
  await expect.poll(async () => (await summary(request, activity.id, token)).mine.stars).toBe(5);
  const changed = await summary(request, activity.id, token);
  expect(changed.count).toBe(before.count + 1);
  expect(changed.distribution[3]).toBe(before.distribution[3]);
  expect(changed.distribution[4]).toBe(before.distribution[4] + 1);
  await expect(section.getByTestId('feedback-dist-5')).toHaveText(`${changed.distribution[4]} 人`);

  // ── A banned word: refused next to the field, the text kept, also across a reload.
  const banned = `${text}，包过`;
  await comment.fill(banned);
  await section.getByTestId('feedback-submit').click();
  await expect(section.getByTestId('feedback-comment-error')).toContainText('违规词语「包过」');
  await expect(comment).toHaveAttribute('aria-invalid', 'true');
  await expect(comment).toHaveValue(banned);
  await shot(page, 'feedback-03-refused');
  await app.expectAccessible();
  await page.reload();
  await expect(section.getByLabel('评价内容（选填）')).toHaveValue(banned);
  expect((await summary(request, activity.id, token)).mine.comment).toBe(text);
  await section.getByLabel('评价内容（选填）').fill(text);
  await section.getByTestId('feedback-submit').click();
  await expect(page.getByRole('status').filter({ hasText: '评价已提交' })).toBeVisible();

  // ── A moderator approves it: it shows in the public list, and the author is told.
  const moderator = { Authorization: `Bearer ${(await apiSession(request, MODERATOR)).token}` };
  let item;
  for (let cursor = null, first = true; !item && (first || cursor); first = false) {
    const res = await request.get(`/api/v1/moderation/feedback?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers: moderator });
    expect(res.ok()).toBeTruthy();
    const queue = await res.json();
    item = queue.items.find((f) => f.comment === text && f.activity_id === activity.id);
    cursor = queue.next_cursor;
  }
  expect(item).toBeTruthy();
  const decided = await request.post(`/api/v1/moderation/feedback/${item.id}/decision`, {
    data: { decision: 'approve' }, headers: { ...moderator, 'Idempotency-Key': `fb-approve-${item.id}` },
  });
  expect(decided.ok()).toBeTruthy();
  await page.reload();
  await expect(section.getByTestId('feedback-comments').getByText(text)).toBeVisible();
  await expect(section.getByTestId('feedback-state')).toHaveText('评价内容已公开显示。');
  await shot(page, 'feedback-04-approved');
  await app.expectNoHorizontalScroll();
  await app.expectAccessible();

  // ── Deleted: gone from the figures.
  await section.getByTestId('feedback-delete').click();
  await expect(page.getByRole('status').filter({ hasText: '已删除你的评价' })).toBeVisible();
  await expect.poll(async () => (await summary(request, activity.id, token)).mine).toBe(null);
  expect((await summary(request, activity.id, token)).count).toBe(before.count);
});

test('an activity that has not started says when rating opens, without the pack', async ({ page, request }) => {
  const activity = await activityWhere(request, 'upcoming');
  const app = new AppPage(page);
  await app.goto(`/activities/${activity.id}`);
  await expect(page.getByTestId('activity-title')).toBeVisible();
  await expect(page.getByTestId('feedback-opens')).toContainText('活动开始后即可反馈评价');
  await expect(page.getByTestId('feedback')).toHaveCount(0);
  await app.expectAccessible();
});

// ── 活动回顾: the suite's clock (09-13) is before any activity of the organiser's unit starts,
// so this test runs its own server (the same build) with the clock on 09-16, seeds results as
// the organiser through the API, and opens the public page there.
const RECAP_PORT = Number(process.env.E2E_PORT || 8312) + 100;
const RECAP_ACTIVITY = 'act_000072'; // unit_000001's, starting 2021-09-15 14:00
const ORGANISER = '13800000001';

/** A solid-colour PNG of w×h (a real image the browser draws and the server's byte check reads). */
function png(w, h, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3).map((_, i) => [r, g, b][i % 3])]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function upload(request, who, bytes) {
  const tus = { 'Tus-Resumable': '1.0.0' };
  const created = await request.post('/api/v1/uploads', { headers: { ...who, ...tus, 'Upload-Length': String(bytes.length) } });
  expect(created.status()).toBe(201);
  const location = created.headers().location;
  const patched = await request.patch(location, {
    headers: { ...who, ...tus, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    data: bytes,
  });
  expect(patched.status()).toBe(204);
  return location.split('/').pop();
}

test.describe('活动回顾', () => {
  let server;
  test.beforeAll(async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const bin = process.env.KEPURI_SERVER_BIN || path.join(root, 'target/server/kepuri-server');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepuri-recap-'));
    server = spawn(bin, ['--db', path.join(dir, 'e2e.db'), '--addr', `127.0.0.1:${RECAP_PORT}`,
      '--static', path.join(root, 'dist'), '--clock', '2021-09-16T10:00:00+08:00', '--dev-codes'], { stdio: 'ignore' });
    await expect.poll(async () => {
      try {
        return (await fetch(`http://127.0.0.1:${RECAP_PORT}/api/v1/health`)).ok;
      } catch {
        return false;
      }
    }, { timeout: 60_000 }).toBe(true);
  });
  test.afterAll(() => server?.kill());

  test('the strip opens full screen: arrows, swipe, Esc back to the photo; the links and figures', async ({ page, playwright }) => {
    test.setTimeout(120_000);
    const base = `http://127.0.0.1:${RECAP_PORT}`;
    const request = await playwright.request.newContext({ baseURL: base });
    const who = { Authorization: `Bearer ${(await apiSession(request, ORGANISER)).token}` };
    const photos = [];
    for (const colour of [[200, 60, 60], [60, 160, 80], [50, 90, 200]]) photos.push(await upload(request, who, png(160, 120, colour)));
    const current = await request.get(`/api/v1/organiser/activities/${RECAP_ACTIVITY}/results`, { headers: who });
    expect(current.ok()).toBeTruthy();
    const saved = await request.put(`/api/v1/organiser/activities/${RECAP_ACTIVITY}/results`, {
      headers: { ...who, 'If-Match': current.headers().etag },
      data: {
        photo_upload_ids: photos, video_upload_ids: [],
        links: [{ title: '北京日报：科普日活动走进丰台', url: 'https://news.example.cn/2021/09/15/fengtai.html' }],
        participants_offline: 186, views_online: null,
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);

    const app = new AppPage(page);
    await app.goto(`${base}/activities/${RECAP_ACTIVITY}`);
    const recap = page.getByTestId('recap');
    await expect(recap.getByRole('heading', { name: '活动回顾' })).toBeVisible();
    await expect(recap.getByText('186')).toBeVisible();
    await expect(recap.getByRole('link', { name: '北京日报：科普日活动走进丰台' })).toHaveAttribute('href', 'https://news.example.cn/2021/09/15/fengtai.html');
    const thumbs = recap.getByTestId('recap-strip').getByRole('button');
    await expect(thumbs).toHaveCount(3);
    await shot(page, 'feedback-05-recap');
    await app.expectNoHorizontalScroll();
    await app.expectAccessible();

    await thumbs.nth(1).click();
    const viewer = page.getByRole('dialog', { name: '活动照片大图' });
    await expect(viewer).toBeVisible();
    const img = viewer.getByTestId('recap-viewer-img');
    await expect(img).toHaveAttribute('alt', '活动现场照片，第 2 张，共 3 张');
    const box = await viewer.boundingBox();
    expect(box.width).toBe(390);
    expect(box.height).toBe(844);
    await shot(page, 'feedback-06-viewer', false);
    await app.expectAccessible();
    await page.keyboard.press('ArrowRight');
    await expect(img).toHaveAttribute('alt', '活动现场照片，第 3 张，共 3 张');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(img).toHaveAttribute('alt', '活动现场照片，第 1 张，共 3 张');
    // Focus stays in the viewer.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await viewer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    // A swipe to the left shows the next photo.
    const stage = viewer.locator('.recap-viewer__stage');
    const s = await stage.boundingBox();
    const y = s.y + s.height / 2;
    await stage.dispatchEvent('pointerdown', { clientX: s.x + 300, clientY: y, pointerType: 'touch', isPrimary: true });
    await stage.dispatchEvent('pointerup', { clientX: s.x + 100, clientY: y, pointerType: 'touch', isPrimary: true });
    await expect(img).toHaveAttribute('alt', '活动现场照片，第 2 张，共 3 张');
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();
    await expect(thumbs.nth(1)).toBeFocused();
    await request.dispose();
  });
});
